import { noteCorrelation } from './correlation.ts';
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes, type ActivityFailure } from '@temporalio/workflow';
import {
  acknowledge,
  checkAcknowledge,
  dueNotice,
  newNotification,
  nextNoticeAt,
  noticeDelivered,
  recipientRejected,
  type NoticeFacts,
  type NotificationPolicy,
  type NotificationState,
} from '../domain/victim-notification/notification-state.ts';
import type { Registration } from '../domain/victim-notification/registration.ts';
import type { createVictimActivities } from '../activities/victim.ts';
import { acknowledgeNotification, getNotificationState } from './definitions.ts';
import { SA } from './search-attributes.ts';

export interface VictimNotificationInput {
  id: string;
  facts: NoticeFacts;
  registration: Pick<Registration, 'vloEmail' | 'teamMailbox'>;
  policy: NotificationPolicy;
}

/**
 * One per release event. The VLO is emailed at once; transient SMTP failures retry until the next
 * rung of the ladder is due, permanent ones go up a rung at once; notices repeat up the ladder
 * until someone acknowledges.
 */
export async function victimNotification(input: VictimNotificationInput): Promise<NotificationState> {
  const { policy } = input;
  let state = newNotification(input.id, input.facts, input.registration, new Date());
  let changed = false;
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
    {
      validator: ({ actor, linkId }) => {
        const rejection = checkAcknowledge(state, actor, linkId);
        if (rejection) throw ApplicationFailure.create({ type: rejection.code, message: rejection.message, nonRetryable: true });
      },
    },
  );
  publish();

  const ladder = policy.ladders[state.kind];
  const { sendVictimNotice } = proxyActivities<ReturnType<typeof createVictimActivities>>({
    startToCloseTimeout: '10 seconds',
    // Transient failures retry with backoff for as long as this notice is worth sending: until the next one is due.
    scheduleToCloseTimeout: ladder.repeatMinutes * 60_000,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['SMTP_PERMANENT'] },
  });
  const sendTo = async (key: string, level: number, address: string): Promise<boolean> => {
    try {
      await sendVictimNotice({ notificationId: state.id, key, level, to: address, facts: input.facts });
      return true;
    } catch (err) {
      const failure = err as ActivityFailure;
      if ((failure.cause as ApplicationFailure | undefined)?.type === 'SMTP_PERMANENT') {
        state = recipientRejected(state, address, new Date());
      } else {
        state.timeline.push({ at: new Date().toISOString(), action: 'SEND_FAILED', detail: `${key}: still failing; the next notice will try again` });
      }
      return false;
    }
  };

  while (!state.acknowledged) {
    const due = dueNotice(state, new Date(), policy);
    state = due.state;
    if (due.notice) {
      const notice = due.notice;
      const results = await Promise.all(notice.to.map(async (address) => ((await sendTo(notice.key, notice.level, address)) ? address : null)));
      const delivered = results.filter((a): a is string => a !== null);
      if (delivered.length) state = noticeDelivered(state, notice, delivered, new Date());
      publish();
      continue;
    }
    const next = nextNoticeAt(state, policy);
    if (!next) break;
    changed = false;
    await condition(() => changed, Math.max(1, next.getTime() - Date.now()));
  }
  publish();
  await condition(allHandlersFinished);
  return state;
}
