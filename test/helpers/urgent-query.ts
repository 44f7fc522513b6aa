import { randomBytes } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Actor } from '../../src/domain/actors.ts';
import { queryReference } from '../../src/domain/identifiers.ts';
import type { QueryPolicy } from '../../src/domain/urgent-query/policy.ts';
import type { QueryState } from '../../src/domain/urgent-query/query-state.ts';
import type { OperationInput, OperationName, RaiseQuery } from '../../src/domain/urgent-query/schemas.ts';
import { URGENT_QUERY_WORKFLOW, getQueryState, queryUpdates } from '../../src/workflows/definitions.ts';
import type { urgentQuery } from '../../src/workflows/urgent-query.ts';
import type { UrgentQueryInput } from '../../src/workflows/definitions.ts';

export const PRISON_OFFICER: Actor = { username: 'prison.officer', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
export const GOVERNOR: Actor = { username: 'duty.governor', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
export const EXPERT: Actor = { username: 'court.expert', roles: ['COURT_EXPERT'], caseload: [] };
export const OTHER_EXPERT: Actor = { username: 'other.expert', roles: ['COURT_EXPERT'], caseload: [] };
export const LEAD: Actor = { username: 'team.lead', roles: ['QUERY_UNIT_LEAD'], caseload: [] };

export type QueryHandle = WorkflowHandle<typeof urgentQuery>;

export async function startQuery(
  client: Client,
  taskQueue: string,
  policy: QueryPolicy,
  raise: Partial<RaiseQuery> = {},
  extra: Partial<UrgentQueryInput> = {},
): Promise<QueryHandle> {
  const reference = queryReference('MDI', randomBytes(5));
  const input: UrgentQueryInput = {
    reference,
    raise: {
      prisonCode: 'MDI',
      prisonerNumber: uniquePrisonerNumber(),
      category: 'WARRANT_MISSING',
      question: 'Where is the warrant?',
      ...raise,
    },
    raisedBy: PRISON_OFFICER,
    policy,
    ...extra,
  };
  return client.workflow.start(URGENT_QUERY_WORKFLOW, {
    taskQueue,
    workflowId: reference,
    args: [input],
  }) as Promise<QueryHandle>;
}

/** An operation on a query, then the query as it stands after it (an update answers only that it applied). */
export async function operate<N extends OperationName>(
  handle: WorkflowHandle,
  name: N,
  actor: Actor,
  input: OperationInput<N>,
): Promise<QueryState> {
  await handle.executeUpdate(queryUpdates[name] as (typeof queryUpdates)['claim'], {
    args: [{ actor, input: input as never }],
  });
  return handle.query(getQueryState);
}

export const stateOf = (handle: WorkflowHandle): Promise<QueryState> => handle.query(getQueryState);

/** Polls until `check` passes (the workflow handles timers and updates asynchronously to the test). */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

export const minutes = (n: number) => n * 60_000;
export const plus = (isoTime: string, ms: number) => new Date(Date.parse(isoTime) + ms).toISOString();

/**
 * A prisoner number no other test file uses. Hold and registration workflows are one per prisoner,
 * and each test file runs its own task queue, so sharing a prisoner across files would route one
 * file's work to another file's (possibly stopped) worker.
 */
export function uniquePrisonerNumber(): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const pick = () => letters[Math.floor(Math.random() * letters.length)]!;
  return `${pick()}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}${pick()}${pick()}`;
}
