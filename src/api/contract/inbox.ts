import { z } from 'zod';
import * as responses from './responses/inbox.ts';
import { TAGS, type Operation } from './shared.ts';

/** The smart inbox, served by routers/inbox.ts. */
export const INBOX_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/inbox/triage',
    operationId: 'getInboxTriage',
    summary:
      'Emails the smart inbox could not file: no identifiers, ambiguous, no confident match, unreadable, or too large',
    tag: TAGS.court,
    access: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    success: [{ status: 200, description: 'The triage queue, oldest first', schema: responses.inboxTriageSchema }],
  },
  {
    method: 'get',
    path: '/api/inbox/messages/{id}',
    operationId: 'getInboxMessage',
    summary:
      'One email the inbox received: what was read from it, where it was filed and why, and its documents’ checksums',
    tag: TAGS.court,
    access: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    params: z.object({
      id: z
        .string()
        .regex(/^[0-9a-f]{40}$/)
        .describe('The message’s id (its checksum)'),
    }),
    success: [{ status: 200, description: 'The message', schema: responses.inboxMessageSchema }],
  },
];
