import { INTERNAL_ACTOR, type Actor } from '../../src/domain/actors.ts';
import { londonDay } from '../../src/domain/release-hold/authorisation.ts';
import { checkHoldOperation, type HoldOperation } from '../../src/domain/release-hold/hold-operations.ts';
import { applyHoldOperation } from '../../src/domain/release-hold/hold-reducer.ts';
import type { HoldState } from '../../src/domain/release-hold/hold-state.ts';
import { TEST_HOLD_POLICY } from './activity-deps.ts';

/** The clock, the people and the operations the hold's rules are tested with (test/unit/hold-state*.test.ts). */

export const HOUR = 3_600_000;
export const t0 = new Date('2026-11-23T10:00:00Z');
export const at = (h: number) => new Date(t0.getTime() + h * HOUR);
export const officerA: Actor = { username: 'a', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
export const officerB: Actor = { username: 'b', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
export const governor: Actor = { username: 'gov', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
export const system: Actor = INTERNAL_ACTOR;
export const expert: Actor = { username: 'x', roles: ['COURT_EXPERT'], caseload: [] };

export function run(state: HoldState, op: HoldOperation, actor: Actor, when = t0) {
  const rejection = checkHoldOperation(state, op, actor);
  if (rejection) return { rejection, state, effects: [] };
  return { rejection: null, ...applyHoldOperation(state, op, actor, when, TEST_HOLD_POLICY) };
}
export const manual: HoldOperation = {
  type: 'addReason',
  kind: 'MANUAL',
  key: 'manual-1',
  detail: 'check warrant',
  prisonCode: 'MDI',
};
export const releaseOp = (id = 'REL-1'): HoldOperation => ({
  type: 'recordRelease',
  id,
  reason: 'RELEASED',
  prisonCode: 'MDI',
  releasedAt: t0.toISOString(),
});
export const checklist = (id = 'AUTH-1', when = t0): HoldOperation => ({
  type: 'completeChecklist',
  id,
  movement: 'RELEASED',
  prisonCode: 'MDI',
  releaseDay: londonDay(when),
  checklistVersion: 'test',
  answers: [{ item: 'IDENTITY_CONFIRMED', answer: true }],
});
/** Completed by officer a, verified by the governor: a release today by anyone else passes, reasons allowing. */
export function authorised(state: HoldState, when = t0, id = 'AUTH-1'): HoldState {
  const completed = run(state, checklist(id, when), officerA, when).state;
  return run(completed, { type: 'verifyAuthorisation', id, prisonCode: 'MDI' }, governor, when).state;
}
