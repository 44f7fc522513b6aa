import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SMTP_PERMANENT } from '../../src/domain/delivery.ts';
import { emptyHold } from '../../src/domain/release-hold/hold-state.ts';
import { queryReference } from '../../src/domain/identifiers.ts';
import { ensureSearchAttributes } from '../../src/infra/search-attributes.ts';
import { MISSING_BINARY_HELP, resolveTemporalBinary } from '../../src/infra/temporal-binaries.ts';
import {
  RELEASE_HOLD_WORKFLOW,
  RELEASE_IN_ERROR_WORKFLOW,
  URGENT_QUERY_WORKFLOW,
  VICTIM_NOTIFICATION_WORKFLOW,
  getQueryState,
  holdOperation,
  queryRaised,
  queryUpdates,
  type UrgentQueryInput,
} from '../../src/workflows/definitions.ts';
import { SEARCH_ATTRIBUTE_TYPES } from '../../src/workflows/search-attributes.ts';
import { TEST_HOLD_POLICY, TEST_NOTIFICATION_POLICY } from '../helpers/activity-deps.ts';
import { GOVERNOR, PRISON_OFFICER, eventually } from '../helpers/urgent-query.ts';
import { testPolicy } from '../helpers/policy.ts';
import { quietRuntime } from '../helpers/runtime.ts';
import { INTERNAL_ACTOR } from '../../src/domain/actors.ts';

/**
 * The middle layer the Temporal samples test: each workflow on the time-skipping server with
 * stand-in activities that record what they are asked and fail on cue, so timers, retries, drains
 * and failure paths are driven deliberately.
 */
let env: TestWorkflowEnvironment;
const calls: { name: string; args: unknown[] }[] = [];
/** Per activity: how many more calls should fail, and how. */
const failures = new Map<string, { left: number; error: () => Error }>();

const standIn =
  (name: string) =>
  async (...args: unknown[]): Promise<unknown> => {
    calls.push({ name, args });
    const failing = failures.get(name);
    if (failing && failing.left > 0) {
      failing.left -= 1;
      throw failing.error();
    }
    return undefined;
  };
const ACTIVITY_NAMES = [
  'sendQueryAlert',
  'syncReleaseHold',
  'releaseRecorded',
  'releasePrevented',
  'holdOverridden',
  'sendHoldReview',
  'openIncident',
  'incidentsReturned',
  'returnedToCustody',
  'plannedReleaseChanged',
  'incidentOpened',
  'incidentEscalation',
  'incidentClosed',
  'sendVictimNotice',
];
let worker: Worker;
let running: Promise<void>;
const taskQueue = `stand-in-${randomUUID()}`;
const permanent = () =>
  ApplicationFailure.create({ type: 'BOUNDED_OUT', message: 'gave up within its bound', nonRetryable: true });
const callsOf = (name: string, match: (args: unknown[]) => boolean = () => true) =>
  calls.filter((c) => c.name === name && match(c.args));

beforeAll(async () => {
  quietRuntime();
  const binary = resolveTemporalBinary('test-server');
  if (binary.source === 'sdk-download') throw new Error(MISSING_BINARY_HELP);
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: binary.path } },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default', SEARCH_ATTRIBUTE_TYPES);
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: Object.fromEntries(ACTIVITY_NAMES.map((name) => [name, standIn(name)])),
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const policy = testPolicy();
/**
 * Lets time pass a minute at a time: the test server skips to the next timer only while it is
 * asked to sleep, and a single long sleep can outrun an activity completing and the timer it sets.
 */
async function minutesPass(minutes: number, stepMs = 61_000): Promise<void> {
  for (let i = 0; i < (minutes * 60_000) / stepMs; i++) await env.sleep(stepMs);
}
const queryInput = (prisonerNumber: string): UrgentQueryInput => ({
  reference: queryReference('MDI', Buffer.from(randomUUID())),
  raise: { prisonCode: 'MDI', prisonerNumber, category: 'WARRANT_MISSING', question: 'Where is the warrant?' },
  raisedBy: PRISON_OFFICER,
  policy,
});

