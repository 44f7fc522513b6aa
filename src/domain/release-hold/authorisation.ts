import { DateTime } from 'luxon';
import { samePerson } from '../actors.ts';
import type { ReleaseReason } from './vocabulary.ts';

/**
 * A release authorisation: the positive answer the gate needs besides the absence of reasons.
 * One officer completes the discharge checklist for one movement on one day, a different person of
 * that prison verifies it, and it is good for that prisoner, that movement, that prison and that
 * day only, until anything it was checked against changes. Pure: the caller passes the time.
 */

export const AUTHORISATION_STATUSES = [
  'AWAITING_VERIFICATION',
  'AUTHORISED',
  'REFUSED_AT_CHECK',
  'VOID',
  'USED',
] as const;
export type AuthorisationStatus = (typeof AUTHORISATION_STATUSES)[number];

export interface ChecklistAnswer {
  item: string;
  answer: boolean;
  /** Required where the answer is no. */
  note?: string;
}

export interface Authorisation {
  id: string;
  movement: ReleaseReason;
  /** The prison that checked him: an authorisation ends with a transfer. */
  prisonCode: string;
  /** The release day it is for (YYYY-MM-DD, Europe/London). */
  releaseDay: string;
  /** The register's planned release when the checklist was completed: a changed date voids it. */
  plannedRelease?: string;
  checklistVersion: string;
  answers: ChecklistAnswer[];
  completedBy: string;
  completedAt: string;
  verifiedBy?: string;
  verifiedAt?: string;
  /** The reasons standing when it was verified (each covered by an override, or none). */
  reasonsWhenVerified?: string[];
  /** The end of the release day, Europe/London. */
  expiresAt: string;
  status: AuthorisationStatus;
  voided?: { at: string; why: string };
  usedByRelease?: string;
}

/** How many authorisations a hold keeps (the latest). */
export const AUTHORISATIONS_KEPT = 20;

const LONDON = 'Europe/London';

/** The calendar day an instant falls on in England and Wales. */
export const londonDay = (instant: Date): string => DateTime.fromJSDate(instant, { zone: LONDON }).toISODate()!;

/** The last instant of a London day (the next day's midnight, BST or GMT as it falls). */
export const endOfLondonDay = (day: string): string =>
  DateTime.fromISO(day, { zone: LONDON }).plus({ days: 1 }).startOf('day').toUTC().toISO()!;

/**
 * An instant up to `hours` on but still on today's London day (never past its last second): a
 * planned release the desk can authorise today, whatever the hour (the tests, the bench, chaos).
 */
export function laterToday(hours: number, now = new Date()): string {
  const lastSecond = Date.parse(endOfLondonDay(londonDay(now))) - 1_000;
  return new Date(Math.max(now.getTime(), Math.min(now.getTime() + hours * 3_600_000, lastSecond))).toISOString();
}

export const isLive = (a: Authorisation): boolean => a.status === 'AWAITING_VERIFICATION' || a.status === 'AUTHORISED';

/** What a release is checked against: the movement, where the register holds him, his planned release and who records it. */
export interface ReleaseAttempt {
  movement: ReleaseReason;
  prisonCode: string;
  plannedRelease?: string;
  recordedBy: string;
  /** When he leaves: a release dated another day was not authorised by today's checks. */
  releasedAt?: string;
  /** The rules of 'release-after-its-checks' (HoldRules.afterChecks): histories recorded before keep their answers. */
  afterChecks?: boolean;
}

/** Why this authorisation does not authorise this release now, or null when it does. */
export function whyNotAuthorising(a: Authorisation, attempt: ReleaseAttempt, now: Date): string | null {
  if (a.status !== 'AUTHORISED') return `authorisation ${a.id} is ${a.status}`;
  if (a.movement !== attempt.movement) return `authorisation ${a.id} is for ${a.movement}, not ${attempt.movement}`;
  if (a.prisonCode !== attempt.prisonCode)
    return `authorisation ${a.id} was given at ${a.prisonCode}, and he is held at ${attempt.prisonCode}`;
  if (now.getTime() >= Date.parse(a.expiresAt) || londonDay(now) !== a.releaseDay)
    return `authorisation ${a.id} was for ${a.releaseDay}`;
  if (attempt.releasedAt && londonDay(new Date(attempt.releasedAt)) !== a.releaseDay)
    return `authorisation ${a.id} was for a release on ${a.releaseDay}, not one dated ${londonDay(new Date(attempt.releasedAt))}`;
  if ((a.plannedRelease ?? null) !== (attempt.plannedRelease ?? null))
    return `his planned release has changed since authorisation ${a.id}`;
  // He left when the checks had been made, not before: a release dated earlier is one they did not authorise.
  if (
    attempt.afterChecks &&
    attempt.releasedAt &&
    a.verifiedAt &&
    Date.parse(attempt.releasedAt) < Date.parse(a.verifiedAt)
  )
    return `authorisation ${a.id} was verified at ${a.verifiedAt}: a release dated before it is not one it authorised`;
  if (attempt.afterChecks ? samePerson(a.verifiedBy, attempt.recordedBy) : a.verifiedBy === attempt.recordedBy)
    return 'whoever verifies an authorisation does not also record the release';
  return null;
}

/** The authorisation this release may use, if any. */
export const authorisationFor = (
  list: readonly Authorisation[] | undefined,
  attempt: ReleaseAttempt,
  now: Date,
): Authorisation | undefined => (list ?? []).find((a) => whyNotAuthorising(a, attempt, now) === null);

/** Any authorisation verified and still usable today at `prisonCode`, for the desk's view (no particular recorder). */
export const currentAuthorisation = (
  list: readonly Authorisation[] | undefined,
  prisonCode: string,
  plannedRelease: string | undefined,
  now: Date,
): Authorisation | undefined =>
  (list ?? []).find(
    (a) =>
      whyNotAuthorising(
        a,
        { movement: a.movement, prisonCode, ...(plannedRelease ? { plannedRelease } : {}), recordedBy: '' },
        now,
      ) === null,
  );
