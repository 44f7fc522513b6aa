import { DateTime } from 'luxon';
import { isWorkingDay, type BusinessCalendar } from '../calendar/business-calendar.ts';
import { cloneState } from '../clone.ts';

/**
 * VLOs prepare victims before a release: each is told when a planned release is set or changes,
 * and again some working days before it. Pure: the workflow that holds this state brings the time.
 */

/** *Policy*: how many England and Wales working days before the release day the reminder goes, and the bank holidays. */
export interface PreReleaseRule {
  workingDays: number;
  holidays: readonly string[];
}

export type ReleaseDateNoticeKind = 'RELEASE_DATE_SET' | 'RELEASE_DATE_REMINDER';

/** A notice to every VLO of the prisoner: one victim notification each, keyed by `eventKey`. */
export interface ReleaseDateTell {
  kind: ReleaseDateNoticeKind;
  eventKey: string;
  prisonerNumber: string;
  prisonCode: string;
  plannedRelease: string;
}

export interface ReleaseDateNotices {
  prisonerNumber: string;
  prisonCode?: string;
  /** The planned release last told (ISO, UTC). */
  plannedRelease?: string;
  /** How many times a date was set: each setting is a new notice, so a date moved back is told again. */
  seq: number;
  /** The reminder still to go for the current date; absent once sent, or when none is due. */
  reminderAt?: string;
  /** The notices for the current setting (cleared when the date changes). */
  told: string[];
}

/** When the reminder is due: 09:00 London on the working day `workingDays` working days before the release day. */
export function reminderDueAt(plannedRelease: string, rule: PreReleaseRule): Date {
  const calendar: BusinessCalendar = {
    timeZone: 'Europe/London',
    opensAtMinute: 0,
    closesAtMinute: 1440,
    workingWeekdays: [1, 2, 3, 4, 5],
    holidays: rule.holidays,
  };
  let day = DateTime.fromISO(plannedRelease, { setZone: true }).setZone(calendar.timeZone).startOf('day');
  for (let counted = 0; counted < rule.workingDays;) {
    day = day.minus({ days: 1 });
    if (isWorkingDay(calendar, day)) counted += 1;
  }
  return day.set({ hour: 9, minute: 0 }).toJSDate();
}

export const newReleaseDateNotices = (prisonerNumber: string): ReleaseDateNotices => ({
  prisonerNumber,
  seq: 0,
  told: [],
});

const tell = (state: ReleaseDateNotices, kind: ReleaseDateNoticeKind): ReleaseDateTell => ({
  kind,
  // The notification service hashes the key into the notification's id: no prisoner number leaves it.
  eventKey: `${kind === 'RELEASE_DATE_SET' ? 'release-date' : 'release-date-reminder'}:${state.prisonerNumber}:${state.seq}`,
  prisonerNumber: state.prisonerNumber,
  prisonCode: state.prisonCode ?? '',
  plannedRelease: state.plannedRelease!,
});

/**
 * A planned release written (the register sync, a query's answer). The same instant again tells
 * nobody; a new one is told at once and replaces the reminder of the old (no reminder for a stale
 * date). A date already past tells nobody: the release notice covers a release.
 */
export function dateSet(
  current: ReleaseDateNotices,
  given: { plannedRelease: string; prisonCode: string },
  now: Date,
  rule: PreReleaseRule,
): { state: ReleaseDateNotices; tell: ReleaseDateTell | null } {
  const at = new Date(given.plannedRelease);
  if (Number.isNaN(at.getTime())) return { state: current, tell: null };
  const plannedRelease = at.toISOString();
  if (plannedRelease === current.plannedRelease) return { state: current, tell: null };
  const state = cloneState(current);
  state.plannedRelease = plannedRelease;
  state.prisonCode = given.prisonCode;
  state.seq += 1;
  state.told = [];
  delete state.reminderAt;
  if (at.getTime() <= now.getTime()) return { state, tell: null };
  const reminder = reminderDueAt(plannedRelease, rule);
  // Set inside the window, the notice at once is the warning: no second one straight after.
  if (reminder.getTime() > now.getTime()) state.reminderAt = reminder.toISOString();
  const told = tell(state, 'RELEASE_DATE_SET');
  state.told.push(told.eventKey);
  return { state, tell: told };
}

/** The reminder, when its time has come, once. */
export function reminderDue(
  current: ReleaseDateNotices,
  now: Date,
): { state: ReleaseDateNotices; tell: ReleaseDateTell | null } {
  if (!current.reminderAt || new Date(current.reminderAt).getTime() > now.getTime())
    return { state: current, tell: null };
  const state = cloneState(current);
  delete state.reminderAt;
  const told = tell(state, 'RELEASE_DATE_REMINDER');
  state.told.push(told.eventKey);
  return { state, tell: told };
}

/**
 * The notice of the current date again, under the same event key: the notification service starts
 * one per registration and finds the others already started, so only a VLO registered since hears.
 */
export function retellCurrent(state: ReleaseDateNotices, now: Date): ReleaseDateTell | null {
  if (!state.plannedRelease || new Date(state.plannedRelease).getTime() <= now.getTime() || state.seq === 0)
    return null;
  return tell(state, 'RELEASE_DATE_SET');
}

/** The notices' event keys that told of `plannedRelease`, if it is the current date; none otherwise. */
export function toldFor(state: ReleaseDateNotices, plannedRelease: string): string[] {
  const at = new Date(plannedRelease);
  return !Number.isNaN(at.getTime()) && at.toISOString() === state.plannedRelease ? [...state.told] : [];
}
