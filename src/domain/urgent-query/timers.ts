import { cloneState as clone } from '../clone.ts';
import { levelAt, nextAlertAt, type EscalationLevel, type LadderMode } from '../escalation/ladder.ts';
import { computeDeadline } from './deadlines.ts';
import type { QueryPolicy, Urgency } from './policy.ts';
import { LEVEL_AUDIENCE, recipientsFor, staffEmail } from './recipients.ts';
import {
  activeEscalations,
  alert,
  endEscalations,
  iso,
  isOpen,
  record,
  withDeadlines,
  type Alert,
  type Escalation,
  type EscalationTrigger,
  type QueryState,
  type Transition,
} from './query-state.ts';
import { isMoreUrgent, urgencyRises } from './urgency.ts';

/** What time does to a query: warnings, breaches, the ladder, the release alarm and rising urgency. Pure. */

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
      events.push({
        key: `${prefix}:${warning.fraction}`,
        kind: 'WARNING',
        deadline: kind,
        fraction: warning.fraction,
        at: warning.at,
      });
    }
    if (deadline.due) events.push({ key: `${prefix}:BREACH`, kind: 'BREACH', deadline: kind, at: deadline.due });
  }
  if (state.deadlines.releaseCap) {
    events.push({
      key: `RELEASE_NEAR:${state.deadlines.releaseCap}`,
      kind: 'RELEASE_NEAR',
      at: new Date(state.deadlines.releaseCap),
    });
  }
  if (options.urgencyRises && input.plannedRelease) {
    for (const rise of urgencyRises(input.plannedRelease, state.urgency, policy)) {
      events.push({
        key: `URGENCY:${rise.urgency}:${state.plannedRelease}`,
        kind: 'URGENCY_RISE',
        urgency: rise.urgency,
        withinHours: rise.withinHours,
        at: rise.at,
      });
    }
  }
  // At the same instant the release alarm outranks all, a rise changes the targets the rest are
  // measured against, and a breach outranks its warnings.
  const rank: Record<TimedEventKind, number> = { RELEASE_NEAR: 0, URGENCY_RISE: 1, BREACH: 2, WARNING: 3 };
  return events.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.kind] - rank[b.kind]);
}

function startEscalation(
  state: QueryState,
  trigger: EscalationTrigger,
  startLevel: EscalationLevel,
  at: Date,
): Escalation {
  const escalation: Escalation = {
    id: state.escalations.length + 1,
    trigger,
    startedAt: iso(at),
    startLevel,
    level: startLevel,
    alertsSent: 0,
  };
  state.escalations.push(escalation);
  record(
    state,
    at,
    'system',
    'ESCALATION_STARTED',
    `escalation ${escalation.id} (${trigger}) at level ${startLevel}: ${LEVEL_AUDIENCE[startLevel]}`,
  );
  return escalation;
}

function nextAlertFor(escalation: Escalation, policy: QueryPolicy, state: QueryState, mode: LadderMode): Date {
  const ladder = policy.targets[state.urgency];
  const due = nextAlertAt(
    ladder,
    new Date(escalation.startedAt),
    escalation.startLevel,
    escalation.lastAlertAt ? new Date(escalation.lastAlertAt) : null,
    mode,
  );
  if (mode === 'GRID') return due;
  // The invariant holds across escalations too (one ended and another begun, an acknowledgement then a
  // new breach): a level the case alerted at within the repeat interval waits out the rest of it.
  const level = levelAt(ladder, new Date(escalation.startedAt), escalation.startLevel, due);
  const last = state.lastAlertAtByLevel?.[level];
  return last ? new Date(Math.max(due.getTime(), Date.parse(last) + ladder.repeatMinutes * 60_000)) : due;
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
  record(
    state,
    event.at,
    'system',
    'URGENCY_RAISED',
    `${from} → ${state.urgency}: release within ${event.withinHours} hours`,
  );
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
        startEscalation(
          state,
          event.deadline === 'FIRST_RESPONSE' ? 'FIRST_RESPONSE_BREACH' : 'ANSWER_BREACH',
          1,
          event.at,
        );
      }
    } else {
      // Release is near and the query is still open: go straight to the top of the ladder.
      const below = activeEscalations(state).filter((e) => e.level < 3);
      for (const e of below) e.ended = { at: iso(event.at), reason: 'superseded by release-near escalation' };
      if (activeEscalations(state).length === 0) startEscalation(state, 'RELEASE_NEAR', 3, event.at);
      state.breached =
        state.breached || (state.deadlines.current !== null && Date.parse(state.deadlines.current) <= now.getTime());
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
  // A rise changes the targets later events are measured against, so events are taken up to each rise in turn.
  for (let round = 0; round < 4; round++) {
    const due = plannedEvents(state, policy, options).filter(
      (e) => e.at.getTime() <= now.getTime() && !state.fired.includes(e.key),
    );
    if (due.length === 0) break;
    const rise = due.find((e) => e.kind === 'URGENCY_RISE');
    const before = rise
      ? due.filter(
          (e) =>
            e.kind !== 'URGENCY_RISE' &&
            e.at.getTime() <= rise.at.getTime() &&
            (e.kind === 'RELEASE_NEAR' || e.at.getTime() < rise.at.getTime()),
        )
      : due;
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
    const lastAtLevel = mode === 'FROM_LAST_SENT' ? state.lastAlertAtByLevel?.[level] : undefined;
    if (lastAtLevel && Date.parse(lastAtLevel) + ladder.repeatMinutes * 60_000 > now.getTime()) continue;
    if (level !== escalation.level) {
      record(
        state,
        sentAt,
        'system',
        'ESCALATION_RAISED',
        `escalation ${escalation.id} to level ${level}: ${LEVEL_AUDIENCE[level]}`,
      );
    }
    escalation.level = level;
    escalation.alertsSent += 1;
    escalation.lastAlertAt = iso(sentAt);
    if (mode === 'FROM_LAST_SENT') state.lastAlertAtByLevel = { ...state.lastAlertAtByLevel, [level]: iso(sentAt) };
    const to = recipientsFor(level, policy.contacts, {
      prisonCode: state.prisonCode,
      ...(state.assignee ? { assignee: state.assignee } : {}),
    });
    alerts.push(
      alert(
        state,
        `escalation-${escalation.id}-${escalation.alertsSent}`,
        'ESCALATION',
        to,
        `Escalation level ${level}: query needs action`,
        level,
      ),
    );
  }
  withDeadlines(state, policy);
  // Events handled late are dated when they were due: keep the timeline in time order (a stable sort).
  state.timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { state, alerts };
}

/** When the workflow must next wake, or null when nothing is scheduled. */
export function nextWakeAt(state: QueryState, policy: QueryPolicy, options: TickOptions = {}): Date | null {
  const times = plannedEvents(state, policy, options)
    .filter((e) => !state.fired.includes(e.key))
    .map((e) => e.at.getTime());
  for (const escalation of activeEscalations(state))
    times.push(nextAlertFor(escalation, policy, state, options.ladder ?? 'FROM_LAST_SENT').getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}
