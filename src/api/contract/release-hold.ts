import { z } from 'zod';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { reportReleaseInErrorSchema, returnedToCustodySchema } from '../../domain/incident/schemas.ts';
import { checklistRequestSchema } from '../../domain/release-hold/checklists.ts';
import {
  clearReasonSchema,
  flagStatusChangeSchema,
  overrideSchema as overrideRequestSchema,
  placeManualHoldSchema,
  recordReleaseSchema,
} from '../../domain/release-hold/schemas.ts';
import * as responses from './responses/release-hold.ts';
import { ALL_CASE_READERS, TAGS, prisonerParams, type Operation } from './shared.ts';

const holdReasonParams = z.object({
  prisonerNumber: prisonerNumberSchema,
  key: z.string().describe('The hold reason key, from ReleaseStatus.reasons'),
});
const authorisationParams = z.object({
  prisonerNumber: prisonerNumberSchema,
  id: z
    .string()
    .regex(/^AUTH-[A-Za-z0-9_-]{1,40}$/)
    .describe('The authorisation id, from completeChecklist'),
});

/** A prisoner’s release hold and its gate, served by routers/release-hold.ts (under /api/prisoners). */
export const RELEASE_HOLD_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/prisoners/{prisonerNumber}/release-status',
    operationId: 'getReleaseStatus',
    summary: 'The discharge gate: may this prisoner be released now?',
    tag: TAGS.holds,
    access: [...ALL_CASE_READERS, 'ESCORT_CONTRACTOR', 'PRISON_SYNC'],
    params: prisonerParams,
    success: [
      {
        status: 200,
        description: 'Whether he may be released, and every reason that stands',
        schema: responses.releaseStatusSchema,
      },
    ],
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
    success: [
      { status: 201, description: 'Recorded', schema: responses.releaseRecordSchema, location: 'The release status' },
    ],
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
    success: [
      {
        status: 201,
        description: 'Recorded: awaiting verification, or refused at check',
        schema: responses.authorisationSchema,
      },
    ],
    errors: [409, 422],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/authorisations/{id}/verify',
    operationId: 'verifyAuthorisation',
    summary: 'Verify a completed checklist (the second person): the release is then authorised for today',
    description:
      'By a different person of the holding prison from the one who completed it. Whoever verifies it may not also record the release.',
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
    success: [
      { status: 201, description: 'Placed; the release status after it', schema: responses.releaseStatusSchema },
    ],
    errors: [422],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/custodial-status-changes',
    operationId: 'flagCustodialStatusChange',
    summary: 'Flag a custodial-status change found by the Crown Court’s hourly check',
    description:
      'Keyed by the court case and the hearing that placed it (`hearingId`): the same hearing again is harmless, and once cleared is not placed again; a new hearing on the case (bail revoked, remanded again) holds again. Without `hearingId`, a flag while a reason on the case stands is harmless, and a flag after it was cleared holds again.',
    tag: TAGS.holds,
    access: ['COURT_RESULTS', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'],
    params: prisonerParams,
    body: flagStatusChangeSchema,
    success: [
      { status: 201, description: 'Flagged; the release status after it', schema: responses.releaseStatusSchema },
    ],
    errors: [422],
  },
  ...(['clear', 'progress'] as const).map((action): Operation => ({
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
  })),
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/overrides',
    operationId: 'overrideHold',
    summary: 'Duty governor override: allow one release despite the standing reasons',
    description:
      'Covers only the reasons standing now, lasts a limited time, and is used up by one release. Only a governor of the prison that holds him. A retry with the same Idempotency-Key returns the first override.',
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
        links: {
          getIncident: { operationId: 'getIncident', parameters: { id: '$response.body#/incidentId' } },
          closeIncident: { operationId: 'closeIncident', parameters: { id: '$response.body#/incidentId' } },
        },
      },
    ],
    errors: [422],
  },
  {
    method: 'post',
    path: '/api/prisoners/{prisonerNumber}/returned-to-custody',
    operationId: 'returnedToCustody',
    summary: 'Record that a released prisoner is back in custody',
    description:
      'At the time given (`returnedAt`), not the time it is typed in. The register brings him back to the establishment that released him; a return to another prison comes from the prison-system sync (RECEIVED).',
    tag: TAGS.incidents,
    access: ['PRISON_STAFF', 'DUTY_GOVERNOR'],
    params: prisonerParams,
    body: returnedToCustodySchema,
    success: [
      { status: 200, description: 'His releases and incidents after it', schema: responses.returnedToCustodySchema },
    ],
    errors: [409, 422],
  },
];
