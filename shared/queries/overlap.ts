import * as Y from 'yjs';
import { latestBy, pushTo } from '../collections';
import { compareStrings } from '../order';
import { readWorkspace } from '../schema/read';
import { overlapPairKey, type Alignment, type ObjectiveTeam, type OverlapAction, type OverlapDecision } from '../schema/alignment';
import type { Initiative, KeyResult, Objective } from '../schema/types';
import { parentAlignments, teamAssignments } from './alignment';
import { isObjectiveOpen, isTracked } from './tracking';

/*
 * Overlap: objectives, KRs and initiatives of different teams that look alike,
 * so two teams do not do the same work unknowingly. Local text similarity, no
 * service: titles become terms (accents and case folded, stop words and the
 * generic verbs of OKRs dropped, a light suffix-stripping stemmer, words that
 * share a long prefix merged), weighted by rarity across the items compared
 * (IDF), and each pair of items of different teams is scored by the cosine of
 * their term weights. Pairs at or above a threshold are candidates; a pair
 * someone decided on (aligned, shared, dismissed) is not offered again.
 */

export type OverlapItemKind = 'objective' | 'keyResult' | 'initiative';

export interface OverlapItem {
  id: string;
  kind: OverlapItemKind;
  title: string;
  /** The teams it belongs to (an initiative: the teams of the KRs it supports), sorted. */
  teamIds: string[];
}

export interface OverlapCandidate {
  pairKey: string;
  /** The pair, in pair-key order. */
  a: OverlapItem;
  b: OverlapItem;
  /** Similarity, 0–1. */
  score: number;
  /** The terms both share, most telling first (for "why Cairn thinks so"). */
  sharedTerms: string[];
}

/** The score from which a pair is offered; chosen on the labelled pairs in test/unit/overlap.test.ts. */
export const OVERLAP_THRESHOLD = 0.4;

/* English function words, and words every OKR uses (the verbs of change, units of time and counting). */
const STOP_WORDS = new Set(
  (
    'a an the and or but nor of for to in on at by with from into onto about over under than then so as via per ' +
    'among between across within without towards ' +
    'is are was were be been being it its this that these those there their them they we our us you your i my ' +
    'all any each every more most less least much many few fewer some such no not only also just very too ' +
    'up down out off new old first last next one two three four five six seven eight nine ten hundred thousand ' +
    'lift reach hit drive build ship offer have has do does done ' +
    'number rate percent team quarter q1 q2 q3 q4 related based'
  ).split(' '),
);

/* A few spellings and abbreviations folded into one word (applied before stemming). A Map: a title may say "constructor". */
const SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['docs', 'documentation'],
  ['doc', 'documentation'],
  ['client', 'customer'],
  ['clients', 'customer'],
  ['app', 'application'],
  ['apps', 'application'],
  ['faster', 'speed'],
  ['quicker', 'speed'],
  ['quick', 'speed'],
  ['slow', 'speed'],
]);

