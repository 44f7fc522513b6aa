// No zod here: workflow code imports this module, and zod in the workflow bundle multiplies the
// memory of every cached workflow (docs/performance.md).

/**
 * People: prison staff and governors, and the escort contractor's staff (Prisoner Escort and Custody
 * Services) at court, each confined to their caseload; the query unit; victim liaison.
 */
export const USER_ROLES = [
  'PRISON_STAFF',
  'DUTY_GOVERNOR',
  'ESCORT_CONTRACTOR',
  'COURT_EXPERT',
  'QUERY_UNIT_LEAD',
  'VICTIM_LIAISON',
] as const;

/**
 * Integrations, each with the least it needs (client credentials): the court-results feed places and
 * clears court reasons; the prison-system sync writes the register, records arrivals and transfers
 * and may ask the gate; the event reader reads domain events. None of them can clear a query's reason.
 */
export const SERVICE_ROLES = ['COURT_RESULTS', 'PRISON_SYNC', 'EVENT_READER'] as const;

/** Those who run the service: they read /health's details, and no case. */
export const OPERATIONS_ROLES = ['OPERATOR'] as const;

/** Every role a token can carry. */
export const TOKEN_ROLES = [...USER_ROLES, ...SERVICE_ROLES, ...OPERATIONS_ROLES] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/**
 * Release Guard's own workflows acting on one another (a query placing its reason on a hold). Not in
 * TOKEN_ROLES, so no token can ever carry it: tokens are read through that list.
 */
export const INTERNAL_ROLE = 'RELEASE_GUARD';
export type Role = TokenRole | typeof INTERNAL_ROLE;

/** Who is acting, as established from a verified token (or Release Guard itself). Carried into workflows with every operation. */
export interface Actor {
  username: string;
  roles: Role[];
  caseload: string[];
}

/** The actor Release Guard's workflows act as when one changes another. */
export const INTERNAL_ACTOR: Actor = { username: 'release-guard', roles: [INTERNAL_ROLE], caseload: [] };

/** HMPPS Auth's user names are case-insensitive (NOMIS): one person, whatever the casing of his name. */
export const samePerson = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((r) => actor.roles.includes(r));
export const isInternal = (actor: Actor): boolean => actor.roles.includes(INTERNAL_ROLE);

/**
 * Roles confined to their caseload (for the escort contractor, the prisons whose prisoners they
 * take to court); unit, victim liaison and service roles are national.
 */
export const PRISON_ROLES: readonly Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR', 'ESCORT_CONTRACTOR'];
export const NATIONAL_ROLES: readonly Role[] = [
  'COURT_EXPERT',
  'QUERY_UNIT_LEAD',
  'VICTIM_LIAISON',
  ...SERVICE_ROLES,
  INTERNAL_ROLE,
];

export const isNational = (actor: Actor): boolean => actor.roles.some((r) => NATIONAL_ROLES.includes(r));

/** Whether one role, on its own, reaches a prison: a national role everywhere, a prison role its caseload only. */
const roleReaches = (actor: Actor, role: Role, prisonCode: string): boolean =>
  NATIONAL_ROLES.includes(role) || (PRISON_ROLES.includes(role) && actor.caseload.includes(prisonCode));

export function canSeePrison(actor: Actor, prisonCode: string): boolean {
  return actor.roles.some((r) => roleReaches(actor, r, prisonCode));
}

/**
 * Whether one of `roles` grants `actor` this at `prisonCode`. Each permission is scoped by the role
 * that grants it: a token with PRISON_STAFF at MDI and COURT_EXPERT does not release a Leeds prisoner,
 * as COURT_EXPERT's national reach does not lend itself to PRISON_STAFF's permissions.
 */
export const mayActAt = (actor: Actor, roles: readonly Role[], prisonCode: string): boolean =>
  actor.roles.some((r) => roles.includes(r) && roleReaches(actor, r, prisonCode));

/**
 * The actor as one operation sees him: only the roles that grant it. Every later check (caseload,
 * national reach, the workflows' validators) then judges the permission by the roles that gave it.
 */
export const grantedBy = (actor: Actor, roles: readonly Role[]): Actor => ({
  ...actor,
  roles: actor.roles.filter((r) => roles.includes(r)),
});
