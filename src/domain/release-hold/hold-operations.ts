import { INTERNAL_ROLE, hasRole, mayActAt, samePerson, type Actor, type Role } from '../actors.ts';
import type { IncidentCause } from '../incident/vocabulary.ts';
import { LIMITS } from '../limits.ts';
import type { Rejection } from '../rejection.ts';
import type { QueryCategory } from '../urgent-query/vocabulary.ts';
import type { Authorisation, ChecklistAnswer } from './authorisation.ts';
import {
  isOutOfCustody,
  isReleasable,
  openRelease,
  usableOverride,
  type ClearedReason,
  type HoldReason,
  type HoldState,
  type IncidentLink,
  type Override,
  type Refusal,
  type ReleaseRecord,
} from './hold-state.ts';
import { whyNotRemovable, type ReasonOwner } from './ownership.ts';
import { ESCORT_MOVEMENTS, GATED_RELEASES, type HoldReasonKind, type ReleaseReason } from './vocabulary.ts';

/** The operations on a release hold, who may apply each and when, and what an update answers. */

export type HoldOperation =
  | {
      type: 'addReason';
      kind: HoldReasonKind;
      key: string;
      detail: string;
      prisonCode: string;
      owner?: string;
      requestDigest?: string;
      /** For a query's reason: whose query it is. */
      queryOwner?: ReasonOwner;
      /** For a court reason: the hearing that placed it (its key then names the hearing). */
      hearingId?: string;
    }
  | {
      type: 'clearReason';
      key: string;
      note?: string;
      /** Where the register holds him now. */ prisonCode?: string;
      /** For Release Guard's own clearing: the person whose decision it carries out. */ onBehalfOf?: string;
    }
  | { type: 'movedPrison'; from: string; to: string; at: string }
  /** Something the checklists were answered on has changed outside the hold (a Victim Contact Scheme registration). */
  | { type: 'voidAuthorisations'; why: string }
  | { type: 'progressReason'; key: string; note?: string; prisonCode?: string }
  | { type: 'override'; id: string; justification: string; prisonCode: string }
  | {
      type: 'recordRelease';
      id: string;
      reason: ReleaseReason;
      prisonCode: string;
      releasedAt: string;
      toPrisonCode?: string;
      /** The register's, to check an authorisation against. */ plannedRelease?: string;
    }
  | {
      type: 'completeChecklist';
      id: string;
      movement: ReleaseReason;
      prisonCode: string;
      releaseDay: string;
      plannedRelease?: string;
      checklistVersion: string;
      answers: ChecklistAnswer[];
    }
  | { type: 'verifyAuthorisation'; id: string; prisonCode: string }
  | {
      type: 'returnedToCustody';
      releaseId?: string;
      at: string;
      /** Where he is back in custody. */ prisonCode?: string;
    }
  | {
      type: 'queryDetermination';
      reference: string;
      determination: string;
      prisonCode: string;
      newReleaseDate?: string;
      category?: QueryCategory;
    }
  | {
      type: 'reportReleaseInError';
      incidentId: string;
      howFound: string;
      prisonCode: string;
      releasedAt?: string;
      requestDigest?: string;
    }
  | { type: 'incidentClosed'; incidentId: string };

export interface IncidentToOpen {
  likelyCause?: IncidentCause;
  id: string;
  detection: 'REPORTED' | 'AUTOMATIC';
  howFound: string;
  prisonCode: string;
  releasedAt?: string;
  releaseId?: string;
}

/** What the workflow must do after a change, one tagged case per kind (no optional fields to trust). */
export type HoldEffect =
  | { kind: 'RELEASE_RECORDED'; release: ReleaseRecord }
  | { kind: 'RELEASE_PREVENTED'; refusal: Refusal }
  | { kind: 'REVIEW_DUE'; reason: HoldReason }
  | { kind: 'OVERRIDDEN'; override: Override }
  | { kind: 'OPEN_INCIDENT'; incident: IncidentToOpen }
  | { kind: 'RETURNED_TO_CUSTODY'; at: string; prisonCode?: string; releaseIds: string[]; incidentIds: string[] }
  | { kind: 'PLANNED_RELEASE_CHANGED'; plannedRelease: string }
  | { kind: 'AUTHORISATION_CHANGED'; authorisation: Authorisation };

