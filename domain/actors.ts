// No zod here: workflow code imports this module, and zod in the workflow bundle multiplies the
// memory of every cached workflow (README, Performance).

export const ROLES = [
  'PRISON_STAFF',
  'DUTY_GOVERNOR',
  'COURT_EXPERT',
  'QUERY_UNIT_LEAD',
  'VICTIM_LIAISON',
  'SYSTEM',
] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting, as established from a verified token. Carried into workflows with every operation. */
export interface Actor {
  username: string;
  roles: Role[];
  caseload: string[];
}

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((r) => actor.roles.includes(r));

/** Prison roles are confined to their caseload; unit, victim liaison and system roles are national. */
export const PRISON_ROLES: readonly Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR'];
export const NATIONAL_ROLES: readonly Role[] = ['COURT_EXPERT', 'QUERY_UNIT_LEAD', 'VICTIM_LIAISON', 'SYSTEM'];

export function canSeePrison(actor: Actor, prisonCode: string): boolean {
  if (actor.roles.some((r) => NATIONAL_ROLES.includes(r))) return true;
  return actor.roles.some((r) => PRISON_ROLES.includes(r)) && actor.caseload.includes(prisonCode);
}
