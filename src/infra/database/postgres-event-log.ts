import type { DomainEvent } from '../../domain/events.ts';
import type { EventLog } from '../../domain/event-log.ts';
import type { Queryable } from './database.ts';

/** Domain events in PostgreSQL (embedded or not), one row per fact. */
export function postgresEventLog(db: Queryable): EventLog {
  return {
    async append(id, event) {
      await db.query(
        'INSERT INTO domain_events (id, event_type, occurred_at, body) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [id, event.eventType, event.occurredAt, JSON.stringify(event)],
      );
    },
    async list({ eventType, limit = 100 } = {}) {
      const rows = await db.query<{ body: DomainEvent | string }>(
        `SELECT body FROM (SELECT seq, body FROM domain_events ${eventType ? 'WHERE event_type = $2' : ''} ORDER BY seq DESC LIMIT $1) latest ORDER BY seq`,
        eventType ? [limit, eventType] : [limit],
      );
      return rows.map((r) => (typeof r.body === 'string' ? (JSON.parse(r.body) as DomainEvent) : r.body));
    },
  };
}
