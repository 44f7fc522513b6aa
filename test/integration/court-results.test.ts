import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCourtResults } from '../../src/api/court-signature.ts';
import { courtHearingWorkflowId } from '../../src/workflows/definitions.ts';
import { admit } from '../helpers/database.ts';
import { uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { TEST_COURT_SIGNING_SECRET, startTestSystem, type TestSystem } from '../helpers/test-system.ts';

let sys: TestSystem;
let feed: string;
let expert: string;
let prison: string;
beforeAll(async () => {
  sys = await startTestSystem();
  feed = await sys.issuer.token('court-feed', ['COURT_RESULTS']);
  expert = await sys.issuer.token('expert', ['COURT_EXPERT']);
  prison = await sys.issuer.token('officer', ['PRISON_STAFF'], ['MDI']);
});
afterAll(() => sys?.stop());

const today = new Date().toISOString().slice(0, 10);
type Person = { firstName: string; lastName: string; dateOfBirth?: string; pncId?: string };

/** A hearing shaped after Common Platform's "hearing resulted", one defendant per case. */
function hearing(defendants: { person: Person; results: (string | { label: string; cjsCode: string })[]; bail?: { code: string; description: string } }[], version = 1, id = randomUUID()) {
  return {
    version,
    hearing: {
      id,
      jurisdictionType: 'CROWN',
      courtCentre: { code: 'SHEFCC', name: 'Sheffield Crown Court' },
      hearingDays: [{ sittingDay: `${today}T10:00:00Z` }],
      prosecutionCases: defendants.map((d, i) => ({
        prosecutionCaseIdentifier: { caseURN: `20SH${String(100000 + i)}` },
        defendants: [
          {
            id: randomUUID(),
            ...(d.person.pncId ? { pncId: d.person.pncId } : {}),
            personDefendant: {
              personDetails: { firstName: d.person.firstName, lastName: d.person.lastName, ...(d.person.dateOfBirth ? { dateOfBirth: d.person.dateOfBirth } : {}) },
              ...(d.bail ? { bailStatus: d.bail } : {}),
            },
            offences: [{ id: randomUUID(), offenceTitle: 'Burglary', judicialResults: d.results.map((r) => ({ ...(typeof r === 'string' ? { label: r } : r), orderedDate: today, category: 'FINAL' })) }],
          },
        ],
      })),
    },
  };
}

async function send(body: unknown, options: { signature?: string; token?: string } = {}) {
  const raw = JSON.stringify(body);
  return sys.http('POST', '/api/court-results/hearings', { token: options.token ?? feed, body: raw, headers: { 'x-court-results-signature': options.signature ?? signCourtResults(TEST_COURT_SIGNING_SECRET, raw) } });
}

/** Sends a hearing and waits for its workflow to finish acting. */
async function sendAndSettle(body: ReturnType<typeof hearing>) {
  const res = await send(body);
  expect(res.status).toBe(202);
  await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, body.version)).result();
  return (await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/${body.version}`, { token: expert })).body as {
    status: string;
    defendants: { decision: { outcome: string; prisonerNumber?: string; explanation: string[] }; change: { direction: string } | null; action?: string; actionDetail?: string }[];
  };
}

async function person(extra: Person & { pncNumber?: string }) {
  return admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', extra);
}

describe('court results into the right prison record', () => {
  it('holds a prisoner remanded in custody at once, matched by name, date of birth and PNC, and tells his prison, its governor and the unit', async () => {
    const pn = await person({ firstName: 'Wilhelmina', lastName: 'Achterberg', dateOfBirth: '1988-02-29', pncNumber: '1988/0456789Q' });
    const stored = await sendAndSettle(hearing([{ person: { firstName: 'Wilhelmina', lastName: 'Achterberg', dateOfBirth: '1988-02-29', pncId: '1988/456789Q' }, results: ['Remanded in custody'] }]));
    expect(stored.status).toBe('MATCHED');
    expect(stored.defendants[0]).toMatchObject({ decision: { outcome: 'MATCHED', prisonerNumber: pn }, change: { direction: 'INTO_CUSTODY' }, action: 'HOLD_PLACED' });
    expect(stored.defendants[0]!.decision.explanation[0]).toMatch(/pnc exact/);
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: prison })).body as { releasable: boolean; reasons: { kind: string }[] };
    expect(status.releasable).toBe(false);
    expect(status.reasons.map((r) => r.kind)).toContain('CUSTODIAL_STATUS_CHANGE');
    const [mail] = await sys.mail.waitFor((m) => (m.subject ?? "").includes('his release is held'));
    expect(mail!.to).toEqual(expect.arrayContaining(['omu.MDI@prison.test', 'governor.MDI@prison.test', 'queue@unit.test']));
    expect(mail!.subject).not.toContain(pn);
  });

  it('keeps a remand for someone recorded as released on his hold, so it holds the moment he is back, and tells the unit', async () => {
    const who = { firstName: 'Evangeline', lastName: 'Threlkeld', dateOfBirth: '1983-03-03' };
    const pn = await admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', { ...who, pncNumber: '1983/0033333E', status: 'RELEASED' });
    const stored = await sendAndSettle(hearing([{ person: { ...who, pncId: '1983/33333E' }, results: ['Remanded in custody'] }]));
    expect(stored.defendants[0]).toMatchObject({ decision: { outcome: 'MATCHED', prisonerNumber: pn }, action: 'HELD_FOR_UNIT', actionDetail: expect.stringContaining('kept on his hold') });
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: expert })).body as { clear: boolean; reasons: { kind: string }[] };
    expect(status.reasons.map((r) => r.kind)).toEqual(['CUSTODIAL_STATUS_CHANGE']);
    expect(status.clear).toBe(false);
  });

  it('raises an urgent query when a prisoner still held is bailed: a release may be due', async () => {
    const pn = await person({ firstName: 'Oleksandr', lastName: 'Kovalenko-Price', dateOfBirth: '1979-06-11', pncNumber: '1979/0061111K' });
    const stored = await sendAndSettle(hearing([{ person: { firstName: 'Alexander', lastName: 'Kovalenko-Price', dateOfBirth: '1979-06-11', pncId: '1979/61111K' }, results: ['Granted conditional bail'], bail: { code: 'B', description: 'Conditional bail' } }]));
    expect(stored.defendants[0]).toMatchObject({ decision: { outcome: 'MATCHED', prisonerNumber: pn }, change: { direction: 'OUT_OF_CUSTODY' }, action: 'QUERY_RAISED' });
    const reference = /UQ-MDI-[0-9A-Z]+/.exec(stored.defendants[0]!.actionDetail!)![0];
    const query = (await sys.http('GET', `/api/urgent-queries/${reference}`, { token: expert })).body as { category: string; prisonerNumber: string; status: string };
    expect(query).toMatchObject({ category: 'CUSTODIAL_STATUS_CONFLICT', prisonerNumber: pn, status: 'RAISED' });
  });

  it('gives a query raised from a result the register’s release date: bailed this morning and due out tonight is CRITICAL (issue 26, part 2)', async () => {
    const pn = await person({ firstName: 'Ottoline', lastName: 'Marchbanks', dateOfBirth: '1975-05-05', pncNumber: '1975/0055555M' });
    await sys.register.setPlannedRelease(pn, new Date(Date.now() + 10 * 3_600_000).toISOString(), 'test');
    const stored = await sendAndSettle(hearing([{ person: { firstName: 'Ottoline', lastName: 'Marchbanks', dateOfBirth: '1975-05-05', pncId: '1975/55555M' }, results: ['Granted conditional bail'], bail: { code: 'B', description: 'Conditional bail' } }]));
    const reference = /UQ-MDI-[0-9A-Z]+/.exec(stored.defendants[0]!.actionDetail!)![0];
    const query = (await sys.http('GET', `/api/urgent-queries/${reference}`, { token: expert })).body as { urgency: string };
    expect(query.urgency).toBe('CRITICAL');
  });

  it('reads a suspended sentence by its CJS code as no custody: no court reason on his hold, no "held" email, a query for the unit (issue 26, Ford Prefect)', async () => {
    const who = { firstName: 'Ford', lastName: 'Prefect', dateOfBirth: '1979-10-12', pncId: '1979/0042424F' };
    const pn = await person({ ...who, pncNumber: who.pncId });
    const label = 'Suspended sentence of imprisonment 12 months, suspended for 24 months';
    const stored = await sendAndSettle(hearing([{ person: who, results: [{ cjsCode: '1115', label }] }]));
    expect(stored.defendants[0]).toMatchObject({ decision: { outcome: 'MATCHED', prisonerNumber: pn }, change: { direction: 'OUT_OF_CUSTODY' }, action: 'QUERY_RAISED' });
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: prison })).body as { reasons: { kind: string }[] };
    expect(status.reasons.map((r) => r.kind)).not.toContain('CUSTODIAL_STATUS_CHANGE');
    expect(sys.mail.messages().filter((m) => (m.subject ?? '').includes('his release is held') && (m.text ?? '').includes(pn))).toHaveLength(0);
  });

  it('sends a result no rule recognises to the unit with why, and acts on nothing', async () => {
    const who = { firstName: 'Zaphod', lastName: 'Beeblebrox', dateOfBirth: '1972-03-08', pncId: '1972/0042424Z' };
    const pn = await person({ ...who, pncNumber: who.pncId });
    const stored = await sendAndSettle(hearing([{ person: who, results: ['Hybrid order'] }]));
    expect(stored.defendants[0]).toMatchObject({ decision: { outcome: 'MATCHED', prisonerNumber: pn }, change: null, action: 'HELD_FOR_UNIT' });
    expect(stored.defendants[0]!.actionDetail).toMatch(/no rule recognises the result "Hybrid order".*matched/);
    const attention = (await sys.http('GET', '/api/court-results/attention', { token: expert })).body as { heldForUnit: { actionDetail?: string }[] };
    expect(attention.heldForUnit.some((h) => h.actionDetail?.includes('Hybrid order'))).toBe(true);
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: prison })).body as { reasons: { kind: string }[] };
    expect(status.reasons.map((r) => r.kind)).not.toContain('CUSTODIAL_STATUS_CHANGE');
  });

  it('refuses a result code that is not a CJS code with a 400 naming the field', async () => {
    const res = await send(hearing([{ person: { firstName: 'Ann', lastName: 'Lee' }, results: [{ cjsCode: 'RIC', label: 'Remanded in custody' }] }]));
    expect(res.status).toBe(400);
    expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('body.hearing.prosecutionCases.0.defendants.0.offences.0.judicialResults.0.cjsCode');
  });

  it('keeps a stranger for the unit, and sends a doubtful match to the unit as a query to confirm who he is', async () => {
    await person({ firstName: 'Daniel', lastName: 'Vanterpool', dateOfBirth: '2001-05-05' });
    await person({ firstName: 'Nathan', lastName: 'Vanterpool', dateOfBirth: '2001-05-05' });
    const stored = await sendAndSettle(
      hearing([
        { person: { firstName: 'Quentin', lastName: 'Zyzzyva', dateOfBirth: '1944-04-04' }, results: ['Remanded in custody'] },
        { person: { firstName: 'Daniel', lastName: 'Vanterpool', dateOfBirth: '2001-05-05' }, results: ['Remanded in custody'] },
      ]),
    );
    expect(stored.defendants.map((d) => [d.decision.outcome, d.action])).toEqual([
      ['NO_MATCH', 'HELD_FOR_UNIT'],
      ['POSSIBLE_MATCH', 'REVIEW'],
    ]);
    // The review is a human task with a deadline in the unit's queue: an urgent query on the best candidate.
    const reference = /UQ-MDI-[0-9A-Z]+/.exec(stored.defendants[1]!.actionDetail!)![0];
    const query = (await sys.http('GET', `/api/urgent-queries/${reference}`, { token: expert })).body as { question: string; status: string; deadlines: unknown };
    expect(query.status).toBe('RAISED');
    expect(query.question).toMatch(/Possible match .*other candidates: [A-Z]\d{4}[A-Z]{2}/);
    // The stranger waits in the unit's list.
    const attention = (await sys.http('GET', '/api/court-results/attention', { token: expert })).body as { heldForUnit: { defendantId: string; outcome: string }[] };
    expect(attention.heldForUnit).toContainEqual(expect.objectContaining({ outcome: 'NO_MATCH' }));
  });

  it('acts on a hearing naming one prisoner in all its 50 cases without a flood: one email, and every court reason placed, past the limit meant for people', async () => {
    const who = { firstName: 'Bartholomew', lastName: 'Ramsbottom', dateOfBirth: '1971-08-08', pncId: '1971/424242B' };
    const pn = await person({ ...who, pncNumber: who.pncId });
    // Five court reasons stand already; the hold's limit of 50 is for people's reasons, and nothing the court says is dropped.
    const courts = { username: 'court-feed', roles: ['COURT_RESULTS' as const], caseload: [] };
    for (let i = 0; i < 5; i++) await sys.services.gate.flagCourtChange(courts, pn, { courtCode: 'LEEDCC', courtCaseReference: `T2026000${i}`, detail: 'Remanded in custody' });
    const stored = await sendAndSettle(hearing(Array.from({ length: 50 }, () => ({ person: who, results: ['Remanded in custody'] }))));
    const actions = stored.defendants.reduce<Record<string, number>>((n, d) => ({ ...n, [d.action!]: (n[d.action!] ?? 0) + 1 }), {});
    expect(actions).toEqual({ HOLD_PLACED: 50 });
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: prison })).body as { releasable: boolean; reasons: unknown[] };
    expect(status.releasable).toBe(false);
    expect(status.reasons).toHaveLength(55);
    expect(sys.mail.messages().filter((m) => (m.subject ?? '').includes('Court result') && (m.text ?? '').includes(pn))).toHaveLength(1);
  });

  it('is idempotent on hearing id and version: the same body again starts nothing new, another body is a 409', async () => {
    await person({ firstName: 'Imogen', lastName: 'Featherstone', dateOfBirth: '1990-10-10' });
    const body = hearing([{ person: { firstName: 'Imogen', lastName: 'Featherstone', dateOfBirth: '1990-10-10' }, results: ['Adjourned'] }]);
    await sendAndSettle(body);
    const before = await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, 1)).describe();
    const again = await send(body);
    expect(again).toMatchObject({ status: 202, body: { duplicate: true } });
    expect((await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, 1)).describe()).runId).toBe(before.runId);
    const changed = structuredClone(body);
    changed.hearing.courtCentre.name = 'Leeds Crown Court';
    expect((await send(changed)).status).toBe(409);
    // A new version is a new record.
    changed.version = 2;
    expect((await send(changed)).body).toMatchObject({ version: 2, duplicate: false });
  });

  it('keeps one record and one workflow when the same hearing arrives twice at once', async () => {
    await person({ firstName: 'Octavia', lastName: 'Abernethy', dateOfBirth: '1993-03-03' });
    const body = hearing([{ person: { firstName: 'Octavia', lastName: 'Abernethy', dateOfBirth: '1993-03-03' }, results: ['Remanded in custody'] }]);
    const answers = await Promise.all([send(body), send(body)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers.map((a) => (a.body as { duplicate: boolean }).duplicate).sort()).toEqual([false, true]);
    await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, 1)).result();
    const rows = await sys.stores.db.query<{ count: number }>('SELECT count(*)::int AS count FROM court_hearings WHERE hearing_id = $1', [body.hearing.id]);
    expect(rows[0]!.count).toBe(1);
  });

  it('refuses a missing, wrong or stale signature with 401 and keeps nothing', async () => {
    const body = hearing([{ person: { firstName: 'Ann', lastName: 'Lee', dateOfBirth: '1980-01-01' }, results: ['Remanded in custody'] }]);
    const raw = JSON.stringify(body);
    const wrong = signCourtResults('another-secret-entirely-of-32-characters-x', raw);
    const stale = signCourtResults(TEST_COURT_SIGNING_SECRET, raw, Math.floor(Date.now() / 1000) - 3600);
    const tampered = signCourtResults(TEST_COURT_SIGNING_SECRET, raw.replace('Ann', 'Anne'));
    for (const signature of [wrong, stale, tampered, 't=1,v1=zz']) {
      const res = await send(body, { signature });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    const noHeader = await sys.http('POST', '/api/court-results/hearings', { token: feed, body: raw });
    expect(noHeader.status).toBe(401);
    expect((await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/1`, { token: expert })).status).toBe(404);
  });

  it('keeps a malformed hearing with its errors for the unit, and names the field; absurd dates are 422', async () => {
    const body = hearing([{ person: { firstName: 'Ann', lastName: 'Lee' }, results: ['Remanded in custody'] }]) as { hearing: { prosecutionCases: unknown[]; hearingDays: { sittingDay: string }[] } };
    body.hearing.prosecutionCases = [];
    const res = await send(body);
    expect(res.status).toBe(400);
    const problem = res.body as { errors: { field: string }[]; malformedId: string };
    expect(problem.errors.map((e) => e.field)).toContain('body.hearing.prosecutionCases');
    const [row] = await sys.stores.db.query<{ status: string; errors: unknown[] }>('SELECT status, errors FROM court_hearings WHERE hearing_id = $1', [problem.malformedId]);
    expect(row).toMatchObject({ status: 'MALFORMED', errors: [expect.objectContaining({ field: 'body.hearing.prosecutionCases' })] });
    const attention = (await sys.http('GET', '/api/court-results/attention', { token: expert })).body as { malformed: { hearingId: string }[] };
    expect(attention.malformed.map((m) => m.hearingId)).toContain(problem.malformedId);

    const year26 = hearing([{ person: { firstName: 'Ann', lastName: 'Lee' }, results: ['Remanded in custody'] }]);
    year26.hearing.hearingDays[0]!.sittingDay = '0026-01-01T10:00:00Z';
    const absurd = await send(year26);
    expect(absurd.status).toBe(422);
    expect((absurd.body as { errors: { field: string }[] }).errors[0]!.field).toBe('body.hearing.hearingDays.0.sittingDay');
  });

  it('lets only the court-results feed send, and only the unit read', async () => {
    const body = hearing([{ person: { firstName: 'Ann', lastName: 'Lee' }, results: ['Adjourned'] }]);
    expect((await send(body, { token: prison })).status).toBe(403);
    expect((await send(body, { token: expert })).status).toBe(403);
    expect((await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/1`, { token: feed })).status).toBe(403);
    expect((await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/1`, { token: prison })).status).toBe(403);
    expect((await sys.http('GET', '/api/court-results/hearings/not-a-uuid/versions/1', { token: expert })).status).toBe(404);
  });

  it('runs the hourly reconciliation as a Temporal Schedule: skip on overlap, a day of catch-up, pausable; a run takes the dropped files and acts', async () => {
    const dir = sys.courtSourceName.replace(/^file:/, '');
    const pn = await person({ firstName: 'Augustin', lastName: 'Higginbotham', dateOfBirth: '1966-07-21' });
    const body = hearing([{ person: { firstName: 'Augustin', lastName: 'Higginbotham', dateOfBirth: '1966-07-21' }, results: ['Sentenced to imprisonment for 2 years'] }]);
    writeFileSync(path.join(dir, 'a-hearing.json'), JSON.stringify(body));
    writeFileSync(path.join(dir, 'b-broken.json'), '{"hearing": "not one"}');

    const scheduleId = `court-${sys.taskQueue}`;
    await sys.services.courtResults.ensureHourlySchedule({ scheduleId });
    await sys.services.courtResults.ensureHourlySchedule({ scheduleId }); // a second start finds it there
    const schedule = sys.client.schedule.getHandle(scheduleId);
    try {
      const described = await schedule.describe();
      expect(described.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 86_400_000 });
      expect(described.spec.intervals?.[0]).toMatchObject({ every: 3_600_000 });
      await schedule.pause('maintenance');
      expect((await schedule.describe()).state.paused).toBe(true);
      await schedule.unpause();

      await schedule.trigger();
      // The run keeps the hearing (and starts its workflow), keeps the broken file as malformed, and sets both files aside.
      for (let i = 0; i < 100 && !existsSync(path.join(dir, 'taken', 'b-broken.json')); i++) await new Promise((r) => setTimeout(r, 200));
      expect(existsSync(path.join(dir, 'taken', 'a-hearing.json'))).toBe(true);
      await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, 1)).result();
      const stored = (await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/1`, { token: expert })).body as { defendants: { action?: string; decision: { prisonerNumber?: string } }[] };
      expect(stored.defendants[0]).toMatchObject({ action: 'HOLD_PLACED', decision: { prisonerNumber: pn } });
      const [malformed] = await sys.stores.db.query<{ status: string; received_by: string }>(`SELECT status, received_by FROM court_hearings WHERE raw = '{"hearing": "not one"}'`);
      expect(malformed).toMatchObject({ status: 'MALFORMED', received_by: 'court-results-hourly' });
      const [mark] = await sys.stores.db.query<{ pulled_until: Date }>('SELECT pulled_until FROM court_pull_watermarks WHERE source = $1', [sys.courtSourceName]);
      expect(mark).toBeDefined();
    } finally {
      await schedule.delete();
    }
  });
});
