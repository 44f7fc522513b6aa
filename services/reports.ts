import { isNational, type Actor } from '../domain/actors.ts';
import { gateReport } from '../domain/reports/gate.ts';
import type { ReportPeriod } from '../domain/reports/periods.ts';
import { releasesInErrorReport } from '../domain/reports/releases-in-error.ts';
import type { ReportScope, ReportSource } from '../domain/reports/source.ts';
import { urgentQueriesReport } from '../domain/reports/urgent-queries.ts';

const DAY_MS = 86_400_000;
/** A day either side of the period's months, so a London month's edges are read whatever the offset. */
const startOf = (month: string) => new Date(Date.parse(`${month}-01T00:00:00Z`) - DAY_MS).toISOString();
const endOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1) + DAY_MS).toISOString();
};

/** The Performance Board's reports, each scoped to what the reader may see: prisons see their own. */
export function reportService(source: ReportSource) {
  const scopeOf = (actor: Actor): ReportScope => (isNational(actor) ? { national: true } : { national: false, prisons: actor.caseload });
  return {
    scopeOf,
    async releasesInError(actor: Actor, period: ReportPeriod) {
      return releasesInErrorReport(await source.incidents(scopeOf(actor)), period);
    },
    async urgentQueries(actor: Actor, period: ReportPeriod) {
      // A query finishes after it is raised, so those raised in the period finished on or after its start.
      return urgentQueriesReport(await source.queryOutcomes(scopeOf(actor), startOf(period.from)), period);
    },
    async gate(actor: Actor, period: ReportPeriod) {
      return gateReport(await source.gateDecisions(scopeOf(actor), startOf(period.from), endOf(period.to)), period);
    },
  };
}
export type ReportService = ReturnType<typeof reportService>;

