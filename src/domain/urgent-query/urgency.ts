import type { QueryPolicy, Urgency } from './policy.ts';

const HOUR_MS = 3_600_000;

/**
 * Urgency follows from the planned release, never from the reporter's choice. Both boundaries are
 * inclusive: a release exactly 72 hours away is URGENT, exactly 24 hours away CRITICAL.
 * An unknown release is CRITICAL only when the prisoner is at court or in reception today.
 */
export function urgencyFor(
  now: Date,
  plannedRelease: Date | undefined,
  policy: Pick<QueryPolicy, 'criticalWithinHours' | 'urgentWithinHours'>,
  atCourtOrReceptionToday = false,
): Urgency {
  if (!plannedRelease) return atCourtOrReceptionToday ? 'CRITICAL' : 'STANDARD';
  const untilRelease = plannedRelease.getTime() - now.getTime();
  if (untilRelease <= policy.criticalWithinHours * HOUR_MS) return 'CRITICAL';
  if (untilRelease <= policy.urgentWithinHours * HOUR_MS) return 'URGENT';
  return 'STANDARD';
}

const RANK: Record<Urgency, number> = { STANDARD: 0, URGENT: 1, CRITICAL: 2 };
export const isMoreUrgent = (a: Urgency, b: Urgency): boolean => RANK[a] > RANK[b];

/** The moments a known release makes a query more urgent than `current`: 72 hours before it, then 24. */
export function urgencyRises(
  plannedRelease: Date,
  current: Urgency,
  policy: Pick<QueryPolicy, 'criticalWithinHours' | 'urgentWithinHours'>,
): { urgency: Urgency; at: Date; withinHours: number }[] {
  const steps: { urgency: Urgency; withinHours: number }[] = [
    { urgency: 'URGENT', withinHours: policy.urgentWithinHours },
    { urgency: 'CRITICAL', withinHours: policy.criticalWithinHours },
  ];
  return steps
    .filter((step) => isMoreUrgent(step.urgency, current))
    .map((step) => ({ ...step, at: new Date(plannedRelease.getTime() - step.withinHours * HOUR_MS) }));
}
