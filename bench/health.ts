/*
 * Health figures, not tests (not in `npm run bench`; run with
 * `node --import tsx bench/health.ts`). On the benchmark workspace (200
 * objectives, 1,000 KRs of every kind, 20,000 check-ins), in Node, median of 7:
 *  - every signal of the workspace (`workspaceSignals`): what the app already
 *    computes when the board opens;
 *  - the at-a-glance summary from a read snapshot (`glanceOfSnapshot`: every
 *    KR's progress, signals, health and due, then the summary), what the
 *    report reads too;
 *  - the renderer's selectors over the live projection: `healthByKeyResult`
 *    and `selectGlance` cold (first open) and after one check-in (warm).
 */
import { dateWordsFor } from '../shared/dateWords';
import os from 'node:os';
import { recordCheckIn } from '../shared/commands/checkIns';
import { localContext } from '../shared/commands/context';
import { workspaceSignals } from '../shared/queries/decisions';
import { glanceOfSnapshot } from '../shared/queries/glance';
import { outlineOf } from '../shared/queries/outline';
import { trackedKeyResults } from '../shared/queries/tracking';
import { readWorkspace } from '../shared/schema/read';
import { DAY_MS, dateMs } from '../shared/dates';
import { generateWorkspace } from './generate';
import { BENCH_WORKSPACE, median, round } from './stats';

// The renderer's state modules reach the library store, which reads localStorage on load: an empty one will do.
const memory = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v), removeItem: (k: string) => void memory.delete(k) },
});
async function main() {
  const { healthByKeyResult, selectGlance } = await import('../renderer/state/health');
  const { fullProjection } = await import('../renderer/state/projection');

  const RUNS = 7;
  const time = (fn: () => unknown) => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };

  const { objectives, keyResults, checkIns } = BENCH_WORKSPACE;
  const { doc } = generateWorkspace(objectives, keyResults, checkIns, 1, { allKinds: true });
  const snapshot = readWorkspace(doc);
  const now = dateMs(snapshot.meta.cycleStart) + 60 * DAY_MS;

  const input = () => {
    const krs = trackedKeyResults(outlineOf(snapshot));
    const checkInsByKeyResult: Record<string, typeof snapshot.checkIns extends Map<string, infer C> ? C[] : never> = {};
    for (const c of snapshot.checkIns.values()) (checkInsByKeyResult[c.keyResultId] ??= []).push(c);
    const questionsByKeyResult: Record<string, typeof snapshot.questions extends Map<string, infer Q> ? Q[] : never> = {};
    for (const q of snapshot.questions.values()) (questionsByKeyResult[q.keyResultId] ??= []).push(q);
    return { meta: snapshot.meta, keyResults: krs, checkInsByKeyResult, questionsByKeyResult, decisions: snapshot.decisions.values() };
  };

  const signalsMs = median(Array.from({ length: RUNS }, () => time(() => workspaceSignals(input(), now))));
  const glanceMs = median(Array.from({ length: RUNS }, () => time(() => glanceOfSnapshot(snapshot, now, dateWordsFor('en-US')))));

  const cold: number[] = [];
  const coldGlance: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A fresh projection each run: new records, so every per-KR cache misses, as on opening.
    const projection = fullProjection(doc);
    cold.push(time(() => healthByKeyResult(projection, now + i)));
    coldGlance.push(time(() => selectGlance(projection, now + i)));
  }
  const ctx = localContext(doc, 'Bench', () => now);
  const projection = fullProjection(doc);
  healthByKeyResult(projection, now);
  selectGlance(projection, now);
  const kr = [...snapshot.keyResults.values()].find((k) => k.kind === 'milestone' && k.deletedAt === null)!;
  for (let i = 0; i < RUNS; i++) {
    recordCheckIn(ctx, kr.id, { value: i % 2, confidence: 7 });
    const after = fullProjectionKeepingIdentity(projection);
    warm.push(time(() => selectGlance(after, now)));
  }

  /** The projection after a check-in on one KR: only that KR's history is new (as the live projection does). */
  function fullProjectionKeepingIdentity(previous: ReturnType<typeof fullProjection>) {
    const next = fullProjection(doc);
    return { ...previous, checkInsByKeyResult: { ...previous.checkInsByKeyResult, [kr.id]: next.checkInsByKeyResult[kr.id]! } };
  }

  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, load: os.loadavg().map((l) => round(l)) },
        workspace: BENCH_WORKSPACE,
        nodeMedianMs: {
          workspaceSignals: round(signalsMs),
          glanceOfSnapshot: round(glanceMs),
          healthByKeyResultCold: round(median(cold)),
          selectGlanceAfterColdHealth: round(median(coldGlance)),
          selectGlanceAfterOneCheckIn: round(median(warm)),
        },
      },
      null,
      2,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
