import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import type { JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../api/auth.ts';
import type { AuditLog } from '../infra/audit-log.ts';
import type { Queryable } from '../infra/database/database.ts';
import type { Services } from '../services/index.ts';
import { problemFrom } from '../api/problem.ts';
import { ROUTING } from '../api/routing.ts';
import { viewEnvironment } from './nunjucks.ts';
import { homeRoutes } from './routes/home.ts';
import { queryRoutes } from './routes/urgent-query.ts';
import { raiseRoutes } from './routes/urgent-query-raise.ts';
import { releaseCheckRoutes } from './routes/release-hold-check.ts';
import { dischargeDeskRoutes } from './routes/release-hold-discharge-desk.ts';
import { reportRoutes } from './routes/reports.ts';
import { triageRoutes } from './routes/inbox-triage.ts';
import { victimRoutes } from './routes/victim-notification.ts';
import { may, type PageDeclaration } from './page-access.ts';
import { pageLimiter } from './page-limits.ts';
import { newSubmissionId, pageRouter, type PageRouter } from './page-router.ts';
import { sessions } from './session.ts';
import { submissionClaims } from './submissions.ts';
import { requireUser, signInRoutes, type SignInConfig } from './sign-in.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface WebDeps {
  services: Services;
  /** The register's database, where sessions live. */
  db: Queryable;
  auth: AuthConfig;
  keys: JWTVerifyGetKey;
  signIn: SignInConfig;
  sessionSecret: string;
  /** https: cookies marked Secure. */
  secureCookies: boolean;
  /** The audit trail: pages are audited as the API is, and refused (503) when it cannot be written. */
  audit: AuditLog;
  onAuditFailure: (err: unknown) => void;
  limits?: PageLimits;
  /** Read templates again on every page (development, for editing views); otherwise compiled once. */
  templateReload?: boolean;
}

/** The design systems' compiled assets, served by the app itself: no CDN. */
function assets(): Router {
  const router = Router(ROUTING);
  const govuk = path.join(ROOT, 'node_modules/govuk-frontend/dist/govuk');
  const moj = path.join(ROOT, 'node_modules/@ministryofjustice/frontend/moj');
  const options = { maxAge: '1h', fallthrough: false, index: false } as const;
  router.get('/assets/css/govuk-frontend.min.css', (_req, res) =>
    res.sendFile(path.join(govuk, 'govuk-frontend.min.css')),
  );
  router.get('/assets/css/moj-frontend.min.css', (_req, res) => res.sendFile(path.join(moj, 'moj-frontend.min.css')));
  router.get('/assets/js/govuk-frontend.min.js', (_req, res) =>
    res.sendFile(path.join(govuk, 'govuk-frontend.min.js')),
  );
  router.get('/assets/js/moj-frontend.min.js', (_req, res) => res.sendFile(path.join(moj, 'moj-frontend.min.js')));
  router.use('/assets/js', express.static(path.join(ROOT, 'src/web/assets/js'), options));
  router.use('/assets/app', express.static(path.join(ROOT, 'src/web/assets/css'), options));
  router.use('/assets/moj', express.static(path.join(moj, 'assets'), options));
  router.use('/assets', express.static(path.join(govuk, 'assets'), options));
  router.get('/favicon.ico', (_req, res) => res.sendFile(path.join(govuk, 'assets/images/favicon.ico')));
  return router;
}

export interface PageLimits {
  /** Requests per minute per client address, as for the API; 0 or absent turns it off. */
  perMinute?: number;
  /** Requests per minute per signed-in user, as for the API; 0 or absent turns it off. */
  perUserPerMinute?: number;
}

/**
 * Every page there is. Each line names the operations the page performs; roles, audit and
 * submitting once follow from it (src/web/page-router.ts). A page added anywhere else is refused at
 * start-up.
 */
export function mountPages(pages: PageRouter, services: Services): void {
  homeRoutes(pages, services);
  releaseCheckRoutes(pages, services);
  dischargeDeskRoutes(pages, services);
  raiseRoutes(pages, services);
  queryRoutes(pages, services);
  victimRoutes(pages, services);
  triageRoutes(pages, services);
  reportRoutes(pages, services);
}

/**
 * Every page's declaration, without serving any: for the access matrix and docs/security.md's table.
 * Mounting only registers handlers, so no service is reached.
 */
export function pageDeclarations(): PageDeclaration[] {
  const pages = pageRouter({
    audit: { record: async () => {} },
    onAuditFailure: () => {},
    submissions: { claim: async () => false, release: async () => {} },
  });
  mountPages(pages, {} as Services);
  return pages.declarations;
}

/**
 * The web pages, in the order of the HMPPS template: assets, views, limits, session, parsing,
 * sign-in, CSRF, the signed-in user, the pages, then 404 and errors as pages. Pages call the same
 * services as the API, under the same operation table's roles, audited the same way.
 */
