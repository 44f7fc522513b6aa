import type { QueryPolicy, Urgency } from './policy.ts';

const HOUR_MS = 3_600_000;

/**
 * Urgency follows from the planned release, never from the reporter's choice.
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
  if (untilRelease < policy.criticalWithinHours * HOUR_MS) return 'CRITICAL';
  if (untilRelease < policy.urgentWithinHours * HOUR_MS) return 'URGENT';
  return 'STANDARD';
}
