import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildWorker, type ChildWorker } from '../helpers/child-worker.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startTestSystem, testPolicy, type TestSystem } from '../helpers/test-system.ts';

let sys: TestSystem;
let worker: ChildWorker | undefined;

// Seconds instead of minutes, so real timers fire on the real dev server within the test.
const base = testPolicy();
const policy = testPolicy({
  targets: {
    ...base.targets,
    CRITICAL: {
      ...base.targets.CRITICAL,
      firstResponseMinutes: 0.25,
      answerMinutes: 60,
      levelOffsetsMinutes: [0, 30, 60],
      repeatMinutes: 30,
    },
  },
});

beforeAll(async () => {
  sys = await startTestSystem({ policy, withWorker: false });
});
afterAll(async () => {
  await worker?.kill();
  await sys?.stop();
});

describe('a worker killed while a query waits', () => {
  it('loses nothing: the query is still there, and its timer still fires after a new worker starts', async () => {
    worker = await startChildWorker(sys.taskQueue, sys.mail.port, sys.stores.schema!);
    const prison = await sys.issuer.token('prison.officer', ['PRISON_STAFF'], ['MDI']);
    const raised = await sys.http('POST', '/api/urgent-queries', {
      token: prison,
      body: {
        prisonCode: 'MDI',
        prisonerNumber: await sys.admit('MDI'),
        category: 'WARRANT_MISSING',
        question: 'Missing warrant',
        plannedRelease: new Date(Date.now() + 20 * 3_600_000).toISOString(),
      },
    });
    const ref = raised.body.reference as string;
    const before = await sys.http('GET', `/api/urgent-queries/${ref}`, { token: prison });
    expect(before.body.status).toBe('RAISED');
    const due = before.body.deadlines.firstResponse as string;

    await worker.kill('SIGKILL');
    expect(worker.process.signalCode).toBe('SIGKILL');
    worker = await startChildWorker(sys.taskQueue, sys.mail.port, sys.stores.schema!);

    const after = await eventually(
      () => sys.http('GET', `/api/urgent-queries/${ref}`, { token: prison }),
      (r) => r.body.escalations?.[0]?.alertsSent === 1,
      60_000,
    );
    expect(after.body.escalations[0]).toMatchObject({ trigger: 'FIRST_RESPONSE_BREACH', startedAt: due, level: 1 });
    expect(after.body.timeline[0]).toMatchObject({ action: 'RAISED', actor: 'prison.officer' });
    const [mail] = await sys.mail.waitFor((m) => m.subject?.includes(`${ref}: Escalation level 1`) === true);
    expect(mail!.to).toEqual(['queue@unit.test']);
    // And it still takes operations.
    const expert = await sys.issuer.token('court.expert', ['COURT_EXPERT']);
    expect((await sys.http('POST', `/api/urgent-queries/${ref}/claim`, { token: expert, body: {} })).status).toBe(200);
  });
});
