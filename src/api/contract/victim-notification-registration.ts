import { z } from 'zod';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';
import { registrationSchema } from '../../domain/victim-notification/schemas.ts';
import * as requests from './requests.ts';
import * as responses from './responses/victim-notification-registration.ts';
import { TAGS, VICTIM_ROLES, prisonerParams, type Operation } from './shared.ts';

const registrationParams = z.object({ prisonerNumber: prisonerNumberSchema, id: requests.registrationIdSchema });

/** The Victim Contact Scheme’s registrations, served by routers/victim-contact.ts. */
export const VICTIM_CONTACT_OPERATIONS: Operation[] = [
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
    description:
      'Holds the VLO, the team mailbox, the probation region and the basis of eligibility; never anything about the victim. A prisoner has at most 20.',
    tag: TAGS.victims,
    access: VICTIM_ROLES,
    params: prisonerParams,
    body: registrationSchema,
    idempotent: true,
    success: [
      {
        status: 201,
        description: 'Registered',
        schema: responses.registrationEntrySchema,
        location: 'The registration',
      },
    ],
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
];
