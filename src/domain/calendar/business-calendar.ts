import { DateTime } from 'luxon';

/**
 * The unit's working hours. Pure: holidays come in as data, never from a clock or a network.
 * Times are local to `timeZone`, so 08:00 means 08:00 on the wall in both GMT and BST.
 */
export interface BusinessCalendar {
  timeZone: string;
  /** Minutes after local midnight. */
  opensAtMinute: number;
  closesAtMinute: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingWeekdays: readonly number[];
  /** Local dates (YYYY-MM-DD) on which the unit is closed. */
  holidays: readonly string[];
}

/** A 24/7 clock counts every millisecond; a business clock counts only the unit's open hours. */
export type WorkingClock = { kind: 'CONTINUOUS' } | { kind: 'BUSINESS'; calendar: BusinessCalendar };

const MAX_DAYS_SCANNED = 3 * 366;

export function isWorkingDay(calendar: BusinessCalendar, day: DateTime): boolean {
  return calendar.workingWeekdays.includes(day.weekday) && !calendar.holidays.includes(day.toISODate() ?? '');
}

/**
 * The wall-clock time `minute` minutes into the local day, e.g. 08:00. Set on the wall, not added
 * to midnight: on the days the clocks change, midnight + 480 minutes is 07:00 or 09:00.
 */
function wallClock(day: DateTime, minute: number): number {
  const midnight = day.startOf('day');
  if (minute >= 1440) return midnight.plus({ days: 1 }).toMillis();
  return midnight.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
}

/** The open window of the local day containing `t`, or null when the unit is closed that day. */
function windowOf(calendar: BusinessCalendar, day: DateTime): { open: number; close: number } | null {
  if (!isWorkingDay(calendar, day)) return null;
  return { open: wallClock(day, calendar.opensAtMinute), close: wallClock(day, calendar.closesAtMinute) };
}

function nextDay(calendar: BusinessCalendar, day: DateTime): DateTime {
  return day.startOf('day').plus({ days: 1 }).setZone(calendar.timeZone);
}

/** The instant that lies `ms` of working time after `from`. */
export function addWorkingMs(clock: WorkingClock, from: Date, ms: number): Date {
  if (ms < 0) throw new RangeError('working time to add must not be negative');
  if (clock.kind === 'CONTINUOUS') return new Date(from.getTime() + ms);
  const { calendar } = clock;
  let day: DateTime = DateTime.fromMillis(from.getTime(), { zone: calendar.timeZone });
  let cursor = from.getTime();
  let remaining = ms;
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    const window = windowOf(calendar, day);
    if (window && cursor < window.close) {
      const start = Math.max(cursor, window.open);
      const available = window.close - start;
      if (remaining <= available) return new Date(start + remaining);
      remaining -= available;
    }
    day = nextDay(calendar, day);
    cursor = day.toMillis();
  }
  throw new RangeError('business calendar has no working time within three years');
}

/** Working time between two instants (0 when `to` is not after `from`). */
export function workingMsBetween(clock: WorkingClock, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (clock.kind === 'CONTINUOUS') return b - a;
  const { calendar } = clock;
  let day: DateTime = DateTime.fromMillis(a, { zone: calendar.timeZone });
  let total = 0;
  while (day.startOf('day').toMillis() < b) {
    const window = windowOf(calendar, day);
    if (window) total += Math.max(0, Math.min(b, window.close) - Math.max(a, window.open));
    day = nextDay(calendar, day);
  }
  return total;
}
