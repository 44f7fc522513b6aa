import { Router } from 'express';
import { z } from 'zod';
import type { EventLog } from '../../infra/event-log.ts';
import { requireRole } from '../auth.ts';
import { parse } from '../request-helpers.ts';

const querySchema = z.strictObject({ eventType: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() });

/** Domain events Release Guard has emitted, newest last, until they go to the HMPPS event topic. */
export function eventsRouter({ events }: { events: EventLog }): Router {
  const router = Router();
  router.get('/', requireRole('SYSTEM', 'QUERY_UNIT_LEAD'), async (req, res) => {
    const query = parse(querySchema, req.query, 'query');
    res.json({ events: await events.list({ ...(query.eventType ? { eventType: query.eventType } : {}), ...(query.limit ? { limit: query.limit } : {}) }) });
  });
  return router;
}
