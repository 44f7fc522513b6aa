import { percentile } from '../stats.ts';

/**
 * The service levels a national day is held to, and their evaluation: pure, so the harness can
 * check them every simulated hour during the run and once over the whole day.
 */
export interface Samples {
  /** GET release-status at the desk, ms. */
  gate: number[];
  /** Release recorded until the VLO's email reached the catcher, ms. */
  releaseToMail: number[];
  /** POST urgent-queries (answered only once the hold holds the query), ms. */
  raiseToHold: number[];
  /** A hearing received until the worker recorded its hold (the hearing store's received_at to acted_at), ms. */
  courtToHold: number[];
  /** Page reads, ms. */
  pages: number[];
  /** How late each escalation's first alert was after its deadline, ms (negative: early). */
  escalationLateness: number[];
}

export interface Counters {
  /** Schedule-to-start p95 from the worker's Prometheus histograms, ms; null when nothing ran. */
  workflowScheduleToStartP95: number | null;
  activityScheduleToStartP95: number | null;
  /** Workflows failed, terminated or timed out. */
  failedWorkflows: number;
  /** Emails expected at the catcher that never arrived. */
  lostNotices: number;
}

export type LevelName =
  | 'gate p99'
  | 'release-to-VLO-mail p95'
  | 'raise-to-hold p99'
  | 'court-result-to-hold p95'
  | 'workflow schedule-to-start p95'
  | 'activity schedule-to-start p95'
  | 'pages p95'
  | 'escalations on time'
  | 'failed or terminated workflows'
  | 'lost notices';

export interface Level {
  name: LevelName;
  /** The figure measured; null when nothing was measured (e.g. no escalation fell due). */
  value: number | null;
  limit: number;
  unit: 'ms' | 'count';
  samples: number;
  status: 'held' | 'broken' | 'unmeasured';
}

/** The limits, with why in docs/performance-national-day.md. */
export const LIMITS: Record<LevelName, number> = {
  'gate p99': 100,
  'release-to-VLO-mail p95': 2_000,
  'raise-to-hold p99': 1_000,
  'court-result-to-hold p95': 60_000,
  'workflow schedule-to-start p95': 1_000,
  'activity schedule-to-start p95': 1_000,
  'pages p95': 1_000,
  'escalations on time': 60_000,
  'failed or terminated workflows': 0,
  'lost notices': 0,
};

const ms = (name: LevelName, samples: readonly number[], p: number): Level =>
  level(name, samples.length ? percentile(samples, p) : null, samples.length, 'ms');
const level = (name: LevelName, value: number | null, samples: number, unit: Level['unit']): Level => ({
  name,
  value,
  limit: LIMITS[name],
  unit,
  samples,
  status: value === null ? 'unmeasured' : value <= LIMITS[name] ? 'held' : 'broken',
});

export function evaluate(samples: Samples, counters: Counters): Level[] {
  return [
    ms('gate p99', samples.gate, 99),
    ms('release-to-VLO-mail p95', samples.releaseToMail, 95),
    ms('raise-to-hold p99', samples.raiseToHold, 99),
    ms('court-result-to-hold p95', samples.courtToHold, 95),
    level(
      'workflow schedule-to-start p95',
      counters.workflowScheduleToStartP95,
      counters.workflowScheduleToStartP95 === null ? 0 : 1,
      'ms',
    ),
    level(
      'activity schedule-to-start p95',
      counters.activityScheduleToStartP95,
      counters.activityScheduleToStartP95 === null ? 0 : 1,
      'ms',
    ),
    ms('pages p95', samples.pages, 95),
    // On time means no escalation later than the limit: the worst one is the figure.
    level(
      'escalations on time',
      samples.escalationLateness.length ? Math.max(...samples.escalationLateness) : null,
      samples.escalationLateness.length,
      'ms',
    ),
    level('failed or terminated workflows', counters.failedWorkflows, 1, 'count'),
    level('lost notices', counters.lostNotices, 1, 'count'),
  ];
}

/** Every level held (an unmeasured one is not a break, but is reported as such). */
export const allHeld = (levels: readonly Level[]): boolean => levels.every((l) => l.status !== 'broken');

/**
 * The first level to break during a run, from the checks made each simulated hour: the earliest
 * hour with a broken level, and the first broken one in that hour's list. Null when none broke.
 */
export function firstBreak(
  checks: readonly { hour: number; levels: readonly Level[] }[],
): { hour: number; level: Level } | null {
  for (const check of [...checks].sort((a, b) => a.hour - b.hour)) {
    const broken = check.levels.find((l) => l.status === 'broken');
    if (broken) return { hour: check.hour, level: broken };
  }
  return null;
}

/**
 * Headroom from runs at several compressions: the largest N at which every level held, and the
 * smallest N at which one broke, with the level (the knee). A run that held above a broken one is
 * reported as it is (the machine is shared): the knee is the smallest broken N.
 */
export function headroom(
  runs: readonly { compress: number; levels: readonly Level[]; firstBroken: LevelName | null }[],
): { held: number | null; knee: { compress: number; level: LevelName } | null } {
  const sorted = [...runs].sort((a, b) => a.compress - b.compress);
  const broken = sorted.find((r) => !allHeld(r.levels));
  const heldBelow = sorted.filter((r) => allHeld(r.levels) && (!broken || r.compress < broken.compress));
  return {
    held: heldBelow.at(-1)?.compress ?? null,
    knee: broken
      ? {
          compress: broken.compress,
          level: broken.firstBroken ?? broken.levels.find((l) => l.status === 'broken')!.name,
        }
      : null,
  };
}
