import type { Actor } from '../domain/actors.ts';
import { isReleasable, usableOverride, type HoldOperation, type HoldOutcome, type HoldReason, type HoldState, type Override, type ReleaseRecord } from '../domain/release-hold/hold-state.ts';
import type { RecordRelease } from '../domain/release-hold/schemas.ts';
import type { Prisoner } from '../domain/register/prisoner.ts';
import type { SyncMovementRequest } from '../domain/register/schemas.ts';
import type { Traced } from '../workflows/definitions.ts';
import { conflict, notFound, unprocessable } from './errors.ts';
import type { HoldClient } from './holds.ts';
import type { PrisonerService } from './prisoners.ts';
import { caseId, digest } from './workflow-calls.ts';

export interface ReleaseStatus {
  prisonerNumber: string;
  releasable: boolean;
  reasons: HoldReason[];
  override?: Override;
  plannedRelease?: string;
}

/** A court case's reason key carries its court: the same case number at two Crown Court centres is two reasons. */
export const courtReasonKey = (courtCode: string, caseReference: string): string => `court-${courtCode}-${caseReference.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;

/** A keyed request: the Idempotency-Key it came with, and the request it belongs to. */
export interface Keyed extends Traced {
  idempotencyKey?: string;
}

const sameBody = () => conflict('This Idempotency-Key was already used with a different request body');

/** The gate's answer, from the hold (strongly consistent: a workflow query, never visibility). */
export function releaseStatusOf(prisoner: Prisoner, hold: HoldState | undefined, now = new Date()): ReleaseStatus {
  const override = hold ? usableOverride(hold, now) : undefined;
  const plannedRelease = hold?.plannedRelease ?? prisoner.plannedRelease;
  return {
    prisonerNumber: prisoner.prisonerNumber,
    releasable: hold ? isReleasable(hold, now) : true,
    reasons: hold?.reasons ?? [],
    ...(override && hold?.reasons.length ? { override } : {}),
    ...(plannedRelease ? { plannedRelease } : {}),
  };
}

/** The gate's answer from an update's outcome. */
function statusFromOutcome(prisoner: Prisoner, outcome: HoldOutcome): ReleaseStatus {
  const plannedRelease = outcome.plannedRelease ?? prisoner.plannedRelease;
  return {
    prisonerNumber: prisoner.prisonerNumber,
    releasable: outcome.releasable,
    reasons: outcome.reasons,
    ...(outcome.usableOverride ? { override: outcome.usableOverride } : {}),
    ...(plannedRelease ? { plannedRelease } : {}),
  };
}

/**
 * The discharge gate and everything that holds or releases a prisoner. Every check of who may act
 * and where he is held reads the register; every change is one update on his hold.
 */
export function gateService({ holds, prisoners }: { holds: HoldClient; prisoners: PrisonerService }) {
  const apply = (actor: Actor, prisoner: Prisoner, op: HoldOperation, traced: Traced) => holds.apply(actor, prisoner.prisonerNumber, op, traced);
  const now = () => new Date();
  /**
   * The caseload check and the hold, read together: two independent reads, so the desk waits for
   * the slower rather than for both. Nothing of the hold is returned unless the check passes.
   */
  const visibleWithHold = (actor: Actor, prisonerNumber: string) => Promise.all([prisoners.visible(actor, prisonerNumber), holds.read(prisonerNumber)]);

  return {
    async releaseStatus(actor: Actor, prisonerNumber: string): Promise<ReleaseStatus> {
      const [prisoner, hold] = await visibleWithHold(actor, prisonerNumber);
      return releaseStatusOf(prisoner, hold);
    },

    async hold(actor: Actor, prisonerNumber: string): Promise<HoldState> {
      const [, hold] = await visibleWithHold(actor, prisonerNumber);
      if (!hold) throw notFound('No hold for this prisoner');
      return hold;
    },

    /**
     * Records a movement, gated when it leaves custody. A refusal is itself recorded in the hold
     * (and as an event), and answered as a conflict listing every standing reason.
     */
    async recordRelease(actor: Actor, prisonerNumber: string, body: RecordRelease, request: Keyed = {}): Promise<ReleaseRecord> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const { id, keyed } = caseId('REL-', `release:${prisonerNumber}`, actor, request.idempotencyKey);
      if (body.toPrisonCode) {
        await prisoners.assertEstablishment(body.toPrisonCode, 'body.toPrisonCode');
        if (body.toPrisonCode === prisoner.prisonCode) throw unprocessable('body.toPrisonCode', `is where he is held already (${prisoner.prisonCode})`);
      }
      const releasedAt = body.releasedAt ? new Date(body.releasedAt).toISOString() : now().toISOString();
      const outcome = await apply(
        actor,
        prisoner,
        { type: 'recordRelease', id, reason: body.reason, prisonCode: prisoner.prisonCode, releasedAt, ...(body.toPrisonCode ? { toPrisonCode: body.toPrisonCode } : {}) },
        request,
      );
      const { release, refusal } = outcome;
      if (release) {
        if (keyed && (release.reason !== body.reason || (body.releasedAt && release.releasedAt !== releasedAt) || (body.toPrisonCode ?? undefined) !== release.toPrisonCode)) throw sameBody();
        return release;
      }
      if (keyed && refusal && refusal.reason !== body.reason) throw sameBody();
      const standing = outcome.reasons.filter((r) => !refusal || refusal.standing.some((s) => s.key === r.key));
      throw conflict(`Release refused: ${refusal?.standing.length ?? standing.length} reason(s) stand. The refusal is recorded.`, { reasons: standing });
    },

    async placeManualHold(actor: Actor, prisonerNumber: string, body: { prisonCode?: string; reason: string }, request: Keyed = {}): Promise<ReleaseStatus> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const { id: key, keyed } = caseId('manual-', `hold:${prisonerNumber}`, actor, request.idempotencyKey);
      const outcome = await apply(actor, prisoner, { type: 'addReason', kind: 'MANUAL', key, detail: body.reason, prisonCode: prisoner.prisonCode, requestDigest: digest([body.reason]) }, request);
      const placed = outcome.reason ?? outcome.cleared;
      if (keyed && placed?.requestDigest && placed.requestDigest !== digest([body.reason])) throw sameBody();
      return statusFromOutcome(prisoner, outcome);
    },

    /** Keyed by the court case, so the hourly check flagging the same change again is harmless. */
    async flagCourtChange(actor: Actor, prisonerNumber: string, body: { prisonCode?: string; courtCode: string; courtCaseReference: string; detail: string }, traced: Traced = {}): Promise<ReleaseStatus> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const key = courtReasonKey(body.courtCode, body.courtCaseReference);
      return statusFromOutcome(prisoner, await apply(actor, prisoner, { type: 'addReason', kind: 'CUSTODIAL_STATUS_CHANGE', key, detail: body.detail, prisonCode: prisoner.prisonCode }, traced));
    },

    async changeReason(actor: Actor, prisonerNumber: string, key: string, action: 'clear' | 'progress', note: string | undefined, traced: Traced = {}): Promise<ReleaseStatus> {
      const [prisoner, hold] = await visibleWithHold(actor, prisonerNumber);
      const reason = hold?.reasons.find((r) => r.key === key);
      if (!reason) throw notFound('No such hold reason');
      const op: HoldOperation = action === 'clear' ? { type: 'clearReason', key, ...(note ? { note } : {}) } : { type: 'progressReason', key, ...(note ? { note } : {}) };
      return statusFromOutcome(prisoner, await apply(actor, prisoner, op, traced));
    },

    async override(actor: Actor, prisonerNumber: string, body: { prisonCode?: string; justification: string }, request: Keyed = {}): Promise<Override> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const { id, keyed } = caseId('OVR-', `override:${prisonerNumber}`, actor, request.idempotencyKey);
      const { override } = await apply(actor, prisoner, { type: 'override', id, justification: body.justification, prisonCode: prisoner.prisonCode }, request);
      if (!override) throw conflict('The override was not granted');
      if (keyed && override.justification !== body.justification) throw sameBody();
      return override;
    },

    async reportReleaseInError(actor: Actor, prisonerNumber: string, body: { prisonCode?: string; howFound: string; releasedAt?: string }, request: Keyed = {}): Promise<{ incidentId: string }> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const { id, keyed } = caseId(`RIE-${prisonerNumber}-`, `rie:${prisonerNumber}`, actor, request.idempotencyKey);
      const { incident } = await apply(
        actor,
        prisoner,
        { type: 'reportReleaseInError', incidentId: id, howFound: body.howFound, prisonCode: prisoner.prisonCode, ...(body.releasedAt ? { releasedAt: body.releasedAt } : {}), requestDigest: digest([body.howFound, body.releasedAt ?? null]) },
        request,
      );
      if (keyed && incident?.requestDigest && incident.requestDigest !== digest([body.howFound, body.releasedAt ?? null])) throw sameBody();
      return { incidentId: id };
    },

    /** Back in custody at the establishment that released him, at the time given (not the time it was typed in). */
    async returnedToCustody(actor: Actor, prisonerNumber: string, body: { returnedAt?: string }, traced: Traced = {}): Promise<HoldOutcome> {
      const [prisoner, hold] = await visibleWithHold(actor, prisonerNumber);
      if (!hold) throw notFound('No release is recorded for this prisoner');
      const at = body.returnedAt ? new Date(body.returnedAt).toISOString() : now().toISOString();
      return apply(actor, prisoner, { type: 'returnedToCustody', at, prisonCode: prisoner.prisonCode }, traced);
    },

    /**
     * A movement from the prison system: received into a prison (for someone the gate has as out,
     * that is his return to custody), or transferred to another. The register moves him at once.
     */
    async syncMovement(actor: Actor, prisonerNumber: string, body: SyncMovementRequest, traced: Traced = {}): Promise<Prisoner> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      await prisoners.assertEstablishment(body.prisonCode, 'body.prisonCode');
      const at = body.occurredAt ? new Date(body.occurredAt).toISOString() : now().toISOString();
      if (body.type === 'RECEIVED') {
        const hold = await holds.read(prisonerNumber);
        if (hold && (hold.releases.some((r) => !r.returnedToCustodyAt) || hold.incidents.some((i) => !i.returnedToCustody))) {
          await apply(actor, prisoner, { type: 'returnedToCustody', at, prisonCode: body.prisonCode }, traced);
        }
      }
      const moved = await prisoners.register.recordMovement({
        id: `sync:${body.type}:${prisonerNumber}:${at}:${body.prisonCode}`,
        prisonerNumber,
        status: 'IN_CUSTODY',
        prisonCode: body.prisonCode,
        occurredAt: at,
        kind: body.type,
        recordedBy: actor.username,
      });
      return moved ?? prisoner;
    },
  };
}
export type GateService = ReturnType<typeof gateService>;
