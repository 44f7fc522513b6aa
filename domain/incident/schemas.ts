import { z } from 'zod';
import { isoInstantSchema, prisonCodeSchema, textSchema } from '../identifiers.ts';
import { INCIDENT_CAUSES } from './incident-state.ts';

/** What the API accepts about releases in error. Kept apart from incident-state.ts, which the workflow code imports. */

export const reportReleaseInErrorSchema = z.strictObject({
  prisonCode: prisonCodeSchema,
  howFound: textSchema(2000),
  releasedAt: isoInstantSchema.optional(),
});
export const returnedToCustodySchema = z.strictObject({ returnedAt: isoInstantSchema.optional(), note: textSchema(2000).optional() });
export const closeIncidentSchema = z.strictObject({ cause: z.enum(INCIDENT_CAUSES), summary: textSchema(4000).optional() });
