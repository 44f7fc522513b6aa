import { createCaseActivities, type CaseDeps } from './cases.ts';
import { createNotificationActivities, type NotificationDeps } from './notifications.ts';
import { createVictimActivities } from './victim.ts';

export type ActivityDeps = NotificationDeps & CaseDeps;

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createNotificationActivities(deps), ...createCaseActivities(deps), ...createVictimActivities(deps) };
}
