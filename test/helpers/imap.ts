import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from '../../src/infra/free-port.ts';

/** Debian's Dovecot (apt-get install dovecot-imapd; scripts/ensure-test-tools installs it): a real IMAP server. */
const DOVECOT = ['/usr/sbin/dovecot', '/usr/bin/dovecot'].find((p) => spawnSync('test', ['-x', p]).status === 0);

export interface TestMailbox {
  url: string;
  /** Puts a message in the mailbox as a mail server would deliver it (IMAP APPEND, unread). */
  deliver(raw: string | Buffer): Promise<void>;
  /** The mailbox's messages, each with its flags. */
  flags(): Promise<string[][]>;
  stop(): Promise<void>;
}

const waitForPort = async (port: number) => {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(socket.end() && true)).on(
        'error',
        () => resolve(false),
      );
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Dovecot did not listen on ${port}`);
};

/** A Dovecot of our own on a free loopback port, one user, a maildir in a temporary directory. */
export async function startTestMailbox(): Promise<TestMailbox> {
  if (!DOVECOT)
    throw new Error('No Dovecot: run `apt-get install dovecot-imapd` (scripts/ensure-test-tools does when it can)');
  const dir = mkdtempSync(path.join(tmpdir(), 'rg-imap-'));
  // Dovecot's auth and mail processes run as its own users: they must reach the passwd file and the maildir.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const home = path.join(dir, 'home');
  mkdirSync(home);
  const uid = Number(spawnSync('id', ['-u', 'dovecot']).stdout.toString().trim());
  const gid = Number(spawnSync('id', ['-g', 'dovecot']).stdout.toString().trim());
  chownSync(home, uid, gid);
  writeFileSync(path.join(dir, 'passwd'), 'unit:{PLAIN}unit-mailbox-secret\n');
  writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = rg-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${home}/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await waitForPort(port);
  const url = `imap://unit:unit-mailbox-secret@127.0.0.1:${port}/INBOX`;
  const client = async <T>(work: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'unit', pass: 'unit-mailbox-secret' },
      logger: false,
    });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.logout();
    }
  };
  return {
    url,
    deliver: (raw) => client(async (c) => void (await c.append('INBOX', raw, []))),
    flags: () =>
      client(async (c) => {
        const lock = await c.getMailboxLock('INBOX');
        try {
          const all: string[][] = [];
          for await (const m of c.fetch('1:*', { flags: true })) all.push([...(m.flags ?? [])]);
          return all;
        } finally {
          lock.release();
        }
      }),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
