import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/actors.ts';
import { holdWorkflowId, RELEASE_IN_ERROR_WORKFLOW } from '../../src/workflows/definitions.ts';
import { POLICE, TEST_CASE_ID_KEY } from '../helpers/activity-deps.ts';
import { headerReference } from '../../src/activities/mail.ts';
import { recordHistory } from '../helpers/histories.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const USERS: Record<string, [Role[], string[]]> = {
  officerA: [['PRISON_STAFF'], ['MDI']],
  officerB: [['PRISON_STAFF'], ['MDI']],
  leeds: [['PRISON_STAFF'], ['LEI']],
  governor: [['DUTY_GOVERNOR'], ['MDI']],
  expert: [['COURT_EXPERT'], []],
  lead: [['QUERY_UNIT_LEAD'], []],
  feed: [['COURT_RESULTS'], []],
};
/** A new prisoner on MDI's roll in this system's register. */
const nextPrisoner = () => sys.admit('MDI');
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  sys = await startTestSystem({ incidentEscalateEveryMinutes: 0.05 });
  for (const [user, [roles, caseload]] of Object.entries(USERS)) tokens[user] = await sys.issuer.token(user, roles, caseload);
});
afterAll(() => sys?.stop());

const status = (pn: string, user = 'officerA') => sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: tokens[user] });
const release = (pn: string, user = 'officerA', headers: Record<string, string> = {}) =>
  sys.authoriseIfPossible(pn).then(() => sys.http('POST', `/api/prisoners/${pn}/releases`, { token: tokens[user], body: { prisonCode: 'MDI', reason: 'RELEASED' }, headers }));
const manualHold = (pn: string, user = 'officerA', headers: Record<string, string> = {}) =>
  sys.http('POST', `/api/prisoners/${pn}/holds`, { token: tokens[user], body: { prisonCode: 'MDI', reason: 'Awaiting confirmation of the remand warrant' }, headers });
const reasonKeys = async (pn: string) => ((await status(pn)).body.reasons as { key: string }[]).map((r) => r.key);

