import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { inboxWorkflowId } from '../../src/workflows/definitions.ts';
import { admit } from '../helpers/database.ts';
import { EXPERT, PRISON_OFFICER, eventually, uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { INBOX_LIMITS } from '../../src/domain/inbox/inbox-limits.ts';
import { inboxCalls, pdf, startInboxTestSystem } from '../helpers/smart-inbox.ts';
import type { TestSystem } from '../helpers/test-system.ts';
import { hostilePdf } from '../helpers/hostile-pdf.ts';
import { recordHistory } from '../helpers/histories.ts';

/** The smart inbox filing what it reads (on the right prisoner, to triage with why, or caged), and under a flood; IMAP is in smart-inbox-imap.test.ts. */

let sys: TestSystem;
let expert: string;
startInboxTestSystem((started) => ({ sys, expert } = started));
afterAll(() => sys?.stop());
const { deliver } = inboxCalls(() => ({ sys, expert }));

describe('the smart inbox', () => {
  it('files a warrant sent to the wrong prison on the prisoner named in its PDF, keeps it with a checksum, tells his prison and lists it on his open query', async () => {
    const pn = await admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', {
      firstName: 'Cornelius',
      lastName: 'Blackwood',
      dateOfBirth: '1975-09-09',
    });
    const { reference } = await sys.services.queries.raise(PRISON_OFFICER, {
      prisonerNumber: pn,
      category: 'WARRANT_MISSING',
      question: 'No remand warrant on file',
    });
    // The inbox finds his open queries through the queue, which is eventually consistent.
    await eventually(
      () => sys.services.queries.queue(EXPERT, { prisonerNumber: pn, pageSize: 10 }),
      (page) => page.items.length > 0,
    );
    const warrant = await pdf([
      'WARRANT OF COMMITMENT',
      `Prisoner number: ${pn}`,
      'Name: BLACKWOOD, Cornelius',
      'Sheffield Crown Court   Case T20260117',
    ]);
    const message = await deliver({
      subject: 'Warrant - sent in error',
      text: 'Please see the attached warrant, received here in error.',
      attachments: [{ filename: 'warrant.pdf', content: warrant, contentType: 'application/pdf' }],
    });
    expect(message).toMatchObject({
      status: 'FILED',
      prisonerNumber: pn,
      documents: [
        { filename: 'warrant.pdf', textRead: true, sha256: createHash('sha256').update(warrant).digest('hex') },
      ],
    });
    const [stored] = await sys.stores.db.query<{ content: Buffer }>(
      'SELECT content FROM inbox_documents WHERE message_id = $1',
      [message.id],
    );
    expect(Buffer.compare(Buffer.from(stored!.content), warrant)).toBe(0);
    await sys.mail.waitFor(
      (m) => m.to.includes('omu.MDI@prison.test') && (m.subject ?? '').includes('filed on his record'),
    );
    // On his open query, in the inbox's own list (not a note): the expert answering sees it.
    const query = await eventually(
      async () =>
        (await sys.http('GET', `/api/urgent-queries/${reference}`, { token: expert })).body as {
          timeline: { action: string }[];
          inboxDocuments?: { messageId: string; summary: string }[];
        },
      (q) => !!q.inboxDocuments?.length,
    );
    expect(query.inboxDocuments).toEqual([
      expect.objectContaining({ messageId: message.id, summary: expect.stringContaining('warrant.pdf') }),
    ]);
    expect(query.timeline.filter((e) => e.action === 'NOTE')).toEqual([]);
    // A running query that took the inbox's signal: replayed by every later version of the workflow.
    await recordHistory(sys.client.workflow.getHandle(reference), 'urgent-query-with-inbox-document');
  });

  it('does not file on a prisoner number whose name and date of birth in the same message are someone else’s: triage, with why', async () => {
    const pn = await admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', {
      firstName: 'Bartholomew',
      lastName: 'Fenwick',
      dateOfBirth: '1969-06-21',
    });
    const message = await deliver({
      subject: 'Remand warrant, wrong number?',
      text: `Prisoner number: ${pn}\nDefendant: HOLLOWAY, Jasper  DOB: 02/11/1994\nRemanded in custody by Leeds Crown Court.`,
    });
    expect(message).toMatchObject({ status: 'TRIAGE', outcome: 'NUMBER_UNCONFIRMED' });
    expect(message.prisonerNumber).toBeUndefined();
    expect(message.explanation![0]).toMatch(new RegExp(`${pn}.*(name|date of birth)`));
    // The same number with his own name, or his date of birth, files it.
    const named = await deliver({
      subject: 'Remand warrant, right man',
      text: `Prisoner number: ${pn}\nName: FENWICK, Bartholomew\nRemanded in custody.`,
    });
    expect(named).toMatchObject({ status: 'FILED', prisonerNumber: pn });
  });

  it('matches on name and date of birth in the body when there is no prisoner number', async () => {
    const pn = await admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', {
      firstName: 'Philippa',
      lastName: 'Winterbottom',
      dateOfBirth: '1982-12-01',
    });
    const message = await deliver({
      subject: 'Result for your prisoner',
      text: 'Defendant: Philippa WINTERBOTTOM, DOB 01/12/1982, was remanded in custody by Leeds Crown Court.',
    });
    expect(message).toMatchObject({ status: 'FILED', prisonerNumber: pn });
    expect(message.explanation![0]).toMatch(/scored/);
  });

  it('sends to triage, with why, an email naming no one, one naming two prisoners, and an unreadable attachment', async () => {
    const nobody = await deliver({ subject: 'FYI', text: 'Please see attached.' });
    expect(nobody).toMatchObject({ status: 'TRIAGE', outcome: 'NO_IDENTIFIERS' });
    const [a, b] = [await sys.admit('MDI'), await sys.admit('MDI')];
    const two = await deliver({ subject: 'Two people', text: `Results for ${a} and ${b}.` });
    expect(two).toMatchObject({ status: 'TRIAGE', outcome: 'AMBIGUOUS' });
    const broken = await deliver({
      subject: 'Scan',
      text: 'Attached.',
      attachments: [
        {
          filename: 'scan.pdf',
          content: Buffer.from('%PDF-1.4 this is not really a pdf'),
          contentType: 'application/pdf',
        },
      ],
    });
    expect(broken).toMatchObject({
      status: 'TRIAGE',
      outcome: 'UNREADABLE',
      documents: [
        { filename: 'scan.pdf', textRead: false, problem: expect.stringMatching(/could not be read|no text layer/) },
      ],
    });
    const triage = (await sys.http('GET', '/api/inbox/triage', { token: expert })).body as { items: { id: string }[] };
    expect(triage.items.map((m) => m.id)).toEqual(expect.arrayContaining([nobody.id, two.id, broken.id]));
    await sys.mail.waitFor((m) => m.to.includes('queue@unit.test') && (m.subject ?? '').includes('triage'));
  });

  it('stops a hostile PDF in its cage within 5 s: kept, unread, sent to triage once (no retry), and the worker goes on filing', async () => {
    const pn = await admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', {
      firstName: 'Octavia',
      lastName: 'Pemberton',
      dateOfBirth: '1988-08-08',
    });
    const hostile = hostilePdf(1_000_000);
    const started = Date.now();
    const message = await deliver({
      subject: 'Bundle for Pemberton',
      text: `Prisoner number: ${pn}\nName: PEMBERTON, Octavia`,
      attachments: [{ filename: 'bundle.pdf', content: hostile, contentType: 'application/pdf' }],
    });
    const took = Date.now() - started;
    console.log(`hostile PDF through the inbox: ${took} ms from SMTP to triage`);
    expect(took).toBeLessThan(5_000);
    // Her name and number agree, but an unread document is for a person to read before it is filed.
    expect(message).toMatchObject({
      status: 'TRIAGE',
      outcome: 'UNREADABLE',
      documents: [
        {
          filename: 'bundle.pdf',
          textRead: false,
          problem: expect.stringMatching(/stopped/),
          sha256: createHash('sha256').update(hostile).digest('hex'),
        },
      ],
    });
    const history = await sys.client.workflow.getHandle(inboxWorkflowId(message.id)).fetchHistory();
    const attempts = (history.events ?? [])
      .filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    expect(attempts).toEqual([1]);
    // The worker that ran it is alive and filing.
    const after = await deliver({
      subject: 'After the bundle',
      text: `Prisoner number: ${pn}\nName: PEMBERTON, Octavia`,
    });
    expect(after).toMatchObject({ status: 'FILED', prisonerNumber: pn });
  });

  it('keeps an oversized message as a record for the unit, refuses one past the hard limit in the SMTP conversation, and lets only the unit read', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: sys.inboxPort,
      secure: false,
      ignoreTLS: true,
    });
    const big = Buffer.alloc(300 * 1024, 'a');
    await transport.sendMail({
      from: 'a@court.example',
      to: 'inbox@release-guard.test',
      subject: 'Big bundle',
      text: 'x',
      attachments: [{ filename: 'bundle.txt', content: big }],
    });
    const [kept] = await sys.stores.db.query<{ status: string; raw: Buffer | null; outcome: string }>(
      `SELECT status, raw, outcome FROM inbox_messages WHERE subject = 'Big bundle'`,
    );
    expect(kept).toMatchObject({
      status: 'OVERSIZED',
      raw: null,
      outcome: expect.stringMatching(/Larger than the inbox reads/),
    });
    await expect(
      transport.sendMail({
        from: 'a@court.example',
        to: 'inbox@release-guard.test',
        subject: 'Huge',
        text: 'x',
        attachments: [{ filename: 'huge.txt', content: Buffer.alloc(2 * 1024 * 1024, 'b') }],
      }),
    ).rejects.toThrow(/552/);
    transport.close();
    const prison = await sys.issuer.token('officer', ['PRISON_STAFF'], ['MDI']);
    expect((await sys.http('GET', '/api/inbox/triage', { token: prison })).status).toBe(403);
    expect((await sys.http('GET', '/api/inbox/messages/not-an-id', { token: expert })).status).toBe(404);
  });
});

