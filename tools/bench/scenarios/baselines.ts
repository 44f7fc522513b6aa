import { randomUUID } from 'node:crypto';
import { NOOP_WORKFLOW, SKELETON_WORKFLOW, step, steps } from '../baseline-definitions.ts';
import { closedLoop, timed, type CallTimes, type LoadResult } from '../load.ts';
import type { BenchSystem } from '../bench-system.ts';

/** Bare start: start to completion of a no-op workflow through the Temporal client. */
export function bareStart(sys: BenchSystem, concurrency: number, durationMs: number): Promise<LoadResult> {
  return closedLoop({
    concurrency,
    durationMs,
    task: async () => {
      const times: CallTimes = {};
      await timed(times, 'startToComplete', () =>
        sys.client.workflow.execute(NOOP_WORKFLOW, {
          taskQueue: sys.baselineQueue,
          workflowId: `noop-${randomUUID()}`,
        }),
      );
      return times;
    },
  });
}

/** Skeleton: an urgent-query cycle's calls (start, three updates, a query) on a workflow with no logic. */
export function skeleton(sys: BenchSystem, concurrency: number, durationMs: number): Promise<LoadResult> {
  return closedLoop({
    concurrency,
    durationMs,
    task: async () => {
      const times: CallTimes = {};
      const cycleStart = performance.now();
      const handle = await timed(times, 'start', () =>
        sys.client.workflow.start(SKELETON_WORKFLOW, {
          taskQueue: sys.baselineQueue,
          workflowId: `skeleton-${randomUUID()}`,
        }),
      );
      await timed(times, 'update1', () => handle.executeUpdate(step, { args: ['claim'] }));
      await timed(times, 'update2', () => handle.executeUpdate(step, { args: ['resolve'] }));
      await timed(times, 'query', () => handle.query(steps));
      await timed(times, 'update3', () => handle.executeUpdate(step, { args: ['acknowledge'] }));
      times.cycle = performance.now() - cycleStart;
      return times;
    },
  });
}
