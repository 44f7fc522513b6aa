import { canSeePrison, hasRole, type Actor, type Role } from '../actors.ts';
import { cloneState as clone } from '../clone.ts';
import type { Rejection } from '../rejection.ts';
import { computeDeadline, releaseCap, type Pause } from './deadlines.ts';
import { LEVEL_AUDIENCE, levelAt, nextAlertAt, recipientsFor, staffEmail, type EscalationLevel, type LadderMode } from './escalation-plan.ts';
import type { QueryPolicy, Urgency } from './policy.ts';
import type { OperationInput, OperationName, RaiseQuery } from './schemas.ts';
import { OPEN_STATUSES, type QueryCategory, type QueryStatus } from './vocabulary.ts';
import { isMoreUrgent, urgencyFor, urgencyRises } from './urgency.ts';

/**
 * The urgent query as a pure state machine: every transition, timer and alert decision lives here,
 * so it can be tested without a server. The workflow only holds the state and keeps the time.
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
  closedAt?: string;
  resolution?: Resolution;
  withdrawal?: { reason: string; by: string; at: string };
  deadlines: { firstResponse: string | null; answer: string | null; releaseCap: string | null; current: string | null };
  breached: boolean;
  escalations: Escalation[];
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


const iso = (d: Date): string => d.toISOString();
const isOpen = (state: QueryState): boolean => OPEN_STATUSES.includes(state.status);
const activeEscalations = (state: QueryState): Escalation[] => state.escalations.filter((e) => !e.acknowledged && !e.ended);

/** The deadline the unit is working to now: first response until claimed, then the answer. */
function currentDeadline(state: QueryState): string | null {
  if (state.status === 'RAISED') return state.deadlines.firstResponse;
  return isOpen(state) ? state.deadlines.answer : null;
}

