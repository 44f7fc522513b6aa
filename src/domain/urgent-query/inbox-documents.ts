import type { InboxDocumentEntry, QueryState } from './query-state.ts';

/** How many message ids a query remembers to recognise a retried filing: a retry comes within minutes, not 500 filings later. */
const SEEN = 500;

/**
 * A document from the smart inbox, on the query for the expert answering it. Apart from the
 * timeline's notes (which people write, up to a limit): the inbox takes mail from anyone, so its
 * list keeps only the latest `max` and counts the rest as archived. Never refused, never blocks a
 * note. The same message filed again (a signal whose answer timed out, sent again) is listed once.
 */
export function fileInboxDocument(state: QueryState, entry: InboxDocumentEntry, max: number): QueryState {
  const seen = state.inboxMessagesSeen ?? [];
  if (seen.includes(entry.messageId)) return state;
  const next = [
    ...(state.inboxDocuments ?? []),
    { at: entry.at, messageId: entry.messageId, summary: entry.summary.slice(0, 1_000) },
  ];
  const archived = Math.max(0, next.length - max);
  return {
    ...state,
    inboxDocuments: next.slice(archived),
    inboxDocumentsArchived: (state.inboxDocumentsArchived ?? 0) + archived,
    inboxMessagesSeen: [...seen, entry.messageId].slice(-SEEN),
  };
}
