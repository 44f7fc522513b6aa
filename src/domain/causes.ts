import type { IncidentCause } from './incident/vocabulary.ts';
import type { QueryCategory } from './urgent-query/vocabulary.ts';

/**
 * One mapping from the categories of urgent queries to the causes of releases in error, so the two
 * can be compared by cause (the unit's workload against what went wrong). A query about a missing
 * or misdirected warrant is the warrant cause; remand, bail and court-result conflicts are the
 * court-result cause; sentence calculation and recall are calculation; identity and outstanding
 * matters the alias cause; foreign nationals immigration status.
 */
export const CAUSE_OF_CATEGORY: Record<QueryCategory, IncidentCause> = {
  WARRANT_MISSING: 'WARRANT_MISSING_OR_MISPLACED',
  MISDIRECTED_DOCUMENTS: 'WARRANT_MISSING_OR_MISPLACED',
  CUSTODIAL_STATUS_CONFLICT: 'COURT_RESULT_CONFLICT',
  REMAND_OR_BAIL: 'COURT_RESULT_CONFLICT',
  SENTENCE_CALCULATION: 'SENTENCE_CALCULATION_ERROR',
  RECALL: 'SENTENCE_CALCULATION_ERROR',
  IDENTITY_OR_ALIAS: 'ALIAS_OUTSTANDING_MATTERS',
  OUTSTANDING_MATTERS: 'ALIAS_OUTSTANDING_MATTERS',
  FOREIGN_NATIONAL: 'IMMIGRATION_STATUS_CONFUSION',
  DISCHARGE_PROCESS_ERROR: 'DISCHARGE_PROCESS_ERROR',
  OTHER: 'OTHER',
};

export const causeOf = (category: QueryCategory): IncidentCause => CAUSE_OF_CATEGORY[category];
