import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { ActivityDeps } from '../activities/index.ts';
import { createMailTransport } from '../activities/mail.ts';
import { createHttpApp } from './http-app.ts';
import type { EventLog } from '../domain/event-log.ts';
import type { PrisonerRegister } from '../domain/register/register.ts';
import { ackTokenKey } from '../infra/ack-token.ts';
import { fileAuditLog, reliableAudit } from '../infra/audit-log.ts';
import type { Config } from '../infra/config.ts';
import type { Database } from '../infra/database/database.ts';
import { postgresEventLog } from '../infra/database/postgres-event-log.ts';
import { postgresReportSource } from '../infra/database/report-source.ts';
import { loadDevIssuer, type DevIssuer } from '../infra/dev-issuer.ts';
import { startEmbeddedTemporal } from '../infra/embedded-temporal.ts';
import { MailCatcher } from '../infra/mail-catcher.ts';
import { AesGcmPayloadCodec, codecConverter } from '../infra/payload-codec.ts';
import { buildHoldPolicy, buildNotificationPolicy, dailyQueryPolicy } from '../infra/query-policy.ts';
import { databaseTarget, openRegister } from '../infra/register/open-register.ts';
import { ensureNamespace, ensureSearchAttributes } from '../infra/search-attributes.ts';
import { createServices, type Services } from '../services/index.ts';
import { postgresHearingStore } from '../infra/court/hearing-store.ts';
import { postgresInboxStore } from '../infra/court/inbox-store.ts';
import { startInboxIntake } from '../infra/court/inbox-smtp.ts';
import { imapMailbox } from '../infra/court/imap-mailbox.ts';
import { fileDropSource, httpSource } from '../infra/court/results-source.ts';
import { postgresPersonMatcher } from '../infra/register/person-matcher.ts';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { startTracing, type Tracing } from '../infra/tracing.ts';
import { createWorker } from '../worker/create-worker.ts';
import { installWorkerRuntime } from '../worker/runtime.ts';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/search-attributes.ts';

/**
 * The composition root: the one place that knows every layer and wires them, for `npm start`,
 * the stand-alone API and worker processes, and the benchmark.
 */

export interface Stoppable {
  stop(): Promise<void>;
}

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
export const COMMIT = process.env.GIT_COMMIT ?? 'unknown';

/** The payload codec every client and worker of this system uses: what Temporal stores is ciphertext. */
export const payloadCodec = (config: Config): AesGcmPayloadCodec => new AesGcmPayloadCodec(config.codec.keys);

let tracing: Tracing | undefined;
/** The process's tracing, started once when OTEL_EXPORTER_OTLP_ENDPOINT is set (the API and a worker may share a process). */
export function tracingFor(config: Config): Tracing | undefined {
  if (!tracing && config.observability.otlpEndpoint)
    tracing = startTracing({
      endpoint: config.observability.otlpEndpoint,
      serviceName: config.observability.serviceName,
    });
  return tracing;
}

/** A client of this system: our codec, and the tracing interceptor when traces are on (it carries the trace and correlation id in headers). */
function clientFor(connection: Connection, config: Config): Client {
  return new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: codecConverter(payloadCodec(config)),
    ...(tracingFor(config) ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}),
  });
}

/** Connects to Temporal and makes sure our namespace exists and knows our search attributes. */
export async function connectTemporal(address: string, config: Config): Promise<Client> {
  const connection = await Connection.connect({ address });
  await ensureNamespace(connection, config.temporal.namespace);
  await ensureSearchAttributes(connection, config.temporal.namespace, SEARCH_ATTRIBUTE_TYPES);
  return clientFor(connection, config);
}

/** The register and the event log: PostgreSQL (DATABASE_URL) or the embedded one. */
export interface Stores {
  db: Database;
  register: PrisonerRegister;
  events: EventLog;
}

export async function openStores(config: Config, logger: Logger): Promise<Stores & Stoppable> {
  const { db, register } = await openRegister(databaseTarget(config), {
    syntheticRoll: config.database.syntheticRoll,
    log: (msg) => logger.info(msg),
  });
  return { db, register, events: postgresEventLog(db), stop: () => db.close() };
}

export function servicesFor(client: Client, config: Config, stores: Stores): Services {
  return createServices({
    client,
    taskQueue: config.temporal.taskQueue,
    policy: dailyQueryPolicy(config),
    holdPolicy: buildHoldPolicy(config),
    notificationPolicy: buildNotificationPolicy(config),
    register: stores.register,
    events: stores.events,
    reports: postgresReportSource(stores.db),
    hearings: postgresHearingStore(stores.db),
    inbox: postgresInboxStore(stores.db),
    inboxMaxBytes: config.inbox.maxMessageBytes,
    incidentEscalateEveryMinutes: config.policy.incidentEscalateEveryMinutes,
    caseIdKey: new TextEncoder().encode(config.caseIdSecret),
  });
}

