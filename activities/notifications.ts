import { Context } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import type { Alert } from '../domain/urgent-query/query-state.ts';
import { messageIdFor, sendClassified } from './mailer.ts';
import { renderQueryAlert } from './templates/query-alert.ts';

export interface NotificationDeps {
  transport: Transporter;
  from: string;
  /** Where links in emails point. */
  publicBaseUrl: string;
  messageIdDomain: string;
}

export function createNotificationActivities(deps: NotificationDeps) {
  return {
    /** Sends one query alert. Retried by Temporal; the stable Message-ID marks any duplicate. */
    async sendQueryAlert(alert: Alert): Promise<void> {
      const workflowId = Context.current().info.workflowExecution?.workflowId ?? 'standalone';
      const mail = renderQueryAlert(alert, deps.publicBaseUrl);
      await sendClassified(deps.transport, {
        from: deps.from,
        to: alert.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdFor(workflowId, alert.key, deps.messageIdDomain),
        headers: { 'X-Release-Guard-Reference': alert.reference, 'X-Release-Guard-Alert': alert.kind },
      });
    },
  };
}
