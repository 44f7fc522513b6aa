/**
 * How much one case may hold. Workflow state travels in every continue-as-new and, until a run
 * ends, in its history: unbounded lists would one day hit Temporal's payload (2 MB) and history
 * (50 MB) limits, and a case terminated there stops escalating. People meet a 422 at the limits
 * that are theirs (notes, information requests, manual holds); system entries are trimmed.
 */
export const LIMITS = {
  /** Notes on one urgent query. */
  notesPerQuery: 200,
  /** Requests for information to the prison on one query (each pauses the clock). */
  informationRequestsPerQuery: 50,
  /** Entries a query's timeline keeps: the first (the raise) and the latest. */
  queryTimeline: 1_000,
  /** Manual holds (people's reasons) standing on one hold at once. */
  reasonsPerHold: 50,
  /** Reasons of every kind on one hold: the court's and the unit's are never refused below this, the payload's own bound. */
  systemReasonsPerHold: 1_000,
  /** Progress notes on one hold's reasons, in all. */
  progressPerHold: 500,
  /** Entries a hold's audit keeps (the latest); every change is also in its history and the audit log. */
  holdAudit: 500,
  /** Entries an incident's or a notification's timeline keeps: the first and the latest. */
  incidentTimeline: 500,
  notificationTimeline: 200,
} as const;

/** Appends `entry`, keeping the first entry and the latest ones: at most `max` in all. */
export function appendBounded<T>(list: T[], entry: T, max: number): T[] {
  list.push(entry);
  if (list.length > max) list.splice(1, list.length - max);
  return list;
}
