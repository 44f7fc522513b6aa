import { z } from 'zod';
import { calendarDateWithin, instantWithin, prisonCodeSchema, prisonerNumberSchema } from '../identifiers.ts';
import { DATE_OF_BIRTH, MOVEMENT_TIME, PLANNED_RELEASE_TIME } from '../time-window.ts';
import { PRISONER_STATUSES, SYNC_MOVEMENTS } from './vocabulary.ts';

export { PRISONER_STATUSES, SYNC_MOVEMENTS, type PrisonerStatus, type SyncMovement } from './vocabulary.ts';

/**
 * A person's name as the prison system holds it: letters (any script), spaces, hyphens,
 * apostrophes and full stops; never control characters or symbols.
 */
export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(60, 'must be at most 60 characters')
  .regex(/^\p{L}[\p{L}\p{M} '’.-]*$/u, 'must be a name: letters, spaces, hyphens and apostrophes');

/** Police National Computer id, e.g. 2012/394773H (two- or four-digit year). */
export const pncNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(\d{2}|\d{4})\/\d{1,7}[A-Z]$/, 'must be a PNC number such as 2012/394773H');

/** Criminal Records Office number, e.g. 123456/08T, or a fingerprint-only SF93/123456A. */
export const croNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(\d{1,6}\/\d{2}[A-Z]|SF\d{2}\/\d{1,6}[A-Z])$/, 'must be a CRO number such as 123456/08T');

export const dateOfBirthSchema = calendarDateWithin(DATE_OF_BIRTH);

export const aliasSchema = z.strictObject({
  firstName: personNameSchema,
  lastName: personNameSchema,
  dateOfBirth: dateOfBirthSchema.optional(),
});

/** What the prison-system sync writes for one prisoner (`PUT /api/prisoners/{n}`). */
export const prisonerRecordSchema = z.strictObject({
  firstName: personNameSchema,
  middleNames: personNameSchema.optional(),
  lastName: personNameSchema,
  dateOfBirth: dateOfBirthSchema,
  pncNumber: pncNumberSchema.optional(),
  croNumber: croNumberSchema.optional(),
  prisonCode: prisonCodeSchema,
  status: z.enum(PRISONER_STATUSES),
  plannedRelease: instantWithin(PLANNED_RELEASE_TIME).optional(),
  aliases: z.array(aliasSchema).max(20, 'must list at most 20 aliases').default([]),
});
export type PrisonerRecord = z.infer<typeof prisonerRecordSchema>;

/** A movement the prison system reports: received into a prison (a return, too), or moved between prisons. */
export const syncMovementSchema = z.strictObject({
  type: z.enum(SYNC_MOVEMENTS),
  prisonCode: prisonCodeSchema.describe('RECEIVED: the receiving prison. TRANSFERRED: the prison he moved to.'),
  occurredAt: instantWithin(MOVEMENT_TIME).optional(),
});
export type SyncMovementRequest = z.infer<typeof syncMovementSchema>;

/** Search the register: by number, by PNC, or by a name and date of birth (aliases included). */
export const prisonerSearchSchema = z
  .strictObject({
    prisonerNumber: prisonerNumberSchema.optional(),
    pncNumber: pncNumberSchema.optional(),
    lastName: personNameSchema.optional(),
    firstName: personNameSchema.optional(),
    dateOfBirth: z.iso.date({ message: 'must be a date such as 1990-04-23' }).optional(),
  })
  .refine((q) => q.prisonerNumber || q.pncNumber || q.lastName, {
    message: 'give prisonerNumber, pncNumber or lastName',
    path: ['lastName'],
  });
export type PrisonerSearch = z.infer<typeof prisonerSearchSchema>;
