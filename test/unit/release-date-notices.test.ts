import { describe, expect, it } from 'vitest';
import { englandAndWalesBankHolidays } from '../../src/domain/calendar/bank-holidays.ts';
import {
  dateSet,
  newReleaseDateNotices,
  reminderDue,
  reminderDueAt,
  retellCurrent,
  toldFor,
} from '../../src/domain/victim-notification/release-dates.ts';

const rule = { workingDays: 10, holidays: englandAndWalesBankHolidays(2026, 2027) };

describe('the VLO reminder before a planned release', () => {
  it('falls at 09:00 London on the working day ten working days before the release day', () => {
    // Fri 20 Mar 2026 (GMT): ten working days back is Fri 6 Mar.
    expect(reminderDueAt('2026-03-20T10:00:00Z', rule).toISOString()).toBe('2026-03-06T09:00:00.000Z');
    // In BST 09:00 London is 08:00 UTC.
    expect(reminderDueAt('2026-06-19T10:00:00+01:00', rule).toISOString()).toBe('2026-06-05T08:00:00.000Z');
  });

  it('skips bank holidays and weekends', () => {
    // Tue 7 Apr 2026: Good Friday 3 Apr and Easter Monday 6 Apr are not working days.
    expect(reminderDueAt('2026-04-07T10:00:00+01:00', rule).toISOString()).toBe('2026-03-20T09:00:00.000Z');
  });

  it('takes the number of working days as configured', () => {
    expect(reminderDueAt('2026-03-20T10:00:00Z', { ...rule, workingDays: 1 }).toISOString()).toBe(
      '2026-03-19T09:00:00.000Z',
    );
  });
});

describe('telling the VLOs of a planned release', () => {
  const now = new Date('2026-02-02T12:00:00Z');
  const set = (plannedRelease: string, at = now, state = newReleaseDateNotices('A1234BC')) =>
    dateSet(state, { plannedRelease, prisonCode: 'MDI' }, at, rule);

  it('tells at once when a date is set, and schedules the reminder', () => {
    const { state, tell } = set('2026-03-20T10:00:00Z');
    expect(tell).toMatchObject({
      kind: 'RELEASE_DATE_SET',
      plannedRelease: '2026-03-20T10:00:00.000Z',
      prisonCode: 'MDI',
    });
    expect(state.reminderAt).toBe('2026-03-06T09:00:00.000Z');
  });

  it('tells nobody again when the same date is written again, however it is written', () => {
    const first = set('2026-03-20T10:00:00Z');
    expect(set('2026-03-20T10:00:00.000+00:00', now, first.state).tell).toBeNull();
  });

  it('sends the reminder when due, once', () => {
    const { state } = set('2026-03-20T10:00:00Z');
    expect(reminderDue(state, new Date('2026-03-06T08:59:59Z')).tell).toBeNull();
    const due = reminderDue(state, new Date('2026-03-06T09:00:00Z'));
    expect(due.tell).toMatchObject({ kind: 'RELEASE_DATE_REMINDER', plannedRelease: '2026-03-20T10:00:00.000Z' });
    expect(reminderDue(due.state, new Date('2026-03-07T09:00:00Z')).tell).toBeNull();
  });

  it('a changed date re-tells and supersedes the earlier reminder', () => {
    const first = set('2026-03-20T10:00:00Z');
    const moved = set('2026-04-24T10:00:00+01:00', now, first.state);
    expect(moved.tell).toMatchObject({ kind: 'RELEASE_DATE_SET', plannedRelease: '2026-04-24T09:00:00.000Z' });
    expect(moved.tell!.eventKey).not.toBe(first.tell!.eventKey);
    // The old reminder's moment passes: nothing goes.
    expect(reminderDue(moved.state, new Date('2026-03-06T09:00:00Z')).tell).toBeNull();
    expect(moved.state.reminderAt).toBe('2026-04-10T08:00:00.000Z');
  });

  it('a date moved back to an earlier one is told again, as a new notice', () => {
    const a = set('2026-03-20T10:00:00Z');
    const b = set('2026-04-24T10:00:00Z', now, a.state);
    const again = set('2026-03-20T10:00:00Z', now, b.state);
    expect(again.tell?.kind).toBe('RELEASE_DATE_SET');
    expect(new Set([a.tell!.eventKey, b.tell!.eventKey, again.tell!.eventKey]).size).toBe(3);
  });

  it('no reminder when the date is set inside the window: the notice at once is the warning', () => {
    const { state, tell } = set('2026-02-06T10:00:00Z');
    expect(tell?.kind).toBe('RELEASE_DATE_SET');
    expect(state.reminderAt).toBeUndefined();
  });

  it('a date already past tells nobody (the release notice covers a release)', () => {
    expect(set('2026-01-30T10:00:00Z').tell).toBeNull();
  });

  it('a VLO registered after the date was told hears of it under the same notice (the others are not emailed again)', () => {
    const { state, tell } = set('2026-03-20T10:00:00Z');
    expect(retellCurrent(state, new Date('2026-03-01T00:00:00Z'))).toEqual(tell);
    expect(retellCurrent(state, new Date('2026-03-21T00:00:00Z'))).toBeNull();
    expect(retellCurrent(newReleaseDateNotices('A1234BC'), now)).toBeNull();
  });

  it('knows which notices were for the current planned release', () => {
    const a = set('2026-03-20T10:00:00Z');
    const b = set('2026-04-24T10:00:00Z', now, a.state);
    expect(toldFor(b.state, '2026-04-24T11:00:00+01:00')).toEqual([b.tell!.eventKey]);
    expect(toldFor(b.state, '2026-03-20T10:00:00Z')).toEqual([]);
  });
});
