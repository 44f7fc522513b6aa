import { noteCorrelation } from './correlation.ts';
import { ApplicationFailure, allHandlersFinished, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { applyIncidentOperation, checkIncidentOperation, type IncidentFacts, type IncidentState } from '../domain/incident/incident-state.ts';
import { cases } from './case-activities.ts';
import { getIncidentState, incidentOperation, type Traced } from './definitions.ts';
import { SA } from './search-attributes.ts';

export interface IncidentInput extends IncidentFacts, Traced {
  /** How often the incident escalates while open (a day by default). */
  escalateEveryMinutes?: number;
}

/**
 * A release in error: victim liaison, the police contact and the unit head hear at once, and it
 * escalates every day until the person is back in custody and the incident is closed with a cause.
 */
export async function releaseInErrorIncident(input: IncidentInput): Promise<IncidentState> {
  const openedAt = new Date().toISOString();
  const { escalateEveryMinutes, correlationId: _correlationId, ...facts } = input;
  let state: IncidentState = {
    ...facts,
    openedAt,
    status: 'OPEN',
    escalationsSent: 0,
    timeline: [{ at: openedAt, actor: 'system', action: 'OPENED', detail: `${input.detection}: ${input.howFound}` }],
  };
  let changed = false;
  const publish = () =>
    upsertSearchAttributes([
      { key: SA.status, value: state.status },
      { key: SA.prisonCode, value: state.prisonCode },
      { key: SA.prisonerNumber, value: state.prisonerNumber },
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
    {
      validator: ({ actor, op }) => {
        const rejection = checkIncidentOperation(state, op, actor);
        if (rejection) throw ApplicationFailure.create({ type: rejection.code, message: rejection.message, nonRetryable: true });
      },
    },
  );
  setHandler(getIncidentState, () => state);
  publish();

  // A refused address must not end the incident: record it, and the daily escalation tries again.
  const attempt = async (action: string, detail: string, work: Promise<void>) => {
    try {
      await work;
      state.timeline.push({ at: new Date().toISOString(), actor: 'system', action, detail });
    } catch (err) {
      state.timeline.push({ at: new Date().toISOString(), actor: 'system', action: 'NOTIFICATION_FAILED', detail: `${action}: ${(err as Error).message}` });
    }
  };
  await attempt('NOTIFIED', 'victim liaison, police contact and unit head', cases.incidentOpened({ incident: state, ...(input.correlationId ? { correlationId: input.correlationId } : {}) }));

  const everyMs = (escalateEveryMinutes ?? 24 * 60) * 60_000;
  let nextEscalation = Date.parse(openedAt) + everyMs;
  while (state.status !== 'CLOSED') {
    changed = false;
    const timedOut = !(await condition(() => changed, Math.max(1, nextEscalation - Date.now())));
    if (timedOut) {
      state.escalationsSent += 1;
      state.timeline.push({ at: new Date().toISOString(), actor: 'system', action: 'ESCALATED', detail: `day ${state.escalationsSent}: ${state.status}` });
      await attempt('ESCALATION_SENT', `day ${state.escalationsSent}`, cases.incidentEscalation({ incident: state }));
      nextEscalation += everyMs;
    }
  }
  await condition(allHandlersFinished);
  return state;
}
