import type { GateRecord } from './gate.ts';
import type { QueryOutcome } from './query-outcome.ts';
import type { IncidentRecord } from './releases-in-error.ts';

/** Which prisons' figures a reader may see: every prison, or those in a caseload. */
export type ReportScope = { national: true } | { national: false; prisons: readonly string[] };

/**
 * Where the reports read their durable records (the domain events). Each read may return more
 * than the period asks for; the report functions keep what falls inside it.
 */
export interface ReportSource {
  incidents(scope: ReportScope): Promise<IncidentRecord[]>;
  /** Queries that finished on or after `since`. */
  queryOutcomes(scope: ReportScope, since: string): Promise<QueryOutcome[]>;
  gateDecisions(scope: ReportScope, since: string, until: string): Promise<GateRecord[]>;
}
