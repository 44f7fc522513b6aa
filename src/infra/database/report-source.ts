import { EVENT_TYPES, type DomainEvent } from '../../domain/events.ts';
import type { EscalationLevel } from '../../domain/escalation/ladder.ts';
import type { IncidentCause, OfficialExclusion } from '../../domain/incident/vocabulary.ts';
import type { AuthorisationStatus } from '../../domain/release-hold/authorisation.ts';
import type { HoldReasonKind, ReleaseReason } from '../../domain/release-hold/vocabulary.ts';
import type { GateRecord } from '../../domain/reports/gate.ts';
import type { QueryOutcome } from '../../domain/reports/query-outcome.ts';
import type { IncidentRecord } from '../../domain/reports/releases-in-error.ts';
import type { ReportScope, ReportSource } from '../../domain/reports/source.ts';
import type { Urgency } from '../../domain/urgent-query/policy.ts';
import type { QueryCategory } from '../../domain/urgent-query/vocabulary.ts';
import type { Queryable } from './database.ts';

interface Row {
  event_type: string;
  occurred_at: Date | string;
  body: DomainEvent | string;
}

/** The reports' records, read from the domain events table (embedded or PostgreSQL). */
export function postgresReportSource(db: Queryable): ReportSource {
  const read = async (types: string[], scope: ReportScope, since?: string, until?: string): Promise<DomainEvent[]> => {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = [`event_type IN (${types.map(p).join(', ')})`];
    if (!scope.national) {
      if (!scope.prisons.length) return [];
      where.push(`body->'additionalInformation'->>'prisonId' IN (${scope.prisons.map(p).join(', ')})`);
    }
    if (since) where.push(`occurred_at >= ${p(since)}`);
    if (until) where.push(`occurred_at < ${p(until)}`);
    const rows = await db.query<Row>(
      `SELECT event_type, occurred_at, body FROM domain_events WHERE ${where.join(' AND ')} ORDER BY seq`,
      params,
    );
    return rows.map((r) => (typeof r.body === 'string' ? (JSON.parse(r.body) as DomainEvent) : r.body));
  };
  const info = (e: DomainEvent, key: string): string | undefined => e.additionalInformation[key] || undefined;

  return {
    async incidents(scope) {
      const events = await read([EVENT_TYPES.releaseInError, EVENT_TYPES.releaseInErrorClosed], scope);
      const byId = new Map<string, IncidentRecord>();
      for (const e of events.filter((e) => e.eventType === EVENT_TYPES.releaseInError)) {
        const id = info(e, 'incidentId')!;
        const releasedAt = info(e, 'releasedAt');
        byId.set(id, {
          id,
          prisonCode: info(e, 'prisonId')!,
          openedAt: e.occurredAt,
          ...(releasedAt ? { releasedAt } : {}),
        });
      }
      for (const e of events.filter((e) => e.eventType === EVENT_TYPES.releaseInErrorClosed)) {
        const record = byId.get(info(e, 'incidentId')!);
        if (!record) continue;
        record.cause = info(e, 'cause') as IncidentCause;
        const exclusion = info(e, 'exclusion');
        if (exclusion) record.exclusion = exclusion as OfficialExclusion;
      }
      return [...byId.values()];
    },

    async queryOutcomes(scope, since) {
      const events = await read([EVENT_TYPES.queryFinished], scope, since);
      return events.map((e): QueryOutcome => {
        const optional = (key: keyof QueryOutcome) => (info(e, key) ? { [key]: info(e, key) } : {});
        return {
          reference: info(e, 'reference')!,
          prisonCode: info(e, 'prisonId')!,
          category: info(e, 'category') as QueryCategory,
          urgency: info(e, 'urgency') as Urgency,
          status: info(e, 'status') === 'WITHDRAWN' ? 'WITHDRAWN' : 'CLOSED',
          raisedAt: info(e, 'raisedAt')!,
          ...optional('firstResponseAt'),
          ...optional('answeredAt'),
          ...optional('firstResponseDue'),
          ...optional('answerDue'),
          ...optional('plannedRelease'),
          breachLevels: (info(e, 'breachLevels') ?? '')
            .split(',')
            .filter(Boolean)
            .map((l) => Number(l) as EscalationLevel),
        };
      });
    },

    async gateDecisions(scope, since, until) {
      const events = await read(
        [EVENT_TYPES.released, EVENT_TYPES.releasePrevented, EVENT_TYPES.overridden, EVENT_TYPES.authorisationChanged],
        scope,
        since,
        until,
      );
      return events.map((e): GateRecord => {
        const base = { at: e.occurredAt, prisonCode: info(e, 'prisonId')! };
        if (e.eventType === EVENT_TYPES.released)
          return {
            ...base,
            kind: 'RELEASED',
            movement: info(e, 'reason') as ReleaseReason,
            overridden: Boolean(info(e, 'overrideId')),
          };
        if (e.eventType === EVENT_TYPES.releasePrevented) {
          return {
            ...base,
            kind: 'PREVENTED',
            movement: info(e, 'movement') as ReleaseReason,
            reasonKinds: (info(e, 'reasonKinds') ?? '').split(',').filter(Boolean) as HoldReasonKind[],
          };
        }
        if (e.eventType === EVENT_TYPES.authorisationChanged) {
          return {
            ...base,
            kind: 'AUTHORISATION',
            movement: info(e, 'movement') as ReleaseReason,
            authorisationId: info(e, 'authorisationId')!,
            status: info(e, 'status') as AuthorisationStatus,
          };
        }
        return { ...base, kind: 'OVERRIDDEN', by: info(e, 'by') ?? 'unknown' };
      });
    },
  };
}
