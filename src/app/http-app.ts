import express, { type Express } from 'express';
import { createApi, type ApiDeps } from '../api/app.ts';
import { pageErrors, pageNotFound, webRouter, type WebDeps } from '../web/index.ts';

export interface HttpAppDeps extends Omit<ApiDeps, 'formActionOrigins' | 'dev'> {
  /** Development only: the mail catcher and the development issuer (its stand-in sign-in takes the pages' client). */
  dev?: Omit<NonNullable<ApiDeps['dev']>, 'signIn'>;
  /** The web pages (sign-in, sessions in the register's database); without it, the API alone. */
  web?: Omit<WebDeps, 'services' | 'auth' | 'keys' | 'audit' | 'onAuditFailure' | 'limits'>;
  /** Express's `trust proxy`; off by default, so X-Forwarded-For cannot choose a client's address. */
  trustProxy?: boolean | number | string[];
}

/**
 * The one HTTP app: the API and the pages side by side. Every request first passes the API's front
 * (security headers, correlation ids, canonical paths, the request log, traces, metrics, 405s); then
 * the API's routes; then the pages, with their own 404 and error pages; then the API's 404 and
 * error handler for whatever is left.
 */
export function createHttpApp(deps: HttpAppDeps): Express {
  const { web, trustProxy, ...apiDeps } = deps;
  const signIn = web?.signIn;
  const api = createApi({
    ...apiDeps,
    // Signing in and out may redirect a form's answer to HMPPS Auth.
    formActionOrigins: signIn ? [new URL(signIn.authorizeUrl).origin] : [],
    ...(deps.dev
      ? {
          dev: {
            ...deps.dev,
            ...(signIn
              ? {
                  signIn: {
                    clientId: signIn.clientId,
                    clientSecret: signIn.clientSecret,
                    redirectUris: [signIn.callbackUrl],
                  },
                }
              : {}),
          },
        }
      : {}),
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy ?? false);
  // Paths only as the table writes them (src/api/routing.ts): the audit matches them that way too.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.use(api.front);
  app.use(api.routes);
  if (web) {
    // The same audit trail and the same limits as the API.
    app.use(
      webRouter({
        ...web,
        services: deps.services,
        auth: deps.auth,
        keys: api.keys,
        audit: deps.audit,
        onAuditFailure: (err) => deps.logger.error({ err }, 'audit trail write failed'),
        limits: {
          ...(deps.rateLimitPerMinute ? { perMinute: deps.rateLimitPerMinute } : {}),
          ...(deps.rateLimitPerUserPerMinute ? { perUserPerMinute: deps.rateLimitPerUserPerMinute } : {}),
        },
      }),
    );
    app.use(pageNotFound);
    app.use(pageErrors((err) => deps.logger.error({ err }, 'page error')));
  }
  app.use(...api.fallback);
  return app;
}
