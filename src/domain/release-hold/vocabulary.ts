/** The release hold's words, as plain constants for the workflow code, which must not import zod (docs/performance.md). */

/** NOT_BEFORE: the unit moved his release later; it lifts itself at the new date. */
export const HOLD_REASON_KINDS = ['URGENT_QUERY', 'CUSTODIAL_STATUS_CHANGE', 'MANUAL', 'NOT_BEFORE'] as const;
export type HoldReasonKind = (typeof HOLD_REASON_KINDS)[number];

/**
 * Movements the discharge desk (or the escort contractor at court) records. RELEASED_FROM_COURT is
 * a release by the escort contractor (Prisoner Escort and Custody Services) at court: a release from
 * HMPPS custody like any other. HANDED_TO_IMMIGRATION is a handover to immigration detention, or a
 * removal under the Early Removal Scheme: the person due to go to the Home Office who is instead
 * released is the case that started the review.
 */
export const RELEASE_REASONS = [
  'RELEASED',
  'RELEASED_FROM_COURT',
  'TEMPORARY_ABSENCE_RELEASE',
  'RELEASED_TO_HOSPITAL',
  'HANDED_TO_IMMIGRATION',
  'SENT_TO_COURT',
  'TRANSFERRED',
] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];
/** Movements that leave HMPPS custody, and so must pass the gate. Court and transfer stay in custody. */
export const GATED_RELEASES: readonly ReleaseReason[] = [
  'RELEASED',
  'RELEASED_FROM_COURT',
  'TEMPORARY_ABSENCE_RELEASE',
  'RELEASED_TO_HOSPITAL',
  'HANDED_TO_IMMIGRATION',
];
/** The only movement the escort contractor's staff record. */
export const ESCORT_MOVEMENTS: readonly ReleaseReason[] = ['RELEASED_FROM_COURT'];
