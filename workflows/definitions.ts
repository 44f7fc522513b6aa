import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/actors.ts';
import type { IncidentOperation, IncidentState } from '../domain/incident/incident-state.ts';
import type { HoldOperation, HoldState } from '../domain/release-hold/hold-state.ts';
import type { QueryState } from '../domain/urgent-query/query-state.ts';
import type { NotificationState } from '../domain/victim-notification/notification-state.ts';
import type { Registration } from '../domain/victim-notification/registration.ts';
import type { OperationInput, OperationName } from '../domain/urgent-query/schemas.ts';

/**
 * Signals, updates and queries: the only part of workflow code the API imports.
 * Every update carries the acting user so the workflow's validator can judge who may do what.
 */
/** The API request behind a change: its correlation id travels into memos and onward cases. */
export interface Traced {
  correlationId?: string;
}
/** The memo a case starts with: the request that opened it. */
export const correlationMemo = ({ correlationId }: Traced): Record<string, string> => (correlationId ? { correlationId } : {});

export interface OperationRequest<N extends OperationName> extends Traced {
  actor: Actor;
  input: OperationInput<N>;
}

const operation = <N extends OperationName>(name: N) => defineUpdate<QueryState, [OperationRequest<N>]>(name);

export const queryUpdates = {
  claim: operation('claim'),
  reassign: operation('reassign'),
  requestInformation: operation('requestInformation'),
  provideInformation: operation('provideInformation'),
  resolve: operation('resolve'),
  acknowledge: operation('acknowledge'),
  withdraw: operation('withdraw'),
  addNote: operation('addNote'),
  updatePlannedRelease: operation('updatePlannedRelease'),
  acknowledgeEscalation: operation('acknowledgeEscalation'),
} satisfies { [N in OperationName]: ReturnType<typeof operation<N>> };

export const getQueryState = defineQuery<QueryState>('getQueryState');

export const URGENT_QUERY_WORKFLOW = 'urgentQuery';

// ---- release hold and release-in-error incidents ------------------------------------------------

export interface HoldRequest extends Traced {
  actor: Actor;
  op: HoldOperation;
}
export const holdOperation = defineUpdate<HoldState, [HoldRequest]>('holdOperation');
export const getHoldState = defineQuery<HoldState>('getHoldState');
export const RELEASE_HOLD_WORKFLOW = 'releaseHold';
export const holdWorkflowId = (prisonerNumber: string): string => `RH-${prisonerNumber}`;

export interface IncidentRequest extends Traced {
  actor: Actor;
  op: IncidentOperation;
}
export const incidentOperation = defineUpdate<IncidentState, [IncidentRequest]>('incidentOperation');
export const getIncidentState = defineQuery<IncidentState>('getIncidentState');
export const RELEASE_IN_ERROR_WORKFLOW = 'releaseInErrorIncident';

/** The actor Release Guard itself acts as, when one workflow changes another. */
export const SYSTEM_ACTOR: Actor = { username: 'release-guard', roles: ['SYSTEM'], caseload: [] };

// ---- victim contact scheme and victim notifications ---------------------------------------------

export interface RegistrationRequest extends Traced {
  actor: Actor;
  registration: Registration | null;
}
export const setRegistration = defineUpdate<Registration | null, [RegistrationRequest]>('setRegistration');
export const getRegistration = defineQuery<Registration | null>('getRegistration');
export const VICTIM_CONTACT_WORKFLOW = 'victimContactRegistration';
export const registrationWorkflowId = (prisonerNumber: string): string => `VCS-${prisonerNumber}`;

export interface AcknowledgeRequest extends Traced {
  actor: Actor;
  /** The id of the emailed link used, when acknowledged by link. */
  linkId?: string;
}
export const acknowledgeNotification = defineUpdate<NotificationState, [AcknowledgeRequest]>('acknowledgeNotification');
export const getNotificationState = defineQuery<NotificationState>('getNotificationState');
export const VICTIM_NOTIFICATION_WORKFLOW = 'victimNotification';
