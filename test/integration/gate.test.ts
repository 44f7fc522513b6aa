import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/actors.ts';
import { eventually, uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * The gate must never say yes wrongly. Each case here was a wrong answer before the register, the
 * second version of the gate and the split of the SYSTEM role: tried as a new user and an attacker would.
 */
let sys: TestSystem;
const tokens: Record<string, string> = {};
const USERS: Record<string, [Role[], string[]]> = {
  mdi: [['PRISON_STAFF'], ['MDI']],
  mdi2: [['PRISON_STAFF'], ['MDI']],
  mdiGovernor: [['DUTY_GOVERNOR'], ['MDI']],
  lei: [['PRISON_STAFF'], ['LEI']],
  leiGovernor: [['DUTY_GOVERNOR'], ['LEI']],
  expert: [['COURT_EXPERT'], []],
  lead: [['QUERY_UNIT_LEAD'], []],
  courts: [['COURT_RESULTS'], []],
  sync: [['PRISON_SYNC'], []],
  events: [['EVENT_READER'], []],
  escort: [['ESCORT_CONTRACTOR'], ['MDI']],
  escortLei: [['ESCORT_CONTRACTOR'], ['LEI']],
};
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const JUSTIFICATION = 'Court clerk confirmed by phone that the warrant was withdrawn';

beforeAll(async () => {
  sys = await startTestSystem();
  for (const [user, [roles, caseload]] of Object.entries(USERS)) tokens[user] = await sys.issuer.token(user, roles, caseload);
});
afterAll(() => sys?.stop());

const as = (user: string) => ({
  get: (path: string) => sys.http('GET', path, { token: tokens[user] }),
  post: (path: string, body: unknown = {}, headers: Record<string, string> = {}) => sys.http('POST', path, { token: tokens[user], body, headers }),
  put: (path: string, body: unknown) => sys.http('PUT', path, { token: tokens[user], body }),
});
const raise = (pn: string, extra: Record<string, unknown> = {}, user = 'mdi') => as(user).post('/api/urgent-queries', { prisonerNumber: pn, category: 'WARRANT_MISSING', question: 'No remand warrant on file', ...extra });
/** These tests are about reasons and movements: the desk has authorised the movement today (see release-authority.test.ts). */
const release = async (pn: string, user = 'mdi', body: Record<string, unknown> = {}, { authorise = true } = {}) => {
  if (authorise) await sys.authoriseIfPossible(pn, String(body.reason ?? 'RELEASED'));
  return as(user).post(`/api/prisoners/${pn}/releases`, { reason: 'RELEASED', ...body });
};
const record = (pn: string) => ({ firstName: 'Jay', lastName: 'Gatsby', dateOfBirth: '1976-07-04', pncNumber: '2002/0700001G', prisonCode: 'MDI', status: 'IN_CUSTODY', aliases: [{ firstName: 'James', lastName: 'Gatz', dateOfBirth: '1976-07-04' }], ...(pn ? {} : {}) });

describe('a register decides where a prisoner is, and who may act on him', () => {
  it('is fed by the prison-system sync, read by the unit and the holding prison, and searched across aliases', async () => {
    const pn = uniquePrisonerNumber();
    const created = await as('sync').put(`/api/prisoners/${pn}`, record(pn));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ prisonerNumber: pn, prisonCode: 'MDI', status: 'IN_CUSTODY', aliases: [{ firstName: 'James', lastName: 'Gatz' }] });
    expect((await as('sync').put(`/api/prisoners/${pn}`, { ...record(pn), middleNames: 'James' })).status).toBe(200);
    expect((await as('mdi').get(`/api/prisoners/${pn}`)).body.middleNames).toBe('James');
    expect((await as('expert').get(`/api/prisoners/${pn}`)).status).toBe(200);
    expect((await as('lei').get(`/api/prisoners/${pn}`)).status).toBe(404);
    // By an alias and its date of birth, by number in lower case with spaces, and by PNC.
    const byAlias = await as('expert').get('/api/prisoners?lastName=gatz&dateOfBirth=1976-07-04');
    expect(byAlias.body.items.map((p: { prisonerNumber: string }) => p.prisonerNumber)).toContain(pn);
    expect((await as('mdi').get(`/api/prisoners?prisonerNumber=${encodeURIComponent(` ${pn.toLowerCase()} `)}`)).body.items).toHaveLength(1);
    expect((await as('lei').get(`/api/prisoners?prisonerNumber=${pn}`)).body.items).toEqual([]);
    expect((await as('expert').get('/api/prisoners?pncNumber=2002/0700001G')).body.items.map((p: { prisonerNumber: string }) => p.prisonerNumber)).toContain(pn);
    // Only the sync writes it; an unknown establishment is a 422 naming the field.
    expect((await as('mdi').put(`/api/prisoners/${pn}`, record(pn))).status).toBe(403);
    const unknown = await as('sync').put(`/api/prisoners/${pn}`, { ...record(pn), prisonCode: 'ZZZ' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'body.prisonCode', message: 'ZZZ is not a known establishment' }]);
  });

  it('moves a prisoner on a transfer from the prison system, and with him who may act on him', async () => {
    const pn = await sys.admit('MDI');
    const moved = await as('sync').post(`/api/prisoners/${pn}/movements`, { type: 'TRANSFERRED', prisonCode: 'LEI' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ prisonCode: 'LEI', status: 'IN_CUSTODY' });
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).status).toBe(404);
    expect((await as('lei').get(`/api/prisoners/${pn}/release-status`)).status).toBe(200);
    expect((await as('sync').post(`/api/prisoners/${pn}/movements`, { type: 'RECEIVED', prisonCode: 'NOPE' })).status).toBe(400);
  });

  it('lets no other prison override, release, read or audit an MDI prisoner (it was 201 for a Leeds governor)', async () => {
    const pn = await sys.admit('MDI');
    expect((await as('mdi').post(`/api/prisoners/${pn}/holds`, { reason: 'Awaiting the remand warrant' })).status).toBe(201);
    expect((await as('leiGovernor').post(`/api/prisoners/${pn}/overrides`, { prisonCode: 'MDI', justification: JUSTIFICATION })).status).toBe(404);
    expect((await as('leiGovernor').post(`/api/prisoners/${pn}/overrides`, { prisonCode: 'LEI', justification: JUSTIFICATION })).status).toBe(404);
    expect((await release(pn, 'lei', { prisonCode: 'LEI' })).status).toBe(404);
    expect((await as('lei').get(`/api/prisoners/${pn}/hold`)).status).toBe(404);
    expect((await as('lei').get(`/api/prisoners/${pn}/release-status`)).status).toBe(404);
    // MDI still sees him, held.
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body.releasable).toBe(false);
    expect((await as('mdi').get(`/api/prisoners/${pn}/hold`)).body.releases).toEqual([]);
  });

  it('takes a body’s prisonCode only when it agrees with the register (422 naming the field)', async () => {
    const pn = await sys.admit('MDI');
    const wrong = await release(pn, 'mdi', { prisonCode: 'LEI' }, { authorise: false });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ field: 'body.prisonCode', message: expect.stringContaining('the register places') }]);
    expect((await as('mdi').get(`/api/prisoners/${pn}/hold`)).status).toBe(404); // nothing stored
  });

  it('raises a query only for a prisoner on the raising prison’s roll (422 otherwise)', async () => {
    const atLeeds = await sys.admit('LEI');
    for (const pn of [atLeeds, uniquePrisonerNumber()]) {
      const res = await raise(pn, { prisonCode: 'MDI' });
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({ field: 'body.prisonerNumber', message: expect.stringContaining('is not on the roll of MDI') });
    }
    // The prison can be left out: the register knows where he is.
    expect((await raise(await sys.admit('MDI'))).status).toBe(201);
  });
});

