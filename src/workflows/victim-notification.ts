import {
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  type ActivityFailure,
} from '@temporalio/workflow';
import { SMTP_PERMANENT } from '../domain/delivery.ts';
import { LIMITS, appendBounded } from '../domain/limits.ts';
import { noteCorrelation } from './correlation.ts';
import {
  acknowledge,
  checkAcknowledge,
  dueNotice,
  ladderFor,
  newNotification,
  nextNoticeAt,
  noticeDelivered,
  recipientRejected,
  type NotificationState,
} from '../domain/victim-notification/notification-state.ts';
import type { createNotificationActivities } from '../activities/victim-notification.ts';
import { acknowledgeNotification, getNotificationState, type VictimNotificationInput } from './definitions.ts';
import { drained, historyIsLong, inFlightTracker, rejectIf } from './entity.ts';
import { SA } from './search-attributes.ts';

/** Set only when the notification continues as new. */
interface NotificationRunInput extends VictimNotificationInput {
  state?: NotificationState;
  historyEventLimit?: number;
}

/**
 * One per release event. The VLO is emailed at once; transient SMTP failures retry until the next
 * rung of the ladder is due, permanent ones go up a rung at once; notices repeat up the ladder
 * until someone acknowledges.
 */
export async function victimNotification(input: NotificationRunInput): Promise<NotificationState> {
  const { policy } = input;
  // An unacknowledged urgent notice repeats every 15 minutes, about 2,000 events a day: the second
  // version continues as new as its history grows, so the reminders never silently stop.
  const v2 = patched('gate-v2');
  const mode = v2 ? ('FROM_LAST_SENT' as const) : ('GRID' as const);
  let state = input.state ?? newNotification(input.id, input.facts, input.registration, new Date());
  let changed = false;
  const tracker = inFlightTracker();
  const publish = () =>
    upsertSearchAttributes([
      { key: SA.status, value: state.status },
      { key: SA.prisonCode, value: state.prisonCode },
    ]);
  setHandler(getNotificationState, () => state);
  setHandler(
    acknowledgeNotification,
    ({ actor, linkId, correlationId }) => {
      noteCorrelation({ correlationId });
      state = acknowledge(state, actor, new Date(), linkId);
      publish();
      changed = true;
      return state;
    },
    { validator: ({ actor, linkId }) => rejectIf(checkAcknowledge(state, actor, linkId)) },
  );
  publish();

  const ladder = ladderFor(policy, state.kind);
  const { sendVictimNotice } = proxyActivities<ReturnType<typeof createNotificationActivities>>({
    startToCloseTimeout: '10 seconds',
    // Transient failures retry with backoff for as long as this notice is worth sending: until the next one is due.
    scheduleToCloseTimeout: ladder.repeatMinutes * 60_000,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      nonRetryableErrorTypes: [SMTP_PERMANENT],
    },
  });
  const sendTo = async (key: string, level: number, address: string): Promise<boolean> => {
    try {
      await tracker.track(sendVictimNotice({ notificationId: state.id, key, level, to: address, facts: input.facts }));
      return true;
    } catch (err) {
      const failure = err as ActivityFailure;
      if ((failure.cause as ApplicationFailure | undefined)?.type === SMTP_PERMANENT) {
        state = recipientRejected(state, address, new Date());
      } else {
        appendBounded(
          state.timeline,
          {
            at: new Date().toISOString(),
            action: 'SEND_FAILED',
            detail: `${key}: still failing; the next notice will try again`,
          },
          LIMITS.notificationTimeline,
        );
      }
      return false;
    }
  };

  const historyLimit = input.historyEventLimit ?? 10_000;
  while (!state.acknowledged) {
    if (v2 && historyIsLong(historyLimit)) {
      await condition(() => drained(tracker));
      await continueAsNew<typeof victimNotification>({ ...input, state });
    }
    const due = dueNotice(state, new Date(), policy, mode);
    state = due.state;
    if (due.notice) {
      const notice = due.notice;
      const results = await Promise.all(
        notice.to.map(async (address) => ((await sendTo(notice.key, notice.level, address)) ? address : null)),
      );
      const delivered = results.filter((a): a is string => a !== null);
      if (delivered.length) state = noticeDelivered(state, notice, delivered, new Date());
      publish();
      continue;
    }
    const next = nextNoticeAt(state, policy, mode);
    if (!next) break;
    changed = false;
    await condition(() => changed || (v2 && historyIsLong(historyLimit)), Math.max(1, next.getTime() - Date.now()));
  }
  publish();
  await condition(() => drained(tracker));
  return state;
}
