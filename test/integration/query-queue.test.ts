import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';
import { URGENT_QUERY_WORKFLOW } from '../../src/workflows/definitions.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const PN = uniquePrisonerNumber();
const PN_LEI = uniquePrisonerNumber();
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.admit('MDI', PN);
  await sys.admit('LEI', PN_LEI);
  tokens.mdi = await sys.issuer.token('mdi.officer', ['PRISON_STAFF'], ['MDI']);
  tokens.lei = await sys.issuer.token('lei.officer', ['PRISON_STAFF'], ['LEI']);
  tokens.expert = await sys.issuer.token('court.expert', ['COURT_EXPERT']);
  // Four queries for an MDI prisoner, and one for a prisoner Leeds holds.
  for (const [prison, token, hours] of [
    ['MDI', tokens.mdi, 40],
    ['MDI', tokens.mdi, 10],
    ['MDI', tokens.mdi, undefined],
    ['MDI', tokens.mdi, 5],
    ['LEI', tokens.lei, 5],
  ] as const) {
    const res = await sys.http('POST', '/api/urgent-queries', {
      token,
      body: {
        prisonCode: prison,
        prisonerNumber: prison === 'MDI' ? PN : PN_LEI,
        category: 'SENTENCE_CALCULATION',
        question: 'Concurrent or consecutive?',
        ...(hours ? { plannedRelease: inHours(hours) } : {}),
      },
    });
    expect(res.status).toBe(201);
  }
});
afterAll(() => sys?.stop());

const list = (query: string, token = tokens.expert) => sys.http('GET', `/api/urgent-queries?${query}`, { token });

describe('the urgent query queue (visibility, eventually consistent)', () => {
  it('filters by prisoner and orders by deadline, soonest first', async () => {
    const res = await eventually(
      () => list(`prisonerNumber=${PN}`),
      (r) => r.body.items?.length === 4 && r.body.items.every((i: { urgency: string | null }) => i.urgency),
    );
    const deadlines = res.body.items.map((i: { deadline: string }) => i.deadline);
    expect([...deadlines].sort()).toEqual(deadlines);
    // 30 real minutes < 1 working hour < 4 working hours, whenever the test runs.
    expect(res.body.items.map((i: { urgency: string }) => i.urgency)).toEqual([
      'CRITICAL',
      'CRITICAL',
      'URGENT',
      'STANDARD',
    ]);
    expect(res.body.items[0]).toMatchObject({
      status: 'RAISED',
      breached: false,
      assignee: null,
      category: 'SENTENCE_CALCULATION',
    });
  });

  it('filters by prison, urgency, category, status and breached', async () => {
    expect((await list(`prisonerNumber=${PN}&prisonCode=MDI`)).body.items).toHaveLength(4);
    expect((await list(`prisonerNumber=${PN}&prisonCode=LEI`)).body.items).toHaveLength(0);
    expect((await list(`prisonerNumber=${PN}&urgency=CRITICAL`)).body.items).toHaveLength(2);
    expect(
      (await list(`prisonerNumber=${PN}&category=SENTENCE_CALCULATION&status=RAISED&breached=false`)).body.items,
    ).toHaveLength(4);
    expect((await list(`prisonerNumber=${PN}&status=CLOSED`)).body.items).toHaveLength(0);
  });

  it('pages with an opaque token that only fits its own filters', async () => {
    const first = await list(`prisonerNumber=${PN}&pageSize=3`);
    expect(first.body.items).toHaveLength(3);
    const second = await list(`prisonerNumber=${PN}&pageSize=3&pageToken=${first.body.nextPageToken}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextPageToken).toBeNull();
    expect(
      new Set([...first.body.items, ...second.body.items].map((i: { reference: string }) => i.reference)).size,
    ).toBe(4);
    expect((await list(`prisonerNumber=${PN}&prisonCode=MDI&pageToken=${first.body.nextPageToken}`)).status).toBe(400);
  });

  it('shows prison users only their caseload, whatever they ask for', async () => {
    const mine = await eventually(
      () => list(`prisonerNumber=${PN_LEI}`, tokens.lei),
      (r) => r.body.items?.length === 1,
    );
    expect(mine.body.items.map((i: { prisonCode: string }) => i.prisonCode)).toEqual(['LEI']);
    expect((await list(`prisonerNumber=${PN}`, tokens.lei)).body.items).toEqual([]);
    expect((await list(`prisonerNumber=${PN}&prisonCode=MDI`, tokens.lei)).body.items).toEqual([]);
    expect((await list(`prisonerNumber=${PN_LEI}`, tokens.mdi)).body.items).toEqual([]);
  });

  it('rejects unknown or malformed filters with a 400 naming them', async () => {
    const res = await list(`urgency=LOW&colour=red&breached=maybe`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.breached',
      'query.colour',
      'query.urgency',
    ]);
  });

  it('leaves out a query whose first task has not yet said what and where it is, until it has', async () => {
    // Started on a queue no worker polls: visibility has it, but with no status, category or prison.
    const stray = await sys.client.workflow.start(URGENT_QUERY_WORKFLOW, {
      taskQueue: `nobody-${PN}`,
      workflowId: `UQ-STRAY-${PN}`,
      args: [],
    });
    try {
      await eventually(
        async () => (await sys.client.workflow.count(`WorkflowId = '${stray.workflowId}'`)).count,
        (n) => n === 1,
      );
      const res = await list('pageSize=100');
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { reference: string }) => i.reference)).not.toContain(stray.workflowId);
      expect(res.body.items.every((i: { status?: string; prisonCode?: string }) => i.status && i.prisonCode)).toBe(
        true,
      );
    } finally {
      await stray.terminate('test over');
    }
  });

  it('sends security headers', async () => {
    const res = await list(`prisonerNumber=${PN}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeTruthy();
  });
});

describe('rate limiting', () => {
  let limited: TestSystem;
  beforeAll(async () => {
    limited = await startTestSystem({ withWorker: false, rateLimitPerMinute: 3 });
  });
  afterAll(() => limited?.stop());

  it('answers 429 as a problem once the configured rate is exceeded', async () => {
    const token = await limited.issuer.token('x', ['COURT_EXPERT']);
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await limited.http('GET', '/api/urgent-queries/UQ-MDI-00000000', { token })).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const res = await limited.http('GET', '/api/urgent-queries/UQ-MDI-00000000', { token });
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
  });
});
