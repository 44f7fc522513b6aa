import { ImapFlow } from 'imapflow';
import type { MailboxReader } from '../../domain/inbox/inbox.ts';

/**
 * The unit's mailbox over IMAP (`imaps://user:password@host:993/INBOX`; `imap://` only where the
 * server is on the same host or network). Unread messages are fetched whole, handed over, and
 * flagged \\Seen only after they are kept.
 */
export function imapMailbox(url: string): MailboxReader {
  const target = new URL(url);
  const folder = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    name: `${target.protocol}//${target.host}/${folder}`,
    async take(limit, keep) {
      const client = new ImapFlow({
        host: target.hostname,
        port: Number(target.port) || (target.protocol === 'imaps:' ? 993 : 143),
        secure: target.protocol === 'imaps:',
        auth: { user: decodeURIComponent(target.username), pass: decodeURIComponent(target.password) },
        logger: false,
        // A plain imap:// URL is a deliberate choice for a server on the same host; do not upgrade it.
        ...(target.protocol === 'imap:' ? { doSTARTTLS: false } : {}),
      });
      await client.connect();
      let taken = 0;
      try {
        const lock = await client.getMailboxLock(folder);
        try {
          const unseen = ((await client.search({ seen: false }, { uid: true })) || []).slice(0, limit);
          for (const uid of unseen) {
            const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
            if (!message || !message.source) continue;
            await keep(message.source);
            await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
            taken += 1;
          }
        } finally {
          lock.release();
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
      return taken;
    },
  };
}
