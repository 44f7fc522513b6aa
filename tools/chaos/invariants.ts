import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { HoldState } from '../../src/domain/release-hold/hold-state.ts';
import { GATED_RELEASES } from '../../src/domain/release-hold/vocabulary.ts';
import type { QueryState } from '../../src/domain/urgent-query/query-state.ts';
import type { NotificationState } from '../../src/domain/victim-notification/notification-state.ts';
import type { IncidentState } from '../../src/domain/incident/incident-state.ts';
import type { CaughtMail } from '../../src/infra/mail-catcher.ts';
import {
  RELEASE_HOLD_WORKFLOW,
  VICTIM_NOTIFICATION_WORKFLOW,
  getHoldState,
  getIncidentState,
  getNotificationState,
  getQueryState,
  holdWorkflowId,
} from '../../src/workflows/definitions.ts';
import { alertsOverLadder } from '../fuzz/ladder-check.ts';
import type { Expected, Sent } from './workload.ts';

/** Each invariant as a number of violations (0 is held), with a few examples of any. */
export interface InvariantReport {
  name: string;
  checked: number;
  violations: number;
  examples: string[];
}

const report = (name: string, checked: number, problems: string[]): InvariantReport => ({
  name,
  checked,
  violations: problems.length,
  examples: problems.slice(0, 5),
});

async function listIds(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
}

/** A gated release recorded while a reason stood that no override covered, read from the hold's audit. */
export function releasesWhileHeld(hold: HoldState): string[] {
  const standing = new Set<string>();
  const problems: string[] = [];
  for (const entry of hold.audit) {
    if (entry.what === 'REASON_ADDED') standing.add(entry.detail!.split(' ')[1]!);
    if (entry.what === 'REASON_CLEARED') standing.delete(entry.detail!.split(':')[0]!);
    if (entry.what === 'RELEASE_RECORDED') {
      const reason = entry.detail!.split(' ')[0]!;
      const underOverride = entry.detail!.includes('under override');
      if (GATED_RELEASES.includes(reason as never) && !underOverride && standing.size > 0)
        problems.push(`${hold.prisonerNumber}: ${reason} recorded while ${[...standing].join(', ')} stood`);
    }
  }
  return problems;
}

