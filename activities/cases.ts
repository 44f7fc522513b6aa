import { Context } from '@temporalio/activity';
import { WorkflowIdConflictPolicy, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { EVENT_TYPES, domainEvent, type DomainEvent } from '../domain/events.ts';
import type { IncidentState } from '../domain/incident/incident-state.ts';
import type { HoldOperation, HoldPolicy, HoldReason, Override, ReleaseRecord } from '../domain/release-hold/hold-state.ts';
import {
  RELEASE_HOLD_WORKFLOW,
  RELEASE_IN_ERROR_WORKFLOW,
  SYSTEM_ACTOR,
  correlationMemo,
  holdOperation,
  holdWorkflowId,
  incidentOperation,
  type Traced,
} from '../workflows/definitions.ts';
import type { IncidentInput } from '../workflows/release-in-error-incident.ts';
import type { ReleaseHoldInput } from '../workflows/release-hold.ts';
import { GATED_RELEASES } from '../domain/release-hold/schemas.ts';
import { messageIdFor, sendClassified } from './mailer.ts';
import { cancellable, startVictimNotification, type VictimDeps } from './victim.ts';
import { renderCaseMail } from './templates/case-mail.ts';
import { londonTime } from './templates/query-alert.ts';

export interface CaseDeps extends VictimDeps {
  events: { append(event: DomainEvent): Promise<void> };
  holdPolicy: HoldPolicy;
  contacts: { police: string; unitHead: string; dutyGovernorTemplate: string };
  incidentEscalateEveryMinutes?: number;
}

export interface HoldSync {
  prisonerNumber: string;
  prisonCode: string;
  reference: string;
  action: 'PLACE' | 'CLEAR' | 'DETERMINATION';
  determination?: string;
}

/** Activities that act on cases other than the caller's own: holds, incidents, events, case emails. */
export function createCaseActivities(deps: CaseDeps) {
  const link = (path: string) => `${deps.publicBaseUrl.replace(/\/$/, '')}${path}`;
  const send = async (key: string, to: string[], mail: { subject: string; text: string; html: string }) => {
    const workflowId = Context.current().info.workflowExecution?.workflowId ?? 'standalone';
    await sendClassified(deps.transport, {
      from: deps.from,
      to,
      ...mail,
      messageId: messageIdFor(workflowId, key, deps.messageIdDomain),
      headers: { 'X-Release-Guard-Reference': workflowId },
    });
  };

  /** Applies an operation to a prisoner's hold, starting the hold workflow if it is not running. */
  const applyToHold = (prisonerNumber: string, op: HoldOperation) =>
    cancellable(deps.client, () => deps.client.workflow.executeUpdateWithStart(holdOperation, {
      args: [{ actor: SYSTEM_ACTOR, op }],
      startWorkflowOperation: new WithStartWorkflowOperation(RELEASE_HOLD_WORKFLOW, {
        workflowId: holdWorkflowId(prisonerNumber),
        taskQueue: deps.taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [{ prisonerNumber, policy: deps.holdPolicy } satisfies ReleaseHoldInput],
      }),
    }));

  return {
    async syncReleaseHold(sync: HoldSync): Promise<void> {
      const key = `query-${sync.reference}`;
      try {
        if (sync.action === 'PLACE') {
          await applyToHold(sync.prisonerNumber, { type: 'addReason', kind: 'URGENT_QUERY', key, detail: `Open urgent query ${sync.reference}`, prisonCode: sync.prisonCode });
        } else if (sync.action === 'CLEAR') {
          await cancellable(deps.client, () =>
            deps.client.workflow.getHandle(holdWorkflowId(sync.prisonerNumber)).executeUpdate(holdOperation, { args: [{ actor: SYSTEM_ACTOR, op: { type: 'clearReason', key, note: `query ${sync.reference} cleared` } }] }),
          );
        } else {
          await applyToHold(sync.prisonerNumber, { type: 'queryDetermination', reference: sync.reference, determination: sync.determination ?? '', prisonCode: sync.prisonCode });
        }
      } catch (err) {
        // Already cleared (or never placed) is the outcome we wanted.
        if (sync.action === 'CLEAR' && err instanceof WorkflowUpdateFailedError) return;
        if (sync.action === 'CLEAR' && (err as Error).name === 'WorkflowNotFoundError') return;
        throw err;
      }
    },

    async releaseRecorded({ prisonerNumber, release, correlationId }: { prisonerNumber: string; release: ReleaseRecord } & Traced): Promise<void> {
      if (GATED_RELEASES.includes(release.reason)) {
        await startVictimNotification(deps, `release:${prisonerNumber}:${release.id}`, {
          kind: 'RELEASE',
          prisonerNumber,
          prisonCode: release.prisonCode,
          releaseType: release.reason,
          releasedAt: release.releasedAt,
        }, { correlationId });
      }
      await deps.events.append(
        domainEvent(EVENT_TYPES.released, prisonerNumber, release.releasedAt, 'A release was recorded at the discharge gate', {
          prisonId: release.prisonCode,
          reason: release.reason,
          releaseId: release.id,
          overrideId: release.overrideId,
        }),
      );
    },

    async holdOverridden({ prisonerNumber, override, prisonCode }: { prisonerNumber: string; override: Override; prisonCode: string }): Promise<void> {
      await deps.events.append(
        domainEvent(EVENT_TYPES.overridden, prisonerNumber, override.at, 'A duty governor overrode a release hold', {
          prisonId: prisonCode,
          overrideId: override.id,
          by: override.by,
          covers: override.covers.join(','),
        }),
      );
    },

    async sendHoldReview({ prisonerNumber, reason }: { prisonerNumber: string; reason: HoldReason }): Promise<void> {
      // Hold ids carry the prisoner number, so the subject names only the prison.
      const mail = renderCaseMail('HOLD', reason.prisonCode, 'A hold reason needs progressing', [
        ['Prisoner number', prisonerNumber],
        ['Prison', reason.prisonCode],
        ['Reason', reason.kind],
        ['Placed', londonTime(reason.placedAt)],
        ['Last progressed', londonTime(reason.lastProgressAt)],
      ], link(`/api/prisoners/${prisonerNumber}/release-status`));
      await send(`review-${reason.key}-${reason.reviewsSent}`, [reason.owner], mail);
    },

    async openIncident(incident: Omit<IncidentInput, 'escalateEveryMinutes'>): Promise<void> {
      await deps.client.workflow.start(RELEASE_IN_ERROR_WORKFLOW, {
        workflowId: incident.id,
        taskQueue: deps.taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        memo: correlationMemo(incident),
        args: [{ ...incident, ...(deps.incidentEscalateEveryMinutes ? { escalateEveryMinutes: deps.incidentEscalateEveryMinutes } : {}) } satisfies IncidentInput],
      });
    },

    async incidentsReturned({ incidentIds }: { incidentIds: string[] }): Promise<void> {
      for (const id of incidentIds) {
        try {
          await cancellable(deps.client, () =>
            deps.client.workflow.getHandle(id).executeUpdate(incidentOperation, { args: [{ actor: SYSTEM_ACTOR, op: { type: 'returnedToCustody', returnedAt: new Date().toISOString() } }] }),
          );
        } catch (err) {
          if (!(err instanceof WorkflowUpdateFailedError)) throw err; // already returned or closed
        }
      }
    },

    async incidentOpened({ incident, correlationId }: { incident: IncidentState } & Traced): Promise<void> {
      // Victim liaison first: the urgent path of the victim notification.
      await startVictimNotification(deps, `release-in-error:${incident.id}`, {
        kind: 'RELEASE_IN_ERROR',
        prisonerNumber: incident.prisonerNumber,
        prisonCode: incident.prisonCode,
        releaseType: 'RELEASED_IN_ERROR',
        ...(incident.releasedAt ? { releasedAt: incident.releasedAt } : {}),
      }, { correlationId });
      await deps.events.append(
        domainEvent(EVENT_TYPES.releaseInError, incident.prisonerNumber, incident.openedAt, 'A release in error was opened', {
          prisonId: incident.prisonCode,
          incidentId: incident.id,
          detection: incident.detection,
          releaseId: incident.releaseId,
        }),
      );
      const mail = renderCaseMail('RELEASE IN ERROR', incident.prisonCode, 'A person has been released in error', incidentRows(incident), link(`/api/incidents/${incident.id}`));
      await send('opened', [deps.contacts.police, deps.contacts.unitHead], mail);
    },

    async incidentEscalation({ incident }: { incident: IncidentState }): Promise<void> {
      const mail = renderCaseMail('RELEASE IN ERROR', incident.prisonCode, `Still open after ${incident.escalationsSent} day(s)`, incidentRows(incident), link(`/api/incidents/${incident.id}`));
      await send(`escalation-${incident.escalationsSent}`, [deps.contacts.unitHead, deps.contacts.police, deps.contacts.dutyGovernorTemplate.replace('{prisonCode}', incident.prisonCode)], mail);
    },
  };
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
