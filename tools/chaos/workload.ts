import { randomUUID } from 'node:crypto';
import { syntheticPrisoner, type Call } from '../bench/http.ts';
import { authoriseRelease, releaseDateToldToVlo } from '../bench/desk.ts';
import { laterToday } from '../../src/domain/release-hold/authorisation.ts';
import type { CaughtMail } from '../../src/infra/mail-catcher.ts';

/** What one request did, as the client saw it: 2xx (it happened), 4xx (it did not), or ambiguous (5xx, a timeout). */
export type Outcome = 'DONE' | 'REFUSED' | 'AMBIGUOUS';

export interface Sent {
  /** Milliseconds since the run began, when the request was sent. */
  at: number;
  method: string;
  path: string;
  status: number;
  outcome: Outcome;
  correlationId: string;
  body: unknown;
}

export function httpClient(baseUrl: string, timeoutMs = 30_000, began = Date.now()) {
  const sent: Sent[] = [];
  return {
    sent,
    async call(method: string, path: string, token: string, body?: unknown): Promise<Sent> {
      const correlationId = `chaos-${randomUUID()}`;
      const at = Date.now() - began;
      let status = 0;
      let parsed: unknown;
      try {
        const res = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            'x-correlation-id': correlationId,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        const text = await res.text();
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // A timeout or a dropped connection leaves status 0: it may or may not have happened.
      }
      const outcome: Outcome =
        status >= 200 && status < 300 ? 'DONE' : status >= 400 && status < 500 ? 'REFUSED' : 'AMBIGUOUS';
      const record = { at, method, path, status, outcome, correlationId, body: parsed };
      sent.push(record);
      return record;
    },
  };
}
export type HttpClient = ReturnType<typeof httpClient>;

export interface Tokens {
  officer: string;
  officer2: string;
  governor: string;
  expert: string;
  lead: string;
  vlo: string;
  sync: string;
}

/** What each case should be, from the calls that certainly happened (and those that might have). */
export interface Expected {
  queries: Map<string, { certain: string[]; maybe: string[] }>;
  holds: Map<string, { placed: string[]; cleared: string[]; releases: string[]; maybeReleases: number }>;
  incidents: Map<string, { closed: boolean; maybeClosed: boolean }>;
  notified: Set<string>;
}

export const newExpected = (): Expected => ({
  queries: new Map(),
  holds: new Map(),
  incidents: new Map(),
  notified: new Set(),
});

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/**
 * One user's session, picked at random: an urgent query's life (some overdue, so their ladders
 * run), a hold and a release at the desk, or a registered prisoner released in error and brought
 * back. Every step is recorded with its outcome.
 */
