import { z } from 'zod';
import { courtCodeSchema, instantWithin, prisonCodeSchema, textSchema } from '../identifiers.ts';
import { MOVEMENT_TIME } from '../time-window.ts';
import { RELEASE_REASONS } from './vocabulary.ts';
import { isWritten } from './ownership.ts';

export {
  GATED_RELEASES,
  HOLD_REASON_KINDS,
  RELEASE_REASONS,
  type HoldReasonKind,
  type ReleaseReason,
} from './vocabulary.ts';

/**
 * `prisonCode` in a body is optional: the register decides where a prisoner is held. Where one is
 * given it must agree with the register (a 422 naming the field otherwise), so a desk that sends
 * it gets a check for free.
 */
const heldAt = prisonCodeSchema
  .optional()
  .describe('Where the register holds him; optional, and refused (422) if it disagrees with the register');

/** A custodial-status change flagged by the Crown Court's hourly checks (or a court expert). */
export const flagStatusChangeSchema = z.strictObject({
  prisonCode: heldAt,
  courtCode: courtCodeSchema.describe('The court the case is at: a case number is unique only within its court'),
  courtCaseReference: textSchema(60).describe('The case number at that court, e.g. T20260117'),
  hearingId: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/)
    .optional()
    .describe('The hearing whose result this is: each hearing that remands him is a reason of its own'),
  detail: textSchema(2000),
});

export const placeManualHoldSchema = z.strictObject({
  prisonCode: heldAt,
  reason: textSchema(2000),
});

export const clearReasonSchema = z.strictObject({ note: textSchema(2000).optional() });

export const overrideSchema = z.strictObject({
  prisonCode: heldAt,
  justification: textSchema(4000).refine(isWritten, 'must explain the override in at least 20 characters'),
});

export const recordReleaseSchema = z
  .strictObject({
    prisonCode: heldAt,
    reason: z.enum(RELEASE_REASONS),
    releasedAt: instantWithin(MOVEMENT_TIME).optional(),
    toPrisonCode: prisonCodeSchema.optional().describe('For TRANSFERRED: the prison he goes to'),
  })
  .superRefine((value, ctx) => {
    if (value.reason === 'TRANSFERRED' && !value.toPrisonCode)
      ctx.addIssue({ code: 'custom', path: ['toPrisonCode'], message: 'is required for a transfer' });
    if (value.reason !== 'TRANSFERRED' && value.toPrisonCode)
      ctx.addIssue({ code: 'custom', path: ['toPrisonCode'], message: 'is only for a transfer' });
  });
export type RecordRelease = z.infer<typeof recordReleaseSchema>;
