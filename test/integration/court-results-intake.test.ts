import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signCourtResults } from '../../src/api/court-signature.ts';
import { COURT_RECONCILIATION_WORKFLOW, courtHearingWorkflowId } from '../../src/workflows/definitions.ts';
import { courtCalls, hearing, startCourtTestSystem } from '../helpers/court-results.ts';
import { TEST_COURT_SIGNING_SECRET, type TestSystem } from '../helpers/test-system.ts';

/** How court results come in: once per hearing version, signed, well formed, from the feed alone, and by the hourly reconciliation. */

let sys: TestSystem;
let feed: string;
let expert: string;
let prison: string;
startCourtTestSystem((started) => ({ sys, feed, expert, prison } = started));
afterAll(() => sys?.stop());
const { send, sendAndSettle, person } = courtCalls(() => ({ sys, feed, expert, prison }));

describe('court results into the right prison record', () => {
  it('is idempotent on hearing id and version: the same body again starts nothing new, another body is a 409', async () => {
    await person({ firstName: 'Imogen', lastName: 'Featherstone', dateOfBirth: '1990-10-10' });
    const body = hearing([
      { person: { firstName: 'Imogen', lastName: 'Featherstone', dateOfBirth: '1990-10-10' }, results: ['Adjourned'] },
    ]);
    await sendAndSettle(body);
    const before = await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, 1)).describe();
    const again = await send(body);
    expect(again).toMatchObject({ status: 202, body: { duplicate: true } });
    expect((await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, 1)).describe()).runId).toBe(
      before.runId,
    );
    const changed = structuredClone(body);
    changed.hearing.courtCentre.name = 'Leeds Crown Court';
    expect((await send(changed)).status).toBe(409);
    // A new version is a new record.
    changed.version = 2;
    expect((await send(changed)).body).toMatchObject({ version: 2, duplicate: false });
  });

  it('keeps one record and one workflow when the same hearing arrives twice at once', async () => {
    await person({ firstName: 'Octavia', lastName: 'Abernethy', dateOfBirth: '1993-03-03' });
    const body = hearing([
      {
        person: { firstName: 'Octavia', lastName: 'Abernethy', dateOfBirth: '1993-03-03' },
        results: ['Remanded in custody'],
      },
    ]);
    const answers = await Promise.all([send(body), send(body)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers.map((a) => (a.body as { duplicate: boolean }).duplicate).sort()).toEqual([false, true]);
    await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, 1)).result();
    const rows = await sys.stores.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM court_hearings WHERE hearing_id = $1',
      [body.hearing.id],
    );
    expect(rows[0]!.count).toBe(1);
  });

  it('refuses a missing, wrong or stale signature with 401 and keeps nothing', async () => {
    const body = hearing([
      { person: { firstName: 'Ann', lastName: 'Lee', dateOfBirth: '1980-01-01' }, results: ['Remanded in custody'] },
    ]);
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
    expect(
      (await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/1`, { token: expert })).status,
    ).toBe(404);
  });

  it('keeps a malformed hearing with its errors for the unit, and names the field; absurd dates are 422', async () => {
    const body = hearing([{ person: { firstName: 'Ann', lastName: 'Lee' }, results: ['Remanded in custody'] }]) as {
      hearing: { prosecutionCases: unknown[]; hearingDays: { sittingDay: string }[] };
    };
    body.hearing.prosecutionCases = [];
    const res = await send(body);
    expect(res.status).toBe(400);
    const problem = res.body as { errors: { field: string }[]; malformedId: string };
    expect(problem.errors.map((e) => e.field)).toContain('body.hearing.prosecutionCases');
    const [row] = await sys.stores.db.query<{ status: string; errors: unknown[] }>(
      'SELECT status, errors FROM court_hearings WHERE hearing_id = $1',
      [problem.malformedId],
    );
    expect(row).toMatchObject({
      status: 'MALFORMED',
      errors: [expect.objectContaining({ field: 'body.hearing.prosecutionCases' })],
    });
    const attention = (await sys.http('GET', '/api/court-results/attention', { token: expert })).body as {
      malformed: { hearingId: string }[];
    };
    expect(attention.malformed.map((m) => m.hearingId)).toContain(problem.malformedId);

    const year26 = hearing([{ person: { firstName: 'Ann', lastName: 'Lee' }, results: ['Remanded in custody'] }]);
    year26.hearing.hearingDays[0]!.sittingDay = '0026-01-01T10:00:00Z';
    const absurd = await send(year26);
    expect(absurd.status).toBe(422);
    expect((absurd.body as { errors: { field: string }[] }).errors[0]!.field).toBe(
      'body.hearing.hearingDays.0.sittingDay',
    );
  });

  it('lets only the court-results feed send, and only the unit read', async () => {
    const body = hearing([{ person: { firstName: 'Ann', lastName: 'Lee' }, results: ['Adjourned'] }]);
    expect((await send(body, { token: prison })).status).toBe(403);
    expect((await send(body, { token: expert })).status).toBe(403);
    expect(
      (await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/1`, { token: feed })).status,
    ).toBe(403);
    expect(
      (await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/1`, { token: prison })).status,
    ).toBe(403);
    expect((await sys.http('GET', '/api/court-results/hearings/not-a-uuid/versions/1', { token: expert })).status).toBe(
      404,
    );
  });

  it('runs the hourly reconciliation as a Temporal Schedule: skip on overlap, a day of catch-up, pausable; a run takes the dropped files and acts', async () => {
    const dir = sys.courtSourceName.replace(/^file:/, '');
    const pn = await person({ firstName: 'Augustin', lastName: 'Higginbotham', dateOfBirth: '1966-07-21' });
    const body = hearing([
      {
        person: { firstName: 'Augustin', lastName: 'Higginbotham', dateOfBirth: '1966-07-21' },
        results: ['Sentenced to imprisonment for 2 years'],
      },
    ]);
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
      for (let i = 0; i < 100 && !existsSync(path.join(dir, 'taken', 'b-broken.json')); i++)
        await new Promise((r) => setTimeout(r, 200));
      expect(existsSync(path.join(dir, 'taken', 'a-hearing.json'))).toBe(true);
      await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, 1)).result();
      const stored = (
        await sys.http('GET', `/api/court-results/hearings/${body.hearing.id}/versions/1`, { token: expert })
      ).body as { defendants: { action?: string; decision: { prisonerNumber?: string } }[] };
      expect(stored.defendants[0]).toMatchObject({ action: 'HOLD_PLACED', decision: { prisonerNumber: pn } });
      const [malformed] = await sys.stores.db.query<{ status: string; received_by: string }>(
        `SELECT status, received_by FROM court_hearings WHERE raw = '{"hearing": "not one"}'`,
      );
      expect(malformed).toMatchObject({ status: 'MALFORMED', received_by: 'court-results-hourly' });
      const [mark] = await sys.stores.db.query<{ pulled_until: Date }>(
        'SELECT pulled_until FROM court_pull_watermarks WHERE source = $1',
        [sys.courtSourceName],
      );
      expect(mark).toBeDefined();
    } finally {
      await schedule.delete();
    }
  });
  it('keeps a whole pull, then starts what may hold someone first, at a bounded rate', async () => {
    const dir = sys.courtSourceName.replace(/^file:/, '');
    const pn = await person({ firstName: 'Ottoline', lastName: 'Pargeter', dateOfBirth: '1979-02-14' });
    const adjourned = ['Wilfred Ashdown', 'Cressida Vane'].map((name) => {
      const [firstName, lastName] = name.split(' ') as [string, string];
      return hearing([{ person: { firstName, lastName, dateOfBirth: '1985-05-05' }, results: ['Adjourned'] }]);
    });
    const remand = hearing([
      {
        person: { firstName: 'Ottoline', lastName: 'Pargeter', dateOfBirth: '1979-02-14' },
        results: ['Remanded in custody'],
      },
    ]);
    // Pulled in name order: both adjournments before the remand.
    writeFileSync(path.join(dir, 'p1-adjourned.json'), JSON.stringify(adjourned[0]));
    writeFileSync(path.join(dir, 'p2-adjourned.json'), JSON.stringify(adjourned[1]));
    writeFileSync(path.join(dir, 'p3-remand.json'), JSON.stringify(remand));

    const summary = await sys.client.workflow.execute(COURT_RECONCILIATION_WORKFLOW, {
      taskQueue: sys.taskQueue,
      workflowId: `pull-order-${remand.hearing.id}`,
    });
    expect(summary).toMatchObject({ pulled: 3, accepted: 3 });
    const startedAt = async (body: { hearing: { id: string } }) =>
      (await sys.client.workflow.getHandle(courtHearingWorkflowId(body.hearing.id, 1)).describe()).startTime.getTime();
    const [remandAt, firstAt, secondAt] = await Promise.all([remand, ...adjourned].map(startedAt));
    // The remand, pulled last, started first; then the rest in the order pulled, a gap between each.
    expect(remandAt).toBeLessThan(firstAt!);
    expect(firstAt).toBeLessThan(secondAt!);
    expect(firstAt! - remandAt!).toBeGreaterThanOrEqual(200);
    expect(secondAt! - firstAt!).toBeGreaterThanOrEqual(200);
    await sys.client.workflow.getHandle(courtHearingWorkflowId(remand.hearing.id, 1)).result();
    const stored = (
      await sys.http('GET', `/api/court-results/hearings/${remand.hearing.id}/versions/1`, { token: expert })
    ).body as { defendants: { action?: string; decision: { prisonerNumber?: string } }[] };
    expect(stored.defendants[0]).toMatchObject({ action: 'HOLD_PLACED', decision: { prisonerNumber: pn } });
    for (const file of ['p1-adjourned.json', 'p2-adjourned.json', 'p3-remand.json'])
      expect(existsSync(path.join(dir, 'taken', file))).toBe(true);
  });
});
