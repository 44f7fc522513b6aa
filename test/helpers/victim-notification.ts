import { expect } from 'vitest';
import type { Role } from '../../src/domain/actors.ts';
import type { NotificationPolicy } from '../../src/domain/victim-notification/notification-state.ts';
import type { CaughtMail } from '../../src/infra/mail-catcher.ts';
import { uniquePrisonerNumber } from './urgent-query.ts';
import { startTestSystem } from './test-system.ts';

/**
 * What the victim-notification tests share: the people they act as, a VLO's registration, the
 * system started with a notification policy, and a slow and a fast escalation ladder.
 */

const USERS: Record<string, [Role[], string[]]> = {
  vlo: [['VICTIM_LIAISON'], []],
  officer: [['PRISON_STAFF'], ['MDI']],
  governor: [['DUTY_GOVERNOR'], ['MDI']],
};
export const nextPrisoner = uniquePrisonerNumber;
export const registration = (pn: string, n = '') => ({
  vloName: 'Vic Liaison',
  vloEmail: `vlo${n}.${pn.toLowerCase()}@probation.test`,
  teamMailbox: 'vlo-team@probation.test',
  probationRegion: 'Yorkshire and the Humber',
  eligibility: 'STATUTORY' as const,
});
/** Not the notice of his planned release, which a scheme case's authorisation needs acknowledged first (issue 24, part 4). */
export const notDate = (m: CaughtMail) => !m.subject?.includes('RELEASE DATE');
export const linkIn = (mail: CaughtMail) => /token=([\w.-]+)/.exec(mail.text ?? '')![1]!;

export async function setUp(policy: NotificationPolicy) {
  const sys = await startTestSystem({ notificationPolicy: policy });
  const tokens: Record<string, string> = {};
  for (const [user, [roles, caseload]] of Object.entries(USERS))
    tokens[user] = await sys.issuer.token(user, roles, caseload);
  /** In the scheme: on MDI's roll in the register, and registered with a VLO. */
  const register = async (pn: string, n = '') => {
    await sys.admit('MDI', pn);
    const res = await sys.http('POST', `/api/victim-contact/${pn}/registrations`, {
      token: tokens.vlo,
      body: registration(pn, n),
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const releaseOf = async (pn: string) => {
    await sys.admit('MDI', pn);
    await sys.authoriseIfPossible(pn);
    return sys.http('POST', `/api/prisoners/${pn}/releases`, {
      token: tokens.officer,
      body: { prisonCode: 'MDI', reason: 'RELEASED' },
    });
  };
  const mailsFor = (id: string) => sys.mail.messages().filter((m) => m.headers['x-release-guard-reference'] === id);
  return { sys, tokens, register, releaseOf, mailsFor };
}

export const SLOW: NotificationPolicy = {
  unitHead: 'head@unit.test',
  ladders: {
    RELEASE: { ackMinutes: 30, repeatMinutes: 30, unitHeadAfterMinutes: 30 },
    RELEASE_IN_ERROR: { ackMinutes: 30, repeatMinutes: 30, unitHeadAfterMinutes: 30 },
  },
};
// Seconds, so the ladder climbs within a test on the real server.
export const FAST: NotificationPolicy = {
  unitHead: 'head@unit.test',
  ladders: {
    RELEASE: { ackMinutes: 0.05, repeatMinutes: 0.05, unitHeadAfterMinutes: 0.05 },
    RELEASE_IN_ERROR: { ackMinutes: 0.05, repeatMinutes: 0.05, unitHeadAfterMinutes: 0.05 },
  },
};
