import {
  WithStartWorkflowOperation,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
} from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { canSeePrison, hasRole, type Actor } from '../domain/actors.ts';
import { queryReference } from '../domain/identifiers.ts';
import { URGENCIES, type QueryPolicy } from '../domain/urgent-query/policy.ts';
import { raiseOf, sameRaise, type QueryState } from '../domain/urgent-query/query-state.ts';
import type { OperationInput, OperationName, RaiseQuery, RaiseQueryRequest } from '../domain/urgent-query/schemas.ts';
import {
  PATCH_LEVEL,
  URGENT_QUERY_WORKFLOW,
  correlationMemo,
  getQueryState,
  queryRaised,
  queryUpdates,
  type Traced,
  type UrgentQueryInput,
} from '../workflows/definitions.ts';
import { conflict, forbidden, notFound, unprocessable } from './errors.ts';
import type { PrisonerService } from './register.ts';
import { listQueue, numberedQueuePage, type QueueFilter } from './urgent-query-queue.ts';
import type { HoldClient } from './release-hold-client.ts';
import { LIMITS } from '../domain/limits.ts';
import { OPEN_STATUSES } from '../domain/urgent-query/vocabulary.ts';
import { caseIdBytes, personRef } from './workflow-calls.ts';
import { SA } from '../workflows/search-attributes.ts';

/** What the API and the pages show of a query: everything but the workflow's own bookkeeping. */
export function queryView(state: QueryState) {
  const {
    fired: _fired,
    holdConfirmed: _confirmed,
    holdRetry: _retry,
    lastAlertAtByLevel: _levels,
    inboxMessagesSeen: _seen,
    ...view
  } = state;
  return view;
}
export type QueryView = ReturnType<typeof queryView>;

/** How long a raise waits for the gate to confirm the query's hold before answering 503. */
const RAISE_DEADLINE_MS = 30_000;

/**
 * Urgent queries: the workflow's one door. Raising waits until the prisoner's hold holds the
 * query's reason (update-with-start), so a release sent the instant after `201` is refused.
 */
