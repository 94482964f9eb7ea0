import type { ClosedAs, KeyResult, Objective } from '../schema/types';
import { HEALTH_LABEL, type Health } from './health';
import type { Outline } from './outline';
import { CLOSED_AS_LABEL, keyResultStatus, statusLabel } from './tracking';

/*
 * What the OKR board shows under a filter, and in which groups. A pure
 * function of the outline and a few lookups (team, health, check-in due), so
 * the renderer, a test or an export can ask the same question.
 *
 * A key result matches when it meets every criterion set; for what it does not
 * carry itself it takes its objective's (its team, its owner when it has none,
 * the words of its objective). An objective stays when it matches on its own
 * or when any of its key results does; under it, only the matching key
 * results are listed.
 */

/** The healths (shared/queries/health.ts) a filter can ask for, as the URL spells them. */
export const BOARD_HEALTHS = ['on-track', 'at-risk', 'off-track'] as const satisfies readonly Health[];
export type BoardHealth = Health;
export { HEALTH_LABEL };

/** A lifecycle status, or one way of closing (as the tracking query names it: `dropped`, never `abandoned`). */
export const BOARD_STATUSES = ['draft', 'active', 'closed', 'achieved', 'missed', 'modified', 'deferred', 'dropped'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export const BOARD_GROUPINGS = ['team', 'owner', 'health', 'status'] as const;
export type BoardGrouping = (typeof BOARD_GROUPINGS)[number];

export const BOARD_DUE = ['week'] as const;
export type BoardDue = (typeof BOARD_DUE)[number];

export interface BoardFilter {
  /** Words that must all appear (any case) in titles, descriptions or owner names. */
  q: string;
  team: string | null;
  owner: string | null;
  health: BoardHealth | null;
  status: BoardStatus | null;
  due: BoardDue | null;
  /** Null: one list, by objective, as the team wrote it. */
  group: BoardGrouping | null;
}

export const NO_FILTER: BoardFilter = { q: '', team: null, owner: null, health: null, status: null, due: null, group: null };

/** Does the filter hide anything? (Grouping alone hides nothing.) */
export function isFiltering(filter: BoardFilter): boolean {
  return filter.q.trim() !== '' || filter.team !== null || filter.owner !== null || filter.health !== null || filter.status !== null || filter.due !== null;
}

export interface BoardLookups {
  /** The team in effect for an objective (shared/queries/alignment.ts teamAssignments), or null. */
  teamOf: (objectiveId: string) => string | null;
  /** A team's name, for group headings. */
  teamName: (teamId: string) => string;
  /** A KR's health, null while it has none (no check-in yet, or not tracked). */
  healthOf: (keyResultId: string) => BoardHealth | null;
  /** An objective's health, null while it has none. */
  objectiveHealthOf?: (objectiveId: string) => BoardHealth | null;
  /** Is a check-in on this KR due this week (or overdue)? */
  dueThisWeek: (keyResultId: string) => boolean;
}

export interface BoardEntry {
  objectiveId: string;
  /** The key results shown under it, in the team's order. */
  keyResultIds: string[];
  /** How many of its key results the filter (or the grouping) leaves out here. */
  hiddenKeyResults: number;
}

export interface BoardGroup {
  /** Stable key: the team id, the owner name, the health, the status; '' for "none". */
  key: string;
  /** The heading ("Platform", "Ana", "At risk", "No owner"); '' when the board is not grouped. */
  label: string;
  entries: BoardEntry[];
}

export interface BoardView {
  groups: BoardGroup[];
  /** Objectives the filter hides altogether. */
  hiddenObjectives: number;
  /** Key results the filter hides (under shown and hidden objectives). */
  hiddenKeyResults: number;
}

const isClosing = (status: BoardStatus): status is Exclude<BoardStatus, 'draft' | 'active' | 'closed'> => !['draft', 'active', 'closed'].includes(status);

function statusMatches(wanted: BoardStatus, status: Objective['status'], closedAs: ClosedAs | null): boolean {
  if (wanted === 'draft' || wanted === 'active' || wanted === 'closed') return status === wanted;
  return status === 'closed' && closedAs !== null && CLOSED_AS_LABEL[closedAs] === wanted;
}

/** The words of a text filter, lower case; none for a blank one. */
export function searchTerms(q: string): string[] {
  return q.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether `text` holds every one of `terms` (from searchTerms), case aside: the text filters of the long lists. */
export function matchesTerms(text: string, terms: readonly string[]): boolean {
  const lower = text.toLocaleLowerCase();
  return terms.every((term) => lower.includes(term));
}

const haystack = (...parts: string[]) => parts.join('\n').toLocaleLowerCase();

/** The owner a KR counts as: its own, or its objective's when it has none. */
export function effectiveOwner(kr: Pick<KeyResult, 'owner'>, objective: Pick<Objective, 'owner'>): string {
  return kr.owner.trim() || objective.owner.trim();
}

/** Every owner named on a live objective or KR, each once, in the reader's alphabetical order. */
export function ownersOf(outline: Outline): string[] {
  const names = new Set<string>();
  for (const { objective, keyResults } of outline.objectives) {
    if (objective.owner.trim()) names.add(objective.owner.trim());
    for (const kr of keyResults) if (kr.owner.trim()) names.add(kr.owner.trim());
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

function objectiveMatches(objective: Objective, filter: BoardFilter, terms: string[], lookups: BoardLookups): boolean {
  const text = haystack(objective.title, objective.description, objective.owner);
  if (!terms.every((t) => text.includes(t))) return false;
  if (filter.team !== null && lookups.teamOf(objective.id) !== filter.team) return false;
  if (filter.owner !== null && objective.owner.trim() !== filter.owner) return false;
  if (filter.status !== null && !statusMatches(filter.status, objective.status, objective.closedAs)) return false;
  if (filter.health !== null && (lookups.objectiveHealthOf?.(objective.id) ?? null) !== filter.health) return false;
  // "Due" is about check-ins, which only key results take.
  if (filter.due !== null) return false;
  return true;
}

function keyResultMatches(kr: KeyResult, objective: Objective, filter: BoardFilter, terms: string[], lookups: BoardLookups): boolean {
  if (terms.length) {
    const text = haystack(kr.title, kr.description, kr.owner, objective.title, objective.description, objective.owner);
    if (!terms.every((t) => text.includes(t))) return false;
  }
  if (filter.team !== null && lookups.teamOf(objective.id) !== filter.team) return false;
  if (filter.owner !== null && effectiveOwner(kr, objective) !== filter.owner) return false;
  if (filter.status !== null) {
    const status = keyResultStatus(kr, objective);
    if (!statusMatches(filter.status, status.status, status.closedAs)) return false;
  }
  if (filter.health !== null && lookups.healthOf(kr.id) !== filter.health) return false;
  if (filter.due !== null && !lookups.dueThisWeek(kr.id)) return false;
  return true;
}

interface GroupKey {
  key: string;
  label: string;
}

function groupOfKeyResult(grouping: BoardGrouping, kr: KeyResult, objective: Objective, lookups: BoardLookups): GroupKey {
  switch (grouping) {
    case 'team':
      return groupOfObjective(grouping, objective, lookups);
    case 'owner': {
      const owner = effectiveOwner(kr, objective);
      return owner ? { key: owner, label: owner } : { key: '', label: 'No owner' };
    }
    case 'health': {
      const health = lookups.healthOf(kr.id);
      return health ? { key: health, label: HEALTH_LABEL[health] } : { key: '', label: 'No health yet' };
    }
    case 'status': {
      const status = keyResultStatus(kr, objective);
      return { key: status.status === 'closed' ? `closed:${status.closedAs ?? ''}` : status.status, label: statusLabel(status.status, status.closedAs) };
    }
  }
}

function groupOfObjective(grouping: BoardGrouping, objective: Objective, lookups: BoardLookups): GroupKey {
  switch (grouping) {
    case 'team': {
      const team = lookups.teamOf(objective.id);
      return team ? { key: team, label: lookups.teamName(team) } : { key: '', label: 'No team' };
    }
    case 'owner':
      return objective.owner.trim() ? { key: objective.owner.trim(), label: objective.owner.trim() } : { key: '', label: 'No owner' };
    case 'health': {
      const health = lookups.objectiveHealthOf?.(objective.id) ?? null;
      return health ? { key: health, label: HEALTH_LABEL[health] } : { key: '', label: 'No health yet' };
    }
    case 'status':
      return { key: objective.status === 'closed' ? `closed:${objective.closedAs ?? ''}` : objective.status, label: statusLabel(objective.status, objective.closedAs) };
  }
}

/** Groups in a reading order: health worst first, status by lifecycle, names alphabetically; "none" last. */
function compareGroups(grouping: BoardGrouping, teamOrder: Map<string, number>) {
  const rank = (key: string): number | string => {
    if (grouping === 'health') return ['off-track', 'at-risk', 'on-track'].indexOf(key);
    if (grouping === 'status') return ['active', 'draft'].includes(key) ? ['active', 'draft'].indexOf(key) : 2;
    if (grouping === 'team') return teamOrder.get(key) ?? Number.MAX_SAFE_INTEGER;
    return key;
  };
  return (a: BoardGroup, b: BoardGroup): number => {
    if ((a.key === '') !== (b.key === '')) return a.key === '' ? 1 : -1;
    const ra = rank(a.key);
    const rb = rank(b.key);
    if (typeof ra === 'number' && typeof rb === 'number') return ra - rb || a.label.localeCompare(b.label);
    return a.label.localeCompare(b.label);
  };
}

/** What one objective of the outline adds to the board: its entries (one per group it shows in), or nothing when the filter hides it. */
interface Contribution {
  objectiveId: string;
  team: string | null;
  /** The filter hides the objective and every one of its key results. */
  hidden: boolean;
  hiddenKeyResults: number;
  placed: { group: GroupKey; entry: BoardEntry }[];
}

type OutlineEntry = Outline['objectives'][number];

function contributionOf({ objective, keyResults }: OutlineEntry, filter: BoardFilter, terms: string[], lookups: BoardLookups): Contribution {
  const team = lookups.teamOf(objective.id);
  const filtering = isFiltering(filter);
  const matching = filtering ? keyResults.filter((kr) => keyResultMatches(kr, objective, filter, terms, lookups)) : keyResults;
  const contribution: Contribution = { objectiveId: objective.id, team, hidden: false, hiddenKeyResults: keyResults.length - matching.length, placed: [] };
  if (matching.length === 0 && filtering && !objectiveMatches(objective, filter, terms, lookups)) {
    contribution.hidden = true;
    return contribution;
  }
  const ungrouped: GroupKey = { key: '', label: '' };
  if (matching.length === 0) {
    const group = filter.group ? groupOfObjective(filter.group, objective, lookups) : ungrouped;
    contribution.placed.push({ group, entry: { objectiveId: objective.id, keyResultIds: [], hiddenKeyResults: keyResults.length } });
    return contribution;
  }
  // An objective whose key results fall into several groups shows under each, with the key results of that group.
  const byGroup = new Map<string, { group: GroupKey; entry: BoardEntry }>();
  for (const kr of matching) {
    const group = filter.group ? groupOfKeyResult(filter.group, kr, objective, lookups) : ungrouped;
    let placed = byGroup.get(group.key);
    if (!placed) byGroup.set(group.key, (placed = { group, entry: { objectiveId: objective.id, keyResultIds: [], hiddenKeyResults: 0 } }));
    placed.entry.keyResultIds.push(kr.id);
  }
  for (const placed of byGroup.values()) {
    placed.entry.hiddenKeyResults = keyResults.length - placed.entry.keyResultIds.length;
    contribution.placed.push(placed);
  }
  return contribution;
}

const sameEntry = (a: BoardEntry, b: BoardEntry) =>
  a.objectiveId === b.objectiveId && a.hiddenKeyResults === b.hiddenKeyResults && a.keyResultIds.length === b.keyResultIds.length && a.keyResultIds.every((id, i) => id === b.keyResultIds[i]);

/** Says the same as `b`: the same groups (and labels) with equal entries. */
function sameContribution(a: Contribution, b: Contribution): boolean {
  return (
    a.objectiveId === b.objectiveId &&
    a.team === b.team &&
    a.hidden === b.hidden &&
    a.hiddenKeyResults === b.hiddenKeyResults &&
    a.placed.length === b.placed.length &&
    a.placed.every((p, i) => p.group.key === b.placed[i]!.group.key && p.group.label === b.placed[i]!.group.label && sameEntry(p.entry, b.placed[i]!.entry))
  );
}

/** The board from each objective's contribution, in outline order; `previous`'s groups (and itself) where nothing in them changed. */
function assemble(contributions: readonly Contribution[], grouping: BoardGrouping | null, previous: BoardView | null): BoardView {
  const groups = new Map<string, BoardGroup>();
  const teamOrder = new Map<string, number>();
  let hiddenObjectives = 0;
  let hiddenKeyResults = 0;
  for (const c of contributions) {
    if (c.team !== null && !teamOrder.has(c.team)) teamOrder.set(c.team, teamOrder.size);
    hiddenKeyResults += c.hiddenKeyResults;
    if (c.hidden) hiddenObjectives++;
    for (const { group, entry } of c.placed) {
      let target = groups.get(group.key);
      if (!target) groups.set(group.key, (target = { key: group.key, label: group.label, entries: [] }));
      target.entries.push(entry);
    }
  }
  let list = [...groups.values()];
  if (grouping) list.sort(compareGroups(grouping, teamOrder));
  // A group whose entries are the very ones it had is the group it was: the list under it is not rendered again.
  const before = new Map(previous?.groups.map((g) => [g.key, g]));
  list = list.map((g) => {
    const was = before.get(g.key);
    return was && was.label === g.label && was.entries.length === g.entries.length && was.entries.every((e, i) => e === g.entries[i]) ? was : g;
  });
  if (
    previous &&
    previous.hiddenObjectives === hiddenObjectives &&
    previous.hiddenKeyResults === hiddenKeyResults &&
    previous.groups.length === list.length &&
    previous.groups.every((g, i) => g === list[i])
  ) {
    return previous;
  }
  return { groups: list, hiddenObjectives, hiddenKeyResults };
}

/**
 * The board under a filter and a grouping. Objectives keep the team's order
 * inside each group; an objective whose key results fall into several groups
 * shows under each, with the key results of that group.
 */
export function boardView(outline: Outline, filter: BoardFilter, lookups: BoardLookups): BoardView {
  const terms = searchTerms(filter.q);
  return assemble(
    outline.objectives.map((entry) => contributionOf(entry, filter, terms, lookups)),
    filter.group,
    null,
  );
}

/**
 * boardView, remembering what each objective added while its outline entry,
 * the filter and the lookups are the same objects: after a keystroke in a
 * title (an outline patched by patchOutline, one entry new) only that
 * objective is looked at again, and when it shows as before the view is the
 * previous one, so the list is not rendered again.
 */
export function boardViewer(): (outline: Outline, filter: BoardFilter, lookups: BoardLookups) => BoardView {
  let kept: {
    filter: BoardFilter;
    lookups: BoardLookups;
    byEntry: WeakMap<OutlineEntry, Contribution>;
    byObjective: Map<string, Contribution>;
    contributions: readonly Contribution[];
    view: BoardView;
  } | null = null;
  return (outline, filter, lookups) => {
    const same = kept !== null && kept.filter === filter && kept.lookups === lookups;
    const byEntry = same && kept ? kept.byEntry : new WeakMap<OutlineEntry, Contribution>();
    const before = kept?.byObjective ?? new Map<string, Contribution>();
    const byObjective = new Map<string, Contribution>();
    const terms = searchTerms(filter.q);
    const contributions = outline.objectives.map((entry) => {
      let c = byEntry.get(entry);
      if (!c) {
        c = contributionOf(entry, filter, terms, lookups);
        // Equal to what this objective added before: the same entries, so memoised cards and lists skip.
        const was = before.get(c.objectiveId);
        if (was && sameContribution(was, c)) c = was;
        byEntry.set(entry, c);
      }
      byObjective.set(c.objectiveId, c);
      return c;
    });
    // Every objective adds what it added before, in the same order (a keystroke): the same view, without assembling it.
    const unchanged = kept !== null && kept.filter.group === filter.group && kept.contributions.length === contributions.length && contributions.every((c, i) => c === kept?.contributions[i]);
    const view = unchanged && kept ? kept.view : assemble(contributions, filter.group, kept?.view ?? null);
    kept = { filter, lookups, byEntry, byObjective, contributions, view };
    return view;
  };
}

/** How a status filter reads in a chip or a select. */
export function boardStatusLabel(status: BoardStatus): string {
  if (isClosing(status)) return `Closed: ${status}`;
  return status === 'closed' ? 'Closed (any way)' : statusLabel(status, null);
}
