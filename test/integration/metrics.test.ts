import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { METRICS } from '../../src/activities/metrics.ts';
import { freePort } from '../../src/infra/free-port.ts';
import { COUNTERS as WORKFLOW_COUNTERS } from '../../src/workflows/metrics.ts';
import { startChildWorker, type ChildWorker } from '../helpers/child-worker.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * The exporters scraped for real: the API's /metrics (prom-client) and a worker's Temporal SDK
 * Prometheus endpoint, in a process of its own with its runtime installed as `npm start` installs
 * it. A journey moves the domain counters, and each must move by exactly what the journey did.
 */
let sys: TestSystem;
let worker: ChildWorker;
let workerMetricsUrl: string;
const METRICS_TOKEN = 'a-scrape-token-for-the-test-0001';

beforeAll(async () => {
  sys = await startTestSystem({ withWorker: false, metricsToken: METRICS_TOKEN });
  const port = await freePort();
  workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
  worker = await startChildWorker(sys.taskQueue, sys.mail.port, sys.stores.schema!, {
    WORKER_METRICS_ADDRESS: `127.0.0.1:${port}`,
  });
});
afterAll(async () => {
  await worker?.kill('SIGTERM');
  await sys?.stop();
});

/** Samples of a Prometheus text exposition, keyed `name{labels}` exactly as written. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The sum of a metric's samples whose labels include every one given. */
function sum(s: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const [key, value] of s) {
    const brace = key.indexOf('{');
    if ((brace < 0 ? key : key.slice(0, brace)) !== name) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) total += value;
  }
  return total;
}

