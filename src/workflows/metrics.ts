import { metricMeter } from '@temporalio/workflow';

/**
 * Domain counters from workflow code, through the SDK's workflow metric meter: nothing is emitted
 * while a workflow replays, so a counter moves once per decision however often it is replayed.
 * The meter adds the namespace, task queue and workflow type; labels here are kinds, never people.
 */
export const COUNTERS = {
  queriesRaised: ['release_guard_queries_raised', 'Urgent queries raised, by urgency at raising'],
  deadlinesBreached: ['release_guard_deadlines_breached', 'Urgent queries that passed a deadline, by urgency'],
  escalations: ['release_guard_escalations', 'Escalation alerts sent, by level'],
} as const;

export function countInWorkflow(counter: keyof typeof COUNTERS, labels: Record<string, string | number> = {}): void {
  const [name, help] = COUNTERS[counter];
  metricMeter.createCounter(name, undefined, help).add(1, labels);
}
