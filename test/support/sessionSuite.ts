import { describe, expect, it, vi } from 'vitest';
import { restartTestIds } from './deterministicIds';
import { seededRandom } from './random';
import { runSession, type SessionResult } from './randomSession';

/*
 * Batches of seeded randomized sessions (randomSession.ts) for vitest. The
 * test files that call these replace shared/ids' newId with nextTestId
 * (vi.mock, which only works in the test file itself), so ids repeat from
 * run to run; the order keys' jitter comes from Math.random, seeded here.
 *
 * Replay a failing seed: CAIRN_SEEDS=1234,5678 npx vitest run test/unit/randomSessionReplay.test.ts
 */

/**
 * Sessions that still fail, each with the failure it shows (docs/undo.md,
 * "What is left"). Checked to fail exactly so: once fixed, the check fails
 * and the seed is taken off this list. None at the moment.
 */
export const KNOWN_FAILURES: ReadonlyMap<number, RegExp> = new Map();

/** Runs one session deterministically; a thrown error counts as a failure of that seed. */
export function replaySession(seed: number): SessionResult {
  restartTestIds(seed);
  const jitter = seededRandom(seed ^ 0x5bd1e995);
  const spy = vi.spyOn(Math, 'random').mockImplementation(jitter.next);
  try {
    return runSession(seed);
  } catch (error) {
    return { seed, replicas: 0, commands: 0, undos: 0, redos: 0, orphanedCheckIns: 0, failures: [`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`] };
  } finally {
    spy.mockRestore();
  }
}

/** Seeds first … first+count−1; returns the failed sessions and prints their seeds. */
export function runSeeds(first: number, count: number): { failed: SessionResult[]; commands: number; undos: number; redos: number } {
  const failed: SessionResult[] = [];
  const withOrphans: number[] = [];
  let commands = 0;
  let undos = 0;
  let redos = 0;
  for (let seed = first; seed < first + count; seed++) {
    const result = replaySession(seed);
    commands += result.commands;
    undos += result.undos;
    redos += result.redos;
    if (result.failures.length > 0 && !KNOWN_FAILURES.has(seed)) failed.push(result);
    if (result.orphanedCheckIns > 0) withOrphans.push(result.seed);
  }
  if (withOrphans.length > 0) console.log(`[sessions ${first}–${first + count - 1}] ended with check-ins of a missing key result: ${withOrphans.join(',')}`);
  if (failed.length > 0) console.log(`[sessions ${first}–${first + count - 1}] failing seeds: ${failed.map((f) => f.seed).join(',')}`);
  return { failed, commands, undos, redos };
}

/** Sessions per test: small enough that one slow machine stays inside the timeout, and a failure names a narrow range. */
const CHUNK = 50;

/** A vitest block asserting that every session of the range passes, in chunks of CHUNK sessions. */
export function describeSessions(first: number, count: number): void {
  describe(`seeded randomized sessions (3–5 replicas, every command module, undo and redo, partial and out-of-order delivery, partitions)`, () => {
    for (let start = first; start < first + count; start += CHUNK) {
      const size = Math.min(CHUNK, first + count - start);
      it(`sessions ${start}–${start + size - 1} converge, read with no problems and keep every live record in sight`, { timeout: 120_000 }, () => {
        const { failed, commands, undos } = runSeeds(start, size);
        expect(failed.map((f) => ({ seed: f.seed, failures: f.failures.slice(0, 5) }))).toEqual([]);
        for (const [seed, failure] of KNOWN_FAILURES) {
          if (seed >= start && seed < start + size) expect(replaySession(seed).failures, `known failure of session ${seed}`).toEqual([expect.stringMatching(failure)]);
        }
        // The sessions did exercise what they claim to.
        expect(commands).toBeGreaterThan(size * 20);
        expect(undos).toBeGreaterThan(size * 2);
      });
    }
  });
}
