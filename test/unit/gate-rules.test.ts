import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withAuthorisation } from '../helpers/authorisation.ts';
import { INTERNAL_ACTOR, type Actor } from '../../src/domain/actors.ts';
import { prisonerNumberSchema, queryReferenceSchema, userNameSchema } from '../../src/domain/identifiers.ts';
import { canActOn } from '../../src/domain/register/access.ts';
import { statusAfterGateMovement, supersedes } from '../../src/domain/register/prisoner.ts';
import { checkHoldOperation, type HoldOperation } from '../../src/domain/release-hold/hold-operations.ts';
import { applyHoldOperation } from '../../src/domain/release-hold/hold-reducer.ts';
import { emptyHold, holdMatters, type HoldState } from '../../src/domain/release-hold/hold-state.ts';
import { DATE_OF_BIRTH, MOVEMENT_TIME, PLANNED_RELEASE_TIME, outsideWindow } from '../../src/domain/time-window.ts';
import { holdActions } from '../../src/domain/urgent-query/hold-sync.ts';
import { raiseQuery, sameRaise, type QueryState } from '../../src/domain/urgent-query/query-state.ts';
import { tick } from '../../src/domain/urgent-query/timers.ts';
import { applyOperation, checkOperation } from '../../src/domain/urgent-query/operations.ts';
import { TEST_HOLD_POLICY } from '../helpers/activity-deps.ts';
import { testPolicy } from '../helpers/policy.ts';