describe('the smart inbox under a flood', () => {
  const compose = async (mail: { from: string; subject: string; text: string }) =>
    (
      await nodemailer
        .createTransport({ streamTransport: true, buffer: true })
        .sendMail({ to: 'inbox@release-guard.test', ...mail })
    ).message as Buffer;
  /** Keeps each message as the intake does (SMTP is tested above); `concurrency` at a time. */
  async function receive(
    messages: { from: string; subject: string; text: string }[],
    concurrency = 20,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < messages.length; i += concurrency) {
      const batch = messages.slice(i, i + concurrency);
      ids.push(
        ...(await Promise.all(
          batch.map(async (m) => (await sys.services.inbox.receive(await compose(m), { from: m.from })).id),
        )),
      );
    }
    return ids;
  }
  const settled = async (ids: string[]) => {
    for (let i = 0; i < ids.length; i += 50)
      await Promise.all(ids.slice(i, i + 50).map((id) => sys.client.workflow.getHandle(inboxWorkflowId(id)).result()));
  };
  const flood = async (messages: { from: string; subject: string; text: string }[], concurrency = 20) => {
    const ids = await receive(messages, concurrency);
    await settled(ids);
    return ids;
  };

  it('staff notes still work after 1,000 inbox filings on one prisoner; his query keeps the latest documents, his prison is told once with a count', async () => {
    const pn = await admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', {
      firstName: 'Percival',
      lastName: 'Haddington',
      dateOfBirth: '1972-02-29',
    });
    const { reference } = await sys.services.queries.raise(PRISON_OFFICER, {
      prisonerNumber: pn,
      category: 'WARRANT_MISSING',
      question: 'Which warrant holds him?',
    });
    await eventually(
      () => sys.services.queries.queue(EXPERT, { prisonerNumber: pn, pageSize: 10 }),
      (page) => page.items.length > 0,
    );
    // A thousand courts (so no sender's limit is reached), each filing a document on him.
    const messages = Array.from({ length: 1_000 }, (_, i) => ({
      from: `listing${i}@court${i}.example`,
      subject: `Order ${i} for Haddington`,
      text: `Prisoner number: ${pn}\nName: HADDINGTON, Percival\nOrder ${i}.`,
    }));
    const started = Date.now();
    const ids = await receive(messages);
    const filed = () =>
      sys.stores.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM inbox_messages WHERE prisoner_number = $1 AND status = 'FILED'`,
        [pn],
      );
    await eventually(filed, ([row]) => row!.n === 1_000, 300_000);
    console.log(`1,000 inbox filings on one prisoner: ${Date.now() - started} ms`);

    // A person's note is never crowded out by the inbox.
    const note = await sys.http('POST', `/api/urgent-queries/${reference}/notes`, {
      token: await sys.issuer.token('prison.officer', ['PRISON_STAFF'], ['MDI']),
      body: { text: 'Spoke to the court: warrant on its way' },
    });
    expect(note.status).toBe(200);
    // Every filing finished (none retrying for a day).
    await settled(ids);
    const query = (await sys.http('GET', `/api/urgent-queries/${reference}`, { token: expert })).body as {
      timeline: { action: string }[];
      inboxDocuments: { messageId: string }[];
      inboxDocumentsArchived: number;
    };
    expect(query.timeline.filter((e) => e.action === 'NOTE')).toHaveLength(1);
    expect(query.inboxDocuments).toHaveLength(50);
    expect(query.inboxDocumentsArchived).toBe(950);

    // His prison: one email for the hour, with the count at the time (the rest wait for the next), not a thousand.
    const notices = sys.mail
      .messages()
      .filter((m) => m.to.includes('omu.MDI@prison.test') && (m.text ?? '').includes(pn));
    expect(notices).toHaveLength(1);
    const told = Number(/Filed since the last notice: (\d+)/.exec(notices[0]!.text ?? '')?.[1]);
    expect(told).toBeGreaterThanOrEqual(1);
    expect(told).toBeLessThan(1_000);
    expect(notices[0]!.subject).toMatch(new RegExp(`${told} documents? for someone you hold filed on his record`));
  }, 600_000);

  it('puts a flooding sender’s messages in triage past the hourly limit, and tells the unit once', async () => {
    const pn = await admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', {
      firstName: 'Drusilla',
      lastName: 'Ormerod',
      dateOfBirth: '1990-10-10',
    });
    const limit = INBOX_LIMITS.messagesPerSenderPerHour;
    const messages = Array.from({ length: limit + 5 }, (_, i) => ({
      from: 'flood@stranger.example',
      subject: `Flood ${i}`,
      text: `Prisoner number: ${pn}\nName: ORMEROD, Drusilla\nMessage ${i}.`,
    }));
    const ids = await flood(messages, 1); // one at a time, so the order is the order received
    const rows = await sys.stores.db.query<{ id: string; status: string; outcome: string }>(
      'SELECT id, status, outcome FROM inbox_messages WHERE id = ANY($1)',
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(ids.slice(0, limit).map((id) => byId.get(id)!.status)).toEqual(Array(limit).fill('FILED'));
    expect(ids.slice(limit).map((id) => byId.get(id)!.outcome)).toEqual(Array(5).fill('SENDER_FLOOD'));
    const other = await flood([
      {
        from: 'listing@leeds.example',
        subject: 'Another court, same man',
        text: `Prisoner number: ${pn}\nName: ORMEROD, Drusilla`,
      },
    ]);
    expect((await sys.services.inbox.read(other[0]!)).status).toBe('FILED');
    await new Promise((r) => setTimeout(r, 500));
    expect(
      sys.mail.messages().filter((m) => m.to.includes('queue@unit.test') && (m.subject ?? '').includes('sender flood')),
    ).toHaveLength(1);
  }, 300_000);
});
