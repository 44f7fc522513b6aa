import { performance } from 'node:perf_hooks';

/** Per-call latencies (ms) of one task, by call name. */
export type CallTimes = Record<string, number>;

export interface LoadResult {
  completed: number;
  failed: number;
  elapsedMs: number;
  /** Completed tasks per second. */
  throughput: number;
  /** Every sample of each call, ms. */
  calls: Record<string, number[]>;
  firstError?: string;
}

/** Times one call, adding it to `into` under `name`. */
export async function timed<T>(into: CallTimes, name: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await call();
  into[name] = performance.now() - started;
  return result;
}

/**
 * A closed loop: `concurrency` clients each run `task` back to back until `durationMs` has passed
 * (or `iterations` tasks have started), as a desk of users would. A failed task is counted, not retried.
 */
export async function closedLoop(options: {
  concurrency: number;
  durationMs?: number;
  iterations?: number;
  task: (n: number) => Promise<CallTimes>;
}): Promise<LoadResult> {
  const { concurrency, durationMs = Number.POSITIVE_INFINITY, iterations = Number.POSITIVE_INFINITY, task } = options;
  const calls: Record<string, number[]> = {};
  let started = 0;
  let completed = 0;
  let failed = 0;
  let firstError: string | undefined;
  const begin = performance.now();
  const more = () => performance.now() - begin < durationMs && started < iterations;
  const client = async () => {
    while (more()) {
      const n = started++;
      try {
        const times = await task(n);
        for (const [name, ms] of Object.entries(times)) (calls[name] ??= []).push(ms);
        completed++;
      } catch (err) {
        failed++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsedMs = performance.now() - begin;
  return {
    completed,
    failed,
    elapsedMs,
    throughput: (completed / elapsedMs) * 1000,
    calls,
    ...(firstError ? { firstError } : {}),
  };
}

/** Runs `work` with at most `concurrency` in flight: for populating thousands of cases. */
export async function inParallel(
  count: number,
  concurrency: number,
  work: (n: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const errors: Error[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const n = next++;
        await work(n).catch((err: Error) => errors.push(err));
      }
    }),
  );
  if (errors.length) throw new Error(`${errors.length} of ${count} failed; first: ${errors[0]!.message}`);
}
