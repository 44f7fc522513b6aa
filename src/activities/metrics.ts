import { Context } from '@temporalio/activity';

/**
 * Counts a domain event through the Temporal SDK's metric meter, so it leaves by the worker's own
 * Prometheus endpoint with the SDK's metrics. Counted after the work succeeded, so a retry that
 * failed first counts once. Labels are kinds and outcomes, never anything about a person.
 */
export function count(name: string, help: string, labels: Record<string, string> = {}): void {
  let meter;
  try {
    meter = Context.current().metricMeter;
  } catch {
    return; // called outside an activity (a unit test's direct call): nothing to count on
  }
  meter.createCounter(name, undefined, help).add(1, labels);
}

export const METRICS = {
  releasesRecorded: ['release_guard_releases_recorded', 'Releases recorded at the discharge gate, by movement'],
  releasesRefused: ['release_guard_releases_refused', 'Releases the gate refused while reasons stood'],
  releasesRefusedByReason: [
    'release_guard_releases_refused_by_reason',
    'Releases refused, by each kind of reason that stood',
  ],
  overrides: ['release_guard_overrides', 'Hold overrides by a duty governor'],
  authorisations: [
    'release_guard_authorisations',
    'Release authorisations by what became of them: awaiting verification, authorised, refused at check, void, used',
  ],
  releasesInErrorOpened: ['release_guard_releases_in_error_opened', 'Release-in-error incidents opened'],
  notices: ['release_guard_notices', 'Emails sent or failed, by the kind of case that sent them'],
  courtResults: ['release_guard_court_results', 'Court-result defendants matched to the register, by outcome'],
} as const satisfies Record<string, readonly [string, string]>;
