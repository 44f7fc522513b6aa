import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { INTERNAL_ACTOR } from '../domain/actors.ts';
import type { EventLog } from '../domain/event-log.ts';
import { EVENT_TYPES, domainEvent } from '../domain/events.ts';
import { londonTime } from '../domain/format.ts';
import type { IncidentCause, IncidentState, OfficialExclusion } from '../domain/incident/incident-state.ts';
import type { HoldClient } from '../services/release-hold-client.ts';
import type { NotificationService } from '../services/victim-notification.ts';
import type { Traced } from '../workflows/definitions.ts';
import { cancellable, type CancellableDeps } from './cancellable.ts';
import { METRICS, count } from './metrics.ts';
import { callingWorkflowId, mailSender, type MailDeps } from './mail.ts';
import { renderCaseMail } from './templates/case-mail.ts';

/** Older histories call incidentClosed without these. */
interface IncidentClosure {
  prisonCode: string;
  cause: IncidentCause;
  exclusion: OfficialExclusion;
  closedAt: string;
}

export interface IncidentActivityDeps extends MailDeps, CancellableDeps {
  events: EventLog;
  holds: HoldClient;
  notifications: NotificationService;
  contacts: { police: string; unitHead: string; dutyGovernorTemplate: string };
}

function incidentRows(incident: IncidentState): [string, string][] {
  return [
    ['Incident', incident.id],
    ['Prisoner number', incident.prisonerNumber],
    ['Prison', incident.prisonCode],
    ['Released', londonTime(incident.releasedAt ?? null)],
    ['Found', incident.detection],
    ['Status', incident.status],
  ];
}

/** What a release-in-error incident does outside itself: victim liaison first, then the police contact and the unit. */
export function createIncidentActivities(deps: IncidentActivityDeps) {
  const mail = mailSender(deps);
  return {
    async incidentOpened({ incident, correlationId }: { incident: IncidentState } & Traced): Promise<void> {
      // Victim liaison first: the urgent path of the victim notification.
      await cancellable(deps.client, () =>
        deps.notifications.startFor(
          `release-in-error:${incident.id}`,
          {
            kind: 'RELEASE_IN_ERROR',
            prisonerNumber: incident.prisonerNumber,
            prisonCode: incident.prisonCode,
            releaseType: 'RELEASED_IN_ERROR',
            ...(incident.releasedAt ? { releasedAt: incident.releasedAt } : {}),
          },
          { ...(correlationId ? { correlationId } : {}) },
        ),
      );
      await deps.events.append(
        `rie-opened:${incident.id}`,
        domainEvent(
          EVENT_TYPES.releaseInError,
          incident.prisonerNumber,
          incident.openedAt,
          'A release in error was opened',
          {
            prisonId: incident.prisonCode,
            incidentId: incident.id,
            detection: incident.detection,
            releaseId: incident.releaseId,
            // The reports count by month of release, not month reported.
            releasedAt: incident.releasedAt,
            likelyCause: incident.likelyCause,
          },
        ),
      );
      count(...METRICS.releasesInErrorOpened);
      const message = renderCaseMail(
        'RELEASE IN ERROR',
        incident.prisonCode,
        'A person has been released in error',
        incidentRows(incident),
        mail.link(`/api/incidents/${incident.id}`),
      );
      await mail.send({
        caseId: callingWorkflowId(),
        key: 'opened',
        to: [deps.contacts.police, deps.contacts.unitHead],
        mail: message,
      });
    },

    async incidentEscalation({ incident }: { incident: IncidentState }): Promise<void> {
      const message = renderCaseMail(
        'RELEASE IN ERROR',
        incident.prisonCode,
        `Still open after ${incident.escalationsSent} day(s)`,
        incidentRows(incident),
        mail.link(`/api/incidents/${incident.id}`),
      );
      await mail.send({
        caseId: callingWorkflowId(),
        key: `escalation-${incident.escalationsSent}`,
        to: [
          deps.contacts.unitHead,
          deps.contacts.police,
          deps.contacts.dutyGovernorTemplate.replace('{prisonCode}', incident.prisonCode),
        ],
        mail: message,
      });
    },

    /** The prisoner's hold stays open while any of his incidents is: tell it this one has closed. */
    /** Closed with a cause: the hold hears, and the cause is recorded for the Performance Board's figures. */
    async incidentClosed({
      prisonerNumber,
      incidentId,
      prisonCode,
      cause,
      exclusion,
      closedAt,
    }: { prisonerNumber: string; incidentId: string } & Partial<IncidentClosure>): Promise<void> {
      if (cause && closedAt && prisonCode) {
        await deps.events.append(
          `rie-closed:${incidentId}`,
          domainEvent(
            EVENT_TYPES.releaseInErrorClosed,
            prisonerNumber,
            closedAt,
            'A release in error was closed with its cause',
            { prisonId: prisonCode, incidentId, cause, exclusion },
          ),
        );
      }
      try {
        await cancellable(deps.client, () =>
          deps.holds.applyIfRunning(INTERNAL_ACTOR, prisonerNumber, { type: 'incidentClosed', incidentId }),
        );
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError)) throw err;
      }
    },
  };
}
