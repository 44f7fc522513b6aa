import { createNotificationActivities, type NotificationDeps } from './notifications.ts';

export type ActivityDeps = NotificationDeps;

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createNotificationActivities(deps) };
}
