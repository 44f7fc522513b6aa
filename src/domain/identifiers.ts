import { z } from 'zod';
import { outsideWindow, type TimeWindow } from './time-window.ts';

/** NOMS number, e.g. A1234BC. Read as people type it: surrounding spaces and lower case are normalised. */
export const prisonerNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]\d{4}[A-Z]{2}$/, 'must be a prisoner number such as A1234BC')
  .meta({ example: 'A1234BC' });

/** Three capital letters, e.g. MDI (Moorland). */
export const prisonCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter prison code such as MDI')
  .meta({ example: 'MDI' });

/**
 * A user name as HMPPS Auth issues them (e.g. JSMITH_GEN, court.expert). User names become email
 * addresses (STAFF_EMAIL_TEMPLATE), so nothing else is accepted: no spaces, no @, no control characters.
 */
export const USER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const userNameSchema = z
  .string()
  .trim()
  .regex(USER_NAME_PATTERN, 'must be a user name: letters, digits, dots, hyphens and underscores, at most 64');

/** A court's code: up to six capitals and digits, e.g. SHEFCC (Sheffield Crown Court). */
export const courtCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,6}$/, 'must be a court code such as SHEFCC')
  .meta({ example: 'SHEFCC' });

/** Free text a person writes: trimmed, not empty, and bounded. */
export const textSchema = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** ISO 8601 with an explicit offset (Z or ±hh:mm), so a time is never read in the wrong zone. */
export const isoInstantSchema = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with an offset',
});

/**
 * Marks a refinement whose failure means "well-formed, but it cannot be so" (422), not "malformed"
 * (400): the API's problem mapper reads it.
 */
export const UNPROCESSABLE = { unprocessable: true } as const;

/**
 * An instant within `window` of the moment it is checked (src/domain/time-window.ts decides the
 * window). Out of it is a 422 naming the field: year 26 is a well-formed date, and a wrong one.
 */
export const instantWithin = (window: TimeWindow) =>
  isoInstantSchema.superRefine((value, ctx) => {
    if (Number.isNaN(Date.parse(value))) return; // not a date at all: the format check says so
    const problem = outsideWindow(new Date(value), new Date(), window);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: UNPROCESSABLE });
  });

/** A calendar date, YYYY-MM-DD, that exists (no 31 February) and lies within `window`. */
export const calendarDateWithin = (window: TimeWindow) =>
  z.iso.date({ message: 'must be a date such as 1990-04-23' }).superRefine((value, ctx) => {
    if (Number.isNaN(Date.parse(value))) return;
    const problem = outsideWindow(new Date(`${value}T12:00:00Z`), new Date(), window);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: UNPROCESSABLE });
  });

/** Crockford base32: no I, L, O or U, so a reference read aloud over the phone is not misheard. */
export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Urgent query reference, also its workflow id: UQ-{prison}-{8 characters}. The prison is part of
 * the reference so that a caseload check needs no lookup and an unseen prison's query is a plain 404.
 */
export const queryReferenceSchema = z
  .string()
  .trim()
  .toUpperCase()
  // Crockford base32 is read case-insensitively, with O read as 0 and I or L as 1.
  .transform((s) => (/^UQ-[A-Z]{3}-/.test(s) ? s.slice(0, 7) + s.slice(7).replace(/O/g, '0').replace(/[IL]/g, '1') : s))
  .pipe(z.string().regex(/^UQ-[A-Z]{3}-[0-9A-HJKMNP-TV-Z]{8}$/, 'must be a query reference such as UQ-MDI-7K3F9Q2M'));

export const prisonOfReference = (reference: string): string => reference.slice(3, 6);

/** Eight Crockford base32 characters from the first 5 bytes (40 bits): random ones, or a digest when the request is idempotent. */
export function shortId(bytes: Uint8Array): string {
  let bits = 0n;
  for (const byte of bytes.slice(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = REFERENCE_ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

export const queryReference = (prisonCode: string, bytes: Uint8Array): string => `UQ-${prisonCode}-${shortId(bytes)}`;

/** The prisoner an incident id names (`RIE-{prisonerNumber}-{suffix}`). */
export const prisonerOfIncident = (incidentId: string): string | undefined =>
  /^RIE-([A-Z]\d{4}[A-Z]{2})-/.exec(incidentId)?.[1];
