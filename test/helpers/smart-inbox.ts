import nodemailer from 'nodemailer';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, expect } from 'vitest';
import { inboxWorkflowId } from '../../src/workflows/definitions.ts';
import { startTestSystem, type TestSystem } from './test-system.ts';

/** What the smart-inbox tests share: the system with a unit expert's token, PDFs, and delivery over real SMTP. */

export interface InboxTestSystem {
  sys: TestSystem;
  expert: string;
}

/** Starts the system before the file's tests; `afterAll(() => sys?.stop())` stays with the file. */
export function startInboxTestSystem(started: (system: InboxTestSystem) => void): void {
  beforeAll(async () => {
    const sys = await startTestSystem();
    const expert = await sys.issuer.token('expert', ['COURT_EXPERT']);
    started({ sys, expert });
  });
}

export async function pdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 40, y: 760 - i * 16, size: 11, font }));
  return Buffer.from(await doc.save());
}

export type Message = {
  id: string;
  status: string;
  outcome?: string;
  prisonerNumber?: string;
  explanation?: string[];
  documents: { filename: string; sha256: string; textRead: boolean; problem?: string }[];
};

/** The calls that deliver mail to the intake; `current` gives the file's system once it has started. */
export function inboxCalls(current: () => InboxTestSystem) {
  /** Sends over real SMTP to the intake, then waits for the message's workflow and reads what it made of it. */
  async function deliver(mail: {
    subject: string;
    text: string;
    attachments?: { filename: string; content: Buffer; contentType: string }[];
  }): Promise<Message> {
    const { sys, expert } = current();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: sys.inboxPort,
      secure: false,
      ignoreTLS: true,
    });
    const info = await transport.sendMail({ from: 'listing@court.example', to: 'inbox@release-guard.test', ...mail });
    transport.close();
    expect(info.response).toMatch(/^250/);
    // The id is the raw message's checksum; find it by subject.
    let id: string | undefined;
    for (let i = 0; i < 50 && !id; i++) {
      id = (
        await sys.stores.db.query<{ id: string }>('SELECT id FROM inbox_messages WHERE subject = $1', [mail.subject])
      )[0]?.id;
      if (!id) await new Promise((r) => setTimeout(r, 100));
    }
    await sys.client.workflow.getHandle(inboxWorkflowId(id!)).result();
    return (await sys.http('GET', `/api/inbox/messages/${id}`, { token: expert })).body as Message;
  }
  return { deliver };
}
