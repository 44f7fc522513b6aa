import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/actors.ts';
import { recordHistory } from '../helpers/histories.ts';
import { eventually, uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

let sys: TestSystem;
const PN = uniquePrisonerNumber();
const PN2 = uniquePrisonerNumber();
const tokens: Record<string, string> = {};
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

const USERS: Record<string, [Role[], string[]]> = {
  prison: [['PRISON_STAFF'], ['MDI']],
  governor: [['DUTY_GOVERNOR'], ['MDI']],
  expert: [['COURT_EXPERT'], []],
  expert2: [['COURT_EXPERT'], []],
  lead: [['QUERY_UNIT_LEAD'], []],
  vlo: [['VICTIM_LIAISON'], []],
};

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.admit('MDI', PN);
  await sys.admit('MDI', PN2);
  for (const [user, [roles, caseload]] of Object.entries(USERS))
    tokens[user] = await sys.issuer.token(user, roles, caseload);
});
afterAll(() => sys?.stop());

async function raise(plannedReleaseHours = 10): Promise<string> {
  const res = await sys.http('POST', '/api/urgent-queries', {
    token: tokens.prison,
    body: {
      prisonCode: 'MDI',
      prisonerNumber: PN,
      category: 'CUSTODIAL_STATUS_CONFLICT',
      question: 'Court says bail, warrant says remand',
      plannedRelease: inHours(plannedReleaseHours),
    },
  });
  expect(res.status).toBe(201);
  return res.body.reference as string;
}

const op = (reference: string, path: string, user: string, body: unknown = {}) =>
  sys.http('POST', `/api/urgent-queries/${reference}/${path}`, { token: tokens[user], body });

