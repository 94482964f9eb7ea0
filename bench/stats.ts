import path from 'node:path';

/** The benchmark workspace every figure is measured on (bench/generate.ts builds it). */
export const BENCH_WORKSPACE = { objectives: 200, keyResults: 1_000, checkIns: 20_000 } as const;

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The renderer build the browser benchmarks serve: CAIRN_BENCH_RENDERER, else dist/renderer (`npm run build`). */
export const rendererRoot = () => path.resolve(process.env.CAIRN_BENCH_RENDERER ?? path.join(import.meta.dirname, '..', 'dist', 'renderer'));
