import { Router, type Request } from 'express';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { prisonerRecordSchema, prisonerSearchSchema, syncMovementSchema } from '../../domain/register/schemas.ts';
import type { GateService } from '../../services/release-hold.ts';
import type { PrisonerService } from '../../services/register.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { paramOr404, parse, traced } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

const prisonerNumber = (req: Request): string =>
  paramOr404(prisonerNumberSchema, req.params.prisonerNumber, 'No such prisoner');

/** The prisoner register over HTTP, under /api/prisoners: each route translates to one service call. */
export function registerRouter({ prisoners, gate }: { prisoners: PrisonerService; gate: GateService }): Router {
  const router = Router(ROUTING);

  router.get('/', requireRole(...rolesOf('searchPrisoners')), async (req, res) => {
    res.json({ items: await prisoners.search(actorOf(req), parse(prisonerSearchSchema, req.query, 'query')) });
  });

  router.get('/:prisonerNumber', requireRole(...rolesOf('getPrisoner')), async (req, res) => {
    res.json(await prisoners.visible(actorOf(req), prisonerNumber(req)));
  });

  router.put('/:prisonerNumber', requireRole(...rolesOf('writePrisoner')), async (req, res) => {
    const { prisoner, created } = await prisoners.write(
      actorOf(req),
      prisonerNumber(req),
      parse(prisonerRecordSchema, req.body),
      new Date().toISOString(),
    );
    res.status(created ? 201 : 200).json(prisoner);
  });

  router.post('/:prisonerNumber/movements', requireRole(...rolesOf('recordSyncMovement')), async (req, res) => {
    res.json(
      await gate.syncMovement(actorOf(req), prisonerNumber(req), parse(syncMovementSchema, req.body), traced(req)),
    );
  });

  return router;
}
