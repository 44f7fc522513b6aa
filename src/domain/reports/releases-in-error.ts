import {
  INCIDENT_CAUSES,
  OFFICIAL_EXCLUSIONS,
  type IncidentCause,
  type OfficialExclusion,
} from '../incident/vocabulary.ts';
import {
  financialYear,
  inPeriod,
  londonMonth,
  monthsBetween,
  percent,
  previousFinancialYear,
  type ReportPeriod,
} from './periods.ts';

/** One release in error as the reports read it: opened, and closed with its cause once known. */
export interface IncidentRecord {
  id: string;
  prisonCode: string;
  openedAt: string;
  /** When he left; unknown for some reported late, which are then counted in the month found. */
  releasedAt?: string;
  cause?: IncidentCause;
  exclusion?: OfficialExclusion;
}

export const CAUSE_NOT_YET_KNOWN = 'NOT_YET_KNOWN';
type CauseKey = IncidentCause | typeof CAUSE_NOT_YET_KNOWN;

export interface ReleasesInErrorReport {
  period: ReportPeriod;
  /** Counted under the official definition, by month of release (not month reported). */
  byMonth: { month: string; counted: number; outsideOfficialDefinition: number }[];
  counted: number;
  byPrison: Record<string, number>;
  byCause: Record<CauseKey, number>;
  /** Handled like any other, but outside the figure the Board counts. */
  outsideOfficialDefinition: Record<OfficialExclusion, number>;
  /** Each financial year the period touches, whole (April to March), against the year before it. */
  financialYears: {
    year: string;
    counted: number;
    previousYear: string;
    previousCounted: number;
    change: number;
    changePercent: number | null;
  }[];
  /** Counted in the month found because the release time is not known. */
  releaseTimeUnknown: number;
  note: string;
}

export const LATE_REPORTING_NOTE =
  'Counts are by month of release, not month reported. Releases in error are sometimes found weeks or months later, so the most recent months rise as late-found cases are reported: treat them as provisional.';

export const releaseMonth = (r: IncidentRecord): string => londonMonth(r.releasedAt ?? r.openedAt);

/**
 * The Performance Board's release-in-error figures over a period. `records` must reach back to the
 * start of the financial year before the period's first, for the year-on-year change.
 */
export function releasesInErrorReport(records: readonly IncidentRecord[], period: ReportPeriod): ReleasesInErrorReport {
  const months = monthsBetween(period.from, period.to);
  const byMonth = new Map(months.map((month) => [month, { month, counted: 0, outsideOfficialDefinition: 0 }]));
  const byPrison: Record<string, number> = {};
  const byCause = Object.fromEntries([...INCIDENT_CAUSES, CAUSE_NOT_YET_KNOWN].map((c) => [c, 0])) as Record<
    CauseKey,
    number
  >;
  const outside = Object.fromEntries(OFFICIAL_EXCLUSIONS.map((e) => [e, 0])) as Record<OfficialExclusion, number>;
  const countedByYear = new Map<string, number>();
  let counted = 0;
  let releaseTimeUnknown = 0;
  for (const r of records) {
    const month = releaseMonth(r);
    if (!r.exclusion) countedByYear.set(financialYear(month), (countedByYear.get(financialYear(month)) ?? 0) + 1);
    if (!inPeriod(month, period)) continue;
    if (!r.releasedAt) releaseTimeUnknown++;
    const row = byMonth.get(month)!;
    if (r.exclusion) {
      outside[r.exclusion]++;
      row.outsideOfficialDefinition++;
      continue;
    }
    counted++;
    row.counted++;
    byPrison[r.prisonCode] = (byPrison[r.prisonCode] ?? 0) + 1;
    byCause[r.cause ?? CAUSE_NOT_YET_KNOWN]++;
  }
  const years = [...new Set(months.map(financialYear))];
  return {
    period,
    byMonth: [...byMonth.values()],
    counted,
    byPrison: Object.fromEntries(Object.entries(byPrison).sort(([a], [b]) => a.localeCompare(b))),
    byCause,
    outsideOfficialDefinition: outside,
    financialYears: years.map((year) => {
      const previousYear = previousFinancialYear(year);
      const now = countedByYear.get(year) ?? 0;
      const before = countedByYear.get(previousYear) ?? 0;
      return {
        year,
        counted: now,
        previousYear,
        previousCounted: before,
        change: now - before,
        changePercent: before ? percent(now - before, before) : null,
      };
    }),
    releaseTimeUnknown,
    note: LATE_REPORTING_NOTE,
  };
}
