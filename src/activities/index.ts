import { createCourtActivities, type CourtActivityDeps } from './court-results.ts';
import { createHoldActivities, type HoldActivityDeps } from './release-hold.ts';
import { createInboxActivities, type InboxActivityDeps } from './inbox.ts';
import { createIncidentActivities, type IncidentActivityDeps } from './incident.ts';
import { createNotificationActivities, type NotificationActivityDeps } from './victim-notification.ts';
import { createQueryActivities, type QueryActivityDeps } from './urgent-query.ts';
import { createReleaseDateActivities } from './victim-notification-release-dates.ts';

export type ActivityDeps = QueryActivityDeps &
  HoldActivityDeps &
  IncidentActivityDeps &
  NotificationActivityDeps &
  CourtActivityDeps &
  InboxActivityDeps;

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createQueryActivities(deps),
    ...createHoldActivities(deps),
    ...createIncidentActivities(deps),
    ...createNotificationActivities(deps),
    ...createCourtActivities(deps),
    ...createInboxActivities(deps),
    ...createReleaseDateActivities(deps),
  };
}
