import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { londonTime } from '../domain/format.ts';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const VIEWS_DIR = fileURLToPath(new URL('./views/', import.meta.url));

/** An enum value as people read it: WARRANT_MISSING → Warrant missing. */
export const labelOf = (value: string | null | undefined): string =>
  value ? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ') : '';

/** How long until an instant, in words, or how long since it passed. */
export function timeLeft(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'No deadline';
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  const span = Math.abs(minutes);
  const words =
    span >= 48 * 60
      ? `${Math.round(span / 1440)} days`
      : span >= 60
        ? `${Math.floor(span / 60)} h ${span % 60} min`
        : `${span} min`;
  return minutes < 0 ? `Overdue by ${words}` : `${words} left`;
}

/** A deadline not yet passed but less than an hour away: the queue's warning tag. */
export function dueSoon(iso: string | null | undefined, now = Date.now()): boolean {
  if (!iso) return false;
  const left = new Date(iso).getTime() - now;
  return left > 0 && left <= 3_600_000;
}

/** The GOV.UK tag colour for each status people see. */
const TAG_COLOURS: Record<string, string> = {
  RAISED: 'govuk-tag--blue',
  IN_PROGRESS: 'govuk-tag--light-blue',
  AWAITING_PRISON: 'govuk-tag--yellow',
  ANSWERED: 'govuk-tag--green',
  CLOSED: 'govuk-tag--grey',
  WITHDRAWN: 'govuk-tag--grey',
  CRITICAL: 'govuk-tag--red',
  URGENT: 'govuk-tag--orange',
  STANDARD: 'govuk-tag--blue',
  SENDING: 'govuk-tag--light-blue',
  SENT: 'govuk-tag--yellow',
  ESCALATED: 'govuk-tag--red',
  ACKNOWLEDGED: 'govuk-tag--green',
  FAILED: 'govuk-tag--red',
};

/**
 * Nunjucks over our views, GOV.UK Frontend's and MoJ Frontend's templates, with MoJ's filters
 * (its components use them) and ours. Autoescaping is on: nothing a user typed is ever markup.
 * Templates are compiled once and kept, unless `reload` asks for edits to show at once (development).
 */
export function viewEnvironment({ reload = false }: { reload?: boolean } = {}): nunjucks.Environment {
  const env = nunjucks.configure(
    [
      VIEWS_DIR,
      path.join(ROOT, 'node_modules/govuk-frontend/dist/'),
      path.join(ROOT, 'node_modules/@ministryofjustice/frontend/'),
    ],
    { autoescape: true, throwOnUndefined: false, noCache: reload },
  );
  const mojFilters = (
    require('@ministryofjustice/frontend/moj/filters/all.js') as () => Record<string, (...args: unknown[]) => unknown>
  )();
  for (const [name, filter] of Object.entries(mojFilters)) env.addFilter(name, filter);
  env.addFilter('londonTime', (iso: string | null) => londonTime(iso));
  // MoJ's timeline formats with `date`: in London time, not the server's zone.
  env.addFilter('date', (iso: string | null) => londonTime(iso));
  env.addFilter('timeLeft', (iso: string | null) => timeLeft(iso));
  env.addFilter('dueSoon', (iso: string | null) => dueSoon(iso));
  env.addFilter('label', labelOf);
  // Report figures: a figure that cannot be worked out (nothing to divide by) says so.
  env.addFilter('percent', (value: number | null) => (value === null || value === undefined ? 'no data' : `${value}%`));
  env.addFilter('figure', (value: number | null, unit?: string) =>
    value === null || value === undefined ? 'no data' : unit ? `${value} ${unit}` : String(value),
  );
  env.addFilter('tagClass', (value: string) => TAG_COLOURS[value] ?? 'govuk-tag--grey');
  return env;
}
