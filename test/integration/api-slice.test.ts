import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/contract/openapi-document.ts';
import { eventually, uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

let sys: TestSystem;
const PN = uniquePrisonerNumber();
let prison: string;
let expert: string;
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.admit('MDI', PN);
  prison = await sys.issuer.token('prison.officer', ['PRISON_STAFF'], ['MDI']);
  expert = await sys.issuer.token('court.expert', ['COURT_EXPERT']);
});
afterAll(() => sys?.stop());

const raise = (body: Record<string, unknown> = {}) =>
  sys.http('POST', '/api/urgent-queries', {
    token: prison,
    body: {
      prisonCode: 'MDI',
      prisonerNumber: PN,
      category: 'WARRANT_MISSING',
      question: 'No remand warrant on file',
      plannedRelease: inHours(10),
      ...body,
    },
  });

describe('the thin slice: raise, read, resolve over HTTP', () => {
  it('raises a query, reads it back through a workflow query, and resolves it through an update', async () => {
    const raised = await raise();
    expect(raised.status).toBe(201);
    expect(raised.body.reference).toMatch(/^UQ-MDI-[0-9A-Z]{8}$/);
    expect(raised.headers.get('location')).toBe(`/api/urgent-queries/${raised.body.reference}`);

    const read = await sys.http('GET', `/api/urgent-queries/${raised.body.reference}`, { token: prison });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      reference: raised.body.reference,
      status: 'RAISED',
      urgency: 'CRITICAL',
      prisonerNumber: PN,
      raisedBy: 'prison.officer',
    });
    expect(read.body.fired).toBeUndefined();

    expect(
      (await sys.http('POST', `/api/urgent-queries/${raised.body.reference}/claim`, { token: expert, body: {} }))
        .status,
    ).toBe(200);
    const resolved = await sys.http('POST', `/api/urgent-queries/${raised.body.reference}/resolve`, {
      token: expert,
      body: { determination: 'RELEASE_MAY_PROCEED', evidence: 'Remand warrant WR-2026-0042' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('ANSWERED');
    expect(resolved.body.resolution).toMatchObject({
      determination: 'RELEASE_MAY_PROCEED',
      evidence: 'Remand warrant WR-2026-0042',
      by: 'court.expert',
    });

    // Every read and change left an audit event, outside the application log.
    const readAudit = async () =>
      readFileSync(sys.auditFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((e) => e.subjectId === raised.body.reference);
    const audit = await eventually(readAudit, (events) => events.length >= 7);
    // Two lines each: the request, written before anything happened, and the response's status.
    expect(
      audit.map((e: { phase: string; what: string; who: string; status?: number }) => [
        e.phase,
        e.what,
        e.who,
        e.status,
      ]),
    ).toEqual([
      ['RESPONSE', 'POST /api/urgent-queries', 'prison.officer', 201],
      ['REQUEST', 'GET /api/urgent-queries/{reference}', 'prison.officer', undefined],
      ['RESPONSE', 'GET /api/urgent-queries/{reference}', 'prison.officer', 200],
      ['REQUEST', 'POST /api/urgent-queries/{reference}/claim', 'court.expert', undefined],
      ['RESPONSE', 'POST /api/urgent-queries/{reference}/claim', 'court.expert', 200],
      ['REQUEST', 'POST /api/urgent-queries/{reference}/resolve', 'court.expert', undefined],
      ['RESPONSE', 'POST /api/urgent-queries/{reference}/resolve', 'court.expert', 200],
    ]);
    const raisedLines = readFileSync(sys.auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.correlationId === raised.headers.get('x-correlation-id'));
    // The raise's request line has no subject yet: the reference is made by the service.
    expect(raisedLines.map((e: { phase: string; subjectId?: string }) => [e.phase, e.subjectId])).toEqual([
      ['REQUEST', undefined],
      ['RESPONSE', raised.body.reference],
    ]);
    for (const event of audit)
      expect(Object.keys(event)).toEqual(
        expect.arrayContaining([
          'at',
          'phase',
          'operation',
          'what',
          'who',
          'subjectType',
          'subjectId',
          'correlationId',
        ]),
      );

    const answered = await sys.mail.waitFor(
      (m) => m.subject?.includes(raised.body.reference) === true && m.subject.includes('answered'),
    );
    expect(answered[0]!.to).toEqual(['omu.MDI@prison.test']);
  });

  it('answers an unknown reference with a 404 problem', async () => {
    for (const reference of ['UQ-MDI-00000000', 'not-a-reference']) {
      const res = await sys.http('GET', `/api/urgent-queries/${reference}`, { token: prison });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
    }
  });

  it('rejects a bad body with a 400 naming each bad field', async () => {
    const res = await sys.http('POST', '/api/urgent-queries', {
      token: prison,
      body: {
        prisonCode: 'MDI',
        prisonerNumber: '12345',
        category: 'NOPE',
        plannedRelease: 'tomorrow',
        colour: 'blue',
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual([
      'body.category',
      'body.colour',
      'body.plannedRelease',
      'body.prisonerNumber',
      'body.question',
    ]);
  });

  it('rejects malformed JSON, a wrong media type and an oversized body with the right status', async () => {
    expect(
      (
        await sys.http('POST', '/api/urgent-queries', {
          token: prison,
          body: '{"prisonCode":',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await sys.http('POST', '/api/urgent-queries', {
          token: prison,
          body: 'prisonCode=MDI',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);
    const big = await raise({ question: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
  });

  it('refuses to resolve a query that is not the caller’s, and a withdrawn one', async () => {
    const { body } = await raise();
    await sys.http('POST', `/api/urgent-queries/${body.reference}/claim`, { token: expert, body: {} });
    const other = await sys.issuer.token('another.expert', ['COURT_EXPERT']);
    const notMine = await sys.http('POST', `/api/urgent-queries/${body.reference}/resolve`, {
      token: other,
      body: { determination: 'RELEASE_MAY_PROCEED', evidence: 'doc' },
    });
    expect(notMine.status).toBe(403);
    expect(notMine.body.detail).toMatch(/assignee or a team leader/);

    expect(
      (
        await sys.http('POST', `/api/urgent-queries/${body.reference}/withdraw`, {
          token: prison,
          body: { reason: 'Raised in error' },
        })
      ).status,
    ).toBe(200);
    const governor = await sys.issuer.token('slice.governor', ['DUTY_GOVERNOR'], ['MDI']);
    expect(
      (
        await sys.http('POST', `/api/urgent-queries/${body.reference}/confirm-withdrawal`, {
          token: governor,
          body: { justification: 'Raised in error: nothing was missing' },
        })
      ).status,
    ).toBe(200);
    const late = await sys.http('POST', `/api/urgent-queries/${body.reference}/resolve`, {
      token: expert,
      body: { determination: 'RELEASE_MAY_PROCEED', evidence: 'doc' },
    });
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/WITHDRAWN/);
  });

  it('needs a valid token, and hides another prison’s query', async () => {
    expect((await sys.http('GET', '/api/urgent-queries/UQ-MDI-00000000')).status).toBe(401);
    expect(
      (
        await sys.http('GET', '/api/urgent-queries/UQ-MDI-00000000', {
          token: await sys.issuer.foreignToken('x', ['COURT_EXPERT']),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await sys.http('GET', '/api/urgent-queries/UQ-MDI-00000000', {
          token: await sys.issuer.token('x', ['COURT_EXPERT'], [], { expiresIn: '-1m' }),
        })
      ).status,
    ).toBe(401);
    const { body } = await raise();
    const leeds = await sys.issuer.token('leeds.officer', ['PRISON_STAFF'], ['LEI']);
    expect((await sys.http('GET', `/api/urgent-queries/${body.reference}`, { token: leeds })).status).toBe(404);
    expect((await raise({ prisonCode: 'LEI' })).status).toBe(403);
  });

  it('reports health per component and answers ping', async () => {
    const health = await sys.http('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: 'UP',
      components: { temporal: { status: 'UP' }, smtp: { status: 'UP' }, audit: { status: 'UP' } },
    });
    expect((await sys.http('GET', '/ping')).body).toEqual({ status: 'UP' });
    expect((await sys.http('GET', '/info')).body).toEqual({ name: 'release-guard', version: 'test', commit: 'test' });
  });

  it('serves its OpenAPI document and reference page without a token', async () => {
    const doc = await sys.http('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument({ version: 'test' }))));
    const page = await sys.http('GET', '/api/docs');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('POST /api/prisoners/{prisonerNumber}/releases');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });

  it('answers a known path called with the wrong method with 405 and an Allow header', async () => {
    const trace = await sys.http('DELETE', '/api/urgent-queries', { token: prison });
    expect(trace.status).toBe(405);
    expect(trace.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(trace.headers.get('content-type')).toMatch(/problem\+json/);
    const status = await sys.http('PUT', `/api/prisoners/${PN}/release-status`, { token: prison, body: {} });
    expect([status.status, status.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await sys.http('GET', '/api/no-such-thing', { token: prison })).status).toBe(404);
  });

  it('answers 404 to an operation named after a property every object has', async () => {
    const { body } = await raise();
    const token = await sys.issuer.token('expert', ['COURT_EXPERT'], []);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(
        (await sys.http('POST', `/api/urgent-queries/${body.reference}/${name}`, { token, body: {} })).status,
      ).toBe(404);
    }
  });
});
