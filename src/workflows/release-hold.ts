import { condition, continueAsNew, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import { SMTP_PERMANENT } from '../domain/delivery.ts';
import { checkHoldOperation, holdOutcome, type HoldEffect } from '../domain/release-hold/hold-operations.ts';
import { applyHoldOperation } from '../domain/release-hold/hold-reducer.ts';
import { emptyHold, holdMatters, type HoldState } from '../domain/release-hold/hold-state.ts';
import { lapseTick, nextHoldWakeAt, nextLapseAt, reviewTick } from '../domain/release-hold/hold-timers.ts';
import type { createHoldActivities } from '../activities/release-hold.ts';
import { noteCorrelation } from './correlation.ts';
import { getHoldState, holdOperation, type ReleaseHoldInput, type Traced } from './definitions.ts';
import { drained, historyIsLong, inFlightTracker, patchesAt, rejectIf, searchAttributeUpsert } from './entity.ts';
import { SA } from './search-attributes.ts';

const holdActivities = proxyActivities<ReturnType<typeof createHoldActivities>>({
  startToCloseTimeout: '30 seconds',
  // Bounded so a drain cannot stall on one failing call; an effect that fails is kept and tried again.
  scheduleToCloseTimeout: '10 minutes',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    nonRetryableErrorTypes: [SMTP_PERMANENT],
  },
});

/**
 * An authorisation's event, written inside the workflow task that changed it. As an activity it
 * needed a second workflow task once written, and the desk's gate read, asked right after the
 * verification, waited for that task (its p99 tail in docs/performance-national-day.md). Bounded
 * short, as it holds the task; one that fails is owed and tried again like any effect.
 */