export async function runWorker(
  address: string,
  config: Config,
  logger: Logger,
  stores: Stores,
): Promise<Stoppable & { worker: Worker; done: Promise<void> }> {
  if (config.observability.workerMetricsAddress) {
    installWorkerRuntime({ metricsAddress: config.observability.workerMetricsAddress });
    logger.info({ address: config.observability.workerMetricsAddress }, 'worker metrics served');
  }
  const connection = await NativeConnection.connect({ address });
  // Activities that act on other cases (holds, incidents) need a client of their own.
  const client = clientFor(await Connection.connect({ address }), config);
  const transport = createMailTransport({
    host: config.smtp.host,
    port: config.smtp.port,
    secure: config.smtp.secure,
    requireTls: config.smtp.requireTls,
    from: config.smtp.from,
    ...(config.smtp.user ? { user: config.smtp.user, password: config.smtp.password ?? '' } : {}),
  });
  const services = servicesFor(client, config, stores);
  const activities: ActivityDeps = {
    transport,
    from: config.smtp.from,
    publicBaseUrl: config.http.publicBaseUrl,
    messageIdDomain: config.smtp.messageIdDomain,
    referenceKey: new TextEncoder().encode(config.caseIdSecret),
    client,
    holds: services.holds,
    incidents: services.incidents,
    notifications: services.notifications,
    register: stores.register,
    events: stores.events,
    contacts: {
      police: config.contacts.police,
      unitHead: config.contacts.unitHead,
      dutyGovernorTemplate: config.contacts.dutyGovernorTemplate,
    },
    hearings: postgresHearingStore(stores.db),
    inbox: postgresInboxStore(stores.db),
    matcher: postgresPersonMatcher(stores.db),
    gate: services.gate,
    queries: services.queries,
    courtResults: services.courtResults,
    mailbox: config.inbox.imapUrl ? imapMailbox(config.inbox.imapUrl) : null,
    inboxIntake: services.inbox,
    courtSource: config.courtPull.sourceUrl
      ? httpSource(config.courtPull.sourceUrl, config.courtPull.sourceToken)
      : fileDropSource(config.courtPull.dropDir),
    courtContacts: {
      unitQueue: config.contacts.unitQueue,
      prisonMailboxTemplate: config.contacts.prisonMailboxTemplate,
      dutyGovernorTemplate: config.contacts.dutyGovernorTemplate,
    },
    ackTokenKey: ackTokenKey(config.auth.ackTokenSecret),
    ackLinkValidMinutes: config.auth.ackLinkValidMinutes,
  };
  const traces = tracingFor(config);
  // A traced worker needs a bundle with the tracing interceptors: the pre-built traced one, or one built now.
  const bundlePath = traces ? config.temporal.tracedWorkflowBundlePath : config.temporal.workflowBundlePath;
  const worker = await createWorker({
    codec: payloadCodec(config),
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : {}),
    ...(traces ? { tracing: traces } : {}),
    ...(config.temporal.maxCachedWorkflows !== undefined
      ? { maxCachedWorkflows: config.temporal.maxCachedWorkflows }
      : {}),
    activities,
  });
  const running = worker.run();
  logger.info({ taskQueue: config.temporal.taskQueue }, 'worker started');
  // The schedules are the cluster's, made once by whichever worker starts first. A worker that
  // cannot reach the server for this still works its task queue; the next start tries again.
  const ensure = (what: string, make: () => Promise<string>) =>
    make().then(
      (scheduleId) => logger.info({ scheduleId }, `${what} in place`),
      (err: unknown) => logger.warn({ err }, `${what} not made; the next worker start tries again`),
    );
  if (config.courtPull.schedule) {
    await mkdir(config.courtPull.dropDir, { recursive: true });
    await ensure('court-results schedule', () => services.courtResults.ensureHourlySchedule());
  }
  if (config.inbox.imapUrl) await ensure('inbox mailbox poll', () => services.inbox.ensureMailboxSchedule());
  return {
    worker,
    done: running,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      transport.close();
      await client.connection.close();
      await connection.close();
    },
  };
}

