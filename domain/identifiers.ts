import { z } from 'zod';

/** NOMS number, e.g. A1234BC. */
export const prisonerNumberSchema = z
  .string()
  .regex(/^[A-Z]\d{4}[A-Z]{2}$/, 'must be a prisoner number such as A1234BC');

/** Three capital letters, e.g. MDI (Moorland). */
export const prisonCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter prison code such as MDI');

/** Free text a person writes: trimmed, not empty, and bounded. */
export const textSchema = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** ISO 8601 with an explicit offset (Z or ±hh:mm), so a time is never read in the wrong zone. */
export const isoInstantSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' });

/** Crockford base32: no I, L, O or U, so a reference read aloud over the phone is not misheard. */
export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Urgent query reference, also its workflow id: UQ-{prison}-{8 characters}. The prison is part of
 * the reference so that a caseload check needs no lookup and an unseen prison's query is a plain 404.
 */
export const queryReferenceSchema = z.string().regex(/^UQ-[A-Z]{3}-[0-9A-HJKMNP-TV-Z]{8}$/, 'must be a query reference such as UQ-MDI-7K3F9Q2M');

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
