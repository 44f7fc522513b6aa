import { isNational, type Actor } from '../domain/actors.ts';
import { gateRows, releasesInErrorRows, toCsv, urgentQueriesRows } from '../domain/reports/csv.ts';
import { gateReport } from '../domain/reports/gate.ts';
import { financialYearToDate, londonMonth, type ReportPeriod } from '../domain/reports/periods.ts';
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
  const scopeOf = (actor: Actor): ReportScope =>
    isNational(actor) ? { national: true } : { national: false, prisons: actor.caseload };
  const releasesInError = async (actor: Actor, period: ReportPeriod) =>
    releasesInErrorReport(await source.incidents(scopeOf(actor)), period);
  // A query finishes after it is raised, so those raised in the period finished on or after its start.
  const urgentQueries = async (actor: Actor, period: ReportPeriod) =>
    urgentQueriesReport(await source.queryOutcomes(scopeOf(actor), startOf(period.from)), period);
  const gate = async (actor: Actor, period: ReportPeriod) =>
    gateReport(await source.gateDecisions(scopeOf(actor), startOf(period.from), endOf(period.to)), period);
  return {
    scopeOf,
    releasesInError,
    urgentQueries,
    gate,
    /** A report as CSV, with the file name to save it under. */
    async csv(name: ReportName, actor: Actor, period: ReportPeriod): Promise<{ filename: string; body: string }> {
      const rows =
        name === 'releases-in-error'
          ? releasesInErrorRows(await releasesInError(actor, period))
          : name === 'urgent-queries'
            ? urgentQueriesRows(await urgentQueries(actor, period))
            : gateRows(await gate(actor, period));
      return { filename: `${name}-${period.from}-to-${period.to}.csv`, body: toCsv(rows) };
    },
  };
}

export const REPORT_NAMES = ['releases-in-error', 'urgent-queries', 'gate'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
export type ReportService = ReturnType<typeof reportService>;

/** The period asked for: by default the financial year so far; a `to` alone reaches back to its January or the year's start. */
export function periodFor(
  { from, to }: { from?: string | undefined; to?: string | undefined },
  now: Date,
): ReportPeriod {
  const fallback = financialYearToDate(londonMonth(now.toISOString()));
  const period = {
    from: from ?? (to && to < fallback.from ? `${to.slice(0, 4)}-01` : fallback.from),
    to: to ?? fallback.to,
  };
  if (period.from > period.to) period.to = period.from; // a future `from` alone: that month
  return period;
}