export async function session(
  http: HttpClient,
  tokens: Tokens,
  expected: Expected,
  next: (series: string) => string,
  waitForMail: (match: (m: CaughtMail) => boolean) => Promise<CaughtMail[]>,
): Promise<void> {
  const kind = pick(['query', 'query', 'hold', 'error'] as const);
  if (kind === 'query') {
    const pn = next('F');
    const raised = await http.call('POST', '/api/urgent-queries', tokens.officer, {
      prisonerNumber: pn,
      category: pick(['WARRANT_MISSING', 'RECALL', 'REMAND_OR_BAIL'] as const),
      question: 'Chaos: is the warrant on file?',
      ...pick([{ plannedRelease: inHours(-6) }, { plannedRelease: inHours(10) }, { plannedRelease: inHours(100) }, {}]),
    });
    if (raised.outcome !== 'DONE') return;
    const reference = (raised.body as { reference: string }).reference;
    const track = { certain: ['RAISED'], maybe: [] as string[] };
    expected.queries.set(reference, track);
    const step = async (op: string, token: string, body: unknown, status: string) => {
      const r = await http.call('POST', `/api/urgent-queries/${reference}/${op}`, token, body);
      if (r.outcome === 'DONE') track.certain.push(status);
      if (r.outcome === 'AMBIGUOUS') track.maybe.push(status);
      return r.outcome;
    };
    const path = pick(['answer', 'answer', 'withdraw', 'leave'] as const);
    if (path === 'leave') return; // stays open: its ladder runs
    if (path === 'withdraw') {
      // The prison's withdrawal: the officer asks (the query stays as it was), a duty governor confirms.
      if ((await step('withdraw', tokens.officer, { reason: 'Raised in error' }, 'RAISED')) !== 'DONE') return;
      await step(
        'confirm-withdrawal',
        tokens.governor,
        { justification: 'Raised in error: the warrant was on file all along' },
        'WITHDRAWN',
      );
      return;
    }
    if ((await step('claim', tokens.expert, {}, 'IN_PROGRESS')) !== 'DONE') return;
    if (
      (await step(
        'resolve',
        tokens.expert,
        { determination: 'RELEASE_MAY_PROCEED', evidence: 'Warrant WR-CHAOS' },
        'ANSWERED',
      )) !== 'DONE'
    )
      return;
    await step('acknowledge', tokens.officer, {}, 'CLOSED');
    return;
  }
  if (kind === 'hold') {
    const pn = next('G');
    const track = { placed: [] as string[], cleared: [] as string[], releases: [] as string[], maybeReleases: 0 };
    expected.holds.set(pn, track);
    const held = await http.call('POST', `/api/prisoners/${pn}/holds`, tokens.officer, {
      reason: 'Chaos: awaiting the warrant',
    });
    const key = held.outcome === 'DONE' ? (held.body as { reasons: { key: string }[] }).reasons[0]?.key : undefined;
    if (key) track.placed.push(key);
    const refused = await http.call('POST', `/api/prisoners/${pn}/releases`, tokens.officer, { reason: 'RELEASED' });
    if (refused.outcome === 'DONE') track.releases.push((refused.body as { id: string }).id);
    if (refused.outcome === 'AMBIGUOUS') track.maybeReleases += 1;
    if (!key) return;
    const cleared = await http.call('POST', `/api/prisoners/${pn}/holds/${key}/clear`, tokens.officer2, {});
    if (cleared.outcome !== 'DONE') return;
    track.cleared.push(key);
    await authorise(http, pn, tokens.officer2, tokens.governor);
    const released = await http.call('POST', `/api/prisoners/${pn}/releases`, tokens.officer, { reason: 'RELEASED' });
    if (released.outcome === 'DONE') track.releases.push((released.body as { id: string }).id);
    if (released.outcome === 'AMBIGUOUS') track.maybeReleases += 1;
    return;
  }
  const pn = next('V');
  const vloEmail = `vlo.${pn.toLowerCase()}@probation.example`;
  await http.call('POST', `/api/victim-contact/${pn}/registrations`, tokens.vlo, {
    vloName: 'Chaos VLO',
    vloEmail,
    teamMailbox: 'vlo-team@probation.example',
    probationRegion: 'Chaos',
    eligibility: 'STATUTORY',
  });
  // The VLO hears of his release date before he goes; under faults that may fail, and the checklist is then refused at check.
  await releaseDateToldToVlo(
    calling(http),
    waitForMail,
    { completer: tokens.officer2, verifier: tokens.governor, sync: tokens.sync, vlo: tokens.vlo },
    pn,
    vloEmail,
    laterToday(2),
  ).catch(() => undefined);
  await authorise(http, pn, tokens.officer2, tokens.governor);
  // Dated now: a release dated before its authorisation was verified is not one it authorised.
  const released = await http.call('POST', `/api/prisoners/${pn}/releases`, tokens.officer, { reason: 'RELEASED' });
  if (released.outcome === 'DONE') expected.notified.add(pn);
  const reported = await http.call('POST', `/api/prisoners/${pn}/releases-in-error`, tokens.governor, {
    howFound: 'Chaos: the warrant arrived after discharge',
  });
  if (reported.outcome !== 'DONE') return;
  const incidentId = (reported.body as { incidentId: string }).incidentId;
  const track = { closed: false, maybeClosed: false };
  expected.incidents.set(incidentId, track);
  if ((await http.call('POST', `/api/prisoners/${pn}/returned-to-custody`, tokens.officer, {})).outcome !== 'DONE')
    return;
  // The incident hears of the return through the hold: give it a moment, as a person would.
  for (let i = 0; i < 20; i++) {
    const closed = await http.call('POST', `/api/incidents/${incidentId}/close`, tokens.lead, {
      cause: 'WARRANT_MISSING_OR_MISPLACED',
    });
    if (closed.outcome === 'DONE') return void (track.closed = true);
    if (closed.outcome === 'AMBIGUOUS') track.maybeClosed = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The chaos client as the desk's tools call it: anything but a clear success is a failure. */
const calling =
  (http: HttpClient): Call =>
  async <T>(method: string, path: string, token: string, body?: unknown) => {
    const res = await http.call(method, path, token, body);
    if (res.outcome !== 'DONE') throw new Error(`${method} ${path}: ${res.outcome}`);
    return res.body as T;
  };

/**
 * The desk's two people authorise today's release, so that a release sent next is judged on its
 * reasons. Under faults a step may fail, and the release is then refused for want of an
 * authorisation: the invariants hold either way.
 */
const authorise = (http: HttpClient, pn: string, completer: string, verifier: string): Promise<void> =>
  authoriseRelease(calling(http), { completer, verifier }, pn).catch(() => undefined);

/**
 * The release-versus-hold race, `count` times at once: a manual hold and a release sent together
 * for a prisoner with nothing standing. Each must end in one consistent outcome.
 */
export async function races(
  http: HttpClient,
  tokens: Tokens,
  count: number,
  next: (series: string) => string,
  wave = 50,
): Promise<{ prisonerNumber: string; hold: Outcome; release: Outcome }[]> {
  const results: { prisonerNumber: string; hold: Outcome; release: Outcome }[] = [];
  // In waves: each race's two requests leave together; a thousand at once would test load, not the race.
  for (let start = 0; start < count; start += wave) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(wave, count - start) }, async () => {
        const pn = next('G');
        await authorise(http, pn, tokens.officer, tokens.governor);
        const [hold, release] = await Promise.all([
          http.call('POST', `/api/prisoners/${pn}/holds`, tokens.officer, { reason: 'Race: hold' }),
          http.call('POST', `/api/prisoners/${pn}/releases`, tokens.officer2, { reason: 'RELEASED' }),
        ]);
        return { prisonerNumber: pn, hold: hold.outcome, release: release.outcome };
      }),
    );
    results.push(...batch);
  }
  return results;
}

/** Hands out each series' synthetic prisoners in turn, never the same one twice. */
export function prisonerSource(): (series: string) => string {
  const used = new Map<string, number>();
  return (series) => {
    const n = used.get(series) ?? 0;
    used.set(series, n + 1);
    return syntheticPrisoner(series, n);
  };
}
