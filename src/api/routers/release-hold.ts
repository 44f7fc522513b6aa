import { Router, type Request } from 'express';
import { z } from 'zod';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { reportReleaseInErrorSchema, returnedToCustodySchema } from '../../domain/incident/schemas.ts';
import { checklistRequestSchema } from '../../domain/release-hold/checklists.ts';
import {
  clearReasonSchema,
  flagStatusChangeSchema,
  overrideSchema,
  placeManualHoldSchema,
  recordReleaseSchema,
} from '../../domain/release-hold/schemas.ts';
import type { Actor } from '../../domain/actors.ts';
import type { GateService } from '../../services/release-hold.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { keyed, paramOr404, parse, traced } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

const authorisationIdSchema = z.string().regex(/^AUTH-[A-Za-z0-9_-]{1,40}$/);
const prisonerNumber = (req: Request): string =>
  paramOr404(prisonerNumberSchema, req.params.prisonerNumber, 'No such prisoner');

/** A prisoner's release hold and its discharge gate over HTTP, under /api/prisoners: each route translates to one service call. */
export function releaseHoldRouter({ gate }: { gate: GateService }): Router {
  const router = Router(ROUTING);

  router.get('/:prisonerNumber/release-status', requireRole(...rolesOf('getReleaseStatus')), async (req, res) => {
    res.json(await gate.releaseStatus(actorOf(req), prisonerNumber(req)));
  });

  router.get('/:prisonerNumber/hold', requireRole(...rolesOf('getHold')), async (req, res) => {
    res.json(await gate.hold(actorOf(req), prisonerNumber(req)));
  });

  router.post('/:prisonerNumber/releases', requireRole(...rolesOf('recordRelease')), async (req, res) => {
    const pn = prisonerNumber(req);
    const release = await gate.recordRelease(actorOf(req), pn, parse(recordReleaseSchema, req.body), keyed(req));
    res.status(201).location(`/api/prisoners/${pn}/release-status`).json(release);
  });

  /** Something made under his hold: the body read by its schema, one keyed call, 201 with what was made. */
  const create = <B, R>(
    path: string,
    operationId: string,
    schema: z.ZodType<B>,
    call: (actor: Actor, prisonerNumber: string, body: B, key: ReturnType<typeof keyed>) => Promise<R>,
  ) =>
    router.post(path, requireRole(...rolesOf(operationId)), async (req, res) => {
      res.status(201).json(await call(actorOf(req), prisonerNumber(req), parse(schema, req.body), keyed(req)));
    });

  create('/:prisonerNumber/authorisations', 'completeChecklist', checklistRequestSchema, (...a) =>
    gate.completeChecklist(...a),
  );

  router.post(
    '/:prisonerNumber/authorisations/:id/verify',
    requireRole(...rolesOf('verifyAuthorisation')),
    async (req, res) => {
      const id = paramOr404(authorisationIdSchema, req.params.id, 'No such authorisation');
      res.json(await gate.verifyAuthorisation(actorOf(req), prisonerNumber(req), id, traced(req)));
    },
  );

  create('/:prisonerNumber/holds', 'placeManualHold', placeManualHoldSchema, (...a) => gate.placeManualHold(...a));

  router.post(
    '/:prisonerNumber/custodial-status-changes',
    requireRole(...rolesOf('flagCustodialStatusChange')),
    async (req, res) => {
      const { placed: _placed, ...status } = await gate.flagCourtChange(
        actorOf(req),
        prisonerNumber(req),
        parse(flagStatusChangeSchema, req.body),
        traced(req),
      );
      res.status(201).json(status);
    },
  );

  for (const action of ['clear', 'progress'] as const) {
    router.post(
      `/:prisonerNumber/holds/:key/${action}`,
      requireRole(...rolesOf(`${action}HoldReason`)),
      async (req, res) => {
        const { note } = parse(clearReasonSchema, req.body);
        res.json(
          await gate.changeReason(actorOf(req), prisonerNumber(req), String(req.params.key), action, note, traced(req)),
        );
      },
    );
  }

  create('/:prisonerNumber/overrides', 'overrideHold', overrideSchema, (...a) => gate.override(...a));

  router.post(
    '/:prisonerNumber/releases-in-error',
    requireRole(...rolesOf('reportReleaseInError')),
    async (req, res) => {
      const { incidentId } = await gate.reportReleaseInError(
        actorOf(req),
        prisonerNumber(req),
        parse(reportReleaseInErrorSchema, req.body),
        keyed(req),
      );
      res.status(201).location(`/api/incidents/${incidentId}`).json({ incidentId });
    },
  );

  router.post(
    '/:prisonerNumber/returned-to-custody',
    requireRole(...rolesOf('returnedToCustody')),
    async (req, res) => {
      const pn = prisonerNumber(req);
      const outcome = await gate.returnedToCustody(
        actorOf(req),
        pn,
        parse(returnedToCustodySchema, req.body),
        traced(req),
      );
      res.json({ prisonerNumber: pn, releases: outcome.releases ?? [], incidents: outcome.incidents ?? [] });
    },
  );

  return router;
}
