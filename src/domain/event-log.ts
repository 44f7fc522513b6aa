import type { DomainEvent } from './events.ts';

/**
 * Where domain events go, until the HMPPS domain event topic is wired up. `id` names the fact
 * (the case and what happened to it), so appending the same fact twice keeps one.
 */
export interface EventLog {
  append(id: string, event: DomainEvent): Promise<void>;
  /** Oldest first: the latest `limit` events, of one type if given. */
  list(options?: { eventType?: string; limit?: number }): Promise<DomainEvent[]>;
}
