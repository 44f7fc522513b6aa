import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { withCorrelation } from '../infra/tracing.ts';
import type { operationIndex } from './operation-index.ts';

/**
 * A server span for each request, named by its operation's pattern (never its path), carrying the
 * correlation id as baggage so every span under it (the Temporal client's, the workflow's, the
 * activity's) has it too. Without a tracer provider (tracing off) the spans cost nothing.
 */
export function traceRequests(operations: ReturnType<typeof operationIndex>): RequestHandler {
  const tracer = trace.getTracer('release-guard-api');
  return (req, res, next) => {
    const route = operations.match(req.method, req.path)?.operation.path ?? 'other';
    const parent = withCorrelation(req.correlationId ?? 'none');
    const span = tracer.startSpan(
      `${req.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'http.route': route } },
      parent,
    );
    res.on('finish', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