function withDeadlines(state: QueryState, policy: QueryPolicy): QueryState {
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

function record(state: QueryState, at: Date, actor: string, action: string, detail?: string): void {
  state.timeline.push({ at: iso(at), actor, action, ...(detail ? { detail } : {}), deadline: currentDeadline(state) });
}

function alert(state: QueryState, key: string, kind: AlertKind, to: string[], headline: string, level?: EscalationLevel): Alert {
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
  const norm = (r: RaiseQuery) => [r.prisonCode, r.prisonerNumber, r.category, r.question, r.plannedRelease ? Date.parse(r.plannedRelease) : null, r.atCourtOrReceptionToday ?? false];
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

export function raiseQuery(reference: string, input: RaiseQuery, actor: Actor, now: Date, policy: QueryPolicy): QueryState {
  const plannedRelease = input.plannedRelease ? new Date(input.plannedRelease) : undefined;
  const state: QueryState = {
    reference,
    prisonCode: input.prisonCode,
    prisonerNumber: input.prisonerNumber,
    category: input.category,
    question: input.question,
    ...(plannedRelease ? { plannedRelease: iso(plannedRelease) } : {}),
    atCourtOrReceptionToday: input.atCourtOrReceptionToday ?? false,
    status: 'RAISED',
    urgency: urgencyFor(now, plannedRelease, policy, input.atCourtOrReceptionToday),
    raisedAt: iso(now),
    raisedBy: actor.username,
    targetStartedAt: iso(now),
    pauses: [],
    deadlines: { firstResponse: null, answer: null, releaseCap: null, current: null },
    breached: false,
    escalations: [],
    fired: [],
    timeline: [],
  };
  withDeadlines(state, policy);
  record(state, now, actor.username, 'RAISED', `${state.category}, ${state.urgency}`);
  return state;
}

// ---- validation -------------------------------------------------------------------------------

const WHO_MAY: Record<OperationName, readonly Role[]> = {
  claim: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  reassign: ['QUERY_UNIT_LEAD'],
  requestInformation: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  provideInformation: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
  resolve: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  acknowledge: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
  withdraw: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'QUERY_UNIT_LEAD'],
  addNote: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  updatePlannedRelease: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD', 'PRISON_SYNC'],
  acknowledgeEscalation: ['COURT_EXPERT', 'QUERY_UNIT_LEAD', 'DUTY_GOVERNOR'],
};

const ALLOWED_FROM: Record<OperationName, readonly QueryStatus[] | 'ANY'> = {
  claim: ['RAISED'],
  reassign: OPEN_STATUSES,
  requestInformation: ['IN_PROGRESS'],
  provideInformation: ['AWAITING_PRISON'],
  resolve: ['IN_PROGRESS', 'AWAITING_PRISON'],
  acknowledge: ['ANSWERED'],
  withdraw: OPEN_STATUSES,
  addNote: 'ANY',
  updatePlannedRelease: OPEN_STATUSES,
  acknowledgeEscalation: 'ANY',
};

export function rolesFor(operation: OperationName): readonly Role[] {
  return WHO_MAY[operation];
}

const forbidden = (message: string): Rejection => ({ code: 'FORBIDDEN', message });
const conflict = (message: string): Rejection => ({ code: 'CONFLICT', message });

/** Why `actor` may not apply `operation` now, or null when it may. Never changes state. */
export function checkOperation<N extends OperationName>(
  state: QueryState,
  operation: N,
  input: OperationInput<N>,
  actor: Actor,
): Rejection | null {
  if (!hasRole(actor, ...WHO_MAY[operation]) || !canSeePrison(actor, state.prisonCode)) {
    return forbidden(`${operation} is not permitted for this user`);
  }
  const allowed = ALLOWED_FROM[operation];
  if (allowed !== 'ANY' && !allowed.includes(state.status)) {
    if (operation === 'claim' && state.assignee && isOpen(state)) return conflict(`query is already claimed by ${state.assignee}`);
    return conflict(`cannot ${operation} a query that is ${state.status}`);
  }
  const isLead = hasRole(actor, 'QUERY_UNIT_LEAD');
  if ((operation === 'resolve' || operation === 'requestInformation') && !isLead && state.assignee !== actor.username) {
    return forbidden(`only the assignee or a team leader may ${operation}`);
  }
  if (operation === 'reassign') {
    const { assignee } = input as OperationInput<'reassign'>;
    if (assignee === state.assignee) return conflict(`query is already assigned to ${assignee}`);
  }
  if (operation === 'acknowledgeEscalation') {
    const { escalationId } = input as OperationInput<'acknowledgeEscalation'>;
    const active = activeEscalations(state).filter((e) => escalationId === undefined || e.id === escalationId);
    if (active.length === 0) return conflict(escalationId ? `escalation ${escalationId} is not active` : 'there is no active escalation');
  }
  return null;
}

// ---- transitions ------------------------------------------------------------------------------

function endEscalations(state: QueryState, now: Date, reason: string, which: (e: Escalation) => boolean): void {
  for (const escalation of activeEscalations(state).filter(which)) escalation.ended = { at: iso(now), reason };
}

function closePause(state: QueryState, now: Date): void {
  const open = state.pauses.find((p) => !p.to);
  if (open) open.to = iso(now);
}

const prisonMailbox = (policy: QueryPolicy, state: QueryState): string =>
  policy.contacts.prisonMailboxTemplate.replace('{prisonCode}', state.prisonCode);

/** Applies an operation already accepted by `checkOperation`. */
export function applyOperation<N extends OperationName>(
  current: QueryState,
  operation: N,
  input: OperationInput<N>,
  actor: Actor,
  now: Date,
  policy: QueryPolicy,
): Transition {
  const state = clone(current);
  const alerts: Alert[] = [];
  const who = actor.username;
  const seq = state.timeline.length;
  switch (operation) {
    case 'claim': {
      state.status = 'IN_PROGRESS';
      state.assignee = who;
      state.firstResponseAt = iso(now);
      endEscalations(state, now, 'claimed', (e) => e.trigger === 'FIRST_RESPONSE_BREACH');
      withDeadlines(state, policy);
      record(state, now, who, 'CLAIMED');
      break;
    }
    case 'reassign': {
      const { assignee, reason } = input as OperationInput<'reassign'>;
      const from = state.assignee;
      state.assignee = assignee;
      if (state.status === 'RAISED') {
        state.status = 'IN_PROGRESS';
        state.firstResponseAt = iso(now);
        endEscalations(state, now, 'assigned', (e) => e.trigger === 'FIRST_RESPONSE_BREACH');
      }
      withDeadlines(state, policy);
      record(state, now, who, 'REASSIGNED', `${from ?? 'unassigned'} → ${assignee}${reason ? `: ${reason}` : ''}`);
      alerts.push(alert(state, `reassigned-${seq}`, 'WARNING', [staffEmail(policy.contacts, assignee)], 'Query assigned to you'));
      break;
    }
    case 'requestInformation': {
      const { request } = input as OperationInput<'requestInformation'>;
      state.status = 'AWAITING_PRISON';
      state.pauses.push({ from: iso(now) });
      withDeadlines(state, policy);
      record(state, now, who, 'INFORMATION_REQUESTED', request);
      alerts.push(alert(state, `info-request-${seq}`, 'INFORMATION_REQUESTED', [prisonMailbox(policy, state)], 'The query unit needs information from the prison'));
      break;
    }
    case 'provideInformation': {
      const { information } = input as OperationInput<'provideInformation'>;
      state.status = 'IN_PROGRESS';
      closePause(state, now);
      withDeadlines(state, policy);
      record(state, now, who, 'INFORMATION_PROVIDED', information);
      if (state.assignee) alerts.push(alert(state, `info-provided-${seq}`, 'WARNING', [staffEmail(policy.contacts, state.assignee)], 'The prison has provided information'));
      break;
    }
    case 'resolve': {
      const resolution = input as OperationInput<'resolve'>;
      closePause(state, now);
      state.status = 'ANSWERED';
      state.answeredAt = iso(now);
      state.resolution = { ...resolution, by: who, at: iso(now) };
      endEscalations(state, now, 'answered', () => true);
      withDeadlines(state, policy);
      record(state, now, who, 'ANSWERED', `${resolution.determination} (evidence: ${resolution.evidence})`);
      alerts.push(alert(state, `answered-${seq}`, 'ANSWERED', [prisonMailbox(policy, state)], `Query answered: ${resolution.determination}`));
      break;
    }
    case 'acknowledge': {
      const { comment } = input as OperationInput<'acknowledge'>;
      state.status = 'CLOSED';
      state.closedAt = iso(now);
      withDeadlines(state, policy);
      record(state, now, who, 'ACKNOWLEDGED', comment);
      break;
    }
    case 'withdraw': {
      const { reason } = input as OperationInput<'withdraw'>;
      closePause(state, now);
      state.status = 'WITHDRAWN';
      state.closedAt = iso(now);
      state.withdrawal = { reason, by: who, at: iso(now) };
      endEscalations(state, now, 'withdrawn', () => true);
      withDeadlines(state, policy);
      record(state, now, who, 'WITHDRAWN', reason);
      break;
    }
    case 'addNote': {
      const { text } = input as OperationInput<'addNote'>;
      record(state, now, who, 'NOTE', text);
      break;
    }
    case 'updatePlannedRelease': {
      const { plannedRelease, atCourtOrReceptionToday } = input as OperationInput<'updatePlannedRelease'>;
      const release = plannedRelease ? new Date(plannedRelease) : undefined;
      if (release) state.plannedRelease = iso(release);
      else delete state.plannedRelease;
      if (atCourtOrReceptionToday !== undefined) state.atCourtOrReceptionToday = atCourtOrReceptionToday;
      const urgency = urgencyFor(now, release, policy, state.atCourtOrReceptionToday);
      const changed = urgency !== state.urgency;
      if (changed) {
        // A new service level starts its own clock; the release cap still bounds it.
        state.urgency = urgency;
        state.targetStartedAt = iso(now);
      }
      withDeadlines(state, policy);
      record(state, now, who, 'PLANNED_RELEASE_CHANGED', `${release ? iso(release) : 'unknown'}${changed ? `; urgency now ${urgency}` : ''}`);
      break;
    }
    case 'acknowledgeEscalation': {
      const { escalationId, comment } = input as OperationInput<'acknowledgeEscalation'>;
      for (const escalation of activeEscalations(state).filter((e) => escalationId === undefined || e.id === escalationId)) {
        escalation.acknowledged = { by: who, at: iso(now), ...(comment ? { comment } : {}) };
        record(state, now, who, 'ESCALATION_ACKNOWLEDGED', `escalation ${escalation.id} at level ${escalation.level}${comment ? `: ${comment}` : ''}`);
      }
      break;
    }
  }
  return { state, alerts };
}

// ---- time -------------------------------------------------------------------------------------

export type TimedEventKind = 'WARNING' | 'BREACH' | 'RELEASE_NEAR' | 'URGENCY_RISE';
export interface TimedEvent {
  key: string;
  kind: TimedEventKind;
  deadline?: 'FIRST_RESPONSE' | 'ANSWER';
  fraction?: number;
  /** For URGENCY_RISE: the urgency the query rises to, and how near the release then is. */
  urgency?: Urgency;
  withinHours?: number;
  at: Date;
}

/** Behaviour added after histories were recorded: the workflow turns each on behind a patch. */
export interface TickOptions {
  /** Urgency rises as the release nears (72 hours, then 24), not only when the release date changes. */
  urgencyRises?: boolean;
  /** The ladder repeats from the alert actually sent (FROM_LAST_SENT), or on the old grid (GRID). */
  ladder?: LadderMode;
}

/** Warnings, breaches, urgency rises and the release-near alarm that the current state implies, fired or not. */
export function plannedEvents(state: QueryState, policy: QueryPolicy, options: TickOptions = {}): TimedEvent[] {
  if (!isOpen(state)) return [];
  const input = {
    policy,
    urgency: state.urgency,
    targetStartedAt: new Date(state.targetStartedAt),
    plannedRelease: state.plannedRelease ? new Date(state.plannedRelease) : undefined,
    pauses: state.pauses,
  };
  const events: TimedEvent[] = [];
  const kinds = state.status === 'RAISED' ? (['FIRST_RESPONSE', 'ANSWER'] as const) : (['ANSWER'] as const);
  for (const kind of kinds) {
    const deadline = computeDeadline(kind, input);
    const prefix = `${kind}:${state.urgency}:${state.targetStartedAt}`;
    for (const warning of deadline.warnings) {
      events.push({ key: `${prefix}:${warning.fraction}`, kind: 'WARNING', deadline: kind, fraction: warning.fraction, at: warning.at });
    }
    if (deadline.due) events.push({ key: `${prefix}:BREACH`, kind: 'BREACH', deadline: kind, at: deadline.due });
  }
  if (state.deadlines.releaseCap) {
    events.push({ key: `RELEASE_NEAR:${state.deadlines.releaseCap}`, kind: 'RELEASE_NEAR', at: new Date(state.deadlines.releaseCap) });
  }
  if (options.urgencyRises && input.plannedRelease) {
    for (const rise of urgencyRises(input.plannedRelease, state.urgency, policy)) {
      events.push({ key: `URGENCY:${rise.urgency}:${state.plannedRelease}`, kind: 'URGENCY_RISE', urgency: rise.urgency, withinHours: rise.withinHours, at: rise.at });
    }
  }
  // At the same instant the release alarm outranks all, a rise changes the targets the rest are
  // measured against, and a breach outranks its warnings.
  const rank: Record<TimedEventKind, number> = { RELEASE_NEAR: 0, URGENCY_RISE: 1, BREACH: 2, WARNING: 3 };
  return events.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.kind] - rank[b.kind]);
}

