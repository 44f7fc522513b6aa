import { z } from 'zod';
import { isoInstantSchema, prisonCodeSchema, textSchema } from '../identifiers.ts';
import { RELEASE_REASONS } from './vocabulary.ts';

export { GATED_RELEASES, HOLD_REASON_KINDS, RELEASE_REASONS, type HoldReasonKind, type ReleaseReason } from './vocabulary.ts';

/** A custodial-status change flagged by the Crown Court's hourly checks (or a court expert). */
export const flagStatusChangeSchema = z.strictObject({
  prisonCode: prisonCodeSchema,
  courtCaseReference: textSchema(60),
  detail: textSchema(2000),
});

export const placeManualHoldSchema = z.strictObject({
  prisonCode: prisonCodeSchema,
  reason: textSchema(2000),
});

export const clearReasonSchema = z.strictObject({ note: textSchema(2000).optional() });

export const overrideSchema = z.strictObject({
  prisonCode: prisonCodeSchema,
  justification: textSchema(4000).refine((s) => s.length >= 20, 'must explain the override in at least 20 characters'),
});

export const recordReleaseSchema = z.strictObject({
  prisonCode: prisonCodeSchema,
  reason: z.enum(RELEASE_REASONS),
  releasedAt: isoInstantSchema.optional(),
});
export type RecordRelease = z.infer<typeof recordReleaseSchema>;
