import { createHmac } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { Actor } from '../domain/actors.ts';
import type {
  Registration,
  RegistrationEntry,
  RegistrationOperation,
} from '../domain/victim-notification/vocabulary.ts';
import {
  VICTIM_CONTACT_WORKFLOW,
  correlationMemo,
  getRegistrations,
  registrationOperation,
  registrationWorkflowId,
  type RegistrationsInput,
  type Traced,
} from '../workflows/definitions.ts';
import { conflict, notFound } from './errors.ts';
import { caseId, digest, readOrAbsent } from './workflow-calls.ts';

/**
 * Victim Contact Scheme registrations: one entity workflow per prisoner holding every victim's VLO,
 * under an opaque id (a keyed hash of his number), its one door.
 */
export function victimContactService({
  client,
  taskQueue,
  idKey,
  added,
}: {
  client: Client;
  taskQueue: string;
  idKey: Uint8Array;
  /** A VLO who has been told of nothing yet: a registration added, or another VLO taking one over. */
  added?: (prisonerNumber: string, why: string) => Promise<void>;
}) {
  /** His opaque id: a keyed hash of his number, for every workflow of his that would otherwise name him. */
  const opaqueId = (prisonerNumber: string) =>
    createHmac('sha256', idKey).update(`vcs:${prisonerNumber}`).digest('base64url').slice(0, 22);
  const workflowId = (prisonerNumber: string) => registrationWorkflowId(opaqueId(prisonerNumber));
  const handle = (prisonerNumber: string) => client.workflow.getHandle(workflowId(prisonerNumber));
  /** His registrations; none when he is not in the scheme. */
  const read = async (prisonerNumber: string): Promise<RegistrationEntry[]> =>
    (await readOrAbsent(() => handle(prisonerNumber).query(getRegistrations))) ?? [];
  /** An addition starts his record if he has none; a change or removal needs one. */
  const update = (actor: Actor, prisonerNumber: string, op: RegistrationOperation, traced: Traced) => {
    const request = { actor, op, ...traced };
    if (op.type !== 'add') return handle(prisonerNumber).executeUpdate(registrationOperation, { args: [request] });
    return client.workflow.executeUpdateWithStart(registrationOperation, {
      args: [request],
      startWorkflowOperation: new WithStartWorkflowOperation(VICTIM_CONTACT_WORKFLOW, {
        workflowId: workflowId(prisonerNumber),
        taskQueue,
        memo: correlationMemo(traced),
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [{} satisfies RegistrationsInput],
      }),
    });
  };
  return {
    workflowId,
    opaqueId,
    read,
    /** A victim's registration added; a retry with the same Idempotency-Key adds nothing more. */
    async add(
      actor: Actor,
      prisonerNumber: string,
      registration: Registration,
      request: Traced & { idempotencyKey?: string } = {},
    ): Promise<RegistrationEntry> {
      const { id, keyed } = caseId('REG-', `vcs:${prisonerNumber}`, actor, request.idempotencyKey);
      const requestDigest = digest([
        registration.vloName,
        registration.vloEmail,
        registration.teamMailbox,
        registration.probationRegion,
        registration.eligibility,
      ]);
      const after = await update(actor, prisonerNumber, { type: 'add', id, registration, requestDigest }, request);
      const entry = after.find((r) => r.id === id)!;
      if (keyed && entry.requestDigest && entry.requestDigest !== requestDigest)
        throw conflict('This Idempotency-Key was already used with a different request body');
      // A VLO registered after his release date was told must hear of it too (a retry tells nobody twice).
      await added?.(prisonerNumber, 'a Victim Contact Scheme registration was added');
      return entry;
    },
    async change(
      actor: Actor,
      prisonerNumber: string,
      id: string,
      registration: Registration,
      traced: Traced = {},
    ): Promise<RegistrationEntry> {
      const before = (await read(prisonerNumber)).find((r) => r.id === id);
      if (!before) throw notFound('No such registration');
      const after = (await update(actor, prisonerNumber, { type: 'change', id, registration }, traced)).find(
        (r) => r.id === id,
      )!;
      // Another VLO: told of nothing yet, so what the desk checked is void and the date is told to him.
      if ((after.vloChanges ?? 0) !== (before.vloChanges ?? 0)) await added?.(prisonerNumber, 'a victim’s VLO changed');
      return after;
    },
    async remove(actor: Actor, prisonerNumber: string, id: string, traced: Traced = {}): Promise<void> {
      if (!(await read(prisonerNumber)).some((r) => r.id === id)) throw notFound('No such registration');
      await update(actor, prisonerNumber, { type: 'remove', id }, traced);
    },
  };
}
export type VictimContactService = ReturnType<typeof victimContactService>;
