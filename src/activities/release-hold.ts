import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { INTERNAL_ACTOR } from '../domain/actors.ts';
import type { EventLog } from '../domain/event-log.ts';
import { EVENT_TYPES, domainEvent } from '../domain/events.ts';
import { londonTime } from '../domain/format.ts';
import type { IncidentToOpen } from '../domain/release-hold/hold-operations.ts';
import type { HoldReason, Override, Refusal, ReleaseRecord } from '../domain/release-hold/hold-state.ts';
import type { Authorisation } from '../domain/release-hold/authorisation.ts';
import { GATED_RELEASES } from '../domain/release-hold/vocabulary.ts';
import { statusAfterGateMovement } from '../domain/register/prisoner.ts';
import type { PrisonerRegister } from '../domain/register/register.ts';
import type { IncidentService } from '../services/incident.ts';
import type { NotificationService } from '../services/victim-notification.ts';
import type { Traced } from '../workflows/definitions.ts';
import { cancellable, type CancellableDeps } from './cancellable.ts';
import { METRICS, count } from './metrics.ts';
import { callingWorkflowId, mailSender, type MailDeps } from './mail.ts';
import { renderCaseMail } from './templates/case-mail.ts';

export interface HoldActivityDeps extends MailDeps, CancellableDeps {
  events: EventLog;
  register: PrisonerRegister;
  incidents: IncidentService;
  notifications: NotificationService;
}

