import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { testActivityDeps } from './activity-deps.ts';
import { admit, testStores, type TestStores } from './database.ts';
import { uniquePrisonerNumber } from './urgent-query.ts';
import { ensureSearchAttributes } from '../../src/infra/search-attributes.ts';
import { MISSING_BINARY_HELP, resolveTemporalBinary } from '../../src/infra/temporal-binaries.ts';
import type { MailCatcher } from '../../src/infra/mail-catcher.ts';
import { createWorker } from '../../src/worker/create-worker.ts';
import { SEARCH_ATTRIBUTE_TYPES } from '../../src/workflows/search-attributes.ts';
import { quietRuntime } from './runtime.ts';
import type { Services } from '../../src/services/index.ts';
import { startSmtpCatcher } from './smtp.ts';

export interface TimeSkippingSystem {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  mail: MailCatcher;
  stores: TestStores;
  /** The real services over this system's client, register and task queue. */
  services: Services;
  /** Puts a prisoner on a prison's roll in this system's register (a new unique one by default). */
  admit(prisonCode?: string, prisonerNumber?: string): Promise<string>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  worker(): Worker | undefined;
  stop(): Promise<void>;
}

/**
 * Temporal's time-skipping test server (a real server whose clock jumps to the next timer when
 * told to), with a real worker and a real SMTP catcher. Deadlines hours away are tested in seconds.
 */
/** `cached`: keep workflows in the worker's cache (for tests that never restart the worker; the test server's update handling needs it). */
export async function startTimeSkippingSystem(options: { cached?: boolean } = {}): Promise<TimeSkippingSystem> {
  quietRuntime();
  const binary = resolveTemporalBinary('test-server');
  if (binary.source === 'sdk-download') throw new Error(MISSING_BINARY_HELP);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: binary.path } },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default', SEARCH_ATTRIBUTE_TYPES);
  const mail = await startSmtpCatcher();
  const taskQueue = `ts-${randomUUID()}`;
  const stores = await testStores();
  const deps = testActivityDeps(env.client, taskQueue, mail.port, stores);
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
    stores,
    services: deps.services,
    admit: (prisonCode = 'MDI', prisonerNumber = uniquePrisonerNumber()) =>
      admit(stores.register, prisonerNumber, prisonCode),
    worker: () => worker,
    async startWorker() {
      worker = await createWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        // No sticky queue: the test server holds its clock while a task waits on a stopped worker's
        // sticky queue, so a restarted worker would never see it. Every task replays from history instead.
        ...(options.cached ? {} : { maxCachedWorkflows: 0 }),
        activities: deps,
      });
      running = worker.run();
    },
    stopWorker,
    async stop() {
      await stopWorker();
      deps.transport.close();
      await mail.stop();
      await stores.drop();
      await env.teardown();
    },
  };
  await system.startWorker();
  return system;
}
