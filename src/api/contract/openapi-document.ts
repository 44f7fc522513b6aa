import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { OPERATIONS } from './operations.ts';
import { idempotencyKeySchema } from './requests.ts';
import { problemSchema } from './responses/problem.ts';
import { TAGS, errorStatuses, type Operation } from './shared.ts';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const ERROR_MEANING: Record<number, string> = {
  400: 'The request is malformed: `errors` names each bad field',
  401: 'No valid bearer token',
  403: 'Your role may not do this, or the prison is not in your caseload',
  404: 'Not found, or not in your caseload (which is deliberately the same answer)',
  409: 'Conflicts with the case’s state, or an Idempotency-Key reused with a different body',
  410: 'The link has expired',
  413: 'The body is too large',
  415: 'The body is not JSON',
  422: 'Understood, but the workflow will not apply it',
  429: 'Too many requests: try again in a minute',
  431: 'The URL or the headers are too long (over 16 kB): answered by the HTTP server, with no body',
  500: 'Something went wrong on our side; it has been logged',
  503: 'A part of Release Guard (Temporal, the register’s database, the audit trail) cannot be reached just now: nothing was changed; try again shortly',
};

const problem = (status: number): ResponseConfig =>
  // 431 comes from Node's HTTP server before the app sees the request: no body.
  status === 431
    ? { description: ERROR_MEANING[status]! }
    : {
        description: ERROR_MEANING[status] ?? 'An error',
        content: { 'application/problem+json': { schema: problemSchema } },
      };

function describeAccess(op: Operation): string {
  if (op.access === 'public') return 'No token needed.';
  if (op.access === 'link') return 'No bearer token: the signed token in the emailed link is the credential.';
  return `Roles: ${op.access.join(', ')}.`;
}

function routeConfig(op: Operation): RouteConfig {
  const responses: Record<number, ResponseConfig> = {};
  for (const s of op.success) {
    responses[s.status] = {
      description: s.description,
      ...(s.schema
        ? {
            content: {
              [s.contentType ?? 'application/json']: { schema: s.schema },
              ...(s.alsoCsv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
            },
          }
        : s.contentType
          ? { content: { [s.contentType]: { schema: { type: 'string' } } } }
          : {}),
      ...(s.location ? { headers: { Location: { description: s.location, schema: { type: 'string' } } } } : {}),
      ...(s.links ? { links: s.links } : {}),
    };
  }
  for (const status of errorStatuses(op)) responses[status] ??= problem(status);
  return {
    method: op.method,
    path: op.path,
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, describeAccess(op)].filter(Boolean).join('\n\n'),
    tags: [op.tag],
    security: Array.isArray(op.access) ? [{ hmppsAuth: [] }] : [],
    'x-roles': Array.isArray(op.access) ? [...op.access] : op.access,
    request: {
      ...(op.params ? { params: op.params } : {}),
      ...(op.query ? { query: op.query } : {}),
      ...(op.idempotent ? { headers: z.object({ 'Idempotency-Key': idempotencyKeySchema.optional() }) } : {}),
      ...(op.body
        ? { body: { required: true, content: { [op.bodyType ?? 'application/json']: { schema: op.body } } } }
        : {}),
    },
    responses,
  };
}

const DESCRIPTION = `Release Guard helps prisons in England and Wales stop releasing people in error: urgent warrant queries answered by the query unit, one release hold per prisoner that the discharge desk asks before every release, and Victim Liaison Officers told first when a prisoner is released or released in error.

**Authentication.** Send \`Authorization: Bearer <JWT>\`, a token from HMPPS Auth (or, locally, \`npm run token\`). Roles come from \`authorities\`, the user from \`user_name\`, and the prison caseload from its own claim. Prison roles see only their caseload: another prison's case is a 404.

**Errors** are \`application/problem+json\` (RFC 9457). Unknown fields are rejected.

**Correlation.** Send \`X-Correlation-Id\` to have it carried into logs, the audit trail and the case's workflow memo; every response returns it.

**Consistency.** Single reads come from the case's workflow and are current. Lists come from Temporal visibility and are eventually consistent: a change shows in a list a second or so later.`;

/** The OpenAPI 3.1 document, generated from the operation table and its zod schemas. */
export function buildOpenApiDocument(info: { version: string }): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'hmppsAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An HMPPS Auth token: roles in `authorities`, user in `user_name`, caseload in the configured claim.',
  });
  for (const op of OPERATIONS) registry.registerPath(routeConfig(op));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Release Guard API',
      version: info.version,
      description: DESCRIPTION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: Object.values(TAGS).map((name) => ({ name })),
  });
}
