import { z } from 'zod';
import { holdReason } from './release-hold.ts';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    errors: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .describe('For validation errors: each bad field and why'),
    reasons: z.array(holdReason).optional().describe('For a refused release: the hold reasons that stand'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem. Every error is one, as application/problem+json.' });
