import { z } from 'zod';
import type { Actor } from '../domain/actors.ts';
import type { Prisoner } from '../domain/register/prisoner.ts';
import { prisonerSearchSchema } from '../domain/register/schemas.ts';
import type { Services } from '../services/index.ts';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const pad = (v: unknown) =>
  String(v ?? '')
    .trim()
    .padStart(2, '0');

/**
 * A prisoner look-up as a form sends it: his number, or a last name with a first name and a date
 * of birth (GOV.UK date input: day, month, year). Validated by the register's own search schema.
 */
export const personSearchSchema = z
  .object({
    prisonerNumber: z.preprocess(blankToUndefined, z.string().optional()),
    lastName: z.preprocess(blankToUndefined, z.string().optional()),
    firstName: z.preprocess(blankToUndefined, z.string().optional()),
    'dateOfBirth-day': z.preprocess(blankToUndefined, z.string().optional()),
    'dateOfBirth-month': z.preprocess(blankToUndefined, z.string().optional()),
    'dateOfBirth-year': z.preprocess(blankToUndefined, z.string().optional()),
  })
  .transform((form) => ({
    ...(form.prisonerNumber ? { prisonerNumber: form.prisonerNumber } : {}),
    ...(form.lastName ? { lastName: form.lastName } : {}),
    ...(form.firstName ? { firstName: form.firstName } : {}),
    ...(form['dateOfBirth-year']
      ? {
          dateOfBirth: `${String(form['dateOfBirth-year']).trim()}-${pad(form['dateOfBirth-month'])}-${pad(form['dateOfBirth-day'])}`,
        }
      : {}),
  }))
  .pipe(prisonerSearchSchema);

/** Everyone the register finds for the search that this user may see (the register applies the caseload). */
export const searchPeople = (
  services: Services,
  actor: Actor,
  search: z.infer<typeof personSearchSchema>,
): Promise<Prisoner[]> => services.prisoners.search(actor, search);
