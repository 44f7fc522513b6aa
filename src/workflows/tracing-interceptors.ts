import * as otel from '@opentelemetry/api';
import type { WorkflowInterceptors } from '@temporalio/workflow';

/**
 * Bundled after the OpenTelemetry interceptors when tracing is on: puts the request's correlation id
 * (which arrives as W3C baggage in Temporal's headers) on the workflow's own spans, which are made
 * inside the sandbox where the worker's span processor cannot see them start.
 */
function tagActiveSpan(): void {
  const id = otel.propagation.getBaggage(otel.context.active())?.getEntry('correlation_id')?.value;
  if (id) otel.trace.getActiveSpan()?.setAttribute('correlation_id', id);
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      execute: (input, next) => (tagActiveSpan(), next(input)),
      handleUpdate: (input, next) => (tagActiveSpan(), next(input)),
      validateUpdate: (input, next) => (tagActiveSpan(), next(input)),
      handleQuery: (input, next) => (tagActiveSpan(), next(input)),
      handleSignal: (input, next) => (tagActiveSpan(), next(input)),
    },
  ],
  outbound: [
    {
      scheduleActivity: (input, next) => (tagActiveSpan(), next(input)),
      scheduleLocalActivity: (input, next) => (tagActiveSpan(), next(input)),
      startChildWorkflowExecution: (input, next) => (tagActiveSpan(), next(input)),
    },
  ],
});
