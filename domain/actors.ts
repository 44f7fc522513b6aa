import { z } from 'zod';

export const ROLES = [
  'PRISON_STAFF',
  'DUTY_GOVERNOR',
  'COURT_EXPERT',
  'QUERY_UNIT_LEAD',
  'VICTIM_LIAISON',
  'SYSTEM',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Who is acting, as established from a verified token. Carried into workflows with every operation. */
export const actorSchema = z.object({
  username: z.string().min(1).max(100),
  roles: z.array(roleSchema),
  caseload: z.array(z.string()),
});
export type Actor = z.infer<typeof actorSchema>;

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((r) => actor.roles.includes(r));

/** Prison roles are confined to their caseload; unit, victim liaison and system roles are national. */
export const PRISON_ROLES: readonly Role[] = ['PRISON_STAFF', 'DUTY_GOVERNOR'];
export const NATIONAL_ROLES: readonly Role[] = ['COURT_EXPERT', 'QUERY_UNIT_LEAD', 'VICTIM_LIAISON', 'SYSTEM'];

export function canSeePrison(actor: Actor, prisonCode: string): boolean {
  if (actor.roles.some((r) => NATIONAL_ROLES.includes(r))) return true;
  return actor.roles.some((r) => PRISON_ROLES.includes(r)) && actor.caseload.includes(prisonCode);
}
