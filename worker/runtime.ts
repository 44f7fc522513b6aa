import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/**
 * The worker process's Temporal runtime, installed once before its first connection: its log level,
 * and, when an address is given, the SDK's Prometheus endpoint, which serves the SDK's own metrics
 * (task latencies, cache, schedule-to-start, pollers) and the domain counters the workflows and
 * activities add through its metric meter.
 */
export function installWorkerRuntime(options: { metricsAddress?: string | undefined; logLevel?: LogLevel }): void {
  Runtime.install({
    ...(options.logLevel ? { logger: new DefaultLogger(options.logLevel) } : {}),
    ...(options.metricsAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.metricsAddress, countersTotalSuffix: true, useSecondsForDurations: true } } } }
      : {}),
  });
}
