import { Router, type Request } from 'express';
import type { z } from 'zod';
import { grantedBy, hasRole } from '../../domain/actors.ts';
import { queryReferenceSchema } from '../../domain/identifiers.ts';
import { rolesFor } from '../../domain/urgent-query/operations.ts';
import { OPERATION_SCHEMAS, raiseQuerySchema } from '../../domain/urgent-query/schemas.ts';
import { queryView, type QueryService } from '../../services/urgent-query.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { QUERY_OPERATION_PATHS } from '../contract/urgent-query.ts';
import { queueFilterSchema } from '../contract/requests.ts';
import { forbidden, notFound } from '../problem.ts';
import { keyed, paramOr404, parse, traced } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

/** A syntactically bad reference is simply not found. */
const referenceOf = (req: Request): string =>
  paramOr404(queryReferenceSchema, req.params.reference, 'No such urgent query');

/** Urgent queries over HTTP: each route translates to one call of the query service. */
export function urgentQueriesRouter({ queries }: { queries: QueryService }): Router {
  const router = Router(ROUTING);

  router.post('/', requireRole(...rolesOf('raiseQuery')), async (req, res) => {
    const { reference } = await queries.raise(actorOf(req), parse(raiseQuerySchema, req.body), keyed(req));
    res.locals.subjectId = reference;
    res.status(201).location(`/api/urgent-queries/${reference}`).json({ reference });
  });

  // Lists come from visibility and are eventually consistent; a single read below is not.
  router.get('/', requireRole(...rolesOf('listQueue')), async (req, res) => {
    res.json(await queries.queue(actorOf(req), parse(queueFilterSchema, req.query, 'query')));
  });

  router.get('/:reference', requireRole(...rolesOf('getQuery')), async (req, res) => {
    res.json(queryView(await queries.read(actorOf(req), referenceOf(req))));
  });

  router.post('/:reference/:operation', async (req, res) => {
    // Own keys only: /constructor must be a 404, not a lookup on Object's prototype.
    const segment = req.params.operation ?? '';
    const name = Object.hasOwn(QUERY_OPERATION_PATHS, segment) ? QUERY_OPERATION_PATHS[segment]!.name : undefined;
    if (!name) throw notFound(`No operation ${req.params.operation}`);
    const reference = referenceOf(req);
    if (!hasRole(actorOf(req), ...rolesFor(name)))
      throw forbidden(`${name} needs one of: ${rolesFor(name).join(', ')}`);
    // Only the roles that grant this operation act in it (see requireRole).
    const actor = grantedBy(actorOf(req), rolesFor(name));
    const input = parse(OPERATION_SCHEMAS[name] as z.ZodType<unknown>, req.body);
    res.json(queryView(await queries.operate(actor, reference, name, input as never, traced(req))));
  });

  return router;
}
