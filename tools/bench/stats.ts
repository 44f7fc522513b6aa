/** Pure statistics for the benchmark: percentiles of samples, and the spread of repetitions. */
import type { LoadResult } from './load.ts';

/** Nearest-rank percentile (p in 0–100) of samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latency(samples: readonly number[]): Latency {
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: percentile(samples, 100),
  };
}

/** A figure measured several times: the median is the figure, min and max show how much it moved. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** The spread of one field across repetitions, e.g. every repetition's p99. */
export const spreadOf = <T>(runs: readonly T[], pick: (run: T) => number): Spread => spread(runs.map(pick));

/** How much a figure grew from a first level to a last: last ÷ first. */
export const growth = (first: number, last: number): number => last / first;

/** Figures of a scenario's load runs. */
const failedIn = (runs: LoadResult[]) => runs.reduce((n, r) => n + r.failed, 0);
export const throughputOf = (runs: LoadResult[]) => spreadOf(runs, (r) => r.throughput);
export const callLatency = (runs: LoadResult[], call: string) => ({
  p50: spreadOf(runs, (r) => latency(r.calls[call] ?? []).p50),
  p95: spreadOf(runs, (r) => latency(r.calls[call] ?? []).p95),
  p99: spreadOf(runs, (r) => latency(r.calls[call] ?? []).p99),
});
export const assertClean = (name: string, runs: LoadResult[]) => {
  if (failedIn(runs) > 0)
    throw new Error(`${name}: ${failedIn(runs)} task(s) failed; first: ${runs.find((r) => r.firstError)?.firstError}`);
};
