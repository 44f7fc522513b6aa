import { Router } from 'express';
import { z } from 'zod';
import type { InboxService } from '../../services/inbox.ts';
import { requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { paramOr404 } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

const messageIdSchema = z.string().regex(/^[0-9a-f]{40}$/);

/** The unit's view of the smart inbox: what waits for triage, and any one message. */
export function inboxRouter({ inbox }: { inbox: InboxService }): Router {
  const router = Router(ROUTING);
  router.get('/triage', requireRole(...rolesOf('getInboxTriage')), async (_req, res) => {
    res.json({ items: await inbox.triage() });
  });
  router.get('/messages/:id', requireRole(...rolesOf('getInboxMessage')), async (req, res) => {
    res.json(await inbox.read(paramOr404(messageIdSchema, req.params.id, 'No such inbox message')));
  });
  return router;
}
