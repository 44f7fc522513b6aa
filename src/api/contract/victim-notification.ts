import { z } from 'zod';
import * as requests from './requests.ts';
import * as responses from './responses/victim-notification.ts';
import { TAGS, VICTIM_ROLES, type Operation } from './shared.ts';

const notificationParams = z.object({ id: requests.notificationIdSchema });

/** Victim notifications and the acknowledgement link in their emails, served by routers/victim-notifications.ts. */
export const VICTIM_NOTIFICATION_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/victim-notifications',
    operationId: 'listVictimNotifications',
    summary: 'Victim notifications, by status',
    tag: TAGS.victims,
    access: VICTIM_ROLES,
    query: requests.notificationListQuerySchema,
    success: [{ status: 200, description: 'Notifications', schema: responses.notificationListSchema }],
  },
  {
    method: 'get',
    path: '/api/victim-notifications/{id}',
    operationId: 'getVictimNotification',
    summary: 'Read one notification: deliveries, escalation and acknowledgement',
    tag: TAGS.victims,
    access: VICTIM_ROLES,
    params: notificationParams,
    success: [{ status: 200, description: 'The notification', schema: responses.notificationSchema }],
  },
  {
    method: 'post',
    path: '/api/victim-notifications/{id}/acknowledge',
    operationId: 'acknowledgeVictimNotification',
    summary: 'Acknowledge a notification, stopping its reminders',
    tag: TAGS.victims,
    access: ['VICTIM_LIAISON'],
    params: notificationParams,
    success: [{ status: 200, description: 'The notification, acknowledged', schema: responses.notificationSchema }],
    errors: [409],
  },
  {
    method: 'get',
    path: '/victim-notifications/acknowledge',
    operationId: 'showAcknowledgementLink',
    summary: 'The link in a notification email: shows a button, acknowledges nothing',
    description: 'GET never acknowledges, so a mail scanner following the link cannot acknowledge for anyone.',
    tag: TAGS.victims,
    access: 'link',
    query: requests.ackLinkSchema,
    success: [{ status: 200, description: 'A page with an acknowledge button', contentType: 'text/html' }],
    errors: [410],
  },
  {
    method: 'post',
    path: '/victim-notifications/acknowledge',
    operationId: 'acknowledgeByLink',
    summary: 'The button on that page: acknowledges the notification',
    description: 'A used link is a 409 and an expired one a 410.',
    tag: TAGS.victims,
    access: 'link',
    body: requests.ackLinkSchema,
    bodyType: 'application/x-www-form-urlencoded',
    success: [{ status: 200, description: 'A confirmation page', contentType: 'text/html' }],
    errors: [404, 409, 410],
  },
];
