// A worker in a process of its own, so a test can kill it with SIGKILL mid-wait.
// Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TASK_QUEUE, BUNDLE_PATH and SMTP_PORT from the environment.
import { NativeConnection } from '@temporalio/worker';
import { createMailTransport } from '../../activities/mailer.ts';
import { createWorker } from '../../worker/create-worker.ts';
import { quietRuntime } from './runtime.ts';

quietRuntime();
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
const transport = createMailTransport({ host: '127.0.0.1', port: Number(env('SMTP_PORT')), secure: false, from: 'rg@test' });
const worker = await createWorker({
  connection,
  namespace: env('TEMPORAL_NAMESPACE'),
  taskQueue: env('TASK_QUEUE'),
  workflowBundle: { codePath: env('BUNDLE_PATH') },
  activities: { transport, from: 'Release Guard <rg@test>', publicBaseUrl: 'http://release-guard.test', messageIdDomain: 'release-guard.test' },
});
process.stdout.write('worker-ready\n');
await worker.run();
transport.close();
await connection.close();
