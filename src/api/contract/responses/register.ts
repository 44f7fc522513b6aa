import { z } from 'zod';
import type { Prisoner } from '../../../domain/register/prisoner.ts';
import { PRISONER_STATUSES } from '../../../domain/register/vocabulary.ts';
import { agrees, instant, type Same } from './shared.ts';

const alias = z.strictObject({ firstName: z.string(), lastName: z.string(), dateOfBirth: z.iso.date().optional() });

export const prisonerSchema = z
  .strictObject({
    prisonerNumber: z.string(),
    firstName: z.string(),
    middleNames: z.string().optional(),
    lastName: z.string(),
    dateOfBirth: z.iso.date(),
    pncNumber: z.string().optional(),
    croNumber: z.string().optional(),
    prisonCode: z
      .string()
      .describe('The establishment holding him, or for someone released or transferred out, the one he left from'),
    status: z.enum(PRISONER_STATUSES),
    plannedRelease: instant.optional(),
    statusSince: instant,
    aliases: z.array(alias),
  })
  .meta({ id: 'Prisoner', description: 'One person in the prisoner register: who he is and where he is held.' });

export const prisonerListSchema = z
  .strictObject({ items: z.array(prisonerSchema) })
  .meta({ id: 'PrisonerList', description: 'At most 50. Prison users see their own caseload only.' });

// Drift check (responses/shared.ts): the schema must describe exactly the value the handler sends.
agrees<Same<z.infer<typeof prisonerSchema>, Prisoner>>();
