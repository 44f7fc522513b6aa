import { describe, expect, it } from 'vitest';
import { withAuthorisation } from '../helpers/authorisation.ts';
import { INTERNAL_ACTOR, type Actor } from '../../src/domain/actors.ts';
import { canActOn } from '../../src/domain/register/access.ts';
import { statusAfterGateMovement, supersedes } from '../../src/domain/register/prisoner.ts';
import { checkHoldOperation, type HoldOperation } from '../../src/domain/release-hold/hold-operations.ts';
import { applyHoldOperation } from '../../src/domain/release-hold/hold-reducer.ts';
import { emptyHold, holdMatters, type HoldState } from '../../src/domain/release-hold/hold-state.ts';
import { DATE_OF_BIRTH, MOVEMENT_TIME, PLANNED_RELEASE_TIME, outsideWindow } from '../../src/domain/time-window.ts';
import { TEST_HOLD_POLICY } from '../helpers/activity-deps.ts';
import { at, courts, lead, officer, officer2, sync, t0 } from '../helpers/gate-rules.ts';

// The hold's reasons and how long it matters, the register's rules and sane dates; the query side is in gate-rules-queries.test.ts.

function run(state: HoldState, op: HoldOperation, actor: Actor, when = t0) {
  const rejection = checkHoldOperation(state, op, actor);
  return rejection
    ? { rejection, state, effects: [] }
    : { rejection: null, ...applyHoldOperation(state, op, actor, when, TEST_HOLD_POLICY) };
}
const queryReason: HoldOperation = {
  type: 'addReason',
  kind: 'URGENT_QUERY',
  key: 'query-UQ-MDI-AAAAAAAA',
  detail: 'Open urgent query',
  prisonCode: 'MDI',
};

describe('who may place and clear a query’s reason', () => {
  it('lets only Release Guard itself place one; no token role can', () => {
    for (const actor of [officer, lead, courts, sync])
      expect(run(emptyHold('A1234BC'), queryReason, actor).rejection?.code).toBe('FORBIDDEN');
    expect(run(emptyHold('A1234BC'), queryReason, INTERNAL_ACTOR).state.reasons).toHaveLength(1);
  });

  it('lets the query itself clear it, and a team leader only with a written justification', () => {
    const held = run(emptyHold('A1234BC'), queryReason, INTERNAL_ACTOR).state;
    const clear = (note?: string): HoldOperation => ({
      type: 'clearReason',
      key: 'query-UQ-MDI-AAAAAAAA',
      ...(note ? { note } : {}),
    });
    for (const actor of [officer, courts, sync])
      expect(run(held, clear('a long enough justification here'), actor).rejection?.code).toBe('FORBIDDEN');
    expect(run(held, clear('too short'), lead).rejection?.code).toBe('UNPROCESSABLE');
    expect(run(held, clear('Confirmed with the court clerk by phone'), lead).state.reasons).toEqual([]);
    expect(run(held, clear(), INTERNAL_ACTOR).state.reasons).toEqual([]);
  });

  it('never places a cleared key again: a retried manual hold, the hourly court check', () => {
    const manual: HoldOperation = {
      type: 'addReason',
      kind: 'MANUAL',
      key: 'manual-X',
      detail: 'd',
      prisonCode: 'MDI',
    };
    const placed = run(emptyHold('A1234BC'), manual, officer).state;
    const cleared = run(placed, { type: 'clearReason', key: 'manual-X' }, officer2).state;
    expect(cleared.clearedReasons).toEqual([
      { key: 'manual-X', kind: 'MANUAL', clearedAt: t0.toISOString(), by: 'officer2' },
    ]);
    expect(run(cleared, manual, officer).state.reasons).toEqual([]);
  });
});

