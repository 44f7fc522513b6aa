import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laterToday } from '../../src/domain/release-hold/authorisation.ts';
import { holdWorkflowId } from '../../src/workflows/definitions.ts';
import type { Actor, Role } from '../../src/domain/actors.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { registration } from '../helpers/victim-notification.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * Release authority, through the API as the desk, the unit, the court feed and an attacker use it.
 * Each of the first five was a wrong yes of the gate (201) before: one officer lifting a query's
 * hold, a second remand not holding, a later release date not enforced, two roles widening a
 * caseload, the register's release date ignored.
 */
let sys: TestSystem;
const tokens: Record<string, string> = {};
const USERS: Record<string, [Role[], string[]]> = {
  mdi: [['PRISON_STAFF'], ['MDI']],
  mdi2: [['PRISON_STAFF'], ['MDI']],
  mdiGovernor: [['DUTY_GOVERNOR'], ['MDI']],
  mdiGovernor2: [['DUTY_GOVERNOR'], ['MDI']],
  mdiAndExpert: [['PRISON_STAFF', 'COURT_EXPERT'], ['MDI']],
  expert: [['COURT_EXPERT'], []],
  lead: [['QUERY_UNIT_LEAD'], []],
  courts: [['COURT_RESULTS'], []],
  sync: [['PRISON_SYNC'], []],
  vlo: [['VICTIM_LIAISON'], []],
};
const JUSTIFICATION = 'Court clerk confirmed by phone that the warrant was withdrawn';
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  sys = await startTestSystem();
  for (const [user, [roles, caseload]] of Object.entries(USERS))
    tokens[user] = await sys.issuer.token(user, roles, caseload);
});
afterAll(() => sys?.stop());

