/*
 * `npm run bench`: the long lists besides the board, on OKR-XL. The XL
 * workspace (2,000 objectives, 10,000 KRs, 200,000 check-ins: bench/xl.ts's,
 * reused from the temp folder when that bench built it today) gains what
 * those lists need to be long (bench/generateLists.ts: 1,000 decisions, 300
 * rollout plans, 1,000 more check-ins on one KR, a company's alignment of
 * every objective under 20 north stars and 300 dependencies between ten
 * teams: the Teams tab's tree and list), and the library 1,000
 * workspaces. In Chromium (browser mode, the built renderer), each view is
 * opened from a freshly loaded page: click → its first item painted, the
 * longest task from the click until a second after (so work that follows the
 * first paint counts), and how many items are in the page then.
 * The floor of each: the same click on a view that renders nothing of the list
 * (the Changes tab; for the library, an empty one), measured the same way.
 * `--only <words,…>` measures the floor and the views whose name holds one
 * of the words, and writes nothing.
 * `--dist <dir>` measures another build (e.g. the code before the lists were
 * virtual); it then writes bench/results/lists-<name>.json, named by `--name`.
 * Writes bench/results/lists.json.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { readWorkspaceFile, workspaceToFile } from '../shared/format/workspaceFile';
import { withImportedWorkspace } from './browser';
import { generateWorkspace } from './generate';
import { addAlignment, addListItems, libraryEntries, timelineKeyResult } from './generateLists';
import { rendererRoot, round } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const DAY_MS = 86_400_000;
const XL = { objectives: 2_000, keyResults: 10_000, checkIns: 200_000 } as const;
/** A view not rendered within this is reported as such (the page is then dropped). */
const GIVE_UP_MS = 60_000;
const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);

interface ViewSpec {
  name: string;
  /** What is clicked: a tab by the start of its text, or an element by selector. */
  click: { tab: string } | { selector: string };
  /** The list's items: the view is rendered once the first is in the page. */
  items: string;
}

interface ViewFigures {
  view: string;
  clickToRenderedMs: number | null;
  longestTaskMs: number | null;
  longTasks: number;
  itemsInPage: number;
}

/** Clicks, waits for the first item and a painted frame, then a second of whatever follows; in the page (a string: tsx would wrap a function). */
const MEASURE = (spec: ViewSpec) => `(async () => {
  const spec = ${JSON.stringify(spec)};
  const tasks = [];
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration); });
  observer.observe({ type: 'longtask' });
  const target = spec.click.tab
    ? [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent.trim().startsWith(spec.click.tab))
    : document.querySelector(spec.click.selector);
  if (!target) throw new Error('nothing to click for ' + spec.name);
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const start = performance.now();
  target.click();
  while (!document.querySelector(spec.items)) await new Promise((resolve) => requestAnimationFrame(resolve));
  await frame();
  const rendered = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  observer.disconnect();
  return { clickToRenderedMs: rendered, longestTaskMs: tasks.length ? Math.max(...tasks) : null, longTasks: tasks.length, itemsInPage: document.querySelectorAll(spec.items).length };
})()`;

/** Opens the workspace at `url` in a fresh page of the context (its IndexedDB holds it), measures `spec`, closes the page. */
async function measureView(context: BrowserContext, url: string, spec: ViewSpec): Promise<ViewFigures> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction("performance.getEntriesByName('cairn:workspace-complete').length > 0", undefined, { timeout: 120_000 });
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), GIVE_UP_MS));
    const figures = (await Promise.race([page.evaluate(MEASURE(spec)), timeout])) as Omit<ViewFigures, 'view'> | null;
    if (!figures) return { view: spec.name, clickToRenderedMs: null, longestTaskMs: null, longTasks: 0, itemsInPage: 0 };
    return { view: spec.name, ...figures, clickToRenderedMs: figures.clickToRenderedMs === null ? null : round(figures.clickToRenderedMs), longestTaskMs: figures.longestTaskMs === null ? null : round(figures.longestTaskMs) };
  } finally {
    await page.close({ runBeforeUnload: false }).catch(() => {});
  }
}

