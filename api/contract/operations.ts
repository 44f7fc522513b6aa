import { z } from 'zod';
import type { Role } from '../../domain/actors.ts';
import { prisonCodeSchema, prisonerNumberSchema, queryReferenceSchema } from '../../domain/identifiers.ts';
import { closeIncidentSchema, reportReleaseInErrorSchema, returnedToCustodySchema } from '../../domain/incident/schemas.ts';
import { checklistRequestSchema } from '../../domain/release-hold/checklists.ts';
import { clearReasonSchema, flagStatusChangeSchema, overrideSchema as overrideRequestSchema, placeManualHoldSchema, recordReleaseSchema } from '../../domain/release-hold/schemas.ts';
import { prisonerRecordSchema, prisonerSearchSchema, syncMovementSchema } from '../../domain/register/schemas.ts';
import { rolesFor } from '../../domain/urgent-query/operations.ts';
import { OPERATION_SCHEMAS, raiseQuerySchema, type OperationName } from '../../domain/urgent-query/schemas.ts';
import { registrationSchema } from '../../domain/victim-notification/schemas.ts';
import { hearingResultSchema } from '../../domain/court/hearing.ts';
import * as requests from './requests.ts';
import * as responses from './responses.ts';

/**
 * Every operation the service offers, as data: path, roles, what it takes and what it answers.
 * The OpenAPI document and the reference page are generated from this table, the access test
 * checks the roles against the running API, and the conformance test checks every response.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface Success {
  status: 200 | 201 | 202 | 204 | 503;
  description: string;
  /** Absent for 204. */
  schema?: z.ZodType;
  /** JSON unless said otherwise. */
  contentType?: 'application/json' | 'text/html';
  /** Also offered as CSV (`?format=csv` or `Accept: text/csv`). */
  alsoCsv?: boolean;
  location?: string;
  /** OpenAPI links to the operations its answer leads to (the fuzzer's stateful phase follows them). */
  links?: Record<string, { operationId: string; parameters: Record<string, string> }>;
}

export interface Operation {
  method: HttpMethod;
  /** OpenAPI path template, e.g. /api/urgent-queries/{reference}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  /** Roles any one of which may call it; `public` needs no token, `link` is authorised by a signed link. */
  access: readonly Role[] | 'public' | 'link';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** Accepts an Idempotency-Key header. */
  idempotent?: boolean;
  success: Success[];
  /** Errors particular to this operation; the ones every operation of its kind can give are added for it. */
  errors?: number[];
}

export const TAGS = {
  register: 'Prisoner register',
  queries: 'Urgent queries',
  holds: 'Release holds',
  incidents: 'Releases in error',
  victims: 'Victim notification',
  court: 'Court results',
  reports: 'Reports',
  operations: 'Operations',
} as const;
export type Tag = (typeof TAGS)[keyof typeof TAGS];

const referenceParams = z.object({ reference: queryReferenceSchema });
const prisonerParams = z.object({ prisonerNumber: prisonerNumberSchema });
const holdReasonParams = z.object({ prisonerNumber: prisonerNumberSchema, key: z.string().describe('The hold reason key, from ReleaseStatus.reasons') });
const incidentParams = z.object({ id: requests.incidentIdSchema });
const authorisationParams = z.object({ prisonerNumber: prisonerNumberSchema, id: z.string().regex(/^AUTH-[A-Za-z0-9_-]{1,40}$/).describe('The authorisation id, from completeChecklist') });
const registrationParams = z.object({ prisonerNumber: prisonerNumberSchema, id: requests.registrationIdSchema });
const notificationParams = z.object({ id: requests.notificationIdSchema });
const hearingParams = z.object({ hearingId: z.uuid().describe('The hearing id as Common Platform gave it'), version: z.coerce.number().int().min(1).max(1_000_000) });

