import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { ActivityDeps } from '../activities/index.ts';
import { createMailTransport } from '../activities/mail.ts';
import { createApp } from '../api/app.ts';
import type { EventLog } from '../domain/event-log.ts';
import type { PrisonerRegister } from '../domain/register/register.ts';
import { ackTokenKey } from '../infra/ack-token.ts';
import { fileAuditLog } from '../infra/audit-log.ts';
import type { Config } from '../infra/config.ts';
import type { Database } from '../infra/database/database.ts';
import { postgresEventLog } from '../infra/database/postgres-event-log.ts';
import { loadDevIssuer, type DevIssuer } from '../infra/dev-issuer.ts';
import { startEmbeddedTemporal } from '../infra/embedded-temporal.ts';
import { MailCatcher } from '../infra/mail-catcher.ts';
import { buildHoldPolicy, buildNotificationPolicy, dailyQueryPolicy } from '../infra/query-policy.ts';
import { databaseTarget, openRegister } from '../infra/register/open-register.ts';
import { ensureNamespace, ensureSearchAttributes } from '../infra/search-attributes.ts';
import { createServices, type Services } from '../services/index.ts';
import { createWorker } from '../worker/create-worker.ts';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/search-attributes.ts';

/**
 * The composition root: the one place that knows every layer and wires them, for `npm start`,
 * the stand-alone API and worker processes, and the benchmark.
 */

export interface Stoppable {
  stop(): Promise<void>;
}

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
export const COMMIT = process.env.GIT_COMMIT ?? 'unknown';

/** Connects to Temporal and makes sure our namespace exists and knows our search attributes. */
export async function connectTemporal(address: string, config: Config): Promise<Client> {
  const connection = await Connection.connect({ address });
  await ensureNamespace(connection, config.TEMPORAL_NAMESPACE);
  await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE, SEARCH_ATTRIBUTE_TYPES);
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

/** The register and the event log: PostgreSQL (DATABASE_URL) or the embedded one. */
export interface Stores {
  db: Database;
  register: PrisonerRegister;
  events: EventLog;
}

export async function openStores(config: Config, logger: Logger): Promise<Stores & Stoppable> {
  const { db, register } = await openRegister(databaseTarget(config), { syntheticRoll: config.syntheticRoll, log: (msg) => logger.info(msg) });
  return { db, register, events: postgresEventLog(db), stop: () => db.close() };
}

export function servicesFor(client: Client, config: Config, stores: Stores): Services {
  return createServices({
    client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    policy: dailyQueryPolicy(config),
    holdPolicy: buildHoldPolicy(config),
    notificationPolicy: buildNotificationPolicy(config),
    register: stores.register,
    events: stores.events,
    incidentEscalateEveryMinutes: config.INCIDENT_ESCALATE_EVERY_MINUTES,
  });
}

export async function runWorker(address: string, config: Config, logger: Logger, stores: Stores): Promise<Stoppable & { worker: Worker; done: Promise<void> }> {
  const connection = await NativeConnection.connect({ address });
  // Activities that act on other cases (holds, incidents) need a client of their own.
  const client = new Client({ connection: await Connection.connect({ address }), namespace: config.TEMPORAL_NAMESPACE });
  const transport = createMailTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    from: config.MAIL_FROM,
    ...(config.SMTP_USER ? { user: config.SMTP_USER, password: config.SMTP_PASSWORD ?? '' } : {}),
  });
  const services = servicesFor(client, config, stores);
  const activities: ActivityDeps = {
    transport,
    from: config.MAIL_FROM,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    messageIdDomain: config.MESSAGE_ID_DOMAIN,
    client,
    holds: services.holds,
    incidents: services.incidents,
    notifications: services.notifications,
    register: stores.register,
    events: stores.events,
    contacts: { police: config.POLICE_CONTACT_EMAIL, unitHead: config.UNIT_HEAD_EMAIL, dutyGovernorTemplate: config.DUTY_GOVERNOR_EMAIL_TEMPLATE },
    ackTokenKey: ackTokenKey(config.ACK_TOKEN_SECRET),
    ackLinkValidMinutes: config.ACK_LINK_VALID_MINUTES,
  };
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(config.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } } : {}),
    ...(config.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS } : {}),
    activities,
  });
  const running = worker.run();
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
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

export async function startApi(client: Client, config: Config, logger: Logger, stores: Stores, dev?: { mailCatcher?: MailCatcher; issuer?: DevIssuer }): Promise<Stoppable & { server: Server }> {
  const issuer = config.AUTH_ISSUER ?? dev?.issuer?.issuer;
  const jwksUrl = config.AUTH_JWKS_URL ?? (dev?.issuer ? `http://127.0.0.1:${config.PORT}/dev/auth/jwks.json` : undefined);
  if (!issuer || !jwksUrl) throw new Error('AUTH_ISSUER and AUTH_JWKS_URL must be set when the development issuer is not running');
  const app = createApp({
    client,
    services: servicesFor(client, config, stores),
    audit: fileAuditLog(config.auditFile),
    ackTokenKey: ackTokenKey(config.ACK_TOKEN_SECRET),
    auth: { issuer, jwksUrl, caseloadClaim: config.AUTH_CASELOAD_CLAIM },
    logger,
    smtp: { host: config.SMTP_HOST, port: config.SMTP_PORT },
    version: VERSION,
    commit: COMMIT,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    ...(dev ? { dev } : {}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, () => resolve(s));
    s.once('error', reject);
  });
  logger.info({ port: config.PORT }, 'API listening');
  return { server, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The whole system in one process tree: embedded Temporal (unless TEMPORAL_ADDRESS is set), the
 * register's database, the dev mail catcher, a worker and the API. Stops in reverse order.
 */
export async function startSystem(config: Config, logger: Logger): Promise<Stoppable & { issuer?: DevIssuer; address: string }> {
  const stack: Stoppable[] = [];
  const stop = async () => {
    for (const part of stack.reverse()) await part.stop().catch((err) => logger.error({ err }, 'error while stopping'));
  };
  try {
    let address = config.TEMPORAL_ADDRESS;
    const stores = await openStores(config, logger);
    stack.push(stores);
    if (!address) {
      const server = await startEmbeddedTemporal(config, SEARCH_ATTRIBUTE_TYPES, (msg) => logger.info(msg));
      stack.push(server);
      address = server.address;
    }
    const mailCatcher = config.devMailCatcher ? await new MailCatcher({ port: config.SMTP_PORT, host: config.SMTP_HOST }).start() : undefined;
    if (mailCatcher) stack.push(mailCatcher);
    const client = await connectTemporal(address, config);
    stack.push({ stop: () => client.connection.close() });
    stack.push(await runWorker(address, config, logger, stores));
    const issuer = config.AUTH_JWKS_URL ? undefined : await loadDevIssuer(`${config.dataDir}/dev-issuer`, `${config.PUBLIC_BASE_URL}/dev/auth`, config.AUTH_CASELOAD_CLAIM);
    stack.push(await startApi(client, config, logger, stores, { ...(mailCatcher ? { mailCatcher } : {}), ...(issuer ? { issuer } : {}) }));
    return { stop, address, ...(issuer ? { issuer } : {}) };
  } catch (err) {
    await stop();
    throw err;
  }
}
