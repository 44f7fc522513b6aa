import type { EventLog } from '../../src/domain/event-log.ts';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHoldActivities } from '../../src/activities/release-hold.ts';
import { createMailTransport } from '../../src/activities/mail.ts';
import { createNotificationActivities } from '../../src/activities/victim-notification.ts';
import { createQueryActivities } from '../../src/activities/urgent-query.ts';
import type { Alert } from '../../src/domain/urgent-query/query-state.ts';
import { SMTP_PERMANENT } from '../../src/domain/delivery.ts';
import type { MailCatcher } from '../../src/infra/mail-catcher.ts';
import type { HoldClient } from '../../src/services/release-hold-client.ts';
import type { IncidentService } from '../../src/services/incident.ts';
import type { NotificationService } from '../../src/services/victim-notification.ts';
import { TEST_ACK_KEY, TEST_CASE_ID_KEY } from '../helpers/activity-deps.ts';
import { admit, testStores, type TestStores } from '../helpers/database.ts';
import { startSmtpCatcher } from '../helpers/smtp.ts';

/**
 * Activities on their own, as the Temporal samples test them: in a MockActivityEnvironment (the
 * activity's context without a worker), against a real SMTP catcher on loopback and a real
 * (embedded) register. What lies beyond the activity (other workflows) is a recording stand-in.
 */
let mail: MailCatcher;
let stores: TestStores;
const transport = () => createMailTransport({ host: '127.0.0.1', port: mail.port, secure: false, from: 'rg@test' });
const mailDeps = () => ({
  transport: transport(),
  from: 'Release Guard <rg@test>',
  publicBaseUrl: 'http://rg.test',
  messageIdDomain: 'rg.test',
  referenceKey: TEST_CASE_ID_KEY,
});
/** The calls beyond the activity run under its cancellation signal; here there is no cluster behind them. */
const noCluster = { withAbortSignal: <R>(_signal: AbortSignal, fn: () => Promise<R>) => fn() } as never;
const inWorkflow = (workflowId: string, attempt = 1) =>
  new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'run-1' }, attempt });

beforeAll(async () => {
  mail = await startSmtpCatcher();
  stores = await testStores('embedded');
});
afterAll(async () => {
  await mail?.stop();
  await stores?.drop();
});

const alert: Alert = {
  key: 'escalation-1-2',
  kind: 'ESCALATION',
  to: ['queue@unit.test', 'lead@unit.test'],
  reference: 'UQ-MDI-7K3F9Q2M',
  prisonCode: 'MDI',
  prisonerNumber: 'A1234BC',
  category: 'WARRANT_MISSING',
  urgency: 'CRITICAL',
  headline: 'Escalation level 2: query needs action',
  deadline: '2026-11-27T12:00:00Z',
  level: 2,
};

const unusedEvents: EventLog = { append: async () => Promise.reject(new Error('not used')), list: async () => [] };

describe('query activities', () => {
  const holds: HoldClient = {
    read: async () => undefined,
    apply: async () => Promise.reject(new Error('not used')),
    applyIfRunning: async () => Promise.reject(new Error('not used')),
  };

  it('sends an alert with a Message-ID fixed by the case and the alert, and no personal data in the subject', async () => {
    const activities = createQueryActivities({ ...mailDeps(), holds, events: unusedEvents, client: noCluster });
    await inWorkflow('UQ-MDI-7K3F9Q2M').run(activities.sendQueryAlert, alert);
    await inWorkflow('UQ-MDI-7K3F9Q2M', 2).run(activities.sendQueryAlert, alert); // a retry
    const sent = await mail.waitFor((m) => m.headers['x-release-guard-reference'] === 'UQ-MDI-7K3F9Q2M', { count: 2 });
    expect(new Set(sent.map((m) => m.messageId))).toEqual(new Set(['<UQ-MDI-7K3F9Q2M.escalation-1-2@rg.test>']));
    expect(sent[0]!.subject).toBe('[Release Guard] CRITICAL UQ-MDI-7K3F9Q2M: Escalation level 2: query needs action');
    expect(sent[0]!.subject).not.toContain('A1234BC');
    expect(sent[0]!.headers['x-release-guard-alert']).toBe('ESCALATION');
  });

  it('fails permanently (not retried) when SMTP refuses a recipient', async () => {
    const activities = createQueryActivities({ ...mailDeps(), holds, events: unusedEvents, client: noCluster });
    mail.recipientVerdict = (a) => (a === 'lead@unit.test' ? { code: 550, message: 'No such mailbox' } : undefined);
    try {
      await expect(
        inWorkflow('UQ-MDI-7K3F9Q2M').run(activities.sendQueryAlert, { ...alert, key: 'refused' }),
      ).rejects.toMatchObject({ type: SMTP_PERMANENT, nonRetryable: true });
    } finally {
      mail.recipientVerdict = undefined;
    }
  });
});

