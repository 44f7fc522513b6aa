import type { FilingOutcome } from './inbox.ts';

/**
 * What the smart inbox lets one sender, and one prisoner's filings, cost. The inbox takes mail from
 * anyone: without these a stranger could fill a prisoner's query, his prison's mailbox and the
 * unit's triage. Policy defaults, kept as data.
 */
export const INBOX_LIMITS = {
  /** Messages one sender may have filed in an hour; the rest wait in triage for a person. */
  messagesPerSenderPerHour: 30,
  /** The hour those are counted over, in minutes. */
  senderWindowMinutes: 60,
  /** Documents from the inbox one query lists (the latest); older ones are archived, counted, still on his record. */
  documentsPerQuery: 50,
  /** His prison hears of inbox filings for one prisoner at most this often, with a count. */
  prisonNoticeEveryMinutes: 60,
} as const;

/** A sender past its hourly limit (`earlier` messages from it in the hour before this one): triage, with why. */
export function senderFlood(sender: string, earlier: number, perHour: number): FilingOutcome | null {
  if (earlier < perHour) return null;
  return {
    status: 'TRIAGE',
    reason: 'SENDER_FLOOD',
    detail: `${sender} sent ${earlier + 1} messages within an hour, more than the ${perHour} the inbox files from one sender: read them before filing any`,
  };
}
