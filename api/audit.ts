import type { RequestHandler } from 'express';
import type { AuditLog } from '../infra/audit-log.ts';

/**
 * Records an audit event for each successful request under a router: reads of a case and changes
 * to it. The subject is the route's id parameter, or `res.locals.subjectId` for a case just created.
 */
export function auditTrail(log: AuditLog, subjectType: string, onError: (err: unknown) => void): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      if (res.statusCode >= 400 || !req.actor) return;
      const params = req.params as Record<string, string | undefined>;
      const subjectId = (res.locals.subjectId as string | undefined) ?? params.reference ?? params.prisonerNumber ?? params.id;
      if (!subjectId) return; // lists are not reads of a case
      log
        .record({
          // The route pattern, never the path itself (paths carry prisoner numbers), but with the operation named.
          what: `${req.method} ${req.baseUrl}${String(req.route?.path ?? '').replace(':operation', params.operation ?? ':operation')}`,
          who: req.actor.username,
          when: new Date().toISOString(),
          subjectId,
          subjectType,
          correlationId: req.correlationId ?? '',
        })
        .catch(onError);
    });
    next();
  };
}
