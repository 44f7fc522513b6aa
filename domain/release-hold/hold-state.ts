import { INTERNAL_ROLE, hasRole, type Actor, type Role } from '../actors.ts';
import { causeOf } from '../causes.ts';
import type { IncidentCause } from '../incident/vocabulary.ts';
import type { QueryCategory } from '../urgent-query/vocabulary.ts';
import { cloneState as clone } from '../clone.ts';
import { LIMITS } from '../limits.ts';
import type { Rejection } from '../rejection.ts';
import { ESCORT_MOVEMENTS, GATED_RELEASES, type HoldReasonKind, type ReleaseReason } from './vocabulary.ts';

/**
 * One prisoner's release hold as a pure state machine: every reason not to release him, the
 * releases recorded against it, and governor overrides. The workflow holds it and keeps the time.
 */

export interface HoldReason {
  /** Unique per source (query reference, court case, manual id), so adding one twice is harmless. */
  key: string;
  kind: HoldReasonKind;
  detail: string;
  prisonCode: string;
  placedBy: string;
  placedAt: string;
  /** Who is re-alerted when nobody has progressed it: a mailbox or a user. */
  owner: string;
  lastProgressAt: string;
  reviewsSent: number;
  /** A digest of the request that placed it, so a keyed retry with a different body is told apart. */
  requestDigest?: string;
}

/** A reason once cleared: its key is never placed again (a retried request, the hourly court check). */
export interface ClearedReason {
  key: string;
  kind: HoldReasonKind;
  clearedAt: string;
  requestDigest?: string;
}

/** How many cleared keys a hold remembers. */
export const CLEARED_KEPT = 200;

export interface Override {
  id: string;
  by: string;
  at: string;
  justification: string;
  /** The reason keys it covers: only those standing when it was granted. */
  covers: string[];
  expiresAt: string;
  usedByRelease?: string;
}

export interface ReleaseRecord {
  id: string;
  reason: ReleaseReason;
  prisonCode: string;
  /** For a transfer: the prison he went to. */
  toPrisonCode?: string;
  releasedAt: string;
  recordedBy: string;
  recordedAt: string;
  overrideId?: string;
  returnedToCustodyAt?: string;
}

export interface HoldAuditEntry {
  at: string;
  who: string;
  what: string;
  detail?: string;
}

export interface IncidentLink {
  id: string;
  releaseId?: string;
  openedAt: string;
  returnedToCustody: boolean;
  /** Told by the incident when it closes with its cause; until then the hold stays. */
  closed?: boolean;
  requestDigest?: string;
}

/** A release the gate refused: recorded, so the releases prevented can be counted. */
export interface Refusal {
  id: string;
  reason: ReleaseReason;
  at: string;
  by: string;
  /** The reasons that stood: key and kind only. */
  standing: { key: string; kind: HoldReasonKind }[];
}

/** How many refusals a hold keeps in full; beyond that it keeps the count. */
export const REFUSALS_KEPT = 20;

export interface HoldState {
  prisonerNumber: string;
  /** Release-in-error incidents opened for this prisoner, so a return to custody reaches them all. */
  incidents: IncidentLink[];
  /** Prison of the latest reason or release: used for caseload checks. */
  prisonCode?: string;
  reasons: HoldReason[];
  /** The latest cleared reasons (at most CLEARED_KEPT). */
  clearedReasons?: ClearedReason[];
  overrides: Override[];
  releases: ReleaseRecord[];
  /** The latest refusals (at most REFUSALS_KEPT), and how many there have been in all. */
  refusals?: Refusal[];
  refusalCount?: number;
  /** The planned release a query's answer gave (RELEASE_DATE_CHANGED). */
  plannedRelease?: string;
  /** Progress notes recorded in all (bounded: LIMITS.progressPerHold). */
  progressCount?: number;
  /** The latest changes (at most LIMITS.holdAudit): the full record is the workflow's history and the audit log. */
  audit: HoldAuditEntry[];
}

