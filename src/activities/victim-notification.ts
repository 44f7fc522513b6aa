import { Context } from '@temporalio/activity';
import { londonTime } from '../domain/format.ts';
import type { NoticeFacts } from '../domain/victim-notification/notification-state.ts';
import { signAckToken } from '../infra/ack-token.ts';
import { mailSender, type MailDeps } from './mail.ts';
import { renderCaseMail } from './templates/case-mail.ts';

export interface NotificationActivityDeps extends MailDeps {
  ackTokenKey: Uint8Array;
  ackLinkValidMinutes: number;
}

/** What a victim notification does outside itself: one notice to one address at a time. */
export function createNotificationActivities(deps: NotificationActivityDeps) {
  const mail = mailSender(deps);
  return {
    /** One notice to one address. Its Message-ID is fixed by the notification and notice, so a resend after a crash is recognisably the same message. */
    async sendVictimNotice({
      notificationId,
      key,
      level,
      to,
      facts,
    }: {
      notificationId: string;
      key: string;
      level: number;
      to: string;
      facts: NoticeFacts;
    }): Promise<void> {
      const token = await signAckToken(
        deps.ackTokenKey,
        { notificationId, linkId: `${key}:${to}` },
        deps.ackLinkValidMinutes,
      );
      const link = mail.link(`/victim-notifications/acknowledge?token=${token}`);
      if (facts.kind === 'RELEASE_DATE_SET' || facts.kind === 'RELEASE_DATE_REMINDER') {
        // Before the release: the date, so the VLO can prepare the victim. The subject names no one.
        const headline =
          facts.kind === 'RELEASE_DATE_SET'
            ? 'The release of a prisoner in the Victim Contact Scheme is planned'
            : 'Reminder: the release of a prisoner in the Victim Contact Scheme is planned';
        const message = renderCaseMail(
          'RELEASE DATE',
          notificationId,
          `${headline}${level > 1 ? ` (escalation level ${level})` : ''}`,
          [
            ['Prisoner number', facts.prisonerNumber],
            ['Prison', facts.prisonCode],
            ['Planned release', londonTime(facts.plannedRelease ?? null)],
            ['Acknowledge', link],
          ],
          link,
        );
        await mail.send({
          caseId: notificationId,
          key,
          to,
          mail: message,
          headers: { 'X-Release-Guard-Attempt': String(Context.current().info.attempt) },
        });
        return;
      }
      const urgent = facts.kind === 'RELEASE_IN_ERROR';
      const returned = facts.kind === 'RETURNED_TO_CUSTODY';
      const headline = urgent
        ? 'URGENT: a prisoner has been released in error'
        : returned
          ? 'A prisoner in the Victim Contact Scheme is back in custody'
          : 'A prisoner in the Victim Contact Scheme has been released';
      const message = renderCaseMail(
        urgent ? 'URGENT' : returned ? 'RETURNED' : 'NOTICE',
        notificationId,
        `${headline}${level > 1 ? ` (escalation level ${level})` : ''}`,
        [
          ['Prisoner number', facts.prisonerNumber],
          ['Prison', facts.prisonCode],
          [returned ? 'Movement' : 'Release type', facts.releaseType],
          [returned ? 'Back in custody' : 'Released', londonTime(facts.releasedAt ?? null)],
          ['Acknowledge', link],
        ],
        link,
      );
      await mail.send({
        caseId: notificationId,
        key,
        to,
        mail: message,
        headers: { 'X-Release-Guard-Attempt': String(Context.current().info.attempt) },
        ...(urgent ? { priority: 'high' as const } : {}),
      });
    },
  };
}
