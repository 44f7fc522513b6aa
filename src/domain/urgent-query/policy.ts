import { z } from 'zod';
import type { BusinessCalendar } from '../calendar/business-calendar.ts';

export const URGENCIES = ['CRITICAL', 'URGENT', 'STANDARD'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * Service levels for urgent queries. These are policy, not code: defaults follow docs/domain.md and
 * every figure can be overridden by configuration. A query keeps the policy it was raised under,
 * so a change of policy never rewrites a running query's history.
 */
export const targetSchema = z.object({
  clock: z.enum(['CONTINUOUS', 'BUSINESS']),
  firstResponseMinutes: z.number().positive(),
  answerMinutes: z.number().positive(),
  /** Escalation ladder: minutes after the ladder starts at which levels 1, 2 and 3 take over. */
  levelOffsetsMinutes: z.tuple([z.literal(0), z.number().positive(), z.number().positive()]),
  /** How often the current level's alert repeats until acknowledged. */
  repeatMinutes: z.number().positive(),
});
export type UrgencyTarget = z.infer<typeof targetSchema>;

export const contactsSchema = z.object({
  unitQueue: z.email(),
  teamLeader: z.email(),
  unitHead: z.email(),
  /** `{prisonCode}` is replaced by the raising prison's code. */
  dutyGovernorTemplate: z.string().includes('{prisonCode}'),
  /** `{prisonCode}` is replaced by the raising prison's code: where answers and requests go. */
  prisonMailboxTemplate: z.string().includes('{prisonCode}'),
  /** `{username}` is replaced by the assignee's user name. */
  staffEmailTemplate: z.string().includes('{username}'),
});
export type Contacts = z.infer<typeof contactsSchema>;

export const queryPolicySchema = z.object({
  criticalWithinHours: z.number().positive(),
  urgentWithinHours: z.number().positive(),
  targets: z.object({ CRITICAL: targetSchema, URGENT: targetSchema, STANDARD: targetSchema }),
  safetyMarginMinutes: z.number().nonnegative(),
  warningFractions: z.array(z.number().gt(0).lt(1)),
  calendar: z.object({
    timeZone: z.string(),
    opensAtMinute: z.number().int().min(0).max(1440),
    closesAtMinute: z.number().int().min(0).max(1440),
    workingWeekdays: z.array(z.number().int().min(1).max(7)),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  }),
  contacts: contactsSchema,
});
export type QueryPolicy = z.infer<typeof queryPolicySchema>;

export const UNIT_CALENDAR_DEFAULTS: Omit<BusinessCalendar, 'holidays'> = {
  timeZone: 'Europe/London',
  opensAtMinute: 8 * 60,
  closesAtMinute: 18 * 60,
  workingWeekdays: [1, 2, 3, 4, 5],
};

const WORKING_DAY_MINUTES = 10 * 60;

/** The domain's policy defaults (docs/domain.md). `holidays` is supplied by the caller (see bank-holidays.ts). */
export function defaultQueryPolicy(holidays: readonly string[], contacts: Contacts): QueryPolicy {
  return {
    criticalWithinHours: 24,
    urgentWithinHours: 72,
    targets: {
      CRITICAL: {
        clock: 'CONTINUOUS',
        firstResponseMinutes: 30,
        answerMinutes: 120,
        levelOffsetsMinutes: [0, 15, 30],
        repeatMinutes: 15,
      },
      URGENT: {
        clock: 'BUSINESS',
        firstResponseMinutes: 60,
        answerMinutes: 8 * 60,
        levelOffsetsMinutes: [0, 60, 120],
        repeatMinutes: 30,
      },
      STANDARD: {
        clock: 'BUSINESS',
        firstResponseMinutes: 4 * 60,
        answerMinutes: 3 * WORKING_DAY_MINUTES,
        levelOffsetsMinutes: [0, 240, 480],
        repeatMinutes: 120,
      },
    },
    safetyMarginMinutes: 120,
    warningFractions: [0.5, 0.8],
    calendar: {
      ...UNIT_CALENDAR_DEFAULTS,
      workingWeekdays: [...UNIT_CALENDAR_DEFAULTS.workingWeekdays],
      holidays: [...holidays],
    },
    contacts,
  };
}
