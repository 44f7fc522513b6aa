import { z } from 'zod';
import { instantWithin, prisonCodeSchema, textSchema } from '../identifiers.ts';
import { MOVEMENT_TIME } from '../time-window.ts';
import { INCIDENT_CAUSES, OFFICIAL_EXCLUSIONS } from './vocabulary.ts';

/** What the API accepts about releases in error. Kept apart from incident-state.ts, which the workflow code imports. */

export const reportReleaseInErrorSchema = z.strictObject({
  prisonCode: prisonCodeSchema
    .optional()
    .describe('Where the register holds (or last held) him; optional, and refused (422) if it disagrees'),
  howFound: textSchema(2000),
  releasedAt: instantWithin(MOVEMENT_TIME).optional(),
});
export const returnedToCustodySchema = z.strictObject({
  returnedAt: instantWithin(MOVEMENT_TIME).optional(),
  note: textSchema(2000).optional(),
});
export const closeIncidentSchema = z.strictObject({
  cause: z.enum(INCIDENT_CAUSES),
  summary: textSchema(4000).optional(),
  outsideOfficialDefinition: z
    .enum(OFFICIAL_EXCLUSIONS)
    .optional()
    .describe(
      'Set when HMPPS carried out an order that did not reflect the court’s lawful order because of an HMCTS administrative error, or the person never entered HMPPS custody: handled, but not counted in the official figures',
    ),
});
