import type { BenchSystem } from '../bench-system.ts';
import type { ProcessMetrics } from '../system-process.ts';

export interface CostSample {
  openCases: number;
  worker: ProcessMetrics;
  databaseBytes: number;
}

/**
 * What open cases cost while they wait: the worker's memory and event-loop delay, and the size of
 * Temporal's database, sampled `times` times while the system idles.
 */
export async function sampleCost(
  sys: BenchSystem,
  openCases: number,
  times: number,
  everyMs: number,
  which: 'worker' | 'baseline' = 'worker',
): Promise<CostSample[]> {
  const metrics = which === 'worker' ? sys.workerMetrics : sys.baselineMetrics;
  await metrics(); // resets the event-loop histogram: what follows is the idle window
  const samples: CostSample[] = [];
  for (let i = 0; i < times; i++) {
    await new Promise((r) => setTimeout(r, everyMs));
    samples.push({ openCases, worker: await metrics(), databaseBytes: sys.databaseBytes() });
  }
  return samples;
}