const ALL_CASE_READERS: Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'];
const INCIDENT_READERS: Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'QUERY_UNIT_LEAD'];
/** Leaders read the figures: the unit's lead nationally, prison staff and governors for their own prisons. */
export const REPORT_READERS: Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'QUERY_UNIT_LEAD'];
const SCOPED = 'Prison staff and duty governors see their own prisons’ figures; the unit’s lead sees every prison’s.';
const VICTIM_ROLES: Role[] = ['VICTIM_LIAISON'];
/** Reading any case's payloads in the Temporal Web UI: the unit's leads and those who run the service. */
const CODEC_ROLES: Role[] = ['QUERY_UNIT_LEAD', 'OPERATOR'];
/** The register is read by everyone who acts on prisoners; the prison-system sync writes it. */
const REGISTER_READERS: Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'ESCORT_CONTRACTOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD', 'PRISON_SYNC'];

/** URL segment of each urgent-query operation, and what it is for. */
export const QUERY_OPERATION_PATHS: Record<string, { name: OperationName; summary: string }> = {
  claim: { name: 'claim', summary: 'Claim the query for yourself' },
  reassign: { name: 'reassign', summary: 'Give the query to another court expert' },
  'request-information': { name: 'requestInformation', summary: 'Ask the prison for information (pauses the clock)' },
  'provide-information': { name: 'provideInformation', summary: 'Answer the unit’s request (restarts the clock)' },
  resolve: { name: 'resolve', summary: 'Answer the query with a determination and its evidence' },
  acknowledge: { name: 'acknowledge', summary: 'Acknowledge the answer, closing the query' },
  withdraw: {
    name: 'withdraw',
    summary: 'Withdraw the query: the unit’s team leader with a written reason (20+ characters); the prison only a query it raised, and only once a duty governor confirms',
  },
  'confirm-withdrawal': { name: 'confirmWithdrawal', summary: 'A duty governor of the prison, not the one who asked, confirms the prison’s withdrawal in writing (20+ characters)' },
  notes: { name: 'addNote', summary: 'Add a note to the timeline' },
  'planned-release': { name: 'updatePlannedRelease', summary: 'Change the planned release (recomputes urgency and deadlines)' },
  'acknowledge-escalation': { name: 'acknowledgeEscalation', summary: 'Acknowledge an escalation, stopping its alerts' },
};

const queryOperations: Operation[] = Object.entries(QUERY_OPERATION_PATHS).map(([segment, { name, summary }]) => ({
  method: 'post',
  path: `/api/urgent-queries/{reference}/${segment}`,
  operationId: name,
  summary,
  tag: TAGS.queries,
  access: rolesFor(name),
  params: referenceParams,
  body: OPERATION_SCHEMAS[name],
  success: [{ status: 200, description: 'The query after the operation', schema: responses.urgentQuerySchema }],
  // A note or request for information past the query's limit, or a date outside the sane window, is a 422.
  errors: ['addNote', 'requestInformation', 'updatePlannedRelease', 'resolve', 'withdraw', 'confirmWithdrawal'].includes(name) ? [409, 422] : [409],
}));

