import { z } from 'zod';
import { URGENCIES } from '../../../domain/urgent-query/policy.ts';
import { DETERMINATIONS, QUERY_CATEGORIES, QUERY_STATUSES } from '../../../domain/urgent-query/schemas.ts';
import type { QueryView } from '../../../services/urgent-query.ts';
import { agrees, instant, level, nullableInstant, type Same } from './shared.ts';

const timelineEntry = z.strictObject({
  at: instant,
  actor: z.string(),
  action: z.string(),
  detail: z.string().optional(),
  deadline: nullableInstant,
});
const escalation = z.strictObject({
  id: z.number().int(),
  trigger: z.enum(['FIRST_RESPONSE_BREACH', 'ANSWER_BREACH', 'RELEASE_NEAR']),
  startedAt: instant,
  startLevel: level,
  level,
  alertsSent: z.number().int(),
  lastAlertAt: instant.optional(),
  acknowledged: z.strictObject({ by: z.string(), at: instant, comment: z.string().optional() }).optional(),
  ended: z.strictObject({ at: instant, reason: z.string() }).optional(),
});

export const urgentQuerySchema = z
  .strictObject({
    reference: z.string(),
    prisonCode: z.string(),
    prisonerNumber: z.string(),
    category: z.enum(QUERY_CATEGORIES),
    question: z.string(),
    plannedRelease: instant.optional(),
    atCourtOrReceptionToday: z.boolean(),
    status: z.enum(QUERY_STATUSES),
    urgency: z.enum(URGENCIES),
    raisedAt: instant,
    raisedBy: z.string(),
    assignee: z.string().optional(),
    targetStartedAt: instant,
    pauses: z
      .array(z.strictObject({ from: instant, to: instant.optional() }))
      .describe('Spans when the clock stood still, waiting on the prison'),
    firstResponseAt: instant.optional(),
    answeredAt: instant.optional(),
    targetsDue: z
      .strictObject({ firstResponse: instant.optional(), answer: instant.optional() })
      .optional()
      .describe('The deadlines in force when the first response and the answer were given'),
    closedAt: instant.optional(),
    resolution: z
      .strictObject({
        determination: z.enum(DETERMINATIONS),
        evidence: z.string(),
        summary: z.string().optional(),
        correctLegalStatus: z.string().optional(),
        warrantDetail: z.string().optional(),
        newReleaseDate: instant.optional(),
        by: z.string(),
        at: instant,
      })
      .optional(),
    withdrawal: z.strictObject({ reason: z.string(), by: z.string(), at: instant }).optional(),
    withdrawalRequest: z
      .strictObject({ reason: z.string(), by: z.string(), at: instant })
      .optional()
      .describe('The prison asked to withdraw it: it holds until a duty governor, not the one who asked, confirms'),
    owner: z
      .enum(['PRISON', 'QUERY_UNIT'])
      .optional()
      .describe('Whose query it is: the prison’s to withdraw (with a governor), or the unit’s'),
    plannedReleases: z
      .strictObject({ reported: instant.optional(), register: instant.optional() })
      .optional()
      .describe('Both release dates, where the raise and the register differed: the earlier governs'),
    deadlines: z.strictObject({
      firstResponse: nullableInstant,
      answer: nullableInstant,
      releaseCap: nullableInstant,
      current: nullableInstant,
    }),
    breached: z.boolean(),
    escalations: z.array(escalation),
    hold: z.enum(['PLACED', 'CLEARED']).optional().describe("The query's part in the prisoner's release hold"),
    determinationReported: z.boolean().optional(),
    timeline: z.array(timelineEntry),
    inboxDocuments: z
      .array(z.strictObject({ at: instant, messageId: z.string(), summary: z.string() }))
      .optional()
      .describe(
        'Documents the smart inbox filed on him while the query is open, the latest 50 (apart from notes, so they never use up the notes’ limit)',
      ),
    inboxDocumentsArchived: z
      .number()
      .int()
      .optional()
      .describe('How many older inbox documents left that list; each stays on his record in the inbox'),
  })
  .meta({ id: 'UrgentQuery' });

export const raisedQuerySchema = z.strictObject({ reference: z.string() }).meta({ id: 'RaisedQuery' });

export const queueItemSchema = z
  .strictObject({
    reference: z.string(),
    status: z.enum(QUERY_STATUSES),
    urgency: z.enum(URGENCIES).nullable(),
    category: z.enum(QUERY_CATEGORIES),
    prisonCode: z.string(),
    prisonerNumber: z.string(),
    assignee: z.string().nullable(),
    deadline: nullableInstant,
    breached: z.boolean(),
  })
  .meta({ id: 'QueueItem' });

export const queuePageSchema = z
  .strictObject({
    items: z.array(queueItemSchema),
    nextPageToken: z.string().nullable().describe('Pass as pageToken for the next page; null on the last'),
    truncated: z.boolean().describe('True when more matched than one listing scans (1,000)'),
  })
  .meta({
    id: 'QueuePage',
    description: 'Built from Temporal visibility: eventually consistent, a second or so behind a single read.',
  });

// Drift check (responses/shared.ts): the schema must describe exactly the value the handler sends.
agrees<Same<z.infer<typeof urgentQuerySchema>, QueryView>>();
