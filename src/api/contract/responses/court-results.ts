import { z } from 'zod';
import { instant } from './shared.ts';

export const courtReceiptSchema = z
  .strictObject({
    hearingId: z.string(),
    version: z.int(),
    status: z.literal('RECEIVED'),
    duplicate: z.boolean().describe('The same body was received before; nothing new was started'),
  })
  .meta({ id: 'CourtReceipt' });

const contribution = z.strictObject({ field: z.string(), agreement: z.string(), weight: z.number() });
const scoredCandidate = z.strictObject({
  prisonerNumber: z.string(),
  score: z.number(),
  rules: z.array(z.string()),
  nameUsed: z.enum(['PRIMARY', 'ALIAS']),
  contributions: z.array(contribution),
  sameNameDays: z.int().optional().describe("Of his names spelt as the defendant's, the nearest date of birth in days"),
});

export const storedHearingSchema = z
  .strictObject({
    hearingId: z.string(),
    version: z.int(),
    status: z.enum(['RECEIVED', 'MATCHED', 'MALFORMED']),
    courtCode: z.string().optional(),
    jurisdiction: z.string().optional(),
    errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
    receivedAt: instant,
    defendants: z.array(
      z.strictObject({
        defendantId: z.string(),
        caseUrn: z.string(),
        decision: z.strictObject({
          outcome: z.enum(['MATCHED', 'POSSIBLE_MATCH', 'NO_MATCH']),
          prisonerNumber: z.string().optional(),
          score: z.number().optional(),
          explanation: z.array(z.string()).describe('Which rules found each candidate and what each field contributed'),
          candidates: z.array(scoredCandidate),
        }),
        change: z.strictObject({ direction: z.enum(['INTO_CUSTODY', 'OUT_OF_CUSTODY']), label: z.string() }).nullable(),
        action: z.enum(['HOLD_PLACED', 'QUERY_RAISED', 'NO_ACTION', 'REVIEW', 'HELD_FOR_UNIT']).optional(),
        actionDetail: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'StoredHearing' });

export const courtAttentionSchema = z
  .strictObject({
    malformed: z.array(
      z.strictObject({
        hearingId: z.string(),
        receivedAt: instant,
        receivedBy: z.string(),
        errors: z.array(z.strictObject({ field: z.string(), message: z.string() })),
      }),
    ),
    heldForUnit: z.array(
      z.strictObject({
        hearingId: z.string(),
        version: z.int(),
        defendantId: z.string(),
        caseUrn: z.string(),
        outcome: z.string(),
        actionDetail: z.string().optional(),
        explanation: z.array(z.string()),
        decidedAt: instant,
      }),
    ),
  })
  .meta({ id: 'CourtAttention' });
