import { addDays, localDateOf, mondayOf } from '../dates';
import type { DateWords } from '../dateWords';
import { effectiveCheckIns } from './checkInHistory';
import { outlineOf } from './outline';
import type { WorkspaceSnapshot } from '../schema/read';
import type { CheckIn, JournalEntry, JournalLinkKind, JournalPeriod, KeyResult, Objective } from '../schema/types';

/*
 * The personal journal: its reflections and the check-ins they reflect on,
 * read as one timeline, searched as one text, and the reminder that this
 * period's reflection is still to write.
 */

// ---- Periods -------------------------------------------------------------

/** The first day of the period a day is in: its Monday for a week, the day itself for a day. */
export function periodStartOf(date: string, period: JournalPeriod): string {
  return period === 'week' ? mondayOf(date) : date;
}

function periodEndOf(date: string, period: JournalPeriod): string {
  return period === 'week' ? addDays(mondayOf(date), 6) : date;
}

// ---- What is visible -----------------------------------------------------

/** Live entries: deleted ones are in the trash. */
function liveEntries(snapshot: WorkspaceSnapshot): JournalEntry[] {
  return [...snapshot.journalEntries.values()].filter((e) => e.deletedAt === null);
}

/** A KR deleted itself, or gone to the trash with its objective (see outline.ts for orphans, which stay visible). */
function isInTrash(kr: KeyResult, objectives: ReadonlyMap<string, Objective>): boolean {
  if (kr.deletedAt !== null) return true;
  const objective = objectives.get(kr.objectiveId);
  return objective !== undefined && objective.deletedAt !== null && objective.deletedKeyResultIds.includes(kr.id);
}

/** Check-ins as corrected (withdrawn ones left out) whose KR is not in the trash; those of a missing KR stay, shown as missing. */
function visibleCheckIns(snapshot: WorkspaceSnapshot): CheckIn[] {
  return effectiveCheckIns(snapshot.checkIns.values()).filter((c) => {
    const kr = snapshot.keyResults.get(c.keyResultId);
    return kr === undefined || !isInTrash(kr, snapshot.objectives);
  });
}

// ---- Timeline ------------------------------------------------------------

/** A link with the title of what it names; `missing` when that no longer exists in the workspace. */
export interface ResolvedLink {
  id: string;
  kind: JournalLinkKind;
  title: string;
  missing: boolean;
}

interface TimelineBase {
  id: string;
  /** The local day: an entry's date, a check-in's day. */
  date: string;
  /** Epoch ms: when the entry was created, or the check-in made. */
  at: number;
  title: string;
  links: ResolvedLink[];
}

export type JournalTimelineItem =
  | (TimelineBase & { type: 'entry'; entry: JournalEntry })
  | (TimelineBase & { type: 'checkIn'; checkIn: CheckIn });

const MISSING_TITLE: Record<JournalLinkKind, string> = {
  keyResult: 'Missing key result',
  checkIn: 'Missing check-in',
  decision: 'Missing decision',
};

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function firstLine(text: string, max = 80): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function titleOf(snapshot: WorkspaceSnapshot, id: string, kind: JournalLinkKind): string | null {
  switch (kind) {
    case 'keyResult':
      return snapshot.keyResults.get(id)?.title ?? null;
    case 'checkIn': {
      const checkIn = snapshot.checkIns.get(id);
      if (!checkIn) return null;
      return `Check-in on ${snapshot.keyResults.get(checkIn.keyResultId)?.title ?? 'a missing key result'}`;
    }
    case 'decision': {
      const decision = snapshot.decisions.get(id);
      return decision ? `${capitalized(decision.kind)}: ${firstLine(decision.rationale)}` : null;
    }
  }
}

/** A link resolved against the snapshot; a dangling one is kept and marked missing, never dropped. */
export function resolveLink(snapshot: WorkspaceSnapshot, id: string, kind: JournalLinkKind): ResolvedLink {
  const title = titleOf(snapshot, id, kind);
  return title === null ? { id, kind, title: MISSING_TITLE[kind], missing: true } : { id, kind, title, missing: false };
}

