import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNotificationState, VICTIM_NOTIFICATION_WORKFLOW } from '../../src/workflows/definitions.ts';
import { startChildWorker } from '../helpers/child-worker.ts';
import { recordHistory } from '../helpers/histories.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { FAST, linkIn, nextPrisoner, notDate, registration, setUp, SLOW } from '../helpers/victim-notification.ts';

let serial = 0;

describe('escalation until acknowledged, the urgent path, and a worker killed mid-send', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp(FAST);
  });
  afterAll(() => t?.sys.stop());

  it('runs the urgent path end to end from a reported release in error, climbing the ladder until acknowledged', async () => {
    const pn = nextPrisoner();
    await t.register(pn);
    const reported = await t.sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, {
      token: t.tokens.governor,
      body: { prisonCode: 'MDI', howFound: 'Warrant found after discharge' },
    });
    expect(reported.status).toBe(201);
    const [first] = await t.sys.mail.waitFor(
      (m) => notDate(m) && m.to.includes(registration(pn).vloEmail) && m.subject?.includes('URGENT') === true,
    );
    const id = first!.headers['x-release-guard-reference']!;
    expect(first!.headers.priority ?? first!.headers['x-priority']).toBeDefined();
    await t.sys.mail.waitFor(
      (m) => m.headers['x-release-guard-reference'] === id && m.to.includes('vlo-team@probation.test'),
    );
    await t.sys.mail.waitFor((m) => m.headers['x-release-guard-reference'] === id && m.to.includes('head@unit.test'));
    const acked = await t.sys.http('POST', `/api/victim-notifications/${id}/acknowledge`, {
      token: t.tokens.vlo,
      body: {},
    });
    expect(acked.body.status).toBe('ACKNOWLEDGED');
    const sent = t.mailsFor(id).length;
    await new Promise((r) => setTimeout(r, 7_000)); // more than two repeat intervals
    expect(t.mailsFor(id).length).toBe(sent);
    const final = await t.sys.client.workflow.getHandle(id).result();
    expect(final.kind).toBe('RELEASE_IN_ERROR');
    await recordHistory(t.sys.client.workflow.getHandle(id), 'victim-notification-urgent-acknowledged');
  });

  it('an acknowledgement by link stops the escalation', async () => {
    const pn = nextPrisoner();
    await t.register(pn);
    await t.releaseOf(pn);
    const [mail] = await t.sys.mail.waitFor((m) => notDate(m) && m.to.includes(registration(pn).vloEmail));
    const id = mail!.headers['x-release-guard-reference']!;
    await t.sys.mail.waitFor((m) => m.headers['x-release-guard-reference'] === id, { count: 2 });
    const res = await fetch(`${t.sys.baseUrl}/victim-notifications/acknowledge`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${linkIn(mail!)}`,
    });
    expect(res.status).toBe(200);
    const sent = t.mailsFor(id).length;
    await new Promise((r) => setTimeout(r, 7_000));
    expect(t.mailsFor(id).length).toBe(sent);
  });

  it('still delivers when the worker is killed while sending, and any duplicate carries the same Message-ID', async () => {
    const taskQueue = `child-${randomUUID()}`;
    let worker = await startChildWorker(taskQueue, t.sys.mail.port, t.sys.stores.schema!);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let arrivals = 0;
    t.sys.mail.beforeAccept = async () => {
      arrivals += 1;
      if (arrivals === 1) await held; // the first copy reaches the server, but its 250 never reaches the dead worker
    };
    try {
      const id = `VN-KILL${String(serial++ % 10)}A`;
      await t.sys.client.workflow.start(VICTIM_NOTIFICATION_WORKFLOW, {
        taskQueue,
        workflowId: id,
        args: [
          {
            id,
            facts: { kind: 'RELEASE', prisonerNumber: nextPrisoner(), prisonCode: 'MDI', releaseType: 'RELEASED' },
            registration: { vloEmail: 'vlo.kill@probation.test', teamMailbox: 'vlo-team@probation.test' },
            policy: SLOW,
          },
        ],
      });
      await eventually(
        async () => arrivals,
        (n) => n >= 1,
        30_000,
      );
      await worker.kill('SIGKILL');
      release();
      worker = await startChildWorker(taskQueue, t.sys.mail.port, t.sys.stores.schema!);
      const state = await eventually(
        () => t.sys.client.workflow.getHandle(id).query(getNotificationState),
        (s) => s.delivered.length === 1,
        60_000,
      );
      expect(state.status).toBe('SENT');
      const copies = t.mailsFor(id);
      expect(copies.length).toBeGreaterThanOrEqual(1);
      expect(new Set(copies.map((m) => m.messageId))).toEqual(new Set([`<${id}.notice-1@release-guard.test>`]));
    } finally {
      t.sys.mail.beforeAccept = undefined;
      release();
      await worker.kill('SIGKILL');
    }
  });
});
