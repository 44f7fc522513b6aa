/**
 * The reporting calendar: months and financial years as the Performance Board counts them, in
 * London time (a release at 00:30 BST on 1 April is an April release).
 */

const MONTH_OF = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });

/** `YYYY-MM` of an instant, in London. */
export function londonMonth(isoInstant: string): string {
  const parts = MONTH_OF.formatToParts(new Date(isoInstant));
  const year = parts.find((p) => p.type === 'year')!.value;
  const month = parts.find((p) => p.type === 'month')!.value;
  return `${year}-${month}`;
}

/** Every month from `from` to `to`, both included, as `YYYY-MM`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}

/** The financial year (April to March) a month falls in, as the Board writes it: `2025/26`. */
export function financialYear(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The financial year before one written `2025/26`. */
export function previousFinancialYear(year: string): string {
  const start = Number(year.slice(0, 4)) - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

export interface ReportPeriod {
  /** First month, `YYYY-MM`. */
  from: string;
  /** Last month, `YYYY-MM`, included. */
  to: string;
}

export const inPeriod = (month: string, period: ReportPeriod): boolean => month >= period.from && month <= period.to;

/** The value at quantile q (0..1) of sorted numbers, by the nearest-rank method; null when there are none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const percent = (part: number, whole: number): number | null =>
  whole ? Math.round((1000 * part) / whole) / 10 : null;

/** The financial year so far, up to and including `month`: the period a report covers by default. */
export const financialYearToDate = (month: string): ReportPeriod => ({
  from: `${financialYear(month).slice(0, 4)}-04`,
  to: month,
});