/** "Week of Nov 30, 2026", "Reflection on Dec 6, 2026": in the reader's words, never an ISO date. */
function entryTitle(entry: JournalEntry, dates: DateWords): string {
  return entry.period === 'week' ? dates.week(entry.date) : `Reflection on ${dates.day(entry.date)}`;
}

function entryItem(snapshot: WorkspaceSnapshot, entry: JournalEntry, dates: DateWords): JournalTimelineItem {
  const links = entry.links.map((link) => resolveLink(snapshot, link.id, link.kind));
  return { type: 'entry', id: entry.id, date: entry.date, at: entry.createdAt, title: entryTitle(entry, dates), links, entry };
}

function checkInItem(snapshot: WorkspaceSnapshot, checkIn: CheckIn): JournalTimelineItem {
  const kr = resolveLink(snapshot, checkIn.keyResultId, 'keyResult');
  return { type: 'checkIn', id: checkIn.id, date: localDateOf(checkIn.at), at: checkIn.at, title: kr.title, links: [kr], checkIn };
}

/**
 * The day an item sorts on. A reflection looks back on its whole period, so
 * it sorts on the period's last day: a week's reflection comes above the
 * check-ins of that week.
 */
function sortDayOf(item: JournalTimelineItem): string {
  return item.type === 'entry' ? periodEndOf(item.entry.date, item.entry.period) : item.date;
}

/** Newest first: by day, a reflection before the check-ins of its day, then by time and id (the same on every replica). */
function compareNewestFirst(a: JournalTimelineItem, b: JournalTimelineItem): number {
  const dayA = sortDayOf(a);
  const dayB = sortDayOf(b);
  if (dayA !== dayB) return dayA < dayB ? 1 : -1;
  if (a.type !== b.type) return a.type === 'entry' ? -1 : 1;
  return b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** The journal's live reflections and its check-ins, merged, newest first, links resolved to titles; `dates` writes the titles' days. */
export function journalTimeline(snapshot: WorkspaceSnapshot, dates: DateWords): JournalTimelineItem[] {
  const items = [...liveEntries(snapshot).map((e) => entryItem(snapshot, e, dates)), ...visibleCheckIns(snapshot).map((c) => checkInItem(snapshot, c))];
  return items.sort(compareNewestFirst);
}

// ---- Search --------------------------------------------------------------

export type JournalSearchField = 'moved' | 'learned' | 'next' | 'note' | 'title';

export interface JournalSearchHit {
  type: 'entry' | 'checkIn' | 'keyResult' | 'objective';
  id: string;
  /** The item's title, as in the timeline (an objective's or KR's own title). */
  title: string;
  /** The field the snippet is from: the first of the item's fields that matched. */
  field: JournalSearchField;
  /** A short excerpt around the first match, with "…" where it was cut. */
  snippet: string;
}

interface Searchable {
  type: JournalSearchHit['type'];
  id: string;
  title: string;
  fields: { field: JournalSearchField; text: string }[];
}

/** Text folded for matching, and where each folded character came from in the original. */
interface Folded {
  text: string;
  originOf: (index: number) => number;
}

/** Folds one code point: lower case, then decomposed with its diacritics removed ("É" → "e"). */
const foldChar = (ch: string) => ch.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/**
 * Case- and accent-insensitive text. Folded code point by code point, so every
 * folded character maps back to the original and a snippet can be cut there.
 */
export function fold(text: string): Folded {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return { text: text.toLowerCase(), originOf: (i) => i };
  let folded = '';
  const origins: number[] = [];
  for (let i = 0; i < text.length; ) {
    const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) origins.push(i);
    folded += f;
    i += ch.length;
  }
  return { text: folded, originOf: (i) => (i < origins.length ? (origins[i] ?? text.length) : text.length) };
}

/** The distinct words of a query, folded. */
function queryWords(query: string): string[] {
  return [...new Set(fold(query).text.split(/\s+/).filter(Boolean))];
}

const SNIPPET_CONTEXT = 40;

const isLowSurrogate = (s: string, i: number) => /[\uDC00-\uDFFF]/.test(s.charAt(i));
const isWordChar = (s: string, i: number) => i >= 0 && i < s.length && /\S/.test(s.charAt(i));

