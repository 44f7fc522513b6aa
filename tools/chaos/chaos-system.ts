import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadDevIssuer, type DevIssuer } from '../../src/infra/dev-issuer.ts';
import { startDevServer, type RunningServer } from '../../src/infra/dev-server.ts';
import { freePort } from '../../src/infra/free-port.ts';
import { MailCatcher } from '../../src/infra/mail-catcher.ts';
import { MISSING_BINARY_HELP, resolveTemporalBinary } from '../../src/infra/temporal-binaries.ts';
import { bundleWorkflows } from '../../src/worker/create-worker.ts';
import { SEARCH_ATTRIBUTE_TYPES } from '../../src/workflows/search-attributes.ts';
import { seedBenchRegister } from '../bench/register.ts';
import {
  AesGcmPayloadCodec,
  DEVELOPMENT_CODEC_KEYS,
  codecConverter,
  parseCodecKeys,
} from '../../src/infra/payload-codec.ts';

/** The PostgreSQL the chaos run's register lives in, in a schema of its own, reached through a proxy it can cut. */
export const CHAOS_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NAMESPACE = 'release-guard';

/**
 * A TCP proxy on loopback in front of PostgreSQL: `cut()` refuses new connections and drops open
 * ones (PostgreSQL unreachable), `mend()` lets them through again. The server itself is never touched.
 */
async function startProxy(target: {
  host: string;
  port: number;
}): Promise<{ port: number; cut(): void; mend(): void; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    port,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    mend() {
      open = true;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Starts a worker or the API as a child process; its stderr (the SDK's retry warnings) goes to `logFd`. */
function spawnPart(role: 'worker' | 'api', env: NodeJS.ProcessEnv, logFd: number): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, '..', 'bench', 'system-process.ts'), [role], {
    env,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', logFd, 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start within 120 s`)), 120_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      if (m === 'ready') resolve(child);
      else reject(new Error(`unexpected ${String(m)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code} before it was ready`));
    });
  });
}

const killHard = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

export interface ChaosSystem {
  baseUrl: string;
  client: Client;
  issuer: DevIssuer;
  mail: MailCatcher;
  auditFile: string;
  schema: string;
  /** Where the workers' and the API's stderr went. */
  partsLogFile: string;
  /** SIGKILLs one worker and starts another in its place. */
  killWorker(): Promise<void>;
  /** SIGKILLs the Temporal server, waits `downMs`, and restarts it on its database file. */
  killTemporal(downMs: number): Promise<void>;
  /** PostgreSQL (the register) unreachable for `downMs`. */
  cutDatabase(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The system as docker-compose runs it, but on loopback and in parts this process can break: a
 * Temporal dev server on a SQLite file, two worker processes, an API process, an SMTP catcher, and
 * the register in the machine's PostgreSQL behind a proxy.
 */
export async function startChaosSystem(prisonersPerSeries: number): Promise<ChaosSystem> {
  const dir = mkdtempSync(path.join(tmpdir(), 'release-guard-chaos-'));
  const cli = resolveTemporalBinary('cli');
  if (cli.source === 'sdk-download') throw new Error(MISSING_BINARY_HELP);
  const temporalPort = await freePort();
  const serverOptions = {
    binary: cli.path,
    port: temporalPort,
    uiPort: null,
    dbFile: path.join(dir, 'temporal', 'temporal.db'),
    namespace: NAMESPACE,
    searchAttributes: SEARCH_ATTRIBUTE_TYPES,
    logFile: path.join(dir, 'temporal.log'),
    startTimeoutMs: 90_000,
  };
  let server: RunningServer = await startDevServer(serverOptions);
  const mail = await new MailCatcher({ port: await freePort() }).start();

  const schema = `rg_chaos_${process.pid}`;
  // Synthetic prisoners at MDI (series F, G, V, as the benchmark's), enough for every scenario.
  const register = await seedBenchRegister(schema, prisonersPerSeries);
  const target = new URL(CHAOS_DATABASE_URL);
  const proxy = await startProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxiedUrl = new URL(CHAOS_DATABASE_URL);
  proxiedUrl.host = `127.0.0.1:${proxy.port}`;

  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, (await bundleWorkflows()).code);
  const apiPort = await freePort();
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const auditFile = path.join(dir, 'data', 'audit.jsonl');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    // Pages served as in production: each template compiled once.
    WEB_TEMPLATE_RELOAD: 'false',
    LOG_LEVEL: 'fatal',
    DATA_DIR: path.join(dir, 'data'),
    AUDIT_FILE: auditFile,
    PORT: String(apiPort),
    PUBLIC_BASE_URL: baseUrl,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: 'release-guard-chaos',
    SMTP_PORT: String(mail.port),
    DEV_MAIL_CATCHER: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PER_USER_PER_MINUTE: '0',
    // No SMTP intake: its fixed port would clash between runs and replicas; the tests cover it.
    INBOX_SMTP: 'false',
    WORKFLOW_BUNDLE_PATH: bundlePath,
    DATABASE_URL: proxiedUrl.toString(),
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_SIZE: '4',
    REGISTER_SYNTHETIC_ROLL: 'false',
    // A release in error escalates every two minutes here, so the run sees its ladder.
    INCIDENT_ESCALATE_EVERY_MINUTES: '2',
  };
  // Kept out of the console: a run with SIGKILLs logs hundreds of expected retries.
  const partsLogFile = path.join(tmpdir(), `release-guard-chaos-${process.pid}.log`);
  const partsLog = openSync(partsLogFile, 'w');
  const issuer = await loadDevIssuer(path.join(dir, 'data', 'dev-issuer'), `${baseUrl}/dev/auth`);
  const workers = await Promise.all([spawnPart('worker', env, partsLog), spawnPart('worker', env, partsLog)]);
  const api = await spawnPart('api', env, partsLog);
  const connection = await Connection.connect({ address: server.address });
  // The child processes run on the development defaults, so their payloads use the development key.
  const client = new Client({
    connection,
    namespace: NAMESPACE,
    dataConverter: codecConverter(new AesGcmPayloadCodec(parseCodecKeys(DEVELOPMENT_CODEC_KEYS))),
  });

  return {
    baseUrl,
    client,
    issuer,
    mail,
    auditFile,
    schema,
    partsLogFile,
    async killWorker() {
      const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0]!;
      await killHard(victim);
      workers.push(await spawnPart('worker', env, partsLog));
    },
    async killTemporal(downMs) {
      if (server.pid) process.kill(server.pid, 'SIGKILL');
      await server.stop(); // waits for the exit
      await new Promise((r) => setTimeout(r, downMs));
      server = await startDevServer(serverOptions);
    },
    async cutDatabase(downMs) {
      proxy.cut();
      await new Promise((r) => setTimeout(r, downMs));
      proxy.mend();
    },
    async stop() {
      await Promise.all([...workers, api].map(killHard));
      await connection.close();
      await mail.stop();
      await server.stop();
      await proxy.stop();
      await register.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
