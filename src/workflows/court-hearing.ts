import { proxyActivities } from '@temporalio/workflow';
import type { createCourtActivities } from '../activities/court-results.ts';
import type { CourtPullSummary, HearingRef } from './definitions.ts';

const { matchHearing, actOnCourtChange, pullCourtResults } = proxyActivities<ReturnType<typeof createCourtActivities>>({
  startToCloseTimeout: '2 minutes',
  // A day of retries through a database or SMTP outage; the hearing itself is kept either way.
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * One hearing version, from receipt to action: its defendants matched to the register (each
 * decision kept with its reasons), then each matched change acted on, one at a time so a court
 * reason is on a hold before anyone is told.
 */
export async function courtHearing(ref: HearingRef): Promise<{ acted: number }> {
  const changes = await matchHearing(ref);
  for (const change of changes) await actOnCourtChange({ ref, change });
  return { acted: changes.length };
}

/**
 * The hourly reconciliation the public record describes, run by a Temporal Schedule (overlap,
 * catch-up and pause are the schedule's): pull what the courts resulted since the last pull, and
 * start a courtHearing for each new hearing version, which flags every defendant whose custodial
 * status changed.
 */
export async function courtResultsReconciliation(): Promise<CourtPullSummary> {
  return pullCourtResults();
}
