import type { Request, RequestHandler, Response } from 'express';
import type { AuditEvent, AuditLog } from '../infra/audit-log.ts';
import type { Operation } from './contract/shared.ts';
import type { OperationIndex } from './operation-index.ts';
import { Problem } from './problem.ts';

/** What each part of the API is about, for the trail's subject type: read from the operation's own path. */
const SUBJECT_TYPES: [prefix: string, type: string][] = [
  ['/api/urgent-queries', 'URGENT_QUERY'],
  ['/api/prisoners', 'PRISONER'],
  ['/api/incidents', 'RELEASE_IN_ERROR_INCIDENT'],
  ['/api/events', 'DOMAIN_EVENTS'],
  ['/api/victim-contact', 'VICTIM_CONTACT_REGISTRATION'],
  ['/api/victim-notifications', 'VICTIM_NOTIFICATION'],
  ['/victim-notifications', 'VICTIM_NOTIFICATION'],
  ['/codec', 'TEMPORAL_PAYLOADS'],
  ['/api/court-results', 'COURT_RESULTS'],
  ['/api/inbox', 'INBOX'],
  ['/api/reports', 'REPORTS'],
];

const queryOf = (query: Record<string, unknown>): Record<string, string> | undefined => {
  const entries = Object.entries(query).map(([k, v]) => [k.slice(0, 50), String(v).slice(0, 200)] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
};

/** One operation a request performs, as the trail names it. */
export interface Audited {
  operation: Operation;
  /** The method and the matched route's template (the API's path, or the page's). */
  what: string;
  params: Record<string, string>;
}

export const AUDIT_UNAVAILABLE =
  'The audit trail cannot be written just now, so nothing was read or changed; try again shortly';

/**
 * Writes the REQUEST line of each operation the request performs (with retries) and arranges its
 * RESPONSE line for when the response finishes or the caller goes away. Resolves false when a
 * REQUEST line cannot be written: the caller must then refuse (503) and read or change nothing.
 * Shared by the API and the pages, so both leave the same lines under the same operation names.
 */
export async function auditRequest(
  log: AuditLog,
  onFailure: (err: unknown) => void,
  req: Request,
  res: Response,
  performed: readonly Audited[],
): Promise<boolean> {
  const query = queryOf(req.query as Record<string, unknown>);
  const bases = performed.map(({ operation, what, params }) => {
    const subjectId = params.reference ?? params.id ?? params.prisonerNumber;
    return {
      operation: operation.operationId,
      what,
      who: req.actor?.username ?? 'signed-link',
      subjectType: SUBJECT_TYPES.find(([prefix]) => operation.path.startsWith(prefix))?.[1] ?? 'OTHER',
      ...(subjectId ? { subjectId } : {}),
      ...(Object.keys(params).length > 1 ? { params } : {}),
      correlationId: req.correlationId ?? '',
    } satisfies Omit<AuditEvent, 'at' | 'phase'>;
  });
  try {
    await Promise.all(
      bases.map((base) =>
        log.record({ at: new Date().toISOString(), phase: 'REQUEST', ...base, ...(query ? { query } : {}) }),
      ),
    );
  } catch (err) {
    onFailure(err);
    return false;
  }
  let written = false;
  const respond = () => {
    if (written) return;
    written = true;
    const created = res.locals.subjectId as string | undefined;
    for (const base of bases) {
      log
        .record({
          at: new Date().toISOString(),
          phase: 'RESPONSE',
          ...base,
          ...(created ? { subjectId: created } : {}),
          status: res.writableFinished ? res.statusCode : 0,
        })
        .catch(onFailure);
    }
  };
  res.once('finish', respond);
  res.once('close', respond);
  return true;
}

/**
 * The API's audit trail, for every operation that is not public: reads of a case, lists and
 * searches, changes, the signed acknowledgement link. The operation is the one the table matches
 * for the path exactly as written (routing is case-sensitive and strict too, src/api/routing.ts), so a
 * request the routers answer is a request the trail names. If its line cannot be written the answer
 * is 503 and nothing is read or changed; `subjectId` in the RESPONSE line is `res.locals.subjectId`
 * for a case just created.
 */
export function auditTrail(log: AuditLog, index: OperationIndex, onFailure: (err: unknown) => void): RequestHandler {
  return async (req, res, next) => {
    const matched = index.match(req.method, req.originalUrl.split('?')[0]!);
    if (!matched || matched.operation.access === 'public') return next();
    const { operation, params } = matched;
    const ok = await auditRequest(log, onFailure, req, res, [
      { operation, what: `${req.method} ${operation.path}`, params },
    ]);
    next(ok ? undefined : new Problem(503, 'Service Unavailable', AUDIT_UNAVAILABLE));
  };
}