describe('the discharge gate', () => {
  it('says a prisoner with no hold is releasable, with no reasons', async () => {
    const res = await status(await nextPrisoner());
    expect(res.status).toBe(200);
    // Nothing stands, but the gate needs a positive authorisation (release-authority.test.ts).
    expect(res.body).toMatchObject({ releasable: false, clear: true, reasons: [] });
  });

  it('holds for an open query from the moment it is raised, and clears when it is answered or withdrawn', async () => {
    for (const [finish, body] of [
      ['resolve', { determination: 'RELEASE_MAY_PROCEED', evidence: 'WR-1' }],
      ['confirm-withdrawal', { justification: 'Raised in error: the warrant was on file all along' }],
    ] as const) {
      const pn = await nextPrisoner();
      const raised = await sys.http('POST', '/api/urgent-queries', { token: tokens.officerA, body: { prisonCode: 'MDI', prisonerNumber: pn, category: 'WARRANT_MISSING', question: 'q', plannedRelease: inHours(30) } });
      const ref = raised.body.reference;
      // No waiting: 201 means the gate already holds the query's reason.
      expect(await reasonKeys(pn)).toEqual([`query-${ref}`]);
      expect((await status(pn)).body.releasable).toBe(false);
      if (finish === 'resolve') await sys.http('POST', `/api/urgent-queries/${ref}/claim`, { token: tokens.expert, body: {} });
      // The prison's withdrawal: an officer asks (it still holds), a duty governor confirms.
      if (finish !== 'resolve') expect((await sys.http('POST', `/api/urgent-queries/${ref}/withdraw`, { token: tokens.officerA, body: { reason: 'Raised in error' } })).status).toBe(200);
      if (finish !== 'resolve') expect(await reasonKeys(pn)).toEqual([`query-${ref}`]);
      const done = await sys.http('POST', `/api/urgent-queries/${ref}/${finish}`, { token: finish === 'resolve' ? tokens.expert : tokens.governor, body });
      expect(done.status).toBe(200);
      await eventually(() => reasonKeys(pn), (keys) => keys.length === 0);
    }
  });

  it('holds for every open query, whatever its urgency, including one with no planned release', async () => {
    for (const plannedRelease of [inHours(80), inHours(500), undefined]) {
      const pn = await nextPrisoner();
      const raised = await sys.http('POST', '/api/urgent-queries', { token: tokens.officerA, body: { prisonCode: 'MDI', prisonerNumber: pn, category: 'OTHER', question: 'q', ...(plannedRelease ? { plannedRelease } : {}) } });
      expect(raised.status).toBe(201);
      const query = await sys.http('GET', `/api/urgent-queries/${raised.body.reference}`, { token: tokens.officerA });
      expect(query.body.urgency).toBe('STANDARD');
      const refused = await release(pn);
      expect(refused.status).toBe(409);
      expect(refused.body.reasons.map((r: { key: string }) => r.key)).toEqual([`query-${raised.body.reference}`]);
    }
  });

  it('adds a custodial-status change from court once while it stands, keyed by court and case, clears it, and holds again on a new remand', async () => {
    const pn = await nextPrisoner();
    const flag = { prisonCode: 'MDI', courtCode: 'SHEFCC', courtCaseReference: 'T2026-0117', detail: 'Remanded in custody at Sheffield Crown Court' };
    for (let i = 0; i < 3; i++) expect((await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: flag })).status).toBe(201);
    // The same case number at another Crown Court centre is another case, and another reason.
    await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: { ...flag, courtCode: 'LEEDCC' } });
    const { body } = await status(pn);
    expect(body.reasons.map((r: { caseKey: string }) => r.caseKey)).toEqual(['court-SHEFCC-T20260117', 'court-LEEDCC-T20260117']);
    expect(body.reasons[0]).toMatchObject({ kind: 'CUSTODIAL_STATUS_CHANGE', owner: 'omu.MDI@prison.test', ownedBy: 'COURT' });
    expect((await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.officerA, body: flag })).status).toBe(403);
    for (const { key } of body.reasons as { key: string }[]) {
      expect((await sys.http('POST', `/api/prisoners/${pn}/holds/${key}/clear`, { token: tokens.expert, body: { note: 'Court result checked' } })).status).toBe(200);
    }
    expect((await status(pn)).body).toMatchObject({ clear: true, reasons: [] });
    // Flagged again after it was cleared (bail revoked, remanded again): it holds again.
    await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: flag });
    expect((await status(pn)).body.reasons.map((r: { caseKey: string }) => r.caseKey)).toEqual(['court-SHEFCC-T20260117']);
    // Keyed by its hearing, a delivery of the same hearing once cleared is not placed again.
    const byHearing = { ...flag, courtCaseReference: 'T2026-0200', hearingId: 'hearing-1' };
    const placed = (await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: byHearing })).body.reasons.find((r: { caseKey: string }) => r.caseKey === 'court-SHEFCC-T20260200');
    await sys.http('POST', `/api/prisoners/${pn}/holds/${placed.key}/clear`, { token: tokens.expert, body: {} });
    await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: byHearing });
    expect((await status(pn)).body.reasons.some((r: { caseKey: string }) => r.caseKey === 'court-SHEFCC-T20260200')).toBe(false);
  });

  it('lifts a manual hold only by a different person from the one who placed it', async () => {
    const pn = await nextPrisoner();
    const key = `hold-${Date.now()}`;
    expect((await manualHold(pn, 'officerA', { 'Idempotency-Key': key })).status).toBe(201);
    expect((await manualHold(pn, 'officerA', { 'Idempotency-Key': key })).status).toBe(201); // retried: still one
    const { reasons } = (await status(pn)).body;
    expect(reasons).toHaveLength(1);
    const self = await sys.http('POST', `/api/prisoners/${pn}/holds/${reasons[0].key}/clear`, { token: tokens.officerA, body: {} });
    expect(self.status).toBe(403);
    expect(self.body.detail).toMatch(/different person/);
    expect((await sys.http('POST', `/api/prisoners/${pn}/holds/${reasons[0].key}/clear`, { token: tokens.leeds, body: {} })).status).toBe(404);
    expect((await sys.http('POST', `/api/prisoners/${pn}/holds/${reasons[0].key}/clear`, { token: tokens.officerB, body: { note: 'Warrant confirmed' } })).status).toBe(200);
    expect((await status(pn)).body.clear).toBe(true);
  });

  it('records progress on a reason without lifting it, so its review reminders start over', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn);
    const [before] = (await status(pn)).body.reasons;
    const upserts = async () => ((await sys.client.workflow.getHandle(holdWorkflowId(pn)).fetchHistory()).events ?? []).filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length;
    const upsertsBefore = await upserts();
    const progressed = await sys.http('POST', `/api/prisoners/${pn}/holds/${before.key}/progress`, { token: tokens.officerB, body: { note: 'Court asked for the warrant' } });
    expect(progressed.status).toBe(200);
    expect(progressed.body.releasable).toBe(false);
    expect(Date.parse(progressed.body.reasons[0].lastProgressAt)).toBeGreaterThan(Date.parse(before.lastProgressAt));
    // Still held, same prison: nothing for visibility, so no upsert (each is a history event and a write).
    expect(await upserts()).toBe(upsertsBefore);
    const hold = await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.officerA });
    expect(hold.body.audit.at(-1)).toMatchObject({ who: 'officerB', detail: expect.stringContaining('Court asked for the warrant') });
    expect((await sys.http('POST', `/api/prisoners/${pn}/holds/no-such-key/progress`, { token: tokens.officerB, body: {} })).status).toBe(404);
  });

  it('refuses a movement recorded for the future (422), naming the field and storing nothing', async () => {
    const pn = await nextPrisoner();
    const tomorrow = inHours(24);
    const release = await sys.http('POST', `/api/prisoners/${pn}/releases`, { token: tokens.officerA, body: { prisonCode: 'MDI', reason: 'RELEASED', releasedAt: tomorrow } });
    expect(release.status).toBe(422);
    expect(release.headers.get('content-type')).toMatch(/problem\+json/);
    expect(release.body.errors).toEqual([{ field: 'body.releasedAt', message: expect.stringMatching(/in the future/) }]);
    const rie = await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, { token: tokens.officerA, body: { prisonCode: 'MDI', howFound: 'Phone call', releasedAt: tomorrow } });
    expect(rie.status).toBe(422);
    expect((await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.officerA })).status).toBe(404);
    // Within the clock tolerance is now, not the future.
    await sys.authoriseIfPossible(pn);
    expect((await sys.http('POST', `/api/prisoners/${pn}/releases`, { token: tokens.officerA, body: { prisonCode: 'MDI', reason: 'RELEASED', releasedAt: inHours(1 / 60) } })).status).toBe(201);
    const back = await sys.http('POST', `/api/prisoners/${pn}/returned-to-custody`, { token: tokens.officerA, body: { returnedAt: tomorrow } });
    expect(back.status).toBe(422);
    expect(back.body.errors[0].field).toBe('body.returnedAt');
  });

  it('refuses a release while a reason stands, listing every reason and recording nothing, then allows it once they clear', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn, 'officerA');
    await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: { prisonCode: 'MDI', courtCode: 'LEEDCC', courtCaseReference: 'X1', detail: 'Bail revoked' } });
    const refused = await release(pn);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    expect(refused.body.reasons.map((r: { kind: string }) => r.kind).sort()).toEqual(['CUSTODIAL_STATUS_CHANGE', 'MANUAL']);
    const hold = await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.officerA });
    expect(hold.body.releases).toEqual([]);

    for (const reason of refused.body.reasons) await sys.http('POST', `/api/prisoners/${pn}/holds/${reason.key}/clear`, { token: reason.kind === 'MANUAL' ? tokens.officerB : tokens.feed, body: {} });
    const allowed = await release(pn, 'officerA', { 'Idempotency-Key': `rel-${pn}` });
    expect(allowed.status).toBe(201);
    expect(allowed.body).toMatchObject({ reason: 'RELEASED', prisonCode: 'MDI', recordedBy: 'officerA' });
    const again = await release(pn, 'officerA', { 'Idempotency-Key': `rel-${pn}` });
    expect(again.body.id).toBe(allowed.body.id);
    const events = await eventually(() => sys.events.list({ eventType: 'release-guard.prisoner.released' }), (es) => es.some((e) => e.personReference.identifiers[0]!.value === pn));
    expect(events.find((e) => e.personReference.identifiers[0]!.value === pn)).toMatchObject({ version: 1, personReference: { identifiers: [{ type: 'NOMS', value: pn }] }, additionalInformation: { releaseId: allowed.body.id } });
    await recordHistory(sys.client.workflow.getHandle(holdWorkflowId(pn)), 'release-hold-refused-then-released');
  });

  it('lets a duty governor override every reason for one release, audited and reported', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn, 'officerA');
    const justification = 'Court clerk confirmed by phone that the warrant was withdrawn; paperwork to follow';
    expect((await sys.http('POST', `/api/prisoners/${pn}/overrides`, { token: tokens.officerA, body: { prisonCode: 'MDI', justification } })).status).toBe(403);
    expect((await sys.http('POST', `/api/prisoners/${pn}/overrides`, { token: tokens.governor, body: { prisonCode: 'MDI', justification: 'short' } })).status).toBe(400);
    const override = await sys.http('POST', `/api/prisoners/${pn}/overrides`, { token: tokens.governor, body: { prisonCode: 'MDI', justification } });
    expect(override.status).toBe(201);
    expect((await status(pn)).body).toMatchObject({ clear: true, override: { id: override.body.id } });
    const released = await release(pn);
    expect(released.status).toBe(201);
    expect(released.body.overrideId).toBe(override.body.id);
    // Used once: the hold stands again for any further release.
    expect((await status(pn)).body.clear).toBe(false);
    const hold = (await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.governor })).body;
    const gateAudit = hold.audit.filter((a: { what: string }) => !['CHECKLIST_COMPLETED', 'AUTHORISATION_VERIFIED'].includes(a.what));
    expect(gateAudit.map((a: { what: string }) => a.what)).toEqual(['REASON_ADDED', 'OVERRIDE_GRANTED', 'RELEASE_RECORDED']);
    expect(gateAudit[1]).toMatchObject({ who: 'governor', detail: expect.stringContaining(justification) });
    await eventually(() => sys.events.list({ eventType: 'release-guard.hold.overridden' }), (es) => es.some((e) => e.additionalInformation.overrideId === override.body.id));
  });

  it('ends a hold racing a release in exactly one consistent outcome, every time', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const pn = await nextPrisoner();
        const [hold, rel] = await Promise.all([manualHold(pn, 'officerA'), release(pn, 'officerB')]);
        expect(hold.status).toBe(201);
        const state = (await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.officerA })).body;
        const order = state.audit.map((a: { what: string }) => a.what).filter((w: string) => !['CHECKLIST_COMPLETED', 'AUTHORISATION_VERIFIED'].includes(w));
        if (rel.status === 201) {
          expect(order).toEqual(['RELEASE_RECORDED', 'REASON_ADDED']); // released first; the hold came after
          return 'released';
        }
        expect(rel.status).toBe(409);
        expect(state.releases).toEqual([]);
        expect(order).toEqual(['REASON_ADDED', 'RELEASE_REFUSED']); // the refusal is recorded too
        return 'held';
      }),
    );
    expect(outcomes).toHaveLength(12);
  });

  it('loses nothing when the worker restarts between a hold and a release', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn, 'officerA');
    await sys.stopWorker();
    await sys.startWorker();
    const refused = await release(pn);
    expect(refused.status).toBe(409);
    expect(refused.body.reasons).toHaveLength(1);
  });

  it('hides another prison’s prisoner entirely: his hold, and any act on him, are not found', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn, 'officerA');
    expect((await status(pn, 'leeds')).status).toBe(404);
    expect((await sys.http('POST', `/api/prisoners/${pn}/releases`, { token: tokens.leeds, body: { prisonCode: 'MDI', reason: 'RELEASED' } })).status).toBe(404);
    expect((await sys.http('GET', `/api/prisoners/not-a-number/release-status`, { token: tokens.officerA })).status).toBe(404);
  });
});

