import { randomBytes, randomUUID } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { DevIssuer } from '../infra/dev-issuer.ts';
import type { MailCatcher } from '../infra/mail-catcher.ts';
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
import { pageErrors, pageNotFound, webRouter, type WebDeps } from '../web/index.ts';
import { apiMetrics } from './metrics.ts';
import { traceRequests } from './tracing.ts';
import { apiDocsRouter } from './routers/api-docs.ts';
import { codecCors, codecRouter } from './routers/codec.ts';
import { courtResultsRouter, keepRawBody } from './routers/court-results.ts';
import { inboxRouter } from './routers/inbox.ts';
import { devRouter } from './routers/dev.ts';
import { eventsRouter } from './routers/events.ts';
import { healthRouter } from './routers/health.ts';
import { incidentsRouter } from './routers/incidents.ts';
import { registerRouter } from './routers/register.ts';
import { releaseHoldRouter } from './routers/release-hold.ts';
import { reportsRouter } from './routers/reports.ts';
import { dischargeDeskRouter } from './routers/discharge-desk.ts';
import { urgentQueriesRouter } from './routers/urgent-queries.ts';
import { victimContactRouter } from './routers/victim-contact.ts';
import { acknowledgementLinkRouter, victimNotificationsRouter } from './routers/victim-notifications.ts';

declare module 'express-serve-static-core' {
  interface Request {
    correlationId?: string;
  }
}

export interface AppDeps {
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
  /** Express's `trust proxy`; off by default, so X-Forwarded-For cannot choose a client's address. */
  trustProxy?: boolean | number | string[];
  dev?: { mailCatcher?: MailCatcher; issuer?: DevIssuer };
  /** The web pages (sign-in, sessions in the register's database); without it, the API alone. */
  web?: Omit<WebDeps, 'services' | 'auth' | 'keys' | 'audit' | 'onAuditFailure' | 'limits'>;
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
  perMinuteLimit(limit, (res) => sendProblem(res, new Problem(429, 'Too Many Requests', 'Too many requests; try again in a minute')), key);

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  // Paths only as the table writes them (api/routing.ts): the audit matches them that way too.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  // A nonce per response for the one inline script GOV.UK's template has (it marks the page js-enabled).
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  const signInOrigin = deps.web ? new URL(deps.web.signIn.authorizeUrl).origin : undefined;
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
          // Signing in and out may redirect a form's answer to HMPPS Auth.
          formAction: ["'self'", ...(signInOrigin ? [signInOrigin] : [])],
        },
      },
    }),
  );
  app.use(correlation);
  app.use(canonicalPathsOnly);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // Method, route and status only: paths can carry prisoner numbers, so the query string and params stay out.
      deps.logger.info(
        { correlationId: req.correlationId, method: req.method, route: req.route?.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        'request',
      );
    });
    next();
  });
  const operations = operationIndex(OPERATIONS);
  app.use(traceRequests(operations));
  if (deps.metrics) {
    const metrics = apiMetrics({ services: deps.services, operations, logger: deps.logger, ...deps.metrics });
    app.use(metrics.record);
    app.use(metrics.router);
  }
  const audited = auditTrail(deps.audit, operations, (err) => deps.logger.error({ err }, 'audit trail write failed'));
  app.use(methodNotAllowed(operations));
  const keys = deps.jwks ?? remoteKeys(deps.auth);
  const authenticated = authenticate(deps.auth, keys);
  app.use(healthRouter({ client: deps.client, smtp: deps.smtp, audit: deps.audit, version: deps.version, commit: deps.commit, authenticate: authenticated }));
  if (deps.dev) {
    const signIn = deps.web?.signIn;
    app.use('/dev', devRouter({ ...deps.dev, ...(signIn ? { signIn: { clientId: signIn.clientId, clientSecret: signIn.clientSecret, redirectUris: [signIn.callbackUrl] } } : {}) }));
  }
  app.use('/victim-notifications', audited, acknowledgementLinkRouter({ notifications: deps.services.notifications, key: deps.ackTokenKey }));

  if (deps.codec) app.use('/codec', codecCors(deps.codec.corsOrigins), requireJsonBody, authenticated, audited, codecRouter({ codec: deps.codec.codec }));

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
  if (deps.rateLimitPerUserPerMinute) api.use(limiter(deps.rateLimitPerUserPerMinute, (req) => `user:${actorOf(req).username}`));
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
  app.use('/api', api);

  if (deps.web) {
    // The same audit trail and the same limits as the API.
    app.use(
      webRouter({
        ...deps.web,
        services: deps.services,
        auth: deps.auth,
        keys,
        audit: deps.audit,
        onAuditFailure: (err) => deps.logger.error({ err }, 'audit trail write failed'),
        limits: { ...(deps.rateLimitPerMinute ? { perMinute: deps.rateLimitPerMinute } : {}), ...(deps.rateLimitPerUserPerMinute ? { perUserPerMinute: deps.rateLimitPerUserPerMinute } : {}) },
      }),
    );
    app.use(pageNotFound);
    app.use(pageErrors((err) => deps.logger.error({ err }, 'page error')));
  }
  app.use(notFoundHandler);
  app.use(errorHandler((err) => deps.logger.error({ err }, 'unhandled error')));
  return app;
}