describe('every open query holds, from the moment it is raised', () => {
  it('refuses twenty releases sent the instant after twenty CRITICAL queries are raised (all twenty went through before)', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const pn = await sys.admit('MDI');
        const raised = await raise(pn, { plannedRelease: inHours(6) });
        expect(raised.status).toBe(201);
        return (await release(pn)).status;
      }),
    );
    expect(outcomes).toEqual(Array(20).fill(409));
  });

  it('still refuses the release when the worker is killed between the raise and the release', async () => {
    const pn = await sys.admit('MDI');
    expect((await raise(pn, { plannedRelease: inHours(6) })).status).toBe(201);
    await sys.stopWorker();
    const refused = release(pn); // waits for a worker: the hold is durable, not in a process
    await sys.startWorker();
    expect((await refused).status).toBe(409);
  });

  it('holds for a STANDARD query (release 80 hours away) and for one with no planned release', async () => {
    for (const extra of [{ plannedRelease: inHours(80) }, {}]) {
      const pn = await sys.admit('MDI');
      const raised = await raise(pn, extra);
      const refused = await release(pn);
      expect(refused.status).toBe(409);
      expect(refused.body.reasons).toEqual([expect.objectContaining({ key: `query-${raised.body.reference}`, kind: 'URGENT_QUERY' })]);
    }
  });

  it('lets no token clear an open query’s reason; a team leader lifts it only with a written justification', async () => {
    const pn = await sys.admit('MDI');
    const { reference } = (await raise(pn)).body;
    const path = `/api/prisoners/${pn}/holds/query-${reference}/clear`;
    for (const user of ['mdi', 'mdiGovernor', 'expert', 'courts']) expect([user, (await as(user).post(path, { note: JUSTIFICATION })).status]).toEqual([user, 403]);
    // The sync and event reader may not even call it.
    for (const user of ['sync', 'events']) expect((await as(user).post(path, {})).status).toBe(403);
    const bare = await as('lead').post(path, { note: 'ok' });
    expect(bare.status).toBe(422);
    expect((await release(pn)).status).toBe(409);
    const lifted = await as('lead').post(path, { note: JUSTIFICATION });
    expect(lifted.status).toBe(200);
    expect(lifted.body.releasable).toBe(true);
    const hold = await as('lead').get(`/api/prisoners/${pn}/hold`);
    expect(hold.body.audit.at(-1)).toMatchObject({ who: 'lead', what: 'REASON_CLEARED', detail: expect.stringContaining(JUSTIFICATION) });
  });
});

