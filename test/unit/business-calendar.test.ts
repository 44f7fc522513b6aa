import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { englandAndWalesBankHolidays } from '../../src/domain/calendar/bank-holidays.ts';
import {
  addWorkingMs,
  isWorkingDay,
  workingMsBetween,
  type WorkingClock,
} from '../../src/domain/calendar/business-calendar.ts';
import { UNIT_CALENDAR_DEFAULTS } from '../../src/domain/urgent-query/policy.ts';

const HOUR = 3_600_000;
const holidays = englandAndWalesBankHolidays(2025, 2028);
const business: WorkingClock = { kind: 'BUSINESS', calendar: { ...UNIT_CALENDAR_DEFAULTS, holidays } };
const continuous: WorkingClock = { kind: 'CONTINUOUS' };
const london = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();
const inLondon = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/London' }).toFormat("yyyy-MM-dd'T'HH:mm");

describe('England and Wales bank holidays', () => {
  it('include the known 2026 dates, substitute days among them', () => {
    for (const day of [
      '2026-05-04',
      '2026-08-31',
      '2026-12-28',
      '2026-12-25',
      '2026-04-03',
      '2026-04-06',
      '2027-12-27',
    ])
      expect(holidays).toContain(day);
  });
  it('exclude ordinary working days and Scottish-only holidays', () => {
    for (const day of ['2026-05-05', '2026-08-03', '2026-11-30', '2027-01-04']) expect(holidays).not.toContain(day);
  });
  it('make those days non-working', () => {
    expect(
      isWorkingDay(
        business.kind === 'BUSINESS' ? business.calendar : (undefined as never),
        DateTime.fromISO('2026-05-04', { zone: 'Europe/London' }),
      ),
    ).toBe(false);
  });
});

