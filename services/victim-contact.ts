import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { Actor } from '../domain/actors.ts';
import type { Registration } from '../domain/victim-notification/schemas.ts';
import { VICTIM_CONTACT_WORKFLOW, correlationMemo, getRegistration, registrationWorkflowId, setRegistration, type Traced } from '../workflows/definitions.ts';
import { notFound } from './errors.ts';
import { readOrAbsent } from './workflow-calls.ts';

/** Victim Contact Scheme registrations: one entity workflow per prisoner, its one door. */
export function victimContactService({ client, taskQueue }: { client: Client; taskQueue: string }) {
  const handle = (prisonerNumber: string) => client.workflow.getHandle(registrationWorkflowId(prisonerNumber));
  /** His registration, or null when he is not in the scheme. */
  const read = async (prisonerNumber: string): Promise<Registration | null> => (await readOrAbsent(() => handle(prisonerNumber).query(getRegistration))) ?? null;
  return {
    read,
    put: (actor: Actor, prisonerNumber: string, registration: Registration, traced: Traced = {}) =>
      client.workflow.executeUpdateWithStart(setRegistration, {
        args: [{ actor, registration, ...traced }],
        startWorkflowOperation: new WithStartWorkflowOperation(VICTIM_CONTACT_WORKFLOW, {
          workflowId: registrationWorkflowId(prisonerNumber),
          taskQueue,
          memo: correlationMemo(traced),
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          args: [{}],
        }),
      }),
    async remove(actor: Actor, prisonerNumber: string, traced: Traced = {}): Promise<void> {
      if (!(await read(prisonerNumber))) throw notFound('This prisoner is not in the Victim Contact Scheme');
      await handle(prisonerNumber).executeUpdate(setRegistration, { args: [{ actor, registration: null, ...traced }] });
    },
  };
}
export type VictimContactService = ReturnType<typeof victimContactService>;
