import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAckToken } from '../../src/infra/ack-token.ts';
import { holdWorkflowId } from '../../src/workflows/definitions.ts';
import { TEST_ACK_KEY, testServices } from '../helpers/activity-deps.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { linkIn, nextPrisoner, notDate, registration, setUp, SLOW } from '../helpers/victim-notification.ts';

describe('victim contact registrations and delivery', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp(SLOW);
  });
  afterAll(() => t?.sys.stop());

  it('keeps several registrations per prisoner, for victim liaison only, across a worker restart, and never a victim’s details', async () => {
    const pn = nextPrisoner();
    const path = `/api/victim-contact/${pn}`;
    expect(
      (await t.sys.http('POST', `${path}/registrations`, { token: t.tokens.officer, body: registration(pn) })).status,
    ).toBe(403);
    expect(
      (
        await t.sys.http('POST', `${path}/registrations`, {
          token: t.tokens.vlo,
          body: { ...registration(pn), victimName: 'x' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.sys.http('POST', `${path}/registrations`, {
          token: t.tokens.vlo,
          body: { ...registration(pn), eligibility: 'MAYBE' },
        })
      ).status,
    ).toBe(400);
    const first = await t.register(pn, '1');
    const keyed = { 'Idempotency-Key': `second-${pn}` };
    const second = await t.sys.http('POST', `${path}/registrations`, {
      token: t.tokens.vlo,
      body: { ...registration(pn, '2'), eligibility: 'DISCRETIONARY' },
      headers: keyed,
    });
    expect(
      (
        await t.sys.http('POST', `${path}/registrations`, {
          token: t.tokens.vlo,
          body: { ...registration(pn, '2'), eligibility: 'DISCRETIONARY' },
          headers: keyed,
        })
      ).body.id,
    ).toBe(second.body.id);
    await t.sys.stopWorker();
    await t.sys.startWorker();
    const read = await t.sys.http('GET', path, { token: t.tokens.vlo });
    expect(read.body.registrations.map((r: { id: string; eligibility: string }) => [r.id, r.eligibility])).toEqual([
      [first, 'STATUTORY'],
      [second.body.id, 'DISCRETIONARY'],
    ]);
    expect((await t.sys.http('GET', path, { token: t.tokens.officer })).status).toBe(403);
    const changed = await t.sys.http('PUT', `${path}/registrations/${first}`, {
      token: t.tokens.vlo,
      body: { ...registration(pn, '1'), vloName: 'New VLO' },
    });
    expect(changed.body).toMatchObject({ id: first, vloName: 'New VLO' });
    expect(
      (await t.sys.http('PUT', `${path}/registrations/REG-NOSUCH1`, { token: t.tokens.vlo, body: registration(pn) }))
        .status,
    ).toBe(404);
    // Its workflow id names nobody: membership of the scheme is not visible to whoever can list workflows.
    const workflowIds = [];
    for await (const wf of t.sys.client.workflow.list({ query: `WorkflowType = 'victimContactRegistration'` }))
      workflowIds.push(wf.workflowId);
    expect(workflowIds.some((id) => id.includes(pn))).toBe(false);
    expect((await t.sys.http('DELETE', `${path}/registrations/${first}`, { token: t.tokens.vlo })).status).toBe(204);
    expect(
      (await t.sys.http('DELETE', `${path}/registrations/${second.body.id}`, { token: t.tokens.vlo })).status,
    ).toBe(204);
    expect((await t.sys.http('GET', path, { token: t.tokens.vlo })).status).toBe(404);
    await t.register(pn); // joining again works
    expect((await t.sys.http('GET', path, { token: t.tokens.vlo })).status).toBe(200);
  });

  it('notifies every victim’s VLO of a release, each on a ladder and acknowledgement of their own', async () => {
    const pn = nextPrisoner();
    await t.register(pn, '1');
    await t.register(pn, '2');
    expect((await t.releaseOf(pn)).status).toBe(201);
    const [one] = await t.sys.mail.waitFor((m) => notDate(m) && m.to.includes(registration(pn, '1').vloEmail));
    const [two] = await t.sys.mail.waitFor((m) => notDate(m) && m.to.includes(registration(pn, '2').vloEmail));
    const ids = [one!.headers['x-release-guard-reference']!, two!.headers['x-release-guard-reference']!];
    expect(new Set(ids).size).toBe(2);
    expect(
      (await t.sys.http('POST', `/api/victim-notifications/${ids[0]}/acknowledge`, { token: t.tokens.vlo, body: {} }))
        .body.status,
    ).toBe('ACKNOWLEDGED');
    expect((await t.sys.http('GET', `/api/victim-notifications/${ids[1]}`, { token: t.tokens.vlo })).body.status).toBe(
      'SENT',
    );
  });

  it('tells the VLO when the prisoner is back in custody, marked as such', async () => {
    const pn = nextPrisoner();
    await t.register(pn);
    await t.releaseOf(pn);
    await t.sys.mail.waitFor((m) => notDate(m) && m.to.includes(registration(pn).vloEmail));
    expect(
      (await t.sys.http('POST', `/api/prisoners/${pn}/returned-to-custody`, { token: t.tokens.officer, body: {} }))
        .status,
    ).toBe(200);
    const [back] = await t.sys.mail.waitFor(
      (m) => notDate(m) && m.to.includes(registration(pn).vloEmail) && m.subject?.includes('back in custody') === true,
    );
    expect(back!.subject).toMatch(
      /^\[Release Guard\] RETURNED VN-[0-9A-Z]{8}: A prisoner in the Victim Contact Scheme is back in custody$/,
    );
    const notification = await t.sys.http(
      'GET',
      `/api/victim-notifications/${back!.headers['x-release-guard-reference']}`,
      { token: t.tokens.vlo },
    );
    expect(notification.body).toMatchObject({ kind: 'RETURNED_TO_CUSTODY', prisonerNumber: pn });
  });

  it('emails the VLO at once when a registered prisoner is released, with only what the VLO needs', async () => {
    const pn = nextPrisoner();
    await t.register(pn);
    const released = await t.releaseOf(pn);
    expect(released.status).toBe(201);
    const [mail] = await t.sys.mail.waitFor((m) => notDate(m) && m.to.includes(registration(pn).vloEmail));
    const id = mail!.headers['x-release-guard-reference']!;
    expect(id).toMatch(/^VN-[0-9A-Z]{8}$/);
    expect(mail!.messageId).toBe(`<${id}.notice-1@release-guard.test>`);
    expect(mail!.subject).toBe(
      `[Release Guard] NOTICE ${id}: A prisoner in the Victim Contact Scheme has been released`,
    );
    expect(mail!.subject).not.toContain(pn);
    expect(mail!.text).toContain(`Prisoner number: ${pn}`);
    expect(mail!.text).toContain('Prison: MDI');
    expect(mail!.text).toContain('Release type: RELEASED');
    expect(mail!.text).toContain('/victim-notifications/acknowledge?token=');
    expect(mail!.html).toContain('<table>');
    expect(mail!.text).not.toContain('Vic Liaison');
    // A prisoner not in the scheme produces nothing.
    const other = nextPrisoner();
    await t.releaseOf(other);
    const list = await eventually(
      () => t.sys.http('GET', '/api/victim-notifications?status=SENT', { token: t.tokens.vlo }),
      (r) => r.body.items.some((i: { id: string }) => i.id === id),
    );
    expect(list.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      status: 'SENT',
      prisonCode: 'MDI',
    });
  });

  it('carries the release request’s correlation id into the memos of the hold and of the notification it started', async () => {
    const pn = nextPrisoner();
    await t.register(pn);
    const correlationId = `corr-${randomUUID()}`;
    await t.sys.authoriseIfPossible(pn);
    const released = await t.sys.http('POST', `/api/prisoners/${pn}/releases`, {
      token: t.tokens.officer,
      body: { prisonCode: 'MDI', reason: 'RELEASED' },
      headers: { 'X-Correlation-Id': correlationId },
    });
    expect(released.headers.get('x-correlation-id')).toBe(correlationId);
    const [mail] = await t.sys.mail.waitFor((m) => notDate(m) && m.to.includes(registration(pn).vloEmail));
    const notification = await t.sys.client.workflow.getHandle(mail!.headers['x-release-guard-reference']!).describe();
    expect(notification.memo).toEqual({ correlationId });
    const hold = await t.sys.client.workflow.getHandle(holdWorkflowId(pn)).describe();
    // The desk's checklist started the hold (its memo names that request); the release changed it last.
    expect(hold.memo).toEqual({
      correlationId: expect.not.stringMatching(correlationId),
      lastCorrelationId: correlationId,
    });
    const audit = readFileSync(t.sys.auditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(audit.filter((e) => e.correlationId === correlationId)).toEqual([
      expect.objectContaining({
        phase: 'REQUEST',
        who: 'officer',
        subjectType: 'PRISONER',
        subjectId: pn,
        operation: 'recordRelease',
      }),
      expect.objectContaining({ phase: 'RESPONSE', status: 201 }),
    ]);
  });

  it('sends one notification for duplicated triggers', async () => {
    const pn = nextPrisoner();
    await t.register(pn);
    const notifications = testServices(t.sys.client, t.sys.taskQueue, t.sys.stores, {
      notificationPolicy: SLOW,
    }).notifications;
    const facts = {
      kind: 'RELEASE' as const,
      prisonerNumber: pn,
      prisonCode: 'MDI',
      releaseType: 'RELEASED',
      releasedAt: new Date().toISOString(),
    };
    const ids = (await Promise.all([1, 2, 3].map(() => notifications.startFor(`release:${pn}:REL-DUP`, facts)))).flat();
    expect(new Set(ids).size).toBe(1);
    await t.sys.mail.waitFor((m) => m.headers['x-release-guard-reference'] === ids[0]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(t.mailsFor(ids[0]!)).toHaveLength(1);
    // Acknowledged, the notification finishes; the same trigger retried later emails nobody again.
    expect(
      (await t.sys.http('POST', `/api/victim-notifications/${ids[0]}/acknowledge`, { token: t.tokens.vlo, body: {} }))
        .status,
    ).toBe(200);
    const finished = await t.sys.client.workflow.getHandle(ids[0]!).result();
    expect(finished.status).toBe('ACKNOWLEDGED');
    const before = await t.sys.client.workflow.getHandle(ids[0]!).describe();
    expect(await notifications.startFor(`release:${pn}:REL-DUP`, facts)).toEqual(ids.slice(0, 1));
    expect((await t.sys.client.workflow.getHandle(ids[0]!).describe()).runId).toBe(before.runId);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(t.mailsFor(ids[0]!)).toHaveLength(1);
  });

  it('delivers exactly one message when SMTP is down for a while, then up', async () => {
    const pn = nextPrisoner();
    await t.register(pn);
    await t.sys.mail.stop();
    await t.releaseOf(pn);
    await new Promise((r) => setTimeout(r, 4_000)); // several failed attempts
    expect(t.sys.mail.running).toBe(false);
    await t.sys.mail.start();
    const [mail] = await t.sys.mail.waitFor((m) => notDate(m) && m.to.includes(registration(pn).vloEmail), {
      timeoutMs: 60_000,
    });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(t.mailsFor(mail!.headers['x-release-guard-reference']!)).toHaveLength(1);
  });

  it('escalates to the team mailbox at once when the VLO address is refused permanently', async () => {
    const pn = nextPrisoner();
    await t.register(pn);
    t.sys.mail.recipientVerdict = (address) =>
      address === registration(pn).vloEmail ? { code: 550, message: 'No such user' } : undefined;
    try {
      await t.releaseOf(pn);
      const [team] = await t.sys.mail.waitFor(
        (m) => notDate(m) && m.to.includes('vlo-team@probation.test') && m.text?.includes(pn) === true,
      );
      const id = team!.headers['x-release-guard-reference']!;
      expect(team!.subject).toContain('escalation level 2');
      const state = await eventually(
        () => t.sys.http('GET', `/api/victim-notifications/${id}`, { token: t.tokens.vlo }),
        (r) => r.body.delivered?.length === 1,
      );
      expect(state.body).toMatchObject({ status: 'ESCALATED', rejected: [registration(pn).vloEmail] });
      expect(t.sys.mail.messages().filter((m) => notDate(m) && m.to.includes(registration(pn).vloEmail))).toEqual([]);
    } finally {
      t.sys.mail.recipientVerdict = undefined;
    }
  });

  it('acknowledges by a signed link once; a reused or expired link is refused; the API acknowledges harmlessly twice', async () => {
    const pn = nextPrisoner();
    await t.register(pn);
    await t.releaseOf(pn);
    const [mail] = await t.sys.mail.waitFor((m) => notDate(m) && m.to.includes(registration(pn).vloEmail));
    const id = mail!.headers['x-release-guard-reference']!;
    const token = linkIn(mail!);
    const page = await fetch(`${t.sys.baseUrl}/victim-notifications/acknowledge?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const post = (tok: string) =>
      fetch(`${t.sys.baseUrl}/victim-notifications/acknowledge`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${tok}`,
      });
    const acknowledged = await post(token);
    expect(acknowledged.status).toBe(200);
    // The link's POST is on the audit trail, with the notification it acknowledged as its subject.
    const linesOf = async () =>
      readFileSync(t.sys.auditFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .filter((e) => e.correlationId === acknowledged.headers.get('x-correlation-id'));
    // The response line is written as the response finishes: moments after the client has it.
    expect(await eventually(linesOf, (lines) => lines.length === 2)).toEqual([
      expect.objectContaining({
        phase: 'REQUEST',
        operation: 'acknowledgeByLink',
        who: 'signed-link',
        subjectType: 'VICTIM_NOTIFICATION',
      }),
      expect.objectContaining({ phase: 'RESPONSE', status: 200, subjectId: id }),
    ]);
    expect((await post(token)).status).toBe(409);
    const expired = await signAckToken(TEST_ACK_KEY, { notificationId: id, linkId: 'notice-9:x' }, -1);
    expect((await post(expired)).status).toBe(410);
    expect((await post('not-a-token')).status).toBe(400);
    const state = await t.sys.http('GET', `/api/victim-notifications/${id}`, { token: t.tokens.vlo });
    expect(state.body).toMatchObject({ status: 'ACKNOWLEDGED', acknowledged: { via: 'LINK' } });
    expect(
      (await t.sys.http('POST', `/api/victim-notifications/${id}/acknowledge`, { token: t.tokens.vlo, body: {} }))
        .status,
    ).toBe(200);
    expect(
      (await t.sys.http('POST', `/api/victim-notifications/${id}/acknowledge`, { token: t.tokens.officer, body: {} }))
        .status,
    ).toBe(403);
  });
});
