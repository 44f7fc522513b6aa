import { context, propagation, trace, type Context, type Span as ApiSpan } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** The baggage entry that carries a request's correlation id through Temporal's headers to every span. */
export const CORRELATION_BAGGAGE = 'correlation_id';

/** A prisoner number (A1234BC) anywhere in a value: some workflow ids and error messages hold one. */
const PRISONER_NUMBER = /\b[A-Z]\d{4}[A-Z]{2}\b/g;

function redact(attributes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(attributes))
    if (typeof value === 'string') attributes[key] = value.replace(PRISONER_NUMBER, '[prisoner]');
}

/**
 * Every span passes through here on its way to the exporter: the correlation id (carried as
 * baggage through the API, Temporal's headers, the workflow and the activity) is put on it as it
 * starts, and prisoner numbers are taken out of its attributes and events as it ends. Workflow
 * spans, made in the sandbox, arrive here through the worker's sink at their end.
 */
class ReleaseGuardSpanProcessor implements SpanProcessor {
  constructor(private readonly exporter: SpanProcessor) {}
  onStart(span: Span, parent: Context): void {
    const id = propagation.getBaggage(parent)?.getEntry(CORRELATION_BAGGAGE)?.value;
    if (id) span.setAttribute(CORRELATION_BAGGAGE, id);
    this.exporter.onStart(span, parent);
  }
  onEnd(span: ReadableSpan): void {
    redact(span.attributes as Record<string, unknown>);
    for (const event of span.events) if (event.attributes) redact(event.attributes as Record<string, unknown>);
    redact(span.status as unknown as Record<string, unknown>); // an error's message can name a workflow id
    this.exporter.onEnd(span);
  }
  forceFlush(): Promise<void> {
    return this.exporter.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }
}

export interface Tracing {
  /** What the worker hands its workflow-span exporter and activity interceptors. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces exported over OTLP/HTTP (to Jaeger, Tempo or a collector), registered as the
 * process's tracer provider with W3C trace-context and baggage propagation. Off unless configured.
 */
export function startTracing({ endpoint, serviceName }: { endpoint: string; serviceName: string }): Tracing {
  const resource = new Resource({ 'service.name': serviceName });
  const processor = new ReleaseGuardSpanProcessor(
    new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }), {
      scheduledDelayMillis: 1000,
    }),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  return { spanProcessor: processor, resource, shutdown: () => provider.shutdown() };
}

/**
 * Runs `work` in a span of its own, a child of the active one, ending it either way. With no span
 * active (tracing off, or background work no request started) it just runs: no orphan traces.
 */
export async function inSpan<T>(
  name: string,
  attributes: Record<string, string | number>,
  work: (span?: ApiSpan) => Promise<T>,
): Promise<T> {
  if (!trace.getActiveSpan()) return work();
  return trace.getTracer('release-guard').startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: 2, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** A context that carries the correlation id as baggage, for everything started inside it. */
export function withCorrelation(correlationId: string, parent: Context = context.active()): Context {
  const baggage = (propagation.getBaggage(parent) ?? propagation.createBaggage()).setEntry(CORRELATION_BAGGAGE, {
    value: correlationId,
  });
  return propagation.setBaggage(parent, baggage);
}
