import { MailCatcher, type MailCatcherOptions } from '../../src/infra/mail-catcher.ts';

/** A real SMTP server on a free loopback port, for asserting on delivered mail. */
export function startSmtpCatcher(options: Partial<MailCatcherOptions> = {}): Promise<MailCatcher> {
  return new MailCatcher({ port: 0, host: '127.0.0.1', ...options }).start();
}
