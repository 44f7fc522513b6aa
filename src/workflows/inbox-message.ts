import { proxyActivities } from '@temporalio/workflow';
import type { createInboxActivities } from '../activities/inbox.ts';

const { fileInboxMessage, pollInboxMailbox } = proxyActivities<ReturnType<typeof createInboxActivities>>({
  startToCloseTimeout: '5 minutes',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** One message the inbox kept: read its text and documents, find whom it is about, file it, tell his prison. */
export async function inboxMessage(id: string): Promise<{ status: string }> {
  return fileInboxMessage(id);
}

/** A poll of the unit's mailbox, started every minute by its Temporal Schedule. */
export async function inboxMailboxPoll(): Promise<{ taken: number }> {
  return pollInboxMailbox();
}
