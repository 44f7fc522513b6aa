/** The victim notification's words, as plain constants for the workflow code (no zod). */

/**
 * RETURNED_TO_CUSTODY: the VLO hears when the person is back, on the same ladder as a release.
 * RELEASE_DATE_SET and RELEASE_DATE_REMINDER: a planned release set or changed, and the reminder
 * before it, so victims are prepared before the release and not told after it.
 */
export const NOTIFICATION_KINDS = [
  'RELEASE',
  'RELEASE_IN_ERROR',
  'RETURNED_TO_CUSTODY',
  'RELEASE_DATE_SET',
  'RELEASE_DATE_REMINDER',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_STATUSES = ['SENDING', 'SENT', 'ESCALATED', 'ACKNOWLEDGED', 'FAILED'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** The basis on which a victim is in the scheme: the statutory scheme (violent or sexual offences, 12 months or more), or discretion. */
export const ELIGIBILITY = ['STATUTORY', 'DISCRETIONARY'] as const;
export type Eligibility = (typeof ELIGIBILITY)[number];

/** One victim's registration: his VLO, and the basis of eligibility. Never anything about the victim. */
export interface Registration {
  vloName: string;
  vloEmail: string;
  teamMailbox: string;
  probationRegion: string;
  eligibility: Eligibility;
}

/** A registration as the prisoner's record keeps it: each victim's own, with its own id. */
export interface RegistrationEntry extends Registration {
  id: string;
  registeredAt: string;
  /** A digest of the request that added it: a keyed retry with another body is told apart. */
  requestDigest?: string;
  /** How many times another VLO took this victim over: each is a new person to tell. */
  vloChanges?: number;
}

/**
 * Whom a registration's notices are for: the registration, and after a change of VLO the new VLO
 * (what the VLO before acknowledged does not tell the new one). Unchanged registrations keep their id.
 */
export const noticeRecipient = (entry: Pick<RegistrationEntry, 'id' | 'vloChanges'>): string =>
  entry.vloChanges ? `${entry.id}~${entry.vloChanges}` : entry.id;

export type RegistrationOperation =
  | { type: 'add'; id: string; registration: Registration; requestDigest?: string }
  | { type: 'change'; id: string; registration: Registration }
  | { type: 'remove'; id: string };
