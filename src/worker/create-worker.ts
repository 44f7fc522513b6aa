import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import { createActivities, type ActivityDeps } from '../activities/index.ts';
import type { Tracing } from '../infra/tracing.ts';

/** The bundle entry point, resolved from this file rather than require.resolve (which breaks under ESM). */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** The workflow interceptors a traced bundle carries: the SDK's OpenTelemetry ones, then ours that tag their spans. */
const TRACING_INTERCEPTOR_MODULES = [
  createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
  fileURLToPath(new URL('../workflows/tracing-interceptors.ts', import.meta.url)),
];

/**
 * The modules every workflow shares rather than loading its own copy: the pure rules in src/domain/
 * that the workflows import (and what those import, luxon among them). In the SDK's reusable V8
 * context each cached workflow otherwise instantiates every module it imports, and that was most
 * of a cached hold's memory. Sharing is safe only for modules that keep no per-workflow state:
 * src/domain/ is pure by rule (no clock, no I/O, nothing mutable at module level), and the SDK freezes
 * what they export, so a module that broke the rule would fail loudly, not leak.
 */
export function sharedWorkflowModules(dir = path.dirname(WORKFLOWS_PATH)): string[] {
  const modules = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    // Value imports only: a type-only import is erased, and preloading it would add it to the bundle.
    for (const [, specifier] of readFileSync(path.join(dir, file), 'utf8').matchAll(
      /^import (?!type )[^;]*? from '(\.\.\/domain\/[^']+)';/gms,
    )) {
      modules.add(path.resolve(dir, specifier!));
    }
  }
  return [...modules].sort();
}

/**
 * Bundles workflow code quietly: the product's by default, or another set (the benchmark's
 * baselines). A traced bundle carries the tracing interceptors; an untraced one carries nothing
 * extra, so tracing off costs cached workflows no memory.
 */
export function bundleWorkflows(
  workflowsPath = WORKFLOWS_PATH,
  options: { traced?: boolean } = {},
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    ...(workflowsPath === WORKFLOWS_PATH ? { preloadModules: sharedWorkflowModules() } : {}),
    ...(options.traced ? { workflowInterceptorModules: TRACING_INTERCEPTOR_MODULES } : {}),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
  });
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
  /** Encrypts what the worker sends Temporal and decrypts what it reads (src/infra/payload-codec.ts). */
  codec?: PayloadCodec;
  /** Traces (src/infra/tracing.ts): activity spans, and the workflows' spans through a sink. A pre-built bundle must be a traced one. */
  tracing?: Tracing;
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const { tracing } = options;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.activities),
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows(WORKFLOWS_PATH, { traced: Boolean(tracing) })),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.codec ? { dataConverter: { payloadCodecs: [options.codec] } } : {}),
    ...(tracing
      ? {
          sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
          interceptors: {
            activity: [
              (ctx) => ({
                inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
                outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
              }),
            ],
          },
        }
      : {}),
    // Some activities wait on other workflows, which a stopping worker no longer runs: they are
    // cancelled after the grace time, and the worker gives up on any that ignore it. Their work is
    // retried by Temporal on another worker, so nothing is lost.
    shutdownGraceTime: '5 seconds',
    shutdownForceTime: '15 seconds',
  });
}