describe('how long a hold matters', () => {
  const release: HoldOperation = {
    type: 'recordRelease',
    id: 'REL-1',
    reason: 'RELEASED',
    prisonCode: 'MDI',
    releasedAt: t0.toISOString(),
  };
  it('while a reason stands, a release is open, or an incident is open; not otherwise', () => {
    const empty = emptyHold('A1234BC');
    expect(holdMatters(empty, t0)).toBe(false);
    const released = run(withAuthorisation(empty, t0), release, officer).state;
    expect(holdMatters(released, at(24 * 31))).toBe(true);
    const reported = run(
      released,
      { type: 'reportReleaseInError', incidentId: 'RIE-1', howFound: 'h', prisonCode: 'MDI' },
      officer,
    ).state;
    const back = run(
      reported,
      { type: 'returnedToCustody', at: at(2).toISOString(), prisonCode: 'MDI' },
      officer,
      at(3),
    );
    expect(back.state.releases[0]!.returnedToCustodyAt).toBe(at(2).toISOString()); // the time given, not the time typed
    expect(back.effects).toEqual([
      {
        kind: 'RETURNED_TO_CUSTODY',
        at: at(2).toISOString(),
        prisonCode: 'MDI',
        releaseIds: ['REL-1'],
        incidentIds: ['RIE-1'],
      },
    ]);
    expect(holdMatters(back.state, at(24 * 31))).toBe(true); // the incident is not closed yet
    expect(run(back.state, { type: 'incidentClosed', incidentId: 'RIE-1' }, officer).rejection?.code).toBe('FORBIDDEN');
    const closed = run(back.state, { type: 'incidentClosed', incidentId: 'RIE-1' }, INTERNAL_ACTOR).state;
    expect(holdMatters(closed, at(24 * 31))).toBe(false);
  });

  it('refuses a second release while he is out, and a return when he is not', () => {
    const released = run(withAuthorisation(emptyHold('A1234BC'), t0), release, officer).state;
    expect(run(released, { ...release, id: 'REL-2' }, officer).rejection?.code).toBe('CONFLICT');
    expect(run(released, { ...release, id: 'REL-3', reason: 'SENT_TO_COURT' }, officer).rejection).toBeNull();
    expect(
      run(emptyHold('A1234BC'), { type: 'returnedToCustody', at: t0.toISOString() }, officer).rejection?.code,
    ).toBe('CONFLICT');
  });

  it('carries a RELEASE_DATE_CHANGED answer’s date to the hold, once', () => {
    const op: HoldOperation = {
      type: 'queryDetermination',
      reference: 'UQ-MDI-AAAAAAAA',
      determination: 'RELEASE_DATE_CHANGED',
      prisonCode: 'MDI',
      newReleaseDate: at(200).toISOString(),
    };
    const first = run(emptyHold('A1234BC'), op, INTERNAL_ACTOR);
    expect(first.state.plannedRelease).toBe(at(200).toISOString());
    expect(first.effects).toEqual([{ kind: 'PLANNED_RELEASE_CHANGED', plannedRelease: at(200).toISOString() }]);
    expect(run(first.state, op, INTERNAL_ACTOR).effects).toEqual([]);
  });

  it('returns the first override for a retried request, not a second one', () => {
    const held = run(
      emptyHold('A1234BC'),
      { type: 'addReason', kind: 'MANUAL', key: 'm', detail: 'd', prisonCode: 'MDI' },
      officer,
    ).state;
    const governor: Actor = { username: 'gov', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
    const override: HoldOperation = {
      type: 'override',
      id: 'OVR-1',
      justification: 'a justification long enough',
      prisonCode: 'MDI',
    };
    const once = run(held, override, governor).state;
    const twice = run(once, override, governor);
    expect(twice.rejection).toBeNull();
    expect(twice.state.overrides).toHaveLength(1);
    expect(twice.effects).toEqual([]);
  });
});

describe('the register’s rules', () => {
  it('says where a gate movement leaves him', () => {
    expect(
      ['RELEASED', 'TEMPORARY_ABSENCE_RELEASE', 'SENT_TO_COURT', 'RELEASED_TO_HOSPITAL', 'TRANSFERRED'].map((r) =>
        statusAfterGateMovement(r as never),
      ),
    ).toEqual(['RELEASED', 'TEMPORARY_ABSENCE', 'AT_COURT', 'TRANSFERRED_OUT', 'IN_CUSTODY']);
  });
  it('moves him only forward in time, inclusively', () => {
    expect(supersedes({ occurredAt: '2026-01-02T00:00:00Z' }, { statusSince: '2026-01-02T00:00:00Z' })).toBe(true);
    expect(supersedes({ occurredAt: '2026-01-01T23:59:59Z' }, { statusSince: '2026-01-02T00:00:00Z' })).toBe(false);
  });
  it('decides access from where the register holds him', () => {
    expect(canActOn(officer, { prisonCode: 'MDI' })).toBe(true);
    expect(canActOn(officer, { prisonCode: 'LEI' })).toBe(false);
    expect(canActOn(lead, { prisonCode: 'LEI' })).toBe(true);
  });
});

describe('sane dates, decided in one place', () => {
  const now = new Date('2026-11-27T10:00:00Z');
  it('refuses year 26 and year 9999 for a planned release, and accepts an overdue one', () => {
    expect(outsideWindow(new Date('0026-06-12T11:53:46Z'), now, PLANNED_RELEASE_TIME)).toMatch(/more than a year ago/);
    expect(outsideWindow(new Date('9999-01-01T00:00:00Z'), now, PLANNED_RELEASE_TIME)).toMatch(/ten years ahead/);
    expect(outsideWindow(new Date('2026-11-20T10:00:00Z'), now, PLANNED_RELEASE_TIME)).toBeNull();
  });
  it('takes movements up to five minutes ahead (clocks differ) and a year back, inclusive at both ends', () => {
    expect(outsideWindow(new Date(now.getTime() + 5 * 60_000), now, MOVEMENT_TIME)).toBeNull();
    expect(outsideWindow(new Date(now.getTime() + 5 * 60_000 + 1), now, MOVEMENT_TIME)).toMatch(/future/);
    expect(outsideWindow(new Date(now.getTime() - MOVEMENT_TIME.pastMs), now, MOVEMENT_TIME)).toBeNull();
    expect(outsideWindow(new Date(now.getTime() - MOVEMENT_TIME.pastMs - 1), now, MOVEMENT_TIME)).toMatch(
      /more than a year/,
    );
  });
  it('takes dates of birth between 10 and 110 years ago', () => {
    expect(outsideWindow(new Date('2020-01-01'), now, DATE_OF_BIRTH)).toMatch(/ten years/);
    expect(outsideWindow(new Date('1900-01-01'), now, DATE_OF_BIRTH)).toMatch(/110 years/);
    expect(outsideWindow(new Date('1980-01-01'), now, DATE_OF_BIRTH)).toBeNull();
  });
});
