import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdWorkflowId } from '../../src/workflows/definitions.ts';
import { testServices } from '../helpers/activity-deps.ts';
import {
  GOVERNOR,
  LEAD,
  PRISON_OFFICER,
  eventually,
  minutes,
  plus,
  startQuery,
  stateOf,
} from '../helpers/urgent-query.ts';
import { testPolicy } from '../helpers/test-system.ts';
import { startTimeSkippingSystem, type TimeSkippingSystem } from '../helpers/time-skipping.ts';

/**
 * Lifetimes measured in days and weeks, on a time-skipping server of their own: a clean server per
 * test, so no other test's escalations repeat through the days skipped. The worker keeps workflows
 * cached here: the test server mishandles updates to workflows replayed on every task (it answered
 * "Already accepted update" and "invalid history builder state"), and nothing here restarts a worker.
 */
let sys: TimeSkippingSystem;
const policy = testPolicy();
beforeEach(async () => {
  sys = await startTimeSkippingSystem({ cached: true });
});
afterEach(() => sys?.stop());

const releaseIn = async (hours: number) => new Date((await sys.env.currentTimeMs()) + hours * 3_600_000).toISOString();
const mailFor = (reference: string) => sys.mail.messages().filter((m) => m.subject?.includes(reference));
async function advanceTo(isoTime: string, slackMs = 1_000) {
  const now = await sys.env.currentTimeMs();
  const target = Date.parse(isoTime) + slackMs;
  if (target > now) await sys.env.sleep(target - now);
}

describe('urgency rises as the release nears', () => {
  it('rises to URGENT at exactly 72 hours before the release and CRITICAL at 24, with new targets, telling the unit each time', async () => {
    const release = await releaseIn(80);
    const handle = await startQuery(sys.env.client, sys.taskQueue, policy, { plannedRelease: release });
    expect((await stateOf(handle)).urgency).toBe('STANDARD');
    const seventyTwo = plus(release, -72 * 3_600_000);
    await advanceTo(seventyTwo, 2_000);
    const urgent = await eventually(
      () => stateOf(handle),
      (s) => s.urgency === 'URGENT',
    );
    expect(urgent.targetStartedAt).toBe(seventyTwo);
    expect(urgent.timeline.find((e) => e.action === 'URGENCY_RAISED')).toMatchObject({
      at: seventyTwo,
      detail: 'STANDARD → URGENT: release within 72 hours',
    });
    const [told] = await sys.mail.waitFor(
      (m) => m.subject?.includes(`${handle.workflowId}: Query is now URGENT`) === true,
    );
    expect(told!.to).toEqual(['queue@unit.test']);
    expect(told!.headers['x-release-guard-alert']).toBe('URGENCY_RAISED');

    const twentyFour = plus(release, -24 * 3_600_000);
    await advanceTo(twentyFour, 2_000);
    const critical = await eventually(
      () => stateOf(handle),
      (s) => s.urgency === 'CRITICAL',
    );
    expect(critical.targetStartedAt).toBe(twentyFour);
    // The new first-response target starts at the rise (30 minutes), still under the release cap.
    expect(critical.deadlines.firstResponse).toBe(plus(twentyFour, minutes(30)));
    await sys.mail.waitFor((m) => m.subject?.includes(`${handle.workflowId}: Query is now CRITICAL`) === true);
  });

  it('treats a planned release in the past as overdue: one alert at the level it calls for, then one per repeat from now', async () => {
    for (const plannedRelease of ['0026-06-12T11:53:46Z', await releaseIn(-30)]) {
      const handle = await startQuery(sys.env.client, sys.taskQueue, policy, { plannedRelease });
      const started = await eventually(
        () => stateOf(handle),
        (s) => s.escalations.some((e) => e.alertsSent > 0),
      );
      expect(started.escalations).toHaveLength(1);
      expect(started.escalations[0]).toMatchObject({ trigger: 'RELEASE_NEAR', level: 3, alertsSent: 1 });
      // An hour of wall-clock time later: the first alert and four repeats at most, however far back the release lay.
      await advanceTo(plus(started.escalations[0]!.lastAlertAt!, minutes(60)), 5_000);
      const later = await stateOf(handle);
      const alerts = mailFor(handle.workflowId).filter((m) => m.subject?.includes('Escalation level 3'));
      expect(later.escalations[0]!.alertsSent).toBeLessThanOrEqual(5);
      expect(alerts.length).toBe(later.escalations[0]!.alertsSent);
      expect((await handle.fetchHistory()).events!.length).toBeLessThan(200);
    }
  });
});

describe('a release hold lives as long as anything about it matters', () => {
  it('stays open through 31 idle days while a released-in-error prisoner is at large, then closes once he is back and the incident is closed', async () => {
    const services = testServices(sys.env.client, sys.taskQueue, sys.stores);
    const pn = await sys.admit('MDI');
    const items = services.gate.checklists().movements.RELEASED!.map((i) => ({ item: i.item, answer: true }));
    const { id } = await services.gate.completeChecklist(GOVERNOR, pn, { movement: 'RELEASED', answers: items });
    await services.gate.verifyAuthorisation({ ...GOVERNOR, username: 'second.governor' }, pn, id);
    await services.gate.recordRelease(PRISON_OFFICER, pn, { reason: 'RELEASED' });
    const { incidentId } = await services.gate.reportReleaseInError(GOVERNOR, pn, {
      howFound: 'Remand warrant found after discharge',
    });
    const hold = sys.env.client.workflow.getHandle(holdWorkflowId(pn));
    const now = await sys.env.currentTimeMs();
    await advanceTo(new Date(now + 31 * 24 * 3_600_000).toISOString(), 0);
    expect((await hold.describe()).status.name).toBe('RUNNING');
    // Back in custody: recorded (it was 409 once the hold had closed), at the time given.
    const back = new Date((await sys.env.currentTimeMs()) - 3_600_000).toISOString();
    const returned = await services.gate.returnedToCustody(PRISON_OFFICER, pn, { returnedAt: back });
    expect(returned.releases?.[0]?.returnedToCustodyAt).toBe(back);
    const incident = sys.env.client.workflow.getHandle(incidentId);
    await eventually(
      () => services.incidents.read(LEAD, incidentId),
      (s) => s.status === 'RETURNED_TO_CUSTODY',
    );
    // With the incident still open, the hold still stays.
    await advanceTo(new Date((await sys.env.currentTimeMs()) + 31 * 24 * 3_600_000).toISOString(), 0);
    expect((await hold.describe()).status.name).toBe('RUNNING');
    await services.incidents.close(GOVERNOR, incidentId, { cause: 'WARRANT_MISSING_OR_MISPLACED' });
    await incident.result();
    await eventually(
      () => services.holds.read(pn),
      (h) => h?.incidents[0]?.closed === true,
    );
    await advanceTo(new Date((await sys.env.currentTimeMs()) + 31 * 24 * 3_600_000).toISOString(), 0);
    const final = await hold.result();
    expect(final.incidents).toEqual([
      expect.objectContaining({ id: incidentId, returnedToCustody: true, closed: true }),
    ]);
  });
});
