import * as requests from './requests.ts';
import * as responses from './responses/events.ts';
import { TAGS, type Operation } from './shared.ts';

/** Domain events, served by routers/events.ts. */
export const EVENT_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/events',
    operationId: 'listEvents',
    summary: 'Domain events Release Guard has emitted, oldest first',
    tag: TAGS.operations,
    access: ['EVENT_READER', 'QUERY_UNIT_LEAD'],
    query: requests.eventsQuerySchema,
    success: [{ status: 200, description: 'The latest events', schema: responses.eventListSchema }],
  },
];
