import { DateTime } from 'luxon';
import { currentAuthorisation, endOfLondonDay, isLive, londonDay, type Authorisation } from './authorisation.ts';
import { isReleasable, openRelease, type HoldReason, type HoldState } from './hold-state.ts';

/**
 * The discharge desk's morning: everyone the register says leaves today or tomorrow, and where
 * each stands on the way out. Pure: the caller passes the time, the register's people and their holds.
 */

export const DESK_STATES = [
  'RELEASED',
  'HELD',
  'REFUSED_AT_CHECK',
  'AWAITING_CHECKLIST',
  'AWAITING_VERIFICATION',
  'AUTHORISED',
] as const;
export type DeskState = (typeof DESK_STATES)[number];

export interface DeskPerson {
  prisonerNumber: string;
  firstName: string;
  lastName: string;
  prisonCode: string;
  plannedRelease?: string;
}

export interface DeskRow {
  prisonerNumber: string;
  name: string;
  plannedRelease?: string;
  state: DeskState;
  /** What holds him, with whose decision removes each. */
  reasons: Pick<HoldReason, 'key' | 'kind' | 'detail' | 'ownedBy'>[];
  /** Today's authorisation at this prison, live or the latest refused, if any. */
  authorisation?: Authorisation;
  releasedAt?: string;
}

/** The window the desk looks at: from the start of today to the end of tomorrow, Europe/London. */
export function deskWindow(now: Date): { day: string; from: string; to: string } {
  const day = londonDay(now);
  const from = DateTime.fromISO(day, { zone: 'Europe/London' }).startOf('day').toUTC().toISO()!;
  const tomorrow = DateTime.fromISO(day, { zone: 'Europe/London' }).plus({ days: 1 }).toISODate()!;
  return { day, from, to: endOfLondonDay(tomorrow) };
}

/** Where one person stands: released today; held by a reason; or how far his authorisation has come. */
export function deskRow(person: DeskPerson, hold: HoldState | undefined, now: Date): DeskRow {
  const base = {
    prisonerNumber: person.prisonerNumber,
    name: `${person.firstName} ${person.lastName}`,
    ...(person.plannedRelease ? { plannedRelease: person.plannedRelease } : {}),
  };
  const { day, from } = deskWindow(now);
  const released = hold ? openRelease(hold) : undefined;
  if (released && Date.parse(released.releasedAt) >= Date.parse(from))
    return { ...base, state: 'RELEASED', reasons: [], releasedAt: released.releasedAt };
  const reasons = (hold?.reasons ?? []).map(({ key, kind, detail, ownedBy }) => ({
    key,
    kind,
    detail,
    ...(ownedBy ? { ownedBy } : {}),
  }));
  const todays = (hold?.authorisations ?? []).filter((a) => a.releaseDay === day && a.prisonCode === person.prisonCode);
  const authorised = currentAuthorisation(todays, person.prisonCode, person.plannedRelease, now);
  const live =
    authorised ?? todays.filter(isLive).at(-1) ?? todays.filter((a) => a.status === 'REFUSED_AT_CHECK').at(-1);
  const withAuthorisation = live ? { authorisation: live } : {};
  if (hold && !isReleasable(hold, now, { prisonCode: person.prisonCode }))
    return { ...base, state: 'HELD', reasons, ...withAuthorisation };
  const state: DeskState = authorised
    ? 'AUTHORISED'
    : live?.status === 'AWAITING_VERIFICATION'
      ? 'AWAITING_VERIFICATION'
      : live?.status === 'REFUSED_AT_CHECK'
        ? 'REFUSED_AT_CHECK'
        : 'AWAITING_CHECKLIST';
  return { ...base, state, reasons, ...withAuthorisation };
}

/** The desk's rows in the order people leave: by planned release, the released last. */
export const deskOrder = (rows: DeskRow[]): DeskRow[] =>
  [...rows].sort(
    (a, b) =>
      Number(a.state === 'RELEASED') - Number(b.state === 'RELEASED') ||
      (a.plannedRelease ?? '9').localeCompare(b.plannedRelease ?? '9') ||
      a.name.localeCompare(b.name),
  );
