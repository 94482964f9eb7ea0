import type { DateWords } from '../dateWords';
import { compareStrings } from '../order';
import type { WorkspaceSnapshot } from '../schema/read';
import type { Checkpoint } from '../schema/types';
import { changeHeading, changesSince, type ChangeItem } from './changes';
import { titleOfKeyResult, type InScope, type ReportContext } from './reportContext';
import { DECISION_LABEL, decisionsOf } from './reportDecisions';
import type { ReportSession, SessionItem } from './reportTypes';
import type { WorkshopOutcome } from './workshopOutcome';
import { checkInValue } from './reportValues';
import { formatScore, NEXT_LABEL } from './scoring';

/*
 * What changed in the session: everything recorded after the checkpoint that
 * touches what is in scope. Items sort by time, then by their text: the same
 * order on every replica, whatever order the document's maps iterate in.
 */

function compareItems(a: SessionItem, b: SessionItem): number {
  return a.at - b.at || compareStrings(a.heading, b.heading) || compareStrings(a.title, b.title) || compareStrings(a.author, b.author) || compareStrings(a.detail, b.detail);
}

const CHANGE_ENTITY: Record<'objective' | 'keyResult', string> = { objective: 'Objective', keyResult: 'Key result' };

export function sessionOf(ctx: ReportContext, since: Checkpoint, scope: InScope, dates: DateWords): ReportSession {
  const changes = changesSince(ctx.snapshot, since).filter(({ change }) => (change.entity === 'objective' ? scope.objectiveIds : scope.keyResultIds).has(change.entityId));
  return {
    checkpoint: { name: since.name, author: since.author, at: since.at },
    added: [...changes.filter((c) => c.change.kind === 'added').map(addedItem), ...workAddedSince(ctx.snapshot, since, scope.keyResultIds)].sort(compareItems),
    changed: changes.filter((c) => c.change.kind !== 'added').map(changedItem).sort(compareItems),
    decided: decisionsOf(ctx, scope.keyResultIds, dates)
      .filter((d) => d.at > since.at)
      .map((d) => ({ heading: DECISION_LABEL[d.kind], title: d.keyResults.join('; '), detail: d.rationale, author: d.author, at: d.at }))
      .sort(compareItems),
    checkedIn: checkInsSince(ctx, since, scope.keyResultIds, dates).sort(compareItems),
    scored: [...scoresSince(ctx.snapshot, since, scope.keyResultIds), ...reviewedSince(ctx.snapshot, since, scope.objectiveIds)].sort(compareItems),
  };
}

function addedItem({ change, title }: ChangeItem): SessionItem {
  return { heading: `${CHANGE_ENTITY[change.entity]} added`, title, detail: change.reason ? `Why: ${change.reason}` : '', author: change.author, at: change.at };
}

function changedItem({ change, title }: ChangeItem): SessionItem {
  const why = change.reason ? `. Why: ${change.reason}` : '';
  return { heading: `${changeHeading(change)} (${CHANGE_ENTITY[change.entity].toLowerCase()})`, title, detail: `${change.from} → ${change.to}${why}`, author: change.author, at: change.at };
}

/** Initiatives created after `since` that support a KR in scope (the change log does not record work). */
function workAddedSince(snapshot: WorkspaceSnapshot, since: Checkpoint, keyResultIds: ReadonlySet<string>): SessionItem[] {
  return [...snapshot.initiatives.values()]
    .filter((i) => i.deletedAt === null && i.createdAt > since.at && i.keyResultIds.some((id) => keyResultIds.has(id)))
    .map((i) => ({
      heading: 'Initiative added',
      title: i.title,
      detail: `For ${i.keyResultIds.filter((id) => keyResultIds.has(id)).map((id) => titleOfKeyResult(snapshot, id)).join('; ')}`,
      author: i.createdBy,
      at: i.createdAt,
    }));
}

function checkInsSince(ctx: ReportContext, since: Checkpoint, keyResultIds: ReadonlySet<string>, dates: DateWords): SessionItem[] {
  return [...ctx.snapshot.checkIns.values()]
    .filter((c) => c.at > since.at && keyResultIds.has(c.keyResultId))
    .map((c) => {
      const confidence = c.confidence === null ? '' : `, confidence ${c.confidence}/10`;
      const note = c.note ? `. ${c.note}` : '';
      const heading = c.withdrawn ? 'Check-in withdrawn' : c.corrects !== undefined ? 'Check-in corrected' : 'Check-in';
      if (c.withdrawn) return { heading, title: titleOfKeyResult(ctx.snapshot, c.keyResultId), detail: c.reason ?? '', author: c.author, at: c.at };
      return { heading, title: titleOfKeyResult(ctx.snapshot, c.keyResultId), detail: `${checkInValue(ctx, c, dates.locale)}${confidence}${note}`, author: c.author, at: c.at };
    });
}

function scoresSince(snapshot: WorkspaceSnapshot, since: Checkpoint, keyResultIds: ReadonlySet<string>): SessionItem[] {
  return [...snapshot.scores.values()]
    .filter((s) => s.at > since.at && keyResultIds.has(s.keyResultId))
    .map((s) => ({ heading: `Scored ${formatScore(s.score)}`, title: titleOfKeyResult(snapshot, s.keyResultId), detail: s.note, author: s.author, at: s.at }));
}

function reviewedSince(snapshot: WorkspaceSnapshot, since: Checkpoint, objectiveIds: ReadonlySet<string>): SessionItem[] {
  return [...snapshot.retrospectives.values()]
    .filter((r) => r.at > since.at && objectiveIds.has(r.objectiveId))
    .map((r) => ({
      heading: `Retrospective: ${NEXT_LABEL[r.next]}`,
      title: snapshot.objectives.get(r.objectiveId)?.title ?? '',
      detail: r.reason ? `${r.learned}\nWhy: ${r.reason}` : r.learned,
      author: r.author,
      at: r.at,
    }));
}

/** How many of the session's changes page one lists before "n more": few enough to leave the summary room on page one. */
const SESSION_BRIEF_CHANGES = 3;

/**
 * The first changes of the session for page one, what was added and changed
 * before what was decided, checked in and scored (the full list's order), and
 * how many more the full list holds.
 */
export function sessionChangesInBrief(session: ReportSession, limit = SESSION_BRIEF_CHANGES): { shown: SessionItem[]; more: number } {
  const all = [...session.added, ...session.changed, ...session.decided, ...session.checkedIn, ...session.scored];
  return { shown: all.slice(0, limit), more: Math.max(0, all.length - limit) };
}

/** At most this many titles in one of the brief's lines, then "and n more". */
const BRIEF_TITLES = 5;

/** What a session agreed, for page one: "adopted “A”, “B” and 3 more". */
export interface AgreedInBrief {
  verb: 'adopted' | 'committed';
  titles: string[];
  more: number;
}

/** Who attended (each name once) and what the session agreed, for page one; the votes are counted, their results are in the outcome. */
export function outcomeInBrief(outcome: WorkshopOutcome): { attended: string[]; agreed: AgreedInBrief[]; votes: number } {
  const agreed = (verb: AgreedInBrief['verb'], titles: readonly string[]): AgreedInBrief[] =>
    titles.length ? [{ verb, titles: titles.slice(0, BRIEF_TITLES), more: Math.max(0, titles.length - BRIEF_TITLES) }] : [];
  return {
    attended: [...new Set(outcome.attendance.map((v) => v.name))],
    agreed: [...agreed('adopted', outcome.produced.adopted.map((a) => a.title)), ...agreed('committed', outcome.produced.committed.map((c) => c.title))],
    votes: outcome.produced.votes.length,
  };
}
