import type { Actor } from '../../src/domain/actors.ts';
import { londonDay } from '../../src/domain/release-hold/authorisation.ts';
import { checkHoldOperation, type HoldOperation } from '../../src/domain/release-hold/hold-operations.ts';
import { applyHoldOperation } from '../../src/domain/release-hold/hold-reducer.ts';
import type { HoldState } from '../../src/domain/release-hold/hold-state.ts';
import type { ReleaseReason } from '../../src/domain/release-hold/vocabulary.ts';
import { TEST_HOLD_POLICY } from './activity-deps.ts';

/** The desk's two people in the domain tests: neither is the one who records the release there. */
export const DESK_OFFICER: Actor = { username: 'desk-officer', roles: ['PRISON_STAFF'], caseload: ['MDI', 'LEI'] };
export const DESK_GOVERNOR: Actor = { username: 'desk-governor', roles: ['DUTY_GOVERNOR'], caseload: ['MDI', 'LEI'] };

/** The hold with a checklist completed and verified for `movement` on the day of `when`, as the domain applies them. */
export function withAuthorisation(
  state: HoldState,
  when: Date,
  {
    movement = 'RELEASED',
    prisonCode = 'MDI',
    id = `AUTH-${when.getTime()}`,
  }: { movement?: ReleaseReason; prisonCode?: string; id?: string } = {},
): HoldState {
  let next = state;
  const steps: [HoldOperation, Actor][] = [
    [
      {
        type: 'completeChecklist',
        id,
        movement,
        prisonCode,
        releaseDay: londonDay(when),
        checklistVersion: 'test',
        answers: [{ item: 'IDENTITY_CONFIRMED', answer: true }],
      },
      DESK_OFFICER,
    ],
    [{ type: 'verifyAuthorisation', id, prisonCode }, DESK_GOVERNOR],
  ];
  for (const [op, actor] of steps) {
    const rejection = checkHoldOperation(next, op, actor);
    if (rejection) throw new Error(`authorisation refused: ${rejection.message}`);
    next = applyHoldOperation(next, op, actor, when, TEST_HOLD_POLICY).state;
  }
  return next;
}
