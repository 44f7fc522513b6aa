import express, { Router } from 'express';
import type { Client } from '@temporalio/client';
import { notificationIdSchema, notificationListQuerySchema } from '../contract/requests.ts';
import { verifyAckToken } from '../../infra/ack-token.ts';
import type { NotificationState } from '../../domain/victim-notification/notification-state.ts';
import { VICTIM_NOTIFICATION_WORKFLOW, acknowledgeNotification, getNotificationState, type AcknowledgeRequest } from '../../workflows/definitions.ts';
import { SA } from '../../workflows/search-attributes.ts';
import { escapeHtml } from '../../activities/templates/case-mail.ts';
import { rolesOf } from '../contract/operations.ts';
import { actorOf, requireRole } from '../auth.ts';
import { Problem, conflict } from '../problem.ts';
import { paramOr404, parse } from '../request-helpers.ts';
import { problemFromTemporal } from '../temporal-errors.ts';

/**
 * A notification finishes once acknowledged, so a later acknowledgement finds it closed: read its
 * final state and answer as if it were open (twice is harmless; a reused link is still refused).
 */
async function acknowledgeOnce(client: Client, id: string, request: AcknowledgeRequest): Promise<NotificationState> {
  const handle = client.workflow.getHandle(id);
  try {
    return await handle.executeUpdate(acknowledgeNotification, { args: [request] });
  } catch (err) {
    const problem = problemFromTemporal(err);
    if (problem.status !== 404) throw problem;
    const state = await handle.query(getNotificationState).catch(() => Promise.reject(problem));
    if (!state.acknowledged) throw problem;
    if (request.linkId && state.usedLinks.includes(request.linkId)) throw conflict('this acknowledgement link has already been used');
    return state;
  }
}


/** The VLO team's view: list by status, read one, acknowledge through the API. */
export function victimNotificationsRouter({ client }: { client: Client }): Router {
  const router = Router();
  // One check for the whole router (its reads share their roles), so even an unknown path here is refused first.
  router.use(requireRole(...rolesOf('listVictimNotifications')));
  const id = (raw: unknown) => paramOr404(notificationIdSchema, raw, 'No such notification');

  router.get('/', async (req, res) => {
    const { status } = parse(notificationListQuerySchema, req.query, 'query');
    const query = `WorkflowType = '${VICTIM_NOTIFICATION_WORKFLOW}'${status ? ` AND ${SA.status.name} = '${status}'` : ''}`;
    const items = [];
    for await (const wf of client.workflow.list({ query })) {
      items.push({ id: wf.workflowId, status: wf.typedSearchAttributes.get(SA.status), prisonCode: wf.typedSearchAttributes.get(SA.prisonCode), createdAt: wf.startTime.toISOString() });
      if (items.length >= 200) break;
    }
    res.json({ items });
  });

  router.get('/:id', async (req, res) => {
    try {
      res.json(await client.workflow.getHandle(id(req.params.id)).query(getNotificationState));
    } catch (err) {
      throw problemFromTemporal(err);
    }
  });

  router.post('/:id/acknowledge', requireRole(...rolesOf('acknowledgeVictimNotification')), async (req, res) => {
    res.json(await acknowledgeOnce(client, id(req.params.id), { actor: actorOf(req), correlationId: req.correlationId }));
  });
  return router;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

/**
 * The link in the email. GET only shows a button, so a mail scanner that follows links cannot
 * acknowledge on anyone's behalf; the POST acknowledges. No bearer token: the signed link is the credential.
 */
export function acknowledgementLinkRouter({ client, key }: { client: Client; key: Uint8Array }): Router {
  const router = Router();
  const verified = async (token: unknown) => {
    if (typeof token !== 'string' || token.length > 2000) throw new Problem(400, 'Bad Request', 'The link is incomplete', [{ field: 'token', message: 'is required' }]);
    const result = await verifyAckToken(key, token);
    if (!result.ok) throw result.reason === 'expired' ? new Problem(410, 'Gone', 'This acknowledgement link has expired') : new Problem(400, 'Bad Request', 'This acknowledgement link is not valid');
    return result.claims;
  };
  router.get('/acknowledge', async (req, res) => {
    await verified(req.query.token);
    res.type('html').send(page('Acknowledge this notification', `<form method="post"><input type="hidden" name="token" value="${escapeHtml(String(req.query.token))}"><button type="submit">I acknowledge this notification</button></form>`));
  });
  router.post('/acknowledge', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const claims = await verified(req.body?.token);
    await acknowledgeOnce(client, claims.notificationId, { actor: { username: 'acknowledgement-link', roles: ['VICTIM_LIAISON'], caseload: [] }, linkId: claims.linkId });
    res.type('html').send(page('Acknowledged', '<p>Thank you. The notification is acknowledged and its reminders have stopped.</p>'));
  });
  return router;
}
