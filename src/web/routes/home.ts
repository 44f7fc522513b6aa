import type { Services } from '../../services/index.ts';
import { may } from '../page-access.ts';
import type { PageRouter } from '../page-router.ts';

/** The start page: what needs this user now, by what the operation table lets them do. */
export function homeRoutes(pages: PageRouter, services: Services): void {
  pages.get(
    '/',
    {
      any: [
        'getDischargeDesk',
        'listQueue',
        'getInboxTriage',
        'listVictimNotifications',
        'getReleaseStatus',
        'reportReleasesInError',
      ],
    },
    async (req, res) => {
      const actor = req.actor!;
      const items: { text: string; href: string; count: number }[] = [];
      if (may(actor, 'raiseQuery') && may(actor, 'listQueue')) {
        const waiting = await services.queries.queue(actor, { status: 'AWAITING_PRISON', pageSize: 100 });
        const answered = await services.queries.queue(actor, { status: 'ANSWERED', pageSize: 100 });
        items.push({
          text: 'queries waiting for information from your prison',
          href: '/queries?status=AWAITING_PRISON',
          count: waiting.items.length,
        });
        items.push({
          text: 'answered queries to acknowledge',
          href: '/queries?status=ANSWERED',
          count: answered.items.length,
        });
      }
      if (may(actor, 'getDischargeDesk') && actor.caseload.length) {
        const desk = await services.gate.dischargeDesk(actor, actor.caseload[0]!).catch(() => undefined);
        if (desk)
          items.push({
            text: 'releases today or tomorrow at the discharge desk',
            href: '/discharge-desk',
            count: desk.rows.filter((r) => r.state !== 'RELEASED').length,
          });
      }
      if (may(actor, 'claim') && may(actor, 'listQueue')) {
        const unclaimed = await services.queries.queue(actor, { status: 'RAISED', pageSize: 100 });
        const breached = await services.queries.queue(actor, { breached: 'true', pageSize: 100 });
        const mine = await services.queries.queue(actor, {
          assignee: actor.username,
          status: 'IN_PROGRESS',
          pageSize: 100,
        });
        items.push({
          text: 'new queries nobody has claimed',
          href: '/queue?status=RAISED',
          count: unclaimed.items.length,
        });
        items.push({ text: 'queries past a deadline', href: '/queue?breached=true', count: breached.items.length });
        items.push({
          text: 'queries assigned to you',
          href: `/queue?assignee=${encodeURIComponent(actor.username)}`,
          count: mine.items.length,
        });
      }
      if (may(actor, 'getInboxTriage') && may(actor, 'getCourtResultsAttention')) {
        const [emails, court] = await Promise.all([services.inbox.triage(200), services.courtResults.attention(200)]);
        items.push({
          text: 'emails and court results waiting for triage',
          href: '/triage',
          count: emails.length + court.heldForUnit.length + court.malformed.length,
        });
      }
      if (may(actor, 'listVictimNotifications')) {
        const waiting = (await services.notifications.list()).items.filter(
          (n) => n.status === 'SENT' || n.status === 'ESCALATED' || n.status === 'FAILED',
        );
        items.push({
          text: 'notifications waiting for acknowledgement',
          href: '/notifications',
          count: waiting.length,
        });
      }
      res.render('home', { title: 'Release Guard', items });
    },
  );
}
