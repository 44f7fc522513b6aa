import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflows } from '../../src/worker/create-worker.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadDevIssuer, type DevIssuer } from '../../src/infra/dev-issuer.ts';
import { startDevServer, type RunningServer } from '../../src/infra/dev-server.ts';
import { MailCatcher } from '../../src/infra/mail-catcher.ts';
import { MISSING_BINARY_HELP, resolveTemporalBinary } from '../../src/infra/temporal-binaries.ts';
import { SEARCH_ATTRIBUTE_TYPES } from '../../src/workflows/search-attributes.ts';
import { freePort } from '../../src/infra/free-port.ts';
import type { ProcessMetrics } from './system-process.ts';
import { BENCH_DATABASE_URL, seedBenchRegister } from './register.ts';
import {
  AesGcmPayloadCodec,
  DEVELOPMENT_CODEC_KEYS,
  codecConverter,
  parseCodecKeys,
} from '../../src/infra/payload-codec.ts';

export interface BenchSystem {
  client: Client;
  baseUrl: string;
  taskQueue: string;
  baselineQueue: string;
  mail: MailCatcher;
  issuer: DevIssuer;
  temporalVersion: string;
  workerMetrics(): Promise<ProcessMetrics>;
  baselineMetrics(): Promise<ProcessMetrics>;
  apiMetrics(): Promise<ProcessMetrics>;
  /** The Temporal server's resident memory, from /proc; null where it cannot be read. */
  serverRssBytes(): number | null;
  /** Workflows each worker holds in its cache now (the SDK's temporal_sticky_cache_size). */
  cachedWorkflows(which: 'worker' | 'baseline'): Promise<number>;
  /** A worker's Prometheus exposition, as scraped now. */
  metricsText(which: 'worker' | 'baseline'): Promise<string>;
  /** The schema of PostgreSQL the bench's register lives in. */
  registerSchema: string;
  /** Bytes of Temporal's SQLite database, WAL included. */
  databaseBytes(): number;
  stop(): Promise<void>;
}

const NAMESPACE = 'release-guard';
/** Node options for the worker process: as docker-compose runs it, unless overridden to explore. */
const WORKER_NODE_OPTIONS = (process.env.BENCH_WORKER_NODE_OPTIONS ?? '--max-old-space-size=3072')
  .split(' ')
  .filter(Boolean);
/** The workflow cache docker-compose gives each worker, unless overridden to explore. */
const WORKER_CACHE = process.env.WORKER_MAX_CACHED_WORKFLOWS ?? '6000';

