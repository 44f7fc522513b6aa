import type { Request } from 'express';
import type { z } from 'zod';
import type { Traced } from '../workflows/definitions.ts';
import { idempotencyKeySchema } from './contract/requests.ts';
import { notFound, validationProblem } from './problem.ts';

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

/** The request's correlation id, for the cases it changes. */
export const traced = (req: Request): Traced => (req.correlationId ? { correlationId: req.correlationId } : {});

/** The request's correlation id and its Idempotency-Key, validated, for a service that honours one. */
export function keyed(req: Request): Traced & { idempotencyKey?: string } {
  const header = req.header('Idempotency-Key');
  return {
    ...traced(req),
    ...(header === undefined ? {} : { idempotencyKey: parse(idempotencyKeySchema, header, 'header.Idempotency-Key') }),
  };
}
