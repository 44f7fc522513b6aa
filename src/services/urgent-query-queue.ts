import type { Client } from '@temporalio/client';
import type { Actor } from '../domain/actors.ts';
import { NATIONAL_ROLES } from '../domain/actors.ts';
import type { QueryStatus } from '../domain/urgent-query/vocabulary.ts';
import { URGENT_QUERY_WORKFLOW } from '../workflows/definitions.ts';
import { SA } from '../workflows/search-attributes.ts';
import { CaseError } from './errors.ts';
import { listByVisibility } from './workflow-calls.ts';

/** The queue's filters, as the API and the pages take them (validated before they get here). */
export interface QueueFilter {
  prisonCode?: string;
  status?: string;
  /** Any of these statuses (the pages' "open"); from the domain's own list, never the caller's text. */
  statuses?: readonly QueryStatus[];
  urgency?: string;
  category?: string;
  assignee?: string;
  prisonerNumber?: string;
  breached?: 'true' | 'false';
  pageSize: number;
  pageToken?: string;
}

/** The most a queue listing scans. SQL visibility cannot ORDER BY, so ordering happens here. */
export const QUEUE_SCAN_LIMIT = 1000;

/**
 * A visibility query over the typed search attributes. Every value has been validated against a
 * strict pattern first, so nothing the caller sends can change the query's shape. Prison users
 * only ever see their caseload: the restriction is part of the query, not a filter afterwards.
 */
export function queueQuery(
  filter: QueueFilter,
  actor: Actor,
  personRef: (prisonerNumber: string) => string,
): string | null {
  const clauses = [`WorkflowType = '${URGENT_QUERY_WORKFLOW}'`];
  const national = actor.roles.some((r) => NATIONAL_ROLES.includes(r));
  if (!national) {
    const prisons = filter.prisonCode
      ? actor.caseload.filter((c) => c === filter.prisonCode)
      : actor.caseload.filter((c) => /^[A-Z]{3}$/.test(c));
    if (prisons.length === 0) return null;
    clauses.push(`${SA.prisonCode.name} IN (${prisons.map((p) => `'${p}'`).join(', ')})`);
  } else if (filter.prisonCode) clauses.push(`${SA.prisonCode.name} = '${filter.prisonCode}'`);
  const equals: [string, string | undefined][] = [
    [SA.status.name, filter.status],
    [SA.urgency.name, filter.urgency],
    [SA.category.name, filter.category],
    [SA.assignee.name, filter.assignee],
    [SA.personRef.name, filter.prisonerNumber ? personRef(filter.prisonerNumber) : undefined],
  ];
  for (const [name, value] of equals) if (value) clauses.push(`${name} = '${value}'`);
  if (filter.statuses?.length)
    clauses.push(`${SA.status.name} IN (${filter.statuses.map((s) => `'${s}'`).join(', ')})`);
  if (filter.breached) clauses.push(`${SA.breached.name} = ${filter.breached}`);
  return clauses.join(' AND ');
}

interface PageToken {
  offset: number;
  query: string;
}
const encodeToken = (t: PageToken) => Buffer.from(JSON.stringify(t)).toString('base64url');
function decodeToken(token: string, query: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageToken;
    if (parsed.query === query && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through
  }
  throw new CaseError('INVALID', 'is not valid for these filters', 'query.pageToken');
}

/** Every match up to the scan limit, ordered by deadline (none last); null when the actor may see none. */
async function scanQueue(
  client: Client,
  filter: QueueFilter,
  actor: Actor,
  personRef: (prisonerNumber: string) => string,
) {
  const query = queueQuery(filter, actor, personRef);
  if (!query) return null;
  const { rows, truncated } = await listByVisibility(client, query, QUEUE_SCAN_LIMIT, (wf) => {
    const get = wf.typedSearchAttributes;
    const deadline = get.get(SA.deadline);
    return {
      reference: wf.workflowId,
      status: get.get(SA.status),
      urgency: get.get(SA.urgency) ?? null,
      category: get.get(SA.category),
      prisonCode: get.get(SA.prisonCode),
      // From the memo (encrypted in Temporal); queries raised before it have none to show.
      prisonerNumber: typeof wf.memo?.prisonerNumber === 'string' ? wf.memo.prisonerNumber : undefined,
      assignee: get.get(SA.assignee) ?? null,
      deadline: deadline ? deadline.toISOString() : null,
      breached: get.get(SA.breached) ?? false,
    };
  });
  rows.sort(
    (a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.reference.localeCompare(b.reference),
  );
  return { query, rows, truncated };
}

/** A page of the queue, ordered by deadline (none last), with an opaque token for the next. */
export async function listQueue(
  client: Client,
  filter: QueueFilter,
  actor: Actor,
  personRef: (prisonerNumber: string) => string,
) {
  const scan = await scanQueue(client, filter, actor, personRef);
  if (!scan) return { items: [], nextPageToken: null, truncated: false };
  const { query, rows, truncated } = scan;
  const offset = filter.pageToken ? decodeToken(filter.pageToken, query) : 0;
  const items = rows.slice(offset, offset + filter.pageSize);
  const next = offset + filter.pageSize < rows.length ? encodeToken({ offset: offset + filter.pageSize, query }) : null;
  return { items, nextPageToken: next, truncated };
}

/**
 * Numbered page `page` (from 1) of the queue, with how many match, for the pages' GOV.UK
 * pagination. A page past the end is the last page: a link kept from a longer list still lands.
 */
export async function numberedQueuePage(
  client: Client,
  filter: QueueFilter,
  actor: Actor,
  personRef: (prisonerNumber: string) => string,
  page: number,
) {
  const scan = await scanQueue(client, filter, actor, personRef);
  const rows = scan?.rows ?? [];
  const pages = Math.max(1, Math.ceil(rows.length / filter.pageSize));
  const current = Math.min(page, pages);
  const offset = (current - 1) * filter.pageSize;
  return {
    items: rows.slice(offset, offset + filter.pageSize),
    total: rows.length,
    page: current,
    pages,
    pageSize: filter.pageSize,
    truncated: scan?.truncated ?? false,
  };
}
