import { INTERNAL_ROLE, hasRole, type Actor } from '../actors.ts';
import { causeOf } from '../causes.ts';
import { cloneState as clone } from '../clone.ts';
import { LIMITS } from '../limits.ts';
import {
  AUTHORISATIONS_KEPT,
  authorisationFor,
  endOfLondonDay,
  londonDay,
  whyNotAuthorising,
  type Authorisation,
} from './authorisation.ts';
import type { HoldEffect, HoldOperation } from './hold-operations.ts';
import {
  CLEARED_KEPT,
  CURRENT_RULES,
  REFUSALS_KEPT,
  appendLatest,
  isReleasable,
  openRelease,
  usableOverride,
  type ClearedReason,
  type HoldPolicy,
  type HoldReason,
  type HoldRules,
  type HoldState,
  type Override,
  type Refusal,
  type ReleaseRecord,
} from './hold-state.ts';
import {
  endOverrides,
  iso,
  keyToPlace,
  liftedSinceLastRelease,
  ownerFor,
  voidAuthorisations,
} from './hold-reducer-steps.ts';
import { ownerOfNewReason } from './ownership.ts';
import { GATED_RELEASES } from './vocabulary.ts';

/** How each operation on a release hold that `checkHoldOperation` (hold-operations.ts) accepted changes it. */

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
  const audit = (what: string, detail?: string) =>
    appendLatest(state.audit, { at: iso(now), who, what, ...(detail ? { detail } : {}) }, LIMITS.holdAudit);
  const placeReason = (reason: Omit<HoldReason, 'placedBy' | 'placedAt' | 'lastProgressAt' | 'reviewsSent'>) => {
    state.reasons.push({ ...reason, placedBy: who, placedAt: iso(now), lastProgressAt: iso(now), reviewsSent: 0 });
    audit('REASON_ADDED', `${reason.kind} ${reason.key}`);
    // Anything new to hold him voids what was checked before it.
    if (rules.authority)
      voidAuthorisations(state, now, `a new reason was placed: ${reason.kind} ${reason.key}`, effects);
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
      audit(
        passed ? 'CHECKLIST_COMPLETED' : 'REFUSED_AT_CHECK',
        `${op.id} ${op.movement} ${op.releaseDay}${
          passed
            ? ''
            : `: ${op.answers
                .filter((a) => !a.answer)
                .map((a) => a.item)
                .join(', ')}`
        }`,
      );
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
        const entry: ClearedReason = {
          key: cleared.key,
          kind: cleared.kind,
          clearedAt: iso(now),
          ...(by ? { by } : {}),
          ...(cleared.requestDigest ? { requestDigest: cleared.requestDigest } : {}),
        };
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
      const anyCase = rules.afterChecks === true;
      const by = rules.authority ? { prisonCode: op.prisonCode, recordedBy: who, anyCase } : undefined;
      const attempt = {
        movement: op.reason,
        prisonCode: op.prisonCode,
        ...(op.plannedRelease ? { plannedRelease: op.plannedRelease } : {}),
        recordedBy: who,
        releasedAt: op.releasedAt,
        afterChecks: anyCase,
      };
      const authorisation = gated && rules.authority ? authorisationFor(state.authorisations, attempt, now) : undefined;
      // One person does not both lift what held him and record his release.
      const lifted =
        gated && rules.authority && liftedSinceLastRelease(state, anyCase).has(anyCase ? who.toLowerCase() : who);
      // Why the latest verified authorisation does not serve, so the desk reads what to put right.
      const latest = [...(state.authorisations ?? [])].reverse().find((a) => a.status === 'AUTHORISED');
      const why = latest && !authorisation ? whyNotAuthorising(latest, attempt, now) : null;
      const unauthorised =
        gated && rules.authority && lifted
          ? `${who} lifted a reason that held him: someone else records the release`
          : gated && rules.authority && !authorisation
            ? `no verified authorisation for ${op.reason} at ${op.prisonCode} for ${londonDay(new Date(op.releasedAt))} that someone else verified${why ? ` (${why})` : ''}`
            : undefined;
      if (gated && (!isReleasable(state, now, by) || unauthorised)) {
        const standing = isReleasable(state, now, by) ? [] : state.reasons.map((r) => ({ key: r.key, kind: r.kind }));
        const refusal: Refusal = {
          id: op.id,
          reason: op.reason,
          at: iso(now),
          by: who,
          standing,
          ...(unauthorised ? { unauthorised } : {}),
        };
        state.refusals = [...(state.refusals ?? []), refusal].slice(-REFUSALS_KEPT);
        state.refusalCount = (state.refusalCount ?? 0) + 1;
        audit(
          'RELEASE_REFUSED',
          `${op.reason}: ${[...standing.map((r) => r.key), ...(unauthorised ? [unauthorised] : [])].join(', ')}`,
        );
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
      if (rules.authority && (gated || op.toPrisonCode))
        endOverrides(
          state,
          now,
          op.toPrisonCode ? `transferred to ${op.toPrisonCode}` : `he left custody (${op.reason})`,
          audit,
        );
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
      if (rules.authority && op.toPrisonCode)
        voidAuthorisations(state, now, `transferred to ${op.toPrisonCode}`, effects);
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
      effects.push({
        kind: 'RETURNED_TO_CUSTODY',
        at: op.at,
        ...(op.prisonCode ? { prisonCode: op.prisonCode } : {}),
        releaseIds: open.map((r) => r.id),
        incidentIds: incidents.map((i) => i.id),
      });
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
      state.incidents.push({
        id: op.incidentId,
        ...(release ? { releaseId: release.id } : {}),
        openedAt: iso(now),
        returnedToCustody: false,
        ...(op.requestDigest ? { requestDigest: op.requestDigest } : {}),
      });
      audit('RELEASE_IN_ERROR_REPORTED', op.incidentId);
      const releasedAt = op.releasedAt ?? release?.releasedAt;
      effects.push({
        kind: 'OPEN_INCIDENT',
        incident: {
          id: op.incidentId,
          detection: 'REPORTED',
          howFound: op.howFound,
          prisonCode: op.prisonCode,
          ...(releasedAt ? { releasedAt } : {}),
          ...(release ? { releaseId: release.id } : {}),
        },
      });
      break;
    }
    case 'queryDetermination': {
      audit('QUERY_ANSWERED', `${op.reference}: ${op.determination}`);
      if (
        op.determination === 'RELEASE_DATE_CHANGED' &&
        op.newReleaseDate &&
        op.newReleaseDate !== state.plannedRelease
      ) {
        state.plannedRelease = op.newReleaseDate;
        audit('PLANNED_RELEASE_CHANGED', `${op.newReleaseDate} (query ${op.reference})`);
        effects.push({ kind: 'PLANNED_RELEASE_CHANGED', plannedRelease: op.newReleaseDate });
        if (rules.authority) voidAuthorisations(state, now, `release date changed by query ${op.reference}`, effects);
      }
      // The unit moved his release later: he is not to go before it, and the hold lifts itself then.
      const notBefore = `not-before-${op.reference}`;
      if (
        rules.authority &&
        op.determination === 'RELEASE_DATE_CHANGED' &&
        op.newReleaseDate &&
        Date.parse(op.newReleaseDate) > now.getTime() &&
        !state.reasons.some((r) => r.key === notBefore)
      ) {
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