export function webRouter(deps: WebDeps): Router {
  const router = Router(ROUTING);
  const env = viewEnvironment({ reload: deps.templateReload ?? false });
  // The API, its documents, the codec and the signed link are not pages: they keep their own answers,
  // in any spelling (an odd-cased API path is the API's 404, never a sign-in page).
  router.use((req, _res, next) =>
    next(
      /^\/(api|codec|dev|health|ping|info|metrics|victim-notifications)(\/|$)/i.test(req.path) ? 'router' : undefined,
    ),
  );
  router.use(assets());
  // res.render through our Nunjucks environment, with whatever the request has put in res.locals.
  router.use((_req, res, next) => {
    res.render = ((view: string, locals?: Record<string, unknown>) => {
      res.type('html').send(env.render(`${view}.njk`, { ...res.locals, ...locals }));
    }) as typeof res.render;
    next();
  });
  // Before the session, so a flood of anonymous requests is refused before it costs a row.
  if (deps.limits?.perMinute) router.use(pageLimiter(deps.limits.perMinute));
  router.use(sessions({ db: deps.db, secret: deps.sessionSecret, secure: deps.secureCookies }));
  // A redirect after a change to the session waits until the session is saved: a browser may follow
  // the redirect as soon as it has the headers, and would otherwise read the session as it was.
  router.use((req, res, next) => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = ((...args: unknown[]) => {
      if (!req.session || !Object.keys(req.session).some((k) => k !== 'cookie')) return redirect(...args);
      req.session.save((err) => (err ? next(err) : redirect(...args)));
    }) as typeof res.redirect;
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(signInRoutes({ config: deps.signIn, auth: deps.auth, keys: deps.keys }));
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf,
  });
  router.use(csrfSynchronisedProtection);
  router.use(requireUser);
  // After sign-in: one user cannot get round the limit by spreading requests over addresses.
  if (deps.limits?.perUserPerMinute)
    router.use(pageLimiter(deps.limits.perUserPerMinute, (req) => `user:${req.actor!.username}`));
  router.use((req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    res.locals.submissionId = newSubmissionId();
    const actor = req.actor!;
    // What the navigation offers follows the operation table, as the pages themselves do.
    const links: [show: boolean, text: string, href: string, active: boolean][] = [
      [true, 'Home', '/', req.path === '/'],
      [may(actor, 'getDischargeDesk'), 'Discharge desk', '/discharge-desk', req.path.startsWith('/discharge-desk')],
      [
        may(actor, 'searchPrisoners') && may(actor, 'getReleaseStatus'),
        'Release check',
        '/release-check',
        req.path.startsWith('/release-check'),
      ],
      [may(actor, 'raiseQuery'), 'Raise a query', '/queries/new', req.path.startsWith('/queries/new')],
      [may(actor, 'raiseQuery'), 'Our queries', '/queries', req.path === '/queries'],
      [may(actor, 'claim'), 'Queue', '/queue', req.path.startsWith('/queue')],
      [
        may(actor, 'getInboxTriage') && may(actor, 'getCourtResultsAttention'),
        'Triage',
        '/triage',
        req.path.startsWith('/triage'),
      ],
      [may(actor, 'listVictimNotifications'), 'Notifications', '/notifications', req.path.startsWith('/notifications')],
      [may(actor, 'getVictimContact'), 'Registrations', '/victim-contact', req.path.startsWith('/victim-contact')],
      [may(actor, 'reportReleasesInError'), 'Figures', '/reports', req.path.startsWith('/reports')],
    ];
    res.locals.navigation = links.filter(([show]) => show).map(([, text, href, active]) => ({ text, href, active }));
    if (req.session.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    next();
  });
  const pages = pageRouter({
    audit: deps.audit,
    onAuditFailure: deps.onAuditFailure,
    submissions: submissionClaims(deps.db),
  });
  mountPages(pages, deps.services);
  pages.check();
  router.use(pages.router);
  return router;
}

/** A page path nobody serves: the GOV.UK "page not found". API paths keep their problem answers. */
export const pageNotFound: RequestHandler = (req, res, next) => {
  if (req.path.startsWith('/api/') || !req.accepts('html') || typeof res.render !== 'function' || !req.session)
    return next();
  res.status(404).render('error', {
    title: 'Page not found',
    message:
      'If you typed the web address, check it is correct. If you followed a link, the page may be for a prisoner or case you cannot see.',
  });
};

/** Errors on pages are pages: 404 for what the caller may not see, 403, and 500 without a stack trace. */
export function pageErrors(log: (err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (req.path.startsWith('/api/') || res.headersSent || typeof res.render !== 'function' || !req.session)
      return next(err);
    const status = problemFrom(err)?.status;
    if (status === 404)
      return res.status(404).render('error', {
        title: 'Page not found',
        message: 'There is no such page, or it is for a prisoner or case you cannot see.',
      });
    if (
      status === 403 ||
      (err as { code?: string }).code === 'EBADCSRFTOKEN' ||
      (err as { status?: number }).status === 403
    ) {
      return res.status(403).render('error', {
        title: 'You cannot do that',
        message: 'Your role or caseload does not allow this. If you think it should, speak to your line manager.',
      });
    }
    if (status === 400)
      return res.status(400).render('error', {
        title: 'Check what you sent',
        message: problemFrom(err)?.detail ?? 'The request could not be read.',
      });
    if (status === 503)
      return res.status(503).render('error', {
        title: 'Sorry, the service is unavailable',
        message: 'Nothing was read or changed, because it could not be put on the record. Try again in a few minutes.',
      });
    log(err);
    res.status(500).render('error', {
      title: 'Sorry, there is a problem with the service',
      message: 'Try again later. Nothing you entered has been lost if you go back.',
    });
  };
}
