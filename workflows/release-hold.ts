import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  applyHoldOperation,
  checkHoldOperation,
  emptyHold,
  nextHoldWakeAt,
  reviewTick,
  type HoldEffect,
  type HoldPolicy,
  type HoldState,
} from '../domain/release-hold/hold-state.ts';
import { cases } from './case-activities.ts';
import { noteCorrelation } from './correlation.ts';
import { getHoldState, holdOperation, type Traced } from './definitions.ts';
import { SA } from './search-attributes.ts';

export interface ReleaseHoldInput {
  prisonerNumber: string;
  policy: HoldPolicy;
  state?: HoldState;
  historyEventLimit?: number;
  /** With nothing standing for this long, the hold closes; the next reason starts it again. */
  idleCloseAfterMinutes?: number;
}

/**
 * One per prisoner: every open reason not to release him. Each change, and the release itself, is a
 * workflow update, so the gate's answer and the recording of a release cannot be raced.
 */
export async function releaseHold(input: ReleaseHoldInput): Promise<HoldState> {
  const { policy } = input;
  let state = input.state ?? emptyHold(input.prisonerNumber);
  let changed = false;
  let lastChangeAt = Date.now();
  const inFlight = new Set<Promise<unknown>>();

  const run = (work: Promise<unknown>) => {
    const tracked = work.catch(() => undefined).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  /** Effects of a request carry its correlation id on to the cases they start. */
  const handle = (effects: HoldEffect[], traced: Traced = {}) => {
    for (const effect of effects) {
      if (effect.kind === 'RELEASE_RECORDED') run(cases.releaseRecorded({ prisonerNumber: state.prisonerNumber, release: effect.release!, ...traced }));
      if (effect.kind === 'OVERRIDDEN') run(cases.holdOverridden({ prisonerNumber: state.prisonerNumber, override: effect.override!, prisonCode: state.prisonCode ?? '' }));
      if (effect.kind === 'REVIEW_DUE') run(cases.sendHoldReview({ prisonerNumber: state.prisonerNumber, reason: effect.reason! }));
      if (effect.kind === 'OPEN_INCIDENT') run(cases.openIncident({ prisonerNumber: state.prisonerNumber, ...effect.incident!, ...(effect.release ? { releaseId: effect.release.id } : {}), ...traced }));
      if (effect.kind === 'INCIDENTS_RETURNED') run(cases.incidentsReturned({ incidentIds: effect.incidentIds! }));
    }
  };
  const publish = () =>
    upsertSearchAttributes([
      { key: SA.status, value: state.reasons.length ? 'HOLD_ACTIVE' : 'CLEAR' },
      { key: SA.prisonerNumber, value: state.prisonerNumber },
      { key: SA.prisonCode, value: state.prisonCode ?? null },
    ]);

  setHandler(
    holdOperation,
    ({ actor, op, correlationId }) => {
      const next = applyHoldOperation(state, op, actor, new Date(), policy);
      state = next.state;
      noteCorrelation({ correlationId });
      handle(next.effects, correlationId ? { correlationId } : {});
      publish();
      changed = true;
      lastChangeAt = Date.now();
      return state;
    },
    {
      validator: ({ actor, op }) => {
        const rejection = checkHoldOperation(state, op, actor, new Date());
        if (rejection) throw ApplicationFailure.create({ type: rejection.code, message: rejection.message, nonRetryable: true, details: [rejection.reasons ?? []] });
      },
    },
  );
  setHandler(getHoldState, () => state);
  publish();

  const idleCloseMs = (input.idleCloseAfterMinutes ?? 30 * 24 * 60) * 60_000;
  const historyLimit = input.historyEventLimit ?? 10_000;
  const shouldContinueAsNew = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit;
  for (;;) {
    const reviewed = reviewTick(state, new Date(), policy);
    if (reviewed.effects.length) {
      state = reviewed.state;
      handle(reviewed.effects);
    }
    const idle = state.reasons.length === 0 && !state.overrides.some((o) => !o.usedByRelease && Date.parse(o.expiresAt) > Date.now());
    if (idle && Date.now() - lastChangeAt >= idleCloseMs) break;
    const wakeTimes = [nextHoldWakeAt(state, policy)?.getTime(), idle ? lastChangeAt + idleCloseMs : undefined].filter((t): t is number => t !== undefined);
    changed = false;
    const timeout = wakeTimes.length ? Math.max(1, Math.min(...wakeTimes) - Date.now()) : undefined;
    const wake = () => changed || shouldContinueAsNew();
    await (timeout === undefined ? condition(wake) : condition(wake, timeout));
    if (shouldContinueAsNew()) {
      await condition(allHandlersFinished);
      await Promise.all(inFlight);
      await continueAsNew<typeof releaseHold>({ ...input, state });
    }
  }
  await condition(allHandlersFinished);
  await Promise.all(inFlight);
  return state;
}
