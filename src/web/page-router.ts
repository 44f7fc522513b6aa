import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response, Router } from 'express';
import { AUDIT_UNAVAILABLE, auditRequest } from '../api/audit.ts';
import { Problem } from '../api/problem.ts';
import { canonicalRouter } from '../api/routing.ts';
import { traced } from '../api/request-helpers.ts';
import type { AuditLog } from '../infra/audit-log.ts';
import { forbidden } from '../services/errors.ts';
import type { Traced } from '../workflows/definitions.ts';
import { grantedBy, type Role } from '../domain/actors.ts';
import {
  assertEveryPageDeclared,
  declarePage,
  mayOpen,
  performedBy,
  type PageDeclaration,
  type Performs,
} from './page-access.ts';
import type { SubmissionClaims } from './submissions.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** The one-time id of the form being submitted: its idempotency key. */
    submissionId?: string;
  }
}

export type PageHandler = (req: Request, res: Response) => unknown;

/**
 * Where pages are mounted. Each names the operations it performs (src/web/page-access.ts); the rest
 * follows from that one line: who may open it, its audit lines, and, for a form, submitting once.
 */
export interface PageRouter {
  get(path: string, performs: Performs, handler: PageHandler): void;
  post(path: string, performs: Performs, handler: PageHandler): void;
}

export interface PageRouterDeps {
  audit: AuditLog;
  onAuditFailure: (err: unknown) => void;
  submissions: SubmissionClaims;
}

const SUBMISSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh one-time id for each form a page renders (`submissionId` in the views). */
export const newSubmissionId = (): string => randomUUID();

/** A form's request for the services: its correlation id, and its submission id as the idempotency key. */
export const submitted = (req: Request): Traced & { idempotencyKey?: string } => ({
  ...traced(req),
  ...(req.submissionId ? { idempotencyKey: `form:${req.submissionId}` } : {}),
});

/** Back to the page the form was on (this site only), or home. */
const backTo = (req: Request): string => {
  try {
    const referer = new URL(req.get('referer') ?? '', `${req.protocol}://${req.get('host')}`);
    return referer.host === req.get('host') && /^\/(?!\/)/.test(referer.pathname)
      ? `${referer.pathname}${referer.search}`
      : '/';
  } catch {
    return '/';
  }
};

const rolesOf = (op: PageDeclaration['all'][number]): readonly Role[] =>
  Array.isArray(op.access) ? (op.access as readonly Role[]) : [];

/**
 * The roles a page acts with: those that grant every operation it must perform (a raise page is
 * the raise's and the register read's together, so a court expert's national read does not carry
 * a prison role's raise past its caseload); a landing page, those that grant any of its operations.
 */
const pageRoles = (page: PageDeclaration): Role[] =>
  page.all.length
    ? [...rolesOf(page.all[0]!)].filter((role) => page.all.every((op) => rolesOf(op).includes(role)))
    : [...new Set(page.any.flatMap(rolesOf))];

export function pageRouter(
  deps: PageRouterDeps,
): PageRouter & { router: Router; declarations: PageDeclaration[]; check(): void } {
  const router = canonicalRouter();
  const declarations: PageDeclaration[] = [];

  /** Audited first, as the API is, so a refused attempt is on the trail too; then the roles. */
  const guard =
    (page: PageDeclaration): RequestHandler =>
    async (req, res, next) => {
      const actor = req.actor!;
      const open = mayOpen(actor, page);
      const operations = open ? performedBy(actor, page) : [...page.all, ...page.any];
      const params = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, String(v)]));
      const ok = await auditRequest(
        deps.audit,
        deps.onAuditFailure,
        req,
        res,
        operations.map((operation) => ({ operation, what: `${page.method} ${page.path}`, params })),
      );
      if (!ok) return next(new Problem(503, 'Service Unavailable', AUDIT_UNAVAILABLE));
      // As on the API: the page acts with the roles that grant what it performs, so a prison role
      // reaches its caseload only, whatever national role the same token also carries.
      if (open) req.actor = grantedBy(actor, pageRoles(page));
      next(
        open
          ? undefined
          : forbidden(
              `This page needs the roles of ${[...page.all, ...page.any].map((op) => op.operationId).join(', ')}`,
            ),
      );
    };

  /**
   * A form is sent once: its one-time id is claimed before anything changes. A repeat (a double
   * click, a resend) changes nothing and goes back to the page, which shows what the first did.
   */
  const once: RequestHandler = async (req, res, next) => {
    const id = String((req.body as Record<string, unknown> | undefined)?.submissionId ?? '');
    if (!SUBMISSION_ID.test(id))
      return next(
        new Problem(400, 'Bad Request', 'This form has no submission id: go back, reload the page and try again'),
      );
    const user = req.actor!.username;
    if (!(await deps.submissions.claim(user, req.path, id))) {
      req.session.flash = { title: 'Already sent', text: 'This form was sent once already; it was acted on once.' };
      return res.redirect(303, backTo(req));
    }
    req.submissionId = id;
    // A refused submission (a mistake in the form, a conflict) changed nothing: it may be sent again.
    res.once('finish', () => {
      if (res.statusCode >= 400) deps.submissions.release(user, req.path, id).catch(deps.onAuditFailure);
    });
    next();
  };

  const mount = (method: PageDeclaration['method'], path: string, performs: Performs, handler: PageHandler) => {
    const page = declarePage(method, path, performs);
    declarations.push(page);
    const chain: RequestHandler[] = [
      guard(page),
      ...(method === 'POST' ? [once] : []),
      async (req, res) => void (await handler(req, res)),
    ];
    if (method === 'GET') router.get(path, ...chain);
    else router.post(path, ...chain);
  };
  return {
    router,
    declarations,
    get: (path, performs, handler) => mount('GET', path, performs, handler),
    post: (path, performs, handler) => mount('POST', path, performs, handler),
    check: () => assertEveryPageDeclared(router, declarations),
  };
}
