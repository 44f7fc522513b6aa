import {
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
  type ActivityFailure,
} from '@temporalio/workflow';
import { SMTP_PERMANENT } from '../domain/delivery.ts';
import { LIMITS, appendBounded } from '../domain/limits.ts';
import type { UpdateDefinition } from '@temporalio/common';
import { queryOutcome } from '../domain/reports/query-outcome.ts';
import { holdActions } from '../domain/urgent-query/hold-sync.ts';
import { INBOX_LIMITS } from '../domain/inbox/inbox-limits.ts';
import { fileInboxDocument } from '../domain/urgent-query/inbox-documents.ts';
import { applyOperation, checkOperation, queryOwnerOf } from '../domain/urgent-query/operations.ts';
import { isFinished, raiseQuery, sameRaise, type Alert, type QueryState } from '../domain/urgent-query/query-state.ts';
import { nextWakeAt, tick } from '../domain/urgent-query/timers.ts';
import type { HoldAction } from '../domain/urgent-query/vocabulary.ts';
import type { OperationName } from '../domain/urgent-query/schemas.ts';
import type { createQueryActivities } from '../activities/urgent-query.ts';
import { noteCorrelation } from './correlation.ts';
import { countInWorkflow } from './metrics.ts';
import {
  getQueryState,
  inboxDocumentFiled,
  queryRaised,
  queryUpdates,
  type OperationRequest,
  type QueryAck,
  type UrgentQueryInput,
} from './definitions.ts';
import { drained, historyIsLong, inFlightTracker, patchesAt, rejectIf, searchAttributeUpsert } from './entity.ts';
import { SA } from './search-attributes.ts';

const { sendQueryAlert } = proxyActivities<ReturnType<typeof createQueryActivities>>({
  startToCloseTimeout: '30 seconds',
  // Alerts repeat on the ladder, so a single alert that cannot go within an hour is given up and logged.
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [SMTP_PERMANENT],
  },
});

