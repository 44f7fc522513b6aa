import { z } from 'zod';
import { UNPROCESSABLE, prisonCodeSchema, prisonerNumberSchema } from '../../domain/identifiers.ts';
import { REPORTING_PERIOD, outsideWindow } from '../../domain/time-window.ts';
import { INCIDENT_STATUSES } from '../../domain/incident/incident-state.ts';
import { URGENCIES } from '../../domain/urgent-query/policy.ts';
import { QUERY_STATUSES, queryCategorySchema } from '../../domain/urgent-query/schemas.ts';
import { NOTIFICATION_STATUSES } from '../../domain/victim-notification/notification-state.ts';

/**
 * Request schemas that belong to the API rather than the domain: list filters, path ids and
 * headers. The routers validate with these and the OpenAPI document is generated from them.
 */

export const queueFilterSchema = z.strictObject({
  prisonCode: prisonCodeSchema.optional(),
  status: z.enum(QUERY_STATUSES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  category: queryCategorySchema.optional(),
  assignee: z
    .string()
    .regex(/^[\w.@-]{1,100}$/, 'must be a user name')
    .optional(),
  prisonerNumber: prisonerNumberSchema.optional(),
  breached: z.enum(['true', 'false']).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  pageToken: z
    .string()
    .max(500)
    .optional()
    .describe('Opaque: the nextPageToken of the previous page, with the same filters'),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

export const incidentIdSchema = z.string().regex(/^RIE-[A-Z]\d{4}[A-Z]{2}-[A-Z0-9-]{1,40}$/);
export const incidentListQuerySchema = z.strictObject({
  prisonCode: prisonCodeSchema.optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
});
/** A month for the figures: well-formed, and within the window any date must be in (src/domain/time-window.ts). */
export const incidentCountsQuerySchema = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-11')
    .superRefine((month, ctx) => {
      const problem = outsideWindow(new Date(`${month}-15T12:00:00Z`), new Date(), REPORTING_PERIOD);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, params: UNPROCESSABLE });
    }),
});

const reportMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-11')
  .superRefine((month, ctx) => {
    const problem = outsideWindow(new Date(`${month}-15T12:00:00Z`), new Date(), REPORTING_PERIOD);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: UNPROCESSABLE });
  });
/** The longest period one report covers: five financial years. */
export const REPORT_MAX_MONTHS = 60;
/** A report's months, both included; by default the financial year so far. `format=csv` asks for CSV (as does Accept: text/csv). */
export const reportQuerySchema = z
  .strictObject({
    from: reportMonthSchema
      .optional()
      .describe('First month, e.g. 2026-04 (default: the start of the current financial year)'),
    to: reportMonthSchema.optional().describe('Last month, included (default: this month)'),
    format: z.enum(['json', 'csv']).optional(),
  })
  .superRefine(({ from, to: asked }, ctx) => {
    if (!from) return;
    // Without `to` the period runs to this month: it too must be within the limit.
    const to = asked ?? new Date().toISOString().slice(0, 7);
    const months =
      (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;
    if (months < 1 && !asked) return; // a future `from` alone: the period is that one month
    if (months < 1)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from', params: UNPROCESSABLE });
    else if (months > REPORT_MAX_MONTHS) {
      ctx.addIssue(
        asked
          ? {
              code: 'custom',
              path: ['to'],
              message: `must be within ${REPORT_MAX_MONTHS} months of from`,
              params: UNPROCESSABLE,
            }
          : {
              code: 'custom',
              path: ['from'],
              message: `must be within ${REPORT_MAX_MONTHS} months of this month (or give to)`,
              params: UNPROCESSABLE,
            },
      );
    }
  });

export const registrationIdSchema = z.string().regex(/^REG-[0-9A-Z]{5,12}$/);

export const notificationIdSchema = z.string().regex(/^VN-[0-9A-Z]{8}$/);
export const notificationListQuerySchema = z.strictObject({ status: z.enum(NOTIFICATION_STATUSES).optional() });

export const eventsQuerySchema = z.strictObject({
  eventType: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be 8–200 printable characters')
  .describe(
    'Retrying with the same key and body returns the original result; the same key with a different body is a 409',
  );

/** The signed token in a victim notification's acknowledgement link. */
export const ackLinkSchema = z.strictObject({ token: z.string().max(2000) });

/**
 * Temporal's remote codec protocol (what the Web UI sends to decode or encode): payloads as JSON,
 * metadata values and data base64-encoded. Bounded: at most 1,000 payloads per call.
 */
const base64 = z
  .string()
  .max(4_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
export const codecPayloadsSchema = z
  .strictObject({
    payloads: z
      .array(z.strictObject({ metadata: z.record(z.string().max(200), base64).optional(), data: base64.optional() }))
      .max(1_000),
  })
  .meta({ id: 'CodecPayloads' });
export type CodecPayloads = z.infer<typeof codecPayloadsSchema>;
