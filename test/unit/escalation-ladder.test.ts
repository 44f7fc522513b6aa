import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelAt, nextAlertAt, type EscalationLevel } from '../../src/domain/escalation/ladder.ts';
import { recipientsFor } from '../../src/domain/urgent-query/recipients.ts';
import { TEST_CONTACTS, testPolicy } from '../helpers/policy.ts';

const MIN = 60_000;
const start = new Date('2026-11-27T10:00:00Z');
const policy = testPolicy();

function schedule(
  ladder: { levelOffsetsMinutes: [0, number, number]; repeatMinutes: number },
  startLevel: EscalationLevel,
  count: number,
) {
  const out: { minute: number; level: EscalationLevel }[] = [];
  let last: Date | null = null;
  for (let i = 0; i < count; i++) {
    last = nextAlertAt(ladder, start, startLevel, last);
    out.push({ minute: (last.getTime() - start.getTime()) / MIN, level: levelAt(ladder, start, startLevel, last) });
  }
  return out;
}

describe('the escalation ladder', () => {
  it('CRITICAL: level 1 at once, level 2 after 15 minutes, level 3 after 30, then repeats every 15', () => {
    expect(schedule(policy.targets.CRITICAL, 1, 6)).toEqual([
      { minute: 0, level: 1 },
      { minute: 15, level: 2 },
      { minute: 30, level: 3 },
      { minute: 45, level: 3 },
      { minute: 60, level: 3 },
      { minute: 75, level: 3 },
    ]);
  });
  it('URGENT: each level repeats every 30 minutes until the next takes over', () => {
    expect(schedule(policy.targets.URGENT, 1, 7)).toEqual([
      { minute: 0, level: 1 },
      { minute: 30, level: 1 },
      { minute: 60, level: 2 },
      { minute: 90, level: 2 },
      { minute: 120, level: 3 },
      { minute: 150, level: 3 },
      { minute: 180, level: 3 },
    ]);
  });
  it('a level taking over between repeats alerts at once rather than waiting for the repeat', () => {
    expect(schedule({ levelOffsetsMinutes: [0, 25, 50], repeatMinutes: 20 }, 1, 5).map((a) => a.minute)).toEqual([
      0, 20, 25, 45, 50,
    ]);
  });
  it('starting at the top (release near) stays at level 3 and repeats', () => {
    expect(schedule(policy.targets.CRITICAL, 3, 3)).toEqual([
      { minute: 0, level: 3 },
      { minute: 15, level: 3 },
      { minute: 30, level: 3 },
    ]);
  });
  it('after an outage, the next alert comes a whole repeat after the one actually sent, not on an old grid', () => {
    const late = new Date(start.getTime() + 37 * MIN);
    expect((nextAlertAt(policy.targets.CRITICAL, start, 1, late).getTime() - start.getTime()) / MIN).toBe(52);
  });

  it('a ladder that started in year 26 needs no catching up: the next alert is one repeat after the last', () => {
    const ancient = new Date('0026-06-12T11:53:46Z');
    const now = new Date('2026-11-27T10:00:00Z');
    expect(levelAt(policy.targets.CRITICAL, ancient, 1, now)).toBe(3);
    expect(nextAlertAt(policy.targets.CRITICAL, ancient, 3, now).getTime() - now.getTime()).toBe(15 * MIN);
  });

  /**
   * The invariant: however the ladder is driven (on time, late, after an outage, from a start in the
   * distant past), no level sends more than one alert per repeat interval of wall-clock time.
   */
  it('property: at most one alert per level per repeat interval, whatever the start and however late each alert is sent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 240 }),
        fc.integer({ min: 1, max: 240 }),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom<EscalationLevel>(1, 2, 3),
        fc.integer({ min: -1_000_000_000, max: 600 }).map((m) => new Date(start.getTime() + m * MIN)),
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 30 }),
        (a, b, repeat, startLevel, ladderStart, delays) => {
          const ladder = { levelOffsetsMinutes: [0, a, a + b] as [0, number, number], repeatMinutes: repeat };
          let last: Date | null = null;
          let clock = start.getTime();
          const sent: { at: number; level: EscalationLevel }[] = [];
          for (const delay of delays) {
            const due = nextAlertAt(ladder, ladderStart, startLevel, last).getTime();
            // The worker runs at `due` or later (delay minutes late), never before; then sends at most one alert.
            clock = Math.max(clock, due) + delay * MIN;
            last = new Date(clock);
            sent.push({ at: clock, level: levelAt(ladder, ladderStart, startLevel, last) });
          }
          for (let i = 1; i < sent.length; i++) {
            if (sent[i]!.level === sent[i - 1]!.level && sent[i]!.at - sent[i - 1]!.at < repeat * MIN) return false;
          }
          return true;
        },
      ),
    );
  });
  it('property: alerts come strictly later each time and levels never go down', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom<EscalationLevel>(1, 2, 3),
        (a, b, repeat, startLevel) => {
          const ladder = { levelOffsetsMinutes: [0, a, a + b] as [0, number, number], repeatMinutes: repeat };
          const alerts = schedule(ladder, startLevel, 12);
          return (
            alerts.every((x, i) => i === 0 || (x.minute > alerts[i - 1]!.minute && x.level >= alerts[i - 1]!.level)) &&
            alerts[0]!.level === startLevel
          );
        },
      ),
    );
  });

  it('recipients are cumulative: queue and assignee, then the team leader, then the unit head and duty governor', () => {
    const ctx = { prisonCode: 'MDI', assignee: 'Court.Expert' };
    expect(recipientsFor(1, TEST_CONTACTS, ctx)).toEqual(['queue@unit.test', 'court.expert@staff.test']);
    expect(recipientsFor(2, TEST_CONTACTS, ctx)).toEqual([
      'queue@unit.test',
      'court.expert@staff.test',
      'lead@unit.test',
    ]);
    expect(recipientsFor(3, TEST_CONTACTS, ctx)).toEqual([
      'queue@unit.test',
      'court.expert@staff.test',
      'lead@unit.test',
      'head@unit.test',
      'governor.MDI@prison.test',
    ]);
    expect(recipientsFor(1, TEST_CONTACTS, { prisonCode: 'LEI' })).toEqual(['queue@unit.test']);
  });
});
