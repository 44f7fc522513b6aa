import { z } from 'zod';
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUSES,
  type NotificationState,
} from '../../../domain/victim-notification/notification-state.ts';
import { agrees, instant, level, type Same } from './shared.ts';

export const notificationSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    prisonerNumber: z.string(),
    prisonCode: z.string(),
    releaseType: z.string(),
    releasedAt: instant.optional(),
    plannedRelease: instant
      .optional()
      .describe('RELEASE_DATE_SET and RELEASE_DATE_REMINDER: the planned release the VLO is told of'),
    status: z.enum(NOTIFICATION_STATUSES),
    createdAt: instant,
    vloEmail: z.string(),
    teamMailbox: z.string(),
    rejected: z.array(z.string()).describe('Addresses that answered SMTP 5xx, never tried again'),
    ladderStartedAt: instant,
    ladderStartLevel: level,
    lastNoticeAt: instant.optional(),
    noticesSent: z.number().int(),
    delivered: z.array(z.strictObject({ key: z.string(), to: z.array(z.string()), at: instant })),
    acknowledged: z.strictObject({ by: z.string(), at: instant, via: z.enum(['API', 'LINK']) }).optional(),
    usedLinks: z.array(z.string()),
    timeline: z.array(z.strictObject({ at: instant, action: z.string(), detail: z.string().optional() })),
  })
  .meta({ id: 'VictimNotification' });

export const notificationListSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        id: z.string(),
        status: z.enum(NOTIFICATION_STATUSES).optional(),
        prisonCode: z.string().optional(),
        createdAt: instant,
      }),
    ),
  })
  .meta({ id: 'VictimNotificationList', description: 'At most 200, from visibility: eventually consistent.' });

// Drift check (responses/shared.ts): the schema must describe exactly the value the handler sends.
agrees<Same<z.infer<typeof notificationSchema>, NotificationState>>();