function spawnPart(
  role: 'worker' | 'baseline' | 'api',
  env: NodeJS.ProcessEnv,
  nodeOptions: string[] = [],
): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, 'system-process.ts'), [role], {
    env,
    execArgv: [...nodeOptions, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => (m === 'ready' ? resolve(child) : reject(new Error(`unexpected ${String(m)}`))));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before it was ready`)));
  });
}

const ask = (child: ChildProcess): Promise<ProcessMetrics> =>
  new Promise((resolve) => {
    const listener = (m: unknown) => {
      if (m && typeof m === 'object' && 'metrics' in m) {
        child.off('message', listener);
        resolve((m as { metrics: ProcessMetrics }).metrics);
      }
    };
    child.on('message', listener);
    child.send('metrics');
  });

/** VmRSS of a process from /proc (Linux), bytes. */
function rssOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.send('stop');
  });

/**
 * The system as `npm start` runs it, but in parts: a Temporal dev server on a file-backed SQLite
 * database, a worker process, an API process and an SMTP catcher, all on free ports under a
 * temporary directory that is removed afterwards.
 */
export async function startBenchSystem(options: {
  prisonersPerSeries: number;
  env?: NodeJS.ProcessEnv;
}): Promise<BenchSystem> {
  const dir = mkdtempSync(path.join(tmpdir(), 'release-guard-bench-'));
  // The API and the worker are separate processes, so the register is a PostgreSQL server's, not the embedded one.
  const schema = `rg_bench_${process.pid}`;
  const register = await seedBenchRegister(schema, options.prisonersPerSeries);
  const cli = resolveTemporalBinary('cli');
  if (cli.source === 'sdk-download') throw new Error(MISSING_BINARY_HELP);
  const dbDir = path.join(dir, 'temporal');
  const server: RunningServer = await startDevServer({
    binary: cli.path,
    port: await freePort(),
    uiPort: null,
    dbFile: path.join(dbDir, 'temporal.db'),
    namespace: NAMESPACE,
    searchAttributes: SEARCH_ATTRIBUTE_TYPES,
    logFile: path.join(dir, 'temporal.log'),
    startTimeoutMs: 90_000,
  });
  const mail = await new MailCatcher({ port: await freePort() }).start();
  // Bundled here, ahead of time, as the Docker image does: the worker process never runs webpack.
  const [productBundle, baselineBundle] = await Promise.all([
    bundleWorkflows(),
    bundleWorkflows(fileURLToPath(new URL('./baseline-workflows.ts', import.meta.url))),
  ]);
  writeFileSync(path.join(dir, 'workflow-bundle.js'), productBundle.code);
  writeFileSync(path.join(dir, 'baseline-bundle.js'), baselineBundle.code);
  const apiPort = await freePort();
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const taskQueue = 'release-guard-bench';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    // Pages served as in production: each template compiled once.
    WEB_TEMPLATE_RELOAD: 'false',
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(dir, 'data'),
    PORT: String(apiPort),
    PUBLIC_BASE_URL: baseUrl,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_PORT: String(mail.port),
    DEV_MAIL_CATCHER: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PER_USER_PER_MINUTE: '0',
    // No SMTP intake: its fixed port would clash between runs and replicas; the tests cover it.
    INBOX_SMTP: 'false',
    WORKFLOW_BUNDLE_PATH: path.join(dir, 'workflow-bundle.js'),
    BASELINE_BUNDLE_PATH: path.join(dir, 'baseline-bundle.js'),
    DATABASE_URL: BENCH_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REGISTER_SYNTHETIC_ROLL: 'false',
    WORKER_MAX_CACHED_WORKFLOWS: WORKER_CACHE,
    // A workload of its own may turn parts on (the national day: the inbox's SMTP intake on a free port).
    ...options.env,
  };
  // The API and the bench share the development issuer's key: create it before the API starts.
  const issuer = await loadDevIssuer(path.join(dir, 'data', 'dev-issuer'), `${baseUrl}/dev/auth`);
  // The worker runs as docker-compose runs it (heap limit and cache); WORKER_MAX_CACHED_WORKFLOWS overrides to explore.
  // The baseline worker runs the same way, so the floor is cached and evicted alike.
  const metricsPorts = { worker: await freePort(), baseline: await freePort() };
  const [worker, baseline, api] = await Promise.all([
    spawnPart('worker', { ...env, WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPorts.worker}` }, WORKER_NODE_OPTIONS),
    spawnPart(
      'baseline',
      { ...env, WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPorts.baseline}` },
      WORKER_NODE_OPTIONS,
    ),
    // BENCH_API_NODE_OPTIONS (e.g. --cpu-prof) is for looking into the API's share of a request.
    spawnPart('api', env, (process.env.BENCH_API_NODE_OPTIONS ?? '').split(' ').filter(Boolean)),
  ]);
  const connection = await Connection.connect({ address: server.address });
  // The child processes run on the development defaults, so their payloads use the development key.
  const client = new Client({
    connection,
    namespace: NAMESPACE,
    dataConverter: codecConverter(new AesGcmPayloadCodec(parseCodecKeys(DEVELOPMENT_CODEC_KEYS))),
  });
  const { serverVersion } = await connection.workflowService.getSystemInfo({});
  return {
    client,
    baseUrl,
    taskQueue,
    baselineQueue: `${taskQueue}-baseline`,
    mail,
    issuer,
    temporalVersion: serverVersion ?? 'unknown',
    workerMetrics: () => ask(worker),
    baselineMetrics: () => ask(baseline),
    apiMetrics: () => ask(api),
    serverRssBytes: () => rssOf(server.pid),
    registerSchema: schema,
    metricsText: async (which) => (await fetch(`http://127.0.0.1:${metricsPorts[which]}/metrics`)).text(),
    async cachedWorkflows(which) {
      const text = await (await fetch(`http://127.0.0.1:${metricsPorts[which]}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith('temporal_sticky_cache_size'))
        .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    },
    // The journal comes and goes between readdir and stat; a vanished file counts as empty.
    databaseBytes: () =>
      readdirSync(dbDir).reduce(
        (sum, f) => sum + (statSync(path.join(dbDir, f), { throwIfNoEntry: false })?.size ?? 0),
        0,
      ),
    async stop() {
      await Promise.all([stopChild(api), stopChild(worker), stopChild(baseline)]);
      await connection.close();
      await mail.stop();
      await server.stop();
      await register.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