/** OKR-XL with the lists' items: from xl.ts's file of today when there is one, else generated (minutes). */
async function listsWorkspace(file: string) {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const xlFile = path.join(os.tmpdir(), `cairn-bench-xl-${XL.objectives}-${XL.keyResults}-${XL.checkIns}-${new Date(today).toISOString().slice(0, 10)}.cairn`);
  const doc = existsSync(xlFile)
    ? readWorkspaceFile(new Uint8Array(await readFile(xlFile))).doc
    : generateWorkspace(XL.objectives, XL.keyResults, XL.checkIns, 1, { timeline: { start: today - 60 * DAY_MS, cycleDays: 91, checkInDays: 60 }, allKinds: true }).doc;
  addListItems(doc, today - 30 * DAY_MS);
  addAlignment(doc, today - 30 * DAY_MS);
  const bytes = workspaceToFile(doc, 'bench-lists', Date.now());
  await writeFile(file, bytes);
  return { timelineTitle: timelineKeyResult(doc).title, bytes: bytes.length, reused: existsSync(xlFile) };
}

async function main() {
  const loadAverage1m = round(os.loadavg()[0] ?? 0, 2);
  const dist = argument('--dist') ?? rendererRoot();
  const name = argument('--name');
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist} has no index.html: run \`npm run build\` first`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cairn-bench-lists-'));
  const file = path.join(dir, 'okr-xl-lists.cairn');
  console.log(`Lists on OKR-XL (load average ${loadAverage1m})…`);
  const workspace = await listsWorkspace(file);
  console.log(`  ${round(workspace.bytes / 2 ** 20)} MB${workspace.reused ? ' (OKR-XL of today, reused)' : ''}`);

  const allViews: ViewSpec[] = [
    { name: 'floor: the Changes tab', click: { tab: 'Changes' }, items: '[role="tabpanel"]#panel-changes' },
    { name: 'decision log (Signals tab)', click: { tab: 'Signals' }, items: 'section[aria-label="Decision log"] .signal' },
    { name: 'alignment rows (Teams tab)', click: { tab: 'Teams' }, items: 'section[aria-label="Objectives by team"] .alignment-rows__title' },
    { name: 'rollout plans (Rollouts tab)', click: { tab: 'Rollouts' }, items: 'article[aria-label^="Rollout plan:"]' },
    { name: 'a key result’s timeline (its details)', click: { selector: `button[aria-label="Details of ${workspace.timelineTitle}"]` }, items: '.timeline__item' },
    { name: 'library (← Workspaces)', click: { selector: 'nav[aria-label="Breadcrumb"] a[href="#/"]' }, items: '.workspace-item' },
  ];
  // `--only timeline,rollout`: the floor and the views whose name holds one of those words; nothing is written then.
  const only = argument('--only')?.split(',');
  const views = only ? allViews.filter((v, i) => i === 0 || only.some((word) => v.name.includes(word))) : allViews;
  const figures = await withImportedWorkspace(dist, file, async (page) => {
    const context = page.context();
    const url = page.url();
    // The library: the workspace opened, and a thousand others.
    const entries = await page.evaluate((key) => localStorage.getItem(key) ?? '[]', 'cairn.library.v1');
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), ['cairn.library.v1', JSON.stringify([...(JSON.parse(entries) as unknown[]), ...libraryEntries()])] as const);
    const measured: ViewFigures[] = [];
    for (const spec of views) {
      measured.push(await measureView(context, url, spec));
      console.log(`  ${JSON.stringify(measured.at(-1))}`);
    }
    return measured;
  });

  const results = {
    date: new Date().toISOString(),
    build: name ?? 'this',
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30), node: process.version, loadAverage1m },
    workspace: { ...XL, extra: 'bench/generateLists.ts LIST_SIZES', libraryWorkspaces: 1_000, cairnFileBytes: workspace.bytes },
    views: figures,
  };
  const out = path.join(ROOT, `bench/results/lists${name ? `-${name}` : ''}.json`);
  if (!only) {
    await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  }
  const floor = figures[0]!;
  const width = Math.max(...figures.map((f) => f.view.length));
  console.log('');
  for (const f of figures) {
    const rendered = f.clickToRenderedMs === null ? `over ${GIVE_UP_MS / 1000} s` : `${f.clickToRenderedMs} ms`;
    const task = f.longestTaskMs === null ? 'no task over 50 ms' : `longest task ${f.longestTaskMs} ms`;
    console.log(`${f.view.padEnd(width)}  ${rendered.padStart(10)}  ${task}; ${f.itemsInPage} items in the page${f === floor ? '' : `; floor ${floor.clickToRenderedMs} ms`}`);
  }
  console.log(only ? '\nNot written (--only).' : `\nWritten to ${path.relative(ROOT, out)}`);
}

// The browser-mode server can keep a closed page's connection open: the figures are written, so end here.
main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
