/*
 * Workspace-open of two renderer builds on the same machine, interleaved:
 * `node --import tsx bench/openCompare.ts <rendererA> <rendererB> [<rendererC>…] [rounds]`
 * (each a built dist/renderer, e.g. this worktree's and a base commit's;
 * ratios are to the last one).
 * A loaded machine slows both alike when their runs alternate, so the ratio
 * of their medians says more than two figures measured an hour apart.
 * CAIRN_BENCH_PROFILE=<dir> also writes a CPU profile of each build's last
 * open (<dir>/<label>.cpuprofile) and prints its top self-time functions.
 * Same figures as bench/run.ts (openToUsable, openToComplete), plus React
 * commits per open when the build reports them to a DevTools hook.
 */
import { writeFile, mkdtemp, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { startWebServer } from '../electron/server/webServer';
import { workspaceToFile } from '../shared/format/workspaceFile';
import { chromiumPath } from '../test/e2e/harness';
import { generateWorkspace } from './generate';
import { BENCH_WORKSPACE, median, round } from './stats';

interface Run {
  openToUsable: number;
  openToComplete: number;
  commits: number;
}

interface Side {
  label: string;
  page: Page;
  cdp: CDPSession;
  runs: Run[];
  close: () => Promise<void>;
}

// A minimal DevTools hook: React calls onCommitFiberRoot once per commit of a root.
const COUNT_COMMITS = `
  window.__cairnCommits = 0;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    renderers: new Map(), supportsFiber: true, isDisabled: false,
    inject() { return 1; }, checkDCE() {},
    onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot() { window.__cairnCommits++; },
  };
  if (!localStorage.getItem('cairn.identity.v1')) localStorage.setItem('cairn.identity.v1', 'Bench');
`;

async function openSide(label: string, root: string, filePath: string): Promise<Side> {
  const server = await startWebServer({ root, port: 0 });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await context.addInitScript(COUNT_COMMITS);
  const page = await context.newPage();
  await page.goto(server.url);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open or import a file…' }).click()]);
  await chooser.setFiles(filePath);
  await page.getByRole('article').first().waitFor({ timeout: 120_000 });
  const cdp = await context.newCDPSession(page);
  return {
    label,
    page,
    cdp,
    runs: [],
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

async function measure(side: Side, profileTo: string | null): Promise<void> {
  if (profileTo) {
    await side.cdp.send('Profiler.enable');
    await side.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await side.cdp.send('Profiler.start');
    // Call counts per function (precise coverage): how often health, due and the rows ran in one open.
    await side.cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  }
  await side.page.reload();
  await side.page.waitForFunction("performance.getEntriesByName('cairn:workspace-complete').length > 0", undefined, { timeout: 120_000 });
  // Let the work after "complete" (the At a glance panel, effects) finish inside the profile too.
  await side.page.waitForTimeout(500);
  if (profileTo) {
    const { profile } = await side.cdp.send('Profiler.stop');
    await writeFile(path.join(profileTo, `${side.label}.cpuprofile`), JSON.stringify(profile));
    printTop(side.label, profile);
    const { result } = await side.cdp.send('Profiler.takePreciseCoverage');
    await side.cdp.send('Profiler.stopPreciseCoverage');
    printCalls(side.label, result);
  }
  side.runs.push(
    (await side.page.evaluate(`(() => {
      const at = (name) => performance.getEntriesByName(name)[0].startTime;
      return {
        openToUsable: at('cairn:workspace-usable') - at('cairn:workspace-open-start'),
        openToComplete: at('cairn:workspace-complete') - at('cairn:workspace-open-start'),
        commits: window.__cairnCommits,
      };
    })()`)) as Run,
  );
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

function printTop(label: string, profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`\nTop self time, ${label}:`);
  for (const [name, ms] of top) console.log(`  ${round(ms).toString().padStart(8)} ms  ${name}`);
}

/** Functions whose call counts are printed (unminified builds keep their names). */
const COUNTED = (process.env.CAIRN_BENCH_COUNT ?? 'healthOfKeyResult,healthOfObjective,checkInDueOf,signalsOf,standingOfObjective,glanceOf,KeyResultRow,ObjectiveCard,HealthBadge,OwnerPicker,Avatar,initialsOf,Board').split(',');

interface Coverage {
  url: string;
  functions: { functionName: string; ranges: { count: number }[] }[];
}

function printCalls(label: string, scripts: Coverage[]): void {
  const calls = new Map<string, number>();
  for (const script of scripts)
    for (const fn of script.functions) {
      const name = fn.functionName.replace(/\d+$/, '');
      if (COUNTED.includes(name)) calls.set(name, (calls.get(name) ?? 0) + (fn.ranges[0]?.count ?? 0));
    }
  console.log(`\nCalls in one open, ${label}: ${COUNTED.map((n) => `${n} ${calls.get(n) ?? '-'}`).join(', ')}`);
}

async function main() {
  const args = process.argv.slice(2);
  const rounds = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 6;
  if (args.length < 2) throw new Error('usage: bench/openCompare.ts <rendererA> <rendererB> [<rendererC>…] [rounds]');
  const profileDir = process.env.CAIRN_BENCH_PROFILE ?? null;
  if (profileDir) await mkdir(profileDir, { recursive: true });
  const { objectives, keyResults, checkIns } = BENCH_WORKSPACE;
  const generated = generateWorkspace(objectives, keyResults, checkIns);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cairn-compare-'));
  const filePath = path.join(dir, 'bench.cairn');
  await writeFile(filePath, workspaceToFile(generated.doc, 'bench', Date.now()));

  const sides: Side[] = [];
  for (const [i, root] of args.entries()) sides.push(await openSide(String.fromCharCode(65 + i), path.resolve(root), filePath));
  try {
    for (let i = 0; i < rounds; i++) {
      // Alternate which goes first, so neither always follows the other's garbage.
      for (const side of i % 2 ? [...sides].reverse() : sides) await measure(side, profileDir && i === rounds - 1 ? profileDir : null);
    }
  } finally {
    for (const side of sides) await side.close();
  }
  const summary = sides.map((s, i) => ({
    label: s.label,
    root: args[i],
    openToUsableMs: round(median(s.runs.map((r) => r.openToUsable))),
    openToCompleteMs: round(median(s.runs.map((r) => r.openToComplete))),
    commitsPerOpen: median(s.runs.map((r) => r.commits)),
    runs: s.runs.map((r) => ({ openToUsable: round(r.openToUsable), openToComplete: round(r.openToComplete), commits: r.commits })),
  }));
  const last = summary.at(-1)!;
  const ratios = summary.map((s) => ({ label: s.label, openToUsable: round(s.openToUsableMs / last.openToUsableMs, 2), openToComplete: round(s.openToCompleteMs / last.openToCompleteMs, 2) }));
  const results = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => round(l, 2)) }, rounds, sides: summary, ratiosToLast: ratios };
  const out = path.join(import.meta.dirname, 'results', 'open-compare.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
