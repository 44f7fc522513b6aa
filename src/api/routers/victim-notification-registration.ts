import { Router, type Request } from 'express';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { registrationSchema } from '../../domain/victim-notification/schemas.ts';
import type { VictimContactService } from '../../services/victim-notification-registration.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { registrationIdSchema } from '../contract/requests.ts';
import { notFound } from '../problem.ts';
import { keyed, paramOr404, parse, traced } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

/**
 * Victim Contact Scheme registrations: several per prisoner (one for each victim, each with their
 * own VLO), read and written only by victim liaison, and never logged.
 */
export function victimContactRouter({ victimContact }: { victimContact: VictimContactService }): Router {
  const router = Router(ROUTING);
  // One check for the whole router (its operations share their roles), so even an unknown path here is refused first.
  router.use(requireRole(...rolesOf('getVictimContact')));
  const prisonerNumber = (req: Request) =>
    paramOr404(prisonerNumberSchema, req.params.prisonerNumber, 'No such registration');
  const registrationId = (req: Request) => paramOr404(registrationIdSchema, req.params.id, 'No such registration');

  router.get('/:prisonerNumber', async (req, res) => {
    const pn = prisonerNumber(req);
    const registrations = await victimContact.read(pn);
    if (registrations.length === 0) throw notFound('This prisoner is not in the Victim Contact Scheme');
    res.json({ prisonerNumber: pn, registrations });
  });

  router.post('/:prisonerNumber/registrations', async (req, res) => {
    const pn = prisonerNumber(req);
    const added = await victimContact.add(actorOf(req), pn, parse(registrationSchema, req.body), keyed(req));
    res.locals.subjectId = pn;
    res.status(201).location(`/api/victim-contact/${pn}/registrations/${added.id}`).json(added);
  });

  router.put('/:prisonerNumber/registrations/:id', async (req, res) => {
    res.json(
      await victimContact.change(
        actorOf(req),
        prisonerNumber(req),
        registrationId(req),
        parse(registrationSchema, req.body),
        traced(req),
      ),
    );
  });

  router.delete('/:prisonerNumber/registrations/:id', async (req, res) => {
    await victimContact.remove(actorOf(req), prisonerNumber(req), registrationId(req), traced(req));
    res.status(204).end();
  });
  return router;
}