export interface HoldPolicy {
  reviewIntervalMinutes: number;
  overrideValidMinutes: number;
  /** Template for a user's email, `{username}` replaced. */
  staffEmailTemplate: string;
  unitQueue: string;
  prisonMailboxTemplate: string;
}


export type HoldOperation =
  | { type: 'addReason'; kind: HoldReasonKind; key: string; detail: string; prisonCode: string; owner?: string; requestDigest?: string }
  | { type: 'clearReason'; key: string; note?: string }
  | { type: 'progressReason'; key: string; note?: string }
  | { type: 'override'; id: string; justification: string; prisonCode: string }
  | { type: 'recordRelease'; id: string; reason: ReleaseReason; prisonCode: string; releasedAt: string; toPrisonCode?: string }
  | { type: 'returnedToCustody'; releaseId?: string; at: string; /** Where he is back in custody. */ prisonCode?: string }
  | { type: 'queryDetermination'; reference: string; determination: string; prisonCode: string; newReleaseDate?: string; category?: QueryCategory }
  | { type: 'reportReleaseInError'; incidentId: string; howFound: string; prisonCode: string; releasedAt?: string; requestDigest?: string }
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
  | { kind: 'PLANNED_RELEASE_CHANGED'; plannedRelease: string };

const iso = (d: Date) => d.toISOString();
/** Appends, keeping only the latest `max` entries. */
function appendLatest<T>(list: T[], entry: T, max: number): void {
  list.push(entry);
  if (list.length > max) list.splice(0, list.length - max);
}

export const emptyHold = (prisonerNumber: string): HoldState => ({ prisonerNumber, incidents: [], reasons: [], overrides: [], releases: [], audit: [] });

/** Only the query workflow places a query's reason: no token carries the internal role. */
const ADD_ROLES: Record<HoldReasonKind, readonly Role[]> = {
  URGENT_QUERY: [INTERNAL_ROLE],
  CUSTODIAL_STATUS_CHANGE: ['COURT_RESULTS', 'COURT_EXPERT', 'QUERY_UNIT_LEAD', INTERNAL_ROLE],
  MANUAL: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
};
const CLEAR_ROLES: Record<HoldReasonKind, readonly Role[]> = {
  // A query's reason clears when its source clears; a team leader may lift one, with a written justification.
  URGENT_QUERY: [INTERNAL_ROLE, 'QUERY_UNIT_LEAD'],
  CUSTODIAL_STATUS_CHANGE: ['COURT_RESULTS', 'COURT_EXPERT', 'QUERY_UNIT_LEAD', INTERNAL_ROLE],
  MANUAL: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
};
const RELEASE_ROLES: readonly Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR'];
/** The escort contractor records a release from court, and nothing else; it passes the gate like any release. */
const ESCORT_ROLES: readonly Role[] = ['ESCORT_CONTRACTOR'];
const RETURN_ROLES: readonly Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'PRISON_SYNC', INTERNAL_ROLE];
/** A team leader lifting a query's reason while the query is open writes down why, as a governor's override does. */
export const LIFT_JUSTIFICATION_MIN = 20;

/** A governor's override that is still unused and unexpired, and covers every standing reason. */
export function usableOverride(state: HoldState, now: Date): Override | undefined {
  return state.overrides.find(
    (o) => !o.usedByRelease && Date.parse(o.expiresAt) > now.getTime() && state.reasons.every((r) => o.covers.includes(r.key)),
  );
}

export const isReleasable = (state: HoldState, now: Date): boolean => state.reasons.length === 0 || usableOverride(state, now) !== undefined;

