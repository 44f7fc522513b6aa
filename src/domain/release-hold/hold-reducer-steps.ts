import { type Actor } from '../actors.ts';
import { isLive } from './authorisation.ts';
import type { HoldEffect, HoldOperation } from './hold-operations.ts';
import type { HoldPolicy, HoldRules, HoldState } from './hold-state.ts';

/** The steps several of the hold's operations share: the key and owner of a new reason, voiding authorisations, ending overrides. */

export const iso = (d: Date) => d.toISOString();

export function ownerFor(op: Extract<HoldOperation, { type: 'addReason' }>, actor: Actor, policy: HoldPolicy): string {
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
export function keyToPlace(
  state: HoldState,
  op: Extract<HoldOperation, { type: 'addReason' }>,
  now: Date,
  rules: HoldRules,
): string | null {
  const seen = (key: string) =>
    state.reasons.some((r) => r.key === key) || state.clearedReasons?.some((r) => r.key === key);
  if (!rules.authority || op.kind !== 'CUSTODIAL_STATUS_CHANGE') return seen(op.key) ? null : op.key;
  if (op.hearingId) return seen(`${op.key}-H${op.hearingId}`) ? null : `${op.key}-H${op.hearingId}`;
  return state.reasons.some((r) => r.key === op.key || r.caseKey === op.key) ? null : `${op.key}-F${now.getTime()}`;
}

/** Every live authorisation is void: what it was checked against has changed. */
export function voidAuthorisations(state: HoldState, now: Date, why: string, effects: HoldEffect[]): void {
  for (const authorisation of state.authorisations ?? []) {
    if (!isLive(authorisation)) continue;
    authorisation.status = 'VOID';
    authorisation.voided = { at: iso(now), why };
    effects.push({ kind: 'AUTHORISATION_CHANGED', authorisation: { ...authorisation } });
  }
}

/** Live overrides end: they belong to the prison that gave them, and to the facts as they stood. */
export function endOverrides(
  state: HoldState,
  now: Date,
  why: string,
  audit: (what: string, detail?: string) => void,
): void {
  for (const override of state.overrides) {
    if (override.usedByRelease || Date.parse(override.expiresAt) <= now.getTime()) continue;
    override.expiresAt = iso(now);
    audit('OVERRIDE_ENDED', `${override.id}: ${why}`);
  }
}

/** Whoever lifted a reason since the last release (lower-cased, under anyCase): they do not also record the release that follows. */
export const liftedSinceLastRelease = (state: HoldState, anyCase = false): Set<string> => {
  const since = Math.max(0, ...state.releases.map((r) => Date.parse(r.recordedAt)));
  return new Set(
    (state.clearedReasons ?? [])
      .filter((c) => c.by && Date.parse(c.clearedAt) >= since)
      .map((c) => (anyCase ? c.by!.toLowerCase() : c.by!)),
  );
};