/** The invariants of the fault suite, checked once the faults have stopped and the system has settled. */
export async function checkInvariants(options: {
  client: Client;
  expected: Expected;
  sent: Sent[];
  mail: CaughtMail[];
  auditFile: string;
  minutes: number;
}): Promise<InvariantReport[]> {
  const { client, expected, sent, mail } = options;
  const reports: InvariantReport[] = [];

  // 1. Every case accepted with 2xx exists and is in the state its calls imply.
  const caseProblems: string[] = [];
  let cases = 0;
  for (const [reference, track] of expected.queries) {
    cases += 1;
    const state = await client.workflow
      .getHandle(reference)
      .query(getQueryState)
      .catch(() => undefined as QueryState | undefined);
    if (!state) {
      caseProblems.push(`${reference}: accepted, but not found`);
      continue;
    }
    const allowed = new Set([track.certain.at(-1)!, ...track.maybe]);
    if (!allowed.has(state.status))
      caseProblems.push(`${reference}: ${state.status}, but its calls imply ${[...allowed].join(' or ')}`);
  }
  for (const [pn, track] of expected.holds) {
    if (track.placed.length === 0 && track.releases.length === 0) continue;
    cases += 1;
    const hold = await client.workflow
      .getHandle(holdWorkflowId(pn))
      .query(getHoldState)
      .catch(() => undefined as HoldState | undefined);
    if (!hold) {
      caseProblems.push(`${pn}: a hold or release was accepted, but there is no hold`);
      continue;
    }
    for (const key of track.placed) {
      const standing = hold.reasons.some((r) => r.key === key);
      const cleared = hold.clearedReasons?.some((r) => r.key === key) ?? false;
      if (track.cleared.includes(key) ? !cleared : !standing && !cleared)
        caseProblems.push(`${pn}: reason ${key} is neither standing nor cleared as its calls imply`);
    }
    for (const id of track.releases)
      if (!hold.releases.some((r) => r.id === id))
        caseProblems.push(`${pn}: release ${id} was answered 201 but is not recorded`);
    if (hold.releases.length > track.releases.length + track.maybeReleases)
      caseProblems.push(`${pn}: ${hold.releases.length} releases recorded, ${track.releases.length} accepted`);
  }
  for (const [id, track] of expected.incidents) {
    cases += 1;
    const incident = await client.workflow
      .getHandle(id)
      .query(getIncidentState)
      .catch(() => undefined as IncidentState | undefined);
    if (!incident) caseProblems.push(`${id}: reported with 201, but not found`);
    else if (track.closed && incident.status !== 'CLOSED')
      caseProblems.push(`${id}: closed with 200, but ${incident.status}`);
  }
  reports.push(report('every case accepted with 2xx exists, in the state its calls imply', cases, caseProblems));

  // 2. No workflow failed or was terminated.
  const broken = await listIds(
    client,
    `ExecutionStatus = 'Failed' OR ExecutionStatus = 'Terminated' OR ExecutionStatus = 'TimedOut'`,
  );
  reports.push(report('no workflow Failed, Terminated or TimedOut', (await client.workflow.count('')).count, broken));

  // 3. Every notice the ladder decided was delivered (a duplicate only ever with the same Message-ID).
  const noticeProblems: string[] = [];
  const notifications = await listIds(client, `WorkflowType = '${VICTIM_NOTIFICATION_WORKFLOW}'`);
  for (const id of notifications) {
    const state = await client.workflow
      .getHandle(id)
      .query(getNotificationState)
      .catch(() => undefined as NotificationState | undefined);
    if (!state || state.status === 'FAILED') continue;
    const delivered = new Set(state.delivered.map((d) => d.key));
    const lastKey = `notice-${state.noticesSent}`;
    if (state.noticesSent > 0 && !delivered.has(lastKey) && !state.rejected.length)
      noticeProblems.push(`${id}: ${lastKey} decided, not delivered`);
  }
  for (const pn of expected.notified)
    if (!mail.some((m) => m.to.includes(`vlo.${pn.toLowerCase()}@probation.example`)))
      noticeProblems.push(`${pn}: released, but his VLO was never emailed`);
  const byKey = new Map<string, Set<string>>();
  for (const m of mail) {
    const ref = m.headers['x-release-guard-reference'];
    const key = /^<[^.]+\.(.+)@/.exec(m.messageId ?? '')?.[1];
    if (!ref || !key || !ref.startsWith('VN-')) continue;
    const ids = byKey.get(`${ref}/${key}`) ?? new Set<string>();
    ids.add(m.messageId!);
    byKey.set(`${ref}/${key}`, ids);
  }
  for (const [key, ids] of byKey)
    if (ids.size > 1) noticeProblems.push(`${key}: duplicates with different Message-IDs`);
  reports.push(
    report(
      'every notice the ladder decided was delivered; duplicates share a Message-ID',
      notifications.length + expected.notified.size,
      noticeProblems,
    ),
  );

  // 4. No release recorded while a reason stood without an override.
  const holdIds = await listIds(client, `WorkflowType = '${RELEASE_HOLD_WORKFLOW}'`);
  const heldProblems: string[] = [];
  for (const id of holdIds) {
    const hold = await client.workflow
      .getHandle(id)
      .query(getHoldState)
      .catch(() => undefined);
    if (hold) heldProblems.push(...releasesWhileHeld(hold));
  }
  reports.push(report('no release recorded while a reason stood without an override', holdIds.length, heldProblems));

  // 5. No case sent more alerts than its ladder allows.
  reports.push(
    report('no case sent more alerts than its ladder allows', mail.length, alertsOverLadder(mail, options.minutes)),
  );

  // 6. The audit trail has an entry for every 2xx change.
  const audited = new Set(
    readFileSync(options.auditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { correlationId: string }).correlationId),
  );
  const changes = sent.filter((s) => s.method !== 'GET' && s.outcome === 'DONE');
  reports.push(
    report(
      'the audit trail has an entry for every 2xx change',
      changes.length,
      changes
        .filter((s) => !audited.has(s.correlationId))
        .map((s) => `${s.method} ${s.path.replace(/[A-Z]\d{4}[A-Z]{2}/g, '{n}')} ${s.correlationId}`),
    ),
  );
  return reports;
}
