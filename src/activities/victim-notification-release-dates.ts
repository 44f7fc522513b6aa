import type { ReleaseDateTell } from '../domain/victim-notification/release-dates.ts';
import type { NotificationService } from '../services/victim-notification.ts';
import { cancellable, type CancellableDeps } from './cancellable.ts';

export interface ReleaseDateActivityDeps extends CancellableDeps {
  notifications: NotificationService;
}

/** What the release-date notices do outside themselves: a victim notification for each VLO. */
export function createReleaseDateActivities(deps: ReleaseDateActivityDeps) {
  return {
    async tellVlosOfReleaseDate(tell: ReleaseDateTell): Promise<void> {
      await cancellable(deps.client, () =>
        deps.notifications.startFor(tell.eventKey, {
          kind: tell.kind,
          prisonerNumber: tell.prisonerNumber,
          prisonCode: tell.prisonCode,
          releaseType: 'RELEASED',
          plannedRelease: tell.plannedRelease,
        }),
      );
    },
  };
}
