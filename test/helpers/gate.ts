import { beforeAll } from 'vitest';
import type { Role } from '../../src/domain/actors.ts';
import { startTestSystem, type TestSystem } from './test-system.ts';

/**
 * The test system shared by the gate tests: started once per file, a token for each of these users,
 * and the calls those tests make as them.
 */

export const USERS: Record<string, [Role[], string[]]> = {
  mdi: [['PRISON_STAFF'], ['MDI']],
  mdi2: [['PRISON_STAFF'], ['MDI']],
  mdiGovernor: [['DUTY_GOVERNOR'], ['MDI']],
  lei: [['PRISON_STAFF'], ['LEI']],
  leiGovernor: [['DUTY_GOVERNOR'], ['LEI']],
  expert: [['COURT_EXPERT'], []],
  lead: [['QUERY_UNIT_LEAD'], []],
  courts: [['COURT_RESULTS'], []],
  sync: [['PRISON_SYNC'], []],
  events: [['EVENT_READER'], []],
  escort: [['ESCORT_CONTRACTOR'], ['MDI']],
  escortLei: [['ESCORT_CONTRACTOR'], ['LEI']],
};
export const JUSTIFICATION = 'Court clerk confirmed by phone that the warrant was withdrawn';

export interface GateTestSystem {
  sys: TestSystem;
  tokens: Record<string, string>;
}

/** Starts the system before the file's tests; `afterAll(() => sys?.stop())` stays with the file. */
export function startGateTestSystem(started: (system: GateTestSystem) => void): void {
  beforeAll(async () => {
    const sys = await startTestSystem();
    const tokens: Record<string, string> = {};
    for (const [user, [roles, caseload]] of Object.entries(USERS))
      tokens[user] = await sys.issuer.token(user, roles, caseload);
    started({ sys, tokens });
  });
}

/** The calls the gate tests make, as the users above; `current` gives the file's system once it has started. */
export function gateActors(current: () => GateTestSystem) {
  const as = (user: string) => {
    const { sys, tokens } = current();
    return {
      get: (path: string) => sys.http('GET', path, { token: tokens[user] }),
      post: (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
        sys.http('POST', path, { token: tokens[user], body, headers }),
      put: (path: string, body: unknown) => sys.http('PUT', path, { token: tokens[user], body }),
    };
  };
  const raise = (pn: string, extra: Record<string, unknown> = {}, user = 'mdi') =>
    as(user).post('/api/urgent-queries', {
      prisonerNumber: pn,
      category: 'WARRANT_MISSING',
      question: 'No remand warrant on file',
      ...extra,
    });
  /** These tests are about reasons and movements: the desk has authorised the movement today (see release-authority.test.ts). */
  const release = async (pn: string, user = 'mdi', body: Record<string, unknown> = {}, { authorise = true } = {}) => {
    if (authorise) await current().sys.authoriseIfPossible(pn, String(body.reason ?? 'RELEASED'));
    return as(user).post(`/api/prisoners/${pn}/releases`, { reason: 'RELEASED', ...body });
  };
  return { as, raise, release };
}

export const record = (pn: string) => ({
  firstName: 'Jay',
  lastName: 'Gatsby',
  dateOfBirth: '1976-07-04',
  pncNumber: '2002/0700001G',
  prisonCode: 'MDI',
  status: 'IN_CUSTODY',
  aliases: [{ firstName: 'James', lastName: 'Gatz', dateOfBirth: '1976-07-04' }],
  ...(pn ? {} : {}),
});
