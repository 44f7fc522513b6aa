import { seeded } from '../../match-eval/generator.ts';
import { ASSUMPTIONS, nationalVolumes, type DayKind } from './figures.ts';

/**
 * A national day as a list of timed events, pure and seeded: the same options give the same day.
 * Times are simulated seconds after midnight (Europe/London); people are indices into the register.
 */
export type DayEvent =
  | { at: number; kind: 'vcs-register'; person: number; forRelease: boolean }
  | { at: number; kind: 'sync-release-date'; person: number }
  | { at: number; kind: 'release'; person: number; vcs: boolean; inError: boolean }
  | { at: number; kind: 'query'; person: number; escalating: boolean }
  | { at: number; kind: 'court-batch'; custodial: number[]; others: number; batch: number }
  | { at: number; kind: 'inbox'; person: number | null; n: number }
  | { at: number; kind: 'reception'; n: number }
  | { at: number; kind: 'transfer'; person: number }
  | { at: number; kind: 'page'; page: PageName };

export type PageName = 'queue' | 'desk' | 'triage' | 'reports';
export const PAGES: readonly PageName[] = ['queue', 'desk', 'triage', 'reports'];

export interface PlanOptions {
  day: DayKind;
  /** Fraction of the nation (1 = every prison). */
  share: number;
  registerSize: number;
  seed: number;
  /** Queries left to escalate (each waits three real minutes for its deadline); the profile's by default. */
  escalating?: number;
}

export interface DayPlan {
  events: DayEvent[];
  counts: {
    releases: number;
    vcsReleases: number;
    releasesInError: number;
    queries: number;
    hearings: number;
    custodial: number;
    inbox: number;
    receptions: number;
    transfers: number;
    vcsRegistrations: number;
    pageReads: number;
  };
}

const HOUR = 3_600;

/**
 * Splits `total` into whole numbers in proportion to `weights`, by largest remainder, so the parts
 * always sum to the total (a day's releases are all released, none lost to rounding).
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i]! += 1;
  }
  return parts;
}

/** A national count at a share of the nation: at least one, so a small share still runs every part. */
export const atShare = (national: number, share: number): number => Math.max(1, Math.round(national * share));

