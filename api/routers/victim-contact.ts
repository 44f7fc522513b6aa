import { Router, type Request } from 'express';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { registrationSchema } from '../../domain/victim-notification/registration.ts';
import { VICTIM_CONTACT_WORKFLOW, correlationMemo, getRegistration, registrationWorkflowId, setRegistration } from '../../workflows/definitions.ts';
import { rolesOf } from '../contract/operations.ts';
import { actorOf, requireRole } from '../auth.ts';
import { notFound } from '../problem.ts';
import { paramOr404, parse } from '../request-helpers.ts';
import { problemFromTemporal } from '../temporal-errors.ts';

/** Victim Contact Scheme registrations: read and written only by victim liaison and system roles, and never logged. */
export function victimContactRouter({ client, taskQueue }: { client: Client; taskQueue: string }): Router {
  const router = Router();
  // One check for the whole router (its operations share their roles), so even an unknown path here is refused first.
  router.use(requireRole(...rolesOf('getVictimContact')));
  const prisonerNumber = (req: Request) => paramOr404(prisonerNumberSchema, req.params.prisonerNumber, 'No such registration');
  const read = async (pn: string) => {
    try {
      return await client.workflow.getHandle(registrationWorkflowId(pn)).query(getRegistration);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw problemFromTemporal(err);
    }
  };

  router.put('/:prisonerNumber', async (req, res) => {
    const pn = prisonerNumber(req);
    const registration = parse(registrationSchema, req.body);
    try {
      const saved = await client.workflow.executeUpdateWithStart(setRegistration, {
        args: [{ actor: actorOf(req), registration, correlationId: req.correlationId }],
        startWorkflowOperation: new WithStartWorkflowOperation(VICTIM_CONTACT_WORKFLOW, {
          workflowId: registrationWorkflowId(pn),
          taskQueue,
          memo: correlationMemo(req),
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          args: [{}],
        }),
      });
      res.json({ prisonerNumber: pn, ...saved });
    } catch (err) {
      throw problemFromTemporal(err);
    }
  });

  router.get('/:prisonerNumber', async (req, res) => {
    const pn = prisonerNumber(req);
    const registration = await read(pn);
    if (!registration) throw notFound('This prisoner is not in the Victim Contact Scheme');
    res.json({ prisonerNumber: pn, ...registration });
  });

  router.delete('/:prisonerNumber', async (req, res) => {
    const pn = prisonerNumber(req);
    if (!(await read(pn))) throw notFound('This prisoner is not in the Victim Contact Scheme');
    try {
      await client.workflow.getHandle(registrationWorkflowId(pn)).executeUpdate(setRegistration, { args: [{ actor: actorOf(req), registration: null, correlationId: req.correlationId }] });
    } catch (err) {
      throw problemFromTemporal(err);
    }
    res.status(204).end();
  });
  return router;
}
