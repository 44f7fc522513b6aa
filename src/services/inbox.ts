import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { INBOX_LIMITS } from '../domain/inbox/inbox-limits.ts';
import type { InboxMessage, InboxStore } from '../domain/inbox/inbox.ts';
import type { InboxDocumentEntry } from '../domain/urgent-query/query-state.ts';
import {
  INBOX_MESSAGE_WORKFLOW,
  INBOX_NOTICE_WORKFLOW,
  INBOX_POLL_WORKFLOW,
  INBOX_SCHEDULE_ID,
  inboxDocumentFiled,
  inboxFiled,
  inboxNoticeWorkflowId,
  inboxWorkflowId,
  type InboxNoticeInput,
} from '../workflows/definitions.ts';
import { notFound } from './errors.ts';
import { ensureSchedule, startOnce } from './workflow-calls.ts';

/** A subject line as far as it can be read without a mail parser (for the record of an oversized message). */
function headerOf(raw: Buffer, name: string): string | undefined {
  const head =
    raw
      .subarray(0, 64 * 1024)
      .toString('utf8')
      .split(/\r?\n\r?\n/)[0] ?? '';
  const match = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match?.[1]
    ?.replace(/\r?\n[ \t]/g, ' ')
    .trim()
    .slice(0, 300);
}

/**
 * Misdirected offender information in: each message kept (up to `maxBytes`; a larger one is kept
 * as a record without its body, for the unit), then its own workflow reads, matches and files it.
 */
export function inboxService({
  client,
  taskQueue,
  inbox,
  maxBytes,
}: {
  client: Client;
  taskQueue: string;
  inbox: InboxStore;
  maxBytes: number;
}) {
  return {
    async receive(
      raw: Buffer,
      envelope: { from?: string } = {},
    ): Promise<{ id: string; status: 'RECEIVED' | 'OVERSIZED'; duplicate: boolean }> {
      const id = createHash('sha256').update(raw).digest('hex').slice(0, 40);
      const oversized = raw.length > maxBytes;
      const subject = headerOf(raw, 'Subject');
      const kept = await inbox.keep({
        id,
        ...(envelope.from ? { from: envelope.from } : {}),
        ...(subject ? { subject } : {}),
        size: raw.length,
        raw: oversized ? null : raw,
        status: oversized ? 'OVERSIZED' : 'RECEIVED',
        ...(oversized
          ? {
              outcome: `Larger than the inbox reads (${raw.length} bytes, limit ${maxBytes}): ask the sender to split it`,
            }
          : {}),
      });
      if (!oversized)
        await startOnce(client, INBOX_MESSAGE_WORKFLOW, { workflowId: inboxWorkflowId(id), taskQueue, args: [id] });
      return { id, status: oversized ? 'OVERSIZED' : 'RECEIVED', duplicate: !kept };
    },

    async read(id: string): Promise<InboxMessage> {
      const message = await inbox.read(id);
      if (!message) throw notFound('No such inbox message');
      return message;
    },

    triage: (limit = 200) => inbox.triage(limit),

    /** Lists a filed document on an open query (its own bounded list, not a note); false when the query has finished meanwhile. */
    async fileOnQuery(reference: string, entry: InboxDocumentEntry): Promise<boolean> {
      try {
        await client.workflow.getHandle(reference).signal(inboxDocumentFiled, entry);
        return true;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    },

    /** Counts a filing towards his prison's next notice, starting the notice workflow if none is running. */
    async prisonNotice(prisonerNumber: string, messageId: string): Promise<void> {
      const input: InboxNoticeInput = { prisonerNumber, everyMinutes: INBOX_LIMITS.prisonNoticeEveryMinutes };
      await client.workflow.signalWithStart(INBOX_NOTICE_WORKFLOW, {
        workflowId: inboxNoticeWorkflowId(prisonerNumber),
        taskQueue,
        args: [input],
        signal: inboxFiled,
        signalArgs: [messageId],
      });
    },

    /** The mailbox poll's Temporal Schedule: every minute, a poll still running makes the next one skip. */
    ensureMailboxSchedule: (options: { scheduleId?: string; every?: string } = {}): Promise<string> =>
      ensureSchedule(client, {
        scheduleId: options.scheduleId ?? INBOX_SCHEDULE_ID,
        every: options.every ?? '1 minute',
        workflowType: INBOX_POLL_WORKFLOW,
        taskQueue,
        catchupWindow: '10 minutes',
      }),
  };
}
export type InboxService = ReturnType<typeof inboxService>;
