import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export interface ChildWorker {
  process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a worker in its own process and resolves once it is polling. */
export async function startChildWorker(
  taskQueue: string,
  smtpPort: number,
  dbSchema: string,
  extraEnv: Record<string, string> = {},
): Promise<ChildWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      BUNDLE_PATH: inject('workflowBundlePath'),
      TASK_QUEUE: taskQueue,
      SMTP_PORT: String(smtpPort),
      TEST_DB_SCHEMA: dbSchema,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('child worker did not start within 60 s')), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker-ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child worker exited with ${code}`));
    });
  });
  return {
    process: child,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
