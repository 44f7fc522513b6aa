import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, domainEvent } from '../../src/domain/events.ts';
import { signedIn, textOf } from '../helpers/pages.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * The Performance Board's reports against a seeded set of durable records, with every expected
 * figure worked out here, from what was seeded, without the report code. Then one journey through
 * the real workflows, to show the records the reports read are the ones the system writes.
 */

let sys: TestSystem;
let lead: string;
let mdiGovernor: string;

/** A small seeded generator (mulberry32), so the data set is the same on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRISONS = ['MDI', 'LEI', 'BWI'];
const CAUSES = ['WARRANT_MISSING_OR_MISPLACED', 'COURT_RESULT_CONFLICT', 'SENTENCE_CALCULATION_ERROR', 'DISCHARGE_PROCESS_ERROR'];
/** Seeded months: April 2024 to October 2026, so the period below has a whole year before it. */
const MONTHS = Array.from({ length: 31 }, (_, i) => `${2024 + Math.floor((i + 3) / 12)}-${String(((i + 3) % 12) + 1).padStart(2, '0')}`);
/** A winter mid-month noon: the same month in London and UTC, so the expected month is the seeded one. */
const noon = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}T12:00:00.000Z`;

interface SeededIncident {
  id: string;
  prison: string;
  month: string;
  cause?: string;
  exclusion?: string;
  releasedKnown: boolean;
}
interface SeededQuery {
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

const incidents: SeededIncident[] = [];
const queries: SeededQuery[] = [];
const gate: { prison: string; month: string; kind: 'RELEASED' | 'PREVENTED' | 'OVERRIDDEN'; movement: string; kinds: string[]; by: string; override: boolean }[] = [];

async function seed(): Promise<void> {
  const r = rng(20261127);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  for (let i = 0; i < 240; i++) {
    const incident: SeededIncident = { id: `RIE-SEED-${i}`, prison: pick(PRISONS), month: pick(MONTHS), releasedKnown: r() > 0.1 };
    const closed = r() > 0.2;
    if (closed) incident.cause = pick(CAUSES);
    if (closed && r() < 0.1) incident.exclusion = pick(['HMCTS_ADMINISTRATIVE_ERROR', 'NEVER_IN_HMPPS_CUSTODY']);
    incidents.push(incident);
    // Reported up to 60 days after the release: the count must follow the release, not the report.
    const releasedAt = noon(incident.month, 1 + Math.floor(r() * 10));
    const openedAt = incident.releasedKnown ? new Date(Date.parse(releasedAt) + Math.floor(r() * 60) * 86_400_000).toISOString() : releasedAt;
    await sys.events.append(`seed-opened:${i}`, domainEvent(EVENT_TYPES.releaseInError, 'A0000AA', openedAt, 'seeded', { prisonId: incident.prison, incidentId: incident.id, ...(incident.releasedKnown ? { releasedAt } : {}) }));
    if (closed) {
      await sys.events.append(`seed-closed:${i}`, domainEvent(EVENT_TYPES.releaseInErrorClosed, 'A0000AA', openedAt, 'seeded', { prisonId: incident.prison, incidentId: incident.id, cause: incident.cause, exclusion: incident.exclusion }));
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
    const g = { prison: pick(PRISONS), month: pick(MONTHS.slice(-8)), kind, movement: pick(['RELEASED', 'RELEASED_FROM_COURT', 'TRANSFERRED']), kinds: [] as string[], by: pick(['governor.a', 'governor.b']), override: r() < 0.1 };
    if (kind === 'PREVENTED') g.kinds = ['URGENT_QUERY', 'CUSTODIAL_STATUS_CHANGE', 'MANUAL'].filter(() => r() < 0.5);
    gate.push(g);
    const at = noon(g.month, 3 + Math.floor(r() * 20));
    const type = kind === 'RELEASED' ? EVENT_TYPES.released : kind === 'PREVENTED' ? EVENT_TYPES.releasePrevented : EVENT_TYPES.overridden;
    const info =
      kind === 'RELEASED'
        ? { prisonId: g.prison, reason: g.movement, releaseId: `R${i}`, ...(g.override ? { overrideId: `O${i}` } : {}) }
        : kind === 'PREVENTED'
          ? { prisonId: g.prison, movement: g.movement, reasonKinds: g.kinds.join(',') }
          : { prisonId: g.prison, by: g.by, overrideId: `O${i}` };
    await sys.events.append(`seed-gate:${i}`, domainEvent(type, 'A0000AA', at, 'seeded', info));
  }
}

const count = <T,>(xs: readonly T[], pred: (x: T) => boolean) => xs.filter(pred).length;
const PERIOD = { from: '2025-04', to: '2026-10' };
const inPeriod = (month: string) => month >= PERIOD.from && month <= PERIOD.to;
const fyOf = (month: string) => (Number(month.slice(5)) >= 4 ? Number(month.slice(0, 4)) : Number(month.slice(0, 4)) - 1);

beforeAll(async () => {
  sys = await startTestSystem();
  lead = await sys.issuer.token('unit.lead', ['QUERY_UNIT_LEAD']);
  mdiGovernor = await sys.issuer.token('mdi.governor', ['DUTY_GOVERNOR'], ['MDI']);
  await seed();
}, 120_000);
afterAll(() => sys?.stop());

describe('the releases-in-error report', () => {
  it('counts by month of release, prison and cause, apart from those outside the definition, with each financial year against the one before', async () => {
    const res = await sys.http('GET', `/api/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}`, { token: lead });
    expect(res.status).toBe(200);
    const counted = incidents.filter((i) => !i.exclusion);
    // Those with no release time are counted in the month found, which the seed made the same.
    expect(res.body.counted).toBe(count(counted, (i) => inPeriod(i.month)));
    expect(res.body.byMonth).toHaveLength(19);
    for (const row of res.body.byMonth) {
      expect(row.counted).toBe(count(counted, (i) => i.month === row.month));
      expect(row.outsideOfficialDefinition).toBe(count(incidents, (i) => i.month === row.month && Boolean(i.exclusion)));
    }
    for (const prison of PRISONS) expect(res.body.byPrison[prison]).toBe(count(counted, (i) => inPeriod(i.month) && i.prison === prison));
    for (const cause of CAUSES) expect(res.body.byCause[cause]).toBe(count(counted, (i) => inPeriod(i.month) && i.cause === cause));
    expect(res.body.byCause.NOT_YET_KNOWN).toBe(count(counted, (i) => inPeriod(i.month) && !i.cause));
    expect(res.body.outsideOfficialDefinition).toEqual({
      HMCTS_ADMINISTRATIVE_ERROR: count(incidents, (i) => inPeriod(i.month) && i.exclusion === 'HMCTS_ADMINISTRATIVE_ERROR'),
      NEVER_IN_HMPPS_CUSTODY: count(incidents, (i) => inPeriod(i.month) && i.exclusion === 'NEVER_IN_HMPPS_CUSTODY'),
    });
    const year = (start: number) => count(counted, (i) => fyOf(i.month) === start);
    expect(res.body.financialYears).toEqual([
      { year: '2025/26', counted: year(2025), previousYear: '2024/25', previousCounted: year(2024), change: year(2025) - year(2024), changePercent: Math.round((1000 * (year(2025) - year(2024))) / year(2024)) / 10 },
      { year: '2026/27', counted: year(2026), previousYear: '2025/26', previousCounted: year(2025), change: year(2026) - year(2025), changePercent: Math.round((1000 * (year(2026) - year(2025))) / year(2025)) / 10 },
    ]);
    expect(res.body.releaseTimeUnknown).toBe(count(incidents, (i) => inPeriod(i.month) && !i.releasedKnown));
    expect(res.body.note).toMatch(/recent months rise/i);
  });

  it('shows a prison only its own figures', async () => {
    const res = await sys.http('GET', `/api/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}`, { token: mdiGovernor });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.byPrison)).toEqual(['MDI']);
    expect(res.body.counted).toBe(count(incidents, (i) => !i.exclusion && inPeriod(i.month) && i.prison === 'MDI'));
  });

  it('gives the same figures as CSV, one figure a row', async () => {
    const res = await sys.http('GET', `/api/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}&format=csv`, { token: lead });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?releases-in-error-2025-04-to-2026-10.csv"?$/);
    const lines = String(res.body).trim().split('\r\n');
    expect(lines[0]).toBe('figure,period,breakdown,category,value');
    expect(lines).toContain(`releases_in_error,2025-04..2026-10,total,,${count(incidents, (i) => !i.exclusion && inPeriod(i.month))}`);
    expect(lines).toContain(`releases_in_error,2026-01,month_of_release,,${count(incidents, (i) => !i.exclusion && i.month === '2026-01')}`);
    const byAccept = await sys.http('GET', `/api/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}`, { token: lead, headers: { accept: 'text/csv' } });
    expect(byAccept.body).toBe(res.body);
  });

  it('refuses a period that is backwards, too long or in an absurd year, naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-05&to=2026-04', 'to'],
      ['from=2020-01&to=2026-01', 'to'],
      ['from=0026-04', 'from'],
      ['to=9999-01', 'to'],
      ['from=2026-13', 'from'],
      ['format=xml', 'format'],
      ['from=2001-01', 'from'], // alone, it runs to this month: far more than 60 months
    ] as const) {
      const res = await sys.http('GET', `/api/reports/releases-in-error?${query}`, { token: lead });
      expect([400, 422]).toContain(res.status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });
});

describe('the urgent-queries report', () => {
  it('counts queries by month raised, urgency and category, with targets met, time to answer, breaches and answers before the release', async () => {
    const period = { from: '2026-03', to: '2026-10' };
    const res = await sys.http('GET', `/api/reports/urgent-queries?from=${period.from}&to=${period.to}`, { token: lead });
    expect(res.status).toBe(200);
    const inP = queries.filter((q) => q.month >= period.from && q.month <= period.to);
    expect(res.body.handled).toBe(inP.length);
    expect(res.body.withdrawn).toBe(count(inP, (q) => q.withdrawn));
    for (const row of res.body.byMonth) {
      expect(row.handled).toBe(count(inP, (q) => q.month === row.month));
      expect(row.byUrgency.CRITICAL).toBe(count(inP, (q) => q.month === row.month && q.urgency === 'CRITICAL'));
      expect(row.byCategory.RECALL).toBe(count(inP, (q) => q.month === row.month && q.category === 'RECALL'));
    }
    const owed = inP.filter((q) => !q.withdrawn);
    const pct = (a: number, b: number) => Math.round((1000 * a) / b) / 10;
    const firstMet = count(owed, (q) => q.minutesToFirst <= q.firstDueMinutes);
    expect(res.body.firstResponseTarget).toEqual({ met: firstMet, of: owed.length, percent: pct(firstMet, owed.length) });
    const answerMet = count(owed, (q) => q.minutesToAnswer <= q.answerDueMinutes);
    expect(res.body.answerTarget).toEqual({ met: answerMet, of: owed.length, percent: pct(answerMet, owed.length) });
    const minutes = owed.map((q) => q.minutesToAnswer).sort((a, b) => a - b);
    expect(res.body.minutesToAnswer).toEqual({ answered: owed.length, median: minutes[Math.ceil(0.5 * minutes.length) - 1], p90: minutes[Math.ceil(0.9 * minutes.length) - 1] });
    for (const level of [1, 2, 3]) expect(res.body.breachesByLevel[String(level)]).toBe(count(inP, (q) => q.breachLevels.includes(level)));
    const withRelease = owed.filter((q) => q.releaseInMinutes !== undefined);
    const before = count(withRelease, (q) => q.minutesToAnswer <= q.releaseInMinutes!);
    expect(res.body.answeredBeforeRelease).toEqual({ met: before, of: withRelease.length, percent: pct(before, withRelease.length) });
  });
});

describe('the gate report', () => {
  it('counts releases recorded, releases prevented by reason kind, and overrides with who authorised them', async () => {
    const period = { from: '2026-03', to: '2026-10' };
    const res = await sys.http('GET', `/api/reports/gate?from=${period.from}&to=${period.to}`, { token: lead });
    expect(res.status).toBe(200);
    // A transfer stays in custody: it is not a release, and not a release prevented.
    const releases = gate.filter((g) => g.kind !== 'OVERRIDDEN' && g.movement !== 'TRANSFERRED');
    expect(res.body.releasesRecorded).toBe(count(releases, (g) => g.kind === 'RELEASED'));
    expect(res.body.releasedOnOverride).toBe(count(releases, (g) => g.kind === 'RELEASED' && g.override));
    expect(res.body.releasesPrevented).toBe(count(releases, (g) => g.kind === 'PREVENTED'));
    for (const kind of ['URGENT_QUERY', 'CUSTODIAL_STATUS_CHANGE', 'MANUAL']) {
      expect(res.body.preventedByReasonKind[kind]).toBe(count(releases, (g) => g.kind === 'PREVENTED' && g.kinds.includes(kind)));
    }
    expect(res.body.overrides).toBe(count(gate, (g) => g.kind === 'OVERRIDDEN'));
    const byWho = ['governor.a', 'governor.b'].map((by) => ({ by, count: count(gate, (g) => g.kind === 'OVERRIDDEN' && g.by === by) })).sort((a, b) => b.count - a.count || a.by.localeCompare(b.by));
    expect(res.body.overridesBy).toEqual(byWho);
    for (const prison of PRISONS) expect(res.body.byPrison[prison].releasesRecorded).toBe(count(releases, (g) => g.kind === 'RELEASED' && g.prison === prison));
  });
});

describe('the reports read what the system writes', () => {
  it('counts a refusal, a finished query and a release in error that went through the real workflows', async () => {
    const pn = await sys.admit('BWI');
    const staff = await sys.issuer.token('bwi.officer', ['PRISON_STAFF'], ['BWI']);
    const expert = await sys.issuer.token('court.expert', ['COURT_EXPERT']);
    const thisMonth = new Date().toISOString().slice(0, 7);
    const read = async (path: string) => (await sys.http('GET', `${path}?from=${thisMonth}&to=${thisMonth}`, { token: staff })).body;
    const gateBefore = await read('/api/reports/gate');
    const queriesBefore = await read('/api/reports/urgent-queries');

    const raised = await sys.http('POST', '/api/urgent-queries', { token: staff, body: { prisonCode: 'BWI', prisonerNumber: pn, category: 'WARRANT_MISSING', question: 'No remand warrant on file', plannedRelease: new Date(Date.now() + 6 * 3_600_000).toISOString() } });
    expect(raised.status).toBe(201);
    const refused = await sys.http('POST', `/api/prisoners/${pn}/releases`, { token: staff, body: { prisonCode: 'BWI', reason: 'RELEASED' } });
    expect(refused.status).toBe(409);
    const ref = raised.body.reference;
    expect((await sys.http('POST', `/api/urgent-queries/${ref}/claim`, { token: expert, body: {} })).status).toBe(200);
    expect((await sys.http('POST', `/api/urgent-queries/${ref}/resolve`, { token: expert, body: { determination: 'RELEASE_MAY_PROCEED', evidence: 'Warrant found' } })).status).toBe(200);
    expect((await sys.http('POST', `/api/urgent-queries/${ref}/acknowledge`, { token: staff, body: {} })).status).toBe(200);

    const gateAfter = await eventually(() => read('/api/reports/gate'), (r) => r.releasesPrevented === gateBefore.releasesPrevented + 1);
    expect(gateAfter.preventedByReasonKind.URGENT_QUERY).toBe(gateBefore.preventedByReasonKind.URGENT_QUERY + 1);
    expect(gateAfter.byPrison.BWI.releasesPrevented).toBe((gateBefore.byPrison.BWI?.releasesPrevented ?? 0) + 1);
    const queriesAfter = await eventually(() => read('/api/reports/urgent-queries'), (r) => r.handled === queriesBefore.handled + 1);
    expect(queriesAfter.firstResponseTarget.of).toBe(queriesBefore.firstResponseTarget.of + 1);
    expect(queriesAfter.firstResponseTarget.met).toBe(queriesBefore.firstResponseTarget.met + 1);
    expect(queriesAfter.answerTarget.met).toBe(queriesBefore.answerTarget.met + 1);
    expect(queriesAfter.answeredBeforeRelease.met).toBe(queriesBefore.answeredBeforeRelease.met + 1);

    // Released, then found to be a release in error and closed with its cause.
    await sys.authoriseIfPossible(pn);
    expect((await sys.http('POST', `/api/prisoners/${pn}/releases`, { token: staff, body: { prisonCode: 'BWI', reason: 'RELEASED' } })).status).toBe(201);
    const rieBefore = await read('/api/reports/releases-in-error');
    const reported = await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, { token: staff, body: { howFound: 'Warrant for another matter found after discharge' } });
    expect(reported.status).toBe(201);
    expect((await sys.http('POST', `/api/prisoners/${pn}/returned-to-custody`, { token: staff, body: {} })).status).toBe(200);
    const lead = await sys.issuer.token('unit.lead', ['QUERY_UNIT_LEAD']);
    const closed = await sys.http('POST', `/api/incidents/${reported.body.incidentId}/close`, { token: lead, body: { cause: 'WARRANT_MISSING_OR_MISPLACED' } });
    expect(closed.status).toBe(200);
    const rieAfter = await eventually(() => read('/api/reports/releases-in-error'), (r) => r.byCause.WARRANT_MISSING_OR_MISPLACED === rieBefore.byCause.WARRANT_MISSING_OR_MISPLACED + 1);
    expect(rieAfter.counted).toBe(rieBefore.counted + 1);
    expect(rieAfter.byPrison.BWI).toBe((rieBefore.byPrison.BWI ?? 0) + 1);
  }, 120_000);
});

describe('the figures pages', () => {
  it('shows the lead every prison’s figures with a chart and its table, and the CSV behind them', async () => {
    const lead = await signedIn(sys, 'lead');
    const page = await lead.get(`/reports?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(page.status).toBe(200);
    const counted = count(incidents, (i) => !i.exclusion && inPeriod(i.month));
    expect(page.html).toMatch(new RegExp(`data-qa="rie-counted">${counted}<`));
    expect(page.html).toContain('role="img" aria-labelledby="chart-rie-title"');
    // The chart's table has a row for each month with its figure.
    const jan = count(incidents, (i) => !i.exclusion && i.month === '2026-01');
    expect(textOf(page.html)).toContain(`2026-01 ${jan}`);
    expect(textOf(page.html)).toContain('Every prison');

    const detail = await lead.get(`/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(textOf(detail.html)).toMatch(/recent months rise/i);
    expect(textOf(detail.html)).toMatch(/2025\/26 \d+ \d+ \(2024\/25\)/);
    const csv = await lead.get(`/reports/releases-in-error.csv?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(csv.status).toBe(200);
    expect(csv.html).toContain(`releases_in_error,2025-04..2026-10,total,,${counted}`);
    for (const path of ['/reports/urgent-queries', '/reports/gate']) expect((await lead.get(`${path}?from=2026-03&to=2026-10`)).status).toBe(200);
  });

  it('shows a governor only his own prison, refuses roles that do not read figures, and names a bad month', async () => {
    const governor = await signedIn(sys, 'mdi-governor');
    const page = await governor.get(`/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(textOf(page.html)).toContain('Your prisons: MDI');
    expect(page.html).not.toMatch(/>LEI</);
    expect((await (await signedIn(sys, 'escort')).get('/reports')).status).toBe(403);
    const bad = await governor.get('/reports/gate?from=0026-04');
    expect(bad.status).toBe(400);
    expect(textOf(bad.html)).toContain('There is a problem');
    expect(bad.html).toContain('href="#from"');
    expect((await governor.get('/reports/nothing.csv')).status).toBe(404);
  });
});

describe('the gate report counts release authorisations', () => {
  it('moves authorised, refused at check, voided and used as the desk completes, verifies, voids and uses them', async () => {
    const thisMonth = new Date().toISOString().slice(0, 7);
    const officer = await sys.issuer.token('lei.officer', ['PRISON_STAFF'], ['LEI']);
    const governor = await sys.issuer.token('lei.governor', ['DUTY_GOVERNOR'], ['LEI']);
    const read = async () => (await sys.http('GET', `/api/reports/gate?from=${thisMonth}&to=${thisMonth}`, { token: lead })).body;
    const before = await read();
    const items = sys.services.gate.checklists().movements.RELEASED!;
    const complete = (pn: string, answers: { item: string; answer: boolean; note?: string }[]) =>
      sys.http('POST', `/api/prisoners/${pn}/authorisations`, { token: officer, body: { movement: 'RELEASED', answers } });

    // Authorised, then voided by a new reason.
    const voided = await sys.admit('LEI');
    const done = await complete(voided, items.map((i) => ({ item: i.item, answer: true })));
    expect(done.status).toBe(201);
    expect((await sys.http('POST', `/api/prisoners/${voided}/authorisations/${done.body.id}/verify`, { token: governor })).body.status).toBe('AUTHORISED');
    expect((await sys.http('POST', `/api/prisoners/${voided}/holds`, { token: officer, body: { reason: 'Awaiting the remand warrant' } })).status).toBe(201);
    // Refused at check: an item answered no.
    const refused = await complete(await sys.admit('LEI'), items.map((i, n) => ({ item: i.item, answer: n > 0, ...(n === 0 ? { note: 'Photograph does not match' } : {}) })));
    expect(refused.body.status).toBe('REFUSED_AT_CHECK');
    // Authorised and used by the release.
    const used = await sys.admit('LEI');
    await sys.authorise(used, { prisonCode: 'LEI' });
    expect((await sys.http('POST', `/api/prisoners/${used}/releases`, { token: officer, body: { reason: 'RELEASED' } })).status).toBe(201);

    const after = await eventually(read, (r) => r.authorisations?.used === before.authorisations?.used + 1 && r.authorisations?.voided === before.authorisations?.voided + 1);
    expect(after.authorisations).toEqual({
      authorised: before.authorisations.authorised + 2,
      refusedAtCheck: before.authorisations.refusedAtCheck + 1,
      voided: before.authorisations.voided + 1,
      used: before.authorisations.used + 1,
    });
    const lei = before.byPrison.LEI?.authorisations ?? { authorised: 0, refusedAtCheck: 0, voided: 0, used: 0 };
    expect(after.byPrison.LEI.authorisations).toEqual({ authorised: lei.authorised + 2, refusedAtCheck: lei.refusedAtCheck + 1, voided: lei.voided + 1, used: lei.used + 1 });
    // A prison reads its own: Leeds' authorisations are not Moorland's.
    const mdi = await sys.issuer.token('mdi.reader', ['PRISON_STAFF'], ['MDI']);
    const theirs = (await sys.http('GET', `/api/reports/gate?from=${thisMonth}&to=${thisMonth}`, { token: mdi })).body;
    expect(theirs.byPrison.LEI).toBeUndefined();
    // The figures page and its CSV say the same.
    const page = await (await signedIn(sys, 'lead')).get(`/reports/gate?from=${thisMonth}&to=${thisMonth}`);
    expect(textOf(page.html)).toContain(`Refused at check ${after.authorisations.refusedAtCheck}`);
    expect(textOf(page.html)).toContain(`Used for a release ${after.authorisations.used}`);
    const csv = await sys.http('GET', `/api/reports/gate?from=${thisMonth}&to=${thisMonth}&format=csv`, { token: lead });
    expect(csv.body).toContain(`authorisations,${thisMonth}..${thisMonth},status,VOID,${after.authorisations.voided}`);
  }, 120_000);
});