const scrapeApi = async () => {
  const res = await fetch(`${sys.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return samples(await res.text());
};
const scrapeWorker = async () => samples(await (await fetch(workerMetricsUrl)).text());

describe('metrics', () => {
  it('refuses a scrape without the token, and never labels a request by its path', async () => {
    expect((await fetch(`${sys.baseUrl}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${sys.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-the-same-len' } }))
        .status,
    ).toBe(401);
    const pn = await sys.admit('MDI');
    const token = await sys.issuer.token('o', ['PRISON_STAFF'], ['MDI']);
    await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token });
    const text = await (
      await fetch(`${sys.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(text).toContain('route="/api/prisoners/{prisonerNumber}/release-status"');
    expect(text).not.toContain(pn);
  });

  it('moves the domain counters by what a journey did, in the worker and the API alike', async () => {
    const pn = await sys.admit('MDI');
    const staff = await sys.issuer.token('mdi.officer', ['PRISON_STAFF'], ['MDI']);
    const governor = await sys.issuer.token('mdi.governor', ['DUTY_GOVERNOR'], ['MDI']);
    const expert = await sys.issuer.token('court.expert', ['COURT_EXPERT']);
    const api0 = await scrapeApi();
    const w0 = await scrapeWorker();

    // A CRITICAL query holds him; a release is refused; claimed but not answered, so it stays open.
    const raised = await sys.http('POST', '/api/urgent-queries', {
      token: staff,
      body: {
        prisonCode: 'MDI',
        prisonerNumber: pn,
        category: 'WARRANT_MISSING',
        question: 'No remand warrant on file',
        plannedRelease: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      },
    });
    expect(raised.status).toBe(201);
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/releases`, {
          token: staff,
          body: { prisonCode: 'MDI', reason: 'RELEASED' },
        })
      ).status,
    ).toBe(409);
    expect(
      (await sys.http('POST', `/api/urgent-queries/${raised.body.reference}/claim`, { token: expert, body: {} }))
        .status,
    ).toBe(200);
    // The governor overrides; the release goes; then it is reported as a release in error.
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/overrides`, {
          token: governor,
          body: { prisonCode: 'MDI', justification: 'Court confirmed by telephone that he is to be released today' },
        })
      ).status,
    ).toBe(201);
    await sys.authoriseIfPossible(pn);
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/releases`, {
          token: staff,
          body: { prisonCode: 'MDI', reason: 'RELEASED' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, {
          token: staff,
          body: { howFound: 'A warrant for another matter was found after discharge' },
        })
      ).status,
    ).toBe(201);

    // The incident's emails go after it is counted: wait for both.
    const w1 = await eventually(
      scrapeWorker,
      (s) =>
        sum(s, 'release_guard_releases_in_error_opened_total') ===
          sum(w0, 'release_guard_releases_in_error_opened_total') + 1 &&
        sum(s, 'release_guard_notices_total', { case_kind: 'RIE' }) >
          sum(w0, 'release_guard_notices_total', { case_kind: 'RIE' }),
      30_000,
    );
    const moved = (name: string, labels: Record<string, string> = {}) => sum(w1, name, labels) - sum(w0, name, labels);
    expect(moved('release_guard_queries_raised_total', { urgency: 'CRITICAL' })).toBe(1);
    expect(moved('release_guard_queries_raised_total')).toBe(1);
    expect(moved('release_guard_releases_refused_total')).toBe(1);
    expect(moved('release_guard_releases_refused_by_reason_total', { reason_kind: 'URGENT_QUERY' })).toBe(1);
    expect(moved('release_guard_overrides_total')).toBe(1);
    expect(moved('release_guard_releases_recorded_total', { movement: 'RELEASED' })).toBe(1);
    expect(moved('release_guard_releases_in_error_opened_total')).toBe(1);
    expect(moved('release_guard_notices_total', { outcome: 'sent' })).toBeGreaterThan(0);
    expect(moved('release_guard_notices_total', { outcome: 'failed' })).toBe(0);
    // The SDK's own: workflow task latency and schedule-to-start, for the dashboard.
    expect([...w1.keys()].some((k) => k.startsWith('temporal_workflow_task_schedule_to_start_latency'))).toBe(true);
    expect([...w1.keys()].some((k) => k.startsWith('temporal_workflow_task_execution_latency'))).toBe(true);

    const api1 = await eventually(
      scrapeApi,
      (s) =>
        sum(s, 'release_guard_open_queries', { status: 'IN_PROGRESS' }) ===
        sum(api0, 'release_guard_open_queries', { status: 'IN_PROGRESS' }) + 1,
      30_000,
    );
    const apiMoved = (name: string, labels: Record<string, string>) =>
      sum(api1, name, labels) - sum(api0, name, labels);
    expect(
      apiMoved('release_guard_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/urgent-queries',
        status: '201',
      }),
    ).toBe(1);
    expect(
      apiMoved('release_guard_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/prisoners/{prisonerNumber}/releases',
        status: '409',
      }),
    ).toBe(1);
    expect(sum(api1, 'release_guard_register_prisoners')).toBe(await sys.register.count());
    expect(sum(api1, 'release_guard_api_process_resident_memory_bytes')).toBeGreaterThan(0);

    // Every metric the Grafana dashboard plots is one these exporters serve: scraped here, or a
    // counter declared in code that this journey did not move (a counter appears once it moves).
    const served = new Set([...w1.keys(), ...api1.keys()].map((k) => k.replace(/\{.*$/, '')));
    const declared = [...Object.values(METRICS), ...Object.values(WORKFLOW_COUNTERS)].map(([name]) => `${name}_total`);
    const dashboard = JSON.parse(
      readFileSync(new URL('../../ops/grafana/dashboards/release-guard.json', import.meta.url), 'utf8'),
    ) as { panels: { title: string; targets: { expr: string }[] }[] };
    const plotted = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) => t.expr.match(/\b(release_guard|temporal)_[a-z_]+/g) ?? []),
    );
    expect(plotted.length).toBeGreaterThan(15);
    expect(plotted.filter((name) => !served.has(name) && !declared.includes(name))).toEqual([]);
  });
});
