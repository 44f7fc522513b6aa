import { cloneState as clone } from '../clone.ts';
import { LIMITS } from '../limits.ts';
import type { HoldEffect } from './hold-operations.ts';
import { CLEARED_KEPT, appendLatest, type HoldPolicy, type HoldReason, type HoldState } from './hold-state.ts';

/** What time does to a release hold: "not before" reasons lift themselves, and reasons nobody progresses are reviewed. */

const iso = (d: Date) => d.toISOString();

const reviewDueAt = (reason: HoldReason, policy: HoldPolicy): number =>
  Date.parse(reason.lastProgressAt) + (reason.reviewsSent + 1) * policy.reviewIntervalMinutes * 60_000;

/**
 * "Not before" reasons whose date has come lift themselves: the one way a reason goes without a
 * person, and only as its owner (the unit's answer) said when placing it.
 */
export function lapseTick(current: HoldState, now: Date): { state: HoldState; lapsed: boolean } {
  const due = current.reasons.filter((r) => r.kind === 'NOT_BEFORE' && r.until && Date.parse(r.until) <= now.getTime());
  if (!due.length) return { state: current, lapsed: false };
  const state = clone(current);
  state.reasons = state.reasons.filter((r) => !due.some((d) => d.key === r.key));
  for (const reason of due) {
    state.clearedReasons = [
      ...(state.clearedReasons ?? []),
      { key: reason.key, kind: reason.kind, clearedAt: iso(now) },
    ].slice(-CLEARED_KEPT);
    appendLatest(
      state.audit,
      { at: iso(now), who: 'system', what: 'REASON_LAPSED', detail: `${reason.key}: ${reason.until} has come` },
      LIMITS.holdAudit,
    );
  }
  return { state, lapsed: true };
}

/** When the next "not before" reason lifts itself, if any stands. */
export function nextLapseAt(state: HoldState): Date | null {
  const times = state.reasons.filter((r) => r.kind === 'NOT_BEFORE' && r.until).map((r) => Date.parse(r.until!));
  return times.length ? new Date(Math.min(...times)) : null;
}

/** Reasons nobody has progressed within the review interval: their owners are re-alerted. */
export function reviewTick(
  current: HoldState,
  now: Date,
  policy: HoldPolicy,
): { state: HoldState; effects: HoldEffect[] } {
  const state = clone(current);
  const effects: HoldEffect[] = [];
  for (const reason of state.reasons) {
    if (reason.kind === 'NOT_BEFORE') continue; // nothing to progress: it lifts itself
    if (reviewDueAt(reason, policy) > now.getTime()) continue;
    while (reviewDueAt(reason, policy) <= now.getTime()) reason.reviewsSent += 1;
    appendLatest(
      state.audit,
      { at: iso(now), who: 'system', what: 'REVIEW_ALERT', detail: `${reason.key} (review ${reason.reviewsSent})` },
      LIMITS.holdAudit,
    );
    effects.push({ kind: 'REVIEW_DUE', reason: { ...reason } });
  }
  return { state, effects };
}

export function nextHoldWakeAt(state: HoldState, policy: HoldPolicy): Date | null {
  const times = state.reasons.filter((r) => r.kind !== 'NOT_BEFORE').map((r) => reviewDueAt(r, policy));
  return times.length ? new Date(Math.min(...times)) : null;
}
