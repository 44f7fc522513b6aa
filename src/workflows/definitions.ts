import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/actors.ts';
import type { IncidentFacts, IncidentOperation, IncidentState } from '../domain/incident/incident-state.ts';
import type { HoldOperation, HoldOutcome } from '../domain/release-hold/hold-operations.ts';
import type { HoldPolicy, HoldState } from '../domain/release-hold/hold-state.ts';
import type { QueryPolicy } from '../domain/urgent-query/policy.ts';
import type { InboxDocumentEntry, QueryState } from '../domain/urgent-query/query-state.ts';
import type {
  NoticeFacts,
  NotificationPolicy,
  NotificationState,
} from '../domain/victim-notification/notification-state.ts';
import type { PreReleaseRule, ReleaseDateNotices } from '../domain/victim-notification/release-dates.ts';
import type {
  Registration,
  RegistrationEntry,
  RegistrationOperation,
} from '../domain/victim-notification/vocabulary.ts';
import type { OperationInput, OperationName, RaiseQuery } from '../domain/urgent-query/schemas.ts';

/**
 * Each workflow's name, id, input, updates and queries: everything the API, the services and the
 * activities need to talk to a workflow, and the only part of src/workflows/ they import.
 * Every update carries the acting user so the workflow's validator can judge who may do what.
 */

/** The API request behind a change: its correlation id travels into memos and onward cases. */
export interface Traced {
  correlationId?: string;
}
/** The memo a case starts with: the request that opened it. */
export const correlationMemo = ({ correlationId }: Traced): Record<string, string> =>
  correlationId ? { correlationId } : {};

// ---- urgent queries -----------------------------------------------------------------------------

export const URGENT_QUERY_WORKFLOW = 'urgentQuery';

/** The patch level new cases start at: they take every patch folded into it without a marker. */
export const PATCH_LEVEL = 4;

export interface UrgentQueryInput {
  reference: string;
  raise: RaiseQuery;
  raisedBy: Actor;
  /** The policy the query was raised under; it travels with the query for its whole life. */
  policy: QueryPolicy;
  /** Set only when the workflow continues as new. */
  state?: QueryState;
  /** Continue as new once history passes this many events (the server's own suggestion also counts). */
  historyEventLimit?: number;
  /** The patch level the case was started at (see `patchesAt`); absent on cases started before levels. */
  patchLevel?: number;
}

export interface OperationRequest<N extends OperationName> extends Traced {
  actor: Actor;
  input: OperationInput<N>;
  /** Where the register holds him now: a case follows the prisoner, so this decides whose caseload reaches it. */
  heldAt?: string;
}

/**
 * What a query's update answers: enough to know it applied. The caller reads the query afterwards if
 * it wants the whole of it; update results are kept in history, and a whole query per update (its
 * timeline with up to 200 notes of 4,000 characters) would soon fill it.
 */
export interface QueryAck {
  reference: string;
  status: QueryState['status'];
  holdConfirmed?: boolean;
}

const operation = <N extends OperationName>(name: N) => defineUpdate<QueryAck, [OperationRequest<N>]>(name);

export const queryUpdates = {
  claim: operation('claim'),
  reassign: operation('reassign'),
  requestInformation: operation('requestInformation'),
  provideInformation: operation('provideInformation'),
  resolve: operation('resolve'),
  acknowledge: operation('acknowledge'),
  withdraw: operation('withdraw'),
  confirmWithdrawal: operation('confirmWithdrawal'),
  addNote: operation('addNote'),
  updatePlannedRelease: operation('updatePlannedRelease'),
  acknowledgeEscalation: operation('acknowledgeEscalation'),
} satisfies { [N in OperationName]: ReturnType<typeof operation<N>> };

/**
 * Sent with the query's start (update-with-start): completes once the prisoner's release hold holds
 * the query's reason, so `201` means the gate already knows. A retry with a different request is refused.
 */
export interface RaisedRequest extends Traced {
  raise: RaiseQuery;
}
export const queryRaised = defineUpdate<QueryAck, [RaisedRequest]>('queryRaised');

export const getQueryState = defineQuery<QueryState>('getQueryState');

/** A document the smart inbox filed on the query's prisoner (a signal: the inbox waits on no one's query). */
export const inboxDocumentFiled = defineSignal<[InboxDocumentEntry]>('inboxDocumentFiled');

// ---- release holds ------------------------------------------------------------------------------

export const RELEASE_HOLD_WORKFLOW = 'releaseHold';
export const holdWorkflowId = (prisonerNumber: string): string => `RH-${prisonerNumber}`;

export interface ReleaseHoldInput {
  prisonerNumber: string;
  policy: HoldPolicy;
  state?: HoldState;
  historyEventLimit?: number;
  /** With nothing about it mattering for this long, the hold closes; the next reason starts it again. */
  idleCloseAfterMinutes?: number;
  /** The patch level the hold was started at (see `patchesAt`); absent on holds started before levels. */
  patchLevel?: number;
}

export interface HoldRequest extends Traced {
  actor: Actor;
  op: HoldOperation;
}
export const holdOperation = defineUpdate<HoldOutcome, [HoldRequest]>('holdOperation');
export const getHoldState = defineQuery<HoldState>('getHoldState');

// ---- releases in error --------------------------------------------------------------------------

export const RELEASE_IN_ERROR_WORKFLOW = 'releaseInErrorIncident';

export interface IncidentInput extends IncidentFacts, Traced {
  /** How often the incident escalates while open (a day by default). */
  escalateEveryMinutes?: number;
}

export interface IncidentRequest extends Traced {
  actor: Actor;
  op: IncidentOperation;
}
export const incidentOperation = defineUpdate<IncidentState, [IncidentRequest]>('incidentOperation');
export const getIncidentState = defineQuery<IncidentState>('getIncidentState');

