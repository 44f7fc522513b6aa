import { signCourtResults } from '../../src/api/court-signature.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/api/contract/operations.ts';
import { PRISON_ROLES, type Role } from '../../src/domain/actors.ts';
import { uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { TEST_COURT_SIGNING_SECRET, startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * Every actor against every kind of endpoint: the role decides 403, the caseload decides 404 (so a
 * prison outside it is invisible rather than forbidden), and everyone else gets an answer.
 */
const ACTORS: Record<string, [Role, string[]]> = {
  'staff@MDI': ['PRISON_STAFF', ['MDI']],
  'staff@LEI': ['PRISON_STAFF', ['LEI']],
  'governor@MDI': ['DUTY_GOVERNOR', ['MDI']],
  'governor@LEI': ['DUTY_GOVERNOR', ['LEI']],
  'escort@MDI': ['ESCORT_CONTRACTOR', ['MDI']],
  expert: ['COURT_EXPERT', []],
  lead: ['QUERY_UNIT_LEAD', []],
  vlo: ['VICTIM_LIAISON', []],
  courts: ['COURT_RESULTS', []],
  sync: ['PRISON_SYNC', []],
  events: ['EVENT_READER', []],
};
type Actor = keyof typeof ACTORS;
const ALL = Object.keys(ACTORS) as Actor[];

let sys: TestSystem;
const tokens = {} as Record<Actor, string>;
const PN = uniquePrisonerNumber();
/** On MDI's roll with nothing standing against him. */
const UNHELD = uniquePrisonerNumber();
let reference = '';

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.admit('MDI', PN);
  await sys.admit('MDI', UNHELD);
  for (const actor of ALL) {
    const [role, caseload] = ACTORS[actor]!;
    tokens[actor] = await sys.issuer.token(actor.replace('@', '.'), [role], caseload);
  }
  reference = (
    await sys.http('POST', '/api/urgent-queries', {
      token: tokens['staff@MDI'],
      body: { prisonCode: 'MDI', prisonerNumber: PN, category: 'OTHER', question: 'q' },
    })
  ).body.reference;
  await sys.http('POST', `/api/prisoners/${PN}/holds`, {
    token: tokens['staff@MDI'],
    body: { prisonCode: 'MDI', reason: 'Matrix hold' },
  });
});
afterAll(() => sys?.stop());

type Expectation = Record<Actor, number>;
const row = (defaults: number, overrides: Partial<Expectation>): Expectation =>
  ({ ...Object.fromEntries(ALL.map((a) => [a, defaults])), ...overrides }) as Expectation;

