import { addWorkingMs, workingMsBetween, type WorkingClock } from '../calendar/business-calendar.ts';
import type { QueryPolicy, Urgency } from './policy.ts';

const MINUTE_MS = 60_000;

/** A span during which the target clock stood still (the unit was waiting on the prison). Open while `to` is absent. */
export interface Pause {
  from: string;
  to?: string;
}

export function clockFor(policy: QueryPolicy, urgency: Urgency): WorkingClock {
  return policy.targets[urgency].clock === 'CONTINUOUS'
    ? { kind: 'CONTINUOUS' }
    : { kind: 'BUSINESS', calendar: policy.calendar };
}

/**
 * The instant at which `targetMs` of working time has run since `start`, with the clock stopped
 * during `pauses`. Null while the clock is paused short of the target: no deadline is running.
 */
export function deadlineAfter(
  clock: WorkingClock,
  start: Date,
  targetMs: number,
  pauses: readonly Pause[],
): Date | null {
  let cursor = start;
  let remaining = targetMs;
  const ordered = [...pauses].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  for (const pause of ordered) {
    const pauseFrom = new Date(pause.from);
    const pauseTo = pause.to ? new Date(pause.to) : null;
    if (pauseFrom.getTime() > cursor.getTime()) {
      const available = workingMsBetween(clock, cursor, pauseFrom);
      if (remaining <= available) return addWorkingMs(clock, cursor, remaining);
      remaining -= available;
      cursor = pauseFrom;
    }
    if (!pauseTo) return null;
    if (pauseTo.getTime() > cursor.getTime()) cursor = pauseTo;
  }
  return addWorkingMs(clock, cursor, remaining);
}

/** The latest moment an answer is still of use: the planned release less the safety margin. Never paused. */
export function releaseCap(plannedRelease: Date | undefined, safetyMarginMinutes: number): Date | null {
  return plannedRelease ? new Date(plannedRelease.getTime() - safetyMarginMinutes * MINUTE_MS) : null;
}

export type DeadlineKind = 'FIRST_RESPONSE' | 'ANSWER';

export interface Deadline {
  kind: DeadlineKind;
  /** When the deadline falls, or null while the clock is paused and no release cap applies. */
  due: Date | null;
  /** True when the release cap, not the service target, set `due`. */
  capped: boolean;
  /** Times at which each warning fraction of the window is used up. */
  warnings: { fraction: number; at: Date }[];
}

export interface DeadlineInput {
  policy: QueryPolicy;
  urgency: Urgency;
  /** When the current target began: when the query was raised, or when its urgency last changed. */
  targetStartedAt: Date;
  plannedRelease?: Date;
  pauses: readonly Pause[];
}

/** One deadline with its warnings, capped at the release time. */
export function computeDeadline(kind: DeadlineKind, input: DeadlineInput): Deadline {
  const { policy, urgency, targetStartedAt, pauses } = input;
  const clock = clockFor(policy, urgency);
  const target = policy.targets[urgency];
  const targetMs = (kind === 'FIRST_RESPONSE' ? target.firstResponseMinutes : target.answerMinutes) * MINUTE_MS;
  const natural = deadlineAfter(clock, targetStartedAt, targetMs, pauses);
  const cap = releaseCap(input.plannedRelease, policy.safetyMarginMinutes);
  const capped = cap !== null && (natural === null || cap.getTime() < natural.getTime());
  const due = capped ? cap : natural;

  const warnings = policy.warningFractions.flatMap((fraction) => {
    // A capped window is shorter than the target; its warnings fall at fractions of the real time left.
    const at = capped
      ? new Date(targetStartedAt.getTime() + fraction * Math.max(0, cap.getTime() - targetStartedAt.getTime()))
      : deadlineAfter(clock, targetStartedAt, fraction * targetMs, pauses);
    return at ? [{ fraction, at }] : [];
  });
  return { kind, due, capped, warnings };
}
