import type * as Y from 'yjs';
import { groupBy } from '../collections';
import { newId } from '../ids';
import { orderBetween, sortOrdered } from '../order';
import { IMPORT_ORIGIN } from '../origins';
import { effectiveCheckInsByKeyResult } from '../queries/checkInHistory';
import { compareCheckInsNewestFirst, questionsOf } from '../queries/progress';
import { readWorkspace, type WorkspaceSnapshot } from '../schema/read';
import type { Answer, CheckIn, KeyResult, Objective, Question, SharedFrom } from '../schema/types';
import { CommandError, transact, type CommandContext } from './context';
import { keyResultCopy, objectiveCopy, questionCopy, type CopyIdentity } from './copies';
import { rootMap } from '../schema/roots';

/*
 * Sharing from a personal journal into a team workspace. The journal itself is
 * never synced (shared/sync/privacy.ts); instead the chosen objectives, their
 * KRs and questions, and optionally their check-ins are copied into the team's
 * document with fresh ids, each marked with `sharedFrom`. Sharing again adds
 * only what the team does not have yet. The journal keeps its own copy and is
 * not changed.
 */

export interface ShareSelection {
  objectiveIds: readonly string[];
  /** Only these KRs of the chosen objectives; all their live KRs when omitted. */
  keyResultIds?: readonly string[];
  includeCheckIns: boolean;
}

export interface ShareCounts {
  objectives: number;
  keyResults: number;
  questions: number;
  checkIns: number;
}

export interface ShareResult {
  /** Copied into the target now. */
  copied: ShareCounts;
  /** Not copied: the target already holds a copy from an earlier share. */
  skipped: ShareCounts;
}

type CopiedKind = keyof ShareCounts;

/** Everything a share decides before it writes, so a refusal writes nothing. */
interface SharePlan {
  journalId: string;
  /** What copies record as their source: never the journal's id (see shareSourceOf). */
  sourceId: string;
  now: number;
  actor: string;
  /** Journal entity id → the id of its copy in the target (earlier shares and this one). */
  copyOf: Map<string, string>;
  /** The journal's KRs by objective, questions and check-ins by KR, grouped once. */
  keyResultsOf: Map<string, KeyResult[]>;
  questionsOf: Map<string, Question[]>;
  checkInsOf: Map<string, CheckIn[]>;
  /** The greatest order key among each parent's live children in the target ('' for objectives), so copies go at the end. */
  lastOrder: Map<string, string>;
  /** Each copy's insertion, run together in one transaction once all is planned. */
  writes: (() => void)[];
  copied: ShareCounts;
  skipped: ShareCounts;
}

const noCounts = (): ShareCounts => ({ objectives: 0, keyResults: 0, questions: 0, checkIns: 0 });

/**
 * Copies the chosen objectives of `journal` into the workspace of `target`, in
 * one transaction with the import origin (the team's Ctrl+Z does not undo a
 * share). Refuses when the source is not a journal, when the target is a
 * journal or the journal itself, and when an objective's earlier copy is in
 * the target's trash.
 */
export function shareToWorkspace(journal: WorkspaceSnapshot, target: CommandContext, selection: ShareSelection): ShareResult {
  const journalId = requireJournalSource(journal);
  const team = readWorkspace(target.doc);
  requireTeamTarget(team, journalId);
  const objectives = chosenObjectives(journal, selection.objectiveIds);
  const plan: SharePlan = {
    journalId,
    sourceId: shareSourceOf(journalId),
    now: target.now(),
    actor: target.actor,
    copyOf: earlierCopies(team, shareSourceOf(journalId)),
    keyResultsOf: groupBy(journal.keyResults.values(), (kr) => kr.objectiveId),
    questionsOf: groupBy(journal.questions.values(), (q) => q.keyResultId),
    // As corrected, withdrawn ones left out: a team gets what counts, not the journal's mistakes.
    checkInsOf: selection.includeCheckIns ? effectiveCheckInsByKeyResult(journal.checkIns.values()) : new Map(),
    lastOrder: lastOrders(team),
    writes: [],
    copied: noCounts(),
    skipped: noCounts(),
  };
  refuseTrashedCopies(team, plan, objectives);
  for (const objective of objectives) planObjective(plan, target.doc, objective, selection);
  if (plan.writes.length) transact({ ...target, origin: IMPORT_ORIGIN }, () => plan.writes.forEach((write) => write()));
  return { copied: plan.copied, skipped: plan.skipped };
}

