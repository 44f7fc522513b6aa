import { z } from 'zod';
import type { Role } from '../../domain/actors.ts';
import { prisonerNumberSchema } from '../../domain/identifiers.ts';

/** What an operation of the table is (operations.ts joins them), and what several resources' operations share. */

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

export const prisonerParams = z.object({ prisonerNumber: prisonerNumberSchema });

export const ALL_CASE_READERS: Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'COURT_EXPERT', 'QUERY_UNIT_LEAD'];
export const VICTIM_ROLES: Role[] = ['VICTIM_LIAISON'];

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
