import { inParallel } from '../load.ts';
import { syntheticPrisoner, type Call } from '../http.ts';
import type { BenchSystem } from '../system.ts';
import type { ProcessMetrics } from '../system-process.ts';

export interface CostSample {
  openCases: number;
  worker: ProcessMetrics;
  databaseBytes: number;
}

/**
 * What open cases cost while they wait: urgent queries raised over HTTP with a release a month
 * away, so each sits on its timers. At each level the worker's memory and event-loop delay and the
 * database size are sampled while the system idles.
 */
export function costCurve(sys: BenchSystem, call: Call, tokens: { prison: string }) {
  let open = 0;
  const plannedRelease = new Date(Date.now() + 30 * 86_400_000).toISOString();
  return {
    async growTo(target: number, concurrency = 16): Promise<void> {
      const from = open;
      await inParallel(target - from, concurrency, (i) =>
        call('POST', '/api/urgent-queries', tokens.prison, { prisonCode: 'MDI', prisonerNumber: syntheticPrisoner('C', from + i), category: 'SENTENCE_CALCULATION', question: 'Please check the calculation', plannedRelease }),
      );
      open = target;
    },
    async sample(times: number, everyMs: number): Promise<CostSample[]> {
      await sys.workerMetrics(); // resets the event-loop histogram: what follows is the idle window
      const samples: CostSample[] = [];
      for (let i = 0; i < times; i++) {
        await new Promise((r) => setTimeout(r, everyMs));
        samples.push({ openCases: open, worker: await sys.workerMetrics(), databaseBytes: sys.databaseBytes() });
      }
      return samples;
    },
  };
}
