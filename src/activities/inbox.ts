import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { Actor } from '../domain/actors.ts';
import {
  extractIdentifiers,
  filingOutcome,
  subjectsOf,
  type FilingOutcome,
  type InboxStore,
  type MailboxReader,
} from '../domain/inbox/inbox.ts';
import { INBOX_LIMITS, senderFlood } from '../domain/inbox/inbox-limits.ts';
import type { PersonMatcher } from '../domain/court/matching.ts';
import type { PrisonerRegister } from '../domain/register/register.ts';
import { OPEN_STATUSES } from '../domain/urgent-query/vocabulary.ts';
import type { Services } from '../services/index.ts';
import { documentText } from '../infra/court/document-text.ts';
import { mailSender, type MailDeps } from './mail.ts';
import { renderCaseMail } from './templates/case-mail.ts';

export interface InboxActivityDeps extends MailDeps {
  inbox: InboxStore;
  matcher: PersonMatcher;
  register: PrisonerRegister;
  queries: Services['queries'];
  courtContacts: { unitQueue: string; prisonMailboxTemplate: string };
  /** The unit's mailbox, when the inbox reads one (INBOX_IMAP_URL); null when mail arrives by SMTP only. */
  mailbox: MailboxReader | null;
  inboxIntake: Pick<Services['inbox'], 'receive' | 'fileOnQuery' | 'prisonNotice'>;
}

/** Each unread message in the mailbox kept (its workflow started), then marked read; at most 200 a poll. */
export async function pollMailbox(
  mailbox: MailboxReader | null,
  intake: Pick<Services['inbox'], 'receive'>,
): Promise<{ taken: number }> {
  if (!mailbox) return { taken: 0 };
  return { taken: await mailbox.take(200, async (raw) => void (await intake.receive(raw))) };
}

/** The inbox acting in the unit's name: it may read the queue and add a note to a query. */
const INBOX_ACTOR: Actor = { username: 'smart-inbox', roles: ['COURT_EXPERT'], caseload: [] };

