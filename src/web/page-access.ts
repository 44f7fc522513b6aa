import type { Router } from 'express';
import { OPERATIONS } from '../api/contract/operations.ts';
import type { Operation } from '../api/contract/shared.ts';
import { hasRole, type Actor, type Role } from '../domain/actors.ts';

/**
 * Which operations of the API's table a page performs. Its roles come from the table and nowhere
 * else: a page may be opened by whoever may perform them, it is audited under their names, and its
 * forms submit once. Three shapes:
 * - a list: every operation is needed (a prisoner's release check reads him and asks the gate);
 * - `{ all, optional }`: the `optional` ones are done only for those the table allows (the hold's
 *   detail on the release check, for those who may read a hold);
 * - `{ any }`: a landing page, open to whoever may perform at least one, showing only what they may.
 */
export type Performs =
  | readonly string[]
  | { readonly all: readonly string[]; readonly optional: readonly string[] }
  | { readonly any: readonly string[] };

export interface PageDeclaration {
  method: 'GET' | 'POST';
  /** The page's route, as Express writes it (`/release-check/:prisonerNumber`). */
  path: string;
  all: readonly Operation[];
  optional: readonly Operation[];
  any: readonly Operation[];
}

const BY_ID = new Map(OPERATIONS.map((op) => [op.operationId, op]));

/** The operation by its id, refused at start-up when the table has none or it is not gated by role. */
function operation(id: string): Operation {
  const op = BY_ID.get(id);
  if (!op) throw new Error(`a page names ${id}, which is not an operation in src/api/contract/operations.ts`);
  if (!Array.isArray(op.access))
    throw new Error(`a page names ${id}, which is not gated by role: pages are for signed-in users`);
  return op;
}

const isList = (performs: Performs): performs is readonly string[] => Array.isArray(performs);

/** A page's declaration, checked: no page without an operation, none naming what the table lacks. */
export function declarePage(method: PageDeclaration['method'], path: string, performs: Performs): PageDeclaration {
  const shape = isList(performs)
    ? { all: performs, optional: [], any: [] }
    : 'any' in performs
      ? { all: [], optional: [], any: performs.any }
      : { all: performs.all, optional: performs.optional, any: [] };
  if (shape.all.length + shape.any.length === 0)
    throw new Error(`the page ${method} ${path} names no operation: a page cannot be mounted without one`);
  return {
    method,
    path,
    all: shape.all.map(operation),
    optional: shape.optional.map(operation),
    any: shape.any.map(operation),
  };
}

const allowed = (actor: Actor, op: Operation) =>
  Array.isArray(op.access) && hasRole(actor, ...(op.access as readonly Role[]));

/** May this actor perform the operation, by the table's roles. The caseload is the services' to apply. */
export const may = (actor: Actor, operationId: string): boolean => allowed(actor, operation(operationId));

/** May this actor open the page at all. */
export const mayOpen = (actor: Actor, page: PageDeclaration): boolean =>
  page.all.every((op) => allowed(actor, op)) && (page.any.length === 0 || page.any.some((op) => allowed(actor, op)));

/** The operations this actor performs on the page: what the trail records. */
export const performedBy = (actor: Actor, page: PageDeclaration): Operation[] => [
  ...page.all,
  ...[...page.optional, ...page.any].filter((op) => allowed(actor, op)),
];

/**
 * The start-up check: every route on the pages' router was mounted through a declaration. A route
 * added any other way would be a page with no operation, no roles and no audit.
 */
export function assertEveryPageDeclared(router: Router, declared: readonly PageDeclaration[]): void {
  for (const layer of router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods).map((m) => m.toUpperCase())) {
      if (method === '_ALL' || !declared.some((d) => d.method === method && d.path === layer.route!.path)) {
        throw new Error(`the page ${method} ${layer.route.path} was mounted without naming its operation`);
      }
    }
  }
}