const as = (user: string) => ({
  get: (path: string) => sys.http('GET', path, { token: tokens[user] }),
  post: (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    sys.http('POST', path, { token: tokens[user], body, headers }),
});
const raise = (pn: string, extra: Record<string, unknown> = {}, user = 'mdi') =>
  as(user).post('/api/urgent-queries', {
    prisonerNumber: pn,
    category: 'WARRANT_MISSING',
    question: 'No remand warrant on file',
    ...extra,
  });
const release = (pn: string, user = 'mdi') => as(user).post(`/api/prisoners/${pn}/releases`, { reason: 'RELEASED' });

describe('the five wrong yeses', () => {
  it('one officer alone cannot lift a query’s hold: withdrawing asks, and a different duty governor confirms in writing', async () => {
    const pn = await sys.admit('MDI');
    const { reference } = (await raise(pn, { plannedRelease: inHours(6) })).body;
    await sys.authorise(pn);
    for (const user of ['mdi', 'mdi2']) {
      const asked = await as(user).post(`/api/urgent-queries/${reference}/withdraw`, { reason: 'x' });
      expect([user, asked.status]).toEqual([user, user === 'mdi' ? 200 : 409]);
      if (user === 'mdi') expect(asked.body.status).toBe('RAISED');
      expect((await release(pn, user)).status).toBe(409);
    }
    const short = await as('mdiGovernor').post(`/api/urgent-queries/${reference}/confirm-withdrawal`, {
      justification: 'ok',
    });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].field).toBe('body.justification');
    expect(
      (await as('mdi').post(`/api/urgent-queries/${reference}/confirm-withdrawal`, { justification: JUSTIFICATION }))
        .status,
    ).toBe(403);
    const confirmed = await as('mdiGovernor').post(`/api/urgent-queries/${reference}/confirm-withdrawal`, {
      justification: JUSTIFICATION,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('WITHDRAWN');
    await eventually(
      () => as('mdi').get(`/api/prisoners/${pn}/release-status`),
      (r) => r.body.reasons.length === 0,
    );
    expect((await release(pn, 'mdi2')).status).toBe(201);
  });

  it('a query the court feed raised is not the prison’s to withdraw', async () => {
    const pn = await sys.admit('MDI');
    const feed: Actor = { username: 'court-results-feed', roles: ['COURT_RESULTS'], caseload: ['MDI'] };
    const { reference } = await sys.services.queries.raise(feed, {
      prisonerNumber: pn,
      category: 'CUSTODIAL_STATUS_CONFLICT',
      question: 'Bailed at Sheffield: confirm his status',
    });
    for (const user of ['mdi', 'mdiGovernor'])
      expect((await as(user).post(`/api/urgent-queries/${reference}/withdraw`, { reason: JUSTIFICATION })).status).toBe(
        403,
      );
    await sys.authorise(pn);
    expect((await release(pn)).status).toBe(409);
  });

  it('a second remand on the same court case holds again (bailed, then bail revoked)', async () => {
    const pn = await sys.admit('MDI');
    const flag = () =>
      as('courts').post(`/api/prisoners/${pn}/custodial-status-changes`, {
        courtCode: 'SHEFCC',
        courtCaseReference: 'T20260117',
        detail: 'Remanded in custody',
      });
    const first = await flag();
    expect(first.status).toBe(201);
    expect(
      (await as('courts').post(`/api/prisoners/${pn}/holds/${first.body.reasons[0].key}/clear`, { note: 'Bailed' }))
        .status,
    ).toBe(200);
    const again = await flag();
    expect(again.body.clear).toBe(false);
    expect(again.body.reasons).toHaveLength(1);
    await sys.authorise(pn);
    expect((await release(pn)).status).toBe(409);
    // The same hearing delivered again is harmless once cleared; a new hearing holds.
    const byHearing = (hearingId: string) =>
      as('courts').post(`/api/prisoners/${pn}/custodial-status-changes`, {
        courtCode: 'SHEFCC',
        courtCaseReference: 'T20260118',
        hearingId,
        detail: 'Remanded',
      });
    const h1 = await byHearing('h-1');
    const h1Key = h1.body.reasons.find((r: { key: string }) => r.key.includes('T20260118')).key;
    await as('courts').post(`/api/prisoners/${pn}/holds/${h1Key}/clear`, {});
    expect((await byHearing('h-1')).body.reasons.some((r: { key: string }) => r.key === h1Key)).toBe(false);
    expect((await byHearing('h-2')).body.reasons.some((r: { key: string }) => r.key.endsWith('-Hh2'))).toBe(true);
  });

  it('an answer that moves the release 30 days later is enforced until that date, and the register carries it', async () => {
    const pn = await sys.admit('MDI');
    const { reference } = (await raise(pn, { plannedRelease: inHours(6) })).body;
    await as('expert').post(`/api/urgent-queries/${reference}/claim`);
    const later = inHours(30 * 24);
    expect(
      (
        await as('expert').post(`/api/urgent-queries/${reference}/resolve`, {
          determination: 'RELEASE_DATE_CHANGED',
          evidence: 'SENT-1',
          newReleaseDate: later,
        })
      ).status,
    ).toBe(200);
    const status = await eventually(
      () => as('mdi').get(`/api/prisoners/${pn}/release-status`),
      (r) => r.body.reasons.every((x: { kind: string }) => x.kind !== 'URGENT_QUERY') && r.body.reasons.length === 1,
    );
    expect(status.body.reasons).toEqual([
      expect.objectContaining({ kind: 'NOT_BEFORE', until: new Date(later).toISOString(), ownedBy: 'QUERY_UNIT' }),
    ]);
    await eventually(
      () => sys.register.find(pn),
      (p) => p?.plannedRelease === new Date(later).toISOString(),
    );
    await sys.authorise(pn);
    expect((await release(pn)).status).toBe(409);
    // The prison cannot lift the unit's date.
    expect(
      (
        await as('mdiGovernor').post(`/api/prisoners/${pn}/holds/${status.body.reasons[0].key}/clear`, {
          note: JUSTIFICATION,
        })
      ).status,
    ).toBe(403);
  });

  it('two roles do not widen a caseload: PRISON_STAFF at MDI with COURT_EXPERT cannot release a Leeds prisoner', async () => {
    const pn = await sys.admit('LEI');
    await sys.authorise(pn, { prisonCode: 'LEI' });
    expect((await release(pn, 'mdiAndExpert')).status).toBe(404);
    expect(
      (await as('mdiAndExpert').post(`/api/prisoners/${pn}/holds`, { reason: 'Check the warrant please' })).status,
    ).toBe(201); // the expert may place a hold anywhere
    expect((await as('mdiAndExpert').get(`/api/prisoners/${pn}/release-status`)).status).toBe(200); // and read the gate nationally
  });

  it('a query raised without a release date takes the register’s: due in 20 hours is CRITICAL, answered before he leaves', async () => {
    const pn = await sys.admit('MDI');
    const due = inHours(20);
    await sys.register.setPlannedRelease(pn, due, 'test');
    const { reference } = (await raise(pn)).body;
    const query = (await as('mdi').get(`/api/urgent-queries/${reference}`)).body;
    expect(query.urgency).toBe('CRITICAL');
    expect(query.plannedRelease).toBe(new Date(due).toISOString());
    expect(Date.parse(query.deadlines.answer)).toBeLessThan(Date.parse(due));
    // Both given and different: the earlier governs, both recorded.
    const both = (await raise(pn, { plannedRelease: inHours(24 * 10) })).body;
    const bothQuery = (await as('mdi').get(`/api/urgent-queries/${both.reference}`)).body;
    expect(bothQuery.plannedRelease).toBe(new Date(due).toISOString());
    expect(bothQuery.plannedReleases.register).toBe(new Date(due).toISOString());
  });
});

describe('a release needs a positive authorisation checked by two people', () => {
  it('refuses a release with no reason standing but no authorisation, then lets one through once another person verifies', async () => {
    const pn = await sys.admit('MDI');
    const refused = await release(pn);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/no verified authorisation/);
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body).toMatchObject({
      releasable: false,
      clear: true,
    });
    const items = sys.services.gate.checklists().movements.RELEASED!;
    const incomplete = await as('mdi').post(`/api/prisoners/${pn}/authorisations`, {
      movement: 'RELEASED',
      answers: [{ item: items[0]!.item, answer: true }],
    });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors[0].field).toBe('body.answers');
    const noWithoutNote = await as('mdi').post(`/api/prisoners/${pn}/authorisations`, {
      movement: 'RELEASED',
      answers: items.map((i) => ({ item: i.item, answer: false })),
    });
    expect(noWithoutNote.body.errors[0].field).toBe('body.answers.0.note');
    const completed = await as('mdi').post(`/api/prisoners/${pn}/authorisations`, {
      movement: 'RELEASED',
      answers: items.map((i) => ({ item: i.item, answer: true })),
    });
    expect(completed.status).toBe(201);
    expect(completed.body.status).toBe('AWAITING_VERIFICATION');
    expect((await as('mdi').post(`/api/prisoners/${pn}/authorisations/${completed.body.id}/verify`)).status).toBe(403);
    const verified = await as('mdi2').post(`/api/prisoners/${pn}/authorisations/${completed.body.id}/verify`);
    expect(verified.body.status).toBe('AUTHORISED');
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body).toMatchObject({
      releasable: true,
      authorisation: { id: completed.body.id },
    });
    // The verifier does not record it; the officer who completed it may.
    expect((await release(pn, 'mdi2')).status).toBe(409);
    const released = await release(pn, 'mdi');
    expect(released.status).toBe(201);
    expect(released.body.authorisationId).toBe(completed.body.id);
    const hold = (await as('mdi').get(`/api/prisoners/${pn}/hold`)).body;
    expect(hold.audit.map((a: { what: string }) => a.what)).toEqual(
      expect.arrayContaining(['CHECKLIST_COMPLETED', 'AUTHORISATION_VERIFIED', 'RELEASE_RECORDED']),
    );
  });

  it('ends what was checked or overridden when the prison system moves him out and back (an attacker’s sequence)', async () => {
    const pn = await sys.admit('MDI');
    await as('mdi').post(`/api/prisoners/${pn}/holds`, { reason: 'Awaiting the remand warrant' });
    expect(
      (await as('mdiGovernor').post(`/api/prisoners/${pn}/overrides`, { justification: JUSTIFICATION })).status,
    ).toBe(201);
    await sys.authorise(pn);
    expect(
      (await as('sync').post(`/api/prisoners/${pn}/movements`, { type: 'TRANSFERRED', prisonCode: 'LEI' })).status,
    ).toBe(200);
    expect(
      (await as('sync').post(`/api/prisoners/${pn}/movements`, { type: 'RECEIVED', prisonCode: 'MDI' })).status,
    ).toBe(200);
    const hold = (await as('mdi').get(`/api/prisoners/${pn}/hold`)).body;
    expect(hold.audit.map((a: { what: string }) => a.what)).toEqual(
      expect.arrayContaining(['MOVED_PRISON', 'OVERRIDE_ENDED']),
    );
    expect(hold.authorisations.at(-1).status).toBe('VOID');
    expect((await release(pn)).status).toBe(409);
  });

  it('voids an authorisation when a victim’s VLO is registered after it was verified', async () => {
    const pn = await sys.admit('MDI');
    await sys.authorise(pn);
    expect(
      (
        await as('vlo').post(`/api/victim-contact/${pn}/registrations`, {
          vloName: 'Vic Liaison',
          vloEmail: `vlo.${pn.toLowerCase()}@probation.test`,
          teamMailbox: 'vlo-team@probation.test',
          probationRegion: 'Yorkshire',
          eligibility: 'STATUTORY',
        })
      ).status,
    ).toBe(201);
    expect((await release(pn)).status).toBe(409);
  });

  it('a victim prepared for a release weeks away is not prepared for one today: his VLO hears of today first', async () => {
    const pn = await sys.admit('MDI');
    const registered = await as('vlo').post(`/api/victim-contact/${pn}/registrations`, registration(pn));
    expect(registered.status).toBe(201);
    // Told of a date six weeks away, and acknowledged (the attacker's sequence).
    await sys.register.setPlannedRelease(pn, inHours(24 * 42), 'test');
    await sys.vlosToldOfRelease(pn);
    const items = sys.services.gate.checklists().movements.RELEASED!;
    const early = await as('mdi').post(`/api/prisoners/${pn}/authorisations`, {
      movement: 'RELEASED',
      answers: items.map((i) => ({ item: i.item, answer: true })),
    });
    expect(early.body.status).toBe('REFUSED_AT_CHECK');
    expect(early.body.answers.find((a: { item: string }) => a.item === 'VLO_TOLD')).toMatchObject({
      answer: false,
      note: expect.stringContaining('VLO told of a release on another day'),
    });
    expect((await release(pn)).status).toBe(409);
    // Today's date set, told and acknowledged first: then the desk may authorise and release.
    await sys.register.setPlannedRelease(pn, laterToday(2), 'test');
    await sys.authorise(pn);
    expect((await release(pn)).status).toBe(201);
  });

  it('a new VLO for a victim has been told nothing: the change voids what was checked, and he hears of the date first', async () => {
    const pn = await sys.admit('MDI');
    const first = registration(pn).vloEmail;
    const second = registration(pn, '2').vloEmail;
    const added = await as('vlo').post(`/api/victim-contact/${pn}/registrations`, registration(pn));
    await sys.register.setPlannedRelease(pn, laterToday(2), 'test');
    await sys.authorise(pn);
    // The same VLO in another casing is the same person: nothing is void, nobody is told again.
    const recased = await sys.http('PUT', `/api/victim-contact/${pn}/registrations/${added.body.id}`, {
      token: tokens.vlo,
      body: { ...registration(pn), vloEmail: first.toUpperCase() },
    });
    expect(recased.status).toBe(200);
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body.releasable).toBe(true);
    // Another VLO takes the victim over: he is told of the date, and until he acknowledges the desk may not release.
    const changed = await sys.http('PUT', `/api/victim-contact/${pn}/registrations/${added.body.id}`, {
      token: tokens.vlo,
      body: registration(pn, '2'),
    });
    expect(changed.status).toBe(200);
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body.releasable).toBe(false);
    expect((await release(pn)).status).toBe(409);
    const [notice] = await sys.mail.waitFor((m) => m.to.includes(second) && (m.subject ?? '').includes('RELEASE DATE'));
    expect(notice).toBeDefined();
    expect(
      await sys.services.notifications.vloToldOfRelease(pn, (await sys.register.find(pn))!.plannedRelease),
    ).toMatchObject({ told: false });
    await sys.authorise(pn);
    expect((await release(pn)).status).toBe(201);
  });

  it('a planned release moved away and back is not the one checked: the sync voids the authorisation (an attacker’s sequence)', async () => {
    const pn = await sys.admit('MDI');
    const sync = async (plannedRelease: string) => {
      const record = (await as('sync').get(`/api/prisoners/${pn}`)).body;
      const { firstName, middleNames, lastName, dateOfBirth, pncNumber, croNumber, prisonCode, status, aliases } =
        record;
      const body = { firstName, middleNames, lastName, dateOfBirth, pncNumber, croNumber, prisonCode, status, aliases };
      return sys.http('PUT', `/api/prisoners/${pn}`, { token: tokens.sync, body: { ...body, plannedRelease } });
    };
    const today = laterToday(2);
    expect((await sync(today)).status).toBe(200);
    await sys.authorise(pn);
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body.releasable).toBe(true);
    // The same date again is no change.
    expect((await sync(today)).status).toBe(200);
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body.releasable).toBe(true);
    expect((await sync(inHours(24 * 42))).status).toBe(200);
    expect((await sync(today)).status).toBe(200);
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body.releasable).toBe(false);
    expect((await release(pn)).status).toBe(409);
    await sys.authorise(pn);
    expect((await release(pn)).status).toBe(201);
  });

  it('takes no invisible justification: twenty zero-width spaces are no writing', async () => {
    const pn = await sys.admit('MDI');
    await as('mdi').post(`/api/prisoners/${pn}/holds`, { reason: 'Awaiting the remand warrant' });
    expect(
      (await as('mdiGovernor').post(`/api/prisoners/${pn}/overrides`, { justification: '\u200b'.repeat(22) })).status,
    ).toBe(400);
  });

  it('shows the desk of one prison, to its own people only, with where each person stands', async () => {
    const due = await sys.admit('MDI');
    await sys.register.setPlannedRelease(due, inHours(3), 'test');
    const desk = await as('mdi').get('/api/prisons/MDI/discharge-desk');
    expect(desk.status).toBe(200);
    expect(desk.body.rows.find((r: { prisonerNumber: string }) => r.prisonerNumber === due)).toMatchObject({
      state: 'AWAITING_CHECKLIST',
      reasons: [],
    });
    await sys.authorise(due);
    expect(
      (await as('mdi').get('/api/prisons/MDI/discharge-desk')).body.rows.find(
        (r: { prisonerNumber: string }) => r.prisonerNumber === due,
      ),
    ).toMatchObject({ state: 'AUTHORISED' });
    expect((await as('mdiAndExpert').get('/api/prisons/LEI/discharge-desk')).status).toBe(404);
    expect((await as('expert').get('/api/prisons/MDI/discharge-desk')).status).toBe(403);
    expect((await as('mdi').get('/api/prisons/ZZZ/discharge-desk')).status).toBe(422);
  });

  it('a new reason voids an authorisation; a governor’s override covers the reason, never the need for an authorisation', async () => {
    const pn = await sys.admit('MDI');
    await sys.authorise(pn);
    await as('mdi').post(`/api/prisoners/${pn}/holds`, { reason: 'Awaiting the remand warrant' });
    const hold = (await as('mdi').get(`/api/prisoners/${pn}/hold`)).body;
    expect(hold.authorisations.at(-1).status).toBe('VOID');
    expect(
      (await as('mdiGovernor').post(`/api/prisoners/${pn}/overrides`, { justification: JUSTIFICATION })).status,
    ).toBe(201);
    expect((await release(pn)).status).toBe(409); // covered, but not authorised
    await sys.authorise(pn);
    expect((await release(pn)).status).toBe(201);
  });
});

