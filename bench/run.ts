/*
 * `npm run bench`: figures, not tests. Builds a workspace of 200 objectives,
 * 1,000 KRs and 20,000 check-ins through the app's commands, then measures
 * its encoded size, how long browser mode takes to load it from IndexedDB and
 * render the objective list (median of 5), and the raw Y.applyUpdate floor of
 * the same bytes in the same Chromium. Writes bench/results/workspace-open.json.
 */
import { build } from 'esbuild';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { workspaceToFile } from '../shared/format/workspaceFile';
import { withImportedWorkspace } from './browser';
import { generateWorkspace } from './generate';
import { BENCH_WORKSPACE, median, round } from './stats';

const { objectives: OBJECTIVES, keyResults: KEY_RESULTS, checkIns: CHECK_INS } = BENCH_WORKSPACE;
const RUNS = 5;
const ROOT = path.resolve(import.meta.dirname, '..');


async function main() {
  console.log(`Generating ${OBJECTIVES} objectives, ${KEY_RESULTS} key results, ${CHECK_INS} check-ins…`);
  const generated = generateWorkspace(OBJECTIVES, KEY_RESULTS, CHECK_INS);
  const update = Y.encodeStateAsUpdate(generated.doc);
  const file = workspaceToFile(generated.doc, 'bench', Date.now());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cairn-bench-'));
  const filePath = path.join(dir, 'bench.cairn');
  await writeFile(filePath, file);

  const nodeFloor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const doc = new Y.Doc();
    const t = performance.now();
    Y.applyUpdate(doc, update);
    nodeFloor.push(performance.now() - t);
  }

  const floorScript = await build({ entryPoints: [path.join(ROOT, 'bench/floor.ts')], bundle: true, write: false, format: 'iife', target: 'es2022' });
  await withImportedWorkspace(path.join(ROOT, 'dist/renderer'), filePath, async (page, importMs) => {
    const runs: { navigationToUsable: number; openToUsable: number; indexedDbLoad: number; openToComplete: number; objectivesRendered: number; objectivesInList: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.reload();
      await page.waitForFunction("performance.getEntriesByName('cairn:workspace-complete').length > 0", undefined, { timeout: 120_000 });
      runs.push(
        // A string, not a function: tsx would wrap a function with helpers the page lacks.
        (await page.evaluate(`(() => {
          const at = (name) => performance.getEntriesByName(name)[0].startTime;
          return {
            navigationToUsable: at('cairn:workspace-usable'),
            openToUsable: at('cairn:workspace-usable') - at('cairn:workspace-open-start'),
            indexedDbLoad: at('cairn:workspace-loaded') - at('cairn:workspace-open-start'),
            openToComplete: at('cairn:workspace-complete') - at('cairn:workspace-open-start'),
            // The board is a virtual list: the cards in the page, and the objectives it holds (each item's aria-setsize).
            objectivesRendered: document.querySelectorAll('article.objective').length,
            objectivesInList: Number(document.querySelector('[role="list"][aria-label="Objectives"] > [role="listitem"]')?.getAttribute('aria-setsize') ?? 0),
          };
        })()`)) as (typeof runs)[number],
      );
    }
    await page.addScriptTag({ content: floorScript.outputFiles[0]!.text });
    const base64 = Buffer.from(update).toString('base64');
    const browserFloor: number[] = [];
    for (let i = 0; i < RUNS; i++) browserFloor.push((await page.evaluate(`window.cairnBenchApplyUpdate(${JSON.stringify(base64)})`)) as number);

    const floor = median(browserFloor);
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30), node: process.version },
      workspace: { objectives: OBJECTIVES, keyResults: KEY_RESULTS, checkIns: CHECK_INS },
      size: {
        encodedBytes: update.length,
        cairnFileBytes: file.length,
        bytesPerCheckIn: round((update.length - generated.bytesWithoutCheckIns) / CHECK_INS),
        totalBytesPerCheckIn: round(update.length / CHECK_INS),
        targetBytesPerCheckIn: 250,
      },
      browser: {
        runs: RUNS,
        importMs: round(importMs),
        navigationToUsableMs: round(median(runs.map((r) => r.navigationToUsable))),
        openToUsableMs: round(median(runs.map((r) => r.openToUsable))),
        indexedDbLoadMs: round(median(runs.map((r) => r.indexedDbLoad))),
        // Usable = the first screenful of objectives rendered and interactive; complete = all of them.
        openToCompleteMs: round(median(runs.map((r) => r.openToComplete))),
        rawApplyUpdateFloorMs: round(floor),
        overheadVsFloor: round(median(runs.map((r) => r.openToUsable)) / floor, 2),
        objectivesRendered: runs[0]?.objectivesRendered ?? 0,
        objectivesInList: runs[0]?.objectivesInList ?? 0,
        targets: { openToUsableMs: 1200, overheadVsFloor: 3 },
        allRuns: runs.map((r) => ({ ...r, navigationToUsable: round(r.navigationToUsable), openToUsable: round(r.openToUsable), indexedDbLoad: round(r.indexedDbLoad), openToComplete: round(r.openToComplete) })),
        floorRunsMs: browserFloor.map((f) => round(f)),
      },
      node: { rawApplyUpdateFloorMs: round(median(nodeFloor)) },
    };
    await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
    const out = path.join(ROOT, 'bench/results/workspace-open.json');
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
    console.log(`\nWritten to ${path.relative(ROOT, out)}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