export function planDay(options: PlanOptions): DayPlan {
  const random = seeded(options.seed);
  const national = nationalVolumes(options.day);
  const releases = atShare(national.releases, options.share);
  const vcsReleases = Math.max(1, Math.round(releases * ASSUMPTIONS.vcsShareOfReleases));
  const releasesInError = Math.min(vcsReleases, atShare(ASSUMPTIONS.releasesInError, options.share));
  const queries = atShare(national.queries, options.share);
  const hearings = atShare(national.hearings, options.share);
  const custodial = Math.max(1, Math.round(hearings * ASSUMPTIONS.custodialChange));
  const inbox = atShare(ASSUMPTIONS.inboxEmails, options.share);
  const receptions = atShare(national.receptions, options.share);
  const transfers = atShare(ASSUMPTIONS.transfers, options.share);
  const vcsRegistrations = atShare(ASSUMPTIONS.vcsRegistrations, options.share);

  // Each part of the day draws its own people, never the same person twice.
  const people = shuffled(options.registerSize, random);
  let taken = 0;
  const take = (n: number) => {
    if (taken + n > people.length) throw new Error(`the register of ${options.registerSize} is too small for this day`);
    return people.slice(taken, (taken += n));
  };
  const within = (fromHour: number, toHour: number) => fromHour * HOUR + random.next() * (toHour - fromHour) * HOUR;
  const events: DayEvent[] = [];

  // Releases, bunched by hour as the profile says; the first `vcsReleases` are VCS cases.
  const hours = Object.keys(ASSUMPTIONS.releasesByHour).map(Number);
  const perHour = allocate(
    releases,
    hours.map((h) => ASSUMPTIONS.releasesByHour[h]!),
  );
  const releasing = take(releases);
  const vcsPeople = new Set(releasing.slice(0, vcsReleases));
  const inError = new Set(releasing.slice(0, releasesInError));
  let r = 0;
  hours.forEach((hour, i) => {
    for (let k = 0; k < perHour[i]!; k++) {
      const person = releasing[r++]!;
      events.push({
        at: within(hour, hour + 1),
        kind: 'release',
        person,
        vcs: vcsPeople.has(person),
        inError: inError.has(person),
      });
    }
  });
  // Before the doors open: the VLOs' registrations, then the morning sync sets each release date.
  for (const person of vcsPeople) events.push({ at: within(5, 6), kind: 'vcs-register', person, forRelease: true });
  for (const person of releasing) events.push({ at: within(6, 7), kind: 'sync-release-date', person });

  const queryPeople = take(queries);
  queryPeople.forEach((person, i) =>
    events.push({
      at: within(8, 17),
      kind: 'query',
      person,
      escalating: i < Math.min(options.escalating ?? ASSUMPTIONS.escalating, queries),
    }),
  );

  const custodialPeople = take(custodial);
  const custodialPerBatch = allocate(
    custodial,
    ASSUMPTIONS.courtHours.map(() => 1),
  );
  const othersPerBatch = allocate(
    hearings - custodial,
    ASSUMPTIONS.courtHours.map(() => 1),
  );
  let c = 0;
  ASSUMPTIONS.courtHours.forEach((hour, i) => {
    events.push({
      at: hour * HOUR,
      kind: 'court-batch',
      custodial: custodialPeople.slice(c, (c += custodialPerBatch[i]!)),
      others: Math.max(0, othersPerBatch[i]!),
      batch: i,
    });
  });

  const unmatchable = Math.round(inbox * ASSUMPTIONS.inboxUnmatchable);
  const inboxPeople = take(inbox - unmatchable);
  for (let n = 0; n < inbox; n++)
    events.push({ at: within(8, 18), kind: 'inbox', person: n < inboxPeople.length ? inboxPeople[n]! : null, n });
  for (let n = 0; n < receptions; n++) events.push({ at: within(14, 20), kind: 'reception', n });
  for (const person of take(transfers)) events.push({ at: within(9, 16), kind: 'transfer', person });
  for (const person of take(vcsRegistrations))
    events.push({ at: within(8, 17), kind: 'vcs-register', person, forRelease: false });

  const [from, to] = ASSUMPTIONS.pageHours;
  const readsEach = atShare(((to - from) * 60) / ASSUMPTIONS.pageReadEveryMinutes, options.share);
  for (const page of PAGES)
    for (let k = 0; k < readsEach; k++)
      events.push({ at: from * HOUR + ((k + random.next()) * (to - from) * HOUR) / readsEach, kind: 'page', page });

  events.sort((a, b) => a.at - b.at);
  return {
    events,
    counts: {
      releases,
      vcsReleases,
      releasesInError,
      queries,
      hearings,
      custodial,
      inbox,
      receptions,
      transfers,
      vcsRegistrations,
      pageReads: readsEach * PAGES.length,
    },
  };
}

/**
 * The part of the day a run plays: the events inside the window, timed; and the ones before it
 * that its releases need (their VLO registrations and release dates), done first and not timed.
 */
export function windowOf(plan: DayPlan, fromHour: number, toHour: number): { setup: DayEvent[]; timed: DayEvent[] } {
  const inside = (e: DayEvent) => e.at >= fromHour * HOUR && e.at < toHour * HOUR;
  const timed = plan.events.filter(inside);
  const releasing = new Set(timed.flatMap((e) => (e.kind === 'release' ? [e.person] : [])));
  const setup = plan.events.filter(
    (e) =>
      !inside(e) &&
      e.at < fromHour * HOUR &&
      (e.kind === 'vcs-register' || e.kind === 'sync-release-date') &&
      releasing.has(e.person),
  );
  return { setup, timed };
}

function shuffled(n: number, random: ReturnType<typeof seeded>): number[] {
  const list = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}
