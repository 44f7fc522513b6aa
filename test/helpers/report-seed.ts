import { EVENT_TYPES, domainEvent } from '../../src/domain/events.ts';
import type { TestSystem } from './test-system.ts';

/**
 * A seeded set of durable records for the Performance Board's reports: incidents, finished queries
 * and gate events over April 2024 to October 2026, the same on every run, so that a test can work
 * out every expected figure from what was seeded, without the report code.
 */

/** A small seeded generator (mulberry32), so the data set is the same on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PRISONS = ['MDI', 'LEI', 'BWI'];
export const CAUSES = [
  'WARRANT_MISSING_OR_MISPLACED',
  'COURT_RESULT_CONFLICT',
  'SENTENCE_CALCULATION_ERROR',
  'DISCHARGE_PROCESS_ERROR',
];
/** Seeded months: April 2024 to October 2026, so the period below has a whole year before it. */
const MONTHS = Array.from(
  { length: 31 },
  (_, i) => `${2024 + Math.floor((i + 3) / 12)}-${String(((i + 3) % 12) + 1).padStart(2, '0')}`,
);
/** A winter mid-month noon: the same month in London and UTC, so the expected month is the seeded one. */
const noon = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}T12:00:00.000Z`;

export interface SeededIncident {
  id: string;
  prison: string;
  month: string;
  cause?: string;
  exclusion?: string;
  releasedKnown: boolean;
}
export interface SeededQuery {
  reference: string;
  prison: string;
  month: string;
  urgency: string;
  category: string;
  withdrawn: boolean;
  minutesToFirst: number;
  firstDueMinutes: number;
  minutesToAnswer: number;
  answerDueMinutes: number;
  releaseInMinutes?: number;
  breachLevels: number[];
}

export interface SeededGateEvent {
  prison: string;
  month: string;
  kind: 'RELEASED' | 'PREVENTED' | 'OVERRIDDEN';
  movement: string;
  kinds: string[];
  by: string;
  override: boolean;
}

/** Appends the seeded records to the system's event store and returns what it wrote. */
export async function seed(
  sys: TestSystem,
): Promise<{ incidents: SeededIncident[]; queries: SeededQuery[]; gate: SeededGateEvent[] }> {
  const incidents: SeededIncident[] = [];
  const queries: SeededQuery[] = [];
  const gate: SeededGateEvent[] = [];
  const r = rng(20261127);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  for (let i = 0; i < 240; i++) {
    const incident: SeededIncident = {
      id: `RIE-SEED-${i}`,
      prison: pick(PRISONS),
      month: pick(MONTHS),
      releasedKnown: r() > 0.1,
    };
    const closed = r() > 0.2;
    if (closed) incident.cause = pick(CAUSES);
    if (closed && r() < 0.1) incident.exclusion = pick(['HMCTS_ADMINISTRATIVE_ERROR', 'NEVER_IN_HMPPS_CUSTODY']);
    incidents.push(incident);
    // Reported up to 60 days after the release: the count must follow the release, not the report.
    const releasedAt = noon(incident.month, 1 + Math.floor(r() * 10));
    const openedAt = incident.releasedKnown
      ? new Date(Date.parse(releasedAt) + Math.floor(r() * 60) * 86_400_000).toISOString()
      : releasedAt;
    await sys.events.append(
      `seed-opened:${i}`,
      domainEvent(EVENT_TYPES.releaseInError, 'A0000AA', openedAt, 'seeded', {
        prisonId: incident.prison,
        incidentId: incident.id,
        ...(incident.releasedKnown ? { releasedAt } : {}),
      }),
    );
    if (closed) {
      await sys.events.append(
        `seed-closed:${i}`,
        domainEvent(EVENT_TYPES.releaseInErrorClosed, 'A0000AA', openedAt, 'seeded', {
          prisonId: incident.prison,
          incidentId: incident.id,
          cause: incident.cause,
          exclusion: incident.exclusion,
        }),
      );
    }
  }
  for (let i = 0; i < 300; i++) {
    const q: SeededQuery = {
      reference: `UQ-SEED-${i}`,
      prison: pick(PRISONS),
      month: pick(MONTHS.slice(-8)),
      urgency: pick(['CRITICAL', 'URGENT', 'STANDARD']),
      category: pick(['WARRANT_MISSING', 'RECALL', 'SENTENCE_CALCULATION']),
      withdrawn: r() < 0.1,
      minutesToFirst: 5 + Math.floor(r() * 120),
      firstDueMinutes: 60,
      minutesToAnswer: 130 + Math.floor(r() * 600),
      answerDueMinutes: 480,
      breachLevels: r() < 0.3 ? [1 + Math.floor(r() * 3)] : [],
    };
    if (r() < 0.7) q.releaseInMinutes = 200 + Math.floor(r() * 600);
    queries.push(q);
    const raisedAt = noon(q.month, 2 + Math.floor(r() * 20));
    const at = (minutes: number) => new Date(Date.parse(raisedAt) + minutes * 60_000).toISOString();
    await sys.events.append(
      `seed-query:${i}`,
      domainEvent(EVENT_TYPES.queryFinished, 'A0000AA', at(q.minutesToAnswer + 60), 'seeded', {
        reference: q.reference,
        prisonCode: q.prison,
        prisonId: q.prison,
        category: q.category,
        urgency: q.urgency,
        status: q.withdrawn ? 'WITHDRAWN' : 'CLOSED',
        raisedAt,
        firstResponseAt: at(q.minutesToFirst),
        firstResponseDue: at(q.firstDueMinutes),
        ...(q.withdrawn ? {} : { answeredAt: at(q.minutesToAnswer), answerDue: at(q.answerDueMinutes) }),
        ...(q.releaseInMinutes ? { plannedRelease: at(q.releaseInMinutes) } : {}),
        breachLevels: q.breachLevels.join(','),
      }),
    );
  }
  for (let i = 0; i < 200; i++) {
    const kind = pick(['RELEASED', 'RELEASED', 'PREVENTED', 'OVERRIDDEN'] as const);
    const g = {
      prison: pick(PRISONS),
      month: pick(MONTHS.slice(-8)),
      kind,
      movement: pick(['RELEASED', 'RELEASED_FROM_COURT', 'TRANSFERRED']),
      kinds: [] as string[],
      by: pick(['governor.a', 'governor.b']),
      override: r() < 0.1,
    };
    if (kind === 'PREVENTED') g.kinds = ['URGENT_QUERY', 'CUSTODIAL_STATUS_CHANGE', 'MANUAL'].filter(() => r() < 0.5);
    gate.push(g);
    const at = noon(g.month, 3 + Math.floor(r() * 20));
    const type =
      kind === 'RELEASED'
        ? EVENT_TYPES.released
        : kind === 'PREVENTED'
          ? EVENT_TYPES.releasePrevented
          : EVENT_TYPES.overridden;
    const info =
      kind === 'RELEASED'
        ? { prisonId: g.prison, reason: g.movement, releaseId: `R${i}`, ...(g.override ? { overrideId: `O${i}` } : {}) }
        : kind === 'PREVENTED'
          ? { prisonId: g.prison, movement: g.movement, reasonKinds: g.kinds.join(',') }
          : { prisonId: g.prison, by: g.by, overrideId: `O${i}` };
    await sys.events.append(`seed-gate:${i}`, domainEvent(type, 'A0000AA', at, 'seeded', info));
  }
  return { incidents, queries, gate };
}

export const count = <T>(xs: readonly T[], pred: (x: T) => boolean) => xs.filter(pred).length;
export const PERIOD = { from: '2025-04', to: '2026-10' };
export const inPeriod = (month: string) => month >= PERIOD.from && month <= PERIOD.to;
export const fyOf = (month: string) =>
  Number(month.slice(5)) >= 4 ? Number(month.slice(0, 4)) : Number(month.slice(0, 4)) - 1;
