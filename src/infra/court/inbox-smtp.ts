import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface InboxIntakeOptions {
  host: string;
  port: number;
  /** Larger than this is refused in the SMTP conversation (552): the sender learns at once. */
  hardLimitBytes: number;
  /** Takes a whole message; resolves once it is kept, so 250 means it will not be lost. */
  receive(raw: Buffer, envelope: { from?: string }): Promise<void>;
}

/**
 * The smart inbox's SMTP intake (the embedded default listens on loopback; in production the
 * unit's mailbox forwards to it). A message is answered 250 only after it is kept; if it cannot be
 * kept the answer is 451, and the sending server tries again later.
 */
export async function startInboxIntake(options: InboxIntakeOptions): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: options.hardLimitBytes,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.hardLimitBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > options.hardLimitBytes) {
          return callback(Object.assign(new Error('Message too large for the inbox'), { responseCode: 552 }));
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
        options.receive(Buffer.concat(chunks), from ? { from } : {}).then(
          () => callback(),
          () =>
            callback(
              Object.assign(new Error('The inbox cannot keep messages just now; try again later'), {
                responseCode: 451,
              }),
            ),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
