import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prisonerNumberSchema, queryReferenceSchema, userNameSchema } from '../../src/domain/identifiers.ts';
import { holdActions } from '../../src/domain/urgent-query/hold-sync.ts';
import { raiseQuery, sameRaise, type QueryState } from '../../src/domain/urgent-query/query-state.ts';
import { tick } from '../../src/domain/urgent-query/timers.ts';
import { applyOperation, checkOperation } from '../../src/domain/urgent-query/operations.ts';
import { HOUR, at, lead, officer, policy, t0 } from '../helpers/gate-rules.ts';

// What a query owes the hold, urgency on the clock, the ladder's invariant and identifiers; the hold's own rules are in gate-rules-hold.test.ts.

describe('what a query owes the hold', () => {
  const query = (plannedRelease?: Date): QueryState =>
    raiseQuery(
      'UQ-MDI-AAAAAAAA',
      {
        prisonCode: 'MDI',
        prisonerNumber: 'A1234BC',
        category: 'OTHER',
        question: 'q',
        ...(plannedRelease ? { plannedRelease: plannedRelease.toISOString() } : {}),
      },
      officer,
      t0,
      policy,
    );
  it('places a reason for every open query once gate-v2 is on, whatever the urgency (before: CRITICAL and URGENT only)', () => {
    for (const release of [at(80), at(500), undefined]) {
      expect(holdActions(query(release), { everyOpenQueryHolds: true }).actions).toEqual(['PLACE']);
      expect(holdActions(query(release)).actions).toEqual([]);
    }
  });

  it('clears it on a RELEASE_DATE_CHANGED answer too, and reports the answer', () => {
    const placed = holdActions(query(at(30)), { everyOpenQueryHolds: true }).state;
    const answered: QueryState = {
      ...placed,
      status: 'ANSWERED',
      resolution: {
        determination: 'RELEASE_DATE_CHANGED',
        evidence: 'e',
        newReleaseDate: at(300).toISOString(),
        by: 'x',
        at: t0.toISOString(),
      },
    };
    expect(holdActions(answered, { dateChangeClears: true }).actions).toEqual(['CLEAR', 'DETERMINATION']);
    expect(holdActions(answered).actions).toEqual(['DETERMINATION']);
  });

  it('compares a retried raise field by field', () => {
    const raise = {
      prisonCode: 'MDI',
      prisonerNumber: 'A1234BC',
      category: 'OTHER' as const,
      question: 'q',
      plannedRelease: '2026-12-01T10:00:00Z',
    };
    expect(sameRaise(raise, { ...raise, plannedRelease: '2026-12-01T10:00:00.000+00:00' })).toBe(true);
    expect(sameRaise(raise, { ...raise, question: 'another' })).toBe(false);
  });
});

describe('urgency rising on the clock, and the timeline after a catch-up', () => {
  const standard = () =>
    raiseQuery(
      'UQ-MDI-AAAAAAAA',
      {
        prisonCode: 'MDI',
        prisonerNumber: 'A1234BC',
        category: 'OTHER',
        question: 'q',
        plannedRelease: at(100).toISOString(),
      },
      officer,
      t0,
      policy,
    );
  it('rises at 72 hours before the release, then 24, each rise telling the unit and starting a new target', () => {
    const urgent = tick(standard(), at(28), policy, { urgencyRises: true });
    expect(urgent.state.urgency).toBe('URGENT');
    expect(urgent.state.targetStartedAt).toBe(at(28).toISOString());
    expect(urgent.alerts.find((a) => a.kind === 'URGENCY_RAISED')).toMatchObject({
      to: ['queue@unit.test'],
      headline: 'Query is now URGENT: the release is within 72 hours',
    });
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
      fc.record({
        kind: fc.constant('release' as const),
        minutes: fc.integer({ min: 0, max: 30 }),
        hours: fc.integer({ min: -300, max: 300 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -400, max: 200 }),
        fc.array(step, { minLength: 1, maxLength: 40 }),
        (releaseHours, steps) => {
          let state = raiseQuery(
            'UQ-MDI-AAAAAAAA',
            {
              prisonCode: 'MDI',
              prisonerNumber: 'A1234BC',
              category: 'OTHER',
              question: 'q',
              plannedRelease: at(releaseHours).toISOString(),
            },
            officer,
            t0,
            policy,
          );
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
              if (!checkOperation(state, 'updatePlannedRelease', input, officer))
                state = applyOperation(state, 'updatePlannedRelease', input, officer, now, policy).state;
            }
          }
          for (const level of [1, 2, 3]) {
            const times = sent.filter((x) => x.level === level).map((x) => x.at);
            if (times.some((t, i) => i > 0 && t - times[i - 1]! < 15 * 60_000)) return false;
          }
          return true;
        },
      ),
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
    for (const bad of ['\u0007\u0008', 'bob 🙂', 'a b', 'x@y.z', '', 'x'.repeat(65)])
      expect(userNameSchema.safeParse(bad).success).toBe(false);
  });
});