function startEscalation(state: QueryState, trigger: EscalationTrigger, startLevel: EscalationLevel, at: Date): Escalation {
  const escalation: Escalation = { id: state.escalations.length + 1, trigger, startedAt: iso(at), startLevel, level: startLevel, alertsSent: 0 };
  state.escalations.push(escalation);
  record(state, at, 'system', 'ESCALATION_STARTED', `escalation ${escalation.id} (${trigger}) at level ${startLevel}: ${LEVEL_AUDIENCE[startLevel]}`);
  return escalation;
}

function nextAlertFor(escalation: Escalation, policy: QueryPolicy, state: QueryState, mode: LadderMode): Date {
  const ladder = policy.targets[state.urgency];
  return nextAlertAt(ladder, new Date(escalation.startedAt), escalation.startLevel, escalation.lastAlertAt ? new Date(escalation.lastAlertAt) : null, mode);
}

/** The release is now near enough to make the query more urgent: new targets from now, and the unit hears. */
function riseUrgency(state: QueryState, event: TimedEvent, policy: QueryPolicy, alerts: Alert[]): void {
  const from = state.urgency;
  state.urgency = event.urgency!;
  state.targetStartedAt = iso(event.at);
  // A breach of the old, slower target is overtaken by the new one, which starts its own clock.
  endEscalations(state, event.at, `urgency rose to ${state.urgency}: new targets`, (e) => e.trigger !== 'RELEASE_NEAR');
  withDeadlines(state, policy);
  const headline = `Query is now ${state.urgency}: the release is within ${event.withinHours} hours`;
  record(state, event.at, 'system', 'URGENCY_RAISED', `${from} → ${state.urgency}: release within ${event.withinHours} hours`);
  const to = [policy.contacts.unitQueue, ...(state.assignee ? [staffEmail(policy.contacts, state.assignee)] : [])];
  alerts.push(alert(state, `urgency-${state.urgency}-${state.timeline.length}`, 'URGENCY_RAISED', to, headline));
}