/** Only the query workflow places a query's reason: no token carries the internal role. */
const ADD_ROLES: Record<HoldReasonKind, readonly Role[]> = {
  URGENT_QUERY: [INTERNAL_ROLE],
  NOT_BEFORE: [INTERNAL_ROLE],
  CUSTODIAL_STATUS_CHANGE: ['COURT_RESULTS', 'COURT_EXPERT', 'QUERY_UNIT_LEAD', INTERNAL_ROLE],
  MANUAL: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
};
/** Who may record progress on a reason (clearing is the owner's: ownership.ts). */
const PROGRESS_ROLES: Record<HoldReasonKind, readonly Role[]> = {
  URGENT_QUERY: [INTERNAL_ROLE, 'QUERY_UNIT_LEAD'],
  NOT_BEFORE: [INTERNAL_ROLE, 'QUERY_UNIT_LEAD'],
  CUSTODIAL_STATUS_CHANGE: ['COURT_RESULTS', 'COURT_EXPERT', 'QUERY_UNIT_LEAD', INTERNAL_ROLE],
  MANUAL: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
};
const RELEASE_ROLES: readonly Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR'];
/** The escort contractor records a release from court, and nothing else; it passes the gate like any release. */
const ESCORT_ROLES: readonly Role[] = ['ESCORT_CONTRACTOR'];
const RETURN_ROLES: readonly Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'PRISON_SYNC', INTERNAL_ROLE];
/** Who completes and verifies a discharge checklist: the holding prison's people. */
const CHECK_ROLES: readonly Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR'];
/** Reasons placed by people (a manual hold) meet the people's limit; the court's and the unit's never do. */
const PEOPLES_KINDS: readonly HoldReasonKind[] = ['MANUAL'];

/** The latest instant he was recorded back in custody, if ever. */
const lastReturnAt = (state: HoldState): number =>
  Math.max(0, ...state.releases.map((r) => (r.returnedToCustodyAt ? Date.parse(r.returnedToCustodyAt) : 0)));

