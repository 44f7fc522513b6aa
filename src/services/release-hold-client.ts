import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { INTERNAL_ACTOR, type Actor } from '../domain/actors.ts';
import type { HoldOperation, HoldOutcome } from '../domain/release-hold/hold-operations.ts';
import type { HoldPolicy, HoldState } from '../domain/release-hold/hold-state.ts';
import type { Prisoner } from '../domain/register/prisoner.ts';
import {
  PATCH_LEVEL,
  RELEASE_HOLD_WORKFLOW,
  correlationMemo,
  getHoldState,
  holdOperation,
  holdWorkflowId,
  type ReleaseHoldInput,
  type Traced,
} from '../workflows/definitions.ts';
import { readOrAbsent } from './workflow-calls.ts';

export interface HoldClientDeps {
  client: Client;
  taskQueue: string;
  holdPolicy: HoldPolicy;
}

/**
 * The release hold's one door, for the API, the pages and the activities alike: read it (absent
 * when he has none), and apply any change as one update, starting the hold if it is not running.
 */
export function holdClient({ client, taskQueue, holdPolicy }: HoldClientDeps) {
  return {
    read: (prisonerNumber: string): Promise<HoldState | undefined> =>
      readOrAbsent(() => client.workflow.getHandle(holdWorkflowId(prisonerNumber)).query(getHoldState)),

    apply: (actor: Actor, prisonerNumber: string, op: HoldOperation, traced: Traced = {}): Promise<HoldOutcome> =>
      client.workflow.executeUpdateWithStart(holdOperation, {
        args: [{ actor, op, ...(traced.correlationId ? { correlationId: traced.correlationId } : {}) }],
        startWorkflowOperation: new WithStartWorkflowOperation(RELEASE_HOLD_WORKFLOW, {
          workflowId: holdWorkflowId(prisonerNumber),
          taskQueue,
          memo: correlationMemo(traced),
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          args: [{ prisonerNumber, policy: holdPolicy, patchLevel: PATCH_LEVEL } satisfies ReleaseHoldInput],
        }),
      }),

    /** A change for a hold that should already be running (a query's clearing, an incident closing): none is not started. */
    applyIfRunning: (
      actor: Actor,
      prisonerNumber: string,
      op: HoldOperation,
      traced: Traced = {},
    ): Promise<HoldOutcome> =>
      client.workflow.getHandle(holdWorkflowId(prisonerNumber)).executeUpdate(holdOperation, {
        args: [{ actor, op, ...(traced.correlationId ? { correlationId: traced.correlationId } : {}) }],
      }),
  };
}
export type HoldClient = ReturnType<typeof holdClient>;

/** One change on a prisoner's hold, as the actor, for the gate's services. */
export const applyOn = (holds: HoldClient) => (actor: Actor, prisoner: Prisoner, op: HoldOperation, traced: Traced) =>
  holds.apply(actor, prisoner.prisonerNumber, op, traced);

/**
 * The register moved him to another prison (the prison system's sync): his hold, if he has one,
 * ends what was checked or overridden at the old one, and records the move. No hold, nothing to end.
 */
export async function movedPrison(
  holds: HoldClient,
  prisonerNumber: string,
  from: string,
  to: string,
  at: string,
): Promise<void> {
  if (!(await holds.read(prisonerNumber))) return;
  await holds.apply(INTERNAL_ACTOR, prisonerNumber, { type: 'movedPrison', from, to, at });
}
