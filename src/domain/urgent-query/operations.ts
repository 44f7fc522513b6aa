import { hasRole, mayActAt, samePerson, type Actor, type Role } from '../actors.ts';
import { JUSTIFICATION_MIN, isWritten } from '../release-hold/ownership.ts';
import { cloneState as clone } from '../clone.ts';
import { LIMITS } from '../limits.ts';
import type { Rejection } from '../rejection.ts';
import { staffEmail } from './recipients.ts';
import type { QueryPolicy } from './policy.ts';
import {
  activeEscalations,
  alert,
  endEscalations,
  iso,
  isOpen,
  record,
  withDeadlines,
  type Alert,
  type QueryState,
  type Transition,
} from './query-state.ts';
import type { OperationInput, OperationName } from './schemas.ts';
import { OPEN_STATUSES, type QueryStatus } from './vocabulary.ts';
import { urgencyFor } from './urgency.ts';

/** What people do to a query: who may do what, from which status, and what it changes. Pure. */

const WHO_MAY: Record<OperationName, readonly Role[]> = {
  claim: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  reassign: ['QUERY_UNIT_LEAD'],
  requestInformation: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  provideInformation: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
  resolve: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  acknowledge: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
  withdraw: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'QUERY_UNIT_LEAD'],
  confirmWithdrawal: ['DUTY_GOVERNOR'],
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
  confirmWithdrawal: OPEN_STATUSES,
  addNote: 'ANY',
  updatePlannedRelease: OPEN_STATUSES,
  acknowledgeEscalation: 'ANY',
};

export function rolesFor(operation: OperationName): readonly Role[] {
  return WHO_MAY[operation];
}

const forbidden = (message: string): Rejection => ({ code: 'FORBIDDEN', message });
const conflict = (message: string): Rejection => ({ code: 'CONFLICT', message });

/**
 * Whose query it is: the prison's when the prison raised it, the unit's when the unit or the court
 * feed did. Queries raised before owners were kept: the court feed's are the unit's.
 */
export const queryOwnerOf = (state: Pick<QueryState, 'owner' | 'raisedBy'>): 'PRISON' | 'QUERY_UNIT' =>
  state.owner ?? (state.raisedBy.startsWith('court-results') ? 'QUERY_UNIT' : 'PRISON');

/** A withdrawal lifts the query's hold: never one person alone on the releasing side (ownership.ts). */
function whyNotWithdrawable(
  state: QueryState,
  operation: 'withdraw' | 'confirmWithdrawal',
  input: { reason?: string; justification?: string },
  actor: Actor,
): Rejection | null {
  const unitLead = hasRole(actor, 'QUERY_UNIT_LEAD');
  if (operation === 'withdraw' && unitLead) {
    return isWritten(input.reason)
      ? null
      : {
          code: 'UNPROCESSABLE',
          message: `a team leader withdrawing a query writes why in at least ${JUSTIFICATION_MIN} characters`,
          details: { field: 'body.reason' },
        };
  }
  if (queryOwnerOf(state) !== 'PRISON')
    return forbidden('this query was raised by the court feed or the query unit: it is not the prison’s to withdraw');
  if (operation === 'withdraw')
    return state.withdrawalRequest
      ? conflict(`withdrawal already asked for by ${state.withdrawalRequest.by}: a duty governor confirms it`)
      : null;
  if (!state.withdrawalRequest) return conflict('nobody has asked to withdraw this query');
  if (samePerson(state.withdrawalRequest.by, actor.username))
    return forbidden('a withdrawal is confirmed by a different person from the one who asked for it');
  if (!isWritten(input.justification))
    return {
      code: 'UNPROCESSABLE',
      message: `a confirmed withdrawal is written down in at least ${JUSTIFICATION_MIN} characters`,
      details: { field: 'body.justification' },
    };
  return null;
}

/**
 * Why `actor` may not apply `operation` now, or null when it may. Never changes state. `heldAt` is
 * where the register holds him now (a case follows the prisoner); the raising prison otherwise.
 */
