import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from 'pino';
import type { Services } from '../services/index.ts';
import type { operationIndex } from './operation-index.ts';
import { ROUTING } from './routing.ts';

export interface MetricsOptions {
  services: Services;
  operations: ReturnType<typeof operationIndex>;
  logger: Logger;
  /** When set, a scrape must bear it (`Authorization: Bearer …`); when absent, `served` decides. */
  bearerToken?: string | undefined;
  /** Whether /metrics answers at all without a token: outside production only. */
  openWithoutToken: boolean;
}

/**
 * The API's metrics in Prometheus format: the process's own, request durations by route pattern
 * (never the path: it can hold a prisoner number), and gauges read at scrape time from the register
 * and from Temporal's visibility. The domain counters come from the workers (src/worker/metrics.ts).
 */
export function apiMetrics(options: MetricsOptions): { record: RequestHandler; router: Router } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'release_guard_api_' });
  const duration = new Histogram({
    name: 'release_guard_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  // A scrape must not fail because one source is down: the gauge keeps its last value and says why in the log.
  const guarded = (what: string, read: () => Promise<void>) => async () => {
    try {
      await read();
    } catch (err) {
      options.logger.warn({ err }, `metrics: ${what} not read`);
    }
  };
  new Gauge({
    name: 'release_guard_open_queries',
    help: 'Urgent queries open now, by status and urgency (from Temporal visibility): the queue',
    labelNames: ['status', 'urgency'],
    registers: [registry],
    async collect() {
      await guarded('open queries', async () => {
        for (const { status, urgency, count } of await options.services.queries.countOpen())
          this.set({ status, urgency }, count);
      })();
    },
  });
  new Gauge({
    name: 'release_guard_register_prisoners',
    help: 'People on the prisoner register',
    registers: [registry],
    async collect() {
      await guarded('register size', async () => this.set(await options.services.prisoners.count()))();
    },
  });

  const record: RequestHandler = (req, res, next) => {
    if (req.path === '/metrics') return next();
    const end = duration.startTimer();
    const path = req.path; // routers rewrite it on the way down; the operation is matched on the whole path
    res.on('finish', () => {
      const matched = options.operations.match(req.method, path)?.operation.path;
      // Pages are labelled by their Express route; anything else by what it was, never by its path.
      const route =
        matched ??
        (req.route?.path
          ? `page:${String(req.baseUrl)}${String(req.route.path)}`
          : res.statusCode === 404
            ? 'not-found'
            : 'other');
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };

  const expected = options.bearerToken ? Buffer.from(`Bearer ${options.bearerToken}`) : undefined;
  const router = Router(ROUTING);
  router.get('/metrics', async (req, res, next) => {
    if (expected) {
      const given = Buffer.from(req.header('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return void res
          .status(401)
          .set('WWW-Authenticate', 'Bearer')
          .type('text/plain')
          .send('A bearer token is needed\n');
    } else if (!options.openWithoutToken) return next(); // production without METRICS_TOKEN: not served
    res.type(registry.contentType).send(await registry.metrics());
  });
  return { record, router };
}
