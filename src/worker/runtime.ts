import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/**
 * The worker process's Temporal runtime, installed once before its first connection: its log level,
 * and, when an address is given, the SDK's Prometheus endpoint, which serves the SDK's own metrics
 * (task latencies, cache, schedule-to-start, pollers) and the domain counters the workflows and
 * activities add through its metric meter.
 */
let installed = false;
/** Installs once per process: a second call (the benchmark's process, then the worker it runs) keeps the first. */
export function installWorkerRuntime(options: { metricsAddress?: string | undefined; logLevel?: LogLevel }): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    ...(options.logLevel ? { logger: new DefaultLogger(options.logLevel) } : {}),
    ...(options.metricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: options.metricsAddress,
                countersTotalSuffix: true,
                useSecondsForDurations: true,
              },
            },
          },
        }
      : {}),
  });
}