// ---- Refusals ------------------------------------------------------------

/**
 * The source a shared copy names: a one-way digest of the journal's id, the
 * same for every share from one journal (so sharing again finds the earlier
 * copies) but useless for addressing the journal. The journal's own id never
 * reaches the team: with it, a teammate could craft a workspace of that id,
 * get it merged into the journal and flip its kind (the journal would then
 * sync). 64 bits of a 126-bit random id: the id cannot be recovered from it.
 */
export function shareSourceOf(journalId: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < journalId.length; i++) {
    const c = journalId.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (a >>> 7), 0x5bd1e995) >>> 0;
  }
  return `journal-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

function requireJournalSource(journal: WorkspaceSnapshot): string {
  if (journal.meta?.kind !== 'journal') throw new CommandError('Only the OKRs of a personal journal are shared this way.');
  return journal.meta.id;
}

function requireTeamTarget(team: WorkspaceSnapshot, journalId: string): void {
  if (team.meta.id === '') throw new CommandError('That workspace cannot be read, so nothing can be shared into it.', 'target');
  if (team.meta.id === journalId) throw new CommandError('That is this journal itself: choose a team workspace to share into.', 'target');
  if (team.meta.kind === 'journal') throw new CommandError('A personal journal stays private: share into a team workspace instead.', 'target');
}

function chosenObjectives(journal: WorkspaceSnapshot, ids: readonly string[]): Objective[] {
  const wanted = new Set(ids);
  const objectives = sortOrdered([...journal.objectives.values()].filter((o) => wanted.has(o.id) && o.deletedAt === null));
  if (objectives.length === 0) throw new CommandError('Choose at least one objective to share.', 'objectives');
  return objectives;
}

/** A new KR cannot go under a copy in the trash; the team restores it first (or it would be hidden there). */
function refuseTrashedCopies(team: WorkspaceSnapshot, plan: SharePlan, objectives: readonly Objective[]): void {
  for (const o of objectives) {
    const copyId = plan.copyOf.get(o.id);
    const copy = copyId === undefined ? undefined : team.objectives.get(copyId);
    if (copy && copy.deletedAt !== null) throw new CommandError(`“${o.title}” was shared before and is in that workspace’s trash: restore it there first.`, 'objectives');
  }
}

// ---- What the target already holds ---------------------------------------

/** The target's copies of this journal's entities, from their `sharedFrom`, deleted ones included. */
function earlierCopies(team: WorkspaceSnapshot, sourceId: string): Map<string, string> {
  const copyOf = new Map<string, string>();
  const all = [...team.objectives.values(), ...team.keyResults.values(), ...team.questions.values(), ...team.checkIns.values()];
  for (const e of all) if (e.sharedFrom?.workspaceId === sourceId) copyOf.set(e.sharedFrom.entityId, e.id);
  return copyOf;
}

/** Keeps the greater of `order` and the order key `lastOrder` holds for `parentId`. */
function noteOrder(lastOrder: Map<string, string>, parentId: string, order: string): void {
  const last = lastOrder.get(parentId);
  if (last === undefined || order > last) lastOrder.set(parentId, order);
}

function lastOrders(team: WorkspaceSnapshot): Map<string, string> {
  const lastOrder = new Map<string, string>();
  const add = (parentId: string, e: { order: string; deletedAt: number | null }) => {
    if (e.deletedAt === null) noteOrder(lastOrder, parentId, e.order);
  };
  team.objectives.forEach((o) => add('', o));
  team.keyResults.forEach((kr) => add(kr.objectiveId, kr));
  team.questions.forEach((q) => add(q.keyResultId, q));
  return lastOrder;
}

// ---- Planning the copies -------------------------------------------------

/**
 * Records a copy of `source` to write under a fresh id, or counts it as
 * skipped when the target has one already. Returns the copy's id either way.
 */
function planCopy<T>(plan: SharePlan, kind: CopiedKind, map: Y.Map<T>, source: { id: string }, build: (id: string, sharedFrom: SharedFrom) => T): string {
  const existing = plan.copyOf.get(source.id);
  if (existing !== undefined) {
    plan.skipped[kind]++;
    return existing;
  }
  const id = newId();
  plan.copyOf.set(source.id, id);
  const value = build(id, { workspaceId: plan.sourceId, entityId: source.id, at: plan.now });
  plan.writes.push(() => map.set(id, value));
  plan.copied[kind]++;
  return id;
}

/** The identity of a copy placed at the end of `parentId`'s live children ('' for objectives). */
function placedAtEnd(plan: SharePlan, parentId: string, id: string, sharedFrom: SharedFrom): CopyIdentity {
  const order = orderBetween(plan.lastOrder.get(parentId) ?? null, null);
  noteOrder(plan.lastOrder, parentId, order);
  return { id, order, createdAt: plan.now, createdBy: plan.actor, sharedFrom };
}

function chosenKeyResults(plan: SharePlan, objectiveId: string, keyResultIds: readonly string[] | undefined): KeyResult[] {
  const wanted = keyResultIds && new Set(keyResultIds);
  return sortOrdered((plan.keyResultsOf.get(objectiveId) ?? []).filter((kr) => kr.deletedAt === null && (!wanted || wanted.has(kr.id))));
}

function planObjective(plan: SharePlan, doc: Y.Doc, o: Objective, selection: ShareSelection): void {
  const objectiveId = planCopy(plan, 'objectives', rootMap(doc, 'objectives'), o, (id, from) => objectiveCopy(o, placedAtEnd(plan, '', id, from)));
  for (const kr of chosenKeyResults(plan, o.id, selection.keyResultIds)) {
    const krId = planCopy(plan, 'keyResults', rootMap(doc, 'keyResults'), kr, (id, from) => keyResultCopy(kr, objectiveId, placedAtEnd(plan, objectiveId, id, from)));
    for (const q of questionsOf(kr.id, plan.questionsOf.get(kr.id) ?? [])) {
      planCopy(plan, 'questions', rootMap(doc, 'questions'), q, (id, from) => questionCopy(q, krId, placedAtEnd(plan, krId, id, from)));
    }
    // After the questions: a learning check-in's answers name their copies.
    if (selection.includeCheckIns) for (const c of oldestFirst(plan.checkInsOf.get(kr.id) ?? [])) planCheckIn(plan, doc, c, krId);
  }
}

/** Oldest first, so the copies are written in the order they happened. */
function oldestFirst(checkIns: readonly CheckIn[]): CheckIn[] {
  return [...checkIns].sort(compareCheckInsNewestFirst).reverse();
}

/** A check-in is a record, not placed among siblings: it keeps its author and time, under the KR's copy. */
function planCheckIn(plan: SharePlan, doc: Y.Doc, c: CheckIn, keyResultId: string): void {
  planCopy(plan, 'checkIns', rootMap(doc, 'checkIns'), c, (id, sharedFrom) => {
    const record: CheckIn = { id, keyResultId, value: c.value, confidence: c.confidence, note: c.note, author: c.author, at: c.at };
    const answers = answersOfCopies(plan, c.answers);
    if (answers) record.answers = answers;
    record.sharedFrom = sharedFrom;
    return record;
  });
}

/** A learning check-in's answers re-keyed to the questions' copies; answers to questions not shared (deleted) are left out. */
function answersOfCopies(plan: SharePlan, answers: CheckIn['answers']): Record<string, Answer> | undefined {
  if (!answers) return undefined;
  const out: Record<string, Answer> = {};
  for (const [questionId, answer] of Object.entries(answers)) {
    const copy = plan.copyOf.get(questionId);
    if (copy !== undefined) out[copy] = answer;
  }
  return Object.keys(out).length ? out : undefined;
}
