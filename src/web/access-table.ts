import { OPERATIONS } from '../api/contract/operations.ts';
import type { Operation } from '../api/contract/shared.ts';
import { PRISON_ROLES, TOKEN_ROLES, hasRole, type Actor, type Role, type TokenRole } from '../domain/actors.ts';
import type { PageDeclaration } from './page-access.ts';

/**
 * Who may do what, through either door, computed from the operation table alone: the attacker
 * matrix checks the running service against it, and docs/security.md's table is printed from it.
 */
export interface AccessRow {
  door: 'API' | 'page';
  method: string;
  /** As the door writes it: the API's template (`{prisonerNumber}`) or the page's route (`:prisonerNumber`). */
  path: string;
  operations: string[];
  /** Any one of these opens it. */
  roles: TokenRole[];
  /** Public, or authorised by a signed link, rather than by role. */
  open?: 'public' | 'link';
}

const rolesOf = (op: Operation): TokenRole[] =>
  Array.isArray(op.access) ? TOKEN_ROLES.filter((r) => (op.access as readonly Role[]).includes(r)) : [];

/** A page's roles: those who may perform every operation it needs (or, for a landing page, any). */
function pageRoles(page: PageDeclaration): TokenRole[] {
  if (page.any.length) return TOKEN_ROLES.filter((r) => page.any.some((op) => rolesOf(op).includes(r)));
  return TOKEN_ROLES.filter((r) => page.all.every((op) => rolesOf(op).includes(r)));
}

export function accessRows(pages: readonly PageDeclaration[]): AccessRow[] {
  const api = OPERATIONS.map((op): AccessRow => ({
    door: 'API',
    method: op.method.toUpperCase(),
    path: op.path,
    operations: [op.operationId],
    roles: rolesOf(op),
    ...(Array.isArray(op.access) ? {} : { open: op.access as 'public' | 'link' }),
  }));
  const web = pages.map((page): AccessRow => ({
    door: 'page',
    method: page.method,
    path: page.path,
    operations: [...page.all, ...page.any].map((op) => op.operationId),
    roles: pageRoles(page),
  }));
  return [...api, ...web];
}

/** Does the path name one prisoner's case (so a prison role outside his prison is told 404)? */
export const namesACase = (path: string): boolean => /[{:](prisonerNumber|reference)\b/.test(path);

/**
 * What an actor should get for a row about a case held at `prison`: refused for want of a role
 * (403), hidden because the case is outside every role that grants it (404), or allowed. A
 * permission is scoped by the role that grants it: a prison role reaches its caseload only,
 * whatever else the token carries; a national role reaches every prison.
 */
export function expectedAccess(
  row: AccessRow,
  actor: Actor,
  prison: string,
  aboutACase = namesACase(row.path),
): 'allowed' | 'forbidden' | 'hidden' {
  if (row.open) return 'allowed';
  const granting = row.roles.filter((r) => hasRole(actor, r));
  if (granting.length === 0) return 'forbidden';
  if (!aboutACase) return 'allowed';
  return granting.some((r) => !PRISON_ROLES.includes(r) || actor.caseload.includes(prison)) ? 'allowed' : 'hidden';
}

const SHORT: Record<TokenRole, string> = {
  PRISON_STAFF: 'Staff',
  DUTY_GOVERNOR: 'Gov',
  ESCORT_CONTRACTOR: 'Escort',
  COURT_EXPERT: 'Expert',
  QUERY_UNIT_LEAD: 'Lead',
  VICTIM_LIAISON: 'VLO',
  COURT_RESULTS: 'Courts',
  PRISON_SYNC: 'Sync',
  EVENT_READER: 'Events',
  OPERATOR: 'Ops',
};

/** docs/security.md's table of who may do what: one row per API operation and per page, one column per role. */
export function accessTableMarkdown(rows: readonly AccessRow[]): string {
  const head = `| Door | Method and path | Operation | ${TOKEN_ROLES.map((r) => SHORT[r]).join(' | ')} |`;
  const rule = `|---|---|---|${TOKEN_ROLES.map(() => ':-:').join('|')}|`;
  const cell = (row: AccessRow, role: TokenRole) =>
    row.open
      ? row.open === 'public'
        ? 'all'
        : 'link'
      : row.roles.includes(role)
        ? PRISON_ROLES.includes(role)
          ? 'own'
          : 'yes'
        : '';
  const lines = rows.map(
    (row) =>
      `| ${row.door} | \`${row.method} ${row.path}\` | ${row.operations.join(', ')} | ${TOKEN_ROLES.map((r) => cell(row, r)).join(' | ')} |`,
  );
  return [head, rule, ...lines].join('\n');
}
