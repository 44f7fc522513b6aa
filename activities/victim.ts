import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowIdConflictPolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import { shortId } from '../domain/identifiers.ts';
import type { NoticeFacts, NotificationPolicy } from '../domain/victim-notification/notification-state.ts';
import { signAckToken } from '../infra/ack-token.ts';
import { VICTIM_NOTIFICATION_WORKFLOW, correlationMemo, getRegistration, registrationWorkflowId, type Traced } from '../workflows/definitions.ts';
import type { VictimNotificationInput } from '../workflows/victim-notification.ts';
import { messageIdFor, sendClassified } from './mailer.ts';
import { renderCaseMail } from './templates/case-mail.ts';
import { londonTime } from './templates/query-alert.ts';

export interface VictimDeps {
  client: Client;
  taskQueue: string;
  transport: Transporter;
  from: string;
  publicBaseUrl: string;
  messageIdDomain: string;
  ackTokenKey: Uint8Array;
  ackLinkValidMinutes: number;
  notificationPolicy: NotificationPolicy;
}

/**
 * Runs a Temporal call so that cancelling the calling activity (e.g. on worker shutdown) abandons
 * it. Outside an activity (a direct call) it simply runs.
 */
export function cancellable<R>(client: Client, fn: () => Promise<R>): Promise<R> {
  let signal: AbortSignal | undefined;
  try {
    signal = Context.current().cancellationSignal;
  } catch {
    signal = undefined;
  }
  return signal ? client.withAbortSignal(signal, fn) : fn();
}

/** The notification id for a release event: derived from the event, so a repeated trigger finds the same one, and free of personal data. */
export const notificationIdFor = (eventKey: string): string => `VN-${shortId(createHash('sha256').update(eventKey).digest())}`;

/**
 * Starts the victim notification for a release event if the prisoner is in the Victim Contact
 * Scheme. Returns the notification id, or null when he is not registered.
 */
export async function startVictimNotification(deps: VictimDeps, eventKey: string, facts: NoticeFacts, traced: Traced = {}): Promise<string | null> {
  let registration;
  try {
    registration = await cancellable(deps.client, () => deps.client.workflow.getHandle(registrationWorkflowId(facts.prisonerNumber)).query(getRegistration));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
  if (!registration) return null;
  const id = notificationIdFor(eventKey);
  await deps.client.workflow.start(VICTIM_NOTIFICATION_WORKFLOW, {
    workflowId: id,
    taskQueue: deps.taskQueue,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    memo: correlationMemo(traced),
    args: [{ id, facts, registration: { vloEmail: registration.vloEmail, teamMailbox: registration.teamMailbox }, policy: deps.notificationPolicy } satisfies VictimNotificationInput],
  });
  return id;
}

export function createVictimActivities(deps: VictimDeps) {
  return {
    async notifyVictimLiaison({ eventKey, facts }: { eventKey: string; facts: NoticeFacts }): Promise<string | null> {
      return startVictimNotification(deps, eventKey, facts);
    },

    /** One notice to one address. Its Message-ID is fixed by the notification and notice, so a resend after a crash is recognisably the same message. */
    async sendVictimNotice({ notificationId, key, level, to, facts }: { notificationId: string; key: string; level: number; to: string; facts: NoticeFacts }): Promise<void> {
      const token = await signAckToken(deps.ackTokenKey, { notificationId, linkId: `${key}:${to}` }, deps.ackLinkValidMinutes);
      const link = `${deps.publicBaseUrl.replace(/\/$/, '')}/victim-notifications/acknowledge?token=${token}`;
      const urgent = facts.kind === 'RELEASE_IN_ERROR';
      const headline = urgent ? 'URGENT: a prisoner has been released in error' : 'A prisoner in the Victim Contact Scheme has been released';
      const mail = renderCaseMail(urgent ? 'URGENT' : 'NOTICE', notificationId, `${headline}${level > 1 ? ` (escalation level ${level})` : ''}`, [
        ['Prisoner number', facts.prisonerNumber],
        ['Prison', facts.prisonCode],
        ['Release type', facts.releaseType],
        ['Released', londonTime(facts.releasedAt ?? null)],
        ['Acknowledge', link],
      ], link);
      await sendClassified(deps.transport, {
        from: deps.from,
        to,
        ...mail,
        messageId: messageIdFor(notificationId, key, deps.messageIdDomain),
        headers: { 'X-Release-Guard-Reference': notificationId, 'X-Release-Guard-Attempt': String(Context.current().info.attempt) },
        ...(urgent ? { priority: 'high' as const } : {}),
      });
    },
  };
}
