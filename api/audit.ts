import type { RequestHandler } from 'express';
import type { AuditEvent, AuditLog } from '../infra/audit-log.ts';
import type { OperationIndex } from './operation-index.ts';
import { Problem } from './problem.ts';

/** What each part of the API is about, for the trail's subject type. */
const SUBJECT_TYPES: [prefix: string, type: string][] = [
  ['/api/urgent-queries', 'URGENT_QUERY'],
  ['/api/prisoners', 'PRISONER'],
  ['/api/incidents', 'RELEASE_IN_ERROR_INCIDENT'],
  ['/api/events', 'DOMAIN_EVENTS'],
  ['/api/victim-contact', 'VICTIM_CONTACT_REGISTRATION'],
  ['/api/victim-notifications', 'VICTIM_NOTIFICATION'],
  ['/victim-notifications', 'VICTIM_NOTIFICATION'],
  ['/codec', 'TEMPORAL_PAYLOADS'],
];

const queryOf = (query: Record<string, unknown>): Record<string, string> | undefined => {
  const entries = Object.entries(query).map(([k, v]) => [k.slice(0, 50), String(v).slice(0, 200)] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
};

/**
 * The audit trail, for every operation that is not public: reads of a case, lists and searches,
 * changes, the signed acknowledgement link. The REQUEST line is written (with retries) before the
 * request goes on; if it cannot be written the answer is 503 and nothing is read or changed, so no
 * change ever succeeds without its line. The RESPONSE line follows when the response finishes or
 * the caller disconnects; `subjectId` there is `res.locals.subjectId` for a case just created.
 */
export function auditTrail(log: AuditLog, index: OperationIndex, onFailure: (err: unknown) => void): RequestHandler {
  return async (req, res, next) => {
    const path = req.originalUrl.split('?')[0]!;
    const matched = index.match(req.method, path);
    if (!matched || matched.operation.access === 'public') return next();
    const { operation, params } = matched;
    const subjectId = params.reference ?? params.id ?? params.prisonerNumber;
    const query = queryOf(req.query as Record<string, unknown>);
    const base = {
      operation: operation.operationId,
      what: `${req.method} ${operation.path}`,
      who: req.actor?.username ?? 'signed-link',
      subjectType: SUBJECT_TYPES.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'OTHER',
      ...(subjectId ? { subjectId } : {}),
      ...(Object.keys(params).length > 1 ? { params } : {}),
      correlationId: req.correlationId ?? '',
    } satisfies Omit<AuditEvent, 'at' | 'phase'>;
    try {
      await log.record({ at: new Date().toISOString(), phase: 'REQUEST', ...base, ...(query ? { query } : {}) });
    } catch (err) {
      onFailure(err);
      return next(new Problem(503, 'Service Unavailable', 'The audit trail cannot be written just now, so nothing was read or changed; try again shortly'));
    }
    let written = false;
    const respond = () => {
      if (written) return;
      written = true;
      const created = res.locals.subjectId as string | undefined;
      log
        .record({ at: new Date().toISOString(), phase: 'RESPONSE', ...base, ...(created ? { subjectId: created } : {}), status: res.writableFinished ? res.statusCode : 0 })
        .catch(onFailure);
    };
    res.once('finish', respond);
    res.once('close', respond);
    next();
  };
}
