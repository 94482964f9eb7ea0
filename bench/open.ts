/*
 * `npm run bench`: the open paths, figures next to their floors, not tests.
 * In browser mode (Debian's Chromium, Cairn's web server, a fresh profile per
 * run), each `.cairn` file is opened as a person does it: *Open or import a
 * file…* in the library, the file chooser, then the workspace's board. Then
 * the page is reloaded, so the same workspace opens again from IndexedDB.
 *  - bench: the 200-objective / 1,000-KR / 20,000-check-in workspace written
 *    with stock yjs (bench/generate.ts, shared/format/workspaceFile.ts);
 *  - history: a year of a team's edits (bench/history.ts: ten cycles, titles
 *    retyped keystroke by keystroke, 50,000 check-ins, deletes and restores);
 *  - fresh: the history's final content written in one go (its JSON export
 *    imported), the document the history is compared to.
 * Figures (medians): from the file chosen (the input's `change` event) to
 * `cairn:workspace-usable` (first screenful) and `cairn:workspace-complete`
 * (every objective reachable); on reload from `cairn:workspace-open-start` to
 * both; the floor is a stock `Y.applyUpdate` of the file's update in the same
 * page (warm: the median of three calls after the app's own open). Beside it,
 * the cold floor: the first Y.applyUpdate of the same bytes in a fresh blank
 * page, the price any page pays for its first decode (Yjs's code not yet
 * optimised), which the app's first open pays too. Start-up: the library's
 * first paint and the reopen's usable, both from the navigation's start (the
 * bundle's load and start-up in them).
 * CAIRN_BENCH_PROFILE=<dir> writes CPU profiles of the first chooser
 * open and reopen of each file and prints where their time went.
 * Writes bench/results/open.json. Serves dist/renderer (`npm run build`) or
 * CAIRN_BENCH_RENDERER.
 */
import { build } from 'esbuild';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as Y from 'yjs';
import { startWebServer } from '../electron/server/webServer';
import { workspaceToFile } from '../shared/format/workspaceFile';
import { chromiumPath } from '../test/e2e/harness';
import { generateWorkspace } from './generate';
import { generateYearOfHistory, YEAR_OF_HISTORY } from './history';
import { printTimes, topSelfTime, topTotalTime, type CpuProfile } from './profile';
import { BENCH_WORKSPACE, median, rendererRoot, round } from './stats';

const RUNS = Number(process.env.CAIRN_BENCH_RUNS ?? 5);
const ROOT = path.resolve(import.meta.dirname, '..');
const TARGETS = { chooserUsableMs: 1_000, chooserUsableVsFloor: 2, chooserCompleteVsFloor: 3, reopenUsableVsFloor: 2, historyVsFresh: 2 };

const SETUP = `
  if (!localStorage.getItem('cairn.identity.v1')) localStorage.setItem('cairn.identity.v1', 'Bench');
  document.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'file') performance.mark('bench:file-chosen');
  }, true);
  // On the library's route only: a reopen (a workspace's route) is not slowed by the watching.
  if (!location.hash.startsWith('#/w')) {
    const libraryShown = () => [...document.querySelectorAll('button')].some((button) => button.textContent.includes('Open or import a file'));
    new MutationObserver((_, observer) => {
      if (!libraryShown()) return;
      observer.disconnect();
      requestAnimationFrame(() => performance.mark('bench:library-painted'));
    }).observe(document, { childList: true, subtree: true });
  }
`;

// Strings, not functions: tsx would wrap a function with helpers the page lacks.
const MARKS = (from: string) => `(() => {
  const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
  const from = at(${JSON.stringify(from)});
  return {
    toFileOpenStart: at('cairn:file-open-start') - from,
    toFileChecked: at('cairn:file-checked') - from,
    toFileStored: at('cairn:file-stored') - from,
    toOpenStart: at('cairn:workspace-open-start') - from,
    toRead: at('cairn:workspace-read') - from,
    toLoaded: at('cairn:workspace-loaded') - from,
    toUsable: at('cairn:workspace-usable') - from,
    toComplete: at('cairn:workspace-complete') - from,
  };
})()`;
type Marks = { toFileOpenStart: number; toFileChecked: number; toFileStored: number; toOpenStart: number; toRead: number; toLoaded: number; toUsable: number; toComplete: number };
const COMPLETE = "performance.getEntriesByName('cairn:workspace-complete').length > 0";
/** The library painted: the frame after its first button is in the page, from the navigation's start (SETUP marks it). */
const LIBRARY_PAINTED = "performance.getEntriesByName('bench:library-painted')[0]?.startTime ?? NaN";
const USABLE_SINCE_NAVIGATION = "performance.getEntriesByName('cairn:workspace-usable')[0]?.startTime ?? NaN";

interface Subject {
  name: string;
  filePath: string;
  update: Uint8Array;
  fileBytes: number;
}

