import { condition, setHandler, sleep } from '@temporalio/workflow';
import { holdStatus, step, steps } from './baseline-definitions.ts';

/**
 * The engine's own limit, measured in the same run as the product: workflows with no logic, no
 * activities and no HTTP in front of them.
 */

/** Bare start: start to completion of a workflow that does nothing. */
export async function benchNoop(): Promise<void> {}

/** Skeleton: one urgent-query cycle's client interaction (start, three updates, a query) and nothing else. */
export async function benchSkeleton(): Promise<number> {
  let count = 0;
  setHandler(step, () => ++count);
  setHandler(steps, () => count);
  await condition(() => count >= 3);
  return count;
}

/**
 * Skeleton hold: what a release hold is to the engine, and nothing more: open, waiting on a timer
 * (a hold waits on its review timer), answering a query. Its memory and its query latency are the
 * floor the real hold is compared with.
 */
export async function benchHoldSkeleton(): Promise<void> {
  setHandler(holdStatus, () => ({ releasable: false }));
  await sleep('30 days');
}
