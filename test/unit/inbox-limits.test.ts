import { describe, expect, it } from 'vitest';
import { INBOX_LIMITS, senderFlood } from '../../src/domain/inbox/inbox-limits.ts';
import { fileInboxDocument } from '../../src/domain/urgent-query/inbox-documents.ts';
import { raiseQuery } from '../../src/domain/urgent-query/query-state.ts';
import { applyOperation, checkOperation } from '../../src/domain/urgent-query/operations.ts';
import { testPolicy } from '../helpers/policy.ts';

const policy = testPolicy();
const officer = { username: 'prison.officer', roles: ['PRISON_STAFF' as const], caseload: ['MDI'] };
const raised = () =>
  raiseQuery(
    'UQ-MDI-TEST',
    { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'WARRANT_MISSING', question: 'Which warrant?' },
    officer,
    new Date('2026-12-07T09:00:00Z'),
    policy,
  );
const entry = (i: number) => ({
  at: new Date(Date.UTC(2026, 11, 7, 9, 0, i)).toISOString(),
  messageId: `m${i}`,
  summary: `order-${i}.pdf`,
});

describe('documents the inbox files on a query', () => {
  it('keeps the latest in a list of their own, counts the rest archived, and never blocks a note', () => {
    let state = raised();
    for (let i = 0; i < 1_000; i++) state = fileInboxDocument(state, entry(i), INBOX_LIMITS.documentsPerQuery);
    expect(state.inboxDocuments).toHaveLength(INBOX_LIMITS.documentsPerQuery);
    expect(state.inboxDocuments![0]!.messageId).toBe('m950');
    expect(state.inboxDocuments!.at(-1)!.messageId).toBe('m999');
    expect(state.inboxDocumentsArchived).toBe(950);
    expect(checkOperation(state, 'addNote', { text: 'A person’s note' }, officer)).toBeNull();
    const { state: noted } = applyOperation(state, 'addNote', { text: 'A person’s note' }, officer, new Date(), policy);
    expect(noted.timeline.filter((e) => e.action === 'NOTE')).toHaveLength(1);
  });

  it('lists a message filed twice (a retried activity) once, even after it left the list', () => {
    const once = fileInboxDocument(raised(), entry(1), 50);
    expect(fileInboxDocument(once, entry(1), 50)).toBe(once);
    let state = once;
    for (let i = 2; i <= 60; i++) state = fileInboxDocument(state, entry(i), 50);
    expect(fileInboxDocument(state, entry(1), 50)).toBe(state);
    expect(state.inboxDocumentsArchived).toBe(10);
  });
});

describe('a sender’s hourly limit', () => {
  it('files up to the limit and sends the rest to triage, with why', () => {
    expect(
      senderFlood('a@court.example', INBOX_LIMITS.messagesPerSenderPerHour - 1, INBOX_LIMITS.messagesPerSenderPerHour),
    ).toBeNull();
    expect(
      senderFlood('a@court.example', INBOX_LIMITS.messagesPerSenderPerHour, INBOX_LIMITS.messagesPerSenderPerHour),
    ).toMatchObject({
      status: 'TRIAGE',
      reason: 'SENDER_FLOOD',
      detail: expect.stringMatching(/a@court.example sent 31 messages within an hour/),
    });
  });
});
