import type { AuthorisationCounts, GateReport } from './gate.ts';
import type { ReleasesInErrorReport } from './releases-in-error.ts';
import type { UrgentQueriesReport } from './urgent-queries.ts';

/**
 * Reports as CSV in one long shape, so a spreadsheet can pivot any of them: one figure per row,
 * with the period it covers and the breakdown it belongs to.
 */
export type CsvRow = [
  figure: string,
  period: string,
  breakdown: string,
  category: string,
  value: number | string | null,
];
export const CSV_HEADER = ['figure', 'period', 'breakdown', 'category', 'value'] as const;

/** A cell a spreadsheet will not run as a formula, quoted where it must be (RFC 4180). */
function cell(value: number | string | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const toCsv = (rows: readonly CsvRow[]): string =>
  [CSV_HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

const span = (p: { from: string; to: string }) => `${p.from}..${p.to}`;

export function releasesInErrorRows(r: ReleasesInErrorReport): CsvRow[] {
  const all = span(r.period);
  return [
    ...r.byMonth.flatMap((m): CsvRow[] => [
      ['releases_in_error', m.month, 'month_of_release', '', m.counted],
      ['outside_official_definition', m.month, 'month_of_release', '', m.outsideOfficialDefinition],
    ]),
    ['releases_in_error', all, 'total', '', r.counted],
    ...Object.entries(r.byPrison).map(([prison, n]): CsvRow => ['releases_in_error', all, 'prison', prison, n]),
    ...Object.entries(r.byCause).map(([cause, n]): CsvRow => ['releases_in_error', all, 'cause', cause, n]),
    ...Object.entries(r.outsideOfficialDefinition).map(([why, n]): CsvRow => [
      'outside_official_definition',
      all,
      'exclusion',
      why,
      n,
    ]),
    ...r.financialYears.flatMap((y): CsvRow[] => [
      ['releases_in_error', y.year, 'financial_year', '', y.counted],
      ['releases_in_error', y.previousYear, 'financial_year', '', y.previousCounted],
      ['change_on_previous_year', y.year, 'financial_year', '', y.change],
      ['change_on_previous_year_percent', y.year, 'financial_year', '', y.changePercent],
    ]),
    ['release_time_unknown', all, 'total', '', r.releaseTimeUnknown],
  ];
}

export function urgentQueriesRows(r: UrgentQueriesReport): CsvRow[] {
  const all = span(r.period);
  return [
    ...r.byMonth.flatMap((m): CsvRow[] => [
      ['queries_handled', m.month, 'month_raised', '', m.handled],
      ...Object.entries(m.byUrgency).map(([u, n]): CsvRow => ['queries_handled', m.month, 'urgency', u, n]),
      ...Object.entries(m.byCategory).map(([c, n]): CsvRow => ['queries_handled', m.month, 'category', c, n]),
    ]),
    ['queries_handled', all, 'total', '', r.handled],
    ['queries_withdrawn', all, 'total', '', r.withdrawn],
    ['first_response_target_met', all, 'total', 'met', r.firstResponseTarget.met],
    ['first_response_target_met', all, 'total', 'of', r.firstResponseTarget.of],
    ['first_response_target_met_percent', all, 'total', '', r.firstResponseTarget.percent],
    ['answer_target_met', all, 'total', 'met', r.answerTarget.met],
    ['answer_target_met', all, 'total', 'of', r.answerTarget.of],
    ['answer_target_met_percent', all, 'total', '', r.answerTarget.percent],
    ['minutes_to_answer_median', all, 'total', '', r.minutesToAnswer.median],
    ['minutes_to_answer_p90', all, 'total', '', r.minutesToAnswer.p90],
    ...Object.entries(r.breachesByLevel).map(([level, n]): CsvRow => ['breaches', all, 'escalation_level', level, n]),
    ['answered_before_release', all, 'total', 'met', r.answeredBeforeRelease.met],
    ['answered_before_release', all, 'total', 'of', r.answeredBeforeRelease.of],
    ['answered_before_release_percent', all, 'total', '', r.answeredBeforeRelease.percent],
  ];
}

/** Each count under the authorisation status it counts, as the events and the API name it. */
const AUTHORISATION_STATUS_OF: Record<keyof AuthorisationCounts, string> = {
  authorised: 'AUTHORISED',
  refusedAtCheck: 'REFUSED_AT_CHECK',
  voided: 'VOID',
  used: 'USED',
};

export function gateRows(r: GateReport): CsvRow[] {
  const all = span(r.period);
  return [
    ...r.byMonth.flatMap((m): CsvRow[] => [
      ['releases_recorded', m.month, 'month', '', m.releasesRecorded],
      ['releases_prevented', m.month, 'month', '', m.releasesPrevented],
      ['overrides', m.month, 'month', '', m.overrides],
    ]),
    ['releases_recorded', all, 'total', '', r.releasesRecorded],
    ...Object.entries(r.recordedByMovement).map(([m, n]): CsvRow => ['releases_recorded', all, 'movement', m, n]),
    ['releases_prevented', all, 'total', '', r.releasesPrevented],
    ...Object.entries(r.preventedByReasonKind).map(([k, n]): CsvRow => [
      'releases_prevented',
      all,
      'reason_kind',
      k,
      n,
    ]),
    ['overrides', all, 'total', '', r.overrides],
    ...r.overridesBy.map(({ by, count }): CsvRow => ['overrides', all, 'authorised_by', by, count]),
    ['released_on_override', all, 'total', '', r.releasedOnOverride],
    ...Object.entries(AUTHORISATION_STATUS_OF).map(([key, status]): CsvRow => [
      'authorisations',
      all,
      'status',
      status,
      r.authorisations[key as keyof AuthorisationCounts],
    ]),
    ...Object.entries(r.byPrison).flatMap(([prison, p]): CsvRow[] => [
      ['releases_recorded', all, 'prison', prison, p.releasesRecorded],
      ['releases_prevented', all, 'prison', prison, p.releasesPrevented],
      ['overrides', all, 'prison', prison, p.overrides],
      ['authorisations_authorised', all, 'prison', prison, p.authorisations.authorised],
      ['authorisations_refused_at_check', all, 'prison', prison, p.authorisations.refusedAtCheck],
      ['authorisations_voided', all, 'prison', prison, p.authorisations.voided],
      ['authorisations_used', all, 'prison', prison, p.authorisations.used],
    ]),
  ];
}
