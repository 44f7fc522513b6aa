import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  dateSet,
  newReleaseDateNotices,
  reminderDue,
  retellCurrent,
  type ReleaseDateTell,
} from '../domain/victim-notification/release-dates.ts';
import type { createReleaseDateActivities } from '../activities/victim-notification-release-dates.ts';
import {
  getReleaseDateNotices,
  releaseDateWritten,
  type ReleaseDateNoticesInput,
  type ReleaseDateWritten,
} from './definitions.ts';
import { historyIsLong } from './entity.ts';

const { tellVlosOfReleaseDate } = proxyActivities<ReturnType<typeof createReleaseDateActivities>>({
  startToCloseTimeout: '1 minute',
  // Starting the notices is idempotent (their ids follow the event), so retrying until it goes is safe.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * One per prisoner in the Victim Contact Scheme with a planned release: tells his VLOs of each new
 * date at once, and again before it. It holds the date last told, so a sync writing the same date
 * again tells nobody; a new date replaces the pending reminder. Each notice is a victim
 * notification of its own, on the release's delivery and acknowledgement ladder.
 */
export async function vloReleaseDateNotices(input: ReleaseDateNoticesInput): Promise<void> {
  let state = input.state ?? newReleaseDateNotices(input.prisonerNumber);
  const written: ReleaseDateWritten[] = [];
  setHandler(releaseDateWritten, (w) => void written.push(w));
  setHandler(getReleaseDateNotices, () => state);
  const tell = (t: ReleaseDateTell) => tellVlosOfReleaseDate(t);

  for (;;) {
    const next = written.shift();
    if (next) {
      const set = dateSet(state, next, new Date(), next.rule);
      state = set.state;
      const again = !set.tell && next.retell ? retellCurrent(state, new Date()) : null;
      if (set.tell ?? again) await tell((set.tell ?? again)!);
      continue;
    }
    const due = reminderDue(state, new Date());
    state = due.state;
    if (due.tell) await tell(due.tell);
    if (historyIsLong(5_000) && written.length === 0) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof vloReleaseDateNotices>({ prisonerNumber: input.prisonerNumber, state });
    }
    const wait = state.reminderAt ? Math.max(1, new Date(state.reminderAt).getTime() - Date.now()) : undefined;
    await condition(() => written.length > 0 || historyIsLong(5_000), wait);
  }
}
