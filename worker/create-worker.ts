import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import { createActivities, type ActivityDeps } from '../activities/index.ts';

/** The bundle entry point, resolved from this file rather than require.resolve (which breaks under ESM). */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Bundles workflow code quietly: the product's by default, or another set (the benchmark's baselines). */
export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error } });
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: ActivityDeps;
  /** A pre-built bundle (tests build one per run); otherwise the workflows are bundled now. */
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
  /** Short-lived test workers do not need to keep workflows cached. */
  maxCachedWorkflows?: number;
  /** Encrypts what the worker sends Temporal and decrypts what it reads (infra/payload-codec.ts). */
  codec?: PayloadCodec;
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.activities),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowBundle: await bundleWorkflows() }),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.codec ? { dataConverter: { payloadCodecs: [options.codec] } } : {}),
    // Some activities wait on other workflows, which a stopping worker no longer runs: they are
    // cancelled after the grace time, and the worker gives up on any that ignore it. Their work is
    // retried by Temporal on another worker, so nothing is lost.
    shutdownGraceTime: '5 seconds',
    shutdownForceTime: '15 seconds',
  });
}
