import type { Services } from '../../services/index.ts';
import type { PageRouter } from '../page-router.ts';

/** The unit's triage: emails the inbox could not file, and court results no one could be matched to or read. */
export function triageRoutes(pages: PageRouter, services: Services): void {
  pages.get('/triage', ['getInboxTriage', 'getCourtResultsAttention'], async (_req, res) => {
    const [emails, court] = await Promise.all([services.inbox.triage(200), services.courtResults.attention(200)]);
    res.render('inbox-triage', { title: 'Triage', emails, court });
  });
}
