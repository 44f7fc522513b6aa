import { z } from 'zod';
import { instantWithin, prisonCodeSchema, prisonerNumberSchema, textSchema, userNameSchema } from '../identifiers.ts';
import { PLANNED_RELEASE_TIME } from '../time-window.ts';
import { DETERMINATIONS, LEGAL_STATUSES, QUERY_CATEGORIES, QUERY_STATUSES } from './vocabulary.ts';
import { isWritten } from '../release-hold/ownership.ts';

export {
  DETERMINATIONS,
  LEGAL_STATUSES,
  OPEN_STATUSES,
  QUERY_CATEGORIES,
  QUERY_STATUSES,
  type Determination,
  type QueryCategory,
  type QueryStatus,
} from './vocabulary.ts';
export const queryCategorySchema = z.enum(QUERY_CATEGORIES);
export const queryStatusSchema = z.enum(QUERY_STATUSES);
export const determinationSchema = z.enum(DETERMINATIONS);

/** A planned release may be overdue (the query then escalates at once) but must be a sensible date. */
const plannedReleaseSchema = instantWithin(PLANNED_RELEASE_TIME);

export const raiseQuerySchema = z
  .strictObject({
    prisonCode: prisonCodeSchema
      .optional()
      .describe('The raising prison; he must be on its roll. Defaults to where the register holds him'),
    prisonerNumber: prisonerNumberSchema,
    category: queryCategorySchema,
    question: textSchema(4000),
    plannedRelease: plannedReleaseSchema.optional(),
    /** With no release date, a prisoner at court or in reception today still makes the query CRITICAL. */
    atCourtOrReceptionToday: z.boolean().optional(),
  })
  .meta({
    // A fictional prisoner of the synthetic roll, and a release already past: an overdue query escalates at once.
    example: {
      prisonCode: 'MDI',
      prisonerNumber: 'A1234BC',
      category: 'WARRANT_MISSING',
      question: 'No remand warrant on file',
      plannedRelease: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 19) + 'Z',
    },
  });
export type RaiseQueryRequest = z.infer<typeof raiseQuerySchema>;
/**
 * What the query workflow starts from: the request with the raising prison settled from the
 * register, and what the register says of his release (kept apart, so a retried raise is compared
 * on what was asked, not on what the register said at the time).
 */
export type RaiseQuery = RaiseQueryRequest & { prisonCode: string; register?: RegisterFacts };
export interface RegisterFacts {
  plannedRelease?: string;
  /** The register has him AT_COURT: at court today. */
  atCourt?: boolean;
}

export const claimSchema = z.strictObject({});
export const reassignSchema = z.strictObject({ assignee: userNameSchema, reason: textSchema(1000).optional() });
export const requestInformationSchema = z.strictObject({ request: textSchema(4000) });
export const provideInformationSchema = z.strictObject({ information: textSchema(4000) });
export const resolveSchema = z
  .strictObject({
    determination: determinationSchema,
    evidence: textSchema(500).describe('Document reference the answer rests on, e.g. a warrant or court result'),
    summary: textSchema(4000).optional(),
    correctLegalStatus: z.enum(LEGAL_STATUSES).optional(),
    warrantDetail: textSchema(1000).optional(),
    newReleaseDate: plannedReleaseSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.determination === 'DO_NOT_RELEASE' && !value.correctLegalStatus && !value.warrantDetail) {
      ctx.addIssue({
        code: 'custom',
        path: ['correctLegalStatus'],
        message: 'DO_NOT_RELEASE needs the correct legal status or the warrant',
      });
    }
    if (value.determination === 'RELEASE_DATE_CHANGED' && !value.newReleaseDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['newReleaseDate'],
        message: 'RELEASE_DATE_CHANGED needs the new release date',
      });
    }
  });
export const acknowledgeSchema = z.strictObject({ comment: textSchema(1000).optional() });
export const withdrawSchema = z.strictObject({ reason: textSchema(1000) });
export const confirmWithdrawalSchema = z.strictObject({
  justification: textSchema(2000).refine(
    isWritten,
    'must explain in at least 20 characters why the query no longer holds him',
  ),
});
export const addNoteSchema = z.strictObject({ text: textSchema(4000) });
export const updatePlannedReleaseSchema = z.strictObject({
  plannedRelease: plannedReleaseSchema.nullable(),
  atCourtOrReceptionToday: z.boolean().optional(),
});
export const acknowledgeEscalationSchema = z.strictObject({
  escalationId: z.number().int().positive().optional(),
  comment: textSchema(1000).optional(),
});

/** Every operation on a query, as the API receives it and the workflow applies it. */
export const OPERATION_SCHEMAS = {
  claim: claimSchema,
  reassign: reassignSchema,
  requestInformation: requestInformationSchema,
  provideInformation: provideInformationSchema,
  resolve: resolveSchema,
  acknowledge: acknowledgeSchema,
  withdraw: withdrawSchema,
  confirmWithdrawal: confirmWithdrawalSchema,
  addNote: addNoteSchema,
  updatePlannedRelease: updatePlannedReleaseSchema,
  acknowledgeEscalation: acknowledgeEscalationSchema,
} as const;
export type OperationName = keyof typeof OPERATION_SCHEMAS;
export type OperationInput<N extends OperationName> = z.infer<(typeof OPERATION_SCHEMAS)[N]>;
