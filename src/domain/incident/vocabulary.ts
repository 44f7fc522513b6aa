/** The release-in-error incident's words, as plain constants for the workflow code (no zod). */

/** Cause categories, from the common causes in docs/domain.md of releases in error. */
export const INCIDENT_CAUSES = [
  'WARRANT_MISSING_OR_MISPLACED',
  'COURT_RESULT_CONFLICT',
  'SENTENCE_CALCULATION_ERROR',
  'IMMIGRATION_STATUS_CONFUSION',
  'ALIAS_OUTSTANDING_MATTERS',
  'COURT_ADMINISTRATIVE_ERROR',
  'ESCORT_RELEASE_FROM_COURT',
  'DISCHARGE_PROCESS_ERROR',
  'OTHER',
] as const;
export type IncidentCause = (typeof INCIDENT_CAUSES)[number];

/**
 * Why a release in error falls outside the official definition the Justice Performance Board counts:
 * HMPPS carried out an order that did not reflect the court's lawful order because of an HMCTS
 * administrative error, or the person never entered HMPPS custody. Such incidents are still
 * handled, and reported separately.
 */
export const OFFICIAL_EXCLUSIONS = ['HMCTS_ADMINISTRATIVE_ERROR', 'NEVER_IN_HMPPS_CUSTODY'] as const;
export type OfficialExclusion = (typeof OFFICIAL_EXCLUSIONS)[number];

export const INCIDENT_STATUSES = ['OPEN', 'RETURNED_TO_CUSTODY', 'CLOSED'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