/** Why `actor` may not apply `op` now, or null. Pure and synchronous: it is the update's validator. */
export function checkHoldOperation(state: HoldState, op: HoldOperation, actor: Actor): Rejection | null {
  switch (op.type) {
    case 'addReason': {
      if (!mayActAt(actor, ADD_ROLES[op.kind], op.prisonCode))
        return { code: 'FORBIDDEN', message: `adding a ${op.kind} reason is not permitted for this user` };
      // Limits meant for people never refuse what the court or the unit says (the system's own bound is far above).
      const limit = PEOPLES_KINDS.includes(op.kind) ? LIMITS.reasonsPerHold : LIMITS.systemReasonsPerHold;
      if (state.reasons.length >= limit && !state.reasons.some((r) => r.key === op.key || r.caseKey === op.key)) {
        return { code: 'UNPROCESSABLE', message: `at most ${limit} reasons stand on one hold` };
      }
      return null;
    }
    case 'clearReason':
    case 'progressReason': {
      const reason = state.reasons.find((r) => r.key === op.key);
      if (!reason) return { code: 'NOT_FOUND', message: `no standing reason ${op.key}` };
      const prisonCode = op.prisonCode ?? reason.prisonCode;
      if (op.type === 'clearReason') return whyNotRemovable(reason, actor, prisonCode, op.note);
      if (!mayActAt(actor, PROGRESS_ROLES[reason.kind], prisonCode))
        return { code: 'FORBIDDEN', message: `progress on a ${reason.kind} reason is not permitted for this user` };
      if ((state.progressCount ?? 0) >= LIMITS.progressPerHold)
        return { code: 'UNPROCESSABLE', message: `a hold takes at most ${LIMITS.progressPerHold} progress notes` };
      return null;
    }
    case 'completeChecklist': {
      if (!mayActAt(actor, CHECK_ROLES, op.prisonCode))
        return { code: 'FORBIDDEN', message: 'a discharge checklist is completed by the holding prison' };
      if (state.authorisations?.some((a) => a.id === op.id)) return null; // a retried request: the first stands
      if (!GATED_RELEASES.includes(op.movement))
        return { code: 'UNPROCESSABLE', message: `${op.movement} does not leave custody and needs no authorisation` };
      return null;
    }
    case 'verifyAuthorisation': {
      if (!mayActAt(actor, CHECK_ROLES, op.prisonCode))
        return { code: 'FORBIDDEN', message: 'an authorisation is verified by the holding prison' };
      const authorisation = state.authorisations?.find((a) => a.id === op.id);
      if (!authorisation) return { code: 'NOT_FOUND', message: `no authorisation ${op.id}` };
      if (authorisation.status === 'AUTHORISED' && samePerson(authorisation.verifiedBy, actor.username)) return null; // a retried request
      if (authorisation.status !== 'AWAITING_VERIFICATION')
        return { code: 'CONFLICT', message: `authorisation ${op.id} is ${authorisation.status}` };
      if (samePerson(authorisation.completedBy, actor.username))
        return {
          code: 'FORBIDDEN',
          message: 'an authorisation is verified by a different person from the one who completed the checklist',
        };
      if (authorisation.prisonCode !== op.prisonCode)
        return { code: 'CONFLICT', message: `authorisation ${op.id} was completed at ${authorisation.prisonCode}` };
      return null;
    }
    case 'override':
      if (!mayActAt(actor, ['DUTY_GOVERNOR'], op.prisonCode))
        return { code: 'FORBIDDEN', message: 'only a duty governor of the holding prison may override a hold' };
      if (state.overrides.some((o) => o.id === op.id)) return null; // a retried request: the first override stands
      if (state.reasons.length === 0)
        return { code: 'CONFLICT', message: 'there is nothing to override: no reason stands' };
      if (state.reasons.some((r) => r.kind === 'NOT_BEFORE'))
        return {
          code: 'CONFLICT',
          message:
            'a release date the query unit gave stands: a governor does not bring it forward; the unit lifts its own date',
        };
      return null;
    case 'recordRelease': {
      const mayRecord =
        mayActAt(actor, RELEASE_ROLES, op.prisonCode) ||
        (mayActAt(actor, ESCORT_ROLES, op.prisonCode) && ESCORT_MOVEMENTS.includes(op.reason));
      if (!mayRecord) return { code: 'FORBIDDEN', message: `recording ${op.reason} is not permitted for this user` };
      if (state.releases.some((r) => r.id === op.id) || state.refusals?.some((r) => r.id === op.id)) return null; // a retried request: its first outcome stands
      if (GATED_RELEASES.includes(op.reason) && openRelease(state))
        return { code: 'CONFLICT', message: 'he is recorded as released and not yet back in custody' };
      if (Date.parse(op.releasedAt) < lastReturnAt(state))
        return {
          code: 'UNPROCESSABLE',
          message: 'the movement is dated before his latest return to custody',
          details: { field: 'body.releasedAt' },
        };
      // A release the gate refuses is not rejected here: it is accepted, recorded as a refusal, and answered 409.
      return null;
    }
    case 'movedPrison':
      return hasRole(actor, 'PRISON_SYNC', INTERNAL_ROLE)
        ? null
        : { code: 'FORBIDDEN', message: 'a move between prisons comes from the prison system' };
    case 'voidAuthorisations':
      return hasRole(actor, INTERNAL_ROLE)
        ? null
        : { code: 'FORBIDDEN', message: 'only Release Guard itself voids authorisations on new facts' };
    case 'reportReleaseInError':
      if (!hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR', 'ESCORT_CONTRACTOR', 'QUERY_UNIT_LEAD'))
        return { code: 'FORBIDDEN', message: 'reporting a release in error is not permitted for this user' };
      return null;
    case 'queryDetermination':
    case 'incidentClosed':
      return hasRole(actor, INTERNAL_ROLE)
        ? null
        : {
            code: 'FORBIDDEN',
            message: `only Release Guard's own workflows report ${op.type === 'incidentClosed' ? 'closed incidents' : 'determinations'}`,
          };
    case 'returnedToCustody': {
      if (!hasRole(actor, ...RETURN_ROLES))
        return { code: 'FORBIDDEN', message: 'recording a return to custody is not permitted for this user' };
      if (!isOutOfCustody(state))
        return { code: 'CONFLICT', message: 'the prisoner is not recorded as out of custody' };
      const release = openRelease(state);
      if (release && Date.parse(op.at) < Date.parse(release.releasedAt))
        return {
          code: 'UNPROCESSABLE',
          message: 'a return to custody is dated before the release it ends',
          details: { field: 'body.returnedAt' },
        };
      return null;
    }
  }
}

/**
 * What an update on the hold answers: the gate's view and the one thing the operation made or
 * touched, never the whole state. Update results are kept in the workflow's history, so a whole
 * state per update would make the history grow with the square of the hold's age.
 */
export interface HoldOutcome {
  prisonerNumber: string;
  releasable: boolean;
  reasons: HoldReason[];
  /** A usable override covering the standing reasons. */
  usableOverride?: Override;
  plannedRelease?: string;
  release?: ReleaseRecord;
  refusal?: Refusal;
  override?: Override;
  reason?: HoldReason;
  cleared?: ClearedReason;
  incident?: IncidentLink;
  authorisation?: Authorisation;
  /** After a return to custody: every release and incident, so the caller sees what the return closed. */
  releases?: ReleaseRecord[];
  incidents?: IncidentLink[];
}

export function holdOutcome(state: HoldState, op: HoldOperation, now: Date): HoldOutcome {
  const usable = state.reasons.length ? usableOverride(state, now) : undefined;
  const base: HoldOutcome = {
    prisonerNumber: state.prisonerNumber,
    releasable: isReleasable(state, now),
    reasons: state.reasons,
    ...(usable ? { usableOverride: usable } : {}),
    ...(state.plannedRelease ? { plannedRelease: state.plannedRelease } : {}),
  };
  const withValue = <K extends keyof HoldOutcome>(key: K, value: HoldOutcome[K] | undefined): HoldOutcome =>
    value === undefined ? base : { ...base, [key]: value };
  switch (op.type) {
    case 'recordRelease': {
      const release = state.releases.find((r) => r.id === op.id);
      return release
        ? withValue('release', release)
        : withValue(
            'refusal',
            state.refusals?.find((r) => r.id === op.id),
          );
    }
    case 'override':
      return withValue(
        'override',
        state.overrides.find((o) => o.id === op.id),
      );
    case 'addReason': {
      const hearingKey = op.hearingId ? `${op.key}-H${op.hearingId}` : undefined;
      const reason = state.reasons.find(
        (r) => r.key === op.key || r.key === hearingKey || (!hearingKey && r.caseKey === op.key),
      );
      return reason
        ? withValue('reason', reason)
        : withValue(
            'cleared',
            state.clearedReasons?.find((r) => r.key === op.key || r.key === hearingKey),
          );
    }
    case 'completeChecklist':
    case 'verifyAuthorisation':
      return withValue(
        'authorisation',
        state.authorisations?.find((a) => a.id === op.id),
      );
    case 'reportReleaseInError':
      return withValue(
        'incident',
        state.incidents.find((i) => i.id === op.incidentId),
      );
    case 'returnedToCustody':
      return { ...base, releases: state.releases, incidents: state.incidents };
    default:
      return base;
  }
}
