import { noteCorrelation } from './correlation.ts';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityFailure,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../domain/actors.ts';
import type { QueryPolicy } from '../domain/urgent-query/policy.ts';
import {
  applyOperation,
  checkOperation,
  holdActions,
  isFinished,
  nextWakeAt,
  raiseQuery,
  tick,
  type Alert,
  type QueryState,
} from '../domain/urgent-query/query-state.ts';
import type { OperationName, RaiseQuery } from '../domain/urgent-query/schemas.ts';
import type { createCaseActivities } from '../activities/cases.ts';
import type { createNotificationActivities } from '../activities/notifications.ts';
import { getQueryState, queryUpdates, type OperationRequest } from './definitions.ts';
import { SA } from './search-attributes.ts';

export interface UrgentQueryInput {
  reference: string;
  raise: RaiseQuery;
  raisedBy: Actor;
  /** The policy the query was raised under; it travels with the query for its whole life. */
  policy: QueryPolicy;
  /** Set only when the workflow continues as new. */
  state?: QueryState;
  /** Continue as new once history passes this many events (the server's own suggestion also counts). */
  historyEventLimit?: number;
}

const { sendQueryAlert } = proxyActivities<ReturnType<typeof createNotificationActivities>>({
  startToCloseTimeout: '30 seconds',
  // Alerts repeat on the ladder, so a single alert that cannot go within an hour is given up and logged.
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['SMTP_PERMANENT'] },
});

const { syncReleaseHold } = proxyActivities<ReturnType<typeof createCaseActivities>>({
  startToCloseTimeout: '30 seconds',
  // A hold must not be lost: retry until the cluster takes it.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function urgentQuery(input: UrgentQueryInput): Promise<QueryState> {
  const { policy } = input;
  let state = input.state ?? raiseQuery(input.reference, input.raise, input.raisedBy, new Date(), policy);
  let changed = false;
  const inFlight = new Set<Promise<void>>();

  const publish = (): void => {
    upsertSearchAttributes([
      { key: SA.status, value: state.status },
      { key: SA.prisonCode, value: state.prisonCode },
      { key: SA.prisonerNumber, value: state.prisonerNumber },
      { key: SA.urgency, value: state.urgency },
      { key: SA.category, value: state.category },
      { key: SA.assignee, value: state.assignee ?? null },
      { key: SA.deadline, value: state.deadlines.current ? new Date(state.deadlines.current) : null },
      { key: SA.breached, value: state.breached },
    ]);
  };

  const send = (alerts: Alert[]): void => {
    for (const alert of alerts) {
      const sending = sendQueryAlert(alert)
        .catch((err: ActivityFailure) => {
          // Never fail the query because mail failed: record it where the unit will see it.
          state.timeline.push({ at: new Date().toISOString(), actor: 'system', action: 'ALERT_FAILED', detail: `${alert.kind} ${alert.key}: ${err.cause?.message ?? err.message}`, deadline: state.deadlines.current });
          changed = true;
        })
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
  };

  const syncHold = (): void => {
    // Added after the first histories were recorded: old runs replay without it.
    if (!patched('release-hold-sync')) return;
    // Before this patch every determination was reported, even one the hold has no use for.
    const { state: next, actions } = holdActions(state, { reportEveryDetermination: !patched('determination-when-it-matters') });
    state = next;
    for (const action of actions) {
      const syncing = syncReleaseHold({
        prisonerNumber: state.prisonerNumber,
        prisonCode: state.prisonCode,
        reference: state.reference,
        action,
        ...(state.resolution ? { determination: state.resolution.determination } : {}),
      })
        .then(() => undefined)
        .finally(() => inFlight.delete(syncing));
      inFlight.add(syncing);
    }
  };

  const adopt = (next: { state: QueryState; alerts: Alert[] }): QueryState => {
    const before = JSON.stringify(state);
    state = next.state;
    send(next.alerts);
    syncHold();
    if (JSON.stringify(state) !== before) {
      publish();
      changed = true;
    }
    return state;
  };

  for (const name of Object.keys(queryUpdates) as OperationName[]) {
    setHandler(
      queryUpdates[name] as UpdateDefinition<QueryState, [OperationRequest<OperationName>]>,
      (request: OperationRequest<OperationName>) => {
        noteCorrelation(request);
        return adopt(applyOperation(state, name, request.input, request.actor, new Date(), policy));
      },
      {
        // The input's shape was checked by the API's zod schema: zod is kept out of workflow code,
        // where it multiplies the memory of every cached workflow (README, Performance).
        validator: (request: OperationRequest<OperationName>) => {
          const rejection = checkOperation(state, name, request.input, request.actor);
          if (rejection) throw ApplicationFailure.create({ type: rejection.code, message: rejection.message, nonRetryable: true });
        },
      },
    );
  }
  setHandler(getQueryState, () => state);

  publish();
  const historyLimit = input.historyEventLimit ?? 10_000;
  const shouldContinueAsNew = (): boolean =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit;

  while (!isFinished(state)) {
    adopt(tick(state, new Date(), policy));
    const wake = nextWakeAt(state, policy);
    changed = false;
    const timeout = wake ? Math.max(1, wake.getTime() - Date.now()) : undefined;
    await (timeout === undefined ? condition(() => changed || shouldContinueAsNew()) : condition(() => changed || shouldContinueAsNew(), timeout));
    if (shouldContinueAsNew() && !isFinished(state)) {
      await condition(allHandlersFinished);
      await Promise.all(inFlight);
      log.info('continuing as new', { reference: state.reference, historyLength: workflowInfo().historyLength });
      await continueAsNew<typeof urgentQuery>({ ...input, state });
    }
  }
  await condition(allHandlersFinished);
  await Promise.all(inFlight);
  return state;
}
