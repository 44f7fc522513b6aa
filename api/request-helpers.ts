import { createHash, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { idempotencyKeySchema } from './contract/requests.ts';
import { notFound, validationProblem } from './problem.ts';
import { actorOf } from './auth.ts';

/** A path parameter that does not match its pattern names nothing: a 404, never a 400. */
export function paramOr404<T>(schema: z.ZodType<T>, raw: unknown, detail: string): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw notFound(detail);
  return result.data;
}

export function parse<T>(schema: z.ZodType<T>, value: unknown, where = 'body'): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationProblem(result.error, where);
  return result.data;
}

export const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Bytes for a new case id: from the caller and their Idempotency-Key when one is given (so a retry,
 * even after an API restart, names the same workflow), otherwise random.
 */
export function idBytes(req: Request, scope: string): { bytes: Buffer; keyed: boolean } {
  const header = req.header('Idempotency-Key');
  if (header === undefined) return { bytes: randomBytes(8), keyed: false };
  const key = parse(idempotencyKeySchema, header, 'header.Idempotency-Key');
  return { bytes: createHash('sha256').update(`${scope}\n${actorOf(req).username}\n${key}`).digest(), keyed: true };
}
