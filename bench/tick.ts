/*
 * `npm run bench`: the once-a-minute clock on OKR-XL, figures, not tests. The
 * renderer's own selectors (renderer/state/health.ts, signals.ts) over the
 * projection of the OKR-XL file bench/xl.ts keeps in the temp folder, in Node:
 * what a minute passing costs the board's standings, At a glance and the
 * Signals tab's count, asked as the OKRs view asks them.
 *  - the first ask at "now" (every standing computed: the open);
 *  - 30 ordinary minutes after it (median and worst): only the standings
 *    whose time boundary a minute crossed are computed again;
 *  - the minute in which the share of the cycle gone turns a whole percent,
 *    when every KR's pace words change ("… with 67% of the cycle gone"): every
 *    standing again, what every minute cost before;
 *  - the floor: the same asked again with nothing changed (lookups);
 *  - a check-in: the Signals count after it (kept per KR, signals.ts
 *    selectOpenSignalCount), beside what it cost as the open ones among every
 *    signal of every KR (selectWorkspaceSignals), median of 5 check-ins each,
 *    over the projection as the app keeps it (observeProjection).
 * Writes bench/results/tick.json.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DAY_MS, dateMs } from '../shared/dates';
import { readWorkspaceFile } from '../shared/format/workspaceFile';
import type * as Y from 'yjs';
import { recordCheckIn } from '../shared/commands/checkIns';
import { localContext } from '../shared/commands/context';
import type { Projection } from '../renderer/state/projection';
import { median, round } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');
/** bench/xl.ts's XL_WORKSPACE (importing it would run that bench). */
const XL_WORKSPACE = { objectives: 2_000, keyResults: 10_000, checkIns: 200_000 } as const;
const MINUTE = 60_000;
const ORDINARY_MINUTES = 30;

/** The renderer's stores read the device's localStorage as they are made: in Node, an empty one (nothing here is stored). */
function withEmptyLocalStorage(): void {
  const items = new Map<string, string>();
  const storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'clear' | 'key' | 'length'> = {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
}

/** The renderer's selectors, loaded once localStorage is there. */
async function selectors() {
  withEmptyLocalStorage();
  const { selectGlance, selectStandings } = await import('../renderer/state/health');
  const { fullProjection } = await import('../renderer/state/projection');
  const { selectOpenSignalCount, selectWorkspaceSignals } = await import('../renderer/state/signals');
  const { observeProjection } = await import('../renderer/state/projection');
  /** What the OKRs view asks on a minute: every standing (the board's rows and cards read them), At a glance, the Signals count. */
  const askAsTheViewDoes = (p: Projection, now: number): number => {
    const t = performance.now();
    selectStandings(p, now);
    selectGlance(p, now);
    selectOpenSignalCount(p, now);
    return performance.now() - t;
  };
  /** The Signals count after each of `count` check-ins, asked as the tab bar asks (`how`), ms each. */
  const countAfterCheckIns = (doc: Y.Doc, krIds: readonly string[], now: number, how: 'per KR' | 'every signal'): number[] => {
    let p!: Projection;
    const stop = observeProjection(doc, (next) => (p = next), (flush) => flush());
    const ask = () => (how === 'per KR' ? selectOpenSignalCount(p, now) : selectWorkspaceSignals(p, now).filter((s) => !s.closedBy).length);
    ask();
    const times = krIds.map((id, i) => {
      recordCheckIn(localContext(doc, 'Bench', () => now), id, { value: 50 + i, confidence: 7 });
      const t = performance.now();
      ask();
      return performance.now() - t;
    });
    stop();
    return times;
  };
  return { fullProjection, askAsTheViewDoes, countAfterCheckIns };
}

async function main() {
  const { objectives, keyResults, checkIns } = XL_WORKSPACE;
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const cached = path.join(os.tmpdir(), `cairn-bench-xl-${objectives}-${keyResults}-${checkIns}-${new Date(today).toISOString().slice(0, 10)}.cairn`);
  if (!existsSync(cached)) {
    console.log(`Skipped: ${cached} is missing (bench/xl.ts writes it; run it first).`);
    return;
  }
  console.log(`The clock on OKR-XL (load average ${round(os.loadavg()[0] ?? 0, 2)})…`);
  const { fullProjection, askAsTheViewDoes, countAfterCheckIns } = await selectors();
  const { doc } = readWorkspaceFile(new Uint8Array(await readFile(cached)));
  const p = fullProjection(doc);
  const meta = p.meta;
  if (!meta) throw new Error('OKR-XL has no meta');

  const start = Date.now();
  const firstMs = askAsTheViewDoes(p, start);
  const floorMs = median(Array.from({ length: 5 }, () => askAsTheViewDoes(p, start)));
  let now = start;
  const minutes: number[] = [];
  for (let i = 0; i < ORDINARY_MINUTES; i++) minutes.push(askAsTheViewDoes(p, (now += MINUTE)));

  // The next minute in which the cycle's share gone passes a half percent (whole percent in words).
  const cycleStart = dateMs(meta.cycleStart);
  const cycleEnd = dateMs(meta.cycleEnd) + DAY_MS;
  const points = ((now - cycleStart) / (cycleEnd - cycleStart)) * 100;
  const turn = points < 100 ? cycleStart + ((Math.floor(points + 0.5) + 0.5) / 100) * (cycleEnd - cycleStart) : null;
  let turnMs: number | null = null;
  if (turn !== null) {
    askAsTheViewDoes(p, turn - MINUTE);
    turnMs = askAsTheViewDoes(p, turn + MINUTE);
  }

  // Two sets of five KRs, one per way of counting (a KR checked in twice would find its own cache warm).
  const krIds = Object.keys(p.checkInsByKeyResult).slice(0, 10);
  const countNowMs = median(countAfterCheckIns(doc, krIds.slice(0, 5), now, 'per KR'));
  const countBeforeMs = median(countAfterCheckIns(doc, krIds.slice(5), now, 'every signal'));

  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: round(os.loadavg()[0] ?? 0, 2) },
    workspace: XL_WORKSPACE,
    firstAskMs: round(firstMs),
    ordinaryMinute: { medianMs: round(median(minutes)), worstMs: round(Math.max(...minutes)), minutes: ORDINARY_MINUTES },
    percentTurnMinuteMs: turnMs === null ? null : round(turnMs),
    floorNothingChangedMs: round(floorMs),
    checkInSignalsCount: { perKeyResultMs: round(countNowMs), everySignalMs: round(countBeforeMs), checkIns: 5 },
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  const out = path.join(ROOT, 'bench/results/tick.json');
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  const rows: [string, string][] = [
    ['first ask (every standing, the glance, every signal)', `${results.firstAskMs} ms`],
    [`an ordinary minute (median / worst of ${ORDINARY_MINUTES})`, `${results.ordinaryMinute.medianMs} / ${results.ordinaryMinute.worstMs} ms`],
    ['the minute the cycle turns a percent (every pace’s words)', turnMs === null ? '— (cycle over)' : `${results.percentTurnMinuteMs} ms`],
    ['floor: asked again, nothing changed', `${results.floorNothingChangedMs} ms`],
    ['a check-in: the Signals count kept per KR (median of 5)', `${results.checkInSignalsCount.perKeyResultMs} ms`],
    ['  as it was: the open ones of every signal (median of 5)', `${results.checkInSignalsCount.everySignalMs} ms`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value.padStart(16)}`);
  console.log(`Written to ${path.relative(ROOT, out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
