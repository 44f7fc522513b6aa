import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/pages.ts';
import {
  CAUSES,
  PERIOD,
  PRISONS,
  count,
  fyOf,
  inPeriod,
  seed,
  type SeededGateEvent,
  type SeededIncident,
  type SeededQuery,
} from '../helpers/report-seed.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * The Performance Board's reports against a seeded set of durable records, with every expected
 * figure worked out here, from what was seeded, without the report code. The journeys through the
 * real workflows are in reports-from-workflows.test.ts.
 */

let sys: TestSystem;
let lead: string;
let mdiGovernor: string;
let incidents: SeededIncident[];
let queries: SeededQuery[];
let gate: SeededGateEvent[];

beforeAll(async () => {
  sys = await startTestSystem();
  lead = await sys.issuer.token('unit.lead', ['QUERY_UNIT_LEAD']);
  mdiGovernor = await sys.issuer.token('mdi.governor', ['DUTY_GOVERNOR'], ['MDI']);
  ({ incidents, queries, gate } = await seed(sys));
}, 120_000);
afterAll(() => sys?.stop());

describe('the releases-in-error report', () => {
  it('counts by month of release, prison and cause, apart from those outside the definition, with each financial year against the one before', async () => {
    const res = await sys.http('GET', `/api/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}`, {
      token: lead,
    });
    expect(res.status).toBe(200);
    const counted = incidents.filter((i) => !i.exclusion);
    // Those with no release time are counted in the month found, which the seed made the same.
    expect(res.body.counted).toBe(count(counted, (i) => inPeriod(i.month)));
    expect(res.body.byMonth).toHaveLength(19);
    for (const row of res.body.byMonth) {
      expect(row.counted).toBe(count(counted, (i) => i.month === row.month));
      expect(row.outsideOfficialDefinition).toBe(
        count(incidents, (i) => i.month === row.month && Boolean(i.exclusion)),
      );
    }
    for (const prison of PRISONS)
      expect(res.body.byPrison[prison]).toBe(count(counted, (i) => inPeriod(i.month) && i.prison === prison));
    for (const cause of CAUSES)
      expect(res.body.byCause[cause]).toBe(count(counted, (i) => inPeriod(i.month) && i.cause === cause));
    expect(res.body.byCause.NOT_YET_KNOWN).toBe(count(counted, (i) => inPeriod(i.month) && !i.cause));
    expect(res.body.outsideOfficialDefinition).toEqual({
      HMCTS_ADMINISTRATIVE_ERROR: count(
        incidents,
        (i) => inPeriod(i.month) && i.exclusion === 'HMCTS_ADMINISTRATIVE_ERROR',
      ),
      NEVER_IN_HMPPS_CUSTODY: count(incidents, (i) => inPeriod(i.month) && i.exclusion === 'NEVER_IN_HMPPS_CUSTODY'),
    });
    const year = (start: number) => count(counted, (i) => fyOf(i.month) === start);
    expect(res.body.financialYears).toEqual([
      {
        year: '2025/26',
        counted: year(2025),
        previousYear: '2024/25',
        previousCounted: year(2024),
        change: year(2025) - year(2024),
        changePercent: Math.round((1000 * (year(2025) - year(2024))) / year(2024)) / 10,
      },
      {
        year: '2026/27',
        counted: year(2026),
        previousYear: '2025/26',
        previousCounted: year(2025),
        change: year(2026) - year(2025),
        changePercent: Math.round((1000 * (year(2026) - year(2025))) / year(2025)) / 10,
      },
    ]);
    expect(res.body.releaseTimeUnknown).toBe(count(incidents, (i) => inPeriod(i.month) && !i.releasedKnown));
    expect(res.body.note).toMatch(/recent months rise/i);
  });

  it('shows a prison only its own figures', async () => {
    const res = await sys.http('GET', `/api/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}`, {
      token: mdiGovernor,
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.byPrison)).toEqual(['MDI']);
    expect(res.body.counted).toBe(count(incidents, (i) => !i.exclusion && inPeriod(i.month) && i.prison === 'MDI'));
  });

  it('gives the same figures as CSV, one figure a row', async () => {
    const res = await sys.http('GET', `/api/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}&format=csv`, {
      token: lead,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?releases-in-error-2025-04-to-2026-10.csv"?$/,
    );
    const lines = String(res.body).trim().split('\r\n');
    expect(lines[0]).toBe('figure,period,breakdown,category,value');
    expect(lines).toContain(
      `releases_in_error,2025-04..2026-10,total,,${count(incidents, (i) => !i.exclusion && inPeriod(i.month))}`,
    );
    expect(lines).toContain(
      `releases_in_error,2026-01,month_of_release,,${count(incidents, (i) => !i.exclusion && i.month === '2026-01')}`,
    );
    const byAccept = await sys.http('GET', `/api/reports/releases-in-error?from=${PERIOD.from}&to=${PERIOD.to}`, {
      token: lead,
      headers: { accept: 'text/csv' },
    });
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
    const res = await sys.http('GET', `/api/reports/urgent-queries?from=${period.from}&to=${period.to}`, {
      token: lead,
    });
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
    expect(res.body.firstResponseTarget).toEqual({
      met: firstMet,
      of: owed.length,
      percent: pct(firstMet, owed.length),
    });
    const answerMet = count(owed, (q) => q.minutesToAnswer <= q.answerDueMinutes);
    expect(res.body.answerTarget).toEqual({ met: answerMet, of: owed.length, percent: pct(answerMet, owed.length) });
    const minutes = owed.map((q) => q.minutesToAnswer).sort((a, b) => a - b);
    expect(res.body.minutesToAnswer).toEqual({
      answered: owed.length,
      median: minutes[Math.ceil(0.5 * minutes.length) - 1],
      p90: minutes[Math.ceil(0.9 * minutes.length) - 1],
    });
    for (const level of [1, 2, 3])
      expect(res.body.breachesByLevel[String(level)]).toBe(count(inP, (q) => q.breachLevels.includes(level)));
    const withRelease = owed.filter((q) => q.releaseInMinutes !== undefined);
    const before = count(withRelease, (q) => q.minutesToAnswer <= q.releaseInMinutes!);
    expect(res.body.answeredBeforeRelease).toEqual({
      met: before,
      of: withRelease.length,
      percent: pct(before, withRelease.length),
    });
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
      expect(res.body.preventedByReasonKind[kind]).toBe(
        count(releases, (g) => g.kind === 'PREVENTED' && g.kinds.includes(kind)),
      );
    }
    expect(res.body.overrides).toBe(count(gate, (g) => g.kind === 'OVERRIDDEN'));
    const byWho = ['governor.a', 'governor.b']
      .map((by) => ({ by, count: count(gate, (g) => g.kind === 'OVERRIDDEN' && g.by === by) }))
      .sort((a, b) => b.count - a.count || a.by.localeCompare(b.by));
    expect(res.body.overridesBy).toEqual(byWho);
    for (const prison of PRISONS)
      expect(res.body.byPrison[prison].releasesRecorded).toBe(
        count(releases, (g) => g.kind === 'RELEASED' && g.prison === prison),
      );
  });
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
    for (const path of ['/reports/urgent-queries', '/reports/gate'])
      expect((await lead.get(`${path}?from=2026-03&to=2026-10`)).status).toBe(200);
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
