import type { Candidate } from '../schema/votes';
import type { TalliedVote, Voter } from '../workshop/voteTally';

/*
 * What a closed vote shows (docs/workshop.md, "Votes"): a confidence vote's
 * distribution (never only a mean), its median and, when the votes are
 * spread wide, a call to talk about it; a dot vote's ranking with counts.
 * Pure functions of a tally (shared/workshop/voteTally.ts).
 */

export interface Distribution {
  /** counts[v] = how many counted ballots chose v, for v from 0 to the scale's top. */
  counts: number[];
  total: number;
  /** The middle value; with an even count, the lower of the two middle values (a whole number on the scale). */
  median: number | null;
  /** Interquartile range (nearest-rank quartiles). */
  spread: number;
  /** A sentence when the spread is wide (IQR ≥ 2 on 0–5, ≥ 4 on 0–10), else null. */
  callout: string | null;
}

function sortedValues(tally: TalliedVote): number[] {
  return tally.counted.map((b) => (typeof b.choice === 'number' ? b.choice : NaN)).filter(Number.isInteger).sort((a, b) => a - b);
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** The spread that calls for a conversation: 2 steps of fist of five, 4 of 0–10. */
export function wideSpreadOf(scale: number): number {
  return scale <= 5 ? 2 : 4;
}

const people = (n: number): string => (n === 1 ? '1 person' : `${n} people`);

export function distributionOf(tally: TalliedVote): Distribution {
  const scale = tally.vote.scale;
  const counts = Array.from({ length: scale + 1 }, () => 0);
  const values = sortedValues(tally);
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  if (values.length === 0) return { counts, total: 0, median: null, spread: 0, callout: null };
  const median = values[Math.floor((values.length - 1) / 2)]!;
  const spread = quantile(values, 0.75) - quantile(values, 0.25);
  const low = values[0]!;
  const high = values[values.length - 1]!;
  const callout =
    spread >= wideSpreadOf(scale) ? `${people(counts[low]!)} at ${low}, ${counts[high]} at ${high}: talk about it` : null;
  return { counts, total: values.length, median, spread, callout };
}

/** The median on Cairn's 0–10 confidence: a fist-of-five median counts double. */
export function medianAsConfidence(tally: TalliedVote): number | null {
  const { median } = distributionOf(tally);
  if (median === null) return null;
  return tally.vote.scale === 5 ? median * 2 : median;
}

export interface RankedCandidate {
  candidate: Candidate;
  dots: number;
  /** Named votes: who gave how many dots; empty for anonymous votes. */
  givenBy: readonly (Voter & { dots: number })[];
}

/** A dot vote's candidates, most dots first (ties by label, then id). */
export function rankingOf(tally: TalliedVote): RankedCandidate[] {
  const ranked = tally.vote.candidates.map((candidate) => {
    const givenBy: (Voter & { dots: number })[] = [];
    let dots = 0;
    for (const ballot of tally.counted) {
      const given = typeof ballot.choice === 'object' ? (ballot.choice[candidate.id] ?? 0) : 0;
      if (given <= 0) continue;
      dots += given;
      if (tally.vote.named) givenBy.push({ voter: ballot.voter, name: ballot.name, dots: given });
    }
    return { candidate, dots, givenBy };
  });
  return ranked.sort((a, b) => b.dots - a.dots || a.candidate.label.localeCompare(b.candidate.label) || (a.candidate.id < b.candidate.id ? -1 : 1));
}

/** The candidates with the most dots (all tied at the top), none when nobody placed a dot. */
export function winnersOf(tally: TalliedVote, howMany = 1): Candidate[] {
  const ranked = rankingOf(tally).filter((r) => r.dots > 0);
  if (ranked.length === 0) return [];
  const cut = ranked[Math.min(howMany, ranked.length) - 1]!.dots;
  return ranked.filter((r) => r.dots >= cut).map((r) => r.candidate);
}
