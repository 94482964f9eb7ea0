import type { Initiative, KeyResult } from '../schema/types';

/*
 * Linked work: initiatives are the team's bets, KRs the evidence. These
 * queries show work that supports no KR and KRs nobody works on.
 */

/** Live initiatives, in order. */
export function liveInitiatives(initiatives: Iterable<Initiative>): Initiative[] {
  return [...initiatives].filter((i) => i.deletedAt === null).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
}

/** Live initiatives that link to no live KR (a link to a deleted KR supports nothing). */
export function unlinkedWork(initiatives: Iterable<Initiative>, liveKeyResultIds: ReadonlySet<string>): Initiative[] {
  return liveInitiatives(initiatives).filter((i) => i.status !== 'dropped' && !i.keyResultIds.some((id) => liveKeyResultIds.has(id)));
}

/** Live KRs that no live, undropped initiative links to. */
export function keyResultsWithoutWork(keyResults: readonly KeyResult[], initiatives: Iterable<Initiative>): KeyResult[] {
  const worked = new Set<string>();
  for (const i of liveInitiatives(initiatives)) if (i.status !== 'dropped') for (const id of i.keyResultIds) worked.add(id);
  return keyResults.filter((kr) => !worked.has(kr.id));
}

/** Initiatives linked to a KR, in order. */
export function initiativesOf(keyResultId: string, initiatives: Iterable<Initiative>): Initiative[] {
  return liveInitiatives(initiatives).filter((i) => i.keyResultIds.includes(keyResultId));
}

/**
 * The weekly focus: per KR, the live initiatives the team works on this week
 * (marked as this week's focus). KRs with nothing this week are listed with none.
 */
export function weeklyFocus(keyResults: readonly KeyResult[], initiatives: Iterable<Initiative>, week: string): { keyResult: KeyResult; work: Initiative[] }[] {
  const live = liveInitiatives(initiatives).filter((i) => i.focusWeek === week && i.status !== 'dropped');
  return keyResults.map((keyResult) => ({ keyResult, work: live.filter((i) => i.keyResultIds.includes(keyResult.id)) }));
}