describe('a refusal is recorded, and movements reach the register', () => {
  it('records each release the gate refuses in the hold and as a release-guard.release.prevented event', async () => {
    const pn = await sys.admit('MDI');
    await as('courts').post(`/api/prisoners/${pn}/custodial-status-changes`, { courtCode: 'SHEFCC', courtCaseReference: 'T2026-0117', detail: 'Remanded in custody' });
    const first = await release(pn, 'mdi', {});
    const keyed = await release(pn, 'mdi2', {}); // a second desk
    expect([first.status, keyed.status]).toEqual([409, 409]);
    const hold = (await as('mdi').get(`/api/prisoners/${pn}/hold`)).body;
    expect(hold.refusalCount).toBe(2);
    expect(hold.refusals.map((r: { by: string }) => r.by)).toEqual(['mdi', 'mdi2']);
    expect(hold.refusals[0].standing).toEqual([{ key: expect.stringMatching(/^court-SHEFCC-T20260117-/), kind: 'CUSTODIAL_STATUS_CHANGE' }]);
    const events = await eventually(
      () => as('events').get('/api/events?eventType=release-guard.release.prevented&limit=1000'),
      (r) => r.body.events.filter((e: { personReference: { identifiers: { value: string }[] } }) => e.personReference.identifiers[0]!.value === pn).length === 2,
    );
    const mine = events.body.events.filter((e: { personReference: { identifiers: { value: string }[] } }) => e.personReference.identifiers[0]!.value === pn);
    expect(mine[0].additionalInformation).toMatchObject({ prisonId: 'MDI', movement: 'RELEASED', reasonKinds: 'CUSTODIAL_STATUS_CHANGE' });
  });

  it('answers a keyed retry of a refused release with the same refusal, even once the reasons clear', async () => {
    const pn = await sys.admit('MDI');
    await as('mdi').post(`/api/prisoners/${pn}/holds`, { reason: 'Check the warrant' });
    const key = { 'Idempotency-Key': `release-${pn}` };
    expect((await release(pn, 'mdi', {}).then(() => as('mdi').post(`/api/prisoners/${pn}/releases`, { reason: 'RELEASED' }, key))).status).toBe(409);
    const [reason] = (await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body.reasons;
    expect((await as('mdi2').post(`/api/prisoners/${pn}/holds/${reason.key}/clear`, {})).status).toBe(200);
    expect((await as('mdi').post(`/api/prisoners/${pn}/releases`, { reason: 'RELEASED' }, key)).status).toBe(409);
    expect((await release(pn)).status).toBe(201);
  });

  it('marks him released in the register, and back in custody at the time the prison gives', async () => {
    const pn = await sys.admit('MDI');
    const released = await release(pn, 'mdi', { releasedAt: inHours(-2) });
    expect(released.status).toBe(201);
    await eventually(() => as('mdi').get(`/api/prisoners/${pn}`), (r) => r.body.status === 'RELEASED');
    // Released, he is still the releasing prison's to see and to act on; another release is a conflict.
    expect((await release(pn)).status).toBe(409);
    const back = inHours(-1);
    const returned = await as('mdi').post(`/api/prisoners/${pn}/returned-to-custody`, { returnedAt: back });
    expect(returned.status).toBe(200);
    expect(returned.body.releases[0].returnedToCustodyAt).toBe(new Date(back).toISOString());
    const prisoner = await eventually(() => as('mdi').get(`/api/prisoners/${pn}`), (r) => r.body.status === 'IN_CUSTODY');
    expect(prisoner.body.statusSince).toBe(new Date(back).toISOString());
  });

  it('moves him to another prison on a transfer recorded at the gate, which is not gated', async () => {
    const pn = await sys.admit('MDI');
    await as('mdi').post(`/api/prisoners/${pn}/holds`, { reason: 'Hold that does not stop a transfer' });
    const same = await release(pn, 'mdi', { reason: 'TRANSFERRED', toPrisonCode: 'MDI' });
    expect(same.status).toBe(422);
    expect((await release(pn, 'mdi', { reason: 'TRANSFERRED' })).status).toBe(400);
    const moved = await release(pn, 'mdi', { reason: 'TRANSFERRED', toPrisonCode: 'LEI' });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ reason: 'TRANSFERRED', prisonCode: 'MDI', toPrisonCode: 'LEI' });
    await eventually(() => as('lei').get(`/api/prisoners/${pn}`), (r) => r.status === 200 && r.body.prisonCode === 'LEI');
    expect((await as('mdi').get(`/api/prisoners/${pn}`)).status).toBe(404);
  });

  it('brings a released prisoner back when the prison system reports him received, and his incident hears', async () => {
    const pn = await sys.admit('MDI');
    await release(pn, 'mdi', { releasedAt: inHours(-3) });
    const reported = await as('mdi').post(`/api/prisoners/${pn}/releases-in-error`, { howFound: 'Warrant found after discharge' });
    const { incidentId } = reported.body;
    const at = inHours(-0.5);
    const received = await as('sync').post(`/api/prisoners/${pn}/movements`, { type: 'RECEIVED', prisonCode: 'LEI', occurredAt: at });
    expect(received.body).toMatchObject({ prisonCode: 'LEI', status: 'IN_CUSTODY' });
    const incident = await eventually(() => as('lead').get(`/api/incidents/${incidentId}`), (r) => r.body.status === 'RETURNED_TO_CUSTODY');
    expect(incident.body.returnedToCustodyAt).toBe(new Date(at).toISOString());
  });

  it('carries a RELEASE_DATE_CHANGED answer to the hold and the register, and puts a "not before" reason in place of the query’s', async () => {
    const pn = await sys.admit('MDI');
    const { reference } = (await raise(pn, { plannedRelease: inHours(30) })).body;
    await as('expert').post(`/api/urgent-queries/${reference}/claim`);
    const newDate = inHours(24 * 9);
    const answered = await as('expert').post(`/api/urgent-queries/${reference}/resolve`, { determination: 'RELEASE_DATE_CHANGED', evidence: 'Recalculated: consecutive sentence', newReleaseDate: newDate });
    expect(answered.status).toBe(200);
    const status = await eventually(() => as('mdi').get(`/api/prisoners/${pn}/release-status`), (r) => r.body.reasons.length === 1 && r.body.reasons[0].kind === 'NOT_BEFORE' && r.body.plannedRelease !== undefined);
    expect(status.body.plannedRelease).toBe(new Date(newDate).toISOString());
    await eventually(() => as('mdi').get(`/api/prisoners/${pn}`), (r) => r.body.plannedRelease === new Date(newDate).toISOString());
  });
});

