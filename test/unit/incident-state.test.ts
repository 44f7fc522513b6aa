import { describe, expect, it } from 'vitest';
import { INTERNAL_ACTOR, type Actor } from '../../src/domain/actors.ts';
import {
  applyIncidentOperation,
  checkIncidentOperation,
  escalate,
  nextEscalationAt,
  openIncident,
} from '../../src/domain/incident/incident-state.ts';

const t0 = new Date('2026-11-23T10:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(t0.getTime() + days * DAY);
const facts = {
  id: 'RIE-A1234BC-X',
  prisonerNumber: 'A1234BC',
  prisonCode: 'MDI',
  detection: 'REPORTED' as const,
  howFound: 'Found on audit',
};
const governor: Actor = { username: 'gov', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
const officer: Actor = { username: 'officer', roles: ['PRISON_STAFF'], caseload: ['MDI'] };

describe('a release-in-error incident', () => {
  it('opens with its facts and a first line in its timeline', () => {
    expect(openIncident(facts, t0)).toMatchObject({
      ...facts,
      status: 'OPEN',
      escalationsSent: 0,
      openedAt: t0.toISOString(),
      timeline: [{ action: 'OPENED', detail: 'REPORTED: Found on audit' }],
    });
  });

  it('escalates once a day; after an outage, once now and the next a whole day later, not once per day missed', () => {
    let state = openIncident(facts, t0);
    expect(nextEscalationAt(state, 24 * 60)).toEqual(at(1));
    expect(escalate(state, at(0.5), 24 * 60)).toBe(state); // nothing due yet
    state = escalate(state, at(1), 24 * 60);
    expect(state.escalationsSent).toBe(1);
    // The worker was away for five days.
    state = escalate(state, at(6.2), 24 * 60);
    expect(state.escalationsSent).toBe(6);
    expect(state.timeline.filter((e) => e.action === 'ESCALATED')).toHaveLength(2);
    expect(nextEscalationAt(state, 24 * 60)).toEqual(at(7));
  });

  it('is told of a return only by Release Guard itself, is closed only by a governor or team leader, and only once he is back', () => {
    const open = openIncident(facts, t0);
    expect(
      checkIncidentOperation(open, { type: 'returnedToCustody', returnedAt: at(1).toISOString() }, officer)?.code,
    ).toBe('FORBIDDEN');
    expect(checkIncidentOperation(open, { type: 'close', cause: 'OTHER' }, governor)?.code).toBe('CONFLICT');
    const back = applyIncidentOperation(
      open,
      { type: 'returnedToCustody', returnedAt: at(1).toISOString() },
      INTERNAL_ACTOR,
      at(2),
    );
    expect(back).toMatchObject({ status: 'RETURNED_TO_CUSTODY', returnedToCustodyAt: at(1).toISOString() });
    expect(checkIncidentOperation(back, { type: 'close', cause: 'OTHER' }, officer)?.code).toBe('FORBIDDEN');
    const closed = applyIncidentOperation(
      back,
      { type: 'close', cause: 'WARRANT_MISSING_OR_MISPLACED' },
      governor,
      at(3),
    );
    expect(closed).toMatchObject({ status: 'CLOSED', cause: 'WARRANT_MISSING_OR_MISPLACED' });
    expect(nextEscalationAt(closed, 24 * 60)).toBeNull();
  });
});
