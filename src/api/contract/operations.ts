import type { Role } from '../../domain/actors.ts';
import { API_DOCS_OPERATIONS } from './api-docs.ts';
import { CODEC_OPERATIONS } from './codec.ts';
import { COURT_RESULT_OPERATIONS } from './court-results.ts';
import { DISCHARGE_DESK_OPERATIONS } from './release-hold-discharge-desk.ts';
import { EVENT_OPERATIONS } from './events.ts';
import { HEALTH_OPERATIONS } from './health.ts';
import { INBOX_OPERATIONS } from './inbox.ts';
import { INCIDENT_OPERATIONS } from './incident.ts';
import { REGISTER_OPERATIONS } from './register.ts';
import { RELEASE_HOLD_OPERATIONS } from './release-hold.ts';
import { REPORT_OPERATIONS } from './reports.ts';
import type { Operation } from './shared.ts';
import { URGENT_QUERY_OPERATIONS } from './urgent-query.ts';
import { VICTIM_CONTACT_OPERATIONS } from './victim-notification-registration.ts';
import { VICTIM_NOTIFICATION_OPERATIONS } from './victim-notification.ts';

/** The discharge desk keeps its place in the table, after recording a release: the document's order is unchanged. */
const afterRecordRelease = RELEASE_HOLD_OPERATIONS.findIndex((op) => op.operationId === 'recordRelease') + 1;

/**
 * Every operation the service offers, as data: path, roles, what it takes and what it answers,
 * joined here from one file per resource, each named after its router in src/api/routers/.
 * The OpenAPI document and the reference page are generated from this table, the access test
 * checks the roles against the running API, and the conformance test checks every response.
 */
export const OPERATIONS: Operation[] = [
  ...URGENT_QUERY_OPERATIONS,
  ...REGISTER_OPERATIONS,
  ...RELEASE_HOLD_OPERATIONS.slice(0, afterRecordRelease),
  ...DISCHARGE_DESK_OPERATIONS,
  ...RELEASE_HOLD_OPERATIONS.slice(afterRecordRelease),
  ...INCIDENT_OPERATIONS,
  ...EVENT_OPERATIONS,
  ...VICTIM_CONTACT_OPERATIONS,
  ...VICTIM_NOTIFICATION_OPERATIONS,
  ...CODEC_OPERATIONS,
  ...API_DOCS_OPERATIONS,
  ...HEALTH_OPERATIONS,
  ...COURT_RESULT_OPERATIONS,
  ...INBOX_OPERATIONS,
  ...REPORT_OPERATIONS,
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