// ---- victim contact scheme and victim notifications ---------------------------------------------

export const VICTIM_CONTACT_WORKFLOW = 'victimContactRegistration';
/**
 * A prisoner's registrations live under an opaque id (a keyed hash of his number, made by the
 * service): an id like VCS-A1234BC would tell anyone who can list workflows that he is in the scheme.
 */
export const registrationWorkflowId = (opaque: string): string => `VCS-${opaque}`;

export interface RegistrationsInput {
  registrations?: RegistrationEntry[];
  /** Before several registrations per prisoner: the one registration. */
  registration?: Registration | null;
}

export interface RegistrationOperationRequest extends Traced {
  actor: Actor;
  op: RegistrationOperation;
}
export const registrationOperation = defineUpdate<RegistrationEntry[], [RegistrationOperationRequest]>(
  'registrationOperation',
);
export const getRegistrations = defineQuery<RegistrationEntry[]>('getRegistrations');

/** Before several registrations per prisoner: kept so runs started then still replay and answer. */
export interface RegistrationRequest extends Traced {
  actor: Actor;
  registration: Registration | null;
}
export const setRegistration = defineUpdate<Registration | null, [RegistrationRequest]>('setRegistration');
export const getRegistration = defineQuery<Registration | null>('getRegistration');

export const VICTIM_NOTIFICATION_WORKFLOW = 'victimNotification';

export interface VictimNotificationInput {
  id: string;
  facts: NoticeFacts;
  registration: Pick<Registration, 'vloEmail' | 'teamMailbox'>;
  policy: NotificationPolicy;
}

export interface AcknowledgeRequest extends Traced {
  actor: Actor;
  /** The id of the emailed link used, when acknowledged by link. */
  linkId?: string;
}
export const acknowledgeNotification = defineUpdate<NotificationState, [AcknowledgeRequest]>('acknowledgeNotification');
export const getNotificationState = defineQuery<NotificationState>('getNotificationState');

export const RELEASE_DATE_NOTICES_WORKFLOW = 'vloReleaseDateNotices';
/** Like his registrations, under an opaque id: a prisoner number here would say he is in the scheme. */
export const releaseDateNoticesWorkflowId = (opaque: string): string => `VRD-${opaque}`;
export interface ReleaseDateNoticesInput {
  prisonerNumber: string;
  /** Set only when the workflow continues as new. */
  state?: ReleaseDateNotices;
}
/** A planned release written for him (register sync, a query's answer), with the reminder rule in force. */
export interface ReleaseDateWritten {
  plannedRelease: string;
  prisonCode: string;
  rule: PreReleaseRule;
  /** A VLO registered since: the current date's notice again, which reaches only the new VLO. */
  retell?: boolean;
}
export const releaseDateWritten = defineSignal<[ReleaseDateWritten]>('releaseDateWritten');
export const getReleaseDateNotices = defineQuery<ReleaseDateNotices>('getReleaseDateNotices');

// ---- court results ------------------------------------------------------------------------------

export const COURT_HEARING_WORKFLOW = 'courtHearing';
/** One workflow per hearing version: receipt to action, nothing lost between. */
export const courtHearingWorkflowId = (hearingId: string, version: number): string => `CH-${hearingId}-${version}`;

export interface HearingRef {
  hearingId: string;
  version: number;
}

/** A matched defendant whose custodial status the results change. */
export interface CourtChange {
  defendantId: string;
  caseUrn: string;
  prisonerNumber: string;
  direction: 'INTO_CUSTODY' | 'OUT_OF_CUSTODY';
  label: string;
  courtCode: string;
  courtName: string;
  /** A possible match: the unit confirms who he is before anything is settled (the best candidate, the others). */
  review?: { score: number; candidates: string[] };
  /**
   * The hearing's first change for this prisoner this way: it tells people. Later ones (his other
   * cases in the same hearing) act without another email, so one hearing cannot flood a mailbox.
   */
  first: boolean;
}

export const COURT_RECONCILIATION_WORKFLOW = 'courtResultsReconciliation';
/** The hourly schedule's id, and its runs' (the schedule appends the time). */
export const COURT_SCHEDULE_ID = 'court-results-hourly';

export interface CourtPullSummary {
  since: string;
  until: string;
  pulled: number;
  accepted: number;
  duplicates: number;
  /** Another body under a version already kept. */
  conflicts: number;
  malformed: number;
  /** Of those pulled and readable, Crown Court hearings. */
  crown: number;
}

// ---- the smart inbox ----------------------------------------------------------------------------

export const INBOX_MESSAGE_WORKFLOW = 'inboxMessage';
/** One workflow per message kept, by its checksum: read, match, file, tell. */
export const inboxWorkflowId = (messageId: string): string => `IM-${messageId}`;
export const INBOX_POLL_WORKFLOW = 'inboxMailboxPoll';
export const INBOX_SCHEDULE_ID = 'inbox-mailbox-poll';

/** One per prisoner while inbox filings for him are being told to his prison: at most one email a window, with a count. */
export const INBOX_NOTICE_WORKFLOW = 'inboxPrisonNotice';
export const inboxNoticeWorkflowId = (prisonerNumber: string): string => `IN-${prisonerNumber}`;
export interface InboxNoticeInput {
  prisonerNumber: string;
  /** The shortest time between two emails to his prison. */
  everyMinutes: number;
  /** Filings not yet told, carried over a continue-as-new. */
  pending?: number;
}
/** A message was filed on him: the notice workflow counts it. */
export const inboxFiled = defineSignal<[string]>('inboxFiled');
