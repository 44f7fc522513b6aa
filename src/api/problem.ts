import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError } from 'zod';
import { CaseError, type CaseErrorKind } from '../services/errors.ts';

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem. Thrown anywhere in a handler; the error middleware renders it. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** RFC 9457 extension members, e.g. the reasons a release was refused. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? title);
  }
}

export const notFound = (detail = 'Not found') => new Problem(404, 'Not Found', detail);
export const forbidden = (detail = 'You do not have permission to do this') => new Problem(403, 'Forbidden', detail);
export const conflict = (detail: string) => new Problem(409, 'Conflict', detail);
/** Well-formed, but it cannot be so: e.g. a release recorded for tomorrow. */
export const unprocessable = (field: string, message: string) =>
  new Problem(422, 'Unprocessable Content', `${field} ${message}`, [{ field, message }]);

/**
 * A zod failure as a problem naming each bad field: 400 when anything is malformed, 422 when the
 * request is well-formed but cannot be so (every issue marked UNPROCESSABLE, e.g. a date in year 26).
 * `where` prefixes the path (body, query, header).
 */
export function validationProblem(error: ZodError, where = 'body'): Problem {
  const cannotBe = error.issues.every(
    (issue) =>
      issue.code === 'custom' && (issue.params as { unprocessable?: boolean } | undefined)?.unprocessable === true,
  );
  const errors = error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const base = [where, ...issue.path.map(String)].join('.');
    return keys.length
      ? keys.map((key) => ({ field: `${base}.${key}`, message: 'is not a recognised field' }))
      : [{ field: base, message: issue.message }];
  });
  const flat = errors.flat();
  const detail = flat.map((e) => `${e.field} ${e.message}`).join('; ');
  return cannotBe
    ? new Problem(422, 'Unprocessable Content', detail, flat)
    : new Problem(400, 'Bad Request', `Invalid ${where}: ${flat.map((e) => e.field).join(', ')}`, flat);
}

export function sendProblem(res: Response, problem: Problem): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: `https://release-guard.dev/problems/${problem.status}`,
      title: problem.title,
      status: problem.status,
      detail: problem.detail ?? problem.title,
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...problem.extensions,
    });
}

export const notFoundHandler: RequestHandler = (req, res) =>
  sendProblem(res, notFound(`No route for ${req.method} ${req.path}`));

const STATUS: Record<CaseErrorKind, [number, string]> = {
  INVALID: [400, 'Bad Request'],
  FORBIDDEN: [403, 'Forbidden'],
  NOT_FOUND: [404, 'Not Found'],
  CONFLICT: [409, 'Conflict'],
  UNPROCESSABLE: [422, 'Unprocessable Content'],
};

/** A service's refusal, or a workflow's (an update validator's rejection, a case that does not exist), as a problem. */
export function problemFrom(err: unknown): Problem | null {
  if (err instanceof Problem) return err;
  if (err instanceof CaseError) {
    const [status, title] = STATUS[err.kind];
    const errors = err.field ? [{ field: err.field, message: err.message }] : undefined;
    return new Problem(status, title, err.field ? `${err.field} ${err.message}` : err.message, errors, err.extensions);
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const [status, title] = STATUS[(err.cause.type ?? 'CONFLICT') as CaseErrorKind] ?? STATUS.CONFLICT;
    // A validator that knows the field at fault names it, as a service's refusal does.
    const field = (err.cause.details?.[0] as { field?: unknown } | undefined)?.field;
    return new Problem(
      status,
      title,
      err.cause.message,
      typeof field === 'string' ? [{ field, message: err.cause.message }] : undefined,
    );
  }
  if (err instanceof WorkflowNotFoundError) return notFound();
  if (err instanceof WorkflowExecutionAlreadyStartedError) return conflict('That case already exists');
  if (isGrpcServiceError(err) && err.code === 5) return notFound();
  // Sent, but not confirmed in time: it may yet happen, so the caller retries with the same Idempotency-Key.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new Problem(
      503,
      'Service Unavailable',
      'The request was accepted but not yet confirmed; its outcome is unknown. Try again with the same Idempotency-Key',
      undefined,
      { retryAfterSeconds: 5 },
    );
  }
  if (isUnavailable(err))
    return new Problem(
      503,
      'Service Unavailable',
      'A part of Release Guard cannot be reached just now: nothing was changed; try again shortly',
      undefined,
      { retryAfterSeconds: 5 },
    );
  return null;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

/**
 * Temporal or the register's PostgreSQL out of reach (a restart, a network cut): a 503 the caller
 * can retry, not a 500. gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4), connection errors, and
 * PostgreSQL's admin-shutdown and connection-failure codes.
 */
function isUnavailable(err: unknown): boolean {
  if (isGrpcServiceError(err)) return err.code === 14 || err.code === 4;
  const e = err as { code?: string; cause?: unknown; message?: string } | null;
  if (!e) return false;
  if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) return true;
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      e.message ?? '',
    )
  )
    return true;
  return e.cause !== undefined && e.cause !== err ? isUnavailable(e.cause) : false;
}

/**
 * Turns anything thrown into a problem: the one place HTTP meets refusals from services, workflows
 * and the body parser. Unknown errors are logged and answered 500 without detail.
 */
export function errorHandler(log: (err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const problem = problemFrom(err);
    if (problem) return sendProblem(res, problem);
    const e = err as { type?: string; status?: number; statusCode?: number };
    // body-parser's own errors carry an HTTP status: oversized, malformed, wrong charset.
    if (e.type === 'entity.too.large')
      return sendProblem(res, new Problem(413, 'Content Too Large', 'The request body is too large'));
    if (e.type === 'entity.parse.failed')
      return sendProblem(
        res,
        new Problem(400, 'Bad Request', 'The request body is not valid JSON', [
          { field: 'body', message: 'is not valid JSON' },
        ]),
      );
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return sendProblem(res, new Problem(status, 'Bad Request', 'The request could not be read'));
    log(err);
    return sendProblem(res, new Problem(500, 'Internal Server Error', 'Something went wrong; it has been logged'));
  };
}

/** Bodies must be JSON: anything else is a 415, not a confusing validation error. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !req.is('application/json')) {
    return next(new Problem(415, 'Unsupported Media Type', 'Send the body as application/json'));
  }
  next();
};
