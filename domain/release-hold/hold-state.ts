import { hasRole, type Actor, type Role } from '../actors.ts';
import { cloneState as clone } from '../clone.ts';
import { GATED_RELEASES, type HoldReasonKind, type ReleaseReason } from './vocabulary.ts';

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
}

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
}

export interface HoldState {
  prisonerNumber: string;
  /** Release-in-error incidents opened for this prisoner, so a return to custody reaches them all. */
  incidents: IncidentLink[];
  /** Prison of the latest reason or release: used for caseload checks. */
  prisonCode?: string;
  reasons: HoldReason[];
  overrides: Override[];
  releases: ReleaseRecord[];
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

export type HoldRejection = { code: 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND'; message: string; reasons?: HoldReason[] };

export type HoldOperation =
  | { type: 'addReason'; kind: HoldReasonKind; key: string; detail: string; prisonCode: string; owner?: string }
  | { type: 'clearReason'; key: string; note?: string }
  | { type: 'progressReason'; key: string; note?: string }
  | { type: 'override'; id: string; justification: string; prisonCode: string }
  | { type: 'recordRelease'; id: string; reason: ReleaseReason; prisonCode: string; releasedAt: string }
  | { type: 'returnedToCustody'; releaseId?: string; at: string }
  | { type: 'queryDetermination'; reference: string; determination: string; prisonCode: string }
  | { type: 'reportReleaseInError'; incidentId: string; howFound: string; prisonCode: string; releasedAt?: string };

export interface HoldEffect {
  kind: 'RELEASE_RECORDED' | 'REVIEW_DUE' | 'OVERRIDDEN' | 'OPEN_INCIDENT' | 'INCIDENTS_RETURNED';
  release?: ReleaseRecord;
  incident?: { id: string; detection: 'REPORTED' | 'AUTOMATIC'; howFound: string; prisonCode: string; releasedAt?: string };
  incidentIds?: string[];
  reason?: HoldReason;
  override?: Override;
}

const iso = (d: Date) => d.toISOString();

export const emptyHold = (prisonerNumber: string): HoldState => ({ prisonerNumber, incidents: [], reasons: [], overrides: [], releases: [], audit: [] });

const ADD_ROLES: Record<HoldReasonKind, readonly Role[]> = {
  URGENT_QUERY: ['SYSTEM'],
  CUSTODIAL_STATUS_CHANGE: ['SYSTEM', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  MANUAL: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
};
const CLEAR_ROLES: Record<HoldReasonKind, readonly Role[]> = {
  // A query's reason clears when its source clears; a team leader may clear one by hand.
  URGENT_QUERY: ['SYSTEM', 'QUERY_UNIT_LEAD'],
  CUSTODIAL_STATUS_CHANGE: ['SYSTEM', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
  MANUAL: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
};
const RELEASE_ROLES: readonly Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'SYSTEM'];

/** A governor's override that is still unused and unexpired, and covers every standing reason. */
export function usableOverride(state: HoldState, now: Date): Override | undefined {
  return state.overrides.find(
    (o) => !o.usedByRelease && Date.parse(o.expiresAt) > now.getTime() && state.reasons.every((r) => o.covers.includes(r.key)),
  );
}

export const isReleasable = (state: HoldState, now: Date): boolean => state.reasons.length === 0 || usableOverride(state, now) !== undefined;

/** Why `actor` may not apply `op` now, or null. Pure and synchronous: it is the update's validator. */
export function checkHoldOperation(state: HoldState, op: HoldOperation, actor: Actor, now: Date): HoldRejection | null {
  switch (op.type) {
    case 'addReason':
      return hasRole(actor, ...ADD_ROLES[op.kind]) ? null : { code: 'FORBIDDEN', message: `adding a ${op.kind} reason is not permitted for this user` };
    case 'clearReason':
    case 'progressReason': {
      const reason = state.reasons.find((r) => r.key === op.key);
      if (!reason) return { code: 'NOT_FOUND', message: `no standing reason ${op.key}` };
      if (!hasRole(actor, ...CLEAR_ROLES[reason.kind])) return { code: 'FORBIDDEN', message: `${op.type} of a ${reason.kind} reason is not permitted for this user` };
      if (op.type === 'clearReason' && reason.kind === 'MANUAL' && reason.placedBy === actor.username) {
        return { code: 'FORBIDDEN', message: 'a manual hold must be lifted by a different person from the one who placed it' };
      }
      return null;
    }
    case 'override':
      if (!hasRole(actor, 'DUTY_GOVERNOR')) return { code: 'FORBIDDEN', message: 'only a duty governor may override a hold' };
      if (state.reasons.length === 0) return { code: 'CONFLICT', message: 'there is nothing to override: no reason stands' };
      return null;
    case 'recordRelease': {
      if (!hasRole(actor, ...RELEASE_ROLES)) return { code: 'FORBIDDEN', message: 'recording a release is not permitted for this user' };
      if (state.releases.some((r) => r.id === op.id)) return null; // a retried request: already recorded
      if (GATED_RELEASES.includes(op.reason) && !isReleasable(state, now)) {
        return { code: 'CONFLICT', message: `release refused: ${state.reasons.length} reason(s) stand`, reasons: state.reasons };
      }
      return null;
    }
    case 'reportReleaseInError':
      if (!hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR', 'QUERY_UNIT_LEAD', 'SYSTEM')) return { code: 'FORBIDDEN', message: 'reporting a release in error is not permitted for this user' };
      return null;
    case 'queryDetermination':
      return hasRole(actor, 'SYSTEM') ? null : { code: 'FORBIDDEN', message: 'only the query workflow reports determinations' };
    case 'returnedToCustody':
      if (!hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR', 'SYSTEM')) return { code: 'FORBIDDEN', message: 'recording a return to custody is not permitted for this user' };
      return state.releases.some((r) => !r.returnedToCustodyAt) || state.incidents.some((i) => !i.returnedToCustody)
        ? null
        : { code: 'CONFLICT', message: 'the prisoner is not recorded as out of custody' };
  }
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
  const audit = (what: string, detail?: string) => state.audit.push({ at: iso(now), who, what, ...(detail ? { detail } : {}) });
  switch (op.type) {
    case 'addReason': {
      if (state.reasons.some((r) => r.key === op.key)) break; // already standing: harmless
      state.prisonCode = op.prisonCode;
      state.reasons.push({ key: op.key, kind: op.kind, detail: op.detail, prisonCode: op.prisonCode, placedBy: who, placedAt: iso(now), owner: ownerFor(op, actor, policy), lastProgressAt: iso(now), reviewsSent: 0 });
      audit('REASON_ADDED', `${op.kind} ${op.key}`);
      break;
    }
    case 'clearReason': {
      state.reasons = state.reasons.filter((r) => r.key !== op.key);
      audit('REASON_CLEARED', `${op.key}${op.note ? `: ${op.note}` : ''}`);
      break;
    }
    case 'progressReason': {
      const reason = state.reasons.find((r) => r.key === op.key)!;
      reason.lastProgressAt = iso(now);
      reason.reviewsSent = 0;
      audit('REASON_PROGRESSED', `${op.key}${op.note ? `: ${op.note}` : ''}`);
      break;
    }
    case 'override': {
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
      if (state.releases.some((r) => r.id === op.id)) break;
      const override = GATED_RELEASES.includes(op.reason) && state.reasons.length > 0 ? usableOverride(state, now) : undefined;
      if (override) override.usedByRelease = op.id;
      const release: ReleaseRecord = {
        id: op.id,
        reason: op.reason,
        prisonCode: op.prisonCode,
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
      if (incidents.length) effects.push({ kind: 'INCIDENTS_RETURNED', incidentIds: incidents.map((i) => i.id) });
      break;
    }
    case 'reportReleaseInError': {
      if (state.incidents.some((i) => i.id === op.incidentId)) break;
      const release = openRelease(state);
      state.prisonCode = op.prisonCode;
      state.incidents.push({ id: op.incidentId, ...(release ? { releaseId: release.id } : {}), openedAt: iso(now), returnedToCustody: false });
      audit('RELEASE_IN_ERROR_REPORTED', op.incidentId);
      const releasedAt = op.releasedAt ?? release?.releasedAt;
      effects.push({ kind: 'OPEN_INCIDENT', incident: { id: op.incidentId, detection: 'REPORTED', howFound: op.howFound, prisonCode: op.prisonCode, ...(releasedAt ? { releasedAt } : {}) } });
      break;
    }
    case 'queryDetermination': {
      audit('QUERY_ANSWERED', `${op.reference}: ${op.determination}`);
      const release = openRelease(state);
      // A query answered DO_NOT_RELEASE for someone already out is a release in error.
      const id = release ? `RIE-${state.prisonerNumber}-${release.id}` : '';
      if (op.determination === 'DO_NOT_RELEASE' && release && !state.incidents.some((i) => i.id === id)) {
        audit('RELEASE_IN_ERROR_DETECTED', `release ${release.id}, query ${op.reference}`);
        state.incidents.push({ id, releaseId: release.id, openedAt: iso(now), returnedToCustody: false });
        effects.push({
          kind: 'OPEN_INCIDENT',
          release,
          incident: { id, detection: 'AUTOMATIC', howFound: `Urgent query ${op.reference} answered DO_NOT_RELEASE after the release was recorded`, prisonCode: release.prisonCode, releasedAt: release.releasedAt },
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
    state.audit.push({ at: iso(now), who: 'system', what: 'REVIEW_ALERT', detail: `${reason.key} (review ${reason.reviewsSent})` });
    effects.push({ kind: 'REVIEW_DUE', reason: { ...reason } });
  }
  return { state, effects };
}

export function nextHoldWakeAt(state: HoldState, policy: HoldPolicy): Date | null {
  const times = state.reasons.map((r) => reviewDueAt(r, policy));
  return times.length ? new Date(Math.min(...times)) : null;
}
