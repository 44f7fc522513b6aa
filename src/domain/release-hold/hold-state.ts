import { samePerson } from '../actors.ts';
import type { Authorisation } from './authorisation.ts';
import type { ReasonOwner } from './ownership.ts';
import { GATED_RELEASES, type HoldReasonKind, type ReleaseReason } from './vocabulary.ts';

/**
 * One prisoner's release hold as a pure state machine: every reason not to release him, the
 * releases recorded against it, and governor overrides. The workflow holds it and keeps the time.
 * This file holds the state and what the gate asks of it; the operations on it and who may apply
 * them are in hold-operations.ts, how each changes it in hold-reducer.ts, and what time does to it
 * in hold-timers.ts.
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

/**
 * Which rules a run applies. Holds started before release authority replay their own histories
 * with the rules they were recorded under; every new hold applies the current ones.
 */
export interface HoldRules {
  /** Owners, hearing-keyed court reasons, "not before" reasons, authorisations, scoped overrides. */
  authority: boolean;
  /**
   * A release is dated no earlier than its authorisation's verification, and one person is one
   * person in any casing of his name (patch 'release-after-its-checks').
   */
  afterChecks?: boolean;
}
export const CURRENT_RULES: HoldRules = { authority: true, afterChecks: true };

/** Appends, keeping only the latest `max` entries. */
export function appendLatest<T>(list: T[], entry: T, max: number): void {
  list.push(entry);
  if (list.length > max) list.splice(0, list.length - max);
}

export const emptyHold = (prisonerNumber: string): HoldState => ({
  prisonerNumber,
  incidents: [],
  reasons: [],
  overrides: [],
  releases: [],
  audit: [],
});

/**
 * A governor's override that is still unused and unexpired and covers every standing reason; given
 * at the prison that holds him now, and (for a release) by someone other than whoever records it.
 * None covers a date the unit gave: only the unit lifts its own date.
 */
export function usableOverride(
  state: HoldState,
  now: Date,
  by?: { prisonCode?: string; recordedBy?: string; anyCase?: boolean },
): Override | undefined {
  if (state.reasons.some((r) => r.kind === 'NOT_BEFORE')) return undefined;
  return state.overrides.find(
    (o) =>
      !o.usedByRelease &&
      Date.parse(o.expiresAt) > now.getTime() &&
      state.reasons.every((r) => o.covers.includes(r.key)) &&
      (by?.prisonCode === undefined || o.prisonCode === undefined || o.prisonCode === by.prisonCode) &&
      (by?.recordedBy === undefined || !(by.anyCase ? samePerson(o.by, by.recordedBy) : o.by === by.recordedBy)),
  );
}

/** No reason stands that a usable override does not cover. The gate also needs an authorisation (authorisation.ts). */
export const isReleasable = (state: HoldState, now: Date, by?: { prisonCode?: string; recordedBy?: string }): boolean =>
  state.reasons.length === 0 || usableOverride(state, now, by) !== undefined;

/** The latest gated release not yet followed by a return to custody: the prisoner is out. */
export function openRelease(state: HoldState): ReleaseRecord | undefined {
  return [...state.releases].reverse().find((r) => GATED_RELEASES.includes(r.reason) && !r.returnedToCustodyAt);
}

/**
 * Out of custody as far as the hold knows: a release that left custody not yet followed by a return,
 * or a release in error still at large. A court visit or a transfer never left custody.
 */
export const isOutOfCustody = (state: HoldState): boolean =>
  openRelease(state) !== undefined || state.incidents.some((i) => !i.returnedToCustody);

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
