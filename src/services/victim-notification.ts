import { createHash } from 'node:crypto';
import { WorkflowIdConflictPolicy, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { shortId } from '../domain/identifiers.ts';
import { londonDay } from '../domain/release-hold/authorisation.ts';
import { englandAndWalesBankHolidays } from '../domain/calendar/bank-holidays.ts';
import {
  DEFAULT_PRE_RELEASE_WORKING_DAYS,
  type NoticeFacts,
  type NotificationPolicy,
  type NotificationState,
  type NotificationStatus,
} from '../domain/victim-notification/notification-state.ts';
import { toldFor, type ReleaseDateNotices } from '../domain/victim-notification/release-dates.ts';
import { noticeRecipient } from '../domain/victim-notification/vocabulary.ts';
import {
  RELEASE_DATE_NOTICES_WORKFLOW,
  VICTIM_NOTIFICATION_WORKFLOW,
  acknowledgeNotification,
  correlationMemo,
  getNotificationState,
  getReleaseDateNotices,
  releaseDateNoticesWorkflowId,
  releaseDateWritten,
  type ReleaseDateNoticesInput,
  type AcknowledgeRequest,
  type Traced,
  type VictimNotificationInput,
} from '../workflows/definitions.ts';
import { SA } from '../workflows/search-attributes.ts';
import { conflict } from './errors.ts';
import type { VictimContactService } from './victim-notification-registration.ts';
import { listByVisibility, readOrAbsent, startOnce } from './workflow-calls.ts';

/** The notification id for a release event: derived from the event, so a repeated trigger finds the same one, and free of personal data. */
export const notificationIdFor = (eventKey: string): string =>
  `VN-${shortId(createHash('sha256').update(eventKey).digest())}`;
/** One VLO's notification for an event; the first registration keeps the id an event had before there could be several. */
const noticeIdFor = (eventKey: string, recipient: string): string =>
  notificationIdFor(recipient === 'REG-FIRST' ? eventKey : `${eventKey}:${recipient}`);

/** The system's answer to the checklist's VLO_TOLD item. */
export interface VloTold {
  told: boolean;
  note: string;
  /** Notices for his current planned release that no one has acknowledged yet (ids carry no personal data). */
  unacknowledged: string[];
}
export const VLO_NOT_TOLD = 'VLO not yet told/acknowledged';
export const VLO_TOLD_OTHER_DAY = 'VLO told of a release on another day';

/** Victim notifications: one workflow per release event, its one door. */
export function notificationService({
  client,
  taskQueue,
  policy,
  registrations,
}: {
  client: Client;
  taskQueue: string;
  policy: NotificationPolicy;
  registrations: VictimContactService;
}) {
  const handle = (id: string) => client.workflow.getHandle(id);
  const releaseDatesId = (prisonerNumber: string) =>
    releaseDateNoticesWorkflowId(registrations.opaqueId(prisonerNumber));
  /** What his VLOs have been told of his planned release; null when nothing was ever written for him. */
  const releaseDateNotices = async (prisonerNumber: string): Promise<ReleaseDateNotices | null> =>
    (await readOrAbsent(() =>
      client.workflow.getHandle(releaseDatesId(prisonerNumber)).query(getReleaseDateNotices),
    )) ?? null;
  return {
    /**
     * Starts a notification for a release event for every victim's VLO (each on its own ladder,
     * acknowledged on its own), when he is in the Victim Contact Scheme: their ids, none when he is not.
     */
    async startFor(eventKey: string, facts: NoticeFacts, traced: Traced = {}): Promise<string[]> {
      const ids: string[] = [];
      for (const registration of await registrations.read(facts.prisonerNumber)) {
        const id = noticeIdFor(eventKey, noticeRecipient(registration));
        // Once per event, even after it was acknowledged and finished: a retried start must not email again.
        await startOnce(client, VICTIM_NOTIFICATION_WORKFLOW, {
          workflowId: id,
          taskQueue,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          memo: correlationMemo(traced),
          args: [
            {
              id,
              facts,
              registration: { vloEmail: registration.vloEmail, teamMailbox: registration.teamMailbox },
              policy,
            } satisfies VictimNotificationInput,
          ],
        });
        ids.push(id);
      }
      return ids;
    },

    read: (id: string): Promise<NotificationState> => handle(id).query(getNotificationState),

    /**
     * A planned release written for him (the register sync, a query's answer): his VLOs are told of
     * it, now and again before it, when he is in the scheme. Sent every time it is written: the
     * workflow holds the date last told and tells nobody again of the same one, so a retried sync
     * whose register write had already gone through still reaches it.
     */
    async releaseDateWritten(
      prisonerNumber: string,
      prisonCode: string,
      plannedRelease: string,
      traced: Traced & { retell?: boolean } = {},
    ): Promise<void> {
      if ((await registrations.read(prisonerNumber)).length === 0) return;
      const year = new Date().getUTCFullYear();
      const rule = {
        workingDays: policy.preReleaseWorkingDays ?? DEFAULT_PRE_RELEASE_WORKING_DAYS,
        holidays: englandAndWalesBankHolidays(year - 1, year + 2),
      };
      await client.workflow.signalWithStart(RELEASE_DATE_NOTICES_WORKFLOW, {
        workflowId: releaseDatesId(prisonerNumber),
        taskQueue,
        memo: correlationMemo({ ...(traced.correlationId ? { correlationId: traced.correlationId } : {}) }),
        args: [{ prisonerNumber } satisfies ReleaseDateNoticesInput],
        signal: releaseDateWritten,
        signalArgs: [{ plannedRelease, prisonCode, rule, ...(traced.retell ? { retell: true } : {}) }],
      });
    },

    releaseDateNotices,

    /**
     * The checklist's VLO_TOLD, decided by the system: yes when he is not in the scheme, or when
     * every VLO has acknowledged a notice of his current planned release, and (given the day being
     * authorised) that release falls on that day; no otherwise. A date weeks away, acknowledged, is
     * not a release today: the prison sets today's date, and the VLOs hear of it first.
     */
    async vloToldOfRelease(
      prisonerNumber: string,
      plannedRelease: string | undefined,
      releaseDay?: string,
    ): Promise<VloTold> {
      const regs = await registrations.read(prisonerNumber);
      if (regs.length === 0) return { told: true, note: 'Not a Victim Contact Scheme case', unacknowledged: [] };
      const notices = plannedRelease ? await releaseDateNotices(prisonerNumber) : null;
      const keys = notices && plannedRelease ? toldFor(notices, plannedRelease) : [];
      const unacknowledged: string[] = [];
      let told = keys.length > 0;
      for (const registration of regs) {
        const ids = keys.map((key) => noticeIdFor(key, noticeRecipient(registration)));
        const states = await Promise.all(ids.map((id) => readOrAbsent(() => handle(id).query(getNotificationState))));
        if (!states.some((s) => s?.acknowledged)) {
          told = false;
          unacknowledged.push(...ids.filter((_, i) => states[i] !== undefined));
        }
      }
      if (!told) return { told, note: VLO_NOT_TOLD, unacknowledged };
      const toldDay = londonDay(new Date(plannedRelease!));
      return releaseDay && toldDay !== releaseDay
        ? { told: false, note: `${VLO_TOLD_OTHER_DAY} (${toldDay}), not ${releaseDay}`, unacknowledged }
        : { told, note: `All ${regs.length} VLO(s) acknowledged the planned release`, unacknowledged };
    },

    async list(status?: NotificationStatus) {
      const query = `WorkflowType = '${VICTIM_NOTIFICATION_WORKFLOW}'${status ? ` AND ${SA.status.name} = '${status}'` : ''}`;
      const { rows } = await listByVisibility(client, query, 200, (wf) => ({
        id: wf.workflowId,
        status: wf.typedSearchAttributes.get(SA.status),
        prisonCode: wf.typedSearchAttributes.get(SA.prisonCode),
        createdAt: wf.startTime.toISOString(),
      }));
      return { items: rows };
    },

    /**
     * A notification finishes once acknowledged, so a later acknowledgement finds it closed: read its
     * final state and answer as if it were open (twice is harmless; a reused link is still refused).
     */
    async acknowledge(id: string, request: AcknowledgeRequest): Promise<NotificationState> {
      try {
        return await handle(id).executeUpdate(acknowledgeNotification, { args: [request] });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) throw err;
        const state = await handle(id)
          .query(getNotificationState)
          .catch(() => Promise.reject(err));
        if (!state.acknowledged) throw err;
        if (request.linkId && state.usedLinks.includes(request.linkId))
          throw conflict('this acknowledgement link has already been used');
        return state;
      }
    },
  };
}
export type NotificationService = ReturnType<typeof notificationService>;