describe('the urgent query with stand-in activities', () => {
  it('answers the raise only once the hold confirms, retrying a hold call that gave up, and keeps placement before clearing', async () => {
    const input = queryInput('E1001AA');
    failures.set('syncReleaseHold', { left: 2, error: permanent });
    const raised = env.client.workflow.executeUpdateWithStart(queryRaised, {
      args: [{ raise: input.raise }],
      startWorkflowOperation: new WithStartWorkflowOperation(URGENT_QUERY_WORKFLOW, {
        workflowId: input.reference,
        taskQueue,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [input],
      }),
    });
    const handle = env.client.workflow.getHandle(input.reference);
    // Two failures, each followed by the query's own one-minute retry timer: the time-skipping server jumps them.
    await minutesPass(3);
    expect(await raised).toMatchObject({ reference: input.reference, holdConfirmed: true });
    // Started without a patch level (as cases were before levels): it still asks patched(), marker and all.
    expect(
      ((await handle.fetchHistory()).events ?? []).filter(
        (e) => e.markerRecordedEventAttributes?.markerName === 'core_patch',
      ).length,
    ).toBeGreaterThan(0);
    const state = await handle.query(getQueryState);
    expect(state.timeline.filter((e) => e.action === 'HOLD_SYNC_FAILED')).toHaveLength(2);
    expect(
      callsOf('syncReleaseHold', ([a]) => (a as { reference: string }).reference === input.reference).map(
        (c) => (c.args[0] as { action: string }).action,
      ),
    ).toEqual(['PLACE', 'PLACE', 'PLACE']);
    // Withdrawn while a clearing call fails: the clearing is owed and tried again after the query has finished.
    failures.set('syncReleaseHold', { left: 1, error: permanent });
    // The prison's withdrawal: an officer asks, a duty governor confirms.
    await handle.executeUpdate(queryUpdates.withdraw, {
      args: [{ actor: PRISON_OFFICER, input: { reason: 'Raised in error' } }],
    });
    await handle.executeUpdate(queryUpdates.confirmWithdrawal, {
      args: [{ actor: GOVERNOR, input: { justification: 'Raised in error: the warrant was on file' } }],
    });
    await minutesPass(2);
    await handle.result();
    expect(
      callsOf('syncReleaseHold', ([a]) => (a as { reference: string }).reference === input.reference).map(
        (c) => (c.args[0] as { action: string }).action,
      ),
    ).toEqual(['PLACE', 'PLACE', 'PLACE', 'CLEAR', 'CLEAR']);
  });

  it('refuses a keyed retry that asks a different question', async () => {
    const input = queryInput('E1002AA');
    const start = (raise: UrgentQueryInput['raise']) =>
      env.client.workflow.executeUpdateWithStart(queryRaised, {
        args: [{ raise }],
        startWorkflowOperation: new WithStartWorkflowOperation(URGENT_QUERY_WORKFLOW, {
          workflowId: input.reference,
          taskQueue,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          args: [input],
        }),
      });
    await start(input.raise);
    await expect(start({ ...input.raise, question: 'Another question' })).rejects.toMatchObject({
      cause: { type: 'CONFLICT' },
    });
    expect((await env.client.workflow.getHandle(input.reference).query(getQueryState)).question).toBe(
      'Where is the warrant?',
    );
  });
});

describe('the release hold with stand-in activities', () => {
  it('keeps an effect that failed and tries it again five minutes later, and does not close while it is owed', async () => {
    const prisonerNumber = 'E2001AA';
    const handle = await env.client.workflow.start(RELEASE_HOLD_WORKFLOW, {
      workflowId: `RH-${prisonerNumber}`,
      taskQueue,
      args: [{ prisonerNumber, policy: TEST_HOLD_POLICY, idleCloseAfterMinutes: 1 }],
    });
    failures.set('releaseRecorded', { left: 1, error: permanent });
    const op = {
      type: 'recordRelease' as const,
      id: 'REL-E1',
      reason: 'SENT_TO_COURT' as const,
      prisonCode: 'MDI',
      releasedAt: new Date(await env.currentTimeMs()).toISOString(),
    };
    await handle.executeUpdate(holdOperation, { args: [{ actor: PRISON_OFFICER, op }] });
    await eventually(
      async () =>
        callsOf('releaseRecorded', ([a]) => (a as { prisonerNumber: string }).prisonerNumber === prisonerNumber).length,
      (n) => n === 1,
    );
    await minutesPass(2); // past the idle time, before the retry: still running
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await minutesPass(4);
    await eventually(
      async () =>
        callsOf('releaseRecorded', ([a]) => (a as { prisonerNumber: string }).prisonerNumber === prisonerNumber).length,
      (n) => n === 2,
    );
    const final = await handle.result(); // then idle, with nothing owed: it closes
    expect(final.releases).toHaveLength(1);
    expect(emptyHold(prisonerNumber).releases).toEqual([]);
  });
});