describe('urgent query lifecycle over HTTP', () => {
  it('walks RAISED → IN_PROGRESS ↔ AWAITING_PRISON → ANSWERED → CLOSED with a full timeline', async () => {
    const ref = await raise();
    expect((await op(ref, 'claim', 'expert')).body.status).toBe('IN_PROGRESS');
    expect((await op(ref, 'request-information', 'expert', { request: 'Send the bail record' })).body.status).toBe(
      'AWAITING_PRISON',
    );
    expect((await op(ref, 'provide-information', 'prison', { information: 'Attached' })).body.status).toBe(
      'IN_PROGRESS',
    );
    expect((await op(ref, 'notes', 'lead', { text: 'Checked with the Crown Court' })).status).toBe(200);
    expect((await op(ref, 'reassign', 'lead', { assignee: 'expert2', reason: 'Shift change' })).body.assignee).toBe(
      'expert2',
    );
    const answered = await op(ref, 'resolve', 'expert2', {
      determination: 'DO_NOT_RELEASE',
      evidence: 'Court result CR-99',
      correctLegalStatus: 'REMAND',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('ANSWERED');
    const closed = await op(ref, 'acknowledge', 'prison', { comment: 'Release stopped' });
    expect(closed.body.status).toBe('CLOSED');
    expect(closed.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'RAISED',
      'CLAIMED',
      'INFORMATION_REQUESTED',
      'INFORMATION_PROVIDED',
      'NOTE',
      'REASSIGNED',
      'ANSWERED',
      'ACKNOWLEDGED',
    ]);
    for (const entry of closed.body.timeline) expect(entry).toHaveProperty('deadline');
    expect(closed.body.pauses).toHaveLength(1);
    // A closed query can still be read.
    expect((await sys.http('GET', `/api/urgent-queries/${ref}`, { token: tokens.governor })).body.status).toBe(
      'CLOSED',
    );
    await recordHistory(sys.client.workflow.getHandle(ref), 'urgent-query-full-lifecycle-with-hold');
  });

  it('writes to visibility only what changed: a note upserts nothing, a claim only status, assignee and the deadline now running', async () => {
    const ref = await raise();
    const history = async () => (await sys.client.workflow.getHandle(ref).fetchHistory()).events ?? [];
    const upsertedIn = (events: Awaited<ReturnType<typeof history>>) =>
      events.flatMap((e) =>
        e.upsertWorkflowSearchAttributesEventAttributes
          ? [Object.keys(e.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields ?? {}).sort()]
          : [],
      );
    const upserts = async () => upsertedIn(await history());
    const raised = await history();
    const atRaise = upsertedIn(raised);
    expect(atRaise.length).toBeGreaterThan(0);
    // Started at the current patch level: no patch markers, so no TemporalChangeVersion upserts either.
    expect(atRaise.flat()).not.toContain('TemporalChangeVersion');
    expect(raised.filter((e) => e.markerRecordedEventAttributes)).toEqual([]);
    expect((await op(ref, 'notes', 'prison', { text: 'Warrant copy requested from the court' })).status).toBe(200);
    expect(await upserts()).toEqual(atRaise);
    expect((await op(ref, 'claim', 'expert')).body.status).toBe('IN_PROGRESS');
    // The claim meets the first response: the answer deadline is now the one running.
    expect(await upserts()).toEqual([...atRaise, ['RgAssignee', 'RgDeadline', 'RgStatus']]);
    // Visibility still finds it by what changed.
    await eventually(
      async () => (await sys.http('GET', '/api/urgent-queries?status=IN_PROGRESS', { token: tokens.lead })).body,
      (body) => JSON.stringify(body).includes(ref),
    );
  });

  it('lets exactly one of many racing claims win', async () => {
    const ref = await raise();
    const claimants = Array.from({ length: 8 }, (_, i) => `racer${i}`);
    const racerTokens = await Promise.all(claimants.map((u) => sys.issuer.token(u, ['COURT_EXPERT'])));
    const results = await Promise.all(
      racerTokens.map((token) => sys.http('POST', `/api/urgent-queries/${ref}/claim`, { token, body: {} })),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    const state = await sys.http('GET', `/api/urgent-queries/${ref}`, { token: tokens.expert });
    expect(state.body.timeline.filter((e: { action: string }) => e.action === 'CLAIMED')).toHaveLength(1);
    expect(claimants).toContain(state.body.assignee);
  });

  it('rejects each transition that is wrong for the state (409) or the actor (403)', async () => {
    const ref = await raise();
    const cases: [string, string, unknown, number][] = [
      ['resolve', 'expert', { determination: 'RELEASE_MAY_PROCEED', evidence: 'x' }, 409], // not claimed yet
      ['request-information', 'expert', { request: 'x' }, 409],
      ['provide-information', 'prison', { information: 'x' }, 409],
      ['acknowledge', 'prison', {}, 409],
      ['acknowledge-escalation', 'lead', {}, 409], // nothing escalated
      ['claim', 'prison', {}, 403],
      ['reassign', 'expert', { assignee: 'expert2' }, 403],
      ['claim', 'vlo', {}, 403],
    ];
    for (const [path, user, body, status] of cases) {
      const res = await op(ref, path, user, body);
      expect({ path, user, status: res.status }).toEqual({ path, user, status });
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    await op(ref, 'claim', 'expert');
    expect((await op(ref, 'claim', 'expert2')).status).toBe(409);
    expect((await op(ref, 'resolve', 'expert2', { determination: 'RELEASE_MAY_PROCEED', evidence: 'x' })).status).toBe(
      403,
    );
    expect((await op(ref, 'provide-information', 'prison', { information: 'x' })).status).toBe(409);
    // Incomplete determinations are refused before they reach the workflow.
    const incomplete = await op(ref, 'resolve', 'expert', { determination: 'RELEASE_DATE_CHANGED', evidence: 'x' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors[0].field).toBe('body.newReleaseDate');
    expect(
      (
        await op(ref, 'resolve', 'lead', {
          determination: 'RELEASE_DATE_CHANGED',
          evidence: 'x',
          newReleaseDate: inHours(48),
        })
      ).status,
    ).toBe(200);
    expect((await op(ref, 'withdraw', 'prison', { reason: 'too late' })).status).toBe(409);
    expect((await op(ref, 'planned-release', 'prison', { plannedRelease: inHours(5) })).status).toBe(409);
    await op(ref, 'acknowledge', 'prison');
    // Finished workflows refuse operations with the reason, not a 404 or a 500.
    const afterClose = await op(ref, 'claim', 'expert');
    expect(afterClose.status).toBe(409);
    expect(afterClose.body.detail).toMatch(/CLOSED/);
    expect((await op(ref, 'nonsense', 'expert')).status).toBe(404);
  });

  it('escalates at once to the top of the ladder when release is near, until a team leader acknowledges', async () => {
    // Release in an hour is inside the two-hour release cap: the RELEASE_NEAR escalation starts on raising.
    const ref = await raise(1);
    const escalated = await eventually(
      async () => (await sys.http('GET', `/api/urgent-queries/${ref}`, { token: tokens.lead })).body,
      (q) => q.escalations.length > 0,
    );
    expect(escalated.escalations[0]).toMatchObject({ id: 1, trigger: 'RELEASE_NEAR', level: 3 });
    expect((await op(ref, 'acknowledge-escalation', 'prison', { escalationId: 1 })).status).toBe(403);
    const acknowledged = await op(ref, 'acknowledge-escalation', 'lead', {
      escalationId: 1,
      comment: 'Calling the court now',
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.escalations[0].acknowledged).toMatchObject({
      by: 'lead',
      comment: 'Calling the court now',
    });
  });

  it('withdraws an open query once a second person of the prison confirms, and stops its deadlines', async () => {
    const ref = await raise();
    const asked = await op(ref, 'withdraw', 'prison', { reason: 'Duplicate of another query' });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'RAISED', withdrawalRequest: { reason: 'Duplicate of another query' } });
    const res = await op(ref, 'confirm-withdrawal', 'governor', {
      justification: 'Confirmed: the same question is open as another query',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'WITHDRAWN',
      withdrawal: { reason: expect.stringContaining('Duplicate of another query'), by: 'governor' },
      deadlines: { current: null },
    });
  });

  it('returns the same query for a repeated Idempotency-Key, and 409 for the same key with another body', async () => {
    const body = { prisonCode: 'MDI', prisonerNumber: PN2, category: 'OTHER', question: 'Idempotent?' };
    const headers = { 'Idempotency-Key': `key-${Date.now()}` };
    const first = await sys.http('POST', '/api/urgent-queries', { token: tokens.prison, body, headers });
    const again = await sys.http('POST', '/api/urgent-queries', { token: tokens.prison, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.reference).toBe(first.body.reference);
    const different = await sys.http('POST', '/api/urgent-queries', {
      token: tokens.prison,
      body: { ...body, question: 'Another' },
      headers,
    });
    expect(different.status).toBe(409);
  });
});
