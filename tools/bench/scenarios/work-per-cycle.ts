import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import { SKELETON_WORKFLOW, step, steps } from '../baseline-definitions.ts';
import type { Call } from '../http.ts';
import type { BenchSystem } from '../bench-system.ts';
import { holdWorkflowId } from '../../../src/workflows/definitions.ts';
import type { CycleTokens } from './full-cycle.ts';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** What the server had to do for a cycle, counted from its histories (each event is a write). */
export interface CycleWork {
  workflows: number;
  events: number;
  workflowTasks: number;
  activities: number;
  updates: number;
  searchAttributeUpserts: number;
  markers: number;
}

function count(histories: HistoryEvent[][]): CycleWork {
  const events = histories.flat();
  const has = (key: keyof HistoryEvent) => events.filter((e) => e[key] != null).length;
  return {
    workflows: histories.length,
    events: events.length,
    workflowTasks: has('workflowTaskCompletedEventAttributes'),
    activities: has('activityTaskScheduledEventAttributes'),
    updates: has('workflowExecutionUpdateAcceptedEventAttributes'),
    searchAttributeUpserts: has('upsertWorkflowSearchAttributesEventAttributes'),
    markers: has('markerRecordedEventAttributes'),
  };
}

const historyOf = async (sys: BenchSystem, workflowId: string): Promise<HistoryEvent[]> =>
  (await sys.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];

/**
 * One full cycle over HTTP (for a prisoner no other scenario uses) and one skeleton cycle, each run to its end, with the work their
 * histories show: the reason the full cycle's throughput is a fraction of the skeleton's is how
 * much more the server is asked to persist and dispatch, not time lost in our code.
 */
export async function workPerCycle(
  sys: BenchSystem,
  call: Call,
  tokens: CycleTokens,
  prisonerNumber: string,
): Promise<{ fullCycle: CycleWork; skeleton: CycleWork }> {
  const plannedRelease = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const { reference } = await call<{ reference: string }>('POST', '/api/urgent-queries', tokens.prison, {
    prisonCode: 'MDI',
    prisonerNumber,
    category: 'WARRANT_MISSING',
    question: 'No warrant on file',
    plannedRelease,
  });
  await call('POST', `/api/urgent-queries/${reference}/claim`, tokens.expert, {});
  await call('POST', `/api/urgent-queries/${reference}/resolve`, tokens.expert, {
    determination: 'RELEASE_MAY_PROCEED',
    evidence: 'Warrant WR-1',
  });
  await call('POST', `/api/urgent-queries/${reference}/acknowledge`, tokens.prison, {});
  await sys.client.workflow.getHandle(reference).result();
  // The hold stays open (it closes when idle, days later); its history so far is all this cycle's.
  const fullCycle = count([await historyOf(sys, reference), await historyOf(sys, holdWorkflowId(prisonerNumber))]);

  const handle = await sys.client.workflow.start(SKELETON_WORKFLOW, {
    taskQueue: sys.baselineQueue,
    workflowId: `skeleton-work-${randomUUID()}`,
  });
  await handle.executeUpdate(step, { args: ['claim'] });
  await handle.executeUpdate(step, { args: ['resolve'] });
  await handle.query(steps);
  await handle.executeUpdate(step, { args: ['acknowledge'] });
  return { fullCycle, skeleton: count([await historyOf(sys, handle.workflowId)]) };
}
