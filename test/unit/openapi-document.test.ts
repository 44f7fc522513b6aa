import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/contract/openapi-document.ts';
import { OPERATIONS } from '../../src/api/contract/operations.ts';
import { errorStatuses } from '../../src/api/contract/shared.ts';
import { renderReferencePage } from '../../src/api/contract/reference-page.ts';
import { conformanceChecker, type RecordedResponse } from '../helpers/openapi-conformance.ts';

const doc = buildOpenApiDocument({ version: '1.2.3' });
const check = conformanceChecker(doc);
type PathItem = Record<
  string,
  {
    operationId: string;
    parameters?: { name: string; in: string }[];
    responses: Record<string, unknown>;
    'x-roles': unknown;
  }
>;
const paths = doc.paths as Record<string, PathItem>;

const json = (
  method: string,
  path: string,
  status: number,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
): RecordedResponse => ({
  method,
  path,
  status,
  contentType,
  body: JSON.stringify(body),
});
const problem = (status: number) => ({
  type: `https://release-guard.dev/problems/${status}`,
  title: 'T',
  status,
  detail: 'd',
});
const releaseStatus = { prisonerNumber: 'A1234BC', releasable: true, clear: true, reasons: [] };

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the service version', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1.2.3');
  });

  it('documents every operation in the table, once, with unique operation ids', () => {
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => `${method} ${path} ${op.operationId}`),
    );
    expect(documented.sort()).toEqual(OPERATIONS.map((op) => `${op.method} ${op.path} ${op.operationId}`).sort());
    expect(new Set(OPERATIONS.map((op) => op.operationId)).size).toBe(OPERATIONS.length);
  });

  it('declares each path parameter of each template', () => {
    for (const [path, item] of Object.entries(paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item))
        expect(
          (op.parameters ?? [])
            .filter((p) => p.in === 'path')
            .map((p) => p.name)
            .sort(),
        ).toEqual(inPath.sort());
    }
  });

  it('lists each operation’s roles, and the error statuses its shape implies', () => {
    for (const op of OPERATIONS) {
      const documented = paths[op.path]![op.method]!;
      expect(documented['x-roles']).toEqual(Array.isArray(op.access) ? [...op.access] : op.access);
      for (const status of errorStatuses(op)) expect(Object.keys(documented.responses)).toContain(String(status));
    }
    const raise = OPERATIONS.find((op) => op.operationId === 'raiseQuery')!;
    expect(errorStatuses(raise)).toEqual([400, 401, 403, 409, 413, 415, 422, 429, 500, 503]);
    const ping = OPERATIONS.find((op) => op.operationId === 'ping')!;
    expect(errorStatuses(ping)).toEqual([]);
  });

  it('renders a reference page naming every operation and schema, with markup escaped', () => {
    const page = renderReferencePage(doc);
    for (const op of OPERATIONS) expect(page).toContain(`${op.method.toUpperCase()} ${op.path}`);
    for (const name of Object.keys(doc.components?.schemas ?? {})) expect(page).toContain(`id="schema-${name}"`);
    expect(page).not.toMatch(/<script/i);
  });
});

describe('the conformance check', () => {
  it('accepts a documented response', () => {
    expect(check(json('GET', '/api/prisoners/A1234BC/release-status', 200, releaseStatus))).toEqual({
      operation: 'GET /api/prisoners/{prisonerNumber}/release-status',
      problems: [],
    });
  });

  it('prefers a literal segment to a parameter', () => {
    expect(
      check(json('GET', '/api/incidents/counts', 200, { month: '2026-11', total: 1, byPrison: { MDI: 1 } })).operation,
    ).toBe('GET /api/incidents/counts');
  });

  it('refuses an undocumented field, a wrong type and a missing field', () => {
    expect(
      check(json('GET', '/api/prisoners/A1234BC/release-status', 200, { ...releaseStatus, secret: 1 })).problems.join(),
    ).toMatch(/additional properties.*secret/);
    expect(
      check(
        json('GET', '/api/prisoners/A1234BC/release-status', 200, { ...releaseStatus, releasable: 'yes' }),
      ).problems.join(),
    ).toMatch(/releasable must be boolean/);
    expect(
      check(
        json('GET', '/api/prisoners/A1234BC/release-status', 200, {
          prisonerNumber: 'A1234BC',
          clear: true,
          reasons: [],
        }),
      ).problems.join(),
    ).toMatch(/releasable/);
  });

  it('refuses a badly formatted date-time deep inside a body', () => {
    const reason = {
      key: 'k',
      kind: 'MANUAL',
      detail: 'd',
      prisonCode: 'MDI',
      placedBy: 'u',
      placedAt: 'yesterday',
      owner: 'o',
      lastProgressAt: '2026-11-27T10:00:00Z',
      reviewsSent: 0,
    };
    expect(
      check(
        json('GET', '/api/prisoners/A1234BC/release-status', 200, { ...releaseStatus, reasons: [reason] }),
      ).problems.join(),
    ).toMatch(/placedAt must match format "date-time"/);
  });

  it('refuses an undocumented status, and a documented one in the wrong media type', () => {
    expect(
      check(json('GET', '/api/prisoners/A1234BC/release-status', 418, problem(418), 'application/problem+json'))
        .problems,
    ).toEqual(['status 418 is not documented for GET /api/prisoners/{prisonerNumber}/release-status']);
    expect(check(json('GET', '/api/prisoners/A1234BC/release-status', 404, problem(404))).problems.join()).toMatch(
      /application\/json; documented: application\/problem\+json/,
    );
  });

  it('refuses a problem whose status differs from the HTTP status', () => {
    expect(
      check(
        json('GET', '/api/prisoners/A1234BC/release-status', 404, problem(400), 'application/problem+json'),
      ).problems.join(),
    ).toMatch(/differs from HTTP 404/);
  });

  it('refuses a body on a 204', () => {
    expect(
      check({
        method: 'DELETE',
        path: '/api/victim-contact/A1234BC/registrations/REG-ABCDEFGH',
        status: 204,
        contentType: '',
        body: '',
      }).problems,
    ).toEqual([]);
    expect(
      check({
        method: 'DELETE',
        path: '/api/victim-contact/A1234BC/registrations/REG-ABCDEFGH',
        status: 204,
        contentType: 'text/plain',
        body: 'gone',
      }).problems,
    ).toEqual(['204 should have no body']);
  });

  it('accepts only client-error problems from paths nobody documented', () => {
    expect(check(json('GET', '/api/nowhere', 404, problem(404), 'application/problem+json'))).toEqual({
      operation: null,
      problems: [],
    });
    expect(check(json('GET', '/api/nowhere', 200, {})).problems).toEqual([
      'undocumented GET /api/nowhere answered 200',
    ]);
    expect(check(json('GET', '/api/nowhere', 404, { oops: true }, 'application/json')).problems.join()).toMatch(
      /not a problem/,
    );
  });

  it('checks HTML pages by media type only', () => {
    expect(
      check({
        method: 'GET',
        path: '/victim-notifications/acknowledge',
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: '<p>hi</p>',
      }).problems,
    ).toEqual([]);
    expect(check(json('GET', '/victim-notifications/acknowledge', 200, {})).problems.join()).toMatch(
      /documented: text\/html/,
    );
  });
});