describe('the release-in-error incident with stand-in activities', () => {
  it('records a failed first notification, still escalates once a day, and tells the hold when it closes', async () => {
    const id = `RIE-E3001AA-${randomUUID().slice(0, 8).toUpperCase()}`;
    failures.set('incidentOpened', { left: 1, error: permanent });
    const handle = await env.client.workflow.start(RELEASE_IN_ERROR_WORKFLOW, {
      workflowId: id,
      taskQueue,
      args: [{ id, prisonerNumber: 'E3001AA', prisonCode: 'MDI', detection: 'REPORTED', howFound: 'Found on audit' }],
    });
    await minutesPass(2.5 * 24 * 60, 3_600_000);
    const escalations = callsOf('incidentEscalation', ([a]) => (a as { incident: { id: string } }).incident.id === id);
    expect(escalations).toHaveLength(2);
    const state = await handle.query('getIncidentState');
    expect((state as { timeline: { action: string }[] }).timeline.map((e) => e.action)).toEqual([
      'OPENED',
      'NOTIFICATION_FAILED',
      'ESCALATED',
      'ESCALATION_SENT',
      'ESCALATED',
      'ESCALATION_SENT',
    ]);
    await handle.executeUpdate('incidentOperation', {
      args: [
        {
          actor: INTERNAL_ACTOR,
          op: { type: 'returnedToCustody', returnedAt: new Date(await env.currentTimeMs()).toISOString() },
        },
      ],
    });
    await handle.executeUpdate('incidentOperation', {
      args: [
        {
          actor: { username: 'gov', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] },
          op: { type: 'close', cause: 'OTHER' },
        },
      ],
    });
    await handle.result();
    expect(callsOf('incidentClosed', ([a]) => (a as { incidentId: string }).incidentId === id)).toHaveLength(1);
  });
});

describe('the victim notification with stand-in activities', () => {
  it('goes straight to the team mailbox when the VLO’s address is refused, and continues as new as its history grows', async () => {
    const id = `VN-${randomUUID().slice(0, 8).toUpperCase()}`;
    const refused = 'refused.vlo@probation.test';
    failures.set('sendVictimNotice', {
      left: 1,
      error: () => ApplicationFailure.create({ type: SMTP_PERMANENT, message: '550', nonRetryable: true }),
    });
    const handle = await env.client.workflow.start(VICTIM_NOTIFICATION_WORKFLOW, {
      workflowId: id,
      taskQueue,
      args: [
        {
          id,
          facts: {
            kind: 'RELEASE_IN_ERROR',
            prisonerNumber: 'E4001AA',
            prisonCode: 'MDI',
            releaseType: 'RELEASED_IN_ERROR',
          },
          registration: { vloEmail: refused, teamMailbox: 'team@probation.test' },
          policy: TEST_NOTIFICATION_POLICY,
          historyEventLimit: 40,
        },
      ],
    });
    const firstRun = (await handle.describe()).runId;
    await minutesPass(6 * 60, 15 * 60_000); // a notice every 15 minutes: far more events than 40
    const sends = callsOf('sendVictimNotice', ([a]) => (a as { notificationId: string }).notificationId === id).map(
      (c) => c.args[0] as { to: string; key: string },
    );
    const sentTo = sends.map((s) => s.to);
    expect(sentTo[0]).toBe(refused);
    expect(sentTo.slice(1).every((to) => to !== refused)).toBe(true);
    expect(sentTo[1]).toBe('team@probation.test');
    const notices = new Set(sends.map((s) => s.key));
    const described = await env.client.workflow.getHandle(id).describe();
    expect(described.runId).not.toBe(firstRun);
    expect(described.status.name).toBe('RUNNING');
    // Six hours at one notice per 15 minutes, plus the first: the ladder's invariant holds across runs.
    expect(notices.size).toBeLessThanOrEqual(6 * 4 + 2);
    expect(notices.size).toBeGreaterThanOrEqual(6 * 4 - 1);
  });
});