describe('the gate after a verification', () => {
  it('finds the hold waiting on nothing: the authorisation’s event is written within the task that verified it', async () => {
    const pn = await sys.admit('MDI');
    const items = sys.services.gate.checklists().movements.RELEASED!;
    const completed = await as('mdi').post(`/api/prisoners/${pn}/authorisations`, {
      movement: 'RELEASED',
      answers: items.map((i) => ({ item: i.item, answer: true })),
    });
    const verified = await as('mdi2').post(`/api/prisoners/${pn}/authorisations/${completed.body.id}/verify`);
    expect(verified.body.status).toBe('AUTHORISED');
    // No eventually(): once the verification has answered, its event is in the log.
    const events = await sys.events.list({ eventType: 'release-guard.authorisation.changed' });
    expect(
      events
        .filter((e) => e.additionalInformation.authorisationId === completed.body.id)
        .map((e) => e.additionalInformation.status)
        .sort(),
    ).toEqual(['AUTHORISED', 'AWAITING_VERIFICATION']);
    // Nothing was left for a second task, which the desk's next read of the gate would wait for.
    const history = await sys.client.workflow.getHandle(holdWorkflowId(pn)).fetchHistory();
    const scheduled = (history.events ?? []).flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [],
    );
    expect(scheduled).not.toContain('authorisationChanged');
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body).toMatchObject({ releasable: true });
  });
});
