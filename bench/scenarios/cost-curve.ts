import { performance } from 'node:perf_hooks';
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
    /** Raises queries until `target` are open; resolves once the worker has taken each one's first task. */
    async growTo(target: number, concurrency = 16): Promise<{ raisedSeconds: number; settledSeconds: number }> {
      const from = open;
      const started = performance.now();
      await inParallel(target - from, concurrency, (i) =>
        call('POST', '/api/urgent-queries', tokens.prison, { prisonCode: 'MDI', prisonerNumber: syntheticPrisoner('C', from + i), category: 'SENTENCE_CALCULATION', question: 'Please check the calculation', plannedRelease }),
      );
      const raisedSeconds = (performance.now() - started) / 1000;
      open = target;
      // The API answers once a query is started; the worker sets its urgency on its first task.
      const settled = `WorkflowType = 'urgentQuery' AND RgCategory = 'SENTENCE_CALCULATION' AND RgUrgency IS NOT NULL`;
      while ((await sys.client.workflow.count(settled)).count < target) await new Promise((r) => setTimeout(r, 500));
      return { raisedSeconds, settledSeconds: (performance.now() - started) / 1000 };
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
