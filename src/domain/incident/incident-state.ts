import { INTERNAL_ROLE, hasRole, type Actor } from '../actors.ts';
import { cloneState } from '../clone.ts';
import { LIMITS, appendBounded } from '../limits.ts';
import type { Rejection } from '../rejection.ts';

import type { IncidentCause, IncidentStatus, OfficialExclusion } from './vocabulary.ts';

export {
  INCIDENT_CAUSES,
  INCIDENT_STATUSES,
  OFFICIAL_EXCLUSIONS,
  type IncidentCause,
  type IncidentStatus,
  type OfficialExclusion,
} from './vocabulary.ts';

export interface IncidentEvent {
  at: string;
  actor: string;
  action: string;
  detail?: string;
}

/** What is known when an incident opens. */
export interface IncidentFacts {
  id: string;
  prisonerNumber: string;
  prisonCode: string;
  detection: 'REPORTED' | 'AUTOMATIC';
  howFound: string;
  releaseId?: string;
  releasedAt?: string;
  /** For one found by a query's answer: the cause its category maps to (src/domain/causes.ts). */
  likelyCause?: IncidentCause;
}

export interface IncidentState extends IncidentFacts {
  openedAt: string;
  status: IncidentStatus;
  returnedToCustodyAt?: string;
  cause?: IncidentCause;
  /** Set when closed outside the official definition: still handled, reported separately. */
  exclusion?: OfficialExclusion;
  closedAt?: string;
  escalationsSent: number;
  timeline: IncidentEvent[];
}

export type IncidentOperation =
  | { type: 'returnedToCustody'; returnedAt: string; note?: string }
  | { type: 'close'; cause: IncidentCause; summary?: string; outsideOfficialDefinition?: OfficialExclusion };

export function checkIncidentOperation(state: IncidentState, op: IncidentOperation, actor: Actor): Rejection | null {
  if (op.type === 'returnedToCustody') {
    // The prison records a return on the hold, which tells its incidents.
    if (!hasRole(actor, INTERNAL_ROLE))
      return { code: 'FORBIDDEN', message: 'a return to custody is recorded on the prisoner, not on the incident' };
    return state.status === 'OPEN' ? null : { code: 'CONFLICT', message: `the incident is already ${state.status}` };
  }
  if (!hasRole(actor, 'DUTY_GOVERNOR', 'QUERY_UNIT_LEAD'))
    return { code: 'FORBIDDEN', message: 'only a duty governor or a team leader closes an incident' };
  if (state.status === 'OPEN')
    return { code: 'CONFLICT', message: 'the person must be back in custody before the incident is closed' };
  return state.status === 'CLOSED' ? { code: 'CONFLICT', message: 'the incident is already CLOSED' } : null;
}

export function applyIncidentOperation(
  current: IncidentState,
  op: IncidentOperation,
  actor: Actor,
  now: Date,
): IncidentState {
  const state = cloneState(current);
  if (op.type === 'returnedToCustody') {
    state.status = 'RETURNED_TO_CUSTODY';
    state.returnedToCustodyAt = op.returnedAt;
    appendBounded(
      state.timeline,
      {
        at: now.toISOString(),
        actor: actor.username,
        action: 'RETURNED_TO_CUSTODY',
        ...(op.note ? { detail: op.note } : {}),
      },
      LIMITS.incidentTimeline,
    );
  } else {
    state.status = 'CLOSED';
    state.cause = op.cause;
    if (op.outsideOfficialDefinition) state.exclusion = op.outsideOfficialDefinition;
    state.closedAt = now.toISOString();
    const outside = op.outsideOfficialDefinition
      ? ` (outside the official definition: ${op.outsideOfficialDefinition})`
      : '';
    appendBounded(
      state.timeline,
      {
        at: now.toISOString(),
        actor: actor.username,
        action: 'CLOSED',
        detail: `${op.cause}${outside}${op.summary ? `: ${op.summary}` : ''}`,
      },
      LIMITS.incidentTimeline,
    );
  }
  return state;
}

/** An incident as it opens: the facts, and the first line of its timeline. */
export function openIncident(facts: IncidentFacts, now: Date): IncidentState {
  return {
    ...facts,
    openedAt: now.toISOString(),
    status: 'OPEN',
    escalationsSent: 0,
    timeline: [
      { at: now.toISOString(), actor: 'system', action: 'OPENED', detail: `${facts.detection}: ${facts.howFound}` },
    ],
  };
}

/** When the next escalation falls: every `everyMinutes` after opening, until closed. */
export function nextEscalationAt(state: IncidentState, everyMinutes: number): Date | null {
  if (state.status === 'CLOSED') return null;
  return new Date(Date.parse(state.openedAt) + (state.escalationsSent + 1) * everyMinutes * 60_000);
}

/** The escalation due at `now`, recorded; one per interval however late it runs. */
export function escalate(current: IncidentState, now: Date, everyMinutes: number): IncidentState {
  const due = nextEscalationAt(current, everyMinutes);
  if (!due || due.getTime() > now.getTime()) return current;
  const state = cloneState(current);
  // However long the worker was away, one escalation now, and the next a whole interval later.
  state.escalationsSent = Math.max(
    state.escalationsSent + 1,
    Math.floor((now.getTime() - Date.parse(state.openedAt)) / (everyMinutes * 60_000)),
  );
  appendBounded(
    state.timeline,
    {
      at: now.toISOString(),
      actor: 'system',
      action: 'ESCALATED',
      detail: `day ${state.escalationsSent}: ${state.status}`,
    },
    LIMITS.incidentTimeline,
  );
  return state;
}

/** A line for the timeline: what happened to a notification the incident sent. */
export function noted(current: IncidentState, now: Date, action: string, detail: string): IncidentState {
  const state = cloneState(current);
  appendBounded(state.timeline, { at: now.toISOString(), actor: 'system', action, detail }, LIMITS.incidentTimeline);
  return state;
}
