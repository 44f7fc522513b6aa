import type { Actor } from '../../src/domain/actors.ts';
import { applyOperation, checkOperation } from '../../src/domain/urgent-query/operations.ts';
import { raiseQuery, type QueryState } from '../../src/domain/urgent-query/query-state.ts';
import type { OperationInput, OperationName, QueryStatus } from '../../src/domain/urgent-query/schemas.ts';
import { testPolicy } from './policy.ts';

/** What the query-state tests share: a clock, the people who act, an input for each operation, and queries in each status. */

export const MIN = 60_000;
export const policy = testPolicy();
export const t0 = new Date('2026-11-23T10:00:00Z');
export const at = (ms: number) => new Date(t0.getTime() + ms);

export const prison: Actor = { username: 'officer', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
export const otherPrison: Actor = { username: 'leeds', roles: ['PRISON_STAFF'], caseload: ['LEI'] };
export const governor: Actor = { username: 'governor', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
export const expert: Actor = { username: 'expert', roles: ['COURT_EXPERT'], caseload: [] };
export const expert2: Actor = { username: 'expert2', roles: ['COURT_EXPERT'], caseload: [] };
export const lead: Actor = { username: 'lead', roles: ['QUERY_UNIT_LEAD'], caseload: [] };
export const vlo: Actor = { username: 'vlo', roles: ['VICTIM_LIAISON'], caseload: [] };
export const system: Actor = { username: 'nomis-sync', roles: ['PRISON_SYNC'], caseload: [] };

export const INPUTS: { [N in OperationName]: OperationInput<N> } = {
  claim: {},
  reassign: { assignee: 'expert2' },
  requestInformation: { request: 'Send the warrant' },
  provideInformation: { information: 'Attached' },
  resolve: { determination: 'RELEASE_MAY_PROCEED', evidence: 'WR-1' },
  acknowledge: {},
  withdraw: { reason: 'Duplicate of another query, raised twice' },
  confirmWithdrawal: { justification: 'Confirmed: the same question is open as another query' },
  addNote: { text: 'note' },
  updatePlannedRelease: { plannedRelease: at(30 * 3_600_000).toISOString() },
  acknowledgeEscalation: {},
};

export const raised = (release = at(20 * 3_600_000)) =>
  raiseQuery(
    'UQ-MDI-AAAAAAAA',
    {
      prisonCode: 'MDI',
      prisonerNumber: 'A1234BC',
      category: 'WARRANT_MISSING',
      question: 'q',
      plannedRelease: release.toISOString(),
    },
    prison,
    t0,
    policy,
  );

export function apply<N extends OperationName>(
  state: QueryState,
  name: N,
  actor: Actor,
  when = t0,
  input: OperationInput<N> = INPUTS[name],
): QueryState {
  const rejection = checkOperation(state, name, input, actor);
  if (rejection) throw new Error(`${name} rejected: ${rejection.message}`);
  return applyOperation(state, name, input, actor, when, policy).state;
}

/** A query driven into each status, claimed by `expert`. */
export function inStatus(status: QueryStatus): QueryState {
  let s = raised();
  if (status === 'RAISED') return s;
  if (status === 'WITHDRAWN') return apply(apply(s, 'withdraw', prison), 'confirmWithdrawal', governor);
  s = apply(s, 'claim', expert);
  if (status === 'IN_PROGRESS') return s;
  if (status === 'AWAITING_PRISON') return apply(s, 'requestInformation', expert);
  s = apply(s, 'resolve', expert);
  if (status === 'ANSWERED') return s;
  return apply(s, 'acknowledge', prison);
}