describe('release-in-error incidents', () => {
  it('detects a release in error when a query for a released prisoner is answered DO_NOT_RELEASE', async () => {
    const pn = await nextPrisoner();
    const released = await release(pn);
    expect(released.status).toBe(201);
    const raised = await sys.http('POST', '/api/urgent-queries', { token: tokens.officerA, body: { prisonCode: 'MDI', prisonerNumber: pn, category: 'CUSTODIAL_STATUS_CONFLICT', question: 'Was he remanded?' } });
    const ref = raised.body.reference;
    await sys.http('POST', `/api/urgent-queries/${ref}/claim`, { token: tokens.expert, body: {} });
    await sys.http('POST', `/api/urgent-queries/${ref}/resolve`, { token: tokens.expert, body: { determination: 'DO_NOT_RELEASE', evidence: 'Remand warrant', correctLegalStatus: 'REMAND' } });
    const id = `RIE-${pn}-${released.body.id}`;
    const incident = await eventually(() => sys.http('GET', `/api/incidents/${id}`, { token: tokens.lead }), (r) => r.status === 200);
    expect(incident.body).toMatchObject({ id, detection: 'AUTOMATIC', prisonerNumber: pn, releaseId: released.body.id, status: 'OPEN' });
    const [mail] = await sys.mail.waitFor((m) => m.headers['x-release-guard-reference'] === headerReference(id, TEST_CASE_ID_KEY) && m.subject?.includes('A person has been released in error') === true);
    expect(mail!.subject).not.toContain(pn);
    expect(mail!.to.sort()).toEqual(['head@unit.test', POLICE].sort());
  });

  it('escalates every interval until the person is back in custody and the incident is closed with a cause', async () => {
    const pn = await nextPrisoner();
    const reported = await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, { token: tokens.governor, body: { prisonCode: 'MDI', howFound: 'Court called: remand warrant arrived after discharge' } });
    expect(reported.status).toBe(201);
    const id = reported.body.incidentId as string;
    await sys.mail.waitFor((m) => m.headers['x-release-guard-reference'] === headerReference(id, TEST_CASE_ID_KEY) && m.subject?.includes('Still open after') === true, { count: 2 });
    expect((await sys.http('POST', `/api/incidents/${id}/close`, { token: tokens.governor, body: { cause: 'WARRANT_MISSING_OR_MISPLACED' } })).status).toBe(409);
    expect((await sys.http('POST', `/api/prisoners/${pn}/returned-to-custody`, { token: tokens.officerA, body: {} })).status).toBe(200);
    await eventually(() => sys.http('GET', `/api/incidents/${id}`, { token: tokens.lead }), (r) => r.body.status === 'RETURNED_TO_CUSTODY');
    expect((await sys.http('POST', `/api/incidents/${id}/close`, { token: tokens.governor, body: { cause: 'NOT_A_CAUSE' } })).status).toBe(400);
    const closed = await sys.http('POST', `/api/incidents/${id}/close`, { token: tokens.governor, body: { cause: 'WARRANT_MISSING_OR_MISPLACED', summary: 'Warrant faxed to wrong prison' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', cause: 'WARRANT_MISSING_OR_MISPLACED' });
    expect(closed.body.timeline.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['OPENED', 'NOTIFIED', 'ESCALATED', 'RETURNED_TO_CUSTODY', 'CLOSED']));
    const result = await sys.client.workflow.getHandle(id).result();
    expect(result.escalationsSent).toBe(closed.body.escalationsSent);
    // A retried start of the same incident after it closed (a worker killed mid-activity) opens nothing.
    const before = await sys.client.workflow.getHandle(id).describe();
    await sys.services.incidents.open({ ...result, id } as never);
    const after = await sys.client.workflow.getHandle(id).describe();
    expect([after.runId, after.status.name]).toEqual([before.runId, 'COMPLETED']);
    await recordHistory(sys.client.workflow.getHandle(id), 'release-in-error-incident');
  });

  it('survives a refused police address: the failure is recorded and the incident stays open', async () => {
    const pn = await nextPrisoner();
    sys.mail.recipientVerdict = (address) => (address === POLICE ? { code: 550, message: 'Mailbox unavailable' } : undefined);
    try {
      const reported = await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, { token: tokens.governor, body: { prisonCode: 'MDI', howFound: 'Spotted on the roll check' } });
      const id = reported.body.incidentId as string;
      const incident = await eventually(() => sys.http('GET', `/api/incidents/${id}`, { token: tokens.lead }), (r) => r.body.timeline?.some((e: { action: string }) => e.action === 'NOTIFICATION_FAILED'));
      expect(incident.body.status).toBe('OPEN');
      expect((await sys.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
    } finally {
      sys.mail.recipientVerdict = undefined;
    }
  });

  it('lists incidents and counts them by month and prison from visibility', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const pn = await nextPrisoner();
    await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, { token: tokens.officerA, body: { prisonCode: 'MDI', howFound: 'Found on audit' } });
    const counts = await eventually(
      () => sys.http('GET', `/api/incidents/counts?month=${month}`, { token: tokens.lead }),
      (r) => (r.body.byPrison?.MDI ?? 0) >= 1,
    );
    expect(counts.body.total).toBeGreaterThanOrEqual(counts.body.byPrison.MDI);
    const list = await sys.http('GET', '/api/incidents?prisonCode=MDI', { token: tokens.lead });
    expect(list.body.items.every((i: { prisonCode: string }) => i.prisonCode === 'MDI')).toBe(true);
    expect((await sys.http('GET', '/api/incidents', { token: tokens.leeds })).body.items.filter((i: { prisonCode: string }) => i.prisonCode === 'MDI')).toEqual([]);
    expect((await sys.http('GET', `/api/incidents/counts?month=2026-13`, { token: tokens.lead })).status).toBe(400);
    expect(RELEASE_IN_ERROR_WORKFLOW).toBe('releaseInErrorIncident');
  });
});
