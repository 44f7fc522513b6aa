import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import type { JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { DevIssuer } from '../infra/dev-issuer.ts';
import type { MailCatcher } from '../infra/mail-catcher.ts';
import type { AuditLog } from '../infra/audit-log.ts';
import type { Services } from '../services/index.ts';
import { auditTrail } from './audit.ts';
import { OPERATIONS } from './contract/operations.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { authenticate, type AuthConfig } from './auth.ts';
import { Problem, errorHandler, notFoundHandler, requireJsonBody, sendProblem } from './problem.ts';
import { apiDocsRouter } from './routers/api-docs.ts';
import { devRouter } from './routers/dev.ts';
import { eventsRouter } from './routers/events.ts';
import { healthRouter } from './routers/health.ts';
import { incidentsRouter } from './routers/incidents.ts';
import { prisonersRouter } from './routers/prisoners.ts';
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
  audit: AuditLog;
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
  /** Requests per minute per client address under /api; 0 turns the limit off. */
  rateLimitPerMinute?: number;
  dev?: { mailCatcher?: MailCatcher; issuer?: DevIssuer };
}

/** Request and correlation ids travel in headers, into logs and into workflow memos. */
const correlation: RequestHandler = (req, res, next) => {
  const incoming = req.header('X-Correlation-Id');
  req.correlationId = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Correlation-Id', req.correlationId);
  next();
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 1);
  app.use(helmet());
  app.use(correlation);
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
  app.use(methodNotAllowed(OPERATIONS));
  app.use(healthRouter({ client: deps.client, smtp: deps.smtp, version: deps.version, commit: deps.commit }));
  if (deps.dev) app.use('/dev', devRouter(deps.dev));
  app.use('/victim-notifications', acknowledgementLinkRouter({ notifications: deps.services.notifications, key: deps.ackTokenKey }));

  const api = express.Router();
  if (deps.rateLimitPerMinute) {
    api.use(
      rateLimit({
        windowMs: 60_000,
        limit: deps.rateLimitPerMinute,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        handler: (_req, res) => sendProblem(res, new Problem(429, 'Too Many Requests', 'Too many requests; try again in a minute')),
      }),
    );
  }
  // Documentation first: it needs no token.
  api.use(apiDocsRouter({ version: deps.version }));
  api.use(requireJsonBody);
  api.use(express.json({ limit: deps.bodyLimit ?? '64kb', strict: true }));
  api.use(authenticate(deps.auth, deps.jwks));
  const audited = (subjectType: string) => auditTrail(deps.audit, subjectType, (err) => deps.logger.error({ err }, 'audit log write failed'));
  const { services } = deps;
  api.use('/urgent-queries', audited('URGENT_QUERY'), urgentQueriesRouter(services));
  api.use('/prisoners', audited('PRISONER'), prisonersRouter(services));
  api.use('/incidents', audited('RELEASE_IN_ERROR_INCIDENT'), incidentsRouter(services));
  api.use('/events', eventsRouter(services));
  api.use('/victim-contact', audited('VICTIM_CONTACT_REGISTRATION'), victimContactRouter(services));
  api.use('/victim-notifications', audited('VICTIM_NOTIFICATION'), victimNotificationsRouter(services));
  app.use('/api', api);

  app.use(notFoundHandler);
  app.use(errorHandler((err) => deps.logger.error({ err }, 'unhandled error')));
  return app;
}
