import { randomBytes, randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { AuditSink } from '../infra/audit-log.ts';
import type { Services } from '../services/index.ts';
import { auditTrail } from './audit.ts';
import { perMinuteLimit } from './rate-limit.ts';
import { OPERATIONS } from './contract/operations.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { ROUTING, canonicalPathsOnly } from './routing.ts';
import { operationIndex } from './operation-index.ts';
import { actorOf, authenticate, remoteKeys, type AuthConfig } from './auth.ts';
import { Problem, errorHandler, notFoundHandler, requireJsonBody, sendProblem } from './problem.ts';
import { apiMetrics } from './metrics.ts';
import { traceRequests } from './tracing.ts';
import { apiDocsRouter } from './routers/api-docs.ts';
import { codecCors, codecRouter } from './routers/codec.ts';
import { courtResultsRouter, keepRawBody } from './routers/court-results.ts';
import { inboxRouter } from './routers/inbox.ts';
import { devRouter } from './routers/dev.ts';
import { eventsRouter } from './routers/events.ts';
import { healthRouter } from './routers/health.ts';
import { incidentsRouter } from './routers/incident.ts';
import { registerRouter } from './routers/register.ts';
import { releaseHoldRouter } from './routers/release-hold.ts';
import { reportsRouter } from './routers/reports.ts';
import { dischargeDeskRouter } from './routers/release-hold-discharge-desk.ts';
import { urgentQueriesRouter } from './routers/urgent-query.ts';
import { victimContactRouter } from './routers/victim-notification-registration.ts';
import { acknowledgementLinkRouter, victimNotificationsRouter } from './routers/victim-notification.ts';

declare module 'express-serve-static-core' {
  interface Request {
    correlationId?: string;
  }
}

export interface ApiDeps {
  /** For /health: is Temporal reachable. */
  client: Client;
  services: Services;
  /** The audit trail; a request whose line cannot be written is refused (503). */
  audit: AuditSink;
  /** Verifies acknowledgement links in victim notification emails. */
  ackTokenKey: Uint8Array;
  auth: AuthConfig;
  /** Overrides the JWKS fetch (tests may pass a local key set); defaults to the configured URL. */
  jwks?: JWTVerifyGetKey;
  logger: Logger;
  smtp: { host: string; port: number };
  version: string;
  commit: string;
  bodyLimit?: string;
  /** Requests per minute per client address under /api, and on the pages; 0 turns the limit off. */
  rateLimitPerMinute?: number;
  /** Requests per minute per signed-in user or service client under /api, and on the pages; 0 turns the limit off. */
  rateLimitPerUserPerMinute?: number;
  /** Development only: the mail catcher, the development issuer, and the pages' sign-in client for its stand-in sign-in. */
  dev?: Parameters<typeof devRouter>[0];
  /** Origins besides our own a form may post to (the pages' sign-in at HMPPS Auth), for the Content-Security-Policy. */
  formActionOrigins?: string[];
  /** The court-results feed's shared signing secret, and how far its timestamps may be from now. */
  courtSigning: { secret: string; toleranceSeconds: number };
  /** The payload codec, served to the Temporal Web UI at /codec for the origins listed. */
  codec?: { codec: PayloadCodec; corsOrigins: string[] };
  /** GET /metrics: open when no token is set (outside production), bearer-token only when one is. */
  metrics?: { bearerToken?: string | undefined; openWithoutToken: boolean };
}

/** Request and correlation ids travel in headers, into logs and into workflow memos. */
const correlation: RequestHandler = (req, res, next) => {
  const incoming = req.header('X-Correlation-Id');
  req.correlationId = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Correlation-Id', req.correlationId);
  next();
};

/** A per-minute limit answered with a 429 problem, by client address unless `key` says otherwise. */
const limiter = (limit: number, key?: (req: Request) => string) =>
  perMinuteLimit(
    limit,
    (res) => sendProblem(res, new Problem(429, 'Too Many Requests', 'Too many requests; try again in a minute')),
    key,
  );

/**
 * The API's parts, for the one app src/app/http-app.ts composes: what every request passes first (pages
 * too), the API's routes, and its answers for a path nobody serves and for errors, mounted last.
 */
export interface Api {
  /** In this order: a CSP nonce and the security headers, correlation ids, canonical paths, the request log, traces, metrics, 405s. */
  front: Router;
  /** Health, the development tools, the signed link, the codec, then /api. */
  routes: Router;
  /** The API's 404 and error handler: after everything else, the pages' own answers included. */
  fallback: [RequestHandler, ErrorRequestHandler];
  /** Verifies bearer tokens; the pages' sign-in verifies with the same keys. */
  keys: JWTVerifyGetKey;
}

export function createApi(deps: ApiDeps): Api {
  const front = express.Router(ROUTING);
  // A nonce per response for the one inline script GOV.UK's template has (it marks the page js-enabled).
  front.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  front.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: [
            "'self'",
            (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`,
          ],
          // Signing in and out may redirect a form's answer to HMPPS Auth.
          formAction: ["'self'", ...(deps.formActionOrigins ?? [])],
        },
      },
    }),
  );
  front.use(correlation);
  front.use(canonicalPathsOnly);
  front.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // Method, route and status only: paths can carry prisoner numbers, so the query string and params stay out.
      deps.logger.info(
        {
          correlationId: req.correlationId,
          method: req.method,
          route: req.route?.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  });
  const operations = operationIndex(OPERATIONS);
  front.use(traceRequests(operations));
  if (deps.metrics) {
    const metrics = apiMetrics({ services: deps.services, operations, logger: deps.logger, ...deps.metrics });
    front.use(metrics.record);
    front.use(metrics.router);
  }
  const audited = auditTrail(deps.audit, operations, (err) => deps.logger.error({ err }, 'audit trail write failed'));
  front.use(methodNotAllowed(operations));
  const keys = deps.jwks ?? remoteKeys(deps.auth);
  const authenticated = authenticate(deps.auth, keys);
  const routes = express.Router(ROUTING);
  routes.use(
    healthRouter({
      client: deps.client,
      smtp: deps.smtp,
      audit: deps.audit,
      version: deps.version,
      commit: deps.commit,
      authenticate: authenticated,
    }),
  );
  if (deps.dev) routes.use('/dev', devRouter(deps.dev));
  routes.use(
    '/victim-notifications',
    audited,
    acknowledgementLinkRouter({ notifications: deps.services.notifications, key: deps.ackTokenKey }),
  );

  if (deps.codec)
    routes.use(
      '/codec',
      codecCors(deps.codec.corsOrigins),
      requireJsonBody,
      authenticated,
      audited,
      codecRouter({ codec: deps.codec.codec }),
    );

  const api = express.Router(ROUTING);
  if (deps.rateLimitPerMinute) api.use(limiter(deps.rateLimitPerMinute));
  // Documentation first: it needs no token.
  api.use(apiDocsRouter({ version: deps.version }));
  api.use(requireJsonBody);
  // A hearing's results can be large, and their signature is over the raw bytes.
  api.use('/court-results', express.json({ limit: '2mb', strict: true, verify: keepRawBody }));
  api.use(express.json({ limit: deps.bodyLimit ?? '64kb', strict: true }));
  api.use(authenticated);
  // After authentication: one user cannot get round the limit by spreading requests over addresses.
  if (deps.rateLimitPerUserPerMinute)
    api.use(limiter(deps.rateLimitPerUserPerMinute, (req) => `user:${actorOf(req).username}`));
  api.use(audited);
  const { services } = deps;
  api.use('/urgent-queries', urgentQueriesRouter(services));
  api.use('/prisoners', registerRouter(services));
  api.use('/prisoners', releaseHoldRouter(services));
  api.use('/incidents', incidentsRouter(services));
  api.use('/events', eventsRouter(services));
  api.use('/victim-contact', victimContactRouter(services));
  api.use('/victim-notifications', victimNotificationsRouter(services));
  api.use('/court-results', courtResultsRouter({ courtResults: services.courtResults, signing: deps.courtSigning }));
  api.use('/inbox', inboxRouter({ inbox: services.inbox }));
  api.use('/reports', reportsRouter(services));
  api.use('/prisons', dischargeDeskRouter(services));
  routes.use('/api', api);

  return {
    front,
    routes,
    fallback: [notFoundHandler, errorHandler((err) => deps.logger.error({ err }, 'unhandled error'))],
    keys,
  };
}
