import type { Actor } from '../domain/actors.ts';
import type { HoldOperation, HoldOutcome } from '../domain/release-hold/hold-operations.ts';
import {
  isReleasable,
  usableOverride,
  type HoldReason,
  type HoldState,
  type Override,
  type ReleaseRecord,
} from '../domain/release-hold/hold-state.ts';
import { currentAuthorisation, type Authorisation } from '../domain/release-hold/authorisation.ts';
import type { RecordRelease } from '../domain/release-hold/schemas.ts';
import type { Prisoner } from '../domain/register/prisoner.ts';
import type { SyncMovementRequest } from '../domain/register/schemas.ts';
import type { Traced } from '../workflows/definitions.ts';
import { conflict, notFound, sameBody, unprocessable } from './errors.ts';
import { authorisationCalls, type GateDeps } from './release-hold-authorisation.ts';
import { applyOn, movedPrison } from './release-hold-client.ts';
import { caseId, digest, type Keyed } from './workflow-calls.ts';

export type { VloToldCheck } from './release-hold-authorisation.ts';
export type { Keyed } from './workflow-calls.ts';

export interface ReleaseStatus {
  prisonerNumber: string;
  /** The gate's answer: no reason stands that a usable override does not cover, and a verified authorisation for today exists. */
  releasable: boolean;
  /** No reason stands that a usable override does not cover (an authorisation is still needed). */
  clear: boolean;
  reasons: HoldReason[];
  override?: Override;
  /** The verified authorisation that would let him go today, if any. */
  authorisation?: Authorisation;
  plannedRelease?: string;
}

