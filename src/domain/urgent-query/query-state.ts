import type { Actor } from '../actors.ts';
import { LIMITS, appendBounded } from '../limits.ts';
import type { EscalationLevel } from '../escalation/ladder.ts';
import { computeDeadline, releaseCap, type Pause } from './deadlines.ts';
import type { QueryPolicy, Urgency } from './policy.ts';
import type { OperationInput, RaiseQuery } from './schemas.ts';
import { OPEN_STATUSES, type HoldAction, type QueryCategory, type QueryStatus } from './vocabulary.ts';
import { urgencyFor } from './urgency.ts';

/**
 * The urgent query's state, how it starts, and the helpers its transitions share. The state machine
 * is pure and split by what drives it: operations.ts (people), timers.ts (time), hold-sync.ts (the
 * prisoner's release hold). The workflow only holds the state and keeps the time.
 */

export interface TimelineEntry {
  at: string;
  actor: string;
  action: string;
  detail?: string;
  /** The deadline in force once this event had happened. */
  deadline: string | null;
}

export type EscalationTrigger = 'FIRST_RESPONSE_BREACH' | 'ANSWER_BREACH' | 'RELEASE_NEAR';

export interface Escalation {
  id: number;
  trigger: EscalationTrigger;
  startedAt: string;
  startLevel: EscalationLevel;
  level: EscalationLevel;
  alertsSent: number;
  lastAlertAt?: string;
  acknowledged?: { by: string; at: string; comment?: string };
  ended?: { at: string; reason: string };
}

export interface Resolution {
  determination: OperationInput<'resolve'>['determination'];
  evidence: string;
  summary?: string;
  correctLegalStatus?: string;
  warrantDetail?: string;
  newReleaseDate?: string;
  by: string;
  at: string;
}

export interface QueryState {
  reference: string;
  prisonCode: string;
  prisonerNumber: string;
  category: QueryCategory;
  question: string;
  plannedRelease?: string;
  atCourtOrReceptionToday: boolean;
  status: QueryStatus;
  urgency: Urgency;
  raisedAt: string;
  raisedBy: string;
  assignee?: string;
  /** When the current service target began: at raising, or when urgency last changed. */
  targetStartedAt: string;
  pauses: Pause[];
  firstResponseAt?: string;
  answeredAt?: string;
  /** The first-response and answer deadlines in force when each was given (for the unit's figures). */
  targetsDue?: { firstResponse?: string; answer?: string };
  closedAt?: string;
  resolution?: Resolution;
  withdrawal?: { reason: string; by: string; at: string };
  /** The prison asked to withdraw it; it holds until a duty governor (another person) confirms. */
  withdrawalRequest?: { reason: string; by: string; at: string };
  /** Whose query it is (the prison raised it, or the unit or the court feed did): who may withdraw it. */
  owner?: 'PRISON' | 'QUERY_UNIT';
  /** Both release dates where the raise and the register gave them: the earlier governs. */
  plannedReleases?: { reported?: string; register?: string };
  deadlines: { firstResponse: string | null; answer: string | null; releaseCap: string | null; current: string | null };
  breached: boolean;
  escalations: Escalation[];
  /** When the case last alerted at each level, whichever escalation it was: no level alerts twice within its repeat interval. */
  lastAlertAtByLevel?: Partial<Record<EscalationLevel, string>>;
  /** The query's part in the prisoner's release hold: placed while it is open (before gate-v2: only CRITICAL or URGENT). */
  hold?: 'PLACED' | 'CLEARED';
  /** Whether the answer has been reported to the release hold (for release-in-error detection). */
  determinationReported?: boolean;
  /** The hold has confirmed it holds the query's reason: only then is the raise answered. */
  holdConfirmed?: boolean;
  /** Hold calls that failed and are owed, in order: tried again until they succeed. */
  holdRetry?: HoldAction[];
  /** Keys of timed events already handled, so none fires twice (across replays and continue-as-new alike). */
  fired: string[];
  timeline: TimelineEntry[];
  /**
   * Documents the smart inbox filed on him while the query is open (inbox-documents.ts): a list of
   * their own, the latest only, so strangers' mail never uses up the notes people write.
   */
  inboxDocuments?: InboxDocumentEntry[];
  /** How many older inbox documents left the list (each stays on his record in the inbox). */
  inboxDocumentsArchived?: number;
  /** The latest inbox messages listed, archived or not (bookkeeping): a retried filing is not counted twice. */
  inboxMessagesSeen?: string[];
}

/** One message the inbox filed on the query's prisoner: which, when, and its documents in a line. */
export interface InboxDocumentEntry {
  at: string;
  messageId: string;
  summary: string;
}

export type AlertKind = 'WARNING' | 'BREACH' | 'ESCALATION' | 'INFORMATION_REQUESTED' | 'ANSWERED' | 'URGENCY_RAISED';

/** An email the workflow must send. `key` is unique within the query and makes the Message-ID stable. */
export interface Alert {
  key: string;
  kind: AlertKind;
  to: string[];
  reference: string;
  prisonCode: string;
  prisonerNumber: string;
  category: QueryCategory;
  urgency: Urgency;
  headline: string;
  deadline: string | null;
  level?: EscalationLevel;
}

export interface Transition {
  state: QueryState;
  alerts: Alert[];
}

