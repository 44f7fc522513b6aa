import { z } from 'zod';
import { isoInstantSchema, prisonCodeSchema } from '../identifiers.ts';
import { INCIDENT_CAUSES } from './incident-state.ts';

/** What the API accepts about releases in error. Kept apart from incident-state.ts, which the workflow code imports. */

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const reportReleaseInErrorSchema = z.strictObject({
  prisonCode: prisonCodeSchema,
  howFound: text(2000),
  releasedAt: isoInstantSchema.optional(),
});
export const returnedToCustodySchema = z.strictObject({ returnedAt: isoInstantSchema.optional(), note: text(2000).optional() });
export const closeIncidentSchema = z.strictObject({ cause: z.enum(INCIDENT_CAUSES), summary: text(4000).optional() });