/** Warnings, breaches and the release alarm due together, handled as one batch. */
function handleDue(state: QueryState, due: TimedEvent[], now: Date, policy: QueryPolicy, alerts: Alert[]): void {
  const breachesDue = new Set(due.filter((e) => e.kind === 'BREACH').map((e) => e.deadline));
  for (const event of due) {
    state.fired.push(event.key);
    if (event.kind === 'WARNING') {
      // A warning overtaken by its own breach (after an outage) would only confuse; the breach says it all.
      if (breachesDue.has(event.deadline)) continue;
      const label = event.deadline === 'FIRST_RESPONSE' ? 'first response' : 'answer';
      const pct = Math.round((event.fraction ?? 0) * 100);
      record(state, event.at, 'system', 'WARNING', `${pct}% of the ${label} time used`);
      const to = state.assignee ? [staffEmail(policy.contacts, state.assignee)] : [policy.contacts.unitQueue];
      alerts.push(alert(state, `warning-${event.key}`, 'WARNING', to, `${pct}% of the ${label} time used`));
    } else if (event.kind === 'BREACH') {
      state.breached = true;
      const label = event.deadline === 'FIRST_RESPONSE' ? 'First response' : 'Answer';
      record(state, event.at, 'system', 'DEADLINE_BREACHED', `${label} deadline passed`);
      if (activeEscalations(state).length === 0) {
        startEscalation(state, event.deadline === 'FIRST_RESPONSE' ? 'FIRST_RESPONSE_BREACH' : 'ANSWER_BREACH', 1, event.at);
      }
    } else {
      // Release is near and the query is still open: go straight to the top of the ladder.
      const below = activeEscalations(state).filter((e) => e.level < 3);
      for (const e of below) e.ended = { at: iso(event.at), reason: 'superseded by release-near escalation' };
      if (activeEscalations(state).length === 0) startEscalation(state, 'RELEASE_NEAR', 3, event.at);
      state.breached = state.breached || (state.deadlines.current !== null && Date.parse(state.deadlines.current) <= now.getTime());
    }
  }
}

