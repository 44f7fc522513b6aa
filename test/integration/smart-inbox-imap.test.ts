import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollMailbox } from '../../src/activities/inbox.ts';
import { imapMailbox } from '../../src/infra/court/imap-mailbox.ts';
import { inboxWorkflowId } from '../../src/workflows/definitions.ts';
import { admit } from '../helpers/database.ts';
import { startTestMailbox, type TestMailbox } from '../helpers/imap.ts';
import { uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import { pdf, startInboxTestSystem } from '../helpers/smart-inbox.ts';
import type { TestSystem } from '../helpers/test-system.ts';

/** The smart inbox reading the unit's mailbox over IMAP; filing and the flood are in smart-inbox.test.ts. */

let sys: TestSystem;
let expert: string;
startInboxTestSystem((started) => ({ sys, expert } = started));
afterAll(() => sys?.stop());

describe('the smart inbox reading the unit’s mailbox over IMAP (a real Dovecot)', () => {
  let mailbox: TestMailbox;
  beforeAll(async () => {
    mailbox = await startTestMailbox();
  });
  afterAll(() => mailbox?.stop());

  const compose = async (mail: {
    subject: string;
    text: string;
    attachments?: { filename: string; content: Buffer }[];
  }) =>
    (
      await nodemailer
        .createTransport({ streamTransport: true, buffer: true })
        .sendMail({ from: 'listing@court.example', to: 'unit@justice.example', ...mail })
    ).message as Buffer;

  it('takes each unread message, files it, and marks it read only once kept: a failure leaves it for the next poll', async () => {
    const pn = await admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', {
      firstName: 'Evangeline',
      lastName: 'Cholmondeley',
      dateOfBirth: '1991-01-31',
    });
    await mailbox.deliver(
      await compose({
        subject: 'Order for the wrong prison',
        text: 'See attached.',
        attachments: [
          {
            filename: 'order.pdf',
            content: await pdf(['Court order', `Prisoner ${pn}`, 'Name: CHOLMONDELEY, Evangeline']),
          },
        ],
      }),
    );
    const reader = imapMailbox(mailbox.url);

    // The store is down: nothing is marked read.
    await expect(
      pollMailbox(reader, { receive: () => Promise.reject(new Error('database unreachable')) }),
    ).rejects.toThrow('database unreachable');
    expect((await mailbox.flags())[0]).not.toContain('\\Seen');

    expect(await pollMailbox(reader, sys.services.inbox)).toEqual({ taken: 1 });
    expect((await mailbox.flags())[0]).toContain('\\Seen');
    expect(await pollMailbox(reader, sys.services.inbox)).toEqual({ taken: 0 });
    const [row] = await sys.stores.db.query<{ id: string }>(
      `SELECT id FROM inbox_messages WHERE subject = 'Order for the wrong prison'`,
    );
    await sys.client.workflow.getHandle(inboxWorkflowId(row!.id)).result();
    expect((await sys.http('GET', `/api/inbox/messages/${row!.id}`, { token: expert })).body).toMatchObject({
      status: 'FILED',
      prisonerNumber: pn,
      documents: [{ filename: 'order.pdf', textRead: true }],
    });
  });

  it('polls every minute on a Temporal Schedule that skips a poll while the last still runs', async () => {
    const scheduleId = `inbox-${sys.taskQueue}`;
    await sys.services.inbox.ensureMailboxSchedule({ scheduleId });
    const schedule = sys.client.schedule.getHandle(scheduleId);
    try {
      const described = await schedule.describe();
      expect(described.policies).toMatchObject({ overlap: 'SKIP' });
      expect(described.spec.intervals?.[0]).toMatchObject({ every: 60_000 });
      expect(described.action).toMatchObject({ workflowType: 'inboxMailboxPoll' });
    } finally {
      await schedule.delete();
    }
  });
});
