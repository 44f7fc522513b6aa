import { afterAll, describe, expect, it } from 'vitest';
import { headerReference } from '../../src/activities/mail.ts';
import { RELEASE_IN_ERROR_WORKFLOW } from '../../src/workflows/definitions.ts';
import { POLICE, TEST_CASE_ID_KEY } from '../helpers/activity-deps.ts';
import { recordHistory } from '../helpers/histories.ts';
import { gateCalls, startHoldTestSystem } from '../helpers/release-hold.ts';
import { eventually } from '../helpers/urgent-query.ts';
import type { TestSystem } from '../helpers/test-system.ts';

/** Release-in-error incidents: detected or reported, escalated, notified and counted. */

let sys: TestSystem;
let tokens: Record<string, string>;
startHoldTestSystem((started) => ({ sys, tokens } = started));
afterAll(() => sys?.stop());
const { nextPrisoner, release } = gateCalls(() => ({ sys, tokens }));

describe('release-in-error incidents', () => {
  it('detects a release in error when a query for a released prisoner is answered DO_NOT_RELEASE', async () => {
    const pn = await nextPrisoner();
    const released = await release(pn);
    expect(released.status).toBe(201);
    const raised = await sys.http('POST', '/api/urgent-queries', {
      token: tokens.officerA,
      body: {
        prisonCode: 'MDI',
        prisonerNumber: pn,
        category: 'CUSTODIAL_STATUS_CONFLICT',
        question: 'Was he remanded?',
      },
    });
    const ref = raised.body.reference;
    await sys.http('POST', `/api/urgent-queries/${ref}/claim`, { token: tokens.expert, body: {} });
    await sys.http('POST', `/api/urgent-queries/${ref}/resolve`, {
      token: tokens.expert,
      body: { determination: 'DO_NOT_RELEASE', evidence: 'Remand warrant', correctLegalStatus: 'REMAND' },
    });
    const id = `RIE-${pn}-${released.body.id}`;
    const incident = await eventually(
      () => sys.http('GET', `/api/incidents/${id}`, { token: tokens.lead }),
      (r) => r.status === 200,
    );
    expect(incident.body).toMatchObject({
      id,
      detection: 'AUTOMATIC',
      prisonerNumber: pn,
      releaseId: released.body.id,
      status: 'OPEN',
    });
    const [mail] = await sys.mail.waitFor(
      (m) =>
        m.headers['x-release-guard-reference'] === headerReference(id, TEST_CASE_ID_KEY) &&
        m.subject?.includes('A person has been released in error') === true,
    );
    expect(mail!.subject).not.toContain(pn);
    expect(mail!.to.sort()).toEqual(['head@unit.test', POLICE].sort());
  });

  it('escalates every interval until the person is back in custody and the incident is closed with a cause', async () => {
    const pn = await nextPrisoner();
    const reported = await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, {
      token: tokens.governor,
      body: { prisonCode: 'MDI', howFound: 'Court called: remand warrant arrived after discharge' },
    });
    expect(reported.status).toBe(201);
    const id = reported.body.incidentId as string;
    await sys.mail.waitFor(
      (m) =>
        m.headers['x-release-guard-reference'] === headerReference(id, TEST_CASE_ID_KEY) &&
        m.subject?.includes('Still open after') === true,
      { count: 2 },
    );
    expect(
      (
        await sys.http('POST', `/api/incidents/${id}/close`, {
          token: tokens.governor,
          body: { cause: 'WARRANT_MISSING_OR_MISPLACED' },
        })
      ).status,
    ).toBe(409);
    expect(
      (await sys.http('POST', `/api/prisoners/${pn}/returned-to-custody`, { token: tokens.officerA, body: {} })).status,
    ).toBe(200);
    await eventually(
      () => sys.http('GET', `/api/incidents/${id}`, { token: tokens.lead }),
      (r) => r.body.status === 'RETURNED_TO_CUSTODY',
    );
    expect(
      (await sys.http('POST', `/api/incidents/${id}/close`, { token: tokens.governor, body: { cause: 'NOT_A_CAUSE' } }))
        .status,
    ).toBe(400);
    const closed = await sys.http('POST', `/api/incidents/${id}/close`, {
      token: tokens.governor,
      body: { cause: 'WARRANT_MISSING_OR_MISPLACED', summary: 'Warrant faxed to wrong prison' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', cause: 'WARRANT_MISSING_OR_MISPLACED' });
    expect(closed.body.timeline.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['OPENED', 'NOTIFIED', 'ESCALATED', 'RETURNED_TO_CUSTODY', 'CLOSED']),
    );
    const result = await sys.client.workflow.getHandle(id).result();
    expect(result.escalationsSent).toBe(closed.body.escalationsSent);
    // A retried start of the same incident after it closed (a worker killed mid-activity) opens nothing.
    const before = await sys.client.workflow.getHandle(id).describe();
    await sys.services.incidents.open({ ...result, id } as never);
    const after = await sys.client.workflow.getHandle(id).describe();
    expect([after.runId, after.status.name]).toEqual([before.runId, 'COMPLETED']);
    await recordHistory(sys.client.workflow.getHandle(id), 'release-in-error-incident');
  });

  it('survives a refused police address: the failure is recorded and the incident stays open', async () => {
    const pn = await nextPrisoner();
    sys.mail.recipientVerdict = (address) =>
      address === POLICE ? { code: 550, message: 'Mailbox unavailable' } : undefined;
    try {
      const reported = await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, {
        token: tokens.governor,
        body: { prisonCode: 'MDI', howFound: 'Spotted on the roll check' },
      });
      const id = reported.body.incidentId as string;
      const incident = await eventually(
        () => sys.http('GET', `/api/incidents/${id}`, { token: tokens.lead }),
        (r) => r.body.timeline?.some((e: { action: string }) => e.action === 'NOTIFICATION_FAILED'),
      );
      expect(incident.body.status).toBe('OPEN');
      expect((await sys.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
    } finally {
      sys.mail.recipientVerdict = undefined;
    }
  });

  it('lists incidents and counts them by month and prison from visibility', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const pn = await nextPrisoner();
    await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, {
      token: tokens.officerA,
      body: { prisonCode: 'MDI', howFound: 'Found on audit' },
    });
    const counts = await eventually(
      () => sys.http('GET', `/api/incidents/counts?month=${month}`, { token: tokens.lead }),
      (r) => (r.body.byPrison?.MDI ?? 0) >= 1,
    );
    expect(counts.body.total).toBeGreaterThanOrEqual(counts.body.byPrison.MDI);
    const list = await sys.http('GET', '/api/incidents?prisonCode=MDI', { token: tokens.lead });
    expect(list.body.items.every((i: { prisonCode: string }) => i.prisonCode === 'MDI')).toBe(true);
    expect(
      (await sys.http('GET', '/api/incidents', { token: tokens.leeds })).body.items.filter(
        (i: { prisonCode: string }) => i.prisonCode === 'MDI',
      ),
    ).toEqual([]);
    expect((await sys.http('GET', `/api/incidents/counts?month=2026-13`, { token: tokens.lead })).status).toBe(400);
    expect(RELEASE_IN_ERROR_WORKFLOW).toBe('releaseInErrorIncident');
  });
});
