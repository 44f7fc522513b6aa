import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createMailTransport } from '../../activities/mailer.ts';
import type { ActivityDeps } from '../../activities/index.ts';
import type { HoldPolicy } from '../../domain/release-hold/hold-state.ts';
import { DEFAULT_NOTIFICATION_LADDERS, type NotificationPolicy } from '../../domain/victim-notification/notification-state.ts';
import { ackTokenKey } from '../../infra/ack-token.ts';
import { fileEventLog, type EventLog } from '../../infra/event-log.ts';
import { TEST_CONTACTS } from './policy.ts';

export const TEST_HOLD_POLICY: HoldPolicy = {
  reviewIntervalMinutes: 24 * 60,
  overrideValidMinutes: 4 * 60,
  staffEmailTemplate: TEST_CONTACTS.staffEmailTemplate,
  unitQueue: TEST_CONTACTS.unitQueue,
  prisonMailboxTemplate: TEST_CONTACTS.prisonMailboxTemplate,
};

export const POLICE = 'police@force.test';
export const TEST_ACK_KEY = ackTokenKey('test-ack-secret-for-release-guard-tests-0001');
export const TEST_NOTIFICATION_POLICY: NotificationPolicy = { unitHead: TEST_CONTACTS.unitHead, ladders: DEFAULT_NOTIFICATION_LADDERS };

/** Real dependencies for a test worker: SMTP to the catcher on `smtpPort`, events to a temp file. */
export function testActivityDeps(
  client: Client,
  taskQueue: string,
  smtpPort: number,
  eventsFile = path.join(mkdtempSync(path.join(tmpdir(), 'rg-events-')), 'events.jsonl'),
  incidentEscalateEveryMinutes?: number,
): ActivityDeps & { eventLog: EventLog } {
  const eventLog = fileEventLog(eventsFile);
  return {
    transport: createMailTransport({ host: '127.0.0.1', port: smtpPort, secure: false, from: 'rg@test' }),
    from: 'Release Guard <rg@test>',
    publicBaseUrl: 'http://release-guard.test',
    messageIdDomain: 'release-guard.test',
    client,
    taskQueue,
    events: eventLog,
    eventLog,
    holdPolicy: TEST_HOLD_POLICY,
    contacts: { police: POLICE, unitHead: TEST_CONTACTS.unitHead, dutyGovernorTemplate: TEST_CONTACTS.dutyGovernorTemplate },
    ...(incidentEscalateEveryMinutes ? { incidentEscalateEveryMinutes } : {}),
    ackTokenKey: TEST_ACK_KEY,
    ackLinkValidMinutes: 60,
    notificationPolicy: TEST_NOTIFICATION_POLICY,
  };
}
