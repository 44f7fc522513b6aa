import type { CaughtMail, MailCatcher } from '../../../src/infra/mail-catcher.ts';

/**
 * The catcher's mail indexed by recipient, read incrementally: a day sends thousands of emails to
 * hundreds of waiting actors, and the catcher's own waitFor scans every mail for every waiter.
 */
export class MailIndex {
  private seen = 0;
  private readonly byRecipient = new Map<string, CaughtMail[]>();
  private readonly waiters = new Set<{
    to: string;
    match: (m: CaughtMail) => boolean;
    resolve: (m: CaughtMail) => void;
  }>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly catcher: MailCatcher) {
    this.timer = setInterval(() => this.refresh(), 100);
  }

  private refresh(): void {
    const all = this.catcher.messages();
    for (const mail of all.slice(this.seen)) {
      for (const to of mail.to) {
        const key = to.toLowerCase();
        const list = this.byRecipient.get(key) ?? [];
        list.push(mail);
        this.byRecipient.set(key, list);
        for (const waiter of this.waiters) {
          if (waiter.to === key && waiter.match(mail)) {
            this.waiters.delete(waiter);
            waiter.resolve(mail);
          }
        }
      }
    }
    this.seen = all.length;
  }

  /** Mail to one recipient that matches, caught so far. */
  to(recipient: string, match: (m: CaughtMail) => boolean = () => true): CaughtMail[] {
    this.refresh();
    return (this.byRecipient.get(recipient.toLowerCase()) ?? []).filter(match);
  }

  /** The first mail to `recipient` that matches (one already caught, or the next); rejects after `timeoutMs`. */
  waitFor(recipient: string, match: (m: CaughtMail) => boolean, timeoutMs = 120_000): Promise<CaughtMail> {
    const [already] = this.to(recipient, match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter = {
        to: recipient.toLowerCase(),
        match,
        resolve: (m: CaughtMail) => {
          clearTimeout(timeout);
          resolve(m);
        },
      };
      const timeout = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no mail to a recipient within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  get total(): number {
    return this.seen;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