export function queryService({
  client,
  taskQueue,
  policy,
  prisoners,
  holds,
  personKey,
}: {
  client: Client;
  taskQueue: string;
  policy: () => QueryPolicy;
  prisoners: PrisonerService;
  holds: HoldClient;
  personKey: Uint8Array;
}) {
  const handle = (reference: string) => client.workflow.getHandle(reference);
  /**
   * A case follows the prisoner: who may read and act on a query is decided by where the register
   * holds him now, not by the prison that raised it. Outside the caller's reach it does not exist.
   */
  const readVisible = async (actor: Actor, reference: string): Promise<{ state: QueryState; heldAt: string }> => {
    const state = await handle(reference).query(getQueryState);
    const heldAt = (await prisoners.register.find(state.prisonerNumber))?.prisonCode ?? state.prisonCode;
    if (!canSeePrison(actor, heldAt)) throw notFound('No such urgent query');
    return { state, heldAt };
  };

  return {
    /**
     * Raises a query for a prisoner on the raising prison's roll (per the register; for someone
     * released, the prison that released him). Returns once the gate holds its reason.
     */
    async raise(
      actor: Actor,
      body: RaiseQueryRequest,
      request: Traced & { idempotencyKey?: string } = {},
    ): Promise<{ reference: string }> {
      if (body.prisonCode) await prisoners.assertEstablishment(body.prisonCode, 'body.prisonCode');
      if (body.prisonCode && !actor.caseload.includes(body.prisonCode))
        throw forbidden(`You cannot raise a query for ${body.prisonCode}: it is not in your caseload`);
      const prisoner = await prisoners.register.find(body.prisonerNumber);
      const atPrison =
        body.prisonCode ?? (prisoner && actor.caseload.includes(prisoner.prisonCode) ? prisoner.prisonCode : undefined);
      if (!prisoner || !atPrison || prisoner.prisonCode !== atPrison) {
        throw unprocessable(
          'body.prisonerNumber',
          `is not on the roll of ${atPrison ?? 'a prison in your caseload'}: check the number, or raise the query from the prison that holds him`,
        );
      }
      // The register's release date and "at court" count as much as the raise's: the earlier date governs.
      const register = {
        ...(prisoner.plannedRelease ? { plannedRelease: prisoner.plannedRelease } : {}),
        ...(prisoner.status === 'AT_COURT' ? { atCourt: true } : {}),
      };
      const raise: RaiseQuery = {
        ...body,
        prisonCode: atPrison,
        ...(Object.keys(register).length ? { register } : {}),
      };
      const { bytes } = caseIdBytes('urgent-query', actor, request.idempotencyKey);
      const reference = queryReference(atPrison, bytes);
      const input: UrgentQueryInput = { reference, raise, raisedBy: actor, policy: policy(), patchLevel: PATCH_LEVEL };
      // A hold takes so many reasons; the query's would be refused, and the raise would wait for ever.
      // A person's query meets the people's limit; the court feed's never does (it is never dropped).
      const standing = (await holds.read(raise.prisonerNumber))?.reasons ?? [];
      const limit = hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR')
        ? LIMITS.reasonsPerHold
        : LIMITS.systemReasonsPerHold;
      if (standing.length >= limit && !standing.some((r) => r.key === `query-${reference}`)) {
        throw unprocessable(
          'body.prisonerNumber',
          `has ${standing.length} reasons standing on his hold already, the most one hold takes: answer or clear some first`,
        );
      }
      try {
        // Bounded: if the gate cannot confirm the hold in time the caller hears so (503), not silence.
        await client.withDeadline(Date.now() + RAISE_DEADLINE_MS, () =>
          client.workflow.executeUpdateWithStart(queryRaised, {
            args: [{ raise, ...(request.correlationId ? { correlationId: request.correlationId } : {}) }],
            startWorkflowOperation: new WithStartWorkflowOperation(URGENT_QUERY_WORKFLOW, {
              workflowId: reference,
              taskQueue,
              args: [input],
              workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
              workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
              // His number in the memo (encrypted by the codec) for lists; only a keyed hash where it is searched.
              memo: { ...correlationMemo(request), prisonerNumber: raise.prisonerNumber },
              typedSearchAttributes: [{ key: SA.personRef, value: personRef(personKey, raise.prisonerNumber) }],
            }),
          }),
        );
      } catch (err) {
        // A keyed retry of a query that has since finished: the same question is the same query.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        const existing = await handle(reference).query(getQueryState);
        if (!sameRaise(raiseOf(existing), raise)) {
          throw conflict('This Idempotency-Key was already used with a different request body');
        }
      }
      return { reference };
    },

    async read(actor: Actor, reference: string): Promise<QueryState> {
      return (await readVisible(actor, reference)).state;
    },

    /** One operation on a query; a finished query still answers, so the caller is told why it cannot apply. */
    async operate<N extends OperationName>(
      actor: Actor,
      reference: string,
      name: N,
      input: OperationInput<N>,
      traced: Traced = {},
    ): Promise<QueryState> {
      const { heldAt } = await readVisible(actor, reference);
      try {
        await handle(reference).executeUpdate(queryUpdates[name] as (typeof queryUpdates)['claim'], {
          args: [{ actor, input: input as never, heldAt, ...traced }],
        });
        // The update answers only that it applied (its result stays in history); the query is read after it.
        return await handle(reference).query(getQueryState);
      } catch (err) {
        const state = await handle(reference)
          .query(getQueryState)
          .catch(() => undefined);
        if (
          state &&
          (state.status === 'CLOSED' || state.status === 'WITHDRAWN') &&
          (err as Error).name !== 'WorkflowUpdateFailedError'
        )
          throw conflict(`cannot ${name} a query that is ${state.status}`);
        throw err;
      }
    },

    /** Open queries on this system's task queue, by status and urgency, from visibility (the operators' queue gauge). */
    async countOpen(): Promise<{ status: string; urgency: string; count: number }[]> {
      const counts = [];
      for (const status of OPEN_STATUSES) {
        for (const urgency of URGENCIES) {
          const query = `WorkflowType = '${URGENT_QUERY_WORKFLOW}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}' AND ${SA.status.name} = '${status}' AND ${SA.urgency.name} = '${urgency}'`;
          counts.push({ status, urgency, count: (await client.workflow.count(query)).count });
        }
      }
      return counts;
    },

    async queue(actor: Actor, filter: QueueFilter) {
      if (filter.prisonCode) await prisoners.assertEstablishment(filter.prisonCode, 'query.prisonCode');
      return listQueue(client, filter, actor, (pn) => personRef(personKey, pn));
    },

    /** The same list by page number, with its total, as the pages show it. */
    async queuePage(actor: Actor, filter: QueueFilter, page: number) {
      if (filter.prisonCode) await prisoners.assertEstablishment(filter.prisonCode, 'query.prisonCode');
      return numberedQueuePage(client, filter, actor, (pn) => personRef(personKey, pn), page);
    },
  };
}
export type QueryService = ReturnType<typeof queryService>;
