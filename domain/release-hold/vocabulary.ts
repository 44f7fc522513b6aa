/** The release hold's words, as plain constants for the workflow code, which must not import zod (README, Performance). */

export const HOLD_REASON_KINDS = ['URGENT_QUERY', 'CUSTODIAL_STATUS_CHANGE', 'MANUAL'] as const;
export type HoldReasonKind = (typeof HOLD_REASON_KINDS)[number];

export const RELEASE_REASONS = ['RELEASED', 'TEMPORARY_ABSENCE_RELEASE', 'RELEASED_TO_HOSPITAL', 'SENT_TO_COURT', 'TRANSFERRED'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];
/** Movements that leave custody, and so must pass the gate. Court and transfer stay in custody. */
export const GATED_RELEASES: readonly ReleaseReason[] = ['RELEASED', 'TEMPORARY_ABSENCE_RELEASE', 'RELEASED_TO_HOSPITAL'];
