import path from 'node:path';
import { round } from './stats';

/** The parts of a V8 CPU profile (CDP `Profiler.stop`, `node --cpu-prof`) the summaries read. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

const frameName = (frame: CpuProfile['nodes'][number]['callFrame']) => `${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}:${frame.lineNumber + 1}`;

/** Milliseconds of samples per profile node. */
function sampledMs(profile: CpuProfile): Map<number, number> {
  const ms = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => ms.set(id, (ms.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000));
  return ms;
}

/** The functions with the most self time, as [name, ms] (heaviest first). */
export function topSelfTime(profile: CpuProfile, count = 25): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const [id, ms] of sampledMs(profile)) {
    const key = frameName(byId.get(id)!.callFrame);
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

/**
 * The functions with the most total time (themselves and what they call), as
 * [name, ms]; a function on the stack twice counts once, so a recursion does
 * not inflate it. Where the time goes, pass by pass.
 */
export function topTotalTime(profile: CpuProfile, count = 25): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const total = new Map<string, number>();
  for (const [id, ms] of sampledMs(profile)) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = frameName(byId.get(at)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  }
  return [...total.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

export function printTimes(title: string, rows: [string, number][]): void {
  console.log(`\n${title}:`);
  for (const [name, ms] of rows) console.log(`  ${round(ms).toString().padStart(8)} ms  ${name}`);
}

/** One event of a Chromium performance trace (Tracing, category devtools.timeline), as much of it as the summary reads. */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
}

/**
 * Where a trace's renderer main-thread time went, by the phases Chromium names
 * (script, style, layout, pre-paint, paint, layerize, commit, GC), in ms:
 * DevTools' Performance panel's categories, for the bench's own summary.
 * An event nested in another of its phase counts once; phases overlap only
 * where Chromium nests them (a forced layout inside script, all inside tasks).
 */
const TRACE_PHASES: Record<string, string> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  Layout: 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  Layerize: 'layerize',
  Commit: 'commit',
  MinorGC: 'gc',
  MajorGC: 'gc',
  RunTask: 'tasks',
};

export function tracePhases(trace: { traceEvents: TraceEvent[] } | TraceEvent[]): Record<string, number> {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  // The renderer's main thread: the one that ran the most Layout (every page's layout runs there).
  const threadTime = new Map<string, number>();
  for (const e of events) if (e.name === 'Layout' && e.ph === 'X') threadTime.set(`${e.pid}:${e.tid}`, (threadTime.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  const main = [...threadTime.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const phases: Record<string, number> = {};
  // An event inside another of its phase (a function called from an event handler) is already counted in it.
  const endOf = new Map<string, number>();
  const onMain = events.filter((e) => e.ph === 'X' && TRACE_PHASES[e.name] && `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts);
  for (const e of onMain) {
    const phase = TRACE_PHASES[e.name]!;
    if (e.ts < (endOf.get(phase) ?? -Infinity)) continue;
    endOf.set(phase, e.ts + (e.dur ?? 0));
    phases[phase] = (phases[phase] ?? 0) + (e.dur ?? 0) / 1000;
  }
  return Object.fromEntries(Object.entries(phases).map(([k, ms]) => [k, round(ms)]));
}
