import { INTERNAL_ROLE, hasRole, mayActAt, type Actor, type Role } from '../actors.ts';
import { causeOf } from '../causes.ts';
import type { IncidentCause } from '../incident/vocabulary.ts';
import type { QueryCategory } from '../urgent-query/vocabulary.ts';
import { cloneState as clone } from '../clone.ts';
import { LIMITS } from '../limits.ts';
import type { Rejection } from '../rejection.ts';
import { ESCORT_MOVEMENTS, GATED_RELEASES, type HoldReasonKind, type ReleaseReason } from './vocabulary.ts';
import { ownerOfNewReason, whyNotRemovable, type ReasonOwner } from './ownership.ts';
import { AUTHORISATIONS_KEPT, authorisationFor, endOfLondonDay, isLive, londonDay, type Authorisation, type ChecklistAnswer } from './authorisation.ts';

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
  /** Whose decision removes it (ownership.ts), fixed when placed. Absent on reasons placed before owners. */
  ownedBy?: ReasonOwner;
  /** A court reason's case (court and case number): a new hearing on the case is a new reason under it. */
  caseKey?: string;
  /** A "not before" reason lifts itself at this instant. */
  until?: string;
}

/** A reason once cleared: its key is never placed again (a retried request, the hourly court check). */
export interface ClearedReason {
  key: string;
  kind: HoldReasonKind;
  clearedAt: string;
  /** Whose decision it was (for a query's reason, the person who answered or confirmed): they do not also record the release. */
  by?: string;
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
  /** The prison whose governor gave it: it ends with a transfer. Absent on overrides before this was kept. */
  prisonCode?: string;
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
  authorisationId?: string;
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
  /** Refused for want of a verified authorisation for this movement today (besides any reasons). */
  unauthorised?: string;
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
  /** Release authorisations, the latest AUTHORISATIONS_KEPT. */
  authorisations?: Authorisation[];
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
  | { type: 'clearReason'; key: string; note?: string; /** Where the register holds him now. */ prisonCode?: string; /** For Release Guard's own clearing: the person whose decision it carries out. */ onBehalfOf?: string }
  | { type: 'movedPrison'; from: string; to: string; at: string }
  /** Something the checklists were answered on has changed outside the hold (a Victim Contact Scheme registration). */
  | { type: 'voidAuthorisations'; why: string }
  | { type: 'progressReason'; key: string; note?: string; prisonCode?: string }
  | { type: 'override'; id: string; justification: string; prisonCode: string }
  | { type: 'recordRelease'; id: string; reason: ReleaseReason; prisonCode: string; releasedAt: string; toPrisonCode?: string; /** The register's, to check an authorisation against. */ plannedRelease?: string }
  | { type: 'completeChecklist'; id: string; movement: ReleaseReason; prisonCode: string; releaseDay: string; plannedRelease?: string; checklistVersion: string; answers: ChecklistAnswer[] }
  | { type: 'verifyAuthorisation'; id: string; prisonCode: string }
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
  | { kind: 'PLANNED_RELEASE_CHANGED'; plannedRelease: string }
  | { kind: 'AUTHORISATION_CHANGED'; authorisation: Authorisation };

/**
 * Which rules a run applies. Holds started before release authority replay their own histories
 * with the rules they were recorded under; every new hold applies the current ones.
 */
export interface HoldRules {
  /** Owners, hearing-keyed court reasons, "not before" reasons, authorisations, scoped overrides. */
  authority: boolean;
}
export const CURRENT_RULES: HoldRules = { authority: true };

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

/**
 * A governor's override that is still unused and unexpired and covers every standing reason; given
 * at the prison that holds him now, and (for a release) by someone other than whoever records it.
 * None covers a date the unit gave: only the unit lifts its own date.
 */
export function usableOverride(state: HoldState, now: Date, by?: { prisonCode?: string; recordedBy?: string }): Override | undefined {
  if (state.reasons.some((r) => r.kind === 'NOT_BEFORE')) return undefined;
  return state.overrides.find(
    (o) =>
      !o.usedByRelease &&
      Date.parse(o.expiresAt) > now.getTime() &&
      state.reasons.every((r) => o.covers.includes(r.key)) &&
      (by?.prisonCode === undefined || o.prisonCode === undefined || o.prisonCode === by.prisonCode) &&
      (by?.recordedBy === undefined || o.by !== by.recordedBy),
  );
}

/** No reason stands that a usable override does not cover. The gate also needs an authorisation (authorisation.ts). */
export const isReleasable = (state: HoldState, now: Date, by?: { prisonCode?: string; recordedBy?: string }): boolean =>
  state.reasons.length === 0 || usableOverride(state, now, by) !== undefined;

/** The latest instant he was recorded back in custody, if ever. */
const lastReturnAt = (state: HoldState): number => Math.max(0, ...state.releases.map((r) => (r.returnedToCustodyAt ? Date.parse(r.returnedToCustodyAt) : 0)));

/** Why `actor` may not apply `op` now, or null. Pure and synchronous: it is the update's validator. */
export function checkHoldOperation(state: HoldState, op: HoldOperation, actor: Actor): Rejection | null {
  switch (op.type) {
    case 'addReason': {
      if (!mayActAt(actor, ADD_ROLES[op.kind], op.prisonCode)) return { code: 'FORBIDDEN', message: `adding a ${op.kind} reason is not permitted for this user` };
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
      if (!mayActAt(actor, PROGRESS_ROLES[reason.kind], prisonCode)) return { code: 'FORBIDDEN', message: `progress on a ${reason.kind} reason is not permitted for this user` };
      if ((state.progressCount ?? 0) >= LIMITS.progressPerHold) return { code: 'UNPROCESSABLE', message: `a hold takes at most ${LIMITS.progressPerHold} progress notes` };
      return null;
    }
    case 'completeChecklist': {
      if (!mayActAt(actor, CHECK_ROLES, op.prisonCode)) return { code: 'FORBIDDEN', message: 'a discharge checklist is completed by the holding prison' };
      if (state.authorisations?.some((a) => a.id === op.id)) return null; // a retried request: the first stands
      if (!GATED_RELEASES.includes(op.movement)) return { code: 'UNPROCESSABLE', message: `${op.movement} does not leave custody and needs no authorisation` };
      return null;
    }
    case 'verifyAuthorisation': {
      if (!mayActAt(actor, CHECK_ROLES, op.prisonCode)) return { code: 'FORBIDDEN', message: 'an authorisation is verified by the holding prison' };
      const authorisation = state.authorisations?.find((a) => a.id === op.id);
      if (!authorisation) return { code: 'NOT_FOUND', message: `no authorisation ${op.id}` };
      if (authorisation.status === 'AUTHORISED' && authorisation.verifiedBy === actor.username) return null; // a retried request
      if (authorisation.status !== 'AWAITING_VERIFICATION') return { code: 'CONFLICT', message: `authorisation ${op.id} is ${authorisation.status}` };
      if (authorisation.completedBy === actor.username) return { code: 'FORBIDDEN', message: 'an authorisation is verified by a different person from the one who completed the checklist' };
      if (authorisation.prisonCode !== op.prisonCode) return { code: 'CONFLICT', message: `authorisation ${op.id} was completed at ${authorisation.prisonCode}` };
      return null;
    }
    case 'override':
      if (!mayActAt(actor, ['DUTY_GOVERNOR'], op.prisonCode)) return { code: 'FORBIDDEN', message: 'only a duty governor of the holding prison may override a hold' };
      if (state.overrides.some((o) => o.id === op.id)) return null; // a retried request: the first override stands
      if (state.reasons.length === 0) return { code: 'CONFLICT', message: 'there is nothing to override: no reason stands' };
      if (state.reasons.some((r) => r.kind === 'NOT_BEFORE')) return { code: 'CONFLICT', message: 'a release date the query unit gave stands: a governor does not bring it forward; the unit lifts its own date' };
      return null;
    case 'recordRelease': {
      const mayRecord = mayActAt(actor, RELEASE_ROLES, op.prisonCode) || (mayActAt(actor, ESCORT_ROLES, op.prisonCode) && ESCORT_MOVEMENTS.includes(op.reason));
      if (!mayRecord) return { code: 'FORBIDDEN', message: `recording ${op.reason} is not permitted for this user` };
      if (state.releases.some((r) => r.id === op.id) || state.refusals?.some((r) => r.id === op.id)) return null; // a retried request: its first outcome stands
      if (GATED_RELEASES.includes(op.reason) && openRelease(state)) return { code: 'CONFLICT', message: 'he is recorded as released and not yet back in custody' };
      if (Date.parse(op.releasedAt) < lastReturnAt(state)) return { code: 'UNPROCESSABLE', message: 'the movement is dated before his latest return to custody', details: { field: 'body.releasedAt' } };
      // A release the gate refuses is not rejected here: it is accepted, recorded as a refusal, and answered 409.
      return null;
    }
    case 'movedPrison':
      return hasRole(actor, 'PRISON_SYNC', INTERNAL_ROLE) ? null : { code: 'FORBIDDEN', message: 'a move between prisons comes from the prison system' };
    case 'voidAuthorisations':
      return hasRole(actor, INTERNAL_ROLE) ? null : { code: 'FORBIDDEN', message: 'only Release Guard itself voids authorisations on new facts' };
    case 'reportReleaseInError':
      if (!hasRole(actor, 'PRISON_STAFF', 'DUTY_GOVERNOR', 'ESCORT_CONTRACTOR', 'QUERY_UNIT_LEAD')) return { code: 'FORBIDDEN', message: 'reporting a release in error is not permitted for this user' };
      return null;
    case 'queryDetermination':
    case 'incidentClosed':
      return hasRole(actor, INTERNAL_ROLE) ? null : { code: 'FORBIDDEN', message: `only Release Guard's own workflows report ${op.type === 'incidentClosed' ? 'closed incidents' : 'determinations'}` };
    case 'returnedToCustody': {
      if (!hasRole(actor, ...RETURN_ROLES)) return { code: 'FORBIDDEN', message: 'recording a return to custody is not permitted for this user' };
      if (!isOutOfCustody(state)) return { code: 'CONFLICT', message: 'the prisoner is not recorded as out of custody' };
      const release = openRelease(state);
      if (release && Date.parse(op.at) < Date.parse(release.releasedAt)) return { code: 'UNPROCESSABLE', message: 'a return to custody is dated before the release it ends', details: { field: 'body.returnedAt' } };
      return null;
    }
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

/**
 * The key a new reason takes, or null when placing it again would change nothing. A court reason is
 * keyed by the hearing that placed it: the same hearing again (a retried delivery, the hourly check)
 * places nothing, a new hearing on the case (bail revoked, remanded again) holds again. A flag with
 * no hearing is a new event unless a reason on that case already stands.
 */
function keyToPlace(state: HoldState, op: Extract<HoldOperation, { type: 'addReason' }>, now: Date, rules: HoldRules): string | null {
  const seen = (key: string) => state.reasons.some((r) => r.key === key) || state.clearedReasons?.some((r) => r.key === key);
  if (!rules.authority || op.kind !== 'CUSTODIAL_STATUS_CHANGE') return seen(op.key) ? null : op.key;
  if (op.hearingId) return seen(`${op.key}-H${op.hearingId}`) ? null : `${op.key}-H${op.hearingId}`;
  return state.reasons.some((r) => r.key === op.key || r.caseKey === op.key) ? null : `${op.key}-F${now.getTime()}`;
}

/** Every live authorisation is void: what it was checked against has changed. */
function voidAuthorisations(state: HoldState, now: Date, why: string, effects: HoldEffect[]): void {
  for (const authorisation of state.authorisations ?? []) {
    if (!isLive(authorisation)) continue;
    authorisation.status = 'VOID';
    authorisation.voided = { at: iso(now), why };
    effects.push({ kind: 'AUTHORISATION_CHANGED', authorisation: { ...authorisation } });
  }
}

/** Live overrides end: they belong to the prison that gave them, and to the facts as they stood. */
function endOverrides(state: HoldState, now: Date, why: string, audit: (what: string, detail?: string) => void): void {
  for (const override of state.overrides) {
    if (override.usedByRelease || Date.parse(override.expiresAt) <= now.getTime()) continue;
    override.expiresAt = iso(now);
    audit('OVERRIDE_ENDED', `${override.id}: ${why}`);
  }
}

/** Whoever lifted a reason since the last release: they do not also record the release that follows. */
const liftedSinceLastRelease = (state: HoldState): Set<string> => {
  const since = Math.max(0, ...state.releases.map((r) => Date.parse(r.recordedAt)));
  return new Set((state.clearedReasons ?? []).filter((c) => c.by && Date.parse(c.clearedAt) >= since).map((c) => c.by!));
};

/** Applies an operation that `checkHoldOperation` accepted. */
export function applyHoldOperation(
  current: HoldState,
  op: HoldOperation,
  actor: Actor,
  now: Date,
  policy: HoldPolicy,
  rules: HoldRules = CURRENT_RULES,
): { state: HoldState; effects: HoldEffect[] } {
  const state = clone(current);
  const effects: HoldEffect[] = [];
  const who = actor.username;
  const audit = (what: string, detail?: string) => appendLatest(state.audit, { at: iso(now), who, what, ...(detail ? { detail } : {}) }, LIMITS.holdAudit);
  const placeReason = (reason: Omit<HoldReason, 'placedBy' | 'placedAt' | 'lastProgressAt' | 'reviewsSent'>) => {
    state.reasons.push({ ...reason, placedBy: who, placedAt: iso(now), lastProgressAt: iso(now), reviewsSent: 0 });
    audit('REASON_ADDED', `${reason.kind} ${reason.key}`);
    // Anything new to hold him voids what was checked before it.
    if (rules.authority) voidAuthorisations(state, now, `a new reason was placed: ${reason.kind} ${reason.key}`, effects);
  };
  switch (op.type) {
    case 'addReason': {
      const key = keyToPlace(state, op, now, rules);
      if (key === null) break; // standing already, or this very event cleared before: harmless
      state.prisonCode = op.prisonCode;
      placeReason({
        key,
        kind: op.kind,
        detail: op.detail,
        prisonCode: op.prisonCode,
        owner: ownerFor(op, actor, policy),
        ...(op.requestDigest ? { requestDigest: op.requestDigest } : {}),
        ...(rules.authority ? { ownedBy: ownerOfNewReason(op.kind, actor, op.queryOwner) } : {}),
        ...(key !== op.key ? { caseKey: op.key } : {}),
      });
      break;
    }
    case 'completeChecklist': {
      if (state.authorisations?.some((a) => a.id === op.id)) break;
      const passed = op.answers.every((a) => a.answer);
      const authorisation: Authorisation = {
        id: op.id,
        movement: op.movement,
        prisonCode: op.prisonCode,
        releaseDay: op.releaseDay,
        ...(op.plannedRelease ? { plannedRelease: op.plannedRelease } : {}),
        checklistVersion: op.checklistVersion,
        answers: op.answers,
        completedBy: who,
        completedAt: iso(now),
        expiresAt: endOfLondonDay(op.releaseDay),
        status: passed ? 'AWAITING_VERIFICATION' : 'REFUSED_AT_CHECK',
      };
      state.authorisations = [...(state.authorisations ?? []), authorisation].slice(-AUTHORISATIONS_KEPT);
      audit(passed ? 'CHECKLIST_COMPLETED' : 'REFUSED_AT_CHECK', `${op.id} ${op.movement} ${op.releaseDay}${passed ? '' : `: ${op.answers.filter((a) => !a.answer).map((a) => a.item).join(', ')}`}`);
      effects.push({ kind: 'AUTHORISATION_CHANGED', authorisation: { ...authorisation } });
      break;
    }
    case 'verifyAuthorisation': {
      const authorisation = state.authorisations?.find((a) => a.id === op.id);
      if (!authorisation || authorisation.status !== 'AWAITING_VERIFICATION') break; // a retry after it was verified
      authorisation.status = 'AUTHORISED';
      authorisation.verifiedBy = who;
      authorisation.verifiedAt = iso(now);
      authorisation.reasonsWhenVerified = state.reasons.map((r) => r.key);
      audit('AUTHORISATION_VERIFIED', `${op.id} ${authorisation.movement} ${authorisation.releaseDay}`);
      effects.push({ kind: 'AUTHORISATION_CHANGED', authorisation: { ...authorisation } });
      break;
    }
    case 'clearReason': {
      const cleared = state.reasons.find((r) => r.key === op.key);
      state.reasons = state.reasons.filter((r) => r.key !== op.key);
      if (cleared) {
        const by = rules.authority ? (hasRole(actor, INTERNAL_ROLE) ? op.onBehalfOf : who) : undefined;
        const entry: ClearedReason = { key: cleared.key, kind: cleared.kind, clearedAt: iso(now), ...(by ? { by } : {}), ...(cleared.requestDigest ? { requestDigest: cleared.requestDigest } : {}) };
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
        ...(rules.authority ? { prisonCode: op.prisonCode } : {}),
      };
      state.overrides.push(override);
      state.prisonCode = op.prisonCode;
      audit('OVERRIDE_GRANTED', `${override.covers.join(', ')}: ${op.justification}`);
      effects.push({ kind: 'OVERRIDDEN', override });
      break;
    }
    case 'recordRelease': {
      if (state.releases.some((r) => r.id === op.id) || state.refusals?.some((r) => r.id === op.id)) break;
      const gated = GATED_RELEASES.includes(op.reason);
      const by = rules.authority ? { prisonCode: op.prisonCode, recordedBy: who } : undefined;
      const attempt = { movement: op.reason, prisonCode: op.prisonCode, ...(op.plannedRelease ? { plannedRelease: op.plannedRelease } : {}), recordedBy: who, releasedAt: op.releasedAt };
      const authorisation = gated && rules.authority ? authorisationFor(state.authorisations, attempt, now) : undefined;
      // One person does not both lift what held him and record his release.
      const lifted = gated && rules.authority && liftedSinceLastRelease(state).has(who);
      const unauthorised =
        gated && rules.authority && lifted
          ? `${who} lifted a reason that held him: someone else records the release`
          : gated && rules.authority && !authorisation
            ? `no verified authorisation for ${op.reason} at ${op.prisonCode} for ${londonDay(new Date(op.releasedAt))} that someone else verified`
            : undefined;
      if (gated && (!isReleasable(state, now, by) || unauthorised)) {
        const standing = isReleasable(state, now, by) ? [] : state.reasons.map((r) => ({ key: r.key, kind: r.kind }));
        const refusal: Refusal = { id: op.id, reason: op.reason, at: iso(now), by: who, standing, ...(unauthorised ? { unauthorised } : {}) };
        state.refusals = [...(state.refusals ?? []), refusal].slice(-REFUSALS_KEPT);
        state.refusalCount = (state.refusalCount ?? 0) + 1;
        audit('RELEASE_REFUSED', `${op.reason}: ${[...standing.map((r) => r.key), ...(unauthorised ? [unauthorised] : [])].join(', ')}`);
        effects.push({ kind: 'RELEASE_PREVENTED', refusal });
        break;
      }
      const override = gated && state.reasons.length > 0 ? usableOverride(state, now, by) : undefined;
      if (override) override.usedByRelease = op.id;
      if (authorisation) {
        authorisation.status = 'USED';
        authorisation.usedByRelease = op.id;
        effects.push({ kind: 'AUTHORISATION_CHANGED', authorisation: { ...authorisation } });
      }
      // Whatever else was checked or overridden was checked before this movement: it is done with.
      if (rules.authority && gated) voidAuthorisations(state, now, `he left custody (${op.reason})`, effects);
      if (rules.authority && (gated || op.toPrisonCode)) endOverrides(state, now, op.toPrisonCode ? `transferred to ${op.toPrisonCode}` : `he left custody (${op.reason})`, audit);
      const release: ReleaseRecord = {
        id: op.id,
        reason: op.reason,
        prisonCode: op.prisonCode,
        ...(op.toPrisonCode ? { toPrisonCode: op.toPrisonCode } : {}),
        releasedAt: op.releasedAt,
        recordedBy: who,
        recordedAt: iso(now),
        ...(override ? { overrideId: override.id } : {}),
        ...(authorisation ? { authorisationId: authorisation.id } : {}),
      };
      state.releases.push(release);
      state.prisonCode = op.prisonCode;
      // Authorisations belong to the prison that gave them: a transfer ends them.
      if (rules.authority && op.toPrisonCode) voidAuthorisations(state, now, `transferred to ${op.toPrisonCode}`, effects);
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
      // Back in custody, he is checked afresh before he leaves again.
      if (rules.authority) {
        voidAuthorisations(state, now, 'returned to custody', effects);
        endOverrides(state, now, 'returned to custody', audit);
      }
      effects.push({ kind: 'RETURNED_TO_CUSTODY', at: op.at, ...(op.prisonCode ? { prisonCode: op.prisonCode } : {}), releaseIds: open.map((r) => r.id), incidentIds: incidents.map((i) => i.id) });
      break;
    }
    case 'voidAuthorisations':
      voidAuthorisations(state, now, op.why, effects);
      break;
    case 'movedPrison': {
      // Overrides and authorisations belong to the prison that gave them: a move ends them, and is on the record.
      audit('MOVED_PRISON', `${op.from} → ${op.to} at ${op.at}`);
      voidAuthorisations(state, now, `moved from ${op.from} to ${op.to}`, effects);
      endOverrides(state, now, `moved from ${op.from} to ${op.to}`, audit);
      state.prisonCode = op.to;
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
        if (rules.authority) voidAuthorisations(state, now, `release date changed by query ${op.reference}`, effects);
      }
      // The unit moved his release later: he is not to go before it, and the hold lifts itself then.
      const notBefore = `not-before-${op.reference}`;
      if (rules.authority && op.determination === 'RELEASE_DATE_CHANGED' && op.newReleaseDate && Date.parse(op.newReleaseDate) > now.getTime() && !state.reasons.some((r) => r.key === notBefore)) {
        placeReason({
          key: notBefore,
          kind: 'NOT_BEFORE',
          detail: `Not before ${op.newReleaseDate}: the release date query ${op.reference} gave`,
          prisonCode: op.prisonCode,
          owner: policy.unitQueue,
          ownedBy: 'QUERY_UNIT',
          until: op.newReleaseDate,
        });
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

/**
 * "Not before" reasons whose date has come lift themselves: the one way a reason goes without a
 * person, and only as its owner (the unit's answer) said when placing it.
 */
export function lapseTick(current: HoldState, now: Date): { state: HoldState; lapsed: boolean } {
  const due = current.reasons.filter((r) => r.kind === 'NOT_BEFORE' && r.until && Date.parse(r.until) <= now.getTime());
  if (!due.length) return { state: current, lapsed: false };
  const state = clone(current);
  state.reasons = state.reasons.filter((r) => !due.some((d) => d.key === r.key));
  for (const reason of due) {
    state.clearedReasons = [...(state.clearedReasons ?? []), { key: reason.key, kind: reason.kind, clearedAt: iso(now) }].slice(-CLEARED_KEPT);
    appendLatest(state.audit, { at: iso(now), who: 'system', what: 'REASON_LAPSED', detail: `${reason.key}: ${reason.until} has come` }, LIMITS.holdAudit);
  }
  return { state, lapsed: true };
}

/** When the next "not before" reason lifts itself, if any stands. */
export function nextLapseAt(state: HoldState): Date | null {
  const times = state.reasons.filter((r) => r.kind === 'NOT_BEFORE' && r.until).map((r) => Date.parse(r.until!));
  return times.length ? new Date(Math.min(...times)) : null;
}

/** Reasons nobody has progressed within the review interval: their owners are re-alerted. */
export function reviewTick(current: HoldState, now: Date, policy: HoldPolicy): { state: HoldState; effects: HoldEffect[] } {
  const state = clone(current);
  const effects: HoldEffect[] = [];
  for (const reason of state.reasons) {
    if (reason.kind === 'NOT_BEFORE') continue; // nothing to progress: it lifts itself
    if (reviewDueAt(reason, policy) > now.getTime()) continue;
    while (reviewDueAt(reason, policy) <= now.getTime()) reason.reviewsSent += 1;
    appendLatest(state.audit, { at: iso(now), who: 'system', what: 'REVIEW_ALERT', detail: `${reason.key} (review ${reason.reviewsSent})` }, LIMITS.holdAudit);
    effects.push({ kind: 'REVIEW_DUE', reason: { ...reason } });
  }
  return { state, effects };
}

export function nextHoldWakeAt(state: HoldState, policy: HoldPolicy): Date | null {
  const times = state.reasons.filter((r) => r.kind !== 'NOT_BEFORE').map((r) => reviewDueAt(r, policy));
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
  const withValue = <K extends keyof HoldOutcome>(key: K, value: HoldOutcome[K] | undefined): HoldOutcome => (value === undefined ? base : { ...base, [key]: value });
  switch (op.type) {
    case 'recordRelease': {
      const release = state.releases.find((r) => r.id === op.id);
      return release ? withValue('release', release) : withValue('refusal', state.refusals?.find((r) => r.id === op.id));
    }
    case 'override':
      return withValue('override', state.overrides.find((o) => o.id === op.id));
    case 'addReason': {
      const hearingKey = op.hearingId ? `${op.key}-H${op.hearingId}` : undefined;
      const reason = state.reasons.find((r) => r.key === op.key || r.key === hearingKey || (!hearingKey && r.caseKey === op.key));
      return reason ? withValue('reason', reason) : withValue('cleared', state.clearedReasons?.find((r) => r.key === op.key || r.key === hearingKey));
    }
    case 'completeChecklist':
    case 'verifyAuthorisation':
      return withValue('authorisation', state.authorisations?.find((a) => a.id === op.id));
    case 'reportReleaseInError':
      return withValue('incident', state.incidents.find((i) => i.id === op.incidentId));
    case 'returnedToCustody':
      return { ...base, releases: state.releases, incidents: state.incidents };
    default:
      return base;
  }
}
