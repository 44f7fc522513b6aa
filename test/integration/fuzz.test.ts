import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * Thousands of generated bodies, paths and headers against the API: none may yield a 5xx, and a
 * rejected request must leave what is stored exactly as it was.
 */
let sys: TestSystem;
let officer: string;
let reference = '';
const PN = uniquePrisonerNumber();

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.admit('MDI', PN);
  officer = await sys.issuer.token('fuzz.officer', ['PRISON_STAFF'], ['MDI']);
  reference = (
    await sys.http('POST', '/api/urgent-queries', {
      token: officer,
      body: { prisonCode: 'MDI', prisonerNumber: PN, category: 'OTHER', question: 'fuzz target' },
    })
  ).body.reference;
  await sys.http('POST', `/api/prisoners/${PN}/holds`, {
    token: officer,
    body: { prisonCode: 'MDI', reason: 'fuzz target hold' },
  });
});
afterAll(() => sys?.stop());

const snapshot = async () => ({
  query: (await sys.http('GET', `/api/urgent-queries/${reference}`, { token: officer })).body,
  hold: (await sys.http('GET', `/api/prisoners/${PN}/hold`, { token: officer })).body,
});

const json = fc.jsonValue({ maxDepth: 3 });
const fieldNames = fc.constantFrom(
  'prisonCode',
  'prisonerNumber',
  'category',
  'question',
  'plannedRelease',
  'reason',
  'determination',
  'evidence',
  'text',
  '__proto__',
  'constructor',
  'toString',
);
const objectBody = fc.dictionary(fieldNames, json, { maxKeys: 6 });
const body = fc.oneof(
  json,
  objectBody,
  fc.string({ maxLength: 300 }),
  fc.constant('{"unterminated":'),
  fc.constant(''),
);
const segment = fc.oneof(
  fc.constantFrom(
    reference || 'UQ-MDI-00000000',
    PN,
    'A1234BC',
    '..',
    '%00',
    '%E0%A4%A',
    'claim',
    'resolve',
    'holds',
    'release-status',
    'x'.repeat(300),
  ),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
);

describe('fuzzing the API', () => {
  it('never answers 5xx and never changes stored state on a rejected request', async () => {
    const before = await snapshot();
    const succeeded: string[] = [];
    const targets = () => [
      `/api/urgent-queries`,
      `/api/urgent-queries/${reference}`,
      `/api/urgent-queries/${reference}/resolve`,
      `/api/urgent-queries/${reference}/withdraw`,
      `/api/urgent-queries/${reference}/planned-release`,
      `/api/prisoners/${PN}/releases`,
      `/api/prisoners/${PN}/holds`,
      `/api/prisoners/${PN}/overrides`,
      `/api/victim-contact/${PN}`,
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets()),
        fc.constantFrom('POST', 'PUT', 'GET', 'DELETE', 'PATCH'),
        body,
        contentType,
        fc.array(segment, { maxLength: 3 }),
        fc.constantFrom('valid', 'none', 'garbage', 'Bearer ', 'Basic abc'),
        fc.boolean(),
        async (target, method, payload, type, extra, auth, randomPath) => {
          const path = randomPath && extra.length ? `/api/${extra.join('/')}` : target;
          const headers: Record<string, string> = {};
          if (type) headers['content-type'] = type;
          if (auth === 'valid') headers.authorization = `Bearer ${officer}`;
          else if (auth === 'garbage') headers.authorization = `Bearer ${'x'.repeat(40)}.${'y'.repeat(10)}.z`;
          else if (auth !== 'none') headers.authorization = auth;
          const hasBody = method !== 'GET' && method !== 'DELETE';
          const res = await fetch(`${sys.baseUrl}${path}`, {
            method,
            headers,
            ...(hasBody ? { body: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}),
          });
          await res.arrayBuffer();
          if (res.status >= 200 && res.status < 300 && method !== 'GET') succeeded.push(`${method} ${path}`);
          return res.status < 500;
        },
      ),
      { numRuns: 2_000 },
    );
    const after = await snapshot();
    // Any request that was accepted may legitimately change state; the generators are built so that none should be.
    expect(succeeded).toEqual([]);
    expect(after).toEqual(before);
  });

  it('never answers 5xx to near-valid bodies, which reach past validation into the workflows', async () => {
    const VALID: Record<string, Record<string, unknown>> = {
      [`/api/urgent-queries`]: {
        prisonCode: 'MDI',
        prisonerNumber: PN,
        category: 'OTHER',
        question: 'q',
        plannedRelease: new Date(Date.now() + 50 * 3_600_000).toISOString(),
      },
      [`/api/urgent-queries/${reference}/notes`]: { text: 'a note' },
      [`/api/urgent-queries/${reference}/planned-release`]: {
        plannedRelease: new Date(Date.now() + 90 * 3_600_000).toISOString(),
      },
      [`/api/prisoners/${PN}/releases`]: { prisonCode: 'MDI', reason: 'SENT_TO_COURT' },
      [`/api/prisoners/${PN}/holds`]: { prisonCode: 'MDI', reason: 'a reason' },
      [`/api/prisoners/${PN}/custodial-status-changes`]: {
        prisonCode: 'MDI',
        courtCode: 'SHEFCC',
        courtCaseReference: 'T1',
        detail: 'd',
      },
    };
    const value = fc.oneof(
      json,
      fc.string({ maxLength: 50 }),
      fc.constantFrom('MDI', 'LEI', 'RELEASED', 'OTHER', '2026-13-45T99:99:99Z', '', ' ', null),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(VALID)),
        fc.option(fc.tuple(fc.string({ maxLength: 20 }), value), { nil: undefined }),
        fc.boolean(),
        async (path, mutation, drop) => {
          const base = { ...VALID[path]! };
          if (mutation) {
            const keys = Object.keys(base);
            const key = drop ? keys[mutation[0].length % keys.length]! : mutation[0] || keys[0]!;
            if (drop) delete base[key];
            else base[key] = mutation[1];
          }
          const res = await sys.http('POST', path, { token: officer, body: base });
          return res.status < 500;
        },
      ),
      { numRuns: 400 },
    );
  });
});
