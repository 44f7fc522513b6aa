import { performance } from 'node:perf_hooks';
import { inParallel } from '../load.ts';
import { syntheticPrisoner, type Call } from '../http.ts';

/**
 * The discharge gate under a growing number of active holds: each hold is a running workflow,
 * placed as the prison would place it, and `release-status` is a workflow query on it.
 */
export function releaseGate(call: Call, tokens: { prison: string }) {
  let holds = 0;
  const prisoner = (n: number) => syntheticPrisoner('G', n);
  return {
    get holds() {
      return holds;
    },
    /** Places manual holds until `target` prisoners have one. */
    async growTo(target: number, concurrency = 16): Promise<void> {
      const from = holds;
      await inParallel(target - from, concurrency, (i) =>
        call('POST', `/api/prisoners/${prisoner(from + i)}/holds`, tokens.prison, {
          prisonCode: 'MDI',
          reason: 'Awaiting the remand warrant',
        }),
      );
      holds = target;
    },
    /** The desk's question, asked `count` times one after another about prisoners picked at random. */
    async ask(count: number): Promise<number[]> {
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const pn = prisoner(Math.floor(Math.random() * holds));
        const started = performance.now();
        const status = await call<{ releasable: boolean }>('GET', `/api/prisoners/${pn}/release-status`, tokens.prison);
        samples.push(performance.now() - started);
        if (status.releasable) throw new Error('a held prisoner was reported releasable');
      }
      return samples;
    },
  };
}
