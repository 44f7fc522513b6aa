import { Router, type Request } from 'express';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { z } from 'zod';
import { prisonOfReference, queryReference, queryReferenceSchema } from '../../domain/identifiers.ts';
import type { QueryPolicy } from '../../domain/urgent-query/policy.ts';
import { rolesFor, type QueryState } from '../../domain/urgent-query/query-state.ts';
import { OPERATION_SCHEMAS, raiseQuerySchema } from '../../domain/urgent-query/schemas.ts';
import { URGENT_QUERY_WORKFLOW, getQueryState, queryUpdates } from '../../workflows/definitions.ts';
import { SA } from '../../workflows/search-attributes.ts';
import type { UrgentQueryInput } from '../../workflows/urgent-query.ts';
import { actorOf, assertCanSee, requireRole } from '../auth.ts';
import { conflict, forbidden, notFound } from '../problem.ts';
import { digest, idBytes, paramOr404, parse } from '../request-helpers.ts';
import { problemFromTemporal } from '../temporal-errors.ts';
import { QUERY_OPERATION_PATHS, rolesOf } from '../contract/operations.ts';
import { queueFilterSchema } from '../contract/requests.ts';
import { listQueue } from './query-queue.ts';

export interface UrgentQueriesDeps {
  client: Client;
  taskQueue: string;
  /** The policy a new query is raised under (built once from configuration at start-up). */
  policy: () => QueryPolicy;
}

/** What the API shows of a query: everything but the workflow's own bookkeeping. */
export function queryView(state: QueryState) {
  const { fired: _fired, ...view } = state;
  return view;
}

/** A syntactically bad or unseen reference is simply not found. */
function referenceFrom(req: Request): string {
  const reference = paramOr404(queryReferenceSchema, req.params.reference, 'No such urgent query');
  assertCanSee(actorOf(req), prisonOfReference(reference));
  return reference;
}

export function urgentQueriesRouter(deps: UrgentQueriesDeps): Router {
  const router = Router();
  const { client } = deps;

  router.post('/', requireRole(...rolesOf('raiseQuery')), async (req, res) => {
    const actor = actorOf(req);
    const body = parse(raiseQuerySchema, req.body);
    if (!actor.roles.includes('SYSTEM') && !actor.caseload.includes(body.prisonCode)) {
      throw forbidden(`You cannot raise a query for ${body.prisonCode}: it is not in your caseload`);
    }
    const requestHash = digest(body);
    const { bytes, keyed } = idBytes(req, 'urgent-query');
    const reference = queryReference(body.prisonCode, bytes);
    const input: UrgentQueryInput = { reference, raise: body, raisedBy: actor, policy: deps.policy() };
    try {
      await client.workflow.start(URGENT_QUERY_WORKFLOW, {
        taskQueue: deps.taskQueue,
        workflowId: reference,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        memo: { requestHash, correlationId: req.correlationId },
        typedSearchAttributes: [
          { key: SA.status, value: 'RAISED' },
          { key: SA.prisonCode, value: body.prisonCode },
          { key: SA.prisonerNumber, value: body.prisonerNumber },
          { key: SA.category, value: body.category },
          { key: SA.breached, value: false },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError) || !keyed) throw problemFromTemporal(err);
      const { memo } = await client.workflow.getHandle(reference).describe();
      if (memo?.requestHash !== requestHash) throw conflict('This Idempotency-Key was already used with a different request body');
    }
    res.locals.subjectId = reference;
    res.status(201).location(`/api/urgent-queries/${reference}`).json({ reference });
  });

  // Lists come from visibility and are eventually consistent; a single read below is not.
  router.get('/', requireRole(...rolesOf('listQueue')), async (req, res) => {
    res.json(await listQueue(client, parse(queueFilterSchema, req.query, 'query'), actorOf(req)));
  });

  router.get('/:reference', requireRole(...rolesOf('getQuery')), async (req, res) => {
    const reference = referenceFrom(req);
    try {
      res.json(queryView(await client.workflow.getHandle(reference).query(getQueryState)));
    } catch (err) {
      throw problemFromTemporal(err);
    }
  });

  router.post('/:reference/:operation', async (req, res) => {
    // Own keys only: /constructor must be a 404, not a lookup on Object's prototype.
    const segment = req.params.operation ?? '';
    const name = Object.hasOwn(QUERY_OPERATION_PATHS, segment) ? QUERY_OPERATION_PATHS[segment]!.name : undefined;
    if (!name) throw notFound(`No operation ${req.params.operation}`);
    const actor = actorOf(req);
    const reference = referenceFrom(req);
    if (!rolesFor(name).some((r) => actor.roles.includes(r))) throw forbidden(`${name} needs one of: ${rolesFor(name).join(', ')}`);
    const input = parse(OPERATION_SCHEMAS[name] as z.ZodType<unknown>, req.body);
    const handle = client.workflow.getHandle(reference);
    try {
      const state = await handle.executeUpdate(queryUpdates[name] as (typeof queryUpdates)['claim'], {
        args: [{ actor, input: input as never, correlationId: req.correlationId }],
      });
      res.json(queryView(state));
    } catch (err) {
      const problem = problemFromTemporal(err);
      if (problem.status !== 404) throw problem;
      // A finished query still answers queries: tell the caller why the operation cannot apply.
      const state = await handle.query(getQueryState).catch(() => undefined);
      throw state ? conflict(`cannot ${name} a query that is ${state.status}`) : problem;
    }
  });

  return router;
}