describe('working time on the unit calendar (Mon–Fri 08:00–18:00 Europe/London)', () => {
  const cases: [string, number, string][] = [
    ['2026-11-23T08:00', 10, '2026-11-23T18:00'], // a whole working day
    ['2026-11-23T06:00', 1, '2026-11-23T09:00'], // before opening
    ['2026-11-23T19:00', 1, '2026-11-24T09:00'], // after closing
    ['2026-11-27T17:00', 2, '2026-11-30T09:00'], // Friday over the weekend
    ['2026-11-28T12:00', 1, '2026-11-30T09:00'], // raised on a Saturday
    ['2026-08-28T17:00', 2, '2026-09-01T09:00'], // over the summer bank holiday (Mon 31 Aug)
    ['2026-05-01T17:30', 1, '2026-05-05T08:30'], // over the early May bank holiday
    ['2026-12-24T17:00', 2, '2026-12-29T09:00'], // Christmas, weekend and the Boxing Day substitute (28 Dec)
    ['2026-11-23T10:00', 30, '2026-11-26T10:00'], // three working days
    ['2026-11-23T18:00', 0, '2026-11-24T08:00'], // zero from closing time is the next opening
  ];
  it.each(cases)('%s + %i working hours = %s', (from, hours, expected) => {
    expect(inLondon(addWorkingMs(business, london(from), hours * HOUR))).toBe(expected);
  });

  it('is right across the spring BST change (29 March 2026)', () => {
    const due = addWorkingMs(business, london('2026-03-27T17:00'), 2 * HOUR);
    expect(inLondon(due)).toBe('2026-03-30T09:00');
    expect(due.toISOString()).toBe('2026-03-30T08:00:00.000Z'); // 09:00 BST
    expect(london('2026-03-27T17:00').toISOString()).toBe('2026-03-27T17:00:00.000Z'); // 17:00 GMT
  });

  it('is right across the autumn BST change (25 October 2026)', () => {
    const due = addWorkingMs(business, london('2026-10-23T17:00'), 2 * HOUR);
    expect(due.toISOString()).toBe('2026-10-26T09:00:00.000Z'); // 09:00 GMT
    expect(workingMsBetween(business, london('2026-10-23T08:00'), london('2026-10-26T18:00'))).toBe(20 * HOUR);
  });

  it('opens and closes at wall-clock times on the days the clocks change, for a seven-day calendar', () => {
    // A calendar from QUERY_POLICY_FILE that works Sundays: 29 March and 25 October 2026 are the change days.
    const everyDay: WorkingClock = {
      kind: 'BUSINESS',
      calendar: { ...UNIT_CALENDAR_DEFAULTS, workingWeekdays: [1, 2, 3, 4, 5, 6, 7], holidays: [] },
    };
    expect(inLondon(addWorkingMs(everyDay, london('2026-03-29T06:00'), 1 * HOUR))).toBe('2026-03-29T09:00');
    expect(inLondon(addWorkingMs(everyDay, london('2026-10-25T06:00'), 1 * HOUR))).toBe('2026-10-25T09:00');
    expect(inLondon(addWorkingMs(everyDay, london('2026-03-29T17:30'), 1 * HOUR))).toBe('2026-03-30T08:30'); // closes at 18:00 on the wall
    expect(inLondon(addWorkingMs(everyDay, london('2026-10-25T17:30'), 1 * HOUR))).toBe('2026-10-26T08:30');
    // Each change day is ten working hours on the wall, as any other.
    expect(workingMsBetween(everyDay, london('2026-03-29T00:00'), london('2026-03-30T00:00'))).toBe(10 * HOUR);
    expect(workingMsBetween(everyDay, london('2026-10-25T00:00'), london('2026-10-26T00:00'))).toBe(10 * HOUR);
  });

  it('counts real elapsed time on the 24/7 clock, whatever the wall clock does', () => {
    expect(addWorkingMs(continuous, new Date('2026-03-29T00:30:00Z'), 2 * HOUR).toISOString()).toBe(
      '2026-03-29T02:30:00.000Z',
    );
    expect(inLondon(addWorkingMs(continuous, london('2026-03-29T00:30'), 2 * HOUR))).toBe('2026-03-29T03:30');
    expect(inLondon(addWorkingMs(continuous, london('2026-10-25T00:30'), 2 * HOUR))).toBe('2026-10-25T01:30');
    expect(workingMsBetween(continuous, london('2026-11-27T17:00'), london('2026-11-30T09:00'))).toBe(64 * HOUR);
  });

  it('measures working time between instants', () => {
    expect(workingMsBetween(business, london('2026-11-27T17:00'), london('2026-11-30T09:00'))).toBe(2 * HOUR);
    expect(workingMsBetween(business, london('2026-11-30T09:00'), london('2026-11-27T17:00'))).toBe(0);
    expect(workingMsBetween(business, london('2026-12-24T17:00'), london('2026-12-29T09:00'))).toBe(2 * HOUR);
  });

  it('refuses negative working time', () => {
    expect(() => addWorkingMs(business, new Date(), -1)).toThrow(RangeError);
  });

  const instant = fc.date({
    min: new Date('2025-01-01T00:00:00Z'),
    max: new Date('2027-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const amount = fc.integer({ min: 0, max: 120 * HOUR });

  it('property: the working time from t to t + n working ms is n', () => {
    fc.assert(
      fc.property(instant, amount, (t, n) => workingMsBetween(business, t, addWorkingMs(business, t, n)) === n),
      { numRuns: 400 },
    );
  });

  it('property: a deadline lands inside working hours on a working day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 120 * HOUR }), (t, n) => {
        const due = DateTime.fromJSDate(addWorkingMs(business, t, n), { zone: 'Europe/London' });
        const minute = due.hour * 60 + due.minute + due.second / 60 + due.millisecond / 60_000;
        return (
          isWorkingDay(business.kind === 'BUSINESS' ? business.calendar : (undefined as never), due) &&
          minute > 8 * 60 &&
          minute <= 18 * 60
        );
      }),
      { numRuns: 400 },
    );
  });

  it('property: more working time never gives an earlier deadline, and never less than the same real time', () => {
    fc.assert(
      fc.property(instant, amount, amount, (t, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const early = addWorkingMs(business, t, lo).getTime();
        const late = addWorkingMs(business, t, hi).getTime();
        return early <= late && late - t.getTime() >= hi;
      }),
      { numRuns: 300 },
    );
  });
});
