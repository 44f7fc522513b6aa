import express, { Router } from 'express';
import { escapeHtml } from '../../domain/format.ts';
import { verifyAckToken } from '../../infra/ack-token.ts';
import type { NotificationService } from '../../services/victim-notification.ts';
import { actorOf, requireRole } from '../auth.ts';
import { rolesOf } from '../contract/operations.ts';
import { notificationIdSchema, notificationListQuerySchema } from '../contract/requests.ts';
import { Problem } from '../problem.ts';
import { paramOr404, parse, traced } from '../request-helpers.ts';
import { ROUTING } from '../routing.ts';

/** The VLO team's view: list by status, read one, acknowledge through the API. */
export function victimNotificationsRouter({ notifications }: { notifications: NotificationService }): Router {
  const router = Router(ROUTING);
  // One check for the whole router (its reads share their roles), so even an unknown path here is refused first.
  router.use(requireRole(...rolesOf('listVictimNotifications')));
  const id = (raw: unknown) => paramOr404(notificationIdSchema, raw, 'No such notification');

  router.get('/', async (req, res) => {
    res.json(await notifications.list(parse(notificationListQuerySchema, req.query, 'query').status));
  });

  router.get('/:id', async (req, res) => {
    res.json(await notifications.read(id(req.params.id)));
  });

  router.post('/:id/acknowledge', requireRole(...rolesOf('acknowledgeVictimNotification')), async (req, res) => {
    res.json(await notifications.acknowledge(id(req.params.id), { actor: actorOf(req), ...traced(req) }));
  });
  return router;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

/**
 * The link in the email. GET only shows a button, so a mail scanner that follows links cannot
 * acknowledge on anyone's behalf; the POST acknowledges. No bearer token: the signed link is the credential.
 */
export function acknowledgementLinkRouter({
  notifications,
  key,
}: {
  notifications: NotificationService;
  key: Uint8Array;
}): Router {
  const router = Router(ROUTING);
  const verified = async (token: unknown) => {
    if (typeof token !== 'string' || token.length > 2000)
      throw new Problem(400, 'Bad Request', 'The link is incomplete', [{ field: 'token', message: 'is required' }]);
    const result = await verifyAckToken(key, token);
    if (!result.ok)
      throw result.reason === 'expired'
        ? new Problem(410, 'Gone', 'This acknowledgement link has expired')
        : new Problem(400, 'Bad Request', 'This acknowledgement link is not valid');
    return result.claims;
  };
  router.get('/acknowledge', async (req, res) => {
    await verified(req.query.token);
    res
      .type('html')
      .send(
        page(
          'Acknowledge this notification',
          `<form method="post"><input type="hidden" name="token" value="${escapeHtml(String(req.query.token))}"><button type="submit">I acknowledge this notification</button></form>`,
        ),
      );
  });
  router.post('/acknowledge', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const claims = await verified(req.body?.token);
    res.locals.subjectId = claims.notificationId;
    await notifications.acknowledge(claims.notificationId, {
      actor: { username: 'acknowledgement-link', roles: ['VICTIM_LIAISON'], caseload: [] },
      linkId: claims.linkId,
    });
    res
      .type('html')
      .send(page('Acknowledged', '<p>Thank you. The notification is acknowledged and its reminders have stopped.</p>'));
  });
  return router;
}
