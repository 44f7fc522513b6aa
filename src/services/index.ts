import type { Client } from '@temporalio/client';
import type { HearingStore } from '../domain/court/hearing-store.ts';
import type { InboxStore } from '../domain/inbox/inbox.ts';
import type { EventLog } from '../domain/event-log.ts';
import type { ReportSource } from '../domain/reports/source.ts';
import type { HoldPolicy } from '../domain/release-hold/hold-state.ts';
import type { PrisonerRegister } from '../domain/register/register.ts';
import type { QueryPolicy } from '../domain/urgent-query/policy.ts';
import type { NotificationPolicy } from '../domain/victim-notification/notification-state.ts';
import { courtResultsService } from './court-results.ts';
import { gateService } from './release-hold.ts';
import { holdClient, movedPrison } from './release-hold-client.ts';
import { INTERNAL_ACTOR } from '../domain/actors.ts';
import { inboxService } from './inbox.ts';
import { incidentService } from './incident.ts';
import { notificationService } from './victim-notification.ts';
import { prisonerService } from './register.ts';
import { queryService } from './urgent-query.ts';
import { reportService } from './reports.ts';
import { victimContactService } from './victim-notification-registration.ts';
import { loadChecklists } from '../infra/discharge-checklists.ts';
import type { DischargeChecklists } from '../domain/release-hold/checklists.ts';

export interface ServiceDeps {
  client: Client;
  taskQueue: string;
  /** The policy a new query is raised under (rebuilt daily from configuration). */
  policy: () => QueryPolicy;
  holdPolicy: HoldPolicy;
  notificationPolicy: NotificationPolicy;
  register: PrisonerRegister;
  events: EventLog;
  /** The durable records the Performance Board's reports are computed from. */
  reports: ReportSource;
  /** Court results as received, with each defendant's decision. */
  hearings: HearingStore;
  /** The smart inbox's messages and documents; messages larger than inboxMaxBytes are kept without their body. */
  inbox: InboxStore;
  inboxMaxBytes?: number;
  incidentEscalateEveryMinutes?: number;
  /** Keys opaque ids (CASE_ID_SECRET). */
  caseIdKey: Uint8Array;
  /** The discharge checklists (validated at start-up); the shipped ones by default. */
  checklists?: DischargeChecklists;
}

/** Every service, wired by plain functions: the API, the pages and the activities share these. */
export function createServices(deps: ServiceDeps) {
  const { client, taskQueue } = deps;
  // A new registration or a new VLO: his planned release, if the register has one, is told to that VLO (called only after wiring).
  /** What the desk checked no longer stands (his hold, if he has one, says why). */
  const voidChecks = async (prisonerNumber: string, why: string) => {
    if (await holds.read(prisonerNumber))
      await holds.apply(INTERNAL_ACTOR, prisonerNumber, { type: 'voidAuthorisations', why });
  };
  const registered = async (prisonerNumber: string, why: string) => {
    // A new victim's VLO (or a new VLO for one) has not been told of any date: what the desk checked before is void.
    await voidChecks(prisonerNumber, why);
    const prisoner = await deps.register.find(prisonerNumber);
    if (prisoner?.plannedRelease)
      await notifications.releaseDateWritten(prisonerNumber, prisoner.prisonCode, prisoner.plannedRelease, {
        retell: true,
      });
  };
  const victimContact = victimContactService({ client, taskQueue, idKey: deps.caseIdKey, added: registered });
  const notifications = notificationService({
    client,
    taskQueue,
    policy: deps.notificationPolicy,
    registrations: victimContact,
  });
  const holds = holdClient({ client, taskQueue, holdPolicy: deps.holdPolicy });
  const prisoners = prisonerService(deps.register, {
    plannedReleaseWritten: (pn, prisonCode, plannedRelease) =>
      notifications.releaseDateWritten(pn, prisonCode, plannedRelease),
    prisonChanged: (pn, from, to, at) => movedPrison(holds, pn, from, to, at),
    plannedReleaseChanged: (pn) => voidChecks(pn, 'his planned release changed'),
  });
  return {
    prisoners,
    holds,
    gate: gateService({
      holds,
      prisoners,
      checklists: deps.checklists ?? loadChecklists(),
      vloTold: notifications.vloToldOfRelease,
    }),
    queries: queryService({ client, taskQueue, policy: deps.policy, prisoners, holds, personKey: deps.caseIdKey }),
    incidents: incidentService({
      client,
      taskQueue,
      prisoners,
      ...(deps.incidentEscalateEveryMinutes ? { escalateEveryMinutes: deps.incidentEscalateEveryMinutes } : {}),
    }),
    victimContact,
    notifications,
    events: deps.events,
    reports: reportService(deps.reports),
    courtResults: courtResultsService({ client, taskQueue, hearings: deps.hearings }),
    inbox: inboxService({ client, taskQueue, inbox: deps.inbox, maxBytes: deps.inboxMaxBytes ?? 10 * 1024 * 1024 }),
  };
}
export type Services = ReturnType<typeof createServices>;