const HOUR = 3_600_000;
const t0 = new Date('2026-11-23T10:00:00Z');
const at = (h: number) => new Date(t0.getTime() + h * HOUR);
const officer: Actor = { username: 'officer', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
const officer2: Actor = { username: 'officer2', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
const lead: Actor = { username: 'lead', roles: ['QUERY_UNIT_LEAD'], caseload: [] };
const courts: Actor = { username: 'court-feed', roles: ['COURT_RESULTS'], caseload: [] };
const sync: Actor = { username: 'nomis', roles: ['PRISON_SYNC'], caseload: [] };
const policy = testPolicy();

function run(state: HoldState, op: HoldOperation, actor: Actor, when = t0) {
  const rejection = checkHoldOperation(state, op, actor);
  return rejection ? { rejection, state, effects: [] } : { rejection: null, ...applyHoldOperation(state, op, actor, when, TEST_HOLD_POLICY) };
}
const queryReason: HoldOperation = { type: 'addReason', kind: 'URGENT_QUERY', key: 'query-UQ-MDI-AAAAAAAA', detail: 'Open urgent query', prisonCode: 'MDI' };

describe('who may place and clear a query’s reason', () => {
  it('lets only Release Guard itself place one; no token role can', () => {
    for (const actor of [officer, lead, courts, sync]) expect(run(emptyHold('A1234BC'), queryReason, actor).rejection?.code).toBe('FORBIDDEN');
    expect(run(emptyHold('A1234BC'), queryReason, INTERNAL_ACTOR).state.reasons).toHaveLength(1);
  });

  it('lets the query itself clear it, and a team leader only with a written justification', () => {
    const held = run(emptyHold('A1234BC'), queryReason, INTERNAL_ACTOR).state;
    const clear = (note?: string): HoldOperation => ({ type: 'clearReason', key: 'query-UQ-MDI-AAAAAAAA', ...(note ? { note } : {}) });
    for (const actor of [officer, courts, sync]) expect(run(held, clear('a long enough justification here'), actor).rejection?.code).toBe('FORBIDDEN');
    expect(run(held, clear('too short'), lead).rejection?.code).toBe('UNPROCESSABLE');
    expect(run(held, clear('Confirmed with the court clerk by phone'), lead).state.reasons).toEqual([]);
    expect(run(held, clear(), INTERNAL_ACTOR).state.reasons).toEqual([]);
  });

  it('never places a cleared key again: a retried manual hold, the hourly court check', () => {
    const manual: HoldOperation = { type: 'addReason', kind: 'MANUAL', key: 'manual-X', detail: 'd', prisonCode: 'MDI' };
    const placed = run(emptyHold('A1234BC'), manual, officer).state;
    const cleared = run(placed, { type: 'clearReason', key: 'manual-X' }, officer2).state;
    expect(cleared.clearedReasons).toEqual([{ key: 'manual-X', kind: 'MANUAL', clearedAt: t0.toISOString(), by: 'officer2' }]);
    expect(run(cleared, manual, officer).state.reasons).toEqual([]);
  });
});

describe('how long a hold matters', () => {
  const release: HoldOperation = { type: 'recordRelease', id: 'REL-1', reason: 'RELEASED', prisonCode: 'MDI', releasedAt: t0.toISOString() };
  it('while a reason stands, a release is open, or an incident is open; not otherwise', () => {
    const empty = emptyHold('A1234BC');
    expect(holdMatters(empty, t0)).toBe(false);
    const released = run(withAuthorisation(empty, t0), release, officer).state;
    expect(holdMatters(released, at(24 * 31))).toBe(true);
    const reported = run(released, { type: 'reportReleaseInError', incidentId: 'RIE-1', howFound: 'h', prisonCode: 'MDI' }, officer).state;
    const back = run(reported, { type: 'returnedToCustody', at: at(2).toISOString(), prisonCode: 'MDI' }, officer, at(3));
    expect(back.state.releases[0]!.returnedToCustodyAt).toBe(at(2).toISOString()); // the time given, not the time typed
    expect(back.effects).toEqual([{ kind: 'RETURNED_TO_CUSTODY', at: at(2).toISOString(), prisonCode: 'MDI', releaseIds: ['REL-1'], incidentIds: ['RIE-1'] }]);
    expect(holdMatters(back.state, at(24 * 31))).toBe(true); // the incident is not closed yet
    expect(run(back.state, { type: 'incidentClosed', incidentId: 'RIE-1' }, officer).rejection?.code).toBe('FORBIDDEN');
    const closed = run(back.state, { type: 'incidentClosed', incidentId: 'RIE-1' }, INTERNAL_ACTOR).state;
    expect(holdMatters(closed, at(24 * 31))).toBe(false);
  });

  it('refuses a second release while he is out, and a return when he is not', () => {
    const released = run(withAuthorisation(emptyHold('A1234BC'), t0), release, officer).state;
    expect(run(released, { ...release, id: 'REL-2' }, officer).rejection?.code).toBe('CONFLICT');
    expect(run(released, { ...release, id: 'REL-3', reason: 'SENT_TO_COURT' }, officer).rejection).toBeNull();
    expect(run(emptyHold('A1234BC'), { type: 'returnedToCustody', at: t0.toISOString() }, officer).rejection?.code).toBe('CONFLICT');
  });

  it('carries a RELEASE_DATE_CHANGED answer’s date to the hold, once', () => {
    const op: HoldOperation = { type: 'queryDetermination', reference: 'UQ-MDI-AAAAAAAA', determination: 'RELEASE_DATE_CHANGED', prisonCode: 'MDI', newReleaseDate: at(200).toISOString() };
    const first = run(emptyHold('A1234BC'), op, INTERNAL_ACTOR);
    expect(first.state.plannedRelease).toBe(at(200).toISOString());
    expect(first.effects).toEqual([{ kind: 'PLANNED_RELEASE_CHANGED', plannedRelease: at(200).toISOString() }]);
    expect(run(first.state, op, INTERNAL_ACTOR).effects).toEqual([]);
  });

  it('returns the first override for a retried request, not a second one', () => {
    const held = run(emptyHold('A1234BC'), { type: 'addReason', kind: 'MANUAL', key: 'm', detail: 'd', prisonCode: 'MDI' }, officer).state;
    const governor: Actor = { username: 'gov', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
    const override: HoldOperation = { type: 'override', id: 'OVR-1', justification: 'a justification long enough', prisonCode: 'MDI' };
    const once = run(held, override, governor).state;
    const twice = run(once, override, governor);
    expect(twice.rejection).toBeNull();
    expect(twice.state.overrides).toHaveLength(1);
    expect(twice.effects).toEqual([]);
  });
});

describe('what a query owes the hold', () => {
  const query = (plannedRelease?: Date): QueryState =>
    raiseQuery('UQ-MDI-AAAAAAAA', { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'OTHER', question: 'q', ...(plannedRelease ? { plannedRelease: plannedRelease.toISOString() } : {}) }, officer, t0, policy);
  it('places a reason for every open query once gate-v2 is on, whatever the urgency (before: CRITICAL and URGENT only)', () => {
    for (const release of [at(80), at(500), undefined]) {
      expect(holdActions(query(release), { everyOpenQueryHolds: true }).actions).toEqual(['PLACE']);
      expect(holdActions(query(release)).actions).toEqual([]);
    }
  });

  it('clears it on a RELEASE_DATE_CHANGED answer too, and reports the answer', () => {
    const placed = holdActions(query(at(30)), { everyOpenQueryHolds: true }).state;
    const answered: QueryState = { ...placed, status: 'ANSWERED', resolution: { determination: 'RELEASE_DATE_CHANGED', evidence: 'e', newReleaseDate: at(300).toISOString(), by: 'x', at: t0.toISOString() } };
    expect(holdActions(answered, { dateChangeClears: true }).actions).toEqual(['CLEAR', 'DETERMINATION']);
    expect(holdActions(answered).actions).toEqual(['DETERMINATION']);
  });

  it('compares a retried raise field by field', () => {
    const raise = { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'OTHER' as const, question: 'q', plannedRelease: '2026-12-01T10:00:00Z' };
    expect(sameRaise(raise, { ...raise, plannedRelease: '2026-12-01T10:00:00.000+00:00' })).toBe(true);
    expect(sameRaise(raise, { ...raise, question: 'another' })).toBe(false);
  });
});

describe('urgency rising on the clock, and the timeline after a catch-up', () => {
  const standard = () => raiseQuery('UQ-MDI-AAAAAAAA', { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'OTHER', question: 'q', plannedRelease: at(100).toISOString() }, officer, t0, policy);
  it('rises at 72 hours before the release, then 24, each rise telling the unit and starting a new target', () => {
    const urgent = tick(standard(), at(28), policy, { urgencyRises: true });
    expect(urgent.state.urgency).toBe('URGENT');
    expect(urgent.state.targetStartedAt).toBe(at(28).toISOString());
    expect(urgent.alerts.find((a) => a.kind === 'URGENCY_RAISED')).toMatchObject({ to: ['queue@unit.test'], headline: 'Query is now URGENT: the release is within 72 hours' });
    expect(tick(urgent.state, at(28), policy, { urgencyRises: true }).alerts).toEqual([]);
    const critical = tick(urgent.state, at(76), policy, { urgencyRises: true }).state;
    expect(critical.urgency).toBe('CRITICAL');
    // Without the option (histories from before), urgency stays where it was set.
    expect(tick(standard(), at(28), policy).state.urgency).toBe('STANDARD');
  });

  it('goes straight to CRITICAL when both rises are overdue, and keeps the timeline in time order', () => {
    const late = tick(standard(), at(90), policy, { urgencyRises: true }).state;
    expect(late.urgency).toBe('CRITICAL');
    const times = late.timeline.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('property: however late and often it ticks, the timeline stays in time order and no alert key repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 * 60 }), { minLength: 1, maxLength: 20 }), (minutes) => {
        let state = standard();
        const keys: string[] = [];
        for (const m of [...minutes].sort((a, b) => a - b)) {
          const next = tick(state, new Date(t0.getTime() + m * 60_000), policy, { urgencyRises: true });
          keys.push(...next.alerts.map((a) => a.key));
          state = next.state;
        }
        const times = state.timeline.map((e) => Date.parse(e.at));
        return new Set(keys).size === keys.length && times.every((t, i) => i === 0 || t >= times[i - 1]!);
      }),
    );
  });
});

describe('the ladder’s invariant across everything that can happen to a query', () => {
  /**
   * Whatever the planned release (overdue, years ahead, unknown), however late and often the worker
   * ticks, and whatever people do between ticks (acknowledge an escalation, change the release),
   * no level alerts twice within the shortest repeat interval (15 minutes).
   */
  it('property: at most one alert per level per repeat interval of wall-clock time, per case', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 0, max: 90 }) }),
      fc.record({ kind: fc.constant('acknowledge' as const), minutes: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ kind: fc.constant('release' as const), minutes: fc.integer({ min: 0, max: 30 }), hours: fc.integer({ min: -300, max: 300 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 200 }), fc.array(step, { minLength: 1, maxLength: 40 }), (releaseHours, steps) => {
        let state = raiseQuery('UQ-MDI-AAAAAAAA', { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'OTHER', question: 'q', plannedRelease: at(releaseHours).toISOString() }, officer, t0, policy);
        let clock = t0.getTime();
        const sent: { at: number; level: number }[] = [];
        for (const s of steps) {
          clock += s.minutes * 60_000;
          const now = new Date(clock);
          if (s.kind === 'tick') {
            const next = tick(state, now, policy, { urgencyRises: true });
            for (const a of next.alerts) if (a.kind === 'ESCALATION') sent.push({ at: clock, level: a.level! });
            state = next.state;
          } else if (s.kind === 'acknowledge' && !checkOperation(state, 'acknowledgeEscalation', {}, lead)) {
            state = applyOperation(state, 'acknowledgeEscalation', {}, lead, now, policy).state;
          } else if (s.kind === 'release') {
            const input = { plannedRelease: new Date(clock + s.hours * HOUR).toISOString() };
            if (!checkOperation(state, 'updatePlannedRelease', input, officer)) state = applyOperation(state, 'updatePlannedRelease', input, officer, now, policy).state;
          }
        }
        for (const level of [1, 2, 3]) {
          const times = sent.filter((x) => x.level === level).map((x) => x.at);
          if (times.some((t, i) => i > 0 && t - times[i - 1]! < 15 * 60_000)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('identifiers, read as people type them', () => {
  it('normalises a prisoner number’s case and spaces, and a reference’s case and look-alike letters', () => {
    expect(prisonerNumberSchema.parse('  a1234bc ')).toBe('A1234BC');
    expect(queryReferenceSchema.parse('uq-mdi-7k3f9q2m')).toBe('UQ-MDI-7K3F9Q2M');
    expect(queryReferenceSchema.parse('UQ-MDI-OK3F9QLM')).toBe('UQ-MDI-0K3F9Q1M');
    expect(queryReferenceSchema.safeParse('UQ-MDI-UUUUUUUU').success).toBe(false);
  });

  it('accepts user names only: no control characters, emoji, spaces or @', () => {
    for (const good of ['JSMITH_GEN', 'court.expert', 'a-b']) expect(userNameSchema.safeParse(good).success).toBe(true);
    for (const bad of ['\u0007\u0008', 'bob 🙂', 'a b', 'x@y.z', '', 'x'.repeat(65)]) expect(userNameSchema.safeParse(bad).success).toBe(false);
  });
});

describe('the register’s rules', () => {
  it('says where a gate movement leaves him', () => {
    expect(['RELEASED', 'TEMPORARY_ABSENCE_RELEASE', 'SENT_TO_COURT', 'RELEASED_TO_HOSPITAL', 'TRANSFERRED'].map((r) => statusAfterGateMovement(r as never))).toEqual([
      'RELEASED',
      'TEMPORARY_ABSENCE',
      'AT_COURT',
      'TRANSFERRED_OUT',
      'IN_CUSTODY',
    ]);
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
    expect(outsideWindow(new Date(now.getTime() - MOVEMENT_TIME.pastMs - 1), now, MOVEMENT_TIME)).toMatch(/more than a year/);
  });
  it('takes dates of birth between 10 and 110 years ago', () => {
    expect(outsideWindow(new Date('2020-01-01'), now, DATE_OF_BIRTH)).toMatch(/ten years/);
    expect(outsideWindow(new Date('1900-01-01'), now, DATE_OF_BIRTH)).toMatch(/110 years/);
    expect(outsideWindow(new Date('1980-01-01'), now, DATE_OF_BIRTH)).toBeNull();
  });
});
