import { z } from 'zod';
import type { Role } from '../../domain/actors.ts';
import { closeIncidentSchema } from '../../domain/incident/schemas.ts';
import * as requests from './requests.ts';
import * as responses from './responses/incident.ts';
import { TAGS, type Operation } from './shared.ts';

const incidentParams = z.object({ id: requests.incidentIdSchema });
const INCIDENT_READERS: Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'QUERY_UNIT_LEAD'];

/** Releases in error, served by routers/incidents.ts. */
export const INCIDENT_OPERATIONS: Operation[] = [
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
];
