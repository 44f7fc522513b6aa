import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import type { JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../api/auth.ts';
import { hasRole } from '../domain/actors.ts';
import { REPORT_READERS } from '../api/contract/operations.ts';
import type { Queryable } from '../infra/database/database.ts';
import type { Services } from '../services/index.ts';
import { problemFrom } from '../api/problem.ts';
import { ROUTING } from '../api/routing.ts';
import { viewEnvironment } from './nunjucks.ts';
import { homeRoutes } from './routes/home.ts';
import { queryRoutes } from './routes/queries.ts';
import { raiseRoutes } from './routes/raise.ts';
import { releaseCheckRoutes } from './routes/release-check.ts';
import { reportRoutes } from './routes/reports.ts';
import { triageRoutes } from './routes/triage.ts';
import { victimRoutes } from './routes/victims.ts';
import { sessions } from './session.ts';
import { requireUser, signInRoutes, type SignInConfig } from './sign-in.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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
}

/** The design systems' compiled assets, served by the app itself: no CDN. */
function assets(): Router {
  const router = Router(ROUTING);
  const govuk = path.join(ROOT, 'node_modules/govuk-frontend/dist/govuk');
  const moj = path.join(ROOT, 'node_modules/@ministryofjustice/frontend/moj');
  const options = { maxAge: '1h', fallthrough: false, index: false } as const;
  router.get('/assets/css/govuk-frontend.min.css', (_req, res) => res.sendFile(path.join(govuk, 'govuk-frontend.min.css')));
  router.get('/assets/css/moj-frontend.min.css', (_req, res) => res.sendFile(path.join(moj, 'moj-frontend.min.css')));
  router.get('/assets/js/govuk-frontend.min.js', (_req, res) => res.sendFile(path.join(govuk, 'govuk-frontend.min.js')));
  router.get('/assets/js/moj-frontend.min.js', (_req, res) => res.sendFile(path.join(moj, 'moj-frontend.min.js')));
  router.use('/assets/js', express.static(path.join(ROOT, 'web/assets/js'), options));
  router.use('/assets/app', express.static(path.join(ROOT, 'web/assets/css'), options));
  router.use('/assets/moj', express.static(path.join(moj, 'assets'), options));
  router.use('/assets', express.static(path.join(govuk, 'assets'), options));
  router.get('/favicon.ico', (_req, res) => res.sendFile(path.join(govuk, 'assets/images/favicon.ico')));
  return router;
}

/**
 * The web pages, in the order of the HMPPS template: assets, session, parsing, views, sign-in,
 * CSRF, the signed-in user, the pages, then 404 and errors as pages. Pages call the same services
 * as the API, under the same roles and caseloads.
 */
export function webRouter(deps: WebDeps): Router {
  const router = Router(ROUTING);
  const env = viewEnvironment();
  // The API, its documents, the codec and the signed link are not pages: they keep their own answers,
  // in any spelling (an odd-cased API path is the API's 404, never a sign-in page).
  router.use((req, _res, next) => next(/^\/(api|codec|dev|health|ping|info|metrics|victim-notifications)(\/|$)/i.test(req.path) ? 'router' : undefined));
  router.use(assets());
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
  // res.render through our Nunjucks environment, with whatever the request has put in res.locals.
  router.use((_req, res, next) => {
    res.render = ((view: string, locals?: Record<string, unknown>) => {
      res.type('html').send(env.render(`${view}.njk`, { ...res.locals, ...locals }));
    }) as typeof res.render;
    next();
  });
  router.use(signInRoutes({ config: deps.signIn, auth: deps.auth, keys: deps.keys }));
  const { csrfSynchronisedProtection, generateToken } = csrfSync({ getTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf });
  router.use(csrfSynchronisedProtection);
  router.use(requireUser);
  router.use((req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    const actor = req.actor!;
    res.locals.can = {
      raise: hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR'),
      checkRelease: hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR', 'ESCORT_CONTRACTOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'),
      queue: hasRole(actor, 'COURT_EXPERT', 'QUERY_UNIT_LEAD'),
      ourQueries: hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR'),
      victims: hasRole(actor, 'VICTIM_LIAISON'),
      figures: hasRole(actor, ...REPORT_READERS),
    };
    const can = res.locals.can as Record<string, boolean>;
    const links: [show: boolean, text: string, href: string, active: boolean][] = [
      [true, 'Home', '/', req.path === '/'],
      [can.checkRelease!, 'Release check', '/release-check', req.path.startsWith('/release-check')],
      [can.raise!, 'Raise a query', '/queries/new', req.path.startsWith('/queries/new')],
      [can.ourQueries!, 'Our queries', '/queries', req.path === '/queries'],
      [can.queue!, 'Queue', '/queue', req.path.startsWith('/queue')],
      [can.queue!, 'Triage', '/triage', req.path.startsWith('/triage')],
      [can.victims!, 'Notifications', '/notifications', req.path.startsWith('/notifications')],
      [can.victims!, 'Registrations', '/victim-contact', req.path.startsWith('/victim-contact')],
      [can.figures!, 'Figures', '/reports', req.path.startsWith('/reports')],
    ];
    res.locals.navigation = links.filter(([show]) => show).map(([, text, href, active]) => ({ text, href, active }));
    if (req.session.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    next();
  });
  router.use(homeRoutes(deps.services));
  router.use(releaseCheckRoutes(deps.services));
  router.use(raiseRoutes(deps.services));
  router.use(queryRoutes(deps.services));
  router.use(victimRoutes(deps.services));
  router.use(triageRoutes(deps.services));
  router.use(reportRoutes(deps.services));
  return router;
}

/** A page path nobody serves: the GOV.UK "page not found". API paths keep their problem answers. */
export const pageNotFound: RequestHandler = (req, res, next) => {
  if (req.path.startsWith('/api/') || !req.accepts('html') || typeof res.render !== 'function' || !req.session) return next();
  res.status(404).render('error', { title: 'Page not found', message: 'If you typed the web address, check it is correct. If you followed a link, the page may be for a prisoner or case you cannot see.' });
};

/** Errors on pages are pages: 404 for what the caller may not see, 403, and 500 without a stack trace. */
export function pageErrors(log: (err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (req.path.startsWith('/api/') || res.headersSent || typeof res.render !== 'function' || !req.session) return next(err);
    const status = problemFrom(err)?.status;
    if (status === 404) return res.status(404).render('error', { title: 'Page not found', message: 'There is no such page, or it is for a prisoner or case you cannot see.' });
    if (status === 403 || (err as { code?: string }).code === 'EBADCSRFTOKEN' || (err as { status?: number }).status === 403) {
      return res.status(403).render('error', { title: 'You cannot do that', message: 'Your role or caseload does not allow this. If you think it should, speak to your line manager.' });
    }
    log(err);
    res.status(500).render('error', { title: 'Sorry, there is a problem with the service', message: 'Try again later. Nothing you entered has been lost if you go back.' });
  };
}
