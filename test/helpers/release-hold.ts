import { beforeAll } from 'vitest';
import type { Role } from '../../src/domain/actors.ts';
import { startTestSystem, type TestSystem } from './test-system.ts';

/**
 * The test system shared by the release-hold and incident tests: started once per file with fast
 * incident escalation, a token for each of these users, and the calls those tests make on the gate.
 */

export const USERS: Record<string, [Role[], string[]]> = {
  officerA: [['PRISON_STAFF'], ['MDI']],
  officerB: [['PRISON_STAFF'], ['MDI']],
  leeds: [['PRISON_STAFF'], ['LEI']],
  governor: [['DUTY_GOVERNOR'], ['MDI']],
  expert: [['COURT_EXPERT'], []],
  lead: [['QUERY_UNIT_LEAD'], []],
  feed: [['COURT_RESULTS'], []],
};

export interface HoldTestSystem {
  sys: TestSystem;
  tokens: Record<string, string>;
}

/** Starts the system before the file's tests; `afterAll(() => sys?.stop())` stays with the file. */
export function startHoldTestSystem(started: (system: HoldTestSystem) => void): void {
  beforeAll(async () => {
    const sys = await startTestSystem({ incidentEscalateEveryMinutes: 0.05 });
    const tokens: Record<string, string> = {};
    for (const [user, [roles, caseload]] of Object.entries(USERS))
      tokens[user] = await sys.issuer.token(user, roles, caseload);
    started({ sys, tokens });
  });
}

export const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/** The gate calls, as the users above; `current` gives the file's system once it has started. */
export function gateCalls(current: () => HoldTestSystem) {
  /** A new prisoner on MDI's roll in this system's register. */
  const nextPrisoner = () => current().sys.admit('MDI');
  const status = (pn: string, user = 'officerA') =>
    current().sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: current().tokens[user] });
  const release = (pn: string, user = 'officerA', headers: Record<string, string> = {}) => {
    const { sys, tokens } = current();
    return sys.authoriseIfPossible(pn).then(() =>
      sys.http('POST', `/api/prisoners/${pn}/releases`, {
        token: tokens[user],
        body: { prisonCode: 'MDI', reason: 'RELEASED' },
        headers,
      }),
    );
  };
  const manualHold = (pn: string, user = 'officerA', headers: Record<string, string> = {}) =>
    current().sys.http('POST', `/api/prisoners/${pn}/holds`, {
      token: current().tokens[user],
      body: { prisonCode: 'MDI', reason: 'Awaiting confirmation of the remand warrant' },
      headers,
    });
  const reasonKeys = async (pn: string) => ((await status(pn)).body.reasons as { key: string }[]).map((r) => r.key);
  return { nextPrisoner, status, release, manualHold, reasonKeys };
}
