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