/** A court case's reason key carries its court: the same case number at two Crown Court centres is two reasons. */
export const courtReasonKey = (courtCode: string, caseReference: string): string =>
  `court-${courtCode}-${caseReference.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;

/** The gate's answer, from the hold (strongly consistent: a workflow query, never visibility). */
export function releaseStatusOf(prisoner: Prisoner, hold: HoldState | undefined, now = new Date()): ReleaseStatus {
  const at = { prisonCode: prisoner.prisonCode };
  const override = hold ? usableOverride(hold, now, at) : undefined;
  const plannedRelease = hold?.plannedRelease ?? prisoner.plannedRelease;
  const clear = hold ? isReleasable(hold, now, at) : true;
  const authorisation = currentAuthorisation(hold?.authorisations, prisoner.prisonCode, prisoner.plannedRelease, now);
  return {
    prisonerNumber: prisoner.prisonerNumber,
    releasable: clear && authorisation !== undefined,
    clear,
    reasons: hold?.reasons ?? [],
    ...(override && hold?.reasons.length ? { override } : {}),
    ...(authorisation ? { authorisation } : {}),
    ...(plannedRelease ? { plannedRelease } : {}),
  };
}

/**
 * The discharge gate and everything that holds or releases a prisoner. Every check of who may act
 * and where he is held reads the register; every change is one update on his hold.
 */
export function gateService(deps: GateDeps) {
  const { holds, prisoners } = deps;
  const apply = applyOn(holds);
  /**
   * The gate's whole answer after a change, read from the hold again: an update's outcome carries
   * the reasons, but the authorisation in force depends on the register's date, which the hold
   * does not hold.
   */
  const statusNow = async (prisoner: Prisoner) => releaseStatusOf(prisoner, await holds.read(prisoner.prisonerNumber));
  const now = () => new Date();
  /**
   * The caseload check and the hold, read together: two independent reads, so the desk waits for
   * the slower rather than for both. Nothing of the hold is returned unless the check passes.
   */
  const visibleWithHold = (actor: Actor, prisonerNumber: string) =>
    Promise.all([prisoners.visible(actor, prisonerNumber), holds.read(prisonerNumber)]);

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
    async recordRelease(
      actor: Actor,
      prisonerNumber: string,
      body: RecordRelease,
      request: Keyed = {},
    ): Promise<ReleaseRecord> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const { id, keyed } = caseId('REL-', `release:${prisonerNumber}`, actor, request.idempotencyKey);
      if (body.toPrisonCode) {
        await prisoners.assertEstablishment(body.toPrisonCode, 'body.toPrisonCode');
        if (body.toPrisonCode === prisoner.prisonCode)
          throw unprocessable('body.toPrisonCode', `is where he is held already (${prisoner.prisonCode})`);
      }
      const releasedAt = body.releasedAt ? new Date(body.releasedAt).toISOString() : now().toISOString();
      const outcome = await apply(
        actor,
        prisoner,
        {
          type: 'recordRelease',
          id,
          reason: body.reason,
          prisonCode: prisoner.prisonCode,
          releasedAt,
          ...(body.toPrisonCode ? { toPrisonCode: body.toPrisonCode } : {}),
          ...(prisoner.plannedRelease ? { plannedRelease: prisoner.plannedRelease } : {}),
        },
        request,
      );
      const { release, refusal } = outcome;
      if (release) {
        if (
          keyed &&
          (release.reason !== body.reason ||
            (body.releasedAt && release.releasedAt !== releasedAt) ||
            (body.toPrisonCode ?? undefined) !== release.toPrisonCode)
        )
          throw sameBody();
        return release;
      }
      if (keyed && refusal && refusal.reason !== body.reason) throw sameBody();
      const standing = outcome.reasons.filter((r) => !refusal || refusal.standing.some((s) => s.key === r.key));
      const why = [
        ...(standing.length ? [`${standing.length} reason(s) stand`] : []),
        ...(refusal?.unauthorised ? [refusal.unauthorised] : []),
      ].join('; ');
      throw conflict(`Release refused: ${why}. The refusal is recorded.`, {
        reasons: standing,
        ...(refusal?.unauthorised ? { authorisation: refusal.unauthorised } : {}),
      });
    },

    ...authorisationCalls(deps),

    async placeManualHold(
      actor: Actor,
      prisonerNumber: string,
      body: { prisonCode?: string; reason: string },
      request: Keyed = {},
    ): Promise<ReleaseStatus> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const { id: key, keyed } = caseId('manual-', `hold:${prisonerNumber}`, actor, request.idempotencyKey);
      const outcome = await apply(
        actor,
        prisoner,
        {
          type: 'addReason',
          kind: 'MANUAL',
          key,
          detail: body.reason,
          prisonCode: prisoner.prisonCode,
          requestDigest: digest([body.reason]),
        },
        request,
      );
      const placed = outcome.reason ?? outcome.cleared;
      if (keyed && placed?.requestDigest && placed.requestDigest !== digest([body.reason])) throw sameBody();
      return statusNow(prisoner);
    },

    /**
     * Keyed by the court case and the hearing that placed it: the same hearing again (a retried
     * delivery, the hourly check) is harmless, a new hearing on the case (bail revoked) holds again.
     * `placed` says whether a reason for it stands now.
     */
    async flagCourtChange(
      actor: Actor,
      prisonerNumber: string,
      body: { prisonCode?: string; courtCode: string; courtCaseReference: string; hearingId?: string; detail: string },
      traced: Traced = {},
    ): Promise<ReleaseStatus & { placed: boolean }> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const key = courtReasonKey(body.courtCode, body.courtCaseReference);
      const hearingId = body.hearingId?.replace(/[^A-Za-z0-9]/g, '').slice(0, 64);
      const outcome = await apply(
        actor,
        prisoner,
        {
          type: 'addReason',
          kind: 'CUSTODIAL_STATUS_CHANGE',
          key,
          detail: body.detail,
          prisonCode: prisoner.prisonCode,
          ...(hearingId ? { hearingId } : {}),
        },
        traced,
      );
      return { ...(await statusNow(prisoner)), placed: outcome.reason !== undefined };
    },

    async changeReason(
      actor: Actor,
      prisonerNumber: string,
      key: string,
      action: 'clear' | 'progress',
      note: string | undefined,
      traced: Traced = {},
    ): Promise<ReleaseStatus> {
      const [prisoner, hold] = await visibleWithHold(actor, prisonerNumber);
      const reason = hold?.reasons.find((r) => r.key === key);
      if (!reason) throw notFound('No such hold reason');
      const at = { prisonCode: prisoner.prisonCode, ...(note ? { note } : {}) };
      const op: HoldOperation =
        action === 'clear' ? { type: 'clearReason', key, ...at } : { type: 'progressReason', key, ...at };
      await apply(actor, prisoner, op, traced);
      return statusNow(prisoner);
    },

    async override(
      actor: Actor,
      prisonerNumber: string,
      body: { prisonCode?: string; justification: string },
      request: Keyed = {},
    ): Promise<Override> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const { id, keyed } = caseId('OVR-', `override:${prisonerNumber}`, actor, request.idempotencyKey);
      const { override } = await apply(
        actor,
        prisoner,
        { type: 'override', id, justification: body.justification, prisonCode: prisoner.prisonCode },
        request,
      );
      if (!override) throw conflict('The override was not granted');
      if (keyed && override.justification !== body.justification) throw sameBody();
      return override;
    },

    async reportReleaseInError(
      actor: Actor,
      prisonerNumber: string,
      body: { prisonCode?: string; howFound: string; releasedAt?: string },
      request: Keyed = {},
    ): Promise<{ incidentId: string }> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      prisoners.assertHeldAt(prisoner, body.prisonCode);
      const { id, keyed } = caseId(`RIE-${prisonerNumber}-`, `rie:${prisonerNumber}`, actor, request.idempotencyKey);
      const { incident } = await apply(
        actor,
        prisoner,
        {
          type: 'reportReleaseInError',
          incidentId: id,
          howFound: body.howFound,
          prisonCode: prisoner.prisonCode,
          ...(body.releasedAt ? { releasedAt: body.releasedAt } : {}),
          requestDigest: digest([body.howFound, body.releasedAt ?? null]),
        },
        request,
      );
      if (
        keyed &&
        incident?.requestDigest &&
        incident.requestDigest !== digest([body.howFound, body.releasedAt ?? null])
      )
        throw sameBody();
      return { incidentId: id };
    },

    /** Back in custody at the establishment that released him, at the time given (not the time it was typed in). */
    async returnedToCustody(
      actor: Actor,
      prisonerNumber: string,
      body: { returnedAt?: string },
      traced: Traced = {},
    ): Promise<HoldOutcome> {
      const [prisoner, hold] = await visibleWithHold(actor, prisonerNumber);
      if (!hold) throw notFound('No release is recorded for this prisoner');
      const at = body.returnedAt ? new Date(body.returnedAt).toISOString() : now().toISOString();
      return apply(actor, prisoner, { type: 'returnedToCustody', at, prisonCode: prisoner.prisonCode }, traced);
    },

    /**
     * A movement from the prison system: received into a prison (for someone the gate has as out,
     * that is his return to custody), or transferred to another. The register moves him at once.
     */
    async syncMovement(
      actor: Actor,
      prisonerNumber: string,
      body: SyncMovementRequest,
      traced: Traced = {},
    ): Promise<Prisoner> {
      const prisoner = await prisoners.visible(actor, prisonerNumber);
      await prisoners.assertEstablishment(body.prisonCode, 'body.prisonCode');
      const at = body.occurredAt ? new Date(body.occurredAt).toISOString() : now().toISOString();
      if (body.type === 'RECEIVED') {
        const hold = await holds.read(prisonerNumber);
        if (
          hold &&
          (hold.releases.some((r) => !r.returnedToCustodyAt) || hold.incidents.some((i) => !i.returnedToCustody))
        ) {
          await apply(actor, prisoner, { type: 'returnedToCustody', at, prisonCode: body.prisonCode }, traced);
        }
      }
      if (body.prisonCode !== prisoner.prisonCode)
        await movedPrison(holds, prisonerNumber, prisoner.prisonCode, body.prisonCode, at);
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
