/*
 * The cost of reading a whole workspace (readWorkspace: every field checked,
 * repairs listed) on the bench workspace: 200 objectives, 1,000 KRs, 20,000
 * check-ins. Prints the median and the spread of 40 runs after 3 warm-ups and
 * writes bench/results/read-cost.json. `node --import tsx bench/readCost.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readWorkspace } from '../shared/schema/read';
import { generateWorkspace } from './generate';
import { BENCH_WORKSPACE, median, round } from './stats';

const WARM_UPS = 3;
const RUNS = 40;

async function main() {
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
  const result = { medianMs: round(median(times)), minMs: round(times[0]!), maxMs: round(times.at(-1)!), runs: RUNS, problems };
  console.log(`readWorkspace: median ${result.medianMs} ms (min ${result.minMs}, max ${result.maxMs}) over ${RUNS} runs; ${problems} problems`);
  const report = { workspace: BENCH_WORKSPACE, readWorkspace: result, at: new Date().toISOString() };
  const dir = path.join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'read-cost.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`wrote ${path.join('bench', 'results', 'read-cost.json')}`);
}

void main();