export function createInboxActivities(deps: InboxActivityDeps) {
  const mail = mailSender(deps);
  return {
    /** One poll of the unit's mailbox: each unread message kept (and its workflow started), then marked read. */
    pollInboxMailbox: () => pollMailbox(deps.mailbox, deps.inboxIntake),

    /** His prison told of `count` documents the inbox filed on him since its last notice (at most one a window). */
    async sendInboxPrisonNotice({
      prisonerNumber,
      count,
      key,
    }: {
      prisonerNumber: string;
      count: number;
      key: string;
    }): Promise<void> {
      const prisoner = await deps.register.find(prisonerNumber);
      if (!prisoner) return;
      const documents = `${count} document${count === 1 ? '' : 's'}`;
      await mail.send({
        caseId: `IN-${prisonerNumber}`,
        key,
        to: [deps.courtContacts.prisonMailboxTemplate.replace('{prisonCode}', prisoner.prisonCode)],
        mail: renderCaseMail(
          'Inbox',
          prisonerNumber,
          `${documents} for someone you hold filed on his record`,
          [
            ['Prisoner', prisonerNumber],
            ['Filed since the last notice', String(count)],
            [
              'Next notice',
              `not before ${INBOX_LIMITS.prisonNoticeEveryMinutes} minutes from now, with a count of any more`,
            ],
          ],
          mail.link(`/api/prisoners/${prisonerNumber}`),
        ),
      });
    },

    /**
     * Reads a kept message (its body and each attachment's text; a PDF through pdf.js in a child process), keeps every
     * attachment with its checksum, finds whom it is about, and files it: on his record, listed on each
     * open query for him, and counted towards his prison's next notice; or in the unit's triage queue,
     * with why (a sender over its hourly limit goes there whatever it says).
     */
    async fileInboxMessage(id: string): Promise<{ status: string }> {
      const raw = await deps.inbox.raw(id);
      if (!raw) return { status: 'NOT_KEPT' };
      const message = await simpleParser(raw);
      // The envelope's sender where SMTP gave one, else the message's own From (IMAP). A sender past
      // its hourly limit is not read at all: its documents are kept for a person.
      const sender = (await deps.inbox.read(id))?.from ?? message.from?.value[0]?.address;
      const earlier = sender ? await deps.inbox.earlierFromSender(id, sender, INBOX_LIMITS.senderWindowMinutes) : 0;
      const flood = sender ? senderFlood(sender, earlier, INBOX_LIMITS.messagesPerSenderPerHour) : null;
      const texts = [message.subject ?? '', message.text ?? ''];
      let unreadable = false;
      let brokeLimit: string | undefined;
      const documents = [];
      for (const [position, attachment] of message.attachments.slice(0, 50).entries()) {
        const read = flood
          ? { problem: 'Not read: its sender is past the hourly limit' }
          : await documentText(attachment.content, attachment.contentType, attachment.filename ?? '');
        if ('text' in read) texts.push(read.text);
        else unreadable = true;
        // Read in a cage (src/infra/court/document-text.ts): a hostile document costs one child process, and is never read twice.
        if ('limit' in read && read.limit)
          brokeLimit ??= `${(attachment.filename ?? `Attachment ${position + 1}`).slice(0, 200)}: ${read.problem}`;
        documents.push({
          position,
          filename: (attachment.filename ?? `attachment-${position + 1}`).slice(0, 200),
          contentType: attachment.contentType.slice(0, 100),
          size: attachment.size,
          sha256: createHash('sha256').update(attachment.content).digest('hex'),
          content: attachment.content,
          textRead: 'text' in read,
          ...('problem' in read ? { problem: read.problem } : {}),
        });
      }
      await deps.inbox.keepDocuments(id, documents);

      const extracted = extractIdentifiers(texts.join('\n'));
      let outcome: FilingOutcome;
      if (flood) outcome = flood;
      else {
        const known = (
          await Promise.all(extracted.prisonerNumbers.slice(0, 10).map((pn) => deps.register.find(pn)))
        ).filter((p) => p !== null);
        const subjects = subjectsOf(extracted);
        const decisions = subjects.length ? await deps.matcher.match(subjects) : [];
        outcome = filingOutcome(extracted, known, decisions, unreadable, brokeLimit);
      }
      const explanation = outcome.status === 'FILED' ? [outcome.reason] : [outcome.detail];
      await deps.inbox.file(id, {
        status: outcome.status,
        outcome: outcome.status === 'FILED' ? 'FILED' : outcome.reason,
        ...(outcome.status === 'FILED' ? { prisonerNumber: outcome.prisonerNumber } : {}),
        extracted,
        explanation,
        ...(sender ? { from: sender } : {}),
      });

      const caseId = `IM-${id}`;
      const link = mail.link(`/api/inbox/messages/${id}`);
      const listed: [string, string][] = documents.map((d) => [
        d.filename,
        `${d.contentType}, ${d.size} bytes, sha256 ${d.sha256.slice(0, 16)}…${d.problem ? ` (${d.problem})` : ''}`,
      ]);
      if (outcome.status === 'TRIAGE') {
        // A flooding sender's messages all wait in triage; the unit is told once, at the first past the limit.
        if (outcome.reason === 'SENDER_FLOOD' && earlier > INBOX_LIMITS.messagesPerSenderPerHour)
          return { status: 'TRIAGE' };
        await mail.send({
          caseId,
          key: 'triage',
          to: [deps.courtContacts.unitQueue],
          mail: renderCaseMail(
            'Inbox',
            id.slice(0, 12),
            `An email for triage: ${outcome.reason.toLowerCase().replace(/_/g, ' ')}`,
            [['Why', outcome.detail], ...listed],
            link,
          ),
        });
        return { status: 'TRIAGE' };
      }
      // On each open query for him, the document in the inbox's own list (bounded; never a note, so it
      // cannot use up the notes people write), and a count towards his prison's next notice.
      const { items } = await deps.queries.queue(INBOX_ACTOR, { prisonerNumber: outcome.prisonerNumber, pageSize: 50 });
      const open = items.filter((q) => (OPEN_STATUSES as readonly string[]).includes(q.status ?? ''));
      const summary =
        documents.map((d) => `${d.filename} (sha256 ${d.sha256.slice(0, 16)})`).join(', ') || 'the email itself';
      for (const q of open)
        await deps.inboxIntake.fileOnQuery(q.reference, { at: new Date().toISOString(), messageId: id, summary });
      await deps.inboxIntake.prisonNotice(outcome.prisonerNumber, id);
      return { status: 'FILED' };
    },
  };
}
