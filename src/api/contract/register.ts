import type { Role } from '../../domain/actors.ts';
import { prisonerRecordSchema, prisonerSearchSchema, syncMovementSchema } from '../../domain/register/schemas.ts';
import * as responses from './responses/register.ts';
import { TAGS, prisonerParams, type Operation } from './shared.ts';

/** The register is read by everyone who acts on prisoners; the prison-system sync writes it. */
const REGISTER_READERS: Role[] = [
  'PRISON_STAFF',
  'DUTY_GOVERNOR',
  'ESCORT_CONTRACTOR',
  'COURT_EXPERT',
  'QUERY_UNIT_LEAD',
  'PRISON_SYNC',
];

/** The prisoner register, served by routers/register.ts (under /api/prisoners). */
export const REGISTER_OPERATIONS: Operation[] = [
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
    description:
      'Where he is moves only forward in time: a record older than the register’s latest movement does not move him back. An unknown establishment is a 422.',
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
    description:
      'RECEIVED for someone the gate has as released (or at large after a release in error) is his return to custody, at the time given.',
    tag: TAGS.register,
    access: ['PRISON_SYNC'],
    params: prisonerParams,
    body: syncMovementSchema,
    success: [{ status: 200, description: 'The prisoner after the movement', schema: responses.prisonerSchema }],
    errors: [409, 422],
  },
];