const holdEventsInTask = proxyLocalActivities<ReturnType<typeof createHoldActivities>>({
  startToCloseTimeout: '5 seconds',
  scheduleToCloseTimeout: '20 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/** How long after a failed effect the hold tries it again. */
const EFFECT_RETRY_MS = 5 * 60_000;

/** A hold's effects that failed, carried across continue-as-new so none is lost. */
interface HoldRunInput extends ReleaseHoldInput {
  owedEffects?: { effect: HoldEffect; traced: Traced }[];
}

/**
 * One per prisoner: every open reason not to release him. Each change, and the release itself, is a
 * workflow update, so the gate's answer and the recording of a release cannot be raced.
 */
export async function releaseHold(input: HoldRunInput): Promise<HoldState> {
  const { policy } = input;
  // The gate's second version: refusals recorded, the register told of movements, and a hold that
  // lives while anything about it matters. Histories from before replay the first version.
  const has = patchesAt(input.patchLevel);
  const v2 = has('gate-v2');
  // Release authority: owners, hearing-keyed court reasons, "not before" reasons and authorisations.
  // A release dated no earlier than its checks, and one person in any casing of his name.
  const rules = { authority: has('release-authority'), afterChecks: has('release-after-its-checks') };
  // Authorisation events written within the task that changed the authorisation (above).
  const eventsInTask = has('authorisation-events-in-task');
  let state = input.state ?? emptyHold(input.prisonerNumber);
  let changed = false;
  let lastChangeAt = Date.now();
  const tracker = inFlightTracker();
  let owed = input.owedEffects ?? [];
  let retryAt: number | null = owed.length ? Date.now() : null;

  const activityFor = (effect: HoldEffect, traced: Traced): Promise<unknown> | null => {
    const prisonerNumber = state.prisonerNumber;
    switch (effect.kind) {
      case 'RELEASE_RECORDED':
        return holdActivities.releaseRecorded({ prisonerNumber, release: effect.release, ...traced });
      case 'OVERRIDDEN':
        return holdActivities.holdOverridden({
          prisonerNumber,
          override: effect.override,
          prisonCode: state.prisonCode ?? '',
        });
      case 'REVIEW_DUE':
        return holdActivities.sendHoldReview({ prisonerNumber, reason: effect.reason });
      case 'OPEN_INCIDENT':
        return holdActivities.openIncident({ prisonerNumber, ...effect.incident, ...traced });
      case 'RETURNED_TO_CUSTODY':
        if (!v2)
          return effect.incidentIds.length
            ? holdActivities.incidentsReturned({ incidentIds: effect.incidentIds })
            : null;
        return holdActivities.returnedToCustody({
          prisonerNumber,
          at: effect.at,
          prisonCode: effect.prisonCode ?? state.prisonCode ?? '',
          incidentIds: effect.incidentIds,
          releaseIds: effect.releaseIds,
        });
      case 'RELEASE_PREVENTED':
        return holdActivities.releasePrevented({
          prisonerNumber,
          refusal: effect.refusal,
          prisonCode: state.prisonCode ?? '',
        });
      case 'PLANNED_RELEASE_CHANGED':
        return holdActivities.plannedReleaseChanged({ prisonerNumber, plannedRelease: effect.plannedRelease });
      case 'AUTHORISATION_CHANGED':
        return (eventsInTask ? holdEventsInTask : holdActivities).authorisationChanged({
          prisonerNumber,
          authorisation: effect.authorisation,
        });
    }
  };
  /** Effects of a request carry its correlation id on to the cases they start. */
  const handle = (effects: HoldEffect[], traced: Traced = {}) => {
    for (const effect of effects) {
      const work = activityFor(effect, traced);
      if (!work) continue;
      void tracker.track(
        work.catch(() => {
          if (!v2) return; // the first version let a failed effect go
          owed.push({ effect, traced });
          retryAt ??= Date.now() + EFFECT_RETRY_MS;
          changed = true;
        }),
      );
    }
  };
  const upsert = searchAttributeUpsert(has);
  const publish = () =>
    upsert([
      { key: SA.status, value: state.reasons.length ? 'HOLD_ACTIVE' : 'CLEAR' },
      { key: SA.prisonerNumber, value: null }, // personal data: cleared (see SA.personRef)
      { key: SA.prisonCode, value: state.prisonCode ?? null },
    ]);

  setHandler(
    holdOperation,
    ({ actor, op, correlationId }) => {
      const next = applyHoldOperation(state, op, actor, new Date(), policy, rules);
      state = next.state;
      noteCorrelation({ correlationId }, has);
      handle(next.effects, correlationId ? { correlationId } : {});
      publish();
      changed = true;
      lastChangeAt = Date.now();
      return holdOutcome(state, op, new Date());
    },
    { validator: ({ actor, op }) => rejectIf(checkHoldOperation(state, op, actor)) },
  );
  setHandler(getHoldState, () => state);
  publish();

  const idleCloseMs = (input.idleCloseAfterMinutes ?? 30 * 24 * 60) * 60_000;
  const historyLimit = input.historyEventLimit ?? 10_000;
  // The first version closed whenever nothing stood, even with the prisoner still at large.
  const idleNow = () =>
    v2
      ? !holdMatters(state, new Date()) && owed.length === 0
      : state.reasons.length === 0 &&
        !state.overrides.some((o) => !o.usedByRelease && Date.parse(o.expiresAt) > Date.now());
  for (;;) {
    if (rules.authority) {
      const lapsed = lapseTick(state, new Date());
      if (lapsed.lapsed) {
        state = lapsed.state;
        publish();
      }
    }
    const reviewed = reviewTick(state, new Date(), policy);
    if (reviewed.effects.length) {
      state = reviewed.state;
      handle(reviewed.effects);
    }
    if (retryAt !== null && Date.now() >= retryAt) {
      const again = owed;
      owed = [];
      retryAt = null;
      for (const { effect, traced } of again) handle([effect], traced);
    }
    const idle = idleNow();
    if (idle && Date.now() - lastChangeAt >= idleCloseMs && (!v2 || drained(tracker))) break;
    const wakeTimes = [
      nextHoldWakeAt(state, policy)?.getTime(),
      rules.authority ? nextLapseAt(state)?.getTime() : undefined,
      idle ? lastChangeAt + idleCloseMs : undefined,
      retryAt ?? undefined,
    ].filter((t): t is number => t !== undefined);
    changed = false;
    const timeout = wakeTimes.length ? Math.max(1, Math.min(...wakeTimes) - Date.now()) : undefined;
    const wake = () =>
      changed ||
      (historyIsLong(historyLimit) && (!v2 || drained(tracker))) ||
      (v2 && idle && drained(tracker) && Date.now() - lastChangeAt >= idleCloseMs);
    await (timeout === undefined ? condition(wake) : condition(wake, timeout));
    if (historyIsLong(historyLimit)) {
      if (v2 && !drained(tracker)) continue; // timers keep running until nothing is in flight
      await condition(() => drained(tracker));
      await continueAsNew<typeof releaseHold>({ ...input, state, ...(owed.length ? { owedEffects: owed } : {}) });
    }
  }
  await condition(() => drained(tracker));
  return state;
}
