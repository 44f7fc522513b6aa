import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { testActivityDeps } from './activity-deps.ts';
import { ensureSearchAttributes } from '../../infra/search-attributes.ts';
import { MISSING_BINARY_HELP, resolveTemporalBinary } from '../../infra/temporal-binaries.ts';
import type { MailCatcher } from '../../infra/mail-catcher.ts';
import { createWorker } from '../../worker/create-worker.ts';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.ts';
import { quietRuntime } from './runtime.ts';
import { startSmtpCatcher } from './smtp.ts';

export interface TimeSkippingSystem {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  mail: MailCatcher;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  worker(): Worker | undefined;
  stop(): Promise<void>;
}

/**
 * Temporal's time-skipping test server (a real server whose clock jumps to the next timer when
 * told to), with a real worker and a real SMTP catcher. Deadlines hours away are tested in seconds.
 */
export async function startTimeSkippingSystem(): Promise<TimeSkippingSystem> {
  quietRuntime();
  const binary = resolveTemporalBinary('test-server');
  if (binary.source === 'sdk-download') throw new Error(MISSING_BINARY_HELP);
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: binary.path } } });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default', SEARCH_ATTRIBUTE_TYPES);
  const mail = await startSmtpCatcher();
  const taskQueue = `ts-${randomUUID()}`;
  const deps = testActivityDeps(env.client, taskQueue, mail.port);
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const stopWorker = async () => {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running?.catch((err: Error) => {
      if (err.name !== 'GracefulShutdownPeriodExpiredError') throw err;
    });
    worker = undefined;
  };
  const system: TimeSkippingSystem = {
    env,
    taskQueue,
    mail,
    worker: () => worker,
    async startWorker() {
      worker = await createWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        // No sticky queue: the test server holds its clock while a task waits on a stopped worker's
        // sticky queue, so a restarted worker would never see it. Every task replays from history instead.
        maxCachedWorkflows: 0,
        activities: deps,
      });
      running = worker.run();
    },
    stopWorker,
    async stop() {
      await stopWorker();
      deps.transport.close();
      await mail.stop();
      await env.teardown();
    },
  };
  await system.startWorker();
  return system;
}
