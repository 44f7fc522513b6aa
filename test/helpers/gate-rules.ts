import type { Actor } from '../../src/domain/actors.ts';
import { testPolicy } from './policy.ts';

/** What the gate-rules tests share: a clock in hours and the people who act. */

export const HOUR = 3_600_000;
export const t0 = new Date('2026-11-23T10:00:00Z');
export const at = (h: number) => new Date(t0.getTime() + h * HOUR);
export const officer: Actor = { username: 'officer', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
export const officer2: Actor = { username: 'officer2', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
export const lead: Actor = { username: 'lead', roles: ['QUERY_UNIT_LEAD'], caseload: [] };
export const courts: Actor = { username: 'court-feed', roles: ['COURT_RESULTS'], caseload: [] };
export const sync: Actor = { username: 'nomis', roles: ['PRISON_SYNC'], caseload: [] };
export const policy = testPolicy();