async function profiled<T>(page: Page, label: string | null, run: () => Promise<T>): Promise<T> {
  const dir = process.env.CAIRN_BENCH_PROFILE;
  if (!dir || !label) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
  printTimes(`Total time, ${label}`, topTotalTime(profile, 40));
  printTimes(`Self time, ${label}`, topSelfTime(profile, 20));
  await cdp.detach();
  return result;
}

/** One run in a fresh profile: the chooser open, the reopen, and the floor of the file's update, all in one page. */
async function runOnce(browser: Browser, url: string, subject: Subject, floorScript: string, profile: boolean) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  try {
    await context.addInitScript(SETUP);
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Open or import a file…' }).waitFor();
    // From the navigation's start: the bundle's download, parse and start-up are in it (the marks below start later).
    await page.waitForFunction("performance.getEntriesByName('bench:library-painted').length > 0");
    const libraryPaintedMs = (await page.evaluate(LIBRARY_PAINTED)) as number;
    const chooser = await profiled(page, profile ? `${subject.name}-chooser` : null, async () => {
      const [picker] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open or import a file…' }).click()]);
      await picker.setFiles(subject.filePath);
      await page.waitForFunction(COMPLETE, undefined, { timeout: 120_000 });
      return (await page.evaluate(MARKS('bench:file-chosen'))) as Marks;
    });
    // Let the background work of the open (storing, the library) settle before reloading.
    await page.waitForTimeout(1_000);
    const reopen = await profiled(page, profile ? `${subject.name}-reopen` : null, async () => {
      await page.reload();
      await page.waitForFunction(COMPLETE, undefined, { timeout: 120_000 });
      return { ...((await page.evaluate(MARKS('cairn:workspace-open-start'))) as Marks), fromNavigationUsable: (await page.evaluate(USABLE_SINCE_NAVIGATION)) as number };
    });
    const objectivesInList = Number(await page.locator('[role="list"][aria-label="Objectives"] > [role="listitem"]').first().getAttribute('aria-setsize'));
    await page.addScriptTag({ content: floorScript });
    const base64 = Buffer.from(subject.update).toString('base64');
    const floors: number[] = [];
    for (let i = 0; i < 3; i++) floors.push((await page.evaluate(`window.cairnBenchApplyUpdate(${JSON.stringify(base64)})`)) as number);
    // The first call runs Yjs's code cold, as the app's first decode in a fresh page does; the median is warm.
    return { chooser, reopen, floor: median(floors), floorCold: floors[0]!, objectivesInList, libraryPaintedMs };
  } finally {
    await context.close();
  }
}

/** The first Y.applyUpdate of the file's update in a fresh blank page: Yjs's code runs cold, as in any page's first open. */
async function freshPageColdFloor(browser: Browser, subject: Subject, floorScript: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('about:blank');
    await page.addScriptTag({ content: floorScript });
    return (await page.evaluate(`window.cairnBenchApplyUpdate(${JSON.stringify(Buffer.from(subject.update).toString('base64'))})`)) as number;
  } finally {
    await context.close();
  }
}

async function measure(browser: Browser, url: string, subject: Subject, floorScript: string) {
  const runs: (Awaited<ReturnType<typeof runOnce>> & { floorFreshCold: number })[] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push({ ...(await runOnce(browser, url, subject, floorScript, i === 0)), floorFreshCold: await freshPageColdFloor(browser, subject, floorScript) });
    const { chooser, reopen, floor, floorFreshCold } = runs[i]!;
    console.log(
      `${subject.name} run ${i + 1}: chooser checked ${round(chooser.toFileChecked)} ms, usable ${round(chooser.toUsable)} ms, reopen usable ${round(reopen.toUsable)} ms, floor ${round(floor)} ms (cold in a fresh page ${round(floorFreshCold)} ms)`,
    );
  }
  const med = (pick: (r: (typeof runs)[number]) => number) => round(median(runs.map(pick)));
  const floorMs = med((r) => r.floor);
  const floorColdMs = med((r) => r.floorCold);
  const floorFreshColdMs = med((r) => r.floorFreshCold);
  const ratio = (ms: number) => round(ms / floorMs, 2);
  const coldRatio = (ms: number) => round(ms / floorFreshColdMs, 2);
  const chooserUsableMs = med((r) => r.chooser.toUsable);
  const chooserCompleteMs = med((r) => r.chooser.toComplete);
  const reopenUsableMs = med((r) => r.reopen.toUsable);
  const reopenCompleteMs = med((r) => r.reopen.toComplete);
  return {
    fileBytes: subject.fileBytes,
    objectivesInList: runs[0]!.objectivesInList,
    floorMs,
    floorColdMs,
    floorFreshColdMs,
    chooser: {
      usableMs: chooserUsableMs,
      usableVsFloor: ratio(chooserUsableMs),
      usableVsFreshColdFloor: coldRatio(chooserUsableMs),
      completeMs: chooserCompleteMs,
      completeVsFloor: ratio(chooserCompleteMs),
      completeVsFreshColdFloor: coldRatio(chooserCompleteMs),
      // Phases from the file chosen: its bytes read, checked (decoded), stored, the workspace session started, usable.
      toFileOpenStartMs: med((r) => r.chooser.toFileOpenStart),
      toFileCheckedMs: med((r) => r.chooser.toFileChecked),
      toFileStoredMs: med((r) => r.chooser.toFileStored),
      toOpenStartMs: med((r) => r.chooser.toOpenStart),
    },
    libraryPaintedMs: med((r) => r.libraryPaintedMs),
    reopen: { fromNavigationUsableMs: med((r) => r.reopen.fromNavigationUsable), usableMs: reopenUsableMs, usableVsFloor: ratio(reopenUsableMs), usableVsFreshColdFloor: coldRatio(reopenUsableMs), completeMs: reopenCompleteMs, completeVsFloor: ratio(reopenCompleteMs), readMs: med((r) => r.reopen.toRead), loadedMs: med((r) => r.reopen.toLoaded) },
    runs: runs.map((r) => ({
      floor: round(r.floor),
      floorCold: round(r.floorCold),
      floorFreshCold: round(r.floorFreshCold),
      chooser: Object.fromEntries(Object.entries(r.chooser).map(([k, v]) => [k, round(v)])),
      reopen: Object.fromEntries(Object.entries(r.reopen).map(([k, v]) => [k, round(v)])),
    })),
  };
}

