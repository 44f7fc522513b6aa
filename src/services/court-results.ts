import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Actor } from '../domain/actors.ts';
import type { HearingStore, StoredHearing } from '../domain/court/hearing-store.ts';
import type { HearingResult } from '../domain/court/hearing.ts';
import {
  COURT_HEARING_WORKFLOW,
  COURT_RECONCILIATION_WORKFLOW,
  COURT_SCHEDULE_ID,
  correlationMemo,
  courtHearingWorkflowId,
  type HearingRef,
  type Traced,
} from '../workflows/definitions.ts';
import { conflict, notFound } from './errors.ts';
import { ensureSchedule, startOnce } from './workflow-calls.ts';

export const digestOf = (raw: string | Buffer): string => createHash('sha256').update(raw).digest('hex');

/**
 * Court results in: each hearing version kept before anything else happens, then its own workflow
 * (matching and action); a malformed one kept with its errors for the unit. The sender learns the
 * outcome from the answer; the unit reads the decisions.
 */
export function courtResultsService({
  client,
  taskQueue,
  hearings,
}: {
  client: Client;
  taskQueue: string;
  hearings: HearingStore;
}) {
  // A retried receipt after the workflow ended must not act again.
  const start = (ref: HearingRef, traced: Traced = {}) =>
    startOnce(client, COURT_HEARING_WORKFLOW, {
      workflowId: courtHearingWorkflowId(ref.hearingId, ref.version),
      taskQueue,
      args: [ref],
      memo: correlationMemo(traced),
    });

  /**
   * Keeps the hearing version (nothing is started). The same body again is `duplicate`; another
   * body under the same id and version is a 409.
   */
  const keep = async (
    actor: Actor,
    result: HearingResult,
    raw: string,
  ): Promise<HearingRef & { duplicate: boolean }> => {
    const ref = { hearingId: result.hearing.id, version: result.version };
    const stored = await hearings.receive(result, digestOf(raw), actor.username);
    if (stored === 'DIFFERENT')
      throw conflict(
        `Hearing ${ref.hearingId} version ${ref.version} was received already with another body: send a new version`,
      );
    return { ...ref, duplicate: stored === 'SAME' };
  };

  return {
    keep,

    /** Starts a kept hearing's workflow; one that ran already is not run again. */
    start,

    /**
     * Keeps the hearing version and starts its workflow. The same body again is the same answer
     * (and starts nothing new); another body under the same id and version is a 409.
     */
    async receive(
      actor: Actor,
      result: HearingResult,
      raw: string,
      traced: Traced = {},
    ): Promise<HearingRef & { duplicate: boolean }> {
      const receipt = await keep(actor, result, raw);
      // Started on every receipt, so a crash between keeping and starting is mended by the sender's retry.
      await start({ hearingId: receipt.hearingId, version: receipt.version }, traced);
      return receipt;
    },

    /** Keeps what could not be read, under its digest, so the unit can see it; returns that id. */
    async receiveMalformed(actor: Actor, raw: string, errors: { field: string; message: string }[]): Promise<string> {
      const id = `malformed-${digestOf(raw).slice(0, 32)}`;
      await hearings.receiveMalformed(id, raw.slice(0, 1_000_000), errors.slice(0, 50), actor.username);
      return id;
    },

    /**
     * The hourly reconciliation's Temporal Schedule, created once (a second start finds it there):
     * a run that would overlap the last is skipped, missed runs within a day are caught up after
     * downtime, and pausing is the schedule's own (`temporal schedule toggle --pause`).
     */
    ensureHourlySchedule: (options: { scheduleId?: string; every?: string } = {}): Promise<string> =>
      ensureSchedule(client, {
        scheduleId: options.scheduleId ?? COURT_SCHEDULE_ID,
        every: options.every ?? '1 hour',
        workflowType: COURT_RECONCILIATION_WORKFLOW,
        taskQueue,
        catchupWindow: '1 day',
      }),

    /** What waits for the unit: malformed hearings and defendants no one could be matched to. */
    attention: (limit = 200) => hearings.attention(limit),

    async read(hearingId: string, version: number): Promise<StoredHearing> {
      const hearing = await hearings.read(hearingId, version);
      if (!hearing) throw notFound('No such hearing version');
      return hearing;
    },
  };
}
export type CourtResultsService = ReturnType<typeof courtResultsService>;
