import * as responses from './responses/health.ts';
import { TAGS, type Operation } from './shared.ts';

/** Health, liveness and build information, served by routers/health.ts. */
export const HEALTH_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    summary: 'Temporal, SMTP and the audit trail, one status each',
    description:
      'No token needed. With an operator’s token (role OPERATOR) each component also gives the detail of a failure; a token sent must be valid. The SMTP check is reused for 30 seconds.',
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
];
