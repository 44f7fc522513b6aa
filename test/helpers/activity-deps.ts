import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createMailTransport } from '../../src/activities/mail.ts';
import type { ActivityDeps } from '../../src/activities/index.ts';
import type { HoldPolicy } from '../../src/domain/release-hold/hold-state.ts';
import {
  DEFAULT_NOTIFICATION_LADDERS,
  type NotificationPolicy,
} from '../../src/domain/victim-notification/notification-state.ts';
import type { QueryPolicy } from '../../src/domain/urgent-query/policy.ts';
import { ackTokenKey } from '../../src/infra/ack-token.ts';
import { postgresReportSource } from '../../src/infra/database/report-source.ts';
import { postgresHearingStore } from '../../src/infra/court/hearing-store.ts';
import { postgresInboxStore } from '../../src/infra/court/inbox-store.ts';
import { fileDropSource } from '../../src/infra/court/results-source.ts';
import { postgresPersonMatcher } from '../../src/infra/register/person-matcher.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { TestStores } from './database.ts';
import { TEST_CONTACTS, testPolicy } from './policy.ts';
import { AesGcmPayloadCodec, parseCodecKeys } from '../../src/infra/payload-codec.ts';

export const TEST_HOLD_POLICY: HoldPolicy = {
  reviewIntervalMinutes: 24 * 60,
  overrideValidMinutes: 4 * 60,
  staffEmailTemplate: TEST_CONTACTS.staffEmailTemplate,
  unitQueue: TEST_CONTACTS.unitQueue,
  prisonMailboxTemplate: TEST_CONTACTS.prisonMailboxTemplate,
};

export const POLICE = 'police@force.test';
export const TEST_ACK_KEY = ackTokenKey('test-ack-secret-for-release-guard-tests-0001');
/** What every test system's clients and workers encrypt Temporal's payloads with. */
export const TEST_CODEC = new AesGcmPayloadCodec(parseCodecKeys(`test-1:${Buffer.alloc(32, 7).toString('base64')}`));
export const TEST_CASE_ID_KEY = new TextEncoder().encode('test-case-id-secret-for-release-guard-tests');
export const TEST_NOTIFICATION_POLICY: NotificationPolicy = {
  unitHead: TEST_CONTACTS.unitHead,
  ladders: DEFAULT_NOTIFICATION_LADDERS,
};

export interface TestServiceOptions {
  policy?: QueryPolicy;
  incidentEscalateEveryMinutes?: number;
  notificationPolicy?: NotificationPolicy;
}

/** The real services, over a test system's own register and task queue. */
export function testServices(
  client: Client,
  taskQueue: string,
  stores: Pick<TestStores, 'register' | 'events' | 'db'>,
  options: TestServiceOptions = {},
): Services {
  const policy = options.policy ?? testPolicy();
  return createServices({
    client,
    taskQueue,
    policy: () => policy,
    holdPolicy: TEST_HOLD_POLICY,
    notificationPolicy: options.notificationPolicy ?? TEST_NOTIFICATION_POLICY,
    register: stores.register,
    events: stores.events,
    reports: postgresReportSource(stores.db),
    hearings: postgresHearingStore(stores.db),
    inbox: postgresInboxStore(stores.db),
    inboxMaxBytes: 256 * 1024,
    caseIdKey: TEST_CASE_ID_KEY,
    ...(options.incidentEscalateEveryMinutes
      ? { incidentEscalateEveryMinutes: options.incidentEscalateEveryMinutes }
      : {}),
  });
}

/** Real dependencies for a test worker: SMTP to the catcher on `smtpPort`, the register and events in the test's own database. */
export function testActivityDeps(
  client: Client,
  taskQueue: string,
  smtpPort: number,
  stores: Pick<TestStores, 'register' | 'events' | 'db'>,
  options: TestServiceOptions = {},
): ActivityDeps & { services: Services } {
  const services = testServices(client, taskQueue, stores, options);
  return {
    transport: createMailTransport({ host: '127.0.0.1', port: smtpPort, secure: false, from: 'rg@test' }),
    from: 'Release Guard <rg@test>',
    publicBaseUrl: 'http://release-guard.test',
    messageIdDomain: 'release-guard.test',
    referenceKey: TEST_CASE_ID_KEY,
    client,
    holds: services.holds,
    incidents: services.incidents,
    notifications: services.notifications,
    register: stores.register,
    events: stores.events,
    contacts: {
      police: POLICE,
      unitHead: TEST_CONTACTS.unitHead,
      dutyGovernorTemplate: TEST_CONTACTS.dutyGovernorTemplate,
    },
    ackTokenKey: TEST_ACK_KEY,
    ackLinkValidMinutes: 60,
    hearings: postgresHearingStore(stores.db),
    inbox: postgresInboxStore(stores.db),
    matcher: postgresPersonMatcher(stores.db),
    gate: services.gate,
    queries: services.queries,
    courtResults: services.courtResults,
    mailbox: null,
    inboxIntake: services.inbox,
    courtSource: fileDropSource(mkdtempSync(path.join(tmpdir(), 'rg-court-drop-'))),
    courtContacts: {
      unitQueue: TEST_CONTACTS.unitQueue,
      prisonMailboxTemplate: TEST_CONTACTS.prisonMailboxTemplate,
      dutyGovernorTemplate: TEST_CONTACTS.dutyGovernorTemplate,
    },
    services,
  };
}
