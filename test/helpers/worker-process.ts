// A worker in a process of its own, so a test can kill it with SIGKILL mid-wait.
// Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TASK_QUEUE, BUNDLE_PATH and SMTP_PORT from the environment.
import { NativeConnection } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { TEST_CODEC, testActivityDeps } from './activity-deps.ts';
import { codecConverter } from '../../src/infra/payload-codec.ts';
import { testStores } from './database.ts';
import { createWorker } from '../../src/worker/create-worker.ts';
import { quietRuntime } from './runtime.ts';
import { installWorkerRuntime } from '../../src/worker/runtime.ts';

// A worker whose metrics a test scrapes serves them from its own runtime; others are just quiet.
if (process.env.WORKER_METRICS_ADDRESS)
  installWorkerRuntime({ metricsAddress: process.env.WORKER_METRICS_ADDRESS, logLevel: 'WARN' });
else quietRuntime();
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
const client = new Client({
  connection: await Connection.connect({ address: env('TEMPORAL_ADDRESS') }),
  namespace: env('TEMPORAL_NAMESPACE'),
  dataConverter: codecConverter(TEST_CODEC),
});
// The same register and events as the test system that started it: its schema in the same PostgreSQL.
const stores = await testStores('postgres', env('TEST_DB_SCHEMA'));
const deps = testActivityDeps(client, env('TASK_QUEUE'), Number(env('SMTP_PORT')), stores);
const worker = await createWorker({
  connection,
  namespace: env('TEMPORAL_NAMESPACE'),
  taskQueue: env('TASK_QUEUE'),
  workflowBundle: { codePath: env('BUNDLE_PATH') },
  activities: deps,
  codec: TEST_CODEC,
});
process.stdout.write('worker-ready\n');
await worker.run();
deps.transport.close();
await stores.drop();
await client.connection.close();
await connection.close();
