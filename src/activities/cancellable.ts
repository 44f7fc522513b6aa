import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';

export interface CancellableDeps {
  /** Activities that act on other cases need a client of their own. */
  client: Client;
}

/**
 * Runs a Temporal call so that cancelling the calling activity (e.g. on worker shutdown) abandons
 * it. Outside an activity (a direct call) it simply runs.
 */
export function cancellable<R>(client: Client, fn: () => Promise<R>): Promise<R> {
  let signal: AbortSignal | undefined;
  try {
    signal = Context.current().cancellationSignal;
  } catch {
    signal = undefined;
  }
  return signal ? client.withAbortSignal(signal, fn) : fn();
}
