import {
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
  type ActivityFailure,
} from '@temporalio/workflow';
import { SMTP_PERMANENT } from '../domain/delivery.ts';
import type { createInboxActivities } from '../activities/inbox.ts';
import { inboxFiled, type InboxNoticeInput } from './definitions.ts';
import { historyIsLong } from './entity.ts';

const { sendInboxPrisonNotice } = proxyActivities<ReturnType<typeof createInboxActivities>>({
  startToCloseTimeout: '30 seconds',
  // The next notice counts what this one would have said: an hour of trying is enough.
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [SMTP_PERMANENT],
  },
});

/**
 * His prison hears of documents the inbox filed on a prisoner: at once for the first, then at most
 * once a window with how many came meanwhile, however many strangers send. Ends after a quiet
 * window; the next filing starts it again (signal-with-start).
 */
export async function inboxPrisonNotice(input: InboxNoticeInput): Promise<{ notices: number }> {
  let pending = input.pending ?? 0;
  let notices = 0;
  setHandler(inboxFiled, () => {
    pending += 1;
  });
  await condition(() => pending > 0);
  while (pending > 0) {
    const count = pending;
    pending = 0;
    notices += 1;
    await sendInboxPrisonNotice({
      prisonerNumber: input.prisonerNumber,
      count,
      key: `${workflowInfo().runId}-${notices}`,
    }).catch((err: ActivityFailure) => {
      log.warn('inbox notice not sent', { error: err.cause?.message ?? err.message });
    });
    await sleep(input.everyMinutes * 60_000);
    if (pending > 0 && historyIsLong(5_000)) await continueAsNew<typeof inboxPrisonNotice>({ ...input, pending });
  }
  return { notices };
}
