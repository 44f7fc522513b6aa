/** The release-in-error incident's words, as plain constants for the workflow code (no zod). */

/** Cause categories, from DOMAIN.md's common causes of releases in error. */
export const INCIDENT_CAUSES = [
  'WARRANT_MISSING_OR_MISPLACED',
  'COURT_RESULT_CONFLICT',
  'SENTENCE_CALCULATION_ERROR',
  'IMMIGRATION_STATUS_CONFUSION',
  'ALIAS_OUTSTANDING_MATTERS',
  'COURT_ADMINISTRATIVE_ERROR',
  'OTHER',
] as const;
export type IncidentCause = (typeof INCIDENT_CAUSES)[number];

export const INCIDENT_STATUSES = ['OPEN', 'RETURNED_TO_CUSTODY', 'CLOSED'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
