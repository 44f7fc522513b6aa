/**
 * The urgent query's words, as plain constants: the workflow code imports these, and must not
 * import zod (docs/performance.md). The request schemas built on them are in schemas.ts.
 */

export const QUERY_CATEGORIES = [
  'WARRANT_MISSING',
  'CUSTODIAL_STATUS_CONFLICT',
  'SENTENCE_CALCULATION',
  'REMAND_OR_BAIL',
  'IDENTITY_OR_ALIAS',
  'FOREIGN_NATIONAL',
  'OUTSTANDING_MATTERS',
  /** Offender information sent to the wrong prison or the wrong record (the smart inbox's triage). */
  'MISDIRECTED_DOCUMENTS',
  /** Recall to custody: its warrant, its dates, whether it stands. */
  'RECALL',
  /** The discharge itself: the wrong person, the wrong day, a check missed. */
  'DISCHARGE_PROCESS_ERROR',
  'OTHER',
] as const;
export type QueryCategory = (typeof QUERY_CATEGORIES)[number];

export const QUERY_STATUSES = ['RAISED', 'IN_PROGRESS', 'AWAITING_PRISON', 'ANSWERED', 'CLOSED', 'WITHDRAWN'] as const;
export type QueryStatus = (typeof QUERY_STATUSES)[number];
/** Statuses in which the unit still owes the prison an answer. */
export const OPEN_STATUSES: readonly QueryStatus[] = ['RAISED', 'IN_PROGRESS', 'AWAITING_PRISON'];

export const DETERMINATIONS = ['RELEASE_MAY_PROCEED', 'DO_NOT_RELEASE', 'RELEASE_DATE_CHANGED'] as const;
export type Determination = (typeof DETERMINATIONS)[number];

export const LEGAL_STATUSES = [
  'REMAND',
  'CONVICTED_UNSENTENCED',
  'SENTENCED',
  'RECALL',
  'IMMIGRATION_DETAINEE',
  'CIVIL_PRISONER',
  'OTHER',
] as const;

/** What a query can owe the prisoner's release hold: its reason placed, cleared, or its answer reported. */
export type HoldAction = 'PLACE' | 'CLEAR' | 'DETERMINATION';