/**
 * Handles every timed event and escalation alert due at `now`. Idempotent: a second call at the
 * same time does nothing. However late it runs (an outage, a planned release in the past), each
 * active escalation sends at most one alert, at the level in force now, and repeats from now.
 */
export function tick(current: QueryState, now: Date, policy: QueryPolicy, options: TickOptions = {}): Transition {
  const state = clone(current);
  const alerts: Alert[] = [];
  const entriesBefore = state.timeline.length;
  // A rise changes the targets later events are measured against, so events are taken up to each rise in turn.
  for (let round = 0; round < 4; round++) {
    const due = plannedEvents(state, policy, options).filter((e) => e.at.getTime() <= now.getTime() && !state.fired.includes(e.key));
    if (due.length === 0) break;
    const rise = due.find((e) => e.kind === 'URGENCY_RISE');
    const before = rise ? due.filter((e) => e.kind !== 'URGENCY_RISE' && e.at.getTime() <= rise.at.getTime() && (e.kind === 'RELEASE_NEAR' || e.at.getTime() < rise.at.getTime())) : due;
    handleDue(state, before, now, policy, alerts);
    if (!rise) break;
    // Only the highest rise due matters: a query 10 hours from release goes straight to CRITICAL.
    const highest = due.filter((e) => e.kind === 'URGENCY_RISE').at(-1)!;
    for (const e of due.filter((x) => x.kind === 'URGENCY_RISE')) state.fired.push(e.key);
    if (isOpen(state) && isMoreUrgent(highest.urgency!, state.urgency)) riseUrgency(state, highest, policy, alerts);
  }

  const ladder = policy.targets[state.urgency];
  const mode = options.ladder ?? 'FROM_LAST_SENT';
  for (const escalation of activeEscalations(state)) {
    let sentAt = nextAlertFor(escalation, policy, state, mode);
    if (sentAt.getTime() > now.getTime()) continue;
    if (mode === 'GRID') {
      // The old ladder: one alert for the latest grid slot due (bounded, as it always was).
      for (let i = 0; i < 10_000; i++) {
        const following = nextAlertAt(ladder, new Date(escalation.startedAt), escalation.startLevel, sentAt, 'GRID');
        if (following.getTime() > now.getTime()) break;
        sentAt = following;
      }
    } else sentAt = now;
    const level = levelAt(ladder, new Date(escalation.startedAt), escalation.startLevel, sentAt);
    if (level !== escalation.level) {
      record(state, sentAt, 'system', 'ESCALATION_RAISED', `escalation ${escalation.id} to level ${level}: ${LEVEL_AUDIENCE[level]}`);
    }
    escalation.level = level;
    escalation.alertsSent += 1;
    escalation.lastAlertAt = iso(sentAt);
    const to = recipientsFor(level, policy.contacts, { prisonCode: state.prisonCode, ...(state.assignee ? { assignee: state.assignee } : {}) });
    alerts.push(alert(state, `escalation-${escalation.id}-${escalation.alertsSent}`, 'ESCALATION', to, `Escalation level ${level}: query needs action`, level));
  }
  withDeadlines(state, policy);
  // Events handled late are dated when they were due: keep the timeline in time order.
  const added = state.timeline.splice(entriesBefore);
  state.timeline.push(...added.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)));
  return { state, alerts };
}