/**
 * Up to SNIPPET_CONTEXT characters either side of original[start, end), on
 * one line. Cut between words where there is a space to cut at, and never
 * inside a surrogate pair.
 */
function snippetAround(original: string, start: number, end: number): string {
  let from = Math.max(0, start - SNIPPET_CONTEXT);
  let to = Math.min(original.length, end + SNIPPET_CONTEXT);
  if (from > 0 && isLowSurrogate(original, from)) from--;
  if (to < original.length && isLowSurrogate(original, to)) to++;
  if (isWordChar(original, from - 1)) {
    const space = original.slice(from, start).search(/\s/);
    if (space >= 0) from += space;
  }
  if (isWordChar(original, to)) {
    const lastSpace = original.slice(end, to).search(/\s\S*$/);
    if (lastSpace >= 0) to = end + lastSpace;
  }
  const body = original.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < original.length ? '…' : ''}`;
}

/** The first match of any word in a field, as original positions, or null. */
function firstMatch(original: string, folded: Folded, words: readonly string[]): { start: number; end: number } | null {
  let best: { at: number; length: number } | null = null;
  for (const word of words) {
    const at = folded.text.indexOf(word);
    if (at >= 0 && (best === null || at < best.at)) best = { at, length: word.length };
  }
  return best && { start: folded.originOf(best.at), end: folded.originOf(best.at + best.length) };
}

/** A hit when every word is in one of the item's fields; the snippet from the first field that has any. */
function matchItem(item: Searchable, words: readonly string[]): JournalSearchHit | null {
  const folded = item.fields.map((f) => ({ ...f, folded: fold(f.text) }));
  if (!words.every((w) => folded.some((f) => f.folded.text.includes(w)))) return null;
  for (const f of folded) {
    const match = firstMatch(f.text, f.folded, words);
    if (match) return { type: item.type, id: item.id, title: item.title, field: f.field, snippet: snippetAround(f.text, match.start, match.end) };
  }
  return null;
}

/** Everything searchable: the timeline (newest first), then the live objectives and KRs in outline order. */
function searchables(snapshot: WorkspaceSnapshot, dates: DateWords): Searchable[] {
  const out: Searchable[] = journalTimeline(snapshot, dates).map((item) =>
    item.type === 'entry'
      ? { type: 'entry', id: item.id, title: item.title, fields: (['moved', 'learned', 'next'] as const).map((field) => ({ field, text: item.entry[field] })) }
      : { type: 'checkIn', id: item.id, title: item.title, fields: [{ field: 'note', text: item.checkIn.note }] },
  );
  const outline = outlineOf(snapshot);
  const titled = (type: 'objective' | 'keyResult', e: { id: string; title: string }): Searchable => ({ type, id: e.id, title: e.title, fields: [{ field: 'title', text: e.title }] });
  for (const { objective, keyResults } of outline.objectives) {
    out.push(titled('objective', objective), ...keyResults.map((kr) => titled('keyResult', kr)));
  }
  out.push(...outline.orphanedKeyResults.map((kr) => titled('keyResult', kr)));
  return out;
}

/**
 * Searches reflections, check-in notes, and KR and objective titles. Case and
 * accents do not matter ("resume" finds "Résumé"); every word of the query must
 * appear somewhere in the item. An empty query finds nothing.
 */
export function searchJournal(snapshot: WorkspaceSnapshot, query: string, dates: DateWords): JournalSearchHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const hits: JournalSearchHit[] = [];
  for (const item of searchables(snapshot, dates)) {
    const hit = matchItem(item, words);
    if (hit) hits.push(hit);
  }
  return hits;
}

// ---- Reminder ------------------------------------------------------------

/**
 * The day this period's reflection is for (a week's Monday, or today), when it
 * is not written yet; null once a live entry of that period exists, and in any
 * workspace that is not a journal.
 */
export function dueReflection(snapshot: WorkspaceSnapshot, now: number, period: JournalPeriod = 'week'): string | null {
  if (snapshot.meta?.kind !== 'journal') return null;
  const start = periodStartOf(localDateOf(now), period);
  const written = liveEntries(snapshot).some((e) => e.period === period && periodStartOf(e.date, period) === start);
  return written ? null : start;
}
