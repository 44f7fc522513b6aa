import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { hasRole } from '../domain/actors.ts';
import { applyRegistrationOperation, checkRegistrationOperation } from '../domain/victim-notification/registrations.ts';
import type { RegistrationEntry } from '../domain/victim-notification/vocabulary.ts';
import { noteCorrelation } from './correlation.ts';
import {
  getRegistration,
  getRegistrations,
  registrationOperation,
  setRegistration,
  type RegistrationsInput,
} from './definitions.ts';
import { rejectIf } from './entity.ts';

/**
 * One per prisoner in the Victim Contact Scheme: the durable record of every victim's VLO (a
 * prisoner may have several victims, each with their own). Removing the last registration ends the
 * workflow; registering again starts a new run.
 */
export async function victimContactRegistration(input: RegistrationsInput = {}): Promise<null> {
  let registrations: RegistrationEntry[] =
    input.registrations ?? (input.registration ? [{ id: 'REG-FIRST', registeredAt: '', ...input.registration }] : []);
  let ended = false;
  setHandler(getRegistrations, () => registrations);
  setHandler(
    registrationOperation,
    ({ op, correlationId }) => {
      noteCorrelation({ correlationId });
      registrations = applyRegistrationOperation(registrations, op, new Date());
      ended = registrations.length === 0;
      return registrations;
    },
    { validator: ({ op, actor }) => rejectIf(checkRegistrationOperation(registrations, op, actor)) },
  );
  // Runs started with one registration per prisoner answer and change it as they always did.
  setHandler(getRegistration, () => registrations[0] ?? null);
  setHandler(
    setRegistration,
    ({ registration: next, correlationId }) => {
      noteCorrelation({ correlationId });
      registrations = next
        ? [{ id: registrations[0]?.id ?? 'REG-FIRST', registeredAt: registrations[0]?.registeredAt ?? '', ...next }]
        : [];
      ended = next === null;
      return next;
    },
    {
      validator: ({ actor }) =>
        rejectIf(
          hasRole(actor, 'VICTIM_LIAISON')
            ? null
            : { code: 'FORBIDDEN', message: 'only victim liaison manages registrations' },
        ),
    },
  );
  await condition(() => ended || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  if (!ended) await continueAsNew<typeof victimContactRegistration>({ registrations });
  return null;
}
