import { createHash } from 'node:crypto';
import { WorkflowIdConflictPolicy, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { shortId } from '../domain/identifiers.ts';
import type { NoticeFacts, NotificationPolicy, NotificationState, NotificationStatus } from '../domain/victim-notification/notification-state.ts';
import {
  VICTIM_NOTIFICATION_WORKFLOW,
  acknowledgeNotification,
  correlationMemo,
  getNotificationState,
  type AcknowledgeRequest,
  type Traced,
  type VictimNotificationInput,
} from '../workflows/definitions.ts';
import { SA } from '../workflows/search-attributes.ts';
import { conflict } from './errors.ts';
import type { VictimContactService } from './victim-contact.ts';
import { listByVisibility, startOnce } from './workflow-calls.ts';

/** The notification id for a release event: derived from the event, so a repeated trigger finds the same one, and free of personal data. */
export const notificationIdFor = (eventKey: string): string => `VN-${shortId(createHash('sha256').update(eventKey).digest())}`;

/** Victim notifications: one workflow per release event, its one door. */
export function notificationService({ client, taskQueue, policy, registrations }: { client: Client; taskQueue: string; policy: NotificationPolicy; registrations: VictimContactService }) {
  const handle = (id: string) => client.workflow.getHandle(id);
  return {
    /**
     * Starts a notification for a release event for every victim's VLO (each on its own ladder,
     * acknowledged on its own), when he is in the Victim Contact Scheme: their ids, none when he is not.
     */
    async startFor(eventKey: string, facts: NoticeFacts, traced: Traced = {}): Promise<string[]> {
      const ids: string[] = [];
      for (const registration of await registrations.read(facts.prisonerNumber)) {
        // The first registration keeps the id an event had before there could be several.
        const id = notificationIdFor(registration.id === 'REG-FIRST' ? eventKey : `${eventKey}:${registration.id}`);
        // Once per event, even after it was acknowledged and finished: a retried start must not email again.
        await startOnce(client, VICTIM_NOTIFICATION_WORKFLOW, {
          workflowId: id,
          taskQueue,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          memo: correlationMemo(traced),
          args: [{ id, facts, registration: { vloEmail: registration.vloEmail, teamMailbox: registration.teamMailbox }, policy } satisfies VictimNotificationInput],
        });
        ids.push(id);
      }
      return ids;
    },

    read: (id: string): Promise<NotificationState> => handle(id).query(getNotificationState),

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
        const state = await handle(id).query(getNotificationState).catch(() => Promise.reject(err));
        if (!state.acknowledged) throw err;
        if (request.linkId && state.usedLinks.includes(request.linkId)) throw conflict('this acknowledgement link has already been used');
        return state;
      }
    },
  };
}
export type NotificationService = ReturnType<typeof notificationService>;