/** Why `actor` may not apply `op` now, or null. Pure and synchronous: it is the update's validator. */
export function checkHoldOperation(state: HoldState, op: HoldOperation, actor: Actor): Rejection | null {
  switch (op.type) {
    case 'addReason':
      if (!hasRole(actor, ...ADD_ROLES[op.kind])) return { code: 'FORBIDDEN', message: `adding a ${op.kind} reason is not permitted for this user` };
      if (state.reasons.length >= LIMITS.reasonsPerHold && !state.reasons.some((r) => r.key === op.key)) {
        return { code: 'UNPROCESSABLE', message: `at most ${LIMITS.reasonsPerHold} reasons stand on one hold` };
      }
      return null;
    case 'clearReason':
    case 'progressReason': {
      const reason = state.reasons.find((r) => r.key === op.key);
      if (!reason) return { code: 'NOT_FOUND', message: `no standing reason ${op.key}` };
      if (!hasRole(actor, ...CLEAR_ROLES[reason.kind])) return { code: 'FORBIDDEN', message: `${op.type} of a ${reason.kind} reason is not permitted for this user` };
      if (op.type === 'clearReason' && reason.kind === 'MANUAL' && reason.placedBy === actor.username) {
        return { code: 'FORBIDDEN', message: 'a manual hold must be lifted by a different person from the one who placed it' };
      }
      if (op.type === 'progressReason' && (state.progressCount ?? 0) >= LIMITS.progressPerHold) {
        return { code: 'UNPROCESSABLE', message: `a hold takes at most ${LIMITS.progressPerHold} progress notes` };
      }
      if (op.type === 'clearReason' && reason.kind === 'URGENT_QUERY' && !hasRole(actor, INTERNAL_ROLE) && (op.note?.trim().length ?? 0) < LIFT_JUSTIFICATION_MIN) {
        return { code: 'UNPROCESSABLE', message: `lifting an open query's reason needs a written justification of at least ${LIFT_JUSTIFICATION_MIN} characters in the note` };
      }
      return null;
    }
    case 'override':
      if (!hasRole(actor, 'DUTY_GOVERNOR')) return { code: 'FORBIDDEN', message: 'only a duty governor may override a hold' };
      if (state.overrides.some((o) => o.id === op.id)) return null; // a retried request: the first override stands
      if (state.reasons.length === 0) return { code: 'CONFLICT', message: 'there is nothing to override: no reason stands' };
      return null;
    case 'recordRelease': {
      const mayRecord = hasRole(actor, ...RELEASE_ROLES) || (hasRole(actor, ...ESCORT_ROLES) && ESCORT_MOVEMENTS.includes(op.reason));
      if (!mayRecord) return { code: 'FORBIDDEN', message: `recording ${op.reason} is not permitted for this user` };
      if (state.releases.some((r) => r.id === op.id) || state.refusals?.some((r) => r.id === op.id)) return null; // a retried request: its first outcome stands
      if (GATED_RELEASES.includes(op.reason) && openRelease(state)) return { code: 'CONFLICT', message: 'he is recorded as released and not yet back in custody' };
      // A release the gate refuses is not rejected here: it is accepted, recorded as a refusal, and answered 409.
      return null;
    }
    case 'reportReleaseInError':
      if (!hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR', 'ESCORT_CONTRACTOR', 'QUERY_UNIT_LEAD')) return { code: 'FORBIDDEN', message: 'reporting a release in error is not permitted for this user' };
      return null;
    case 'queryDetermination':
    case 'incidentClosed':
      return hasRole(actor, INTERNAL_ROLE) ? null : { code: 'FORBIDDEN', message: `only Release Guard's own workflows report ${op.type === 'incidentClosed' ? 'closed incidents' : 'determinations'}` };
    case 'returnedToCustody':
      if (!hasRole(actor, ...RETURN_ROLES)) return { code: 'FORBIDDEN', message: 'recording a return to custody is not permitted for this user' };
      return isOutOfCustody(state) ? null : { code: 'CONFLICT', message: 'the prisoner is not recorded as out of custody' };
  }
}

/**
 * Out of custody as far as the hold knows: a release that left custody not yet followed by a return,
 * or a release in error still at large. A court visit or a transfer never left custody.
 */
export const isOutOfCustody = (state: HoldState): boolean => openRelease(state) !== undefined || state.incidents.some((i) => !i.returnedToCustody);

/**
 * Whether anything about the hold still matters: a standing reason, a live override, a prisoner
 * out of custody, or an incident not yet closed. Until none does, the hold must not close.
 */
export function holdMatters(state: HoldState, now: Date): boolean {
  return (
    state.reasons.length > 0 ||
    state.overrides.some((o) => !o.usedByRelease && Date.parse(o.expiresAt) > now.getTime()) ||
    isOutOfCustody(state) ||
    state.incidents.some((i) => !i.closed)
  );
}

function ownerFor(op: Extract<HoldOperation, { type: 'addReason' }>, actor: Actor, policy: HoldPolicy): string {
  if (op.owner) return op.owner;
  if (op.kind === 'URGENT_QUERY') return policy.unitQueue;
  if (op.kind === 'CUSTODIAL_STATUS_CHANGE') return policy.prisonMailboxTemplate.replace('{prisonCode}', op.prisonCode);
  return policy.staffEmailTemplate.replace('{username}', actor.username.toLowerCase());
}

/** Applies an operation that `checkHoldOperation` accepted. */
export function applyHoldOperation(current: HoldState, op: HoldOperation, actor: Actor, now: Date, policy: HoldPolicy): { state: HoldState; effects: HoldEffect[] } {
  const state = clone(current);
  const effects: HoldEffect[] = [];
  const who = actor.username;
  const audit = (what: string, detail?: string) => appendLatest(state.audit, { at: iso(now), who, what, ...(detail ? { detail } : {}) }, LIMITS.holdAudit);
  switch (op.type) {
    case 'addReason': {
      if (state.reasons.some((r) => r.key === op.key)) break; // already standing: harmless
      if (state.clearedReasons?.some((r) => r.key === op.key)) break; // cleared once: a retry or a repeat never places it again
      state.prisonCode = op.prisonCode;
      state.reasons.push({
        key: op.key,
        kind: op.kind,
        detail: op.detail,
        prisonCode: op.prisonCode,
        placedBy: who,
        placedAt: iso(now),
        owner: ownerFor(op, actor, policy),
        lastProgressAt: iso(now),
        reviewsSent: 0,
        ...(op.requestDigest ? { requestDigest: op.requestDigest } : {}),
      });
      audit('REASON_ADDED', `${op.kind} ${op.key}`);
      break;
    }
    case 'clearReason': {
      const cleared = state.reasons.find((r) => r.key === op.key);
      state.reasons = state.reasons.filter((r) => r.key !== op.key);
      if (cleared) {
        const entry: ClearedReason = { key: cleared.key, kind: cleared.kind, clearedAt: iso(now), ...(cleared.requestDigest ? { requestDigest: cleared.requestDigest } : {}) };
        state.clearedReasons = [...(state.clearedReasons ?? []), entry].slice(-CLEARED_KEPT);
      }
      audit('REASON_CLEARED', `${op.key}${op.note ? `: ${op.note}` : ''}`);
      break;
    }
    case 'progressReason': {
      const reason = state.reasons.find((r) => r.key === op.key);
      if (!reason) break; // the validator refuses an unknown key
      reason.lastProgressAt = iso(now);
      reason.reviewsSent = 0;
      state.progressCount = (state.progressCount ?? 0) + 1;
      audit('REASON_PROGRESSED', `${op.key}${op.note ? `: ${op.note}` : ''}`);
      break;
    }
    case 'override': {
      if (state.overrides.some((o) => o.id === op.id)) break;
      const override: Override = {
        id: op.id,
        by: who,
        at: iso(now),
        justification: op.justification,
        covers: state.reasons.map((r) => r.key),
        expiresAt: iso(new Date(now.getTime() + policy.overrideValidMinutes * 60_000)),
      };
      state.overrides.push(override);
      state.prisonCode = op.prisonCode;
      audit('OVERRIDE_GRANTED', `${override.covers.join(', ')}: ${op.justification}`);
      effects.push({ kind: 'OVERRIDDEN', override });
      break;
    }
    case 'recordRelease': {
      if (state.releases.some((r) => r.id === op.id) || state.refusals?.some((r) => r.id === op.id)) break;
      if (GATED_RELEASES.includes(op.reason) && !isReleasable(state, now)) {
        const refusal: Refusal = { id: op.id, reason: op.reason, at: iso(now), by: who, standing: state.reasons.map((r) => ({ key: r.key, kind: r.kind })) };
        state.refusals = [...(state.refusals ?? []), refusal].slice(-REFUSALS_KEPT);
        state.refusalCount = (state.refusalCount ?? 0) + 1;
        audit('RELEASE_REFUSED', `${op.reason}: ${refusal.standing.map((r) => r.key).join(', ')}`);
        effects.push({ kind: 'RELEASE_PREVENTED', refusal });
        break;
      }
      const override = GATED_RELEASES.includes(op.reason) && state.reasons.length > 0 ? usableOverride(state, now) : undefined;
      if (override) override.usedByRelease = op.id;
      const release: ReleaseRecord = {
        id: op.id,
        reason: op.reason,
        prisonCode: op.prisonCode,
        ...(op.toPrisonCode ? { toPrisonCode: op.toPrisonCode } : {}),
        releasedAt: op.releasedAt,
        recordedBy: who,
        recordedAt: iso(now),
        ...(override ? { overrideId: override.id } : {}),
      };
      state.releases.push(release);
      state.prisonCode = op.prisonCode;
      audit('RELEASE_RECORDED', `${op.reason}${override ? ` under override ${override.id}` : ''}`);
      effects.push({ kind: 'RELEASE_RECORDED', release });
      break;
    }
    case 'returnedToCustody': {
      const open = state.releases.filter((r) => !r.returnedToCustodyAt && (!op.releaseId || r.id === op.releaseId));
      for (const release of open) release.returnedToCustodyAt = op.at;
      const incidents = state.incidents.filter((i) => !i.returnedToCustody);
      for (const incident of incidents) incident.returnedToCustody = true;
      audit('RETURNED_TO_CUSTODY', [...open.map((r) => r.id), ...incidents.map((i) => i.id)].join(', '));
      effects.push({ kind: 'RETURNED_TO_CUSTODY', at: op.at, ...(op.prisonCode ? { prisonCode: op.prisonCode } : {}), releaseIds: open.map((r) => r.id), incidentIds: incidents.map((i) => i.id) });
      break;
    }
    case 'incidentClosed': {
      const incident = state.incidents.find((i) => i.id === op.incidentId);
      if (incident && !incident.closed) {
        incident.closed = true;
        audit('INCIDENT_CLOSED', op.incidentId);
      }
      break;
    }
    case 'reportReleaseInError': {
      if (state.incidents.some((i) => i.id === op.incidentId)) break;
      const release = openRelease(state);
      state.prisonCode = op.prisonCode;
      state.incidents.push({ id: op.incidentId, ...(release ? { releaseId: release.id } : {}), openedAt: iso(now), returnedToCustody: false, ...(op.requestDigest ? { requestDigest: op.requestDigest } : {}) });
      audit('RELEASE_IN_ERROR_REPORTED', op.incidentId);
      const releasedAt = op.releasedAt ?? release?.releasedAt;
      effects.push({
        kind: 'OPEN_INCIDENT',
        incident: { id: op.incidentId, detection: 'REPORTED', howFound: op.howFound, prisonCode: op.prisonCode, ...(releasedAt ? { releasedAt } : {}), ...(release ? { releaseId: release.id } : {}) },
      });
      break;
    }
    case 'queryDetermination': {
      audit('QUERY_ANSWERED', `${op.reference}: ${op.determination}`);
      if (op.determination === 'RELEASE_DATE_CHANGED' && op.newReleaseDate && op.newReleaseDate !== state.plannedRelease) {
        state.plannedRelease = op.newReleaseDate;
        audit('PLANNED_RELEASE_CHANGED', `${op.newReleaseDate} (query ${op.reference})`);
        effects.push({ kind: 'PLANNED_RELEASE_CHANGED', plannedRelease: op.newReleaseDate });
      }
      const release = openRelease(state);
      // A query answered DO_NOT_RELEASE for someone already out is a release in error.
      const id = release ? `RIE-${state.prisonerNumber}-${release.id}` : '';
      if (op.determination === 'DO_NOT_RELEASE' && release && !state.incidents.some((i) => i.id === id)) {
        audit('RELEASE_IN_ERROR_DETECTED', `release ${release.id}, query ${op.reference}`);
        state.incidents.push({ id, releaseId: release.id, openedAt: iso(now), returnedToCustody: false });
        effects.push({
          kind: 'OPEN_INCIDENT',
          incident: {
            id,
            detection: 'AUTOMATIC',
            howFound: `Urgent query ${op.reference} answered DO_NOT_RELEASE after the release was recorded`,
            prisonCode: release.prisonCode,
            releasedAt: release.releasedAt,
            releaseId: release.id,
            ...(op.category ? { likelyCause: causeOf(op.category) } : {}),
          },
        });
      }
      break;
    }
  }
  return { state, effects };
}

/** The latest gated release not yet followed by a return to custody: the prisoner is out. */
export function openRelease(state: HoldState): ReleaseRecord | undefined {
  return [...state.releases].reverse().find((r) => GATED_RELEASES.includes(r.reason) && !r.returnedToCustodyAt);
}

const reviewDueAt = (reason: HoldReason, policy: HoldPolicy): number =>
  Date.parse(reason.lastProgressAt) + (reason.reviewsSent + 1) * policy.reviewIntervalMinutes * 60_000;

/** Reasons nobody has progressed within the review interval: their owners are re-alerted. */
export function reviewTick(current: HoldState, now: Date, policy: HoldPolicy): { state: HoldState; effects: HoldEffect[] } {
  const state = clone(current);
  const effects: HoldEffect[] = [];
  for (const reason of state.reasons) {
    if (reviewDueAt(reason, policy) > now.getTime()) continue;
    while (reviewDueAt(reason, policy) <= now.getTime()) reason.reviewsSent += 1;
    appendLatest(state.audit, { at: iso(now), who: 'system', what: 'REVIEW_ALERT', detail: `${reason.key} (review ${reason.reviewsSent})` }, LIMITS.holdAudit);
    effects.push({ kind: 'REVIEW_DUE', reason: { ...reason } });
  }
  return { state, effects };
}

export function nextHoldWakeAt(state: HoldState, policy: HoldPolicy): Date | null {
  const times = state.reasons.map((r) => reviewDueAt(r, policy));
  return times.length ? new Date(Math.min(...times)) : null;
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
  const withValue = <K extends keyof HoldOutcome>(key: K, value: HoldOutcome[K] | undefined): HoldOutcome => (value === undefined ? base : { ...base, [key]: value });
  switch (op.type) {
    case 'recordRelease': {
      const release = state.releases.find((r) => r.id === op.id);
      return release ? withValue('release', release) : withValue('refusal', state.refusals?.find((r) => r.id === op.id));
    }
    case 'override':
      return withValue('override', state.overrides.find((o) => o.id === op.id));
    case 'addReason': {
      const reason = state.reasons.find((r) => r.key === op.key);
      return reason ? withValue('reason', reason) : withValue('cleared', state.clearedReasons?.find((r) => r.key === op.key));
    }
    case 'reportReleaseInError':
      return withValue('incident', state.incidents.find((i) => i.id === op.incidentId));
    case 'returnedToCustody':
      return { ...base, releases: state.releases, incidents: state.incidents };
    default:
      return base;
  }
}
