import { Router } from 'express';
import { ROUTING } from '../../api/routing.ts';
import { hasRole } from '../../domain/actors.ts';
import { forbidden } from '../../services/errors.ts';
import type { Services } from '../../services/index.ts';

/** The unit's triage: emails the inbox could not file, and court results no one could be matched to or read. */
export function triageRoutes(services: Services): Router {
  const router = Router(ROUTING);
  router.get('/triage', async (req, res) => {
    if (!hasRole(req.actor!, 'COURT_EXPERT', 'QUERY_UNIT_LEAD')) throw forbidden('The query unit only');
    const [emails, court] = await Promise.all([services.inbox.triage(200), services.courtResults.attention(200)]);
    res.render('triage', { title: 'Triage', emails, court });
  });
  return router;
}
