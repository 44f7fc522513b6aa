import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * Every operation that takes an Idempotency-Key: a retry with the same key and body is the first
 * request's answer and changes nothing more; the same key with another body is a 409.
 */
let sys: TestSystem;
const tokens = {} as Record<'officer' | 'officer2' | 'governor' | 'vlo', string>;
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  sys = await startTestSystem();
  tokens.officer = await sys.issuer.token('prison.officer', ['PRISON_STAFF'], ['MDI']);
  tokens.officer2 = await sys.issuer.token('other.officer', ['PRISON_STAFF'], ['MDI']);
  tokens.governor = await sys.issuer.token('duty.governor', ['DUTY_GOVERNOR'], ['MDI']);
  tokens.vlo = await sys.issuer.token('vlo', ['VICTIM_LIAISON']);
});
afterAll(() => sys?.stop());

const post = (path: string, token: string, body: unknown, key: string) =>
  sys.http('POST', path, { token, body, headers: { 'Idempotency-Key': key } });
const holdOf = async (pn: string) =>
  (await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.officer })).body;

function expectConflict(res: { status: number; body: { detail?: string } }) {
  expect(res.status).toBe(409);
  expect(res.body.detail).toMatch(/Idempotency-Key was already used with a different request body/);
}

describe('Idempotency-Key on every keyed operation', () => {
  it('raises one query; another question, or another prisoner, under the same key is a conflict', async () => {
    const [pn, other] = [await sys.admit('MDI'), await sys.admit('MDI')];
    const body = {
      prisonerNumber: pn,
      category: 'WARRANT_MISSING',
      question: 'Is the warrant on file?',
      plannedRelease: inHours(30),
    };
    const first = await post('/api/urgent-queries', tokens.officer, body, `q-${pn}`);
    expect(first.status).toBe(201);
    const again = await post('/api/urgent-queries', tokens.officer, body, `q-${pn}`);
    expect([again.status, again.body.reference]).toEqual([201, first.body.reference]);
    expectConflict(
      await post('/api/urgent-queries', tokens.officer, { ...body, question: 'Another question' }, `q-${pn}`),
    );
    expectConflict(await post('/api/urgent-queries', tokens.officer, { ...body, prisonerNumber: other }, `q-${pn}`));
  });

  it('records one release; another movement under the same key is a conflict', async () => {
    const pn = await sys.admit('MDI');
    await sys.authoriseIfPossible(pn);
    const first = await post(`/api/prisoners/${pn}/releases`, tokens.officer, { reason: 'RELEASED' }, `r-${pn}`);
    expect(first.status).toBe(201);
    const again = await post(`/api/prisoners/${pn}/releases`, tokens.officer, { reason: 'RELEASED' }, `r-${pn}`);
    expect([again.status, again.body.id]).toEqual([201, first.body.id]);
    expectConflict(
      await post(`/api/prisoners/${pn}/releases`, tokens.officer, { reason: 'RELEASED_TO_HOSPITAL' }, `r-${pn}`),
    );
    expect((await holdOf(pn)).releases).toHaveLength(1);
  });

  it('places one manual hold; replayed after it was cleared, it answers 201 with the gate as it stands and places nothing', async () => {
    const pn = await sys.admit('MDI');
    const first = await post(
      `/api/prisoners/${pn}/holds`,
      tokens.officer,
      { reason: 'Awaiting the warrant' },
      `h-${pn}`,
    );
    expect(first.status).toBe(201);
    const key = first.body.reasons[0].key as string;
    expectConflict(await post(`/api/prisoners/${pn}/holds`, tokens.officer, { reason: 'Another reason' }, `h-${pn}`));
    expect(
      (await sys.http('POST', `/api/prisoners/${pn}/holds/${key}/clear`, { token: tokens.officer2, body: {} })).status,
    ).toBe(200);
    const replay = await post(
      `/api/prisoners/${pn}/holds`,
      tokens.officer,
      { reason: 'Awaiting the warrant' },
      `h-${pn}`,
    );
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ clear: true, reasons: [] });
    const hold = await holdOf(pn);
    expect(hold.reasons).toEqual([]);
    expect(hold.clearedReasons.map((r: { key: string }) => r.key)).toEqual([key]);
    expectConflict(await post(`/api/prisoners/${pn}/holds`, tokens.officer, { reason: 'Another reason' }, `h-${pn}`));
  });

  it('grants one override: a retry cannot grant a second, which would allow a second release', async () => {
    const pn = await sys.admit('MDI');
    await sys.http('POST', `/api/prisoners/${pn}/holds`, {
      token: tokens.officer,
      body: { reason: 'Awaiting the warrant' },
    });
    const body = { justification: 'Warrant seen by the governor; the court confirmed by phone' };
    const first = await post(`/api/prisoners/${pn}/overrides`, tokens.governor, body, `o-${pn}`);
    expect(first.status).toBe(201);
    const again = await post(`/api/prisoners/${pn}/overrides`, tokens.governor, body, `o-${pn}`);
    expect([again.status, again.body.id]).toEqual([201, first.body.id]);
    expectConflict(
      await post(
        `/api/prisoners/${pn}/overrides`,
        tokens.governor,
        { justification: 'A different justification, also long enough' },
        `o-${pn}`,
      ),
    );
    expect((await holdOf(pn)).overrides).toHaveLength(1);
  });

  it('reports one release in error; another account under the same key is a conflict', async () => {
    const pn = await sys.admit('MDI');
    const body = { howFound: 'The warrant arrived after discharge', releasedAt: inHours(-2) };
    const first = await post(`/api/prisoners/${pn}/releases-in-error`, tokens.governor, body, `e-${pn}`);
    expect(first.status).toBe(201);
    const again = await post(`/api/prisoners/${pn}/releases-in-error`, tokens.governor, body, `e-${pn}`);
    expect([again.status, again.body.incidentId]).toEqual([201, first.body.incidentId]);
    expectConflict(
      await post(
        `/api/prisoners/${pn}/releases-in-error`,
        tokens.governor,
        { ...body, howFound: 'Spotted on the roll check' },
        `e-${pn}`,
      ),
    );
    expect((await holdOf(pn)).incidents).toHaveLength(1);
  });

  it('adds one registration; another VLO under the same key is a conflict', async () => {
    const pn = await sys.admit('MDI');
    const body = {
      vloName: 'Vic Liaison',
      vloEmail: 'vlo.one@probation.test',
      teamMailbox: 'vlo-team@probation.test',
      probationRegion: 'Yorkshire',
      eligibility: 'STATUTORY',
    };
    const first = await post(`/api/victim-contact/${pn}/registrations`, tokens.vlo, body, `v-${pn}`);
    expect(first.status).toBe(201);
    const again = await post(`/api/victim-contact/${pn}/registrations`, tokens.vlo, body, `v-${pn}`);
    expect([again.status, again.body.id]).toEqual([201, first.body.id]);
    expectConflict(
      await post(
        `/api/victim-contact/${pn}/registrations`,
        tokens.vlo,
        { ...body, vloEmail: 'vlo.two@probation.test' },
        `v-${pn}`,
      ),
    );
    expect((await sys.http('GET', `/api/victim-contact/${pn}`, { token: tokens.vlo })).body.registrations).toHaveLength(
      1,
    );
  });
});
