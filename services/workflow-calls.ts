import { createHash, createHmac, randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { shortId } from '../domain/identifiers.ts';
import type { Actor } from '../domain/actors.ts';

/** Reads a workflow; one that does not exist is absent, not an error. */
export async function readOrAbsent<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** Visibility rows for `query`, mapped by `row` (undefined skips one), at most `limit`. Lists are eventually consistent; single reads are not. */
export async function listByVisibility<T>(client: Client, query: string, limit: number, row: (wf: WorkflowExecutionInfo) => T | undefined): Promise<{ rows: T[]; truncated: boolean }> {
  const rows: T[] = [];
  for await (const wf of client.workflow.list({ query })) {
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

export const caseId = (prefix: string, scope: string, actor: Actor, idempotencyKey?: string): { id: string; keyed: boolean } => {
  const { bytes, keyed } = caseIdBytes(scope, actor, idempotencyKey);
  return { id: `${prefix}${shortId(bytes)}`, keyed };
};

/**
 * A prisoner as search attributes may name him: a keyed hash of his number. Search attributes are
 * stored and shown unencrypted (the payload codec cannot reach them), so they hold no personal data;
 * the service, which has the key, can still find his cases.
 */
export const personRef = (key: Uint8Array, prisonerNumber: string): string => createHmac('sha256', key).update(`person:${prisonerNumber}`).digest('base64url').slice(0, 22);

export const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');
