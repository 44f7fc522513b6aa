import {
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { SMTP_PERMANENT } from '../domain/delivery.ts';
import {
  applyIncidentOperation,
  checkIncidentOperation,
  escalate,
  nextEscalationAt,
  noted,
  openIncident,
  type IncidentState,
} from '../domain/incident/incident-state.ts';
import type { createIncidentActivities } from '../activities/incident.ts';
import { noteCorrelation } from './correlation.ts';
import { getIncidentState, incidentOperation, type IncidentInput } from './definitions.ts';
import { drained, historyIsLong, inFlightTracker, rejectIf } from './entity.ts';
import { SA } from './search-attributes.ts';

const incidents = proxyActivities<ReturnType<typeof createIncidentActivities>>({
  startToCloseTimeout: '30 seconds',
  // Bounded: the daily escalation tries again anyway, and a drain must not stall on one call.
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    nonRetryableErrorTypes: [SMTP_PERMANENT],
  },
});

/** Set only when the incident continues as new. */
interface IncidentRunInput extends IncidentInput {
  state?: IncidentState;
  historyEventLimit?: number;
}

/**
 * A release in error: victim liaison, the police contact and the unit head hear at once, and it
 * escalates every day until the person is back in custody and the incident is closed with a cause.
 */
export async function releaseInErrorIncident(input: IncidentRunInput): Promise<IncidentState> {
  const v2 = patched('gate-v2');
  const { escalateEveryMinutes, correlationId: _correlationId, state: carried, historyEventLimit, ...facts } = input;
  const everyMinutes = escalateEveryMinutes ?? 24 * 60;
  let state: IncidentState = carried ?? openIncident(facts, new Date());
  let changed = false;
  const tracker = inFlightTracker();
  const publish = () =>
    upsertSearchAttributes([
      { key: SA.status, value: state.status },
      { key: SA.prisonCode, value: state.prisonCode },
      { key: SA.prisonerNumber, value: null }, // personal data: cleared (see SA.personRef)
      ...(state.exclusion ? [{ key: SA.exclusion, value: state.exclusion }] : []),
    ]);
  setHandler(
    incidentOperation,
    ({ actor, op, correlationId }) => {
      noteCorrelation({ correlationId });
      state = applyIncidentOperation(state, op, actor, new Date());
      publish();
      changed = true;
      return state;
    },
    { validator: ({ actor, op }) => rejectIf(checkIncidentOperation(state, op, actor)) },
  );
  setHandler(getIncidentState, () => state);
  publish();

  // A refused address must not end the incident: record it, and the daily escalation tries again.
  const attempt = async (action: string, detail: string, work: Promise<void>) => {
    try {
      await tracker.track(work);
      state = noted(state, new Date(), action, detail);
    } catch (err) {
      state = noted(state, new Date(), 'NOTIFICATION_FAILED', `${action}: ${(err as Error).message}`);
    }
  };
  if (!carried)
    await attempt(
      'NOTIFIED',
      'victim liaison, police contact and unit head',
      incidents.incidentOpened({
        incident: state,
        ...(input.correlationId ? { correlationId: input.correlationId } : {}),
      }),
    );

  const historyLimit = historyEventLimit ?? 10_000;
  while (state.status !== 'CLOSED') {
    changed = false;
    const due = nextEscalationAt(state, everyMinutes)!;
    const timedOut = !(await condition(
      () => changed || (v2 && historyIsLong(historyLimit)),
      Math.max(1, due.getTime() - Date.now()),
    ));
    if (timedOut) {
      state = escalate(state, new Date(), everyMinutes);
      await attempt(
        'ESCALATION_SENT',
        `day ${state.escalationsSent}`,
        incidents.incidentEscalation({ incident: state }),
      );
    }
    if (v2 && historyIsLong(historyLimit) && state.status !== 'CLOSED') {
      await condition(() => drained(tracker));
      await continueAsNew<typeof releaseInErrorIncident>({ ...input, state });
    }
  }
  // The prisoner's hold stays open while any of his incidents is; this one is done.
  if (v2)
    await attempt(
      'HOLD_TOLD',
      'the release hold knows the incident is closed',
      incidents.incidentClosed({
        prisonerNumber: state.prisonerNumber,
        incidentId: state.id,
        prisonCode: state.prisonCode,
        ...(state.cause ? { cause: state.cause } : {}),
        ...(state.exclusion ? { exclusion: state.exclusion } : {}),
        ...(state.closedAt ? { closedAt: state.closedAt } : {}),
      }),
    );
  await condition(() => drained(tracker));
  return state;
}
