import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { Tracing } from '../../src/infra/tracing.ts';
import pino from 'pino';
import { inject } from 'vitest';
import express from 'express';
import { createHttpApp } from '../../src/app/http-app.ts';
import { oauthStandIn, type Persona } from '../../src/api/routers/oauth-stand-in.ts';
import type { Actor, Role } from '../../src/domain/actors.ts';
import { GATED_RELEASES, type ReleaseReason } from '../../src/domain/release-hold/vocabulary.ts';
import { laterToday } from '../../src/domain/release-hold/authorisation.ts';
import { freePort } from '../../src/infra/free-port.ts';
import { contractRecorder } from './contract-recorder.ts';
import { recordResponses } from './openapi-conformance.ts';
import type { QueryPolicy } from '../../src/domain/urgent-query/policy.ts';
import type { NotificationPolicy } from '../../src/domain/victim-notification/notification-state.ts';
import type { EventLog } from '../../src/domain/event-log.ts';
import type { PrisonerRegister } from '../../src/domain/register/register.ts';
import { testPolicy } from './policy.ts';
import { fileAuditLog, reliableAudit, type AuditSink } from '../../src/infra/audit-log.ts';
import type { MailCatcher } from '../../src/infra/mail-catcher.ts';
import { startInboxIntake } from '../../src/infra/court/inbox-smtp.ts';
import type { Services } from '../../src/services/index.ts';
import { createWorker } from '../../src/worker/create-worker.ts';
import { TEST_ACK_KEY, TEST_CODEC, testActivityDeps } from './activity-deps.ts';
import { codecConverter } from '../../src/infra/payload-codec.ts';
import { admit, testStores, type TestStores } from './database.ts';
import { eventually, uniquePrisonerNumber } from './urgent-query.ts';
import { TEST_AUDIENCE, startTestIssuer, type TestIssuer } from './issuer.ts';
import { startSmtpCatcher } from './smtp.ts';

/** What the test court-results feed signs hearings with. */
export const TEST_COURT_SIGNING_SECRET = 'test-court-results-signing-secret-0000000001';

export { TEST_CONTACTS, testPolicy } from './policy.ts';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestSystem {
  client: Client;
  namespace: string;
  taskQueue: string;
  mail: MailCatcher;
  issuer: TestIssuer;
  baseUrl: string;
  policy: QueryPolicy;
  events: EventLog;
  register: PrisonerRegister;
  stores: TestStores;
  services: Services;
  /** Puts a prisoner on a prison's roll in this system's register (a new unique one by default). */
  admit(prisonCode?: string, prisonerNumber?: string): Promise<string>;
  /**
   * The discharge desk's two people authorise a movement for today over the API, every checklist
   * item yes: the checklist completed by one officer, verified by a duty governor of the prison.
   * Neither is a user the tests record releases as. Returns the authorisation.
   */
  authorise(
    prisonerNumber: string,
    options?: { prisonCode?: string; movement?: string },
  ): Promise<{ id: string; status: string }>;
  /**
   * For tests about something else than authorisation (reasons, overrides, movements): authorises
   * a gated movement at the prison the register holds him in, when the desk can; does nothing
   * otherwise (an unknown prisoner, a movement that stays in custody). What the test asserts of the
   * release it sends next is unchanged: reasons still refuse it.
   */
  authoriseIfPossible(prisonerNumber: string, movement?: string): Promise<void>;
  /** For a Victim Contact Scheme prisoner: his release date told to each VLO (set if he has none) and acknowledged. */
  vlosToldOfRelease(prisonerNumber: string): Promise<void>;
  /** The smart inbox's SMTP intake (messages over 256 KiB are kept without their body; over 1 MiB refused). */
  inboxPort: number;
  /** The worker's court-results source: a file drop in a temporary directory (`file:<dir>`). */
  courtSourceName: string;
  auditFile: string;
  worker(): Worker | undefined;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  http<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<HttpResult<T>>;
  stop(): Promise<void>;
}

/**
 * A real slice of the system against the run's Temporal server: a worker on its own task queue,
 * a real SMTP catcher, a JWKS issuer over HTTP, and the API on a free port.
 */
