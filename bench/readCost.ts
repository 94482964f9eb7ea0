/*
 * The cost of reading a whole workspace (readWorkspace) on the bench
 * workspace: 200 objectives, 1,000 KRs, 20,000 check-ins. Prints the median
 * and the spread of 40 runs after 3 warm-ups. `node --import tsx bench/readCost.ts`.
 */
import { readWorkspace } from '../shared/schema/read';
import { generateWorkspace } from './generate';
import { BENCH_WORKSPACE, median, round } from './stats';

const WARM_UPS = 3;
const RUNS = 40;

const { objectives, keyResults, checkIns } = BENCH_WORKSPACE;
const { doc } = generateWorkspace(objectives, keyResults, checkIns);
for (let i = 0; i < WARM_UPS; i++) readWorkspace(doc);
const times: number[] = [];
let problems = 0;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  problems = readWorkspace(doc).problems.length;
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(`readWorkspace: median ${round(median(times))} ms (min ${round(times[0]!)}, max ${round(times.at(-1)!)}) over ${RUNS} runs; ${problems} problems`);
