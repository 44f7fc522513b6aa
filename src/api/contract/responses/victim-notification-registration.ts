import { z } from 'zod';
import { registrationSchema } from '../../../domain/victim-notification/schemas.ts';

export const registrationEntrySchema = registrationSchema
  .extend({
    id: z.string(),
    registeredAt: z.string(),
    requestDigest: z.string().optional().describe('A digest of the request that added it'),
    vloChanges: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('How many times another VLO took this victim over (each is told of the planned release anew)'),
  })
  .meta({ id: 'VictimContactRegistration' });
export const registrationsViewSchema = z
  .strictObject({ prisonerNumber: z.string(), registrations: z.array(registrationEntrySchema) })
  .meta({ id: 'VictimContactRegistrations' });
