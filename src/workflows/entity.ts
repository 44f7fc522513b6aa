import {
  ApplicationFailure,
  allHandlersFinished,
  patched,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { Rejection } from '../domain/rejection.ts';

/**
 * What every entity workflow (query, hold, incident, notification) does the same way: turn a
 * domain rejection into a failed update, track the activities it starts, and know when it may
 * continue as new without losing anything.
 */

/** A rejected update never enters history: the caller gets the rejection's code and message. */
export function rejectIf(rejection: Rejection | null): void {
  if (rejection) {
    throw ApplicationFailure.create({
      type: rejection.code,
      message: rejection.message,
      nonRetryable: true,
      details: rejection.details ? [rejection.details] : [],
    });
  }
}

/** Activities started from handlers and the main loop, so a drain can wait until none is in flight. */
export function inFlightTracker() {
  const pending = new Set<Promise<unknown>>();
  return {
    /** Tracks `work` until it settles; its failure is the caller's to handle (here it is only counted). */
    track<T>(work: Promise<T>): Promise<T> {
      const tracked = work.finally(() => pending.delete(tracked));
      // The tracker itself never surfaces the rejection: the caller's own promise does.
      tracked.catch(() => undefined);
      pending.add(tracked);
      return tracked;
    },
    idle: (): boolean => pending.size === 0,
    settled: (): Promise<unknown> => Promise.allSettled([...pending]),
  };
}
export type InFlightTracker = ReturnType<typeof inFlightTracker>;

/** The server suggests it, or history has passed our own limit. */
export const historyIsLong = (limit: number): boolean =>
  workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > limit;

/**
 * Safe to continue as new: every update handler has finished and nothing it (or the main loop)
 * started is still in flight. The main loop waits on this alongside its timers, so timers keep
 * firing while a drain is under way.
 */
export const drained = (tracker: InFlightTracker): boolean => allHandlersFinished() && tracker.idle();

const sameValue = (current: unknown, next: unknown): boolean =>
  current instanceof Date && next instanceof Date
    ? current.getTime() === next.getTime()
    : (current ?? null) === (next ?? null);

/**
 * Upserts only the attributes whose value differs from the run's current ones. Each upsert is a
 * history event and a visibility write, and most changes (a note, a confirmation) touch none of them.
 */
export function upsertChanged(pairs: SearchAttributeUpdatePair[]): void {
  const current = workflowInfo().typedSearchAttributes;
  const changed = pairs.filter((pair) => !sameValue(current.get(pair.key), pair.value));
  if (changed.length) upsertSearchAttributes(changed);
}

/** How a run writes its search attributes; histories recorded before the patch upserted every one on every change. */
export const searchAttributeUpsert = (
  has: (patchId: string) => boolean,
): ((pairs: SearchAttributeUpdatePair[]) => void) =>
  has('changed-search-attributes') ? upsertChanged : upsertSearchAttributes;

/**
 * The patches each patch level folds in. A run started at a level takes these without asking
 * `patched()`: each ask writes a marker and an upsert of TemporalChangeVersion (a history event and
 * a visibility write each, about a tenth of a cycle's events). Runs started without a level, before
 * it existed, still ask and replay as recorded. Never add to a level: a new patch asks `patched()`
 * (or starts a new level), or runs already started at the level would replay it differently.
 */
const LEVEL_1 = [
  'gate-v2',
  'release-hold-sync',
  'determination-when-it-matters',
  'report-outcome',
  'changed-search-attributes',
  'correlation-memo',
] as const;
// Release authority: owners of reasons, two-person withdrawal, hearing-keyed court reasons, "not before" reasons, authorisations.
const LEVEL_2 = [...LEVEL_1, 'release-authority'] as const;
const LEVEL_3 = [...LEVEL_2, 'release-after-its-checks'] as const;
const FOLDED_PATCHES: Record<number, readonly string[]> = {
  1: LEVEL_1,
  2: LEVEL_2,
  // A release dated no earlier than its checks; one person in any casing of his name.
  3: LEVEL_3,
  // An authorisation's event written within the workflow task that changed it (no second task).
  4: [...LEVEL_3, 'authorisation-events-in-task'],
};

/** `patched(id)`, answered without a marker for the patches the run's level folds in. */
export function patchesAt(level: number | undefined): (patchId: string) => boolean {
  const folded = new Set(level === undefined ? [] : (FOLDED_PATCHES[level] ?? []));
  return (patchId) => folded.has(patchId) || patched(patchId);
}
