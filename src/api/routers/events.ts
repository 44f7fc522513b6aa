import { Router } from 'express';
import type { EventLog } from '../../domain/event-log.ts';
import { rolesOf } from '../contract/operations.ts';
import { eventsQuerySchema } from '../contract/requests.ts';
import { requireRole } from '../auth.ts';
import { parse } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

/** Domain events Release Guard has emitted, newest last, until they go to the HMPPS event topic. */
export function eventsRouter({ events }: { events: EventLog }): Router {
  const router = Router(ROUTING);
  router.get('/', requireRole(...rolesOf('listEvents')), async (req, res) => {
    const query = parse(eventsQuerySchema, req.query, 'query');
    res.json({
      events: await events.list({
        ...(query.eventType ? { eventType: query.eventType } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      }),
    });
  });
  return router;
}