describe('hold activities', () => {
  const started: unknown[] = [];
  const notifications = {
    startFor: async (...args: unknown[]) => (started.push(args), 'VN-00000000'),
  } as unknown as NotificationService;
  const incidents = { open: async () => undefined, apply: async () => undefined } as unknown as IncidentService;
  const activities = () =>
    createHoldActivities({
      ...mailDeps(),
      client: noCluster,
      events: stores.events,
      register: stores.register,
      incidents,
      notifications,
    });

  it('records a release: the register moves him, victim liaison is started, and the event is written once however often it runs', async () => {
    const pn = await admit(stores.register, 'D3001AA', 'MDI');
    const release = {
      id: 'REL-ACT1',
      reason: 'RELEASED' as const,
      prisonCode: 'MDI',
      releasedAt: '2026-11-20T10:00:00.000Z',
      recordedBy: 'officer',
      recordedAt: '2026-11-20T10:00:01.000Z',
    };
    for (let attempt = 1; attempt <= 3; attempt++)
      await inWorkflow(`RH-${pn}`, attempt).run(activities().releaseRecorded, { prisonerNumber: pn, release });
    expect(await stores.register.find(pn)).toMatchObject({
      status: 'RELEASED',
      prisonCode: 'MDI',
      statusSince: '2026-11-20T10:00:00.000Z',
    });
    expect(started).toHaveLength(3); // the notification id is derived from the event, so the workflow start is itself idempotent
    const events = (await stores.events.list({ eventType: 'release-guard.prisoner.released', limit: 1000 })).filter(
      (e) => e.additionalInformation.releaseId === 'REL-ACT1',
    );
    expect(events).toHaveLength(1);
  });

  it('moves him on a transfer at the gate, and not back when the movement is older than his status', async () => {
    const pn = await admit(stores.register, 'D3002AA', 'MDI');
    const transfer = {
      id: 'REL-ACT2',
      reason: 'TRANSFERRED' as const,
      prisonCode: 'MDI',
      toPrisonCode: 'LEI',
      releasedAt: '2026-11-21T10:00:00.000Z',
      recordedBy: 'o',
      recordedAt: '2026-11-21T10:00:00.000Z',
    };
    await inWorkflow(`RH-${pn}`).run(activities().releaseRecorded, { prisonerNumber: pn, release: transfer });
    expect(await stores.register.find(pn)).toMatchObject({ status: 'IN_CUSTODY', prisonCode: 'LEI' });
    const older = {
      ...transfer,
      id: 'REL-ACT3',
      reason: 'RELEASED' as const,
      toPrisonCode: undefined,
      releasedAt: '2026-11-01T10:00:00.000Z',
    };
    await inWorkflow(`RH-${pn}`).run(activities().releaseRecorded, { prisonerNumber: pn, release: older });
    expect(await stores.register.find(pn)).toMatchObject({ status: 'IN_CUSTODY', prisonCode: 'LEI' });
  });

  it('emits release-guard.release.prevented with the reason kinds, once per refusal', async () => {
    const refusal = {
      id: 'REL-REFUSED',
      reason: 'RELEASED' as const,
      at: '2026-11-22T10:00:00.000Z',
      by: 'officer',
      standing: [
        { key: 'query-UQ-MDI-AAAAAAAA', kind: 'URGENT_QUERY' as const },
        { key: 'manual-X', kind: 'MANUAL' as const },
      ],
    };
    for (let i = 0; i < 2; i++)
      await inWorkflow('RH-D3003AA').run(activities().releasePrevented, {
        prisonerNumber: 'D3003AA',
        refusal,
        prisonCode: 'MDI',
      });
    const events = (await stores.events.list({ eventType: 'release-guard.release.prevented', limit: 1000 })).filter(
      (e) => e.additionalInformation.refusalId === 'REL-REFUSED',
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.additionalInformation).toMatchObject({
      reasonKinds: 'MANUAL,URGENT_QUERY',
      movement: 'RELEASED',
      prisonId: 'MDI',
    });
  });
});

describe('victim notification activities', () => {
  it('sends each notice with its acknowledgement link, marked urgent for a release in error, the attempt in a header', async () => {
    const activities = createNotificationActivities({
      ...mailDeps(),
      ackTokenKey: TEST_ACK_KEY,
      ackLinkValidMinutes: 60,
    });
    const facts = {
      kind: 'RELEASE_IN_ERROR' as const,
      prisonerNumber: 'A1234BC',
      prisonCode: 'MDI',
      releaseType: 'RELEASED_IN_ERROR',
    };
    await inWorkflow('VN-ACTIVITY', 3).run(activities.sendVictimNotice, {
      notificationId: 'VN-ACTIVITY',
      key: 'notice-1',
      level: 1,
      to: 'vlo@probation.test',
      facts,
    });
    const [sent] = await mail.waitFor((m) => m.headers['x-release-guard-reference'] === 'VN-ACTIVITY');
    expect(sent!.messageId).toBe('<VN-ACTIVITY.notice-1@rg.test>');
    expect(sent!.headers['x-release-guard-attempt']).toBe('3');
    expect(sent!.subject).toBe('[Release Guard] URGENT VN-ACTIVITY: URGENT: a prisoner has been released in error');
    expect(sent!.text).toMatch(/\/victim-notifications\/acknowledge\?token=[\w.-]+/);
  });
});