describe('the movements, causes and identifiers of the real process', () => {
  it('gates a release from court by the escort contractor like any release, and lets its staff record nothing else', async () => {
    const pn = await sys.admit('MDI');
    await as('sync').post(`/api/prisoners/${pn}/movements`, { type: 'RECEIVED', prisonCode: 'MDI' }); // a movement keeps him on the roll
    await release(pn, 'mdi', { reason: 'SENT_TO_COURT' });
    const { reference } = (await raise(pn)).body;
    const refused = await release(pn, 'escort', { reason: 'RELEASED_FROM_COURT' });
    expect(refused.status).toBe(409);
    expect(refused.body.reasons[0].key).toBe(`query-${reference}`);
    expect((await release(pn, 'escort', { reason: 'RELEASED' })).status).toBe(403);
    expect((await release(pn, 'escortLei', { reason: 'RELEASED_FROM_COURT' })).status).toBe(404);
    expect((await as('escort').get(`/api/prisoners/${pn}/release-status`)).body.releasable).toBe(false);
    expect((await as('escort').post('/api/urgent-queries', { prisonerNumber: pn, category: 'OTHER', question: 'q' })).status).toBe(403);
    await as('expert').post(`/api/urgent-queries/${reference}/claim`);
    await as('expert').post(`/api/urgent-queries/${reference}/resolve`, { determination: 'RELEASE_MAY_PROCEED', evidence: 'Court result: bail' });
    await eventually(() => as('escort').get(`/api/prisoners/${pn}/release-status`), (r) => r.body.releasable === true);
    const released = await release(pn, 'escort', { reason: 'RELEASED_FROM_COURT' });
    expect(released.status).toBe(201);
    await eventually(() => as('mdi').get(`/api/prisoners/${pn}`), (r) => r.body.status === 'RELEASED');
  });

  it('gates a handover to immigration detention or removal under the Early Removal Scheme, and marks him transferred out', async () => {
    const pn = await sys.admit('MDI');
    await as('mdi').post(`/api/prisoners/${pn}/holds`, { reason: 'Deportation order to be confirmed' });
    expect((await release(pn, 'mdi', { reason: 'HANDED_TO_IMMIGRATION' })).status).toBe(409);
    const [reason] = (await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body.reasons;
    await as('mdi2').post(`/api/prisoners/${pn}/holds/${reason.key}/clear`, {});
    expect((await release(pn, 'mdi', { reason: 'HANDED_TO_IMMIGRATION' })).status).toBe(201);
    await eventually(() => as('mdi').get(`/api/prisoners/${pn}`), (r) => r.body.status === 'TRANSFERRED_OUT');
  });

  it('checks prison codes against the register’s establishments, not only their shape (422 naming the field)', async () => {
    const pn = await sys.admit('MDI');
    const raised = await as('mdi').post('/api/urgent-queries', { prisonCode: 'ZZZ', prisonerNumber: pn, category: 'OTHER', question: 'q' });
    expect(raised.status).toBe(422);
    expect(raised.body.errors).toEqual([{ field: 'body.prisonCode', message: 'ZZZ is not a known establishment' }]);
    expect((await as('expert').get('/api/urgent-queries?prisonCode=ZZZ')).body.errors).toEqual([{ field: 'query.prisonCode', message: 'ZZZ is not a known establishment' }]);
    expect((await as('lead').get('/api/incidents?prisonCode=ZZZ')).status).toBe(422);
    expect((await release(pn, 'mdi', { reason: 'TRANSFERRED', toPrisonCode: 'ZZZ' })).body.errors[0].field).toBe('body.toPrisonCode');
  });

  it('reads a query reference case-insensitively, and a prisoner number in lower case with spaces', async () => {
    const pn = await sys.admit('MDI');
    const { reference } = (await raise(pn)).body;
    expect((await as('mdi').get(`/api/urgent-queries/${reference.toLowerCase()}`)).body.reference).toBe(reference);
    expect((await as('mdi').get(`/api/prisoners/${encodeURIComponent(` ${pn.toLowerCase()}`)}/release-status`)).body.prisonerNumber).toBe(pn);
    expect((await raise(` ${pn.toLowerCase()} `)).status).toBe(201);
  });

  it('records whether an incident falls inside the official definition, and counts those outside it apart', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const before = (await as('lead').get(`/api/incidents/counts?month=${month}`)).body;
    const pn = await sys.admit('MDI');
    await release(pn, 'mdi', { releasedAt: inHours(-3) });
    const { incidentId } = (await as('mdi').post(`/api/prisoners/${pn}/releases-in-error`, { howFound: 'The court’s result was entered against the wrong case' })).body;
    await as('mdi').post(`/api/prisoners/${pn}/returned-to-custody`, {});
    await eventually(() => as('lead').get(`/api/incidents/${incidentId}`), (r) => r.body.status === 'RETURNED_TO_CUSTODY');
    const closed = await as('lead').post(`/api/incidents/${incidentId}/close`, { cause: 'COURT_ADMINISTRATIVE_ERROR', outsideOfficialDefinition: 'HMCTS_ADMINISTRATIVE_ERROR' });
    expect(closed.body).toMatchObject({ status: 'CLOSED', exclusion: 'HMCTS_ADMINISTRATIVE_ERROR' });
    const counts = await eventually(
      () => as('lead').get(`/api/incidents/counts?month=${month}`),
      (r) => r.body.outsideOfficialDefinition.HMCTS_ADMINISTRATIVE_ERROR === before.outsideOfficialDefinition.HMCTS_ADMINISTRATIVE_ERROR + 1,
    );
    expect(counts.body.counted).toBe(counts.body.total - counts.body.outsideOfficialDefinition.HMCTS_ADMINISTRATIVE_ERROR - counts.body.outsideOfficialDefinition.NEVER_IN_HMPPS_CUSTODY);
    // Other files open incidents at the same time: this one, closed outside the definition, adds to the total and not to what is counted.
    expect(counts.body.total - before.total - (counts.body.counted - before.counted)).toBe(1);
  });

  it('gives an incident found by a query’s answer the cause its category maps to', async () => {
    const pn = await sys.admit('MDI');
    const released = await release(pn, 'mdi', { releasedAt: inHours(-1) });
    const { reference } = (await raise(pn, { category: 'RECALL' })).body;
    await as('expert').post(`/api/urgent-queries/${reference}/claim`);
    await as('expert').post(`/api/urgent-queries/${reference}/resolve`, { determination: 'DO_NOT_RELEASE', evidence: 'Recall notice', correctLegalStatus: 'RECALL' });
    const incident = await eventually(() => as('lead').get(`/api/incidents/RIE-${pn}-${released.body.id}`), (r) => r.status === 200);
    expect(incident.body).toMatchObject({ detection: 'AUTOMATIC', likelyCause: 'SENTENCE_CALCULATION_ERROR' });
  });
});