const MATRIX: { name: string; call: () => [string, string, unknown?]; expect: Expectation }[] = [
  {
    name: 'read an urgent query',
    call: () => ['GET', `/api/urgent-queries/${reference}`],
    expect: row(403, {
      'staff@MDI': 200,
      'governor@MDI': 200,
      'staff@LEI': 404,
      'governor@LEI': 404,
      expert: 200,
      lead: 200,
    }),
  },
  {
    name: 'list urgent queries',
    call: () => ['GET', '/api/urgent-queries?pageSize=1'],
    expect: row(403, {
      'staff@MDI': 200,
      'governor@MDI': 200,
      'staff@LEI': 200,
      'governor@LEI': 200,
      expert: 200,
      lead: 200,
    }),
  },
  {
    name: 'raise an urgent query for MDI',
    call: () => [
      'POST',
      '/api/urgent-queries',
      { prisonCode: 'MDI', prisonerNumber: PN, category: 'OTHER', question: 'q' },
    ],
    expect: row(403, { 'staff@MDI': 201, 'governor@MDI': 201 }),
  },
  {
    name: 'ask the discharge gate',
    call: () => ['GET', `/api/prisoners/${PN}/release-status`],
    expect: row(403, {
      'staff@MDI': 200,
      'governor@MDI': 200,
      'escort@MDI': 200,
      'staff@LEI': 404,
      'governor@LEI': 404,
      expert: 200,
      lead: 200,
      sync: 200,
    }),
  },
  {
    name: 'read a prisoner in the register',
    call: () => ['GET', `/api/prisoners/${PN}`],
    expect: row(403, {
      'staff@MDI': 200,
      'governor@MDI': 200,
      'escort@MDI': 200,
      'staff@LEI': 404,
      'governor@LEI': 404,
      expert: 200,
      lead: 200,
      sync: 200,
    }),
  },
  {
    name: 'write a prisoner to the register',
    call: () => [
      'PUT',
      `/api/prisoners/${PN}`,
      { firstName: 'Test', lastName: 'Prisoner', dateOfBirth: '1980-01-01', prisonCode: 'MDI', status: 'IN_CUSTODY' },
    ],
    expect: row(403, { sync: 200 }),
  },
  {
    name: 'flag a custodial-status change from court',
    call: () => [
      'POST',
      `/api/prisoners/${PN}/custodial-status-changes`,
      { courtCode: 'SHEFCC', courtCaseReference: 'T20260001', detail: 'Remanded in custody' },
    ],
    expect: row(403, { expert: 201, lead: 201, courts: 201 }),
  },
  {
    name: 'record a release of an MDI prisoner',
    // Refused by the gate (the matrix hold stands) for those who may act; invisible to another prison.
    call: () => ['POST', `/api/prisoners/${PN}/releases`, { reason: 'RELEASED' }],
    expect: row(403, { 'staff@MDI': 409, 'governor@MDI': 409, 'staff@LEI': 404, 'governor@LEI': 404 }),
  },
  {
    name: 'record a release from court of an MDI prisoner',
    call: () => ['POST', `/api/prisoners/${PN}/releases`, { reason: 'RELEASED_FROM_COURT' }],
    expect: row(403, {
      'staff@MDI': 409,
      'governor@MDI': 409,
      'escort@MDI': 409,
      'staff@LEI': 404,
      'governor@LEI': 404,
    }),
  },
  {
    name: 'override a hold',
    call: () => [
      'POST',
      `/api/prisoners/${UNHELD}/overrides`,
      { prisonCode: 'MDI', justification: 'A justification long enough to be accepted here' },
    ],
    // A governor for MDI passes the role and caseload checks and meets the empty hold (409); LEI's cannot see him.
    expect: row(403, { 'governor@MDI': 409, 'governor@LEI': 404 }),
  },
  {
    name: 'read a victim contact registration',
    call: () => ['GET', `/api/victim-contact/${PN}`],
    expect: row(403, { vlo: 404 }),
  },
  {
    name: 'list victim notifications',
    call: () => ['GET', '/api/victim-notifications'],
    expect: row(403, { vlo: 200 }),
  },
  {
    name: 'count incidents for the performance board',
    call: () => ['GET', `/api/incidents/counts?month=${new Date().toISOString().slice(0, 7)}`],
    expect: row(403, { lead: 200 }),
  },
  {
    name: 'read domain events',
    call: () => ['GET', '/api/events?limit=1'],
    expect: row(403, { lead: 200, events: 200 }),
  },
];

describe('role × caseload × endpoint', () => {
  for (const entry of MATRIX) {
    it(entry.name, async () => {
      const actual = {} as Expectation;
      for (const actor of ALL) {
        const [method, path, body] = entry.call();
        actual[actor] = (await sys.http(method, path, { token: tokens[actor], ...(body ? { body } : {}) })).status;
      }
      expect(actual).toEqual(entry.expect);
    });
  }

  it('answers 401 to every endpoint without a valid token', async () => {
    for (const entry of MATRIX) {
      const [method, path, body] = entry.call();
      expect((await sys.http(method, path, body ? { body } : {})).status).toBe(401);
    }
  });
});

/**
 * The roles the OpenAPI document declares, checked against the running API for every operation:
 * a role it does not list is refused (403, or 404 where the subject is outside a prison user's
 * caseload and must stay invisible), and a role it lists is never refused for its role.
 */
describe('the roles in the OpenAPI document are the roles the API enforces', () => {
  const subject = (template: string) =>
    template
      .replace('{reference}', reference)
      .replace('{prisonerNumber}', PN)
      .replace('{key}', 'manual-NOSUCHKEY')
      .replace('{id}', template.startsWith('/api/incidents') ? `RIE-${PN}-NOSUCHID` : 'VN-00000000')
      .replace('{hearingId}', '00000000-0000-4000-8000-000000000000')
      .replace('{version}', '1');

  for (const op of OPERATIONS) {
    if (!Array.isArray(op.access)) continue;
    const allowed: readonly Role[] = op.access;
    it(`${op.method.toUpperCase()} ${op.path}`, async () => {
      const wrong: string[] = [];
      for (const actor of ALL) {
        const [role, caseload] = ACTORS[actor]!;
        // Court results are signed as well as authorised: a signed empty body, so only the role decides.
        const signed =
          op.operationId === 'receiveHearingResult'
            ? { headers: { 'x-court-results-signature': signCourtResults(TEST_COURT_SIGNING_SECRET, '{}') } }
            : {};
        const { status } = await sys.http(op.method.toUpperCase(), subject(op.path), {
          token: tokens[actor],
          ...(op.body ? { body: {} } : {}),
          ...signed,
        });
        const hidden = PRISON_ROLES.includes(role) && !caseload.includes('MDI') && status === 404;
        if (allowed.includes(role) ? status === 403 || status === 401 : status !== 403 && !hidden)
          wrong.push(`${actor} (${role}) got ${status}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
