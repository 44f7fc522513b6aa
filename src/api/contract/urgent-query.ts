import { z } from 'zod';
import { queryReferenceSchema } from '../../domain/identifiers.ts';
import { rolesFor } from '../../domain/urgent-query/operations.ts';
import { OPERATION_SCHEMAS, raiseQuerySchema, type OperationName } from '../../domain/urgent-query/schemas.ts';
import * as requests from './requests.ts';
import * as responses from './responses/urgent-query.ts';
import { ALL_CASE_READERS, TAGS, type Operation } from './shared.ts';

const referenceParams = z.object({ reference: queryReferenceSchema });

/** URL segment of each urgent-query operation, and what it is for. */
export const QUERY_OPERATION_PATHS: Record<string, { name: OperationName; summary: string }> = {
  claim: { name: 'claim', summary: 'Claim the query for yourself' },
  reassign: { name: 'reassign', summary: 'Give the query to another court expert' },
  'request-information': { name: 'requestInformation', summary: 'Ask the prison for information (pauses the clock)' },
  'provide-information': { name: 'provideInformation', summary: 'Answer the unit’s request (restarts the clock)' },
  resolve: { name: 'resolve', summary: 'Answer the query with a determination and its evidence' },
  acknowledge: { name: 'acknowledge', summary: 'Acknowledge the answer, closing the query' },
  withdraw: {
    name: 'withdraw',
    summary:
      'Withdraw the query: the unit’s team leader with a written reason (20+ characters); the prison only a query it raised, and only once a duty governor confirms',
  },
  'confirm-withdrawal': {
    name: 'confirmWithdrawal',
    summary:
      'A duty governor of the prison, not the one who asked, confirms the prison’s withdrawal in writing (20+ characters)',
  },
  notes: { name: 'addNote', summary: 'Add a note to the timeline' },
  'planned-release': {
    name: 'updatePlannedRelease',
    summary: 'Change the planned release (recomputes urgency and deadlines)',
  },
  'acknowledge-escalation': {
    name: 'acknowledgeEscalation',
    summary: 'Acknowledge an escalation, stopping its alerts',
  },
};

const queryOperations: Operation[] = Object.entries(QUERY_OPERATION_PATHS).map(([segment, { name, summary }]) => ({
  method: 'post',
  path: `/api/urgent-queries/{reference}/${segment}`,
  operationId: name,
  summary,
  tag: TAGS.queries,
  access: rolesFor(name),
  params: referenceParams,
  body: OPERATION_SCHEMAS[name],
  success: [{ status: 200, description: 'The query after the operation', schema: responses.urgentQuerySchema }],
  // A note or request for information past the query's limit, or a date outside the sane window, is a 422.
  errors: [
    'addNote',
    'requestInformation',
    'updatePlannedRelease',
    'resolve',
    'withdraw',
    'confirmWithdrawal',
  ].includes(name)
    ? [409, 422]
    : [409],
}));

/** Urgent queries, served by routers/urgent-queries.ts. */
export const URGENT_QUERY_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/urgent-queries',
    operationId: 'raiseQuery',
    summary: 'Raise an urgent warrant query',
    description:
      'Starts the query workflow. Its urgency and deadlines come from the planned release. Every open query holds the prisoner: `201` is answered only once his release hold holds the query’s reason, so a release sent the instant after it is refused. The prisoner must be on the raising prison’s roll in the register (for someone released, the prison that released him), else 422.',
    tag: TAGS.queries,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
    body: raiseQuerySchema,
    idempotent: true,
    success: [
      {
        status: 201,
        description: 'Raised, and holding the prisoner',
        schema: responses.raisedQuerySchema,
        location: 'The query',
        links: Object.fromEntries(
          [
            'getQuery',
            'claim',
            'reassign',
            'requestInformation',
            'provideInformation',
            'resolve',
            'acknowledge',
            'withdraw',
            'confirmWithdrawal',
            'addNote',
            'updatePlannedRelease',
            'acknowledgeEscalation',
          ].map((operationId) => [
            operationId,
            { operationId, parameters: { reference: '$response.body#/reference' } },
          ]),
        ),
      },
    ],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/urgent-queries',
    operationId: 'listQueue',
    summary: 'The query unit’s queue, ordered by deadline',
    description:
      'Filters combine with AND. Prison users see only their caseload. Lists come from Temporal visibility and are eventually consistent; a single read is not.',
    tag: TAGS.queries,
    access: ALL_CASE_READERS,
    query: requests.queueFilterSchema,
    success: [{ status: 200, description: 'A page of the queue', schema: responses.queuePageSchema }],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/urgent-queries/{reference}',
    operationId: 'getQuery',
    summary: 'Read one query',
    description: 'Read from the workflow itself: always current. A query of a prison outside your caseload is a 404.',
    tag: TAGS.queries,
    access: ALL_CASE_READERS,
    params: referenceParams,
    success: [{ status: 200, description: 'The query', schema: responses.urgentQuerySchema }],
  },
  ...queryOperations,
];
