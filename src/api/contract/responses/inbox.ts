import { z } from 'zod';
import { instant } from './shared.ts';

const extracted = z.strictObject({
  prisonerNumbers: z.array(z.string()),
  pncNumbers: z.array(z.string()),
  croNumbers: z.array(z.string()),
  names: z.array(z.strictObject({ firstName: z.string(), lastName: z.string() })),
  datesOfBirth: z.array(z.string()),
  courts: z.array(z.string()),
  caseNumbers: z.array(z.string()),
});

export const inboxMessageSchema = z
  .strictObject({
    id: z.string(),
    receivedAt: instant,
    from: z.string().optional(),
    subject: z.string().optional(),
    size: z.int(),
    status: z.enum(['RECEIVED', 'FILED', 'TRIAGE', 'OVERSIZED']),
    outcome: z
      .string()
      .optional()
      .describe(
        'FILED, or why it waits for the unit: NO_IDENTIFIERS, AMBIGUOUS, NO_MATCH, POSSIBLE_MATCH, UNREADABLE, NUMBER_UNCONFIRMED, SENDER_FLOOD',
      ),
    prisonerNumber: z.string().optional(),
    extracted: extracted.optional(),
    explanation: z.array(z.string()).optional(),
    documents: z.array(
      z.strictObject({
        position: z.int(),
        filename: z.string(),
        contentType: z.string(),
        size: z.int(),
        sha256: z.string(),
        textRead: z.boolean(),
        problem: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'InboxMessage' });

export const inboxTriageSchema = z.strictObject({ items: z.array(inboxMessageSchema) }).meta({ id: 'InboxTriage' });