/** What a prisoner's release hold does outside itself: the register, events, victim liaison, incidents, reviews. */
export function createHoldActivities(deps: HoldActivityDeps) {
  const mail = mailSender(deps);
  return {
    /** A movement recorded at the gate: the register moves him, victim liaison hears of a release, an event is emitted. */
    async releaseRecorded({
      prisonerNumber,
      release,
      correlationId,
    }: { prisonerNumber: string; release: ReleaseRecord } & Traced): Promise<void> {
      await deps.register.recordMovement({
        id: `gate:${release.id}`,
        prisonerNumber,
        status: statusAfterGateMovement(release.reason),
        prisonCode: release.toPrisonCode ?? release.prisonCode,
        occurredAt: release.releasedAt,
        kind: release.reason,
        recordedBy: release.recordedBy,
      });
      if (GATED_RELEASES.includes(release.reason)) {
        await cancellable(deps.client, () =>
          deps.notifications.startFor(
            `release:${prisonerNumber}:${release.id}`,
            {
              kind: 'RELEASE',
              prisonerNumber,
              prisonCode: release.prisonCode,
              releaseType: release.reason,
              releasedAt: release.releasedAt,
            },
            { ...(correlationId ? { correlationId } : {}) },
          ),
        );
      }
      await deps.events.append(
        `released:${release.id}`,
        domainEvent(
          EVENT_TYPES.released,
          prisonerNumber,
          release.releasedAt,
          'A release was recorded at the discharge gate',
          {
            prisonId: release.prisonCode,
            reason: release.reason,
            releaseId: release.id,
            overrideId: release.overrideId,
            toPrisonId: release.toPrisonCode,
          },
        ),
      );
      count(...METRICS.releasesRecorded, { movement: release.reason });
    },

    /** The gate refused a release: recorded as an event, with the reasons that stood, so prevented releases can be counted. */
    async releasePrevented({
      prisonerNumber,
      refusal,
      prisonCode,
    }: {
      prisonerNumber: string;
      refusal: Refusal;
      prisonCode: string;
    }): Promise<void> {
      await deps.events.append(
        `prevented:${prisonerNumber}:${refusal.id}`,
        domainEvent(
          EVENT_TYPES.releasePrevented,
          prisonerNumber,
          refusal.at,
          'The discharge gate refused a release while reasons stood',
          {
            prisonId: prisonCode,
            refusalId: refusal.id,
            movement: refusal.reason,
            reasons: refusal.standing.map((r) => `${r.kind}:${r.key}`).join(','),
            reasonKinds: [...new Set(refusal.standing.map((r) => r.kind))].sort().join(','),
            by: refusal.by,
          },
        ),
      );
      count(...METRICS.releasesRefused, { movement: refusal.reason });
      for (const kind of new Set(refusal.standing.map((r) => r.kind)))
        count(...METRICS.releasesRefusedByReason, { reason_kind: kind });
    },

    async holdOverridden({
      prisonerNumber,
      override,
      prisonCode,
    }: {
      prisonerNumber: string;
      override: Override;
      prisonCode: string;
    }): Promise<void> {
      await deps.events.append(
        `overridden:${override.id}`,
        domainEvent(EVENT_TYPES.overridden, prisonerNumber, override.at, 'A duty governor overrode a release hold', {
          prisonId: prisonCode,
          overrideId: override.id,
          by: override.by,
          covers: override.covers.join(','),
        }),
      );
      count(...METRICS.overrides);
    },

    async sendHoldReview({ prisonerNumber, reason }: { prisonerNumber: string; reason: HoldReason }): Promise<void> {
      // Hold ids carry the prisoner number, so the subject names only the prison.
      const message = renderCaseMail(
        'HOLD',
        reason.prisonCode,
        'A hold reason needs progressing',
        [
          ['Prisoner number', prisonerNumber],
          ['Prison', reason.prisonCode],
          ['Reason', reason.kind],
          ['Placed', londonTime(reason.placedAt)],
          ['Last progressed', londonTime(reason.lastProgressAt)],
        ],
        mail.link(`/api/prisoners/${prisonerNumber}/release-status`),
      );
      await mail.send({
        caseId: callingWorkflowId(),
        key: `review-${reason.key}-${reason.reviewsSent}`,
        to: [reason.owner],
        mail: message,
      });
    },

    async openIncident(incident: IncidentToOpen & { prisonerNumber: string } & Traced): Promise<void> {
      await cancellable(deps.client, () => deps.incidents.open(incident));
    },

    /** Before gate-v2: tell the incidents of a return, at the time it was processed. */
    async incidentsReturned({ incidentIds }: { incidentIds: string[] }): Promise<void> {
      for (const id of incidentIds) await tellIncident(deps, id, new Date().toISOString());
    },

    /** Back in custody: the register brings him back, his incidents hear, at the time given. */
    async returnedToCustody({
      prisonerNumber,
      at,
      prisonCode,
      incidentIds,
      releaseIds,
    }: {
      prisonerNumber: string;
      at: string;
      prisonCode: string;
      incidentIds: string[];
      releaseIds: string[];
    }): Promise<void> {
      await deps.register.recordMovement({
        id: `return:${prisonerNumber}:${at}`,
        prisonerNumber,
        status: 'IN_CUSTODY',
        prisonCode,
        occurredAt: at,
        kind: 'RETURNED_TO_CUSTODY',
        recordedBy: 'release-guard',
      });
      for (const id of incidentIds) await tellIncident(deps, id, at);
      // The VLO hears of the return too: a notice on the release's ladder, marked as a return.
      await cancellable(deps.client, () =>
        deps.notifications.startFor(`returned:${prisonerNumber}:${at}`, {
          kind: 'RETURNED_TO_CUSTODY',
          prisonerNumber,
          prisonCode,
          releaseType: 'RETURNED_TO_CUSTODY',
          releasedAt: at,
        }),
      );
      await deps.events.append(
        `returned:${prisonerNumber}:${at}`,
        domainEvent(EVENT_TYPES.returnedToCustody, prisonerNumber, at, 'A released prisoner is back in custody', {
          prisonId: prisonCode,
          releaseIds: releaseIds.join(','),
          incidentIds: incidentIds.join(','),
        }),
      );
    },

    /** An authorisation's step, as an event for the figures (authorised, refused at check, voided) and a metric. */
    async authorisationChanged({
      prisonerNumber,
      authorisation,
    }: {
      prisonerNumber: string;
      authorisation: Authorisation;
    }): Promise<void> {
      const at = authorisation.voided?.at ?? authorisation.verifiedAt ?? authorisation.completedAt;
      await deps.events.append(
        `authorisation:${authorisation.id}:${authorisation.status}`,
        domainEvent(
          EVENT_TYPES.authorisationChanged,
          prisonerNumber,
          at,
          `A release authorisation is ${authorisation.status}`,
          {
            prisonId: authorisation.prisonCode,
            authorisationId: authorisation.id,
            movement: authorisation.movement,
            status: authorisation.status,
            completedBy: authorisation.completedBy,
            verifiedBy: authorisation.verifiedBy,
            ...(authorisation.voided ? { why: authorisation.voided.why } : {}),
          },
        ),
      );
      count(...METRICS.authorisations, { status: authorisation.status });
    },

    /** A query's answer changed the release date: the register carries the new one. */
    async plannedReleaseChanged({
      prisonerNumber,
      plannedRelease,
    }: {
      prisonerNumber: string;
      plannedRelease: string;
    }): Promise<void> {
      await deps.register.setPlannedRelease(prisonerNumber, plannedRelease, 'release-guard');
      // His VLOs hear of the new date; the same date again (a retried activity) tells nobody twice.
      const prisoner = await deps.register.find(prisonerNumber);
      if (prisoner)
        await cancellable(deps.client, () =>
          deps.notifications.releaseDateWritten(prisonerNumber, prisoner.prisonCode, plannedRelease),
        );
    },
  };
}

async function tellIncident(deps: HoldActivityDeps, id: string, returnedAt: string): Promise<void> {
  try {
    await cancellable(deps.client, () =>
      deps.incidents.apply(INTERNAL_ACTOR, id, { type: 'returnedToCustody', returnedAt }),
    );
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)) throw err; // already returned or closed
  }
}
