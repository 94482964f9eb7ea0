import { newId } from '../ids';
import * as Y from 'yjs';
import { firstProblem } from '../schema/readCommon';
import { readRetrospective, readScore, type WorkspaceSnapshot } from '../schema/read';
import { OBJECTIVE_NEXT, type ObjectiveNext, type Question, type Retrospective, type Score } from '../schema/types';
import { sortOrdered } from '../order';
import { toWellFormed } from '../text';
import { CommandError, transact, type CommandContext } from './context';
import { buildEntity, requireEntity } from './entities';
import { initWorkspace } from './workspace';
import { keyResultCopy, objectiveCopy, questionCopy } from './copies';
import { rootMap } from '../schema/roots';

/** Scores a KR, 0.0–1.0, with a note. A rescore adds a record; the latest counts. */
export function scoreKeyResult(ctx: CommandContext, keyResultId: string, input: { score: number; note?: string; suggested: number | null }): string {
  requireEntity(rootMap(ctx.doc, 'keyResults'), keyResultId, 'key result');
  if (!Number.isFinite(input.score) || input.score < 0 || input.score > 1) throw new CommandError('A score is a number from 0.0 to 1.0.', 'score');
  const note = toWellFormed((input.note ?? '').trim());
  if (note.length > 2_000) throw new CommandError('The note is too long (at most 2,000 characters).', 'note');
  const record: Score = { id: newId(), keyResultId, score: Math.round(input.score * 100) / 100, suggested: input.suggested, note, author: ctx.actor, at: ctx.now() };
  const checked = readScore(record.id, record);
  const problem = firstProblem(checked);
  if (problem) throw new CommandError(`This score cannot be stored: ${problem.message}.`);
  transact(ctx, () => rootMap(ctx.doc, 'scores').set(record.id, record));
  return record.id;
}

/** Records what the team learned from an objective and what becomes of it. The latest counts. */
export function recordRetrospective(ctx: CommandContext, objectiveId: string, input: { learned: string; next: ObjectiveNext; reason?: string }): string {
  requireEntity(rootMap(ctx.doc, 'objectives'), objectiveId, 'objective');
  if (!OBJECTIVE_NEXT.includes(input.next)) throw new CommandError(`Unknown choice "${String(input.next)}".`);
  const learned = toWellFormed(input.learned.trim());
  const reason = toWellFormed((input.reason ?? '').trim());
  if (!learned) throw new CommandError('Write what the team learned, in a line or two.', 'learned');
  if (input.next === 'de-scope' && !reason) throw new CommandError('Say why it is de-scoped: the next cycle will read it.', 'reason');
  const record: Retrospective = { id: newId(), objectiveId, learned, next: input.next, reason, author: ctx.actor, at: ctx.now() };
  const checked = readRetrospective(record.id, record);
  const problem = firstProblem(checked);
  if (problem) throw new CommandError(`This retrospective cannot be stored: ${problem.message}.`);
  transact(ctx, () => rootMap(ctx.doc, 'retrospectives').set(record.id, record));
  return record.id;
}

export interface NextCycle {
  id: string;
  title: string;
  cycleStart: string;
  cycleEnd: string;
  /** The objectives to carry forward; each brings the KRs listed in keyResultIds that belong to it. */
  objectiveIds: readonly string[];
  keyResultIds: readonly string[];
}

/**
 * Starts the next cycle in a new, empty document: the chosen objectives and
 * KRs (titles, descriptions, why, owners, measures, risks, a learning KR's
 * questions) are carried forward with new ids and a `carriedFrom` reference,
 * with the unfinished initiatives that support them, and without their
 * check-ins, scores or decisions.
 */
export function startNextCycle(ctx: CommandContext, source: WorkspaceSnapshot, next: NextCycle): void {
  if (source.meta.id === '') throw new CommandError('This workspace cannot be read, so nothing can be carried forward.');
  if (rootMap(ctx.doc, 'checkIns').size > 0 || rootMap(ctx.doc, 'objectives').size > 0) throw new CommandError('The next cycle must start in a new workspace.');
  const from = source.meta.id;
  const wanted = new Set(next.keyResultIds);
  const objectives = sortOrdered([...source.objectives.values()].filter((o) => next.objectiveIds.includes(o.id) && o.deletedAt === null));
  if (objectives.length === 0) throw new CommandError('Choose at least one objective to carry forward.');
  initWorkspace(ctx, { id: next.id, title: next.title, kind: source.meta.kind === 'journal' ? 'journal' : 'team', cycleStart: next.cycleStart, cycleEnd: next.cycleEnd });
  const base = (order: string, owner: string, carriedFrom: string) => ({
    owner,
    order,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    carriedFrom,
    deletedAt: null,
    deletedBy: null,
  });
  /** Old KR id → its id in the next cycle, to relink the plan. */
  const carried = new Map<string, string>();
  /** A carried copy keeps its place (order key) and points back to what it continues. */
  const carriedIdentity = (e: { id: string; order: string }) => ({ id: newId(), order: e.order, createdAt: ctx.now(), createdBy: ctx.actor, carriedFrom: `${from}/${e.id}` });
  transact(ctx, () => {
    for (const o of objectives) {
      const objective = carriedIdentity(o);
      rootMap(ctx.doc, 'objectives').set(objective.id, objectiveCopy(o, objective));
      const krs = sortOrdered([...source.keyResults.values()].filter((k) => k.objectiveId === o.id && k.deletedAt === null && wanted.has(k.id)));
      for (const kr of krs) {
        const krIdentity = carriedIdentity(kr);
        carried.set(kr.id, krIdentity.id);
        rootMap(ctx.doc, 'keyResults').set(krIdentity.id, keyResultCopy(kr, objective.id, krIdentity));
        const questions: Question[] = [...source.questions.values()].filter((q) => q.keyResultId === kr.id && q.deletedAt === null);
        for (const q of questions) {
          const questionId = newId();
          rootMap(ctx.doc, 'questions').set(questionId, questionCopy(q, krIdentity.id, { id: questionId, order: q.order, createdAt: ctx.now(), createdBy: ctx.actor }));
        }
      }
    }
    // The plan comes along: unfinished work that supports a carried KR, linked to its new id.
    for (const initiative of sortOrdered([...source.initiatives.values()])) {
      const links = initiative.keyResultIds.map((id) => carried.get(id)).filter((id): id is string => id !== undefined);
      if (initiative.deletedAt !== null || initiative.status === 'done' || initiative.status === 'dropped' || links.length === 0) continue;
      const linkMap = new Y.Map<boolean>();
      for (const id of links) linkMap.set(id, true);
      const initiativeId = newId();
      const entity = buildEntity(
        { id: initiativeId, kind: initiative.kind, status: initiative.status, focusWeek: null, keyResultIds: linkMap, ...base(initiative.order, initiative.owner, `${from}/${initiative.id}`) },
        { title: initiative.title, description: initiative.description },
      );
      rootMap(ctx.doc, 'initiatives').set(initiativeId, entity);
    }
  });
}
