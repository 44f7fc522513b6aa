import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { INTERNAL_ACTOR } from '../domain/actors.ts';
import type { EventLog } from '../domain/event-log.ts';
import { EVENT_TYPES, domainEvent } from '../domain/events.ts';
import type { QueryOutcome } from '../domain/reports/query-outcome.ts';
import type { Alert } from '../domain/urgent-query/query-state.ts';
import type { HoldAction, QueryCategory } from '../domain/urgent-query/vocabulary.ts';
import type { HoldClient } from '../services/release-hold-client.ts';
import { callingWorkflowId, mailSender, type MailDeps } from './mail.ts';
import { cancellable, type CancellableDeps } from './cancellable.ts';
import { renderQueryAlert } from './templates/urgent-query-alert.ts';

export interface QueryActivityDeps extends MailDeps, CancellableDeps {
  holds: HoldClient;
  events: EventLog;
}

export interface HoldSync {
  prisonerNumber: string;
  prisonCode: string;
  reference: string;
  action: HoldAction;
  determination?: string;
  newReleaseDate?: string;
  category?: QueryCategory;
  /** Whose query it is: its reason on the hold carries that owner. */
  queryOwner?: 'PRISON' | 'QUERY_UNIT';
  /** For a clearing: the person whose answer or confirmed withdrawal lifts it. */
  decidedBy?: string;
}

/** What the urgent query does outside itself: alert people, and keep the prisoner's hold in step. */
export function createQueryActivities(deps: QueryActivityDeps) {
  const mail = mailSender(deps);
  return {
    /** Sends one query alert. Retried by Temporal; the stable Message-ID marks any duplicate. */
    async sendQueryAlert(alert: Alert): Promise<void> {
      await mail.send({
        caseId: callingWorkflowId(),
        key: alert.key,
        to: alert.to,
        mail: renderQueryAlert(alert, deps.publicBaseUrl),
        headers: { 'X-Release-Guard-Reference': alert.reference, 'X-Release-Guard-Alert': alert.kind },
      });
    },

    /** A finished query's outcome, kept once for the unit's figures (the urgent-queries report). */
    async queryFinished({
      prisonerNumber,
      outcome,
      finishedAt,
    }: {
      prisonerNumber: string;
      outcome: QueryOutcome;
      finishedAt: string;
    }): Promise<void> {
      const { breachLevels, ...facts } = outcome;
      await deps.events.append(
        `query-finished:${outcome.reference}`,
        domainEvent(EVENT_TYPES.queryFinished, prisonerNumber, finishedAt, 'An urgent query finished', {
          ...facts,
          prisonId: outcome.prisonCode,
          breachLevels: breachLevels.join(','),
        }),
      );
    },

    /** Places, clears or reports to the prisoner's hold, as the query workflow itself: no token can. */
    async syncReleaseHold(sync: HoldSync): Promise<void> {
      const key = `query-${sync.reference}`;
      const apply = (op: Parameters<HoldClient['apply']>[2]) =>
        cancellable(deps.client, () => deps.holds.apply(INTERNAL_ACTOR, sync.prisonerNumber, op));
      try {
        if (sync.action === 'PLACE') {
          await apply({
            type: 'addReason',
            kind: 'URGENT_QUERY',
            key,
            detail: `Open urgent query ${sync.reference}`,
            prisonCode: sync.prisonCode,
            ...(sync.queryOwner ? { queryOwner: sync.queryOwner } : {}),
          });
        } else if (sync.action === 'CLEAR') {
          await cancellable(deps.client, () =>
            deps.holds.applyIfRunning(INTERNAL_ACTOR, sync.prisonerNumber, {
              type: 'clearReason',
              key,
              note: `query ${sync.reference} ${sync.determination ? `answered ${sync.determination}` : 'withdrawn'}`,
              ...(sync.decidedBy ? { onBehalfOf: sync.decidedBy } : {}),
            }),
          );
        } else {
          await apply({
            type: 'queryDetermination',
            reference: sync.reference,
            determination: sync.determination ?? '',
            prisonCode: sync.prisonCode,
            ...(sync.newReleaseDate ? { newReleaseDate: sync.newReleaseDate } : {}),
            ...(sync.category ? { category: sync.category } : {}),
          });
        }
      } catch (err) {
        // Already cleared (or never placed) is the outcome we wanted.
        if (
          sync.action === 'CLEAR' &&
          (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)
        )
          return;
        throw err;
      }
    },
  };
}
