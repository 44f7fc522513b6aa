import { performance } from 'node:perf_hooks';
import { HOLD_SKELETON_WORKFLOW, holdStatus } from '../baseline-definitions.ts';
import { inParallel } from '../load.ts';
import type { BenchSystem } from '../bench-system.ts';

/**
 * The gate's floor: skeleton holds (open on a timer, one query handler, no logic) grown to the same
 * counts as the real holds, on a worker run the same way, and queried at random one after another
 * through the Temporal client: the engine's own query path, cached and evicted alike.
 */
export function skeletonGate(sys: BenchSystem) {
  let holds = 0;
  const id = (n: number) => `hold-skeleton-${n}`;
  return {
    async growTo(target: number, concurrency = 16): Promise<void> {
      const from = holds;
      // Each start is followed by a query, which waits for the worker to have run the first task:
      // placed at the pace the worker keeps, as the real holds are (each placement waits on its update).
      await inParallel(target - from, concurrency, async (i) => {
        const handle = await sys.client.workflow.start(HOLD_SKELETON_WORKFLOW, {
          taskQueue: sys.baselineQueue,
          workflowId: id(from + i),
        });
        await handle.query(holdStatus);
      });
      holds = target;
    },
    async ask(count: number): Promise<number[]> {
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const handle = sys.client.workflow.getHandle(id(Math.floor(Math.random() * holds)));
        const started = performance.now();
        const status = await handle.query(holdStatus);
        samples.push(performance.now() - started);
        if (status.releasable) throw new Error('a skeleton hold answered releasable');
      }
      return samples;
    },
  };
}
