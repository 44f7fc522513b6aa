import type { InboxDocumentEntry, QueryState } from './query-state.ts';

/**
 * A document from the smart inbox, on the query for the expert answering it. Apart from the
 * timeline's notes (which people write, up to a limit): the inbox takes mail from anyone, so its
 * list keeps only the latest `max` and counts the rest as archived. Never refused, never blocks a
 * note. The same message filed twice (a retried activity) is listed once.
 */
export function fileInboxDocument(state: QueryState, entry: InboxDocumentEntry, max: number): QueryState {
  const list = state.inboxDocuments ?? [];
  if (list.some((d) => d.messageId === entry.messageId)) return state;
  const next = [...list, { at: entry.at, messageId: entry.messageId, summary: entry.summary.slice(0, 1_000) }];
  const archived = Math.max(0, next.length - max);
  return { ...state, inboxDocuments: next.slice(archived), inboxDocumentsArchived: (state.inboxDocumentsArchived ?? 0) + archived };
}
