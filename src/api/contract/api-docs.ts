import { z } from 'zod';
import { TAGS, type Operation } from './shared.ts';

/** This document and its reference page, served by routers/api-docs.ts. */
export const API_DOCS_OPERATIONS: Operation[] = [
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
];