export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/urgent-queries',
    operationId: 'raiseQuery',
    summary: 'Raise an urgent warrant query',
    description:
      'Starts the query workflow. Its urgency and deadlines come from the planned release. Every open query holds the prisoner: `201` is answered only once his release hold holds the query’s reason, so a release sent the instant after it is refused. The prisoner must be on the raising prison’s roll in the register (for someone released, the prison that released him), else 422.',
    tag: TAGS.queries,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
    body: raiseQuerySchema,
    idempotent: true,
    success: [
      {
        status: 201,
        description: 'Raised, and holding the prisoner',
        schema: responses.raisedQuerySchema,
        location: 'The query',
        links: Object.fromEntries(
          ['getQuery', 'claim', 'reassign', 'requestInformation', 'provideInformation', 'resolve', 'acknowledge', 'withdraw', 'confirmWithdrawal', 'addNote', 'updatePlannedRelease', 'acknowledgeEscalation'].map((operationId) => [
            operationId,
            { operationId, parameters: { reference: '$response.body#/reference' } },
          ]),
        ),
      },
    ],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/urgent-queries',
    operationId: 'listQueue',
    summary: 'The query unit’s queue, ordered by deadline',
    description: 'Filters combine with AND. Prison users see only their caseload. Lists come from Temporal visibility and are eventually consistent; a single read is not.',
    tag: TAGS.queries,
    access: ALL_CASE_READERS,
    query: requests.queueFilterSchema,
    success: [{ status: 200, description: 'A page of the queue', schema: responses.queuePageSchema }],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/urgent-queries/{reference}',
    operationId: 'getQuery',
    summary: 'Read one query',
    description: 'Read from the workflow itself: always current. A query of a prison outside your caseload is a 404.',
    tag: TAGS.queries,
    access: ALL_CASE_READERS,
    params: referenceParams,
    success: [{ status: 200, description: 'The query', schema: responses.urgentQuerySchema }],
  },
  ...queryOperations,
  {
    method: 'get',
    path: '/api/prisoners',
    operationId: 'searchPrisoners',
    summary: 'Search the prisoner register: by number, by PNC, or by name and date of birth (aliases included)',
    description: 'Prison users see only prisoners their caseload’s establishments hold (or last held).',
    tag: TAGS.register,
    access: REGISTER_READERS,
    query: prisonerSearchSchema,
    success: [{ status: 200, description: 'Matching prisoners', schema: responses.prisonerListSchema }],
  },
  {
    method: 'get',
    path: '/api/prisoners/{prisonerNumber}',
    operationId: 'getPrisoner',
    summary: 'One prisoner in the register, with his aliases',
    description: 'A prisoner held outside a prison user’s caseload is a 404.',
    tag: TAGS.register,
    access: REGISTER_READERS,
    params: prisonerParams,
    success: [{ status: 200, description: 'The prisoner', schema: responses.prisonerSchema }],
  },
  {
    method: 'put',
    path: '/api/prisoners/{prisonerNumber}',
    operationId: 'writePrisoner',
    summary: 'The prison-system sync writes a prisoner’s record as NOMIS holds it',
    description: 'Where he is moves only forward in time: a record older than the register’s latest movement does not move him back. An unknown establishment is a 422.',
    tag: TAGS.register,
    access: ['PRISON_SYNC'],
    params: prisonerParams,
    body: prisonerRecordSchema,
    success: [
      { status: 200, description: 'Updated', schema: responses.prisonerSchema },
      { status: 201, description: 'Added to the register', schema: responses.prisonerSchema },
    ],
    errors: [422],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/movements',
    operationId: 'recordSyncMovement',
    summary: 'The prison-system sync reports a movement: RECEIVED into a prison, or TRANSFERRED to another',
    description: 'RECEIVED for someone the gate has as released (or at large after a release in error) is his return to custody, at the time given.',
    tag: TAGS.register,
    access: ['PRISON_SYNC'],
    params: prisonerParams,
    body: syncMovementSchema,
    success: [{ status: 200, description: 'The prisoner after the movement', schema: responses.prisonerSchema }],
    errors: [409, 422],
  },
  {
    method: 'get',
    path: '/api/prisoners/{prisonerNumber}/release-status',
    operationId: 'getReleaseStatus',
    summary: 'The discharge gate: may this prisoner be released now?',
    tag: TAGS.holds,
    access: [...ALL_CASE_READERS, 'ESCORT_CONTRACTOR', 'PRISON_SYNC'],
    params: prisonerParams,
    success: [{ status: 200, description: 'Whether he may be released, and every reason that stands', schema: responses.releaseStatusSchema }],
  },
  {
    method: 'get',
    path: '/api/prisoners/{prisonerNumber}/hold',
    operationId: 'getHold',
    summary: 'The whole release hold: reasons, overrides, releases and its audit',
    tag: TAGS.holds,
    access: ALL_CASE_READERS,
    params: prisonerParams,
    success: [{ status: 200, description: 'The hold', schema: responses.holdSchema }],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/releases',
    operationId: 'recordRelease',
    summary: 'Record a release or other movement',
    description:
      'A release out of custody is refused (409, with the standing `reasons`) while any reason stands that no usable override covers; the refusal itself is recorded in the hold and as a `release-guard.release.prevented` event, and a retry with the same Idempotency-Key is refused again. Movements that leave HMPPS custody pass the gate: `RELEASED`, `RELEASED_FROM_COURT` (the escort contractor at court; the only movement its staff may record), `TEMPORARY_ABSENCE_RELEASE`, `RELEASED_TO_HOSPITAL` and `HANDED_TO_IMMIGRATION` (immigration detention, or removal under the Early Removal Scheme). `SENT_TO_COURT` and `TRANSFERRED` are recorded but not gated; a transfer names `toPrisonCode` and moves him in the register. A `releasedAt` in the future, or more than a year ago, is a 422, as is a `prisonCode` that disagrees with the register.',
    tag: TAGS.holds,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'ESCORT_CONTRACTOR'],
    params: prisonerParams,
    body: recordReleaseSchema,
    idempotent: true,
    success: [{ status: 201, description: 'Recorded', schema: responses.releaseRecordSchema, location: 'The release status' }],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/prisons/{prisonCode}/discharge-desk',
    operationId: 'getDischargeDesk',
    summary: 'The discharge desk: everyone the register says leaves this prison today or tomorrow, and where each stands',
    description:
      'Each with its state: RELEASED (today), HELD (with the reasons and their owners), REFUSED_AT_CHECK, AWAITING_CHECKLIST, AWAITING_VERIFICATION or AUTHORISED; in the order they leave. For the prison’s own staff and governors: another prison’s desk is a 404.',
    tag: TAGS.holds,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
    params: z.object({ prisonCode: prisonCodeSchema }),
    success: [{ status: 200, description: 'Today’s desk', schema: responses.dischargeDeskSchema }],
    errors: [422],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/authorisations',
    operationId: 'completeChecklist',
    summary: 'Complete the discharge checklist for a movement today (the first of two people)',
    description:
      'Every item of the movement’s checklist answered yes or no, with a note where no (the items are in the discharge checklists file, versioned). Any no is a release refused at check. Otherwise the authorisation awaits a second person of the prison. Bound to this prisoner, this movement, this prison, today (Europe/London) and his planned release: a new reason or a changed date voids it. A retry with the same Idempotency-Key returns the first.',
    tag: TAGS.holds,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
    params: prisonerParams,
    body: checklistRequestSchema,
    idempotent: true,
    success: [{ status: 201, description: 'Recorded: awaiting verification, or refused at check', schema: responses.authorisationSchema }],
    errors: [409, 422],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/authorisations/{id}/verify',
    operationId: 'verifyAuthorisation',
    summary: 'Verify a completed checklist (the second person): the release is then authorised for today',
    description: 'By a different person of the holding prison from the one who completed it. Whoever verifies it may not also record the release.',
    tag: TAGS.holds,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
    params: authorisationParams,
    success: [{ status: 200, description: 'The authorisation, verified', schema: responses.authorisationSchema }],
    errors: [409],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/holds',
    operationId: 'placeManualHold',
    summary: 'Place a manual hold',
    tag: TAGS.holds,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    params: prisonerParams,
    body: placeManualHoldSchema,
    idempotent: true,
    success: [{ status: 201, description: 'Placed; the release status after it', schema: responses.releaseStatusSchema }],
    errors: [422],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/custodial-status-changes',
    operationId: 'flagCustodialStatusChange',
    summary: 'Flag a custodial-status change found by the Crown Court’s hourly check',
    description: 'Keyed by the court case and the hearing that placed it (`hearingId`): the same hearing again is harmless, and once cleared is not placed again; a new hearing on the case (bail revoked, remanded again) holds again. Without `hearingId`, a flag while a reason on the case stands is harmless, and a flag after it was cleared holds again.',
    tag: TAGS.holds,
    access: ['COURT_RESULTS', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    params: prisonerParams,
    body: flagStatusChangeSchema,
    success: [{ status: 201, description: 'Flagged; the release status after it', schema: responses.releaseStatusSchema }],
    errors: [422],
  },
  ...(['clear', 'progress'] as const).map(
    (action): Operation => ({
      method: 'post',
      path: `/api/prisoners/{prisonerNumber}/holds/{key}/${action}`,
      operationId: `${action}HoldReason`,
      summary: action === 'clear' ? 'Clear a hold reason' : 'Record progress on a hold reason (resets its review timer)',
      description:
        action === 'clear'
          ? 'Only the reason’s owner removes it (docs/release-hold.md, Release authority): a manual hold by a different person of its owner (the holding prison, or the unit) from the one who placed it; a court change by the court roles; an open query’s reason, or a NOT_BEFORE date, only by the unit’s answer, or by a team leader with a written justification (20+ characters in `note`, else 422).'
          : undefined,
      tag: TAGS.holds,
      access: [...ALL_CASE_READERS, 'COURT_RESULTS'],
      params: holdReasonParams,
      body: clearReasonSchema,
      success: [{ status: 200, description: 'The release status after it', schema: responses.releaseStatusSchema }],
      errors: [422],
    }),
  ),
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/overrides',
    operationId: 'overrideHold',
    summary: 'Duty governor override: allow one release despite the standing reasons',
    description: 'Covers only the reasons standing now, lasts a limited time, and is used up by one release. Only a governor of the prison that holds him. A retry with the same Idempotency-Key returns the first override.',
    tag: TAGS.holds,
    access: ['DUTY_GOVERNOR'],
    params: prisonerParams,
    body: overrideRequestSchema,
    idempotent: true,
    success: [{ status: 201, description: 'Granted', schema: responses.overrideSchema }],
    errors: [409, 422],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/releases-in-error',
    operationId: 'reportReleaseInError',
    summary: 'Report a release in error found after the event',
    tag: TAGS.incidents,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR', 'ESCORT_CONTRACTOR', 'QUERY_UNIT_LEAD'],
    params: prisonerParams,
    body: reportReleaseInErrorSchema,
    idempotent: true,
    success: [
      {
        status: 201,
        description: 'The incident opened',
        schema: responses.incidentOpenedSchema,
        location: 'The incident',
        links: { getIncident: { operationId: 'getIncident', parameters: { id: '$response.body#/incidentId' } }, closeIncident: { operationId: 'closeIncident', parameters: { id: '$response.body#/incidentId' } } },
      },
    ],
    errors: [422],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/returned-to-custody',
    operationId: 'returnedToCustody',
    summary: 'Record that a released prisoner is back in custody',
    description: 'At the time given (`returnedAt`), not the time it is typed in. The register brings him back to the establishment that released him; a return to another prison comes from the prison-system sync (RECEIVED).',
    tag: TAGS.incidents,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
    params: prisonerParams,
    body: returnedToCustodySchema,
    success: [{ status: 200, description: 'His releases and incidents after it', schema: responses.returnedToCustodySchema }],
    errors: [409, 422],
  },
  {
    method: 'get',
    path: '/api/incidents',
    operationId: 'listIncidents',
    summary: 'Releases in error, newest first',
    tag: TAGS.incidents,
    access: INCIDENT_READERS,
    query: requests.incidentListQuerySchema,
    success: [{ status: 200, description: 'Incidents you may see', schema: responses.incidentListSchema }],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/incidents/counts',
    operationId: 'countIncidents',
    summary: 'Releases in error in a month, by prison, for the Justice Performance Board',
    tag: TAGS.incidents,
    access: ['QUERY_UNIT_LEAD'],
    query: requests.incidentCountsQuerySchema,
    success: [{ status: 200, description: 'Counts', schema: responses.incidentCountsSchema }],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/incidents/{id}',
    operationId: 'getIncident',
    summary: 'Read one incident',
    tag: TAGS.incidents,
    access: INCIDENT_READERS,
    params: incidentParams,
    success: [{ status: 200, description: 'The incident', schema: responses.incidentSchema }],
  },
  {
    method: 'post',
    path: '/api/incidents/{id}/close',
    operationId: 'closeIncident',
    summary: 'Close an incident with its cause',
    tag: TAGS.incidents,
    access: ['DUTY_GOVERNOR', 'QUERY_UNIT_LEAD'],
    params: incidentParams,
    body: closeIncidentSchema,
    success: [{ status: 200, description: 'The incident, closed', schema: responses.incidentSchema }],
    errors: [409],
  },
  {
    method: 'get',
    path: '/api/events',
    operationId: 'listEvents',
    summary: 'Domain events Release Guard has emitted, oldest first',
    tag: TAGS.operations,
    access: ['EVENT_READER', 'QUERY_UNIT_LEAD'],
    query: requests.eventsQuerySchema,
    success: [{ status: 200, description: 'The latest events', schema: responses.eventListSchema }],
  },
  {
    method: 'get',
    path: '/api/victim-contact/{prisonerNumber}',
    operationId: 'getVictimContact',
    summary: 'The prisoner’s Victim Contact Scheme registrations: one for each victim, each with their own VLO',
    tag: TAGS.victims,
    access: VICTIM_ROLES,
    params: prisonerParams,
    success: [{ status: 200, description: 'His registrations', schema: responses.registrationsViewSchema }],
  },
  {
    method: 'post',
    path: '/api/victim-contact/{prisonerNumber}/registrations',
    operationId: 'addVictimContactRegistration',
    summary: 'Register a victim’s Victim Liaison Officer for this prisoner',
    description: 'Holds the VLO, the team mailbox, the probation region and the basis of eligibility; never anything about the victim. A prisoner has at most 20.',
    tag: TAGS.victims,
    access: VICTIM_ROLES,
    params: prisonerParams,
    body: registrationSchema,
    idempotent: true,
    success: [{ status: 201, description: 'Registered', schema: responses.registrationEntrySchema, location: 'The registration' }],
    errors: [422],
  },
  {
    method: 'put',
    path: '/api/victim-contact/{prisonerNumber}/registrations/{id}',
    operationId: 'changeVictimContactRegistration',
    summary: 'Change a registration (a new VLO, a new mailbox)',
    tag: TAGS.victims,
    access: VICTIM_ROLES,
    params: registrationParams,
    body: registrationSchema,
    success: [{ status: 200, description: 'The registration', schema: responses.registrationEntrySchema }],
  },
  {
    method: 'delete',
    path: '/api/victim-contact/{prisonerNumber}/registrations/{id}',
    operationId: 'removeVictimContactRegistration',
    summary: 'Remove a registration; removing the last takes him out of the scheme',
    tag: TAGS.victims,
    access: VICTIM_ROLES,
    params: registrationParams,
    success: [{ status: 204, description: 'Removed' }],
  },
  {
    method: 'get',
    path: '/api/victim-notifications',
    operationId: 'listVictimNotifications',
    summary: 'Victim notifications, by status',
    tag: TAGS.victims,
    access: VICTIM_ROLES,
    query: requests.notificationListQuerySchema,
    success: [{ status: 200, description: 'Notifications', schema: responses.notificationListSchema }],
  },
  {
    method: 'get',
    path: '/api/victim-notifications/{id}',
    operationId: 'getVictimNotification',
    summary: 'Read one notification: deliveries, escalation and acknowledgement',
    tag: TAGS.victims,
    access: VICTIM_ROLES,
    params: notificationParams,
    success: [{ status: 200, description: 'The notification', schema: responses.notificationSchema }],
  },
  {
    method: 'post',
    path: '/api/victim-notifications/{id}/acknowledge',
    operationId: 'acknowledgeVictimNotification',
    summary: 'Acknowledge a notification, stopping its reminders',
    tag: TAGS.victims,
    access: ['VICTIM_LIAISON'],
    params: notificationParams,
    success: [{ status: 200, description: 'The notification, acknowledged', schema: responses.notificationSchema }],
    errors: [409],
  },
  {
    method: 'get',
    path: '/victim-notifications/acknowledge',
    operationId: 'showAcknowledgementLink',
    summary: 'The link in a notification email: shows a button, acknowledges nothing',
    description: 'GET never acknowledges, so a mail scanner following the link cannot acknowledge for anyone.',
    tag: TAGS.victims,
    access: 'link',
    query: requests.ackLinkSchema,
    success: [{ status: 200, description: 'A page with an acknowledge button', contentType: 'text/html' }],
    errors: [410],
  },
  {
    method: 'post',
    path: '/victim-notifications/acknowledge',
    operationId: 'acknowledgeByLink',
    summary: 'The button on that page: acknowledges the notification',
    description: 'A used link is a 409 and an expired one a 410.',
    tag: TAGS.victims,
    access: 'link',
    body: requests.ackLinkSchema,
    bodyType: 'application/x-www-form-urlencoded',
    success: [{ status: 200, description: 'A confirmation page', contentType: 'text/html' }],
    errors: [404, 409, 410],
  },
  ...(['decode', 'encode'] as const).map(
    (action): Operation => ({
      method: 'post',
      path: `/codec/${action}`,
      operationId: `${action}Payloads`,
      summary: action === 'decode' ? 'Decrypt Temporal payloads for the Web UI (remote codec)' : 'Encrypt Temporal payloads for the Web UI (remote codec)',
      description: 'Temporal’s remote codec protocol, so the Web UI can show case data to authorised staff while Temporal stores only ciphertext. CORS allows the origins in CODEC_CORS_ORIGINS. Every call is on the audit trail.',
      tag: TAGS.operations,
      access: CODEC_ROLES,
      body: requests.codecPayloadsSchema,
      success: [{ status: 200, description: action === 'decode' ? 'The payloads, decrypted' : 'The payloads, encrypted', schema: requests.codecPayloadsSchema }],
      errors: [422],
    }),
  ),
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This document',
    tag: TAGS.operations,
    access: 'public',
    success: [{ status: 200, description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.literal('3.1.0') }) }],
  },
  {
    method: 'get',
    path: '/api/docs',
    operationId: 'referencePage',
    summary: 'This document as a readable reference page',
    tag: TAGS.operations,
    access: 'public',
    success: [{ status: 200, description: 'HTML', contentType: 'text/html' }],
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    summary: 'Temporal, SMTP and the audit trail, one status each',
    description: 'No token needed. With an operator’s token (role OPERATOR) each component also gives the detail of a failure; a token sent must be valid. The SMTP check is reused for 30 seconds.',
    tag: TAGS.operations,
    access: 'public',
    errors: [401],
    success: [
      { status: 200, description: 'Everything is up', schema: responses.healthSchema },
      { status: 503, description: 'Something is down: see which', schema: responses.healthSchema },
    ],
  },
  {
    method: 'get',
    path: '/ping',
    operationId: 'ping',
    summary: 'Liveness',
    tag: TAGS.operations,
    access: 'public',
    success: [{ status: 200, description: 'Up', schema: responses.pingSchema }],
  },
  {
    method: 'get',
    path: '/info',
    operationId: 'info',
    summary: 'Version and commit',
    tag: TAGS.operations,
    access: 'public',
    success: [{ status: 200, description: 'Build information', schema: responses.infoSchema }],
  },
  {
    method: 'post',
    path: '/api/court-results/hearings',
    operationId: 'receiveHearingResult',
    summary: 'Receive a hearing’s results from the court-results feed',
    description:
      'Shaped after HMCTS Common Platform’s hearing events. Signed by the sender: the header `X-Court-Results-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the shared secret>`; a missing or wrong signature, or a timestamp more than 5 minutes from now, is 401 and nothing is kept. Idempotent on the hearing id and version: the same body again is 202 with `duplicate: true`, another body under them 409. A malformed hearing is kept with its errors for the unit (the problem’s `malformedId`) and answered 400 or 422. Each accepted version is matched and acted on by its own workflow (docs/court-results.md).',
    tag: TAGS.court,
    access: ['COURT_RESULTS'],
    body: hearingResultSchema,
    success: [{ status: 202, description: 'Kept; matching and action follow', schema: responses.courtReceiptSchema, location: 'The hearing version’s decisions' }],
    errors: [409, 422],
  },
  {
    method: 'get',
    path: '/api/court-results/attention',
    operationId: 'getCourtResultsAttention',
    summary: 'What waits for the unit: hearings that could not be read (with their errors), and defendants no one could be matched to',
    tag: TAGS.court,
    access: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    success: [{ status: 200, description: 'Newest first, at most 200 of each', schema: responses.courtAttentionSchema }],
  },
  {
    method: 'get',
    path: '/api/court-results/hearings/{hearingId}/versions/{version}',
    operationId: 'getHearingResult',
    summary: 'Read a hearing version: each defendant’s match decision, its explanation and what was done',
    tag: TAGS.court,
    access: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    params: hearingParams,
    success: [{ status: 200, description: 'The hearing version', schema: responses.storedHearingSchema }],
  },
  {
    method: 'get',
    path: '/api/inbox/triage',
    operationId: 'getInboxTriage',
    summary: 'Emails the smart inbox could not file: no identifiers, ambiguous, no confident match, unreadable, or too large',
    tag: TAGS.court,
    access: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    success: [{ status: 200, description: 'The triage queue, oldest first', schema: responses.inboxTriageSchema }],
  },
  {
    method: 'get',
    path: '/api/inbox/messages/{id}',
    operationId: 'getInboxMessage',
    summary: 'One email the inbox received: what was read from it, where it was filed and why, and its documents’ checksums',
    tag: TAGS.court,
    access: ['COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    params: z.object({ id: z.string().regex(/^[0-9a-f]{40}$/).describe('The message’s id (its checksum)') }),
    success: [{ status: 200, description: 'The message', schema: responses.inboxMessageSchema }],
  },
  {
    method: 'get',
    path: '/api/reports/releases-in-error',
    operationId: 'reportReleasesInError',
    summary: 'Releases in error by month of release, prison and cause, with financial-year totals and the change on the year before',
    description: `Incidents outside the official definition (an HMCTS administrative error, or a person never in HMPPS custody) are counted apart. Recent months rise as late-found cases are reported. ${SCOPED}`,
    tag: TAGS.reports,
    access: REPORT_READERS,
    query: requests.reportQuerySchema,
    success: [{ status: 200, description: 'The figures', schema: responses.releasesInErrorReportSchema, alsoCsv: true }],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/reports/urgent-queries',
    operationId: 'reportUrgentQueries',
    summary: 'Urgent queries handled by month, urgency and category; targets met; time to answer; breaches by escalation level; answered before the release',
    description: `Counted by the month a query was raised, once it has finished. ${SCOPED}`,
    tag: TAGS.reports,
    access: REPORT_READERS,
    query: requests.reportQuerySchema,
    success: [{ status: 200, description: 'The figures', schema: responses.urgentQueriesReportSchema, alsoCsv: true }],
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/reports/gate',
    operationId: 'reportGate',
    summary: 'Releases recorded at the discharge gate, releases it prevented by reason kind, and overrides with who authorised them',
    description: SCOPED,
    tag: TAGS.reports,
    access: REPORT_READERS,
    query: requests.reportQuerySchema,
    success: [{ status: 200, description: 'The figures', schema: responses.gateReportSchema, alsoCsv: true }],
    errors: [422],
  },
];

/**
 * The roles that may call an operation, for its router's `requireRole`: the table is the one place
 * an operation's roles are written. Throws at start-up for an operation that is not role-gated.
 */
export function rolesOf(operationId: string): Role[] {
  const access = OPERATIONS.find((op) => op.operationId === operationId)?.access;
  if (!Array.isArray(access)) throw new Error(`${operationId} is not an operation gated by role`);
  return [...access];
}

/** Every error status an operation can answer: its own, and those its shape implies. */
export function errorStatuses(op: Operation): number[] {
  const statuses = new Set(op.errors ?? []);
  if (Array.isArray(op.access)) [401, 403, 429].forEach((s) => statuses.add(s));
  if (op.body || op.query || op.idempotent || op.access === 'link') statuses.add(400);
  if (op.body) [413, 415].forEach((s) => statuses.add(s));
  if (op.params) statuses.add(404);
  if (op.idempotent) statuses.add(409);
  if (op.access !== 'public') [500, 503].forEach((s) => statuses.add(s));
  // Node's HTTP server answers 431 itself, before the app, to a URL or headers past 16 kB.
  if (op.query || op.access === 'link') statuses.add(431);
  return [...statuses].sort((a, b) => a - b);
}