export function checkOperation<N extends OperationName>(
  state: QueryState,
  operation: N,
  input: OperationInput<N>,
  actor: Actor,
  heldAt: string = state.prisonCode,
): Rejection | null {
  if (!mayActAt(actor, WHO_MAY[operation], heldAt)) {
    return forbidden(`${operation} is not permitted for this user`);
  }
  const allowed = ALLOWED_FROM[operation];
  if (allowed !== 'ANY' && !allowed.includes(state.status)) {
    if (operation === 'claim' && state.assignee && isOpen(state))
      return conflict(`query is already claimed by ${state.assignee}`);
    return conflict(`cannot ${operation} a query that is ${state.status}`);
  }
  const isLead = hasRole(actor, 'QUERY_UNIT_LEAD');
  if (
    (operation === 'resolve' || operation === 'requestInformation') &&
    !isLead &&
    !samePerson(state.assignee, actor.username)
  ) {
    return forbidden(`only the assignee or a team leader may ${operation}`);
  }
  if (operation === 'reassign') {
    const { assignee } = input as OperationInput<'reassign'>;
    if (assignee === state.assignee) return conflict(`query is already assigned to ${assignee}`);
  }
  if (operation === 'addNote' && state.timeline.filter((e) => e.action === 'NOTE').length >= LIMITS.notesPerQuery) {
    return { code: 'UNPROCESSABLE', message: `a query holds at most ${LIMITS.notesPerQuery} notes` };
  }
  if (operation === 'requestInformation' && state.pauses.length >= LIMITS.informationRequestsPerQuery) {
    return {
      code: 'UNPROCESSABLE',
      message: `a query takes at most ${LIMITS.informationRequestsPerQuery} requests for information`,
    };
  }
  if (operation === 'withdraw' || operation === 'confirmWithdrawal') {
    const rejection = whyNotWithdrawable(state, operation, input as { reason?: string; justification?: string }, actor);
    if (rejection) return rejection;
  }
  if (operation === 'acknowledgeEscalation') {
    const { escalationId } = input as OperationInput<'acknowledgeEscalation'>;
    const active = activeEscalations(state).filter((e) => escalationId === undefined || e.id === escalationId);
    if (active.length === 0)
      return conflict(escalationId ? `escalation ${escalationId} is not active` : 'there is no active escalation');
  }
  return null;
}

function closePause(state: QueryState, now: Date): void {
  const open = state.pauses.find((p) => !p.to);
  if (open) open.to = iso(now);
}

const prisonMailbox = (policy: QueryPolicy, state: QueryState): string =>
  policy.contacts.prisonMailboxTemplate.replace('{prisonCode}', state.prisonCode);

/** Which rules a run applies: queries started before release authority replay as recorded. */
export interface QueryRules {
  /** The prison's withdrawal asks, and a duty governor confirms; before, it withdrew at once. */
  twoPersonWithdrawal: boolean;
}