export async function startApi(
  client: Client,
  config: Config,
  logger: Logger,
  stores: Stores,
  dev?: { mailCatcher?: MailCatcher; issuer?: DevIssuer },
): Promise<Stoppable & { server: Server }> {
  const issuer = config.auth.issuer ?? dev?.issuer?.issuer;
  const jwksUrl =
    config.auth.jwksUrl ?? (dev?.issuer ? `http://127.0.0.1:${config.http.port}/dev/auth/jwks.json` : undefined);
  if (!issuer || !jwksUrl)
    throw new Error('AUTH_ISSUER and AUTH_JWKS_URL must be set when the development issuer is not running');
  const services = servicesFor(client, config, stores);
  const app = createHttpApp({
    client,
    services,
    audit: reliableAudit(fileAuditLog(config.auditFile)),
    ackTokenKey: ackTokenKey(config.auth.ackTokenSecret),
    auth: {
      issuer,
      jwksUrl,
      caseloadClaim: config.auth.caseloadClaim,
      audience: config.auth.audience,
      clockToleranceSeconds: config.auth.clockToleranceSeconds,
    },
    logger,
    smtp: { host: config.smtp.host, port: config.smtp.port },
    version: VERSION,
    commit: COMMIT,
    rateLimitPerMinute: config.http.rateLimitPerMinute,
    codec: { codec: payloadCodec(config), corsOrigins: config.codec.corsOrigins },
    courtSigning: config.courtSigning,
    web: {
      db: stores.db,
      signIn: {
        authorizeUrl: config.signIn.authorizeUrl,
        tokenUrl: config.signIn.tokenUrl,
        clientId: config.signIn.clientId,
        clientSecret: config.signIn.clientSecret,
        callbackUrl: config.signIn.callbackUrl,
        ...(config.signIn.signOutUrl ? { signOutUrl: config.signIn.signOutUrl } : {}),
      },
      sessionSecret: config.signIn.sessionSecret,
      secureCookies: config.signIn.secureCookies,
      templateReload: config.web.templateReload,
    },
    rateLimitPerUserPerMinute: config.http.rateLimitPerUserPerMinute,
    trustProxy: config.http.trustProxy,
    metrics: { bearerToken: config.observability.metricsToken, openWithoutToken: config.env !== 'production' },
    ...(dev ? { dev } : {}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.http.port, () => resolve(s));
    s.once('error', reject);
  });
  logger.info({ port: config.http.port }, 'API listening');
  // The smart inbox's SMTP intake beside the API: what it takes goes through the same service.
  const intake = config.inbox.smtp
    ? await startInboxIntake({
        host: config.inbox.host,
        port: config.inbox.port,
        hardLimitBytes: config.inbox.maxMessageBytes * 3,
        receive: async (raw, envelope) => void (await services.inbox.receive(raw, envelope)),
      })
    : undefined;
  if (intake) logger.info({ port: intake.port }, 'inbox SMTP intake listening');
  return {
    server,
    async stop() {
      await intake?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The whole system in one process tree: embedded Temporal (unless TEMPORAL_ADDRESS is set), the
 * register's database, the dev mail catcher, a worker and the API. Stops in reverse order.
 */
export async function startSystem(
  config: Config,
  logger: Logger,
): Promise<Stoppable & { issuer?: DevIssuer; address: string; mailCatcher?: MailCatcher }> {
  const stack: Stoppable[] = [];
  const stop = async () => {
    for (const part of stack.reverse()) await part.stop().catch((err) => logger.error({ err }, 'error while stopping'));
  };
  try {
    let address = config.temporal.address;
    const traces = tracingFor(config);
    if (traces) stack.push({ stop: () => traces.shutdown() }); // stopped last: flushes every span
    const stores = await openStores(config, logger);
    stack.push(stores);
    if (!address) {
      const server = await startEmbeddedTemporal(config, SEARCH_ATTRIBUTE_TYPES, (msg) => logger.info(msg));
      stack.push(server);
      address = server.address;
    }
    const mailCatcher = config.smtp.devMailCatcher
      ? await new MailCatcher({ port: config.smtp.port, host: config.smtp.host }).start()
      : undefined;
    if (mailCatcher) stack.push(mailCatcher);
    const client = await connectTemporal(address, config);
    stack.push({ stop: () => client.connection.close() });
    stack.push(await runWorker(address, config, logger, stores));
    const issuer = config.auth.jwksUrl
      ? undefined
      : await loadDevIssuer(
          `${config.dataDir}/dev-issuer`,
          `${config.http.publicBaseUrl}/dev/auth`,
          config.auth.caseloadClaim,
          config.auth.audience,
        );
    stack.push(
      await startApi(client, config, logger, stores, {
        ...(mailCatcher ? { mailCatcher } : {}),
        ...(issuer ? { issuer } : {}),
      }),
    );
    return { stop, address, ...(issuer ? { issuer } : {}), ...(mailCatcher ? { mailCatcher } : {}) };
  } catch (err) {
    await stop();
    throw err;
  }
}
