import { cloneState as clone } from '../clone.ts';
import { isOpen, type QueryState } from './query-state.ts';
import type { HoldAction } from './vocabulary.ts';

export type { HoldAction } from './vocabulary.ts';

export interface HoldOptions {
  /** Before: every determination was reported, even one the hold has no use for. */
  reportEveryDetermination?: boolean;
  /** Every open query holds, whatever its urgency and whether or not a release date is known. Before: CRITICAL and URGENT only. */
  everyOpenQueryHolds?: boolean;
  /** A RELEASE_DATE_CHANGED answer clears the reason too (the new date goes to the hold and the register). */
  dateChangeClears?: boolean;
  /**
   * The answer reaches the hold before the query's reason clears, so a date moved later is a
   * "not before" reason before anything lifts: never a moment with nothing standing.
   */
  determinationFirst?: boolean;
}

/**
 * What the query owes the prisoner's release hold now: a reason while it is open, cleared when
 * answered RELEASE_MAY_PROCEED or RELEASE_DATE_CHANGED, or withdrawn, and its answer reported once
 * where the hold has a use for it.
 */
export function holdActions(
  current: QueryState,
  options: HoldOptions = {},
): { state: QueryState; actions: HoldAction[] } {
  const state = clone(current);
  const actions: HoldAction[] = [];
  const holds = options.everyOpenQueryHolds || state.urgency === 'CRITICAL' || state.urgency === 'URGENT';
  if (!state.hold && isOpen(state) && holds) {
    state.hold = 'PLACED';
    actions.push('PLACE');
  }
  const determination = state.resolution?.determination;
  // The hold hears an answer that can matter to it: one to a query that held him, or one that does
  // not let him go (DO_NOT_RELEASE may reveal a release in error). A RELEASE_MAY_PROCEED answer to a
  // query that never held him changes nothing there, and reporting it would start a hold per query.
  const report = () => {
    const matters = state.hold !== undefined || determination !== 'RELEASE_MAY_PROCEED';
    if (state.resolution && !state.determinationReported && (matters || options.reportEveryDetermination)) {
      state.determinationReported = true;
      actions.push('DETERMINATION');
    }
  };
  if (options.determinationFirst) report();
  const clears =
    state.status === 'WITHDRAWN' ||
    determination === 'RELEASE_MAY_PROCEED' ||
    (options.dateChangeClears === true && determination === 'RELEASE_DATE_CHANGED');
  if (state.hold === 'PLACED' && clears) {
    state.hold = 'CLEARED';
    actions.push('CLEAR');
  }
  report();
  return { state, actions };
}