export interface TestSystemOptions {
  policy?: QueryPolicy;
  withWorker?: boolean;
  incidentEscalateEveryMinutes?: number;
  notificationPolicy?: NotificationPolicy;
  rateLimitPerMinute?: number;
  rateLimitPerUserPerMinute?: number;
  trustProxy?: boolean | number | string[];
  /** Traces: the clients carry the tracing interceptor, and the worker runs this traced bundle with the span exporter. */
  tracing?: { tracing: Tracing; bundle: WorkflowBundleWithSourceMap };
  /** /metrics needs this bearer token (by default it is open, as outside production). */
  metricsToken?: string;
  /** Whom the sign-in stand-in offers (by default the development personas). */
  personas?: readonly Persona[];
  /** An audit sink of the test's own (one that fails on cue); by default a file under a temporary directory. */
  audit?: AuditSink;
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const codePath = inject('workflowBundlePath');
  const taskQueue = `test-${randomUUID()}`;
  const policy = options.policy ?? testPolicy();
  const auditFile = path.join(mkdtempSync(path.join(tmpdir(), 'rg-audit-')), 'audit.jsonl');
  const mail = await startSmtpCatcher();
  const issuer = await startTestIssuer();
  const connection = await Connection.connect({ address });
  const client = new Client({
    connection,
    namespace,
    dataConverter: codecConverter(TEST_CODEC),
    ...(options.tracing ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}),
  });
  const nativeConnection = await NativeConnection.connect({ address });
  const stores = await testStores();
  const deps = testActivityDeps(client, taskQueue, mail.port, stores, {
    policy,
    ...(options.incidentEscalateEveryMinutes
      ? { incidentEscalateEveryMinutes: options.incidentEscalateEveryMinutes }
      : {}),
    ...(options.notificationPolicy ? { notificationPolicy: options.notificationPolicy } : {}),
  });

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const startWorker = async () => {
    worker = await createWorker({
      connection: nativeConnection,
      namespace,
      taskQueue,
      workflowBundle: options.tracing?.bundle ?? { codePath },
      activities: deps,
      codec: TEST_CODEC,
      ...(options.tracing ? { tracing: options.tracing.tracing } : {}),
    });
    running = worker.run();
  };
  const stopWorker = async () => {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running?.catch((err: Error) => {
      // A forced shutdown is still a shutdown; anything else is a real failure.
      if (err.name !== 'GracefulShutdownPeriodExpiredError') throw err;
    });
    worker = undefined;
  };
  if (options.withWorker !== false) await startWorker();

  const intake = await startInboxIntake({
    host: '127.0.0.1',
    port: 0,
    hardLimitBytes: 1024 * 1024,
    receive: async (raw, envelope) => void (await deps.services.inbox.receive(raw, envelope)),
  });

  // The pages sign in at a stand-in for HMPPS Auth, served beside the app on the same port.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const signIn = {
    authorizeUrl: `${baseUrl}/test-auth/authorize`,
    tokenUrl: `${baseUrl}/test-auth/token`,
    clientId: 'release-guard-test',
    clientSecret: 'test-client-secret',
    callbackUrl: `${baseUrl}/sign-in/callback`,
  };
  const app = createHttpApp({
    client,
    services: deps.services,
    ackTokenKey: TEST_ACK_KEY,
    courtSigning: { secret: TEST_COURT_SIGNING_SECRET, toleranceSeconds: 300 },
    audit: options.audit ?? reliableAudit(fileAuditLog(auditFile)),
    auth: {
      issuer: issuer.issuer,
      jwksUrl: issuer.jwksUrl,
      caseloadClaim: 'caseloads',
      audience: TEST_AUDIENCE,
      clockToleranceSeconds: 30,
    },
    logger: pino({ level: 'silent' }),
    smtp: { host: '127.0.0.1', port: mail.port },
    version: 'test',
    commit: 'test',
    codec: { codec: TEST_CODEC, corsOrigins: ['http://temporal-ui.test'] },
    web: { db: stores.db, signIn, sessionSecret: 'a-session-secret-for-the-test-systems-0001', secureCookies: false },
    metrics: { openWithoutToken: true, ...(options.metricsToken ? { bearerToken: options.metricsToken } : {}) },
    ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    ...(options.rateLimitPerUserPerMinute ? { rateLimitPerUserPerMinute: options.rateLimitPerUserPerMinute } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  // Every response this system sends is checked against the OpenAPI document.
  const contract = contractRecorder();
  const outer = express();
  outer.use(recordResponses(contract.record));
  outer.use(
    '/test-auth',
    oauthStandIn({
      clientId: signIn.clientId,
      clientSecret: signIn.clientSecret,
      redirectUris: [signIn.callbackUrl],
      ...(options.personas ? { personas: options.personas } : {}),
      sign: (p) => issuer.token(p.user, p.roles as Role[], p.caseload),
      signIdToken: (p, nonce) => issuer.idToken(p.user, signIn.clientId, nonce),
    }),
  );
  outer.use(app);
  const server = await new Promise<Server>((resolve) => {
    const s = outer.listen(port, '127.0.0.1', () => resolve(s));
  });

  /**
   * VLO_TOLD is the system's answer: for a Victim Contact Scheme case the desk can authorise only
   * once every VLO has acknowledged a notice of his planned release, and only on its day. Gives him
   * one (later today) when he has none, and acknowledges as his VLOs would.
   */
  const vlosTold = async (prisonerNumber: string) => {
    const registrations = await deps.services.victimContact.read(prisonerNumber);
    const prisoner = await stores.register.find(prisonerNumber);
    if (registrations.length === 0 || !prisoner) return;
    const plannedRelease = prisoner.plannedRelease ?? laterToday(2);
    if (!prisoner.plannedRelease) await stores.register.setPlannedRelease(prisonerNumber, plannedRelease, 'test');
    await deps.services.notifications.releaseDateWritten(prisonerNumber, prisoner.prisonCode, plannedRelease);
    const told = await eventually(
      () => deps.services.notifications.vloToldOfRelease(prisonerNumber, plannedRelease),
      (t) => t.told || t.unacknowledged.length >= registrations.length,
    );
    const vlo: Actor = { username: 'test-vlo', roles: ['VICTIM_LIAISON'], caseload: [] };
    for (const id of told.unacknowledged) await deps.services.notifications.acknowledge(id, { actor: vlo });
  };

  return {
    client,
    namespace,
    taskQueue,
    mail,
    issuer,
    baseUrl,
    policy,
    events: stores.events,
    register: stores.register,
    stores,
    services: deps.services,
    admit: (prisonCode = 'MDI', prisonerNumber = uniquePrisonerNumber()) =>
      admit(stores.register, prisonerNumber, prisonCode),
    async authorise(
      this: TestSystem,
      prisonerNumber: string,
      { prisonCode = 'MDI', movement = 'RELEASED' }: { prisonCode?: string; movement?: string } = {},
    ) {
      await vlosTold(prisonerNumber);
      const items =
        deps.services.gate.checklists().movements[
          movement as keyof ReturnType<Services['gate']['checklists']>['movements']
        ] ?? [];
      const officer = await issuer.token('desk-officer', ['PRISON_STAFF'], [prisonCode]);
      const governor = await issuer.token('desk-governor', ['DUTY_GOVERNOR'], [prisonCode]);
      const completed = await this.http('POST', `/api/prisoners/${prisonerNumber}/authorisations`, {
        token: officer,
        body: { movement, answers: items.map((i) => ({ item: i.item, answer: true })) },
      });
      if (completed.status !== 201)
        throw new Error(`checklist not completed: ${completed.status} ${JSON.stringify(completed.body)}`);
      const verified = await this.http(
        'POST',
        `/api/prisoners/${prisonerNumber}/authorisations/${completed.body.id}/verify`,
        { token: governor },
      );
      if (verified.status !== 200)
        throw new Error(`authorisation not verified: ${verified.status} ${JSON.stringify(verified.body)}`);
      return verified.body;
    },
    vlosToldOfRelease: vlosTold,
    async authoriseIfPossible(this: TestSystem, prisonerNumber: string, movement = 'RELEASED') {
      const prisoner = await stores.register.find(prisonerNumber);
      if (!prisoner || !GATED_RELEASES.includes(movement as ReleaseReason)) return;
      await this.authorise(prisonerNumber, { prisonCode: prisoner.prisonCode, movement }).catch(() => undefined);
    },
    courtSourceName: deps.courtSource.name,
    inboxPort: intake.port,
    auditFile,
    worker: () => worker,
    startWorker,
    stopWorker,
    async http(method, path, { token, body, headers = {} } = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: leave as text
      }
      return { status: response.status, headers: response.headers, body: parsed as never };
    },
    async stop() {
      await intake.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopWorker();
      deps.transport.close();
      await nativeConnection.close();
      await connection.close();
      await mail.stop();
      await issuer.stop();
      await stores.drop();
      contract.finish();
    },
  };
}
