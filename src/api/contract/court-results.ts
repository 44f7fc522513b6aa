import { z } from 'zod';
import { hearingResultSchema } from '../../domain/court/hearing.ts';
import * as responses from './responses/court-results.ts';
import { TAGS, type Operation } from './shared.ts';

const hearingParams = z.object({
  hearingId: z.uuid().describe('The hearing id as Common Platform gave it'),
  version: z.coerce.number().int().min(1).max(1_000_000),
});

/** The court-results feed and what waits for the unit, served by routers/court-results.ts. */
export const COURT_RESULT_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/court-results/hearings',
    operationId: 'receiveHearingResult',
    summary: 'Receive a hearing’s results from the court-results feed',
    description:
      'Shaped after HMCTS Common Platform’s hearing events. Signed by the sender: the header `X-Court-Results-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the shared secret>`; a missing or wrong signature, or a timestamp more than 5 minutes from now, is 401 and nothing is kept. Idempotent on the hearing id and version: the same body again is 202 with `duplicate: true`, another body under them 409. A malformed hearing is kept with its errors for the unit (the problem’s `malformedId`) and answered 400 or 422. Each accepted version is matched and acted on by its own workflow (docs/court-results.md).',
    tag: TAGS.court,
    access: ['COURT_RESULTS'],
    body: hearingResultSchema,
    success: [
      {
        status: 202,
        description: 'Kept; matching and action follow',
        schema: responses.courtReceiptSchema,
        location: 'The hearing version’s decisions',
      },
    ],
    errors: [409, 422],
  },
  {
    method: 'get',
    path: '/api/court-results/attention',
    operationId: 'getCourtResultsAttention',
    summary:
      'What waits for the unit: hearings that could not be read (with their errors), and defendants no one could be matched to',
    tag: TAGS.court,
    access: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    success: [
      { status: 200, description: 'Newest first, at most 200 of each', schema: responses.courtAttentionSchema },
    ],
  },
  {
    method: 'get',
    path: '/api/court-results/hearings/{hearingId}/versions/{version}',
    operationId: 'getHearingResult',
    summary: 'Read a hearing version: each defendant’s match decision, its explanation and what was done',
    tag: TAGS.court,
    access: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    params: hearingParams,
    success: [{ status: 200, description: 'The hearing version', schema: responses.storedHearingSchema }],
  },
];
