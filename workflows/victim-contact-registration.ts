import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { hasRole } from '../domain/actors.ts';
import type { Registration } from '../domain/victim-notification/schemas.ts';
import { noteCorrelation } from './correlation.ts';
import { getRegistration, setRegistration } from './definitions.ts';
import { rejectIf } from './entity.ts';

/**
 * One per prisoner in the Victim Contact Scheme: the durable record of his VLO. Ending the
 * registration ends the workflow; registering again starts a new run.
 */
export async function victimContactRegistration(input: { registration?: Registration | null } = {}): Promise<null> {
  let registration: Registration | null = input.registration ?? null;
  let ended = false;
  setHandler(getRegistration, () => registration);
  setHandler(
    setRegistration,
    ({ registration: next, correlationId }) => {
      noteCorrelation({ correlationId });
      registration = next;
      ended = next === null;
      return registration;
    },
    { validator: ({ actor }) => rejectIf(hasRole(actor, 'VICTIM_LIAISON') ? null : { code: 'FORBIDDEN', message: 'only victim liaison manages registrations' }) },
  );
  await condition(() => ended || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  if (!ended) await continueAsNew<typeof victimContactRegistration>({ registration });
  return null;
}
