// One part of the system under benchmark, in a process of its own so its memory and event loop
// are its own: `worker` (the product worker, as src/app/worker-main.ts runs it), `baseline` (the worker for
// the baseline workflows) or `api`. Configured by the same environment variables as production;
// reports over IPC.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installWorkerRuntime } from '../../src/worker/runtime.ts';
import { loadConfig } from '../../src/infra/config.ts';
import { loadDevIssuer } from '../../src/infra/dev-issuer.ts';
import { createLogger } from '../../src/infra/logger.ts';
import {
  connectTemporal,
  openStores,
  payloadCodec,
  runWorker,
  startApi,
  type Stoppable,
} from '../../src/app/system.ts';
import { codecConverter } from '../../src/infra/payload-codec.ts';

export interface ProcessMetrics {
  rssBytes: number;
  heapUsedBytes: number;
  /** Event-loop delay since the last report, ms. */
  eventLoop: { p50: number; p99: number; max: number };
}

const role = process.argv[2];
// The SDK's own lifecycle logs would drown the bench's output; the workers serve the SDK's metrics
// (the bench reads their cache size), the product worker as src/app/system.ts would install it.
installWorkerRuntime({ metricsAddress: process.env.WORKER_METRICS_ADDRESS, logLevel: 'WARN' });
const config = loadConfig();
const logger = createLogger(config.logLevel, `bench-${role}`);
const address = config.temporal.address!;
const parts: Stoppable[] = [];

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const metrics = (): ProcessMetrics => {
  const report = { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
  delay.reset();
  const memory = process.memoryUsage();
  return { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, eventLoop: report };
};

if (role === 'worker') {
  const stores = await openStores(config, logger);
  parts.push(stores);
  parts.push(await runWorker(address, config, logger, stores));
} else if (role === 'baseline') {
  const connection = await NativeConnection.connect({ address });
  const baseline = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: `${config.temporal.taskQueue}-baseline`,
    workflowBundle: { codePath: process.env.BASELINE_BUNDLE_PATH! },
    // Encrypted like the product's, so the ratio measures the workflows, not the codec.
    dataConverter: codecConverter(payloadCodec(config)),
    // Cached like the product's worker, so the floor is cached and evicted alike.
    ...(config.temporal.maxCachedWorkflows !== undefined
      ? { maxCachedWorkflows: config.temporal.maxCachedWorkflows }
      : {}),
  });
  const running = baseline.run();
  parts.push({
    async stop() {
      baseline.shutdown();
      await running;
      await connection.close();
    },
  });
} else if (role === 'api') {
  const client = await connectTemporal(address, config);
  const stores = await openStores(config, logger);
  parts.push(stores);
  const issuer = await loadDevIssuer(
    `${config.dataDir}/dev-issuer`,
    `${config.http.publicBaseUrl}/dev/auth`,
    config.auth.caseloadClaim,
    config.auth.audience,
  );
  parts.push(await startApi(client, config, logger, stores, { issuer }));
  parts.push({ stop: () => client.connection.close() });
} else {
  throw new Error(`unknown role ${role}`);
}

process.on('message', (message) => {
  if (message === 'metrics') process.send?.({ metrics: metrics() });
  if (message === 'stop') {
    void (async () => {
      for (const part of parts.reverse()) await part.stop().catch(() => undefined);
      process.exit(0);
    })();
  }
});
process.send?.('ready');
