import { createCourtActivities, type CourtActivityDeps } from './court-results.ts';
import { createHoldActivities, type HoldActivityDeps } from './holds.ts';
import { createInboxActivities, type InboxActivityDeps } from './inbox.ts';
import { createIncidentActivities, type IncidentActivityDeps } from './incidents.ts';
import { createNotificationActivities, type NotificationActivityDeps } from './notifications.ts';
import { createQueryActivities, type QueryActivityDeps } from './queries.ts';
import { createReleaseDateActivities } from './release-date-notices.ts';

export type ActivityDeps = QueryActivityDeps & HoldActivityDeps & IncidentActivityDeps & NotificationActivityDeps & CourtActivityDeps & InboxActivityDeps;

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createQueryActivities(deps), ...createHoldActivities(deps), ...createIncidentActivities(deps), ...createNotificationActivities(deps), ...createCourtActivities(deps), ...createInboxActivities(deps), ...createReleaseDateActivities(deps) };
}