export const iso = (d: Date): string => d.toISOString();
export const isOpen = (state: QueryState): boolean => OPEN_STATUSES.includes(state.status);
export const activeEscalations = (state: QueryState): Escalation[] =>
  state.escalations.filter((e) => !e.acknowledged && !e.ended);

/** The deadline the unit is working to now: first response until claimed, then the answer. */
function currentDeadline(state: QueryState): string | null {
  if (state.status === 'RAISED') return state.deadlines.firstResponse;
  return isOpen(state) ? state.deadlines.answer : null;
}

export function withDeadlines(state: QueryState, policy: QueryPolicy): QueryState {
  const input = {
    policy,
    urgency: state.urgency,
    targetStartedAt: new Date(state.targetStartedAt),
    plannedRelease: state.plannedRelease ? new Date(state.plannedRelease) : undefined,
    pauses: state.pauses,
  };
  const firstResponse = state.status === 'RAISED' ? computeDeadline('FIRST_RESPONSE', input).due : null;
  const answer = isOpen(state) ? computeDeadline('ANSWER', input).due : null;
  const cap = releaseCap(input.plannedRelease, policy.safetyMarginMinutes);
  state.deadlines = {
    firstResponse: firstResponse ? iso(firstResponse) : null,
    answer: answer ? iso(answer) : null,
    releaseCap: cap ? iso(cap) : null,
    current: null,
  };
  state.deadlines.current = currentDeadline(state);
  return state;
}

export function record(state: QueryState, at: Date, actor: string, action: string, detail?: string): void {
  appendBounded(
    state.timeline,
    { at: iso(at), actor, action, ...(detail ? { detail } : {}), deadline: currentDeadline(state) },
    LIMITS.queryTimeline,
  );
}

export function alert(
  state: QueryState,
  key: string,
  kind: AlertKind,
  to: string[],
  headline: string,
  level?: EscalationLevel,
): Alert {
  return {
    key,
    kind,
    to: [...new Set(to)],
    reference: state.reference,
    prisonCode: state.prisonCode,
    prisonerNumber: state.prisonerNumber,
    category: state.category,
    urgency: state.urgency,
    headline,
    deadline: state.deadlines.current,
    ...(level ? { level } : {}),
  };
}

/** The same raise, field by field: a retry with one Idempotency-Key must ask the same question. */
export function sameRaise(a: RaiseQuery, b: RaiseQuery): boolean {
  const norm = (r: RaiseQuery) => [
    r.prisonCode,
    r.prisonerNumber,
    r.category,
    r.question,
    r.plannedRelease ? Date.parse(r.plannedRelease) : null,
    r.atCourtOrReceptionToday ?? false,
  ];
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** The raise a query was opened with, as it stands in its state. */
export const raiseOf = (state: QueryState): RaiseQuery => ({
  prisonCode: state.prisonCode,
  prisonerNumber: state.prisonerNumber,
  category: state.category,
  question: state.question,
  ...(state.plannedRelease ? { plannedRelease: state.plannedRelease } : {}),
  atCourtOrReceptionToday: state.atCourtOrReceptionToday,
});

/** The release date that governs: the earlier of what the raise said and what the register says. */
export function governingRelease(input: Pick<RaiseQuery, 'plannedRelease' | 'register'>): Date | undefined {
  const dates = [input.plannedRelease, input.register?.plannedRelease]
    .filter((d): d is string => d !== undefined)
    .map((d) => new Date(d));
  return dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))) : undefined;
}

export function raiseQuery(
  reference: string,
  input: RaiseQuery,
  actor: Actor,
  now: Date,
  policy: QueryPolicy,
): QueryState {
  const plannedRelease = governingRelease(input);
  const atCourt = (input.atCourtOrReceptionToday ?? false) || input.register?.atCourt === true;
  const both =
    input.plannedRelease && input.register?.plannedRelease
      ? {
          plannedReleases: {
            reported: iso(new Date(input.plannedRelease)),
            register: iso(new Date(input.register.plannedRelease)),
          },
        }
      : {};
  const state: QueryState = {
    reference,
    prisonCode: input.prisonCode,
    prisonerNumber: input.prisonerNumber,
    category: input.category,
    question: input.question,
    ...(plannedRelease ? { plannedRelease: iso(plannedRelease) } : {}),
    ...both,
    atCourtOrReceptionToday: atCourt,
    status: 'RAISED',
    urgency: urgencyFor(now, plannedRelease, policy, atCourt),
    raisedAt: iso(now),
    raisedBy: actor.username,
    owner: actor.roles.some((r) => r === 'PRISON_STAFF' || r === 'DUTY_GOVERNOR') ? 'PRISON' : 'QUERY_UNIT',
    targetStartedAt: iso(now),
    pauses: [],
    deadlines: { firstResponse: null, answer: null, releaseCap: null, current: null },
    breached: false,
    escalations: [],
    fired: [],
    timeline: [],
  };
  withDeadlines(state, policy);
  const dates = state.plannedReleases
    ? `; release ${state.plannedReleases.reported} as raised, ${state.plannedReleases.register} in the register: the earlier governs`
    : '';
  record(state, now, actor.username, 'RAISED', `${state.category}, ${state.urgency}${dates}`);
  return state;
}

export function endEscalations(state: QueryState, now: Date, reason: string, which: (e: Escalation) => boolean): void {
  for (const escalation of activeEscalations(state).filter(which)) escalation.ended = { at: iso(now), reason };
}

export const isFinished = (state: QueryState): boolean => state.status === 'CLOSED' || state.status === 'WITHDRAWN';
