import { z } from 'zod';
import { ESCALATION_LEVELS } from '../../../domain/escalation/ladder.ts';

/**
 * What the API answers, as zod schemas, one file per resource (named after its router); this one
 * holds what they share. The OpenAPI document is generated from these, and the checks at the foot
 * of each file fail the build if one drifts from the domain type it describes.
 * Objects are strict, so the document says `additionalProperties: false` and a field the API
 * starts sending without documenting it fails the conformance test.
 */

export const instant = z.iso.datetime({ offset: true });
export const nullableInstant = instant.nullable();
export const level = z.union(ESCALATION_LEVELS.map((l) => z.literal(l)));

// ---- Drift checks: each schema must describe exactly the value the handler sends. ----
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const agrees = <_T extends true>() => undefined;
