import { Router, type Request } from 'express';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { registrationSchema } from '../../domain/victim-notification/schemas.ts';
import type { VictimContactService } from '../../services/victim-contact.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { notFound } from '../problem.ts';
import { paramOr404, parse, traced } from '../request-helpers.ts';

/** Victim Contact Scheme registrations: read and written only by victim liaison, and never logged. */
export function victimContactRouter({ victimContact }: { victimContact: VictimContactService }): Router {
  const router = Router();
  // One check for the whole router (its operations share their roles), so even an unknown path here is refused first.
  router.use(requireRole(...rolesOf('getVictimContact')));
  const prisonerNumber = (req: Request) => paramOr404(prisonerNumberSchema, req.params.prisonerNumber, 'No such registration');

  router.put('/:prisonerNumber', async (req, res) => {
    const pn = prisonerNumber(req);
    const saved = await victimContact.put(actorOf(req), pn, parse(registrationSchema, req.body), traced(req));
    res.json({ prisonerNumber: pn, ...saved });
  });

  router.get('/:prisonerNumber', async (req, res) => {
    const pn = prisonerNumber(req);
    const registration = await victimContact.read(pn);
    if (!registration) throw notFound('This prisoner is not in the Victim Contact Scheme');
    res.json({ prisonerNumber: pn, ...registration });
  });

  router.delete('/:prisonerNumber', async (req, res) => {
    await victimContact.remove(actorOf(req), prisonerNumber(req), traced(req));
    res.status(204).end();
  });
  return router;
}
