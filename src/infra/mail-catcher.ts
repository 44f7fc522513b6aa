import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface CaughtMail {
  id: string;
  receivedAt: string;
  messageId: string | undefined;
  from: string | undefined;
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  headers: Record<string, string>;
}

export interface MailCatcherOptions {
  port: number;
  host?: string;
  /** Return an SMTP reply code (e.g. 550) to refuse a recipient, or nothing to accept. */
  recipientVerdict?: (address: string) => { code: number; message: string } | undefined;
}

/**
 * A real SMTP server on loopback that keeps what it receives in memory: the dev mail catcher
 * behind /dev/mail, and the tests' way of asserting on delivered mail.
 */
export class MailCatcher {
  private server: SMTPServer | null = null;
  private readonly caught: CaughtMail[] = [];
  private readonly waiters = new Set<() => void>();
  port: number;
  /** Replaceable at run time, so a test can start or stop refusing a recipient. */
  recipientVerdict: MailCatcherOptions['recipientVerdict'];
  /** Awaited after a message is stored and before the server answers 250: lets a test hold a sender mid-send. */
  beforeAccept: (() => Promise<void>) | undefined;
  /** Connections opened to it so far, health checks included. */
  connectionCount = 0;

  constructor(private readonly options: MailCatcherOptions) {
    this.port = options.port;
    this.recipientVerdict = options.recipientVerdict;
  }

  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        this.connectionCount += 1;
        callback();
      },
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const verdict = this.recipientVerdict?.(address.address);
        if (!verdict) return callback();
        const err = Object.assign(new Error(verdict.message), { responseCode: verdict.code });
        callback(err);
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) =>
              a.value.map((v) => v.address ?? ''),
            );
            const headers: Record<string, string> = {};
            for (const [key, value] of mail.headers)
              headers[key] = typeof value === 'string' ? value : JSON.stringify(value);
            this.caught.push({
              id: randomUUID(),
              receivedAt: new Date().toISOString(),
              messageId: mail.messageId,
              from: mail.from?.text,
              to,
              subject: mail.subject,
              text: mail.text,
              html: typeof mail.html === 'string' ? mail.html : undefined,
              headers,
            });
            for (const wake of this.waiters) wake();
            return this.beforeAccept?.();
          })
          .then(() => callback())
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get running(): boolean {
    return this.server !== null;
  }

  messages(): CaughtMail[] {
    return [...this.caught];
  }

  clear(): void {
    this.caught.length = 0;
  }

  /** Resolves with the matching mails once `count` of them have arrived. */
  async waitFor(match: (mail: CaughtMail) => boolean, { count = 1, timeoutMs = 30_000 } = {}): Promise<CaughtMail[]> {
    const found = () => this.caught.filter(match);
    if (found().length >= count) return found();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (found().length >= count) {
          cleanup();
          resolve(found());
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${count} mail(s); have ${found().length}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }
}
