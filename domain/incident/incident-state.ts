import { hasRole, type Actor } from '../actors.ts';
import { cloneState } from '../clone.ts';

/** Cause categories, from DOMAIN.md's common causes of releases in error. */
export const INCIDENT_CAUSES = [
  'WARRANT_MISSING_OR_MISPLACED',
  'COURT_RESULT_CONFLICT',
  'SENTENCE_CALCULATION_ERROR',
  'IMMIGRATION_STATUS_CONFUSION',
  'ALIAS_OUTSTANDING_MATTERS',
  'COURT_ADMINISTRATIVE_ERROR',
  'OTHER',
] as const;
export type IncidentCause = (typeof INCIDENT_CAUSES)[number];

export const INCIDENT_STATUSES = ['OPEN', 'RETURNED_TO_CUSTODY', 'CLOSED'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];


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
}

export interface IncidentState extends IncidentFacts {
  openedAt: string;
  status: IncidentStatus;
  returnedToCustodyAt?: string;
  cause?: IncidentCause;
  closedAt?: string;
  escalationsSent: number;
  timeline: IncidentEvent[];
}

export type IncidentOperation =
  | { type: 'returnedToCustody'; returnedAt: string; note?: string }
  | { type: 'close'; cause: IncidentCause; summary?: string };

export type IncidentRejection = { code: 'FORBIDDEN' | 'CONFLICT'; message: string };

export function checkIncidentOperation(state: IncidentState, op: IncidentOperation, actor: Actor): IncidentRejection | null {
  if (op.type === 'returnedToCustody') {
    if (!hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR', 'SYSTEM')) return { code: 'FORBIDDEN', message: 'only the prison records a return to custody' };
    return state.status === 'OPEN' ? null : { code: 'CONFLICT', message: `the incident is already ${state.status}` };
  }
  if (!hasRole(actor, 'DUTY_GOVERNOR', 'QUERY_UNIT_LEAD')) return { code: 'FORBIDDEN', message: 'only a duty governor or a team leader closes an incident' };
  if (state.status === 'OPEN') return { code: 'CONFLICT', message: 'the person must be back in custody before the incident is closed' };
  return state.status === 'CLOSED' ? { code: 'CONFLICT', message: 'the incident is already CLOSED' } : null;
}

export function applyIncidentOperation(current: IncidentState, op: IncidentOperation, actor: Actor, now: Date): IncidentState {
  const state = cloneState(current);
  if (op.type === 'returnedToCustody') {
    state.status = 'RETURNED_TO_CUSTODY';
    state.returnedToCustodyAt = op.returnedAt;
    state.timeline.push({ at: now.toISOString(), actor: actor.username, action: 'RETURNED_TO_CUSTODY', ...(op.note ? { detail: op.note } : {}) });
  } else {
    state.status = 'CLOSED';
    state.cause = op.cause;
    state.closedAt = now.toISOString();
    state.timeline.push({ at: now.toISOString(), actor: actor.username, action: 'CLOSED', detail: `${op.cause}${op.summary ? `: ${op.summary}` : ''}` });
  }
  return state;
}