/** Applies an operation already accepted by `checkOperation`. */
export function applyOperation<N extends OperationName>(
  current: QueryState,
  operation: N,
  input: OperationInput<N>,
  actor: Actor,
  now: Date,
  policy: QueryPolicy,
  rules: QueryRules = { twoPersonWithdrawal: true },
): Transition {
  const state = clone(current);
  const alerts: Alert[] = [];
  const who = actor.username;
  const seq = state.timeline.length;
  switch (operation) {
    case 'claim': {
      noteDue(state, 'firstResponse');
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
        noteDue(state, 'firstResponse');
        state.status = 'IN_PROGRESS';
        state.firstResponseAt = iso(now);
        endEscalations(state, now, 'assigned', (e) => e.trigger === 'FIRST_RESPONSE_BREACH');
      }
      withDeadlines(state, policy);
      record(state, now, who, 'REASSIGNED', `${from ?? 'unassigned'} → ${assignee}${reason ? `: ${reason}` : ''}`);
      alerts.push(
        alert(state, `reassigned-${seq}`, 'WARNING', [staffEmail(policy.contacts, assignee)], 'Query assigned to you'),
      );
      break;
    }
    case 'requestInformation': {
      const { request } = input as OperationInput<'requestInformation'>;
      state.status = 'AWAITING_PRISON';
      state.pauses.push({ from: iso(now) });
      withDeadlines(state, policy);
      record(state, now, who, 'INFORMATION_REQUESTED', request);
      alerts.push(
        alert(
          state,
          `info-request-${seq}`,
          'INFORMATION_REQUESTED',
          [prisonMailbox(policy, state)],
          'The query unit needs information from the prison',
        ),
      );
      break;
    }
    case 'provideInformation': {
      const { information } = input as OperationInput<'provideInformation'>;
      state.status = 'IN_PROGRESS';
      closePause(state, now);
      withDeadlines(state, policy);
      record(state, now, who, 'INFORMATION_PROVIDED', information);
      if (state.assignee)
        alerts.push(
          alert(
            state,
            `info-provided-${seq}`,
            'WARNING',
            [staffEmail(policy.contacts, state.assignee)],
            'The prison has provided information',
          ),
        );
      break;
    }
    case 'resolve': {
      const resolution = input as OperationInput<'resolve'>;
      if (state.status === 'RAISED') noteDue(state, 'firstResponse');
      noteDue(state, 'answer');
      closePause(state, now);
      state.status = 'ANSWERED';
      state.answeredAt = iso(now);
      state.resolution = { ...resolution, by: who, at: iso(now) };
      endEscalations(state, now, 'answered', () => true);
      withDeadlines(state, policy);
      record(state, now, who, 'ANSWERED', `${resolution.determination} (evidence: ${resolution.evidence})`);
      alerts.push(
        alert(
          state,
          `answered-${seq}`,
          'ANSWERED',
          [prisonMailbox(policy, state)],
          `Query answered: ${resolution.determination}`,
        ),
      );
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
      if (rules.twoPersonWithdrawal && !hasRole(actor, 'QUERY_UNIT_LEAD')) {
        // The prison asks; the query holds him until a duty governor confirms.
        state.withdrawalRequest = { reason, by: who, at: iso(now) };
        record(state, now, who, 'WITHDRAWAL_REQUESTED', reason);
        alerts.push(
          alert(
            state,
            `withdrawal-requested-${seq}`,
            'WARNING',
            [policy.contacts.dutyGovernorTemplate.replace('{prisonCode}', state.prisonCode)],
            'A withdrawal of this query waits for a duty governor to confirm it',
          ),
        );
        break;
      }
      withdraw(state, now, who, reason, policy);
      break;
    }
    case 'confirmWithdrawal': {
      const { justification } = input as OperationInput<'confirmWithdrawal'>;
      const asked = state.withdrawalRequest!;
      withdraw(state, now, who, `${asked.reason} (asked by ${asked.by}; confirmed: ${justification})`, policy);
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
      record(
        state,
        now,
        who,
        'PLANNED_RELEASE_CHANGED',
        `${release ? iso(release) : 'unknown'}${changed ? `; urgency now ${urgency}` : ''}`,
      );
      break;
    }
    case 'acknowledgeEscalation': {
      const { escalationId, comment } = input as OperationInput<'acknowledgeEscalation'>;
      for (const escalation of activeEscalations(state).filter(
        (e) => escalationId === undefined || e.id === escalationId,
      )) {
        escalation.acknowledged = { by: who, at: iso(now), ...(comment ? { comment } : {}) };
        record(
          state,
          now,
          who,
          'ESCALATION_ACKNOWLEDGED',
          `escalation ${escalation.id} at level ${escalation.level}${comment ? `: ${comment}` : ''}`,
        );
      }
      break;
    }
  }
  return { state, alerts };
}

function withdraw(state: QueryState, now: Date, who: string, reason: string, policy: QueryPolicy): void {
  closePause(state, now);
  state.status = 'WITHDRAWN';
  state.closedAt = iso(now);
  state.withdrawal = { reason, by: who, at: iso(now) };
  endEscalations(state, now, 'withdrawn', () => true);
  withDeadlines(state, policy);
  record(state, now, who, 'WITHDRAWN', reason);
}

/** Keeps the target in force when it is met or missed: the deadlines are cleared once it is, and the reports need it. */
function noteDue(state: QueryState, target: 'firstResponse' | 'answer'): void {
  const due = state.deadlines[target];
  if (due && !state.targetsDue?.[target]) state.targetsDue = { ...state.targetsDue, [target]: due };
}