const { queryFinished } = proxyActivities<ReturnType<typeof createQueryActivities>>({
  startToCloseTimeout: '30 seconds',
  // The figures can wait for the database: keep trying for a day.
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const { syncReleaseHold } = proxyActivities<ReturnType<typeof createQueryActivities>>({
  startToCloseTimeout: '30 seconds',
  // Bounded, so one failing call cannot stall a drain for ever: the workflow itself tries again.
  scheduleToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** How long after a failed hold call the query tries again. */
const HOLD_RETRY_MS = 60_000;

export async function urgentQuery(input: UrgentQueryInput): Promise<QueryState> {
  const { policy } = input;
  // One patch for the gate's second version: every open query holds, urgency rises as the release
  // nears, a date change clears the reason, hold calls run in order and are retried. Histories
  // recorded before it replay the first version's decisions.
  const has = patchesAt(input.patchLevel);
  const v2 = has('gate-v2');
  let state = input.state ?? raiseQuery(input.reference, input.raise, input.raisedBy, new Date(), policy);
  let changed = false;
  const tracker = inFlightTracker();
  let retryHoldAt: number | null = state.holdRetry?.length ? Date.now() : null;
  const tickOptions = { urgencyRises: v2, ladder: v2 ? ('FROM_LAST_SENT' as const) : ('GRID' as const) };

  const upsert = searchAttributeUpsert(has);
  const publish = (): void => {
    upsert([
      { key: SA.status, value: state.status },
      { key: SA.prisonCode, value: state.prisonCode },
      { key: SA.prisonerNumber, value: null }, // personal data: cleared (see SA.personRef)
      { key: SA.urgency, value: state.urgency },
      { key: SA.category, value: state.category },
      { key: SA.assignee, value: state.assignee ?? null },
      { key: SA.deadline, value: state.deadlines.current ? new Date(state.deadlines.current) : null },
      { key: SA.breached, value: state.breached },
    ]);
  };

  const send = (alerts: Alert[]): void => {
    for (const alert of alerts) {
      if (alert.kind === 'ESCALATION') countInWorkflow('escalations', { level: String(alert.level ?? 0) });
      void tracker.track(
        sendQueryAlert(alert).catch((err: ActivityFailure) => {
          // Never fail the query because mail failed: record it where the unit will see it.
          appendBounded(
            state.timeline,
            {
              at: new Date().toISOString(),
              actor: 'system',
              action: 'ALERT_FAILED',
              detail: `${alert.kind} ${alert.key}: ${err.cause?.message ?? err.message}`,
              deadline: state.deadlines.current,
            },
            LIMITS.queryTimeline,
          );
          changed = true;
        }),
      );
    }
  };

  const holdCall = (action: HoldAction) =>
    syncReleaseHold({
      prisonerNumber: state.prisonerNumber,
      prisonCode: state.prisonCode,
      reference: state.reference,
      action,
      ...(state.resolution ? { determination: state.resolution.determination } : {}),
      ...(state.resolution?.newReleaseDate ? { newReleaseDate: state.resolution.newReleaseDate } : {}),
      ...(v2 ? { category: state.category } : {}),
      ...(action === 'PLACE' ? { queryOwner: queryOwnerOf(state) } : {}),
      // Whose decision lifts the reason: they do not also record the release.
      ...(action === 'CLEAR' && (state.resolution?.by ?? state.withdrawal?.by)
        ? { decidedBy: state.resolution?.by ?? state.withdrawal?.by }
        : {}),
    });

  // Placing and clearing the reason run one after another, in the order decided, so a withdrawal
  // can never overtake the placement and leave a reason nothing will clear.
  let holdChain: Promise<void> = Promise.resolve();
  const runHold = async (action: HoldAction): Promise<void> => {
    if (state.holdRetry?.length) {
      state.holdRetry.push(action); // an earlier call failed: keep the order, try them all again later
      return;
    }
    try {
      await holdCall(action);
      if (action === 'PLACE') state.holdConfirmed = true;
    } catch (err) {
      state.holdRetry = [action];
      retryHoldAt = Date.now() + HOLD_RETRY_MS;
      appendBounded(
        state.timeline,
        {
          at: new Date().toISOString(),
          actor: 'system',
          action: 'HOLD_SYNC_FAILED',
          detail: `${action}: ${(err as ActivityFailure).cause?.message ?? (err as Error).message}; trying again`,
          deadline: state.deadlines.current,
        },
        LIMITS.queryTimeline,
      );
    }
    changed = true;
  };
  const enqueueHold = (actions: HoldAction[]): void => {
    for (const action of actions) {
      holdChain = holdChain.then(() => runHold(action));
      void tracker.track(holdChain);
    }
  };

  const syncHold = (): void => {
    // Added after the first histories were recorded: old runs replay without it.
    if (!has('release-hold-sync')) return;
    const { state: next, actions } = holdActions(state, {
      // Before this patch every determination was reported, even one the hold has no use for.
      reportEveryDetermination: !has('determination-when-it-matters'),
      everyOpenQueryHolds: v2,
      dateChangeClears: v2,
      determinationFirst: has('release-authority'),
    });
    state = next;
    if (v2) return enqueueHold(actions);
    for (const action of actions) void tracker.track(holdCall(action));
  };

  const ack = (): QueryAck => ({
    reference: state.reference,
    status: state.status,
    ...(state.holdConfirmed ? { holdConfirmed: true } : {}),
  });
  const adopt = (next: { state: QueryState; alerts: Alert[] }): QueryState => {
    const before = JSON.stringify(state);
    const wasBreached = state.breached;
    state = next.state;
    if (!wasBreached && state.breached) countInWorkflow('deadlinesBreached', { urgency: state.urgency });
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
      queryUpdates[name] as UpdateDefinition<QueryAck, [OperationRequest<OperationName>]>,
      (request: OperationRequest<OperationName>) => {
        noteCorrelation(request, has);
        adopt(
          applyOperation(state, name, request.input, request.actor, new Date(), policy, {
            twoPersonWithdrawal: has('release-authority'),
          }),
        );
        return ack();
      },
      // The input's shape was checked by the API's zod schema: zod is kept out of workflow code,
      // where it multiplies the memory of every cached workflow (docs/performance.md).
      {
        validator: (request: OperationRequest<OperationName>) =>
          rejectIf(checkOperation(state, name, request.input, request.actor, request.heldAt)),
      },
    );
  }
  // The raise's answer waits until the prisoner's hold holds the query's reason: `201` means the gate knows.
  setHandler(
    queryRaised,
    async (request) => {
      noteCorrelation(request, has);
      // Every open query holds (gate-v2, the only version that receives this update): wait for the hold's confirmation.
      await condition(() => state.holdConfirmed === true || isFinished(state));
      return ack();
    },
    {
      validator: ({ raise }) =>
        rejectIf(
          sameRaise(raise, input.raise)
            ? null
            : { code: 'CONFLICT', message: 'This Idempotency-Key was already used with a different request body' },
        ),
    },
  );
  setHandler(getQueryState, () => state);
  // Added after histories were recorded; none of them carries this signal, so they replay as before.
  // It changes only the inbox's own bounded list: no alert, no hold call, no search attribute.
  setHandler(inboxDocumentFiled, (entry) => {
    state = fileInboxDocument(state, entry, INBOX_LIMITS.documentsPerQuery);
  });

  publish();
  if (!input.state) countInWorkflow('queriesRaised', { urgency: state.urgency });
  const historyLimit = input.historyEventLimit ?? 10_000;

  while (!isFinished(state)) {
    adopt(tick(state, new Date(), policy, tickOptions));
    if (retryHoldAt !== null && Date.now() >= retryHoldAt) {
      const owed = state.holdRetry ?? [];
      delete state.holdRetry;
      retryHoldAt = null;
      enqueueHold(owed);
    }
    const wakes = [nextWakeAt(state, policy, tickOptions)?.getTime(), retryHoldAt ?? undefined].filter(
      (t): t is number => t !== undefined,
    );
    changed = false;
    const wantsNewRun = () => historyIsLong(historyLimit) && (!v2 || drained(tracker));
    const wake = () => changed || wantsNewRun();
    await (wakes.length ? condition(wake, Math.max(1, Math.min(...wakes) - Date.now())) : condition(wake));
    if (historyIsLong(historyLimit) && !isFinished(state)) {
      if (v2 && !drained(tracker)) continue; // keep the timers running until nothing is in flight
      await condition(() => drained(tracker));
      log.info('continuing as new', { historyLength: workflowInfo().historyLength });
      await continueAsNew<typeof urgentQuery>({ ...input, state });
    }
  }
  await condition(() => drained(tracker));
  if (v2 && state.holdRetry?.length) {
    // Finished with a hold call still owed (e.g. the clearing after a withdrawal): it must not be lost.
    while (state.holdRetry?.length) {
      await sleep(HOLD_RETRY_MS);
      const owed = state.holdRetry;
      delete state.holdRetry;
      enqueueHold(owed);
      await condition(() => drained(tracker));
    }
  }
  // Added after histories were recorded: those runs finish without reporting.
  if (has('report-outcome')) {
    const closedAt = state.closedAt ?? state.withdrawal?.at ?? new Date().toISOString();
    await queryFinished({
      prisonerNumber: state.prisonerNumber,
      outcome: queryOutcome(state),
      finishedAt: closedAt,
    }).catch((err: ActivityFailure) => {
      log.warn('query outcome not recorded', { error: err.cause?.message ?? err.message });
    });
  }
  return state;
}