async function writeSubject(dir: string, name: string, doc: Y.Doc): Promise<Subject> {
  const file = workspaceToFile(doc, 'bench', Date.UTC(2026, 11, 1));
  const filePath = path.join(dir, `${name}.cairn`);
  await writeFile(filePath, file);
  return { name, filePath, update: Y.encodeStateAsUpdate(doc), fileBytes: file.length };
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cairn-bench-open-'));
  const { objectives, keyResults, checkIns } = BENCH_WORKSPACE;
  console.log(`Generating ${objectives} objectives, ${keyResults} key results, ${checkIns} check-ins, and a year of history…`);
  const bench = await writeSubject(dir, 'bench', generateWorkspace(objectives, keyResults, checkIns).doc);
  if (process.env.CAIRN_BENCH_OPEN_QUICK) return quick(bench, dir);
  const year = generateYearOfHistory();
  const history = await writeSubject(dir, 'history', year.history);
  const fresh = await writeSubject(dir, 'fresh', year.fresh);
  const floorScript = (await build({ entryPoints: [path.join(ROOT, 'bench/floor.ts')], bundle: true, write: false, format: 'iife', target: 'es2022' })).outputFiles[0]!.text;

  const server = await startWebServer({ root: rendererRoot(), port: 0 });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const figures = {
      bench: await measure(browser, server.url, bench, floorScript),
      history: await measure(browser, server.url, history, floorScript),
      fresh: await measure(browser, server.url, fresh, floorScript),
    };
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg().map((l) => round(l, 2)), node: process.version },
      runs: RUNS,
      workspaces: { bench: BENCH_WORKSPACE, history: { plan: YEAR_OF_HISTORY, ...year.counts } },
      targets: TARGETS,
      ...figures,
      historyVsFresh: {
        fileBytes: round(history.fileBytes / fresh.fileBytes, 2),
        floor: round(figures.history.floorMs / figures.fresh.floorMs, 2),
        chooserUsable: round(figures.history.chooser.usableMs / figures.fresh.chooser.usableMs, 2),
        chooserComplete: round(figures.history.chooser.completeMs / figures.fresh.chooser.completeMs, 2),
        reopenUsable: round(figures.history.reopen.usableMs / figures.fresh.reopen.usableMs, 2),
      },
    };
    const out = path.join(ROOT, 'bench/results/open.json');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify({ ...results, bench: { ...results.bench, runs: undefined }, history: { ...results.history, runs: undefined }, fresh: { ...results.fresh, runs: undefined } }, null, 2));
    console.log(`\nWritten to ${path.relative(ROOT, out)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The bench workspace alone, printed, not written: for profiling a change. */
async function quick(bench: Subject, dir: string) {
  const floorScript = (await build({ entryPoints: [path.join(ROOT, 'bench/floor.ts')], bundle: true, write: false, format: 'iife', target: 'es2022' })).outputFiles[0]!.text;
  const server = await startWebServer({ root: rendererRoot(), port: 0 });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const { runs: _runs, ...figures } = await measure(browser, server.url, bench, floorScript);
    console.log(JSON.stringify({ dir, ...figures }, null, 2));
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