/** When the workflow must next wake, or null when nothing is scheduled. */
export function nextWakeAt(state: QueryState, policy: QueryPolicy, options: TickOptions = {}): Date | null {
  const times = plannedEvents(state, policy, options)
    .filter((e) => !state.fired.includes(e.key))
    .map((e) => e.at.getTime());
  for (const escalation of activeEscalations(state)) times.push(nextAlertFor(escalation, policy, state, options.ladder ?? 'FROM_LAST_SENT').getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

export const isFinished = (state: QueryState): boolean => state.status === 'CLOSED' || state.status === 'WITHDRAWN';

// ---- the release hold ---------------------------------------------------------------------------

export type HoldAction = 'PLACE' | 'CLEAR' | 'DETERMINATION';

export interface HoldOptions {
  /** Before: every determination was reported, even one the hold has no use for. */
  reportEveryDetermination?: boolean;
  /** Every open query holds, whatever its urgency and whether or not a release date is known. Before: CRITICAL and URGENT only. */
  everyOpenQueryHolds?: boolean;
  /** A RELEASE_DATE_CHANGED answer clears the reason too (the new date goes to the hold and the register). */
  dateChangeClears?: boolean;
}

/**
 * What the query owes the prisoner's release hold now: a reason while it is open, cleared when
 * answered RELEASE_MAY_PROCEED or RELEASE_DATE_CHANGED, or withdrawn, and its answer reported once
 * where the hold has a use for it.
 */
export function holdActions(current: QueryState, options: HoldOptions = {}): { state: QueryState; actions: HoldAction[] } {
  const state = clone(current);
  const actions: HoldAction[] = [];
  const holds = options.everyOpenQueryHolds || state.urgency === 'CRITICAL' || state.urgency === 'URGENT';
  if (!state.hold && isOpen(state) && holds) {
    state.hold = 'PLACED';
    actions.push('PLACE');
  }
  const determination = state.resolution?.determination;
  const clears = state.status === 'WITHDRAWN' || determination === 'RELEASE_MAY_PROCEED' || (options.dateChangeClears === true && determination === 'RELEASE_DATE_CHANGED');
  if (state.hold === 'PLACED' && clears) {
    state.hold = 'CLEARED';
    actions.push('CLEAR');
  }
  // The hold hears an answer that can matter to it: one to a query that held him, or one that does
  // not let him go (DO_NOT_RELEASE may reveal a release in error). A RELEASE_MAY_PROCEED answer to a
  // query that never held him changes nothing there, and reporting it would start a hold per query.
  const matters = state.hold !== undefined || determination !== 'RELEASE_MAY_PROCEED';
  if (state.resolution && !state.determinationReported && (matters || options.reportEveryDetermination)) {
    state.determinationReported = true;
    actions.push('DETERMINATION');
  }
  return { state, actions };
}