/** Strips common English suffixes, keeping at least three letters ("onboarding" → "onboard", "customers" → "customer"). */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ['ization', 'isation', 'ational', 'ation', 'ition', 'ments', 'ment', 'ness', 'ing', 'ed', 'ly']) {
    const rest = w.slice(0, -suffix.length);
    // "speed" and "spring" keep their ending: what remains must be a word with a vowel.
    if (!w.endsWith(suffix) || rest.length < 3 || !/[aeiouy]/.test(rest) || w.endsWith('eed')) continue;
    w = /([b-df-hj-km-np-rtv-z])\1$/.test(rest) ? rest.slice(0, -1) : rest; // "shipping" → "ship"
    break;
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/* Verbs of change, dropped in any form ("reducing", "improved"): the overlap is in what they change. */
const GENERIC_VERBS = new Set(
  'increase decrease reduce cut lower raise grow boost improve achieve keep maintain make get deliver ensure enable run launch fix provide create start introduce establish'
    .split(' ')
    .map((verb) => stem(verb)),
);

/** The distinct terms of a text: folded, stop words dropped, stemmed. */
export function termsOf(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  const out = new Set<string>();
  for (const raw of words ?? []) {
    if (raw.length < 2 || /^\d+$/.test(raw) || STOP_WORDS.has(raw)) continue;
    const term = stem(SYNONYMS.get(raw) ?? raw);
    if (!GENERIC_VERBS.has(term)) out.add(term);
  }
  return [...out];
}

/**
 * Merges terms where one is a prefix (of at least 5 letters) of another, e.g.
 * "postgr" (from "Postgres") and "postgresql", or "document" and "documentat":
 * the shortest such term stands for them. Depends only on the set of terms, so every replica agrees.
 */
function prefixMerger(vocabulary: Iterable<string>): (term: string) => string {
  const sorted = [...new Set(vocabulary)].sort();
  const root = new Map<string, string>();
  let current: string | null = null;
  for (const term of sorted) {
    if (current !== null && current.length >= 5 && term.startsWith(current)) root.set(term, current);
    else current = term;
  }
  return (term) => root.get(term) ?? term;
}

export interface OverlapOptions {
  /** Defaults to OVERLAP_THRESHOLD. */
  threshold?: number;
  /** Decisions already taken: a pair with any decision is not offered again. */
  decisions?: Iterable<OverlapDecision>;
  /** Pairs already linked (e.g. an objective and the parent it is aligned to), as pair keys: not offered. */
  linked?: ReadonlySet<string>;
}

/**
 * The pairs of items of different teams whose titles look alike, best first
 * (then by pair key). An item without a team is not compared; nor are two
 * items sharing a team.
 */
export function findOverlapsAmong(items: readonly OverlapItem[], options: OverlapOptions = {}): OverlapCandidate[] {
  const threshold = options.threshold ?? OVERLAP_THRESHOLD;
  const decided = new Set<string>([...(options.decisions ?? [])].map((d) => d.pairKey));
  const teamed = items.filter((item) => item.teamIds.length > 0);
  const rawTerms = teamed.map((item) => termsOf(item.title));
  const merge = prefixMerger(rawTerms.flat());
  const terms = rawTerms.map((list) => [...new Set(list.map(merge))]);

  // Weights: rarer terms tell more. Smoothed, so a term in every item still counts a little.
  const df = new Map<string, number>();
  for (const list of terms) for (const t of list) df.set(t, (df.get(t) ?? 0) + 1);
  const weight = (t: string) => Math.log(1 + teamed.length / (df.get(t) ?? 1));
  const norms = terms.map((list) => Math.sqrt(list.reduce((sum, t) => sum + weight(t) ** 2, 0)));

  // Only items sharing a term can score above zero: compare those, through an index of terms.
  const postings = new Map<string, number[]>();
  terms.forEach((list, i) => list.forEach((t) => pushTo(postings, t, i)));
  const shared = new Map<string, string[]>(); // "i,j" (i < j) → shared terms
  for (const [term, holders] of postings) {
    for (let x = 0; x < holders.length; x++) {
      for (let y = x + 1; y < holders.length; y++) pushTo(shared, `${holders[x]},${holders[y]}`, term);
    }
  }

  const out: OverlapCandidate[] = [];
  for (const [key, common] of shared) {
    const [i, j] = key.split(',').map(Number) as [number, number];
    const [first, second] = [teamed[i]!, teamed[j]!];
    if (first.id === second.id || first.teamIds.some((t) => second.teamIds.includes(t))) continue;
    const pairKey = overlapPairKey(first.id, second.id);
    if (decided.has(pairKey) || options.linked?.has(pairKey)) continue;
    const dot = common.reduce((sum, t) => sum + weight(t) ** 2, 0);
    const score = dot / (norms[i]! * norms[j]!);
    if (score + 1e-9 < threshold) continue;
    const [a, b] = first.id < second.id ? [first, second] : [second, first];
    const sharedTerms = [...common].sort((p, q) => weight(q) - weight(p) || (p < q ? -1 : 1));
    out.push({ pairKey, a, b, score: Math.min(1, score), sharedTerms });
  }
  return out.sort((p, q) => q.score - p.score || (p.pairKey < q.pairKey ? -1 : 1));
}

export interface OverlapInput {
  objectives: ReadonlyMap<string, Objective>;
  keyResults: ReadonlyMap<string, KeyResult>;
  initiatives: ReadonlyMap<string, Initiative>;
  objectiveTeams: ReadonlyMap<string, ObjectiveTeam>;
  alignments: ReadonlyMap<string, Alignment>;
  overlapDecisions: ReadonlyMap<string, OverlapDecision>;
}

/**
 * The items that take part: open objectives and tracked KRs (tracking.ts: a
 * KR of a closed objective is closed with it; a KR's team is its objective's)
 * and live, not dropped initiatives (their teams: those of the tracked KRs
 * they support).
 */
export function overlapItemsOf(input: Pick<OverlapInput, 'objectives' | 'keyResults' | 'initiatives' | 'objectiveTeams'>): OverlapItem[] {
  const teamOf = teamAssignments(input.objectiveTeams.values());
  const teamsOfObjective = (id: string): string[] => {
    const team = teamOf.get(id)?.winner.teamId;
    return team ? [team] : [];
  };
  const items: OverlapItem[] = [];
  for (const o of input.objectives.values()) if (isObjectiveOpen(o)) items.push({ id: o.id, kind: 'objective', title: o.title, teamIds: teamsOfObjective(o.id) });
  const krTeams = new Map<string, string[]>();
  for (const kr of input.keyResults.values()) {
    const objective = input.objectives.get(kr.objectiveId);
    if (!isTracked(kr, objective)) continue;
    krTeams.set(kr.id, teamsOfObjective(kr.objectiveId));
    items.push({ id: kr.id, kind: 'keyResult', title: kr.title, teamIds: teamsOfObjective(kr.objectiveId) });
  }
  for (const i of input.initiatives.values()) {
    if (i.deletedAt !== null || i.status === 'dropped') continue;
    const teams = new Set(i.keyResultIds.flatMap((id) => krTeams.get(id) ?? []));
    items.push({ id: i.id, kind: 'initiative', title: i.title, teamIds: [...teams].sort() });
  }
  return items.sort((p, q) => compareStrings(p.id, q.id));
}

/** The latest decision per pair key (by time, then id). */
export function latestOverlapDecisions(decisions: Iterable<OverlapDecision>): Map<string, OverlapDecision> {
  return latestBy(decisions, (d) => d.pairKey);
}

/** Pair keys whose latest decision is `action` (e.g. the pairs marked 'shared'). */
export function pairsDecidedAs(decisions: Iterable<OverlapDecision>, action: OverlapAction): string[] {
  return [...latestOverlapDecisions(decisions)].filter(([, d]) => d.action === action).map(([key]) => key).sort();
}

/** Overlap candidates of a workspace's records; pairs joined by an alignment in effect are not offered. */
export function findOverlaps(input: OverlapInput, threshold = OVERLAP_THRESHOLD): OverlapCandidate[] {
  const linked = new Set<string>();
  for (const { winner } of parentAlignments(input.alignments.values()).values()) {
    linked.add(overlapPairKey(winner.childObjectiveId, winner.parentId));
    const kr = winner.parentType === 'keyResult' ? input.keyResults.get(winner.parentId) : undefined;
    if (kr) linked.add(overlapPairKey(winner.childObjectiveId, kr.objectiveId));
  }
  return findOverlapsAmong(overlapItemsOf(input), { threshold, decisions: input.overlapDecisions.values(), linked });
}

/** Overlap candidates of a workspace document (read and validated first). */
export function overlapsIn(doc: Y.Doc, threshold = OVERLAP_THRESHOLD): OverlapCandidate[] {
  const snapshot = readWorkspace(doc);
  return findOverlaps({ ...snapshot, ...snapshot.alignment }, threshold);
}

/**
 * Overlap detection on the merge of several workspaces (two teams' files
 * imported into one): their states are loaded into one fresh document (never
 * Y.mergeUpdates on long histories) and the same detection runs on it.
 */
export function overlapsOfMerged(docs: readonly Y.Doc[], threshold = OVERLAP_THRESHOLD): { doc: Y.Doc; candidates: OverlapCandidate[] } {
  const merged = new Y.Doc();
  for (const doc of docs) Y.applyUpdate(merged, Y.encodeStateAsUpdate(doc));
  return { doc: merged, candidates: overlapsIn(merged, threshold) };
}
