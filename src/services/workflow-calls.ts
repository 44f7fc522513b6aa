import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionInfo,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { shortId } from '../domain/identifiers.ts';
import type { Actor } from '../domain/actors.ts';
import type { Traced } from '../workflows/definitions.ts';
import { SA } from '../workflows/search-attributes.ts';

/** Reads a workflow; one that does not exist is absent, not an error. */
export async function readOrAbsent<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * Starts a case's workflow once for its id: a second start, while it runs or after it has ended,
 * starts nothing and is not an error. (A retried start after the end would otherwise do it all again.)
 */
export async function startOnce(
  client: Client,
  workflowType: string,
  options: Omit<WorkflowStartOptions, 'workflowIdReusePolicy'>,
): Promise<void> {
  try {
    await client.workflow.start(workflowType, {
      ...options,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    } as WorkflowStartOptions);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * A Temporal Schedule that starts `workflowType` every `every`, made once (a second call finds it
 * there): a run due while the last still runs is skipped, and runs missed within `catchupWindow`
 * are caught up after downtime.
 */
export async function ensureSchedule(
  client: Client,
  s: { scheduleId: string; every: string; workflowType: string; taskQueue: string; catchupWindow: string },
): Promise<string> {
  try {
    await client.schedule.create({
      scheduleId: s.scheduleId,
      spec: { intervals: [{ every: s.every }] },
      action: {
        type: 'startWorkflow',
        workflowType: s.workflowType,
        workflowId: `${s.scheduleId}-run`,
        taskQueue: s.taskQueue,
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: s.catchupWindow, pauseOnFailure: false },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  return s.scheduleId;
}

/** Visibility rows for `query`, mapped by `row` (undefined skips one), at most `limit`. Lists are eventually consistent; single reads are not. */
export async function listByVisibility<T>(
  client: Client,
  query: string,
  limit: number,
  row: (wf: WorkflowExecutionInfo) => T | undefined,
): Promise<{ rows: T[]; truncated: boolean }> {
  const rows: T[] = [];
  for await (const wf of client.workflow.list({ query })) {
    // A case started a moment ago whose first task has not yet said what it is and where: visibility
    // has it without them, and it is listed once it has them (a prison's own list asks by prison already).
    if (!wf.typedSearchAttributes.get(SA.status) || !wf.typedSearchAttributes.get(SA.prisonCode)) continue;
    const mapped = row(wf);
    if (mapped === undefined) continue;
    if (rows.length === limit) return { rows, truncated: true };
    rows.push(mapped);
  }
  return { rows, truncated: false };
}

/**
 * Bytes for a new case id: from the actor and their Idempotency-Key when one is given (so a retry,
 * even after a restart, names the same workflow), otherwise random.
 */
export function caseIdBytes(scope: string, actor: Actor, idempotencyKey?: string): { bytes: Buffer; keyed: boolean } {
  if (idempotencyKey === undefined) return { bytes: randomBytes(8), keyed: false };
  return { bytes: createHash('sha256').update(`${scope}\n${actor.username}\n${idempotencyKey}`).digest(), keyed: true };
}

/** A keyed request: the Idempotency-Key it came with, and the request it belongs to. */
export interface Keyed extends Traced {
  idempotencyKey?: string;
}

export const caseId = (
  prefix: string,
  scope: string,
  actor: Actor,
  idempotencyKey?: string,
): { id: string; keyed: boolean } => {
  const { bytes, keyed } = caseIdBytes(scope, actor, idempotencyKey);
  return { id: `${prefix}${shortId(bytes)}`, keyed };
};

/**
 * A prisoner as search attributes may name him: a keyed hash of his number. Search attributes are
 * stored and shown unencrypted (the payload codec cannot reach them), so they hold no personal data;
 * the service, which has the key, can still find his cases.
 */
export const personRef = (key: Uint8Array, prisonerNumber: string): string =>
  createHmac('sha256', key).update(`person:${prisonerNumber}`).digest('base64url').slice(0, 22);

export const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');
