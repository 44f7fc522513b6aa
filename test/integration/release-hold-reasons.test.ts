import { afterAll, describe, expect, it } from 'vitest';
import { holdWorkflowId } from '../../src/workflows/definitions.ts';
import { gateCalls, inHours, startHoldTestSystem } from '../helpers/release-hold.ts';
import { eventually } from '../helpers/urgent-query.ts';
import type { TestSystem } from '../helpers/test-system.ts';

/** The discharge gate's reasons: placed by queries, court and people, progressed and cleared. */

let sys: TestSystem;
let tokens: Record<string, string>;
startHoldTestSystem((started) => ({ sys, tokens } = started));
afterAll(() => sys?.stop());
const { nextPrisoner, status, release, manualHold, reasonKeys } = gateCalls(() => ({ sys, tokens }));

describe('the discharge gate', () => {
  it('says a prisoner with no hold is releasable, with no reasons', async () => {
    const res = await status(await nextPrisoner());
    expect(res.status).toBe(200);
    // Nothing stands, but the gate needs a positive authorisation (release-authority.test.ts).
    expect(res.body).toMatchObject({ releasable: false, clear: true, reasons: [] });
  });

  it('holds for an open query from the moment it is raised, and clears when it is answered or withdrawn', async () => {
    for (const [finish, body] of [
      ['resolve', { determination: 'RELEASE_MAY_PROCEED', evidence: 'WR-1' }],
      ['confirm-withdrawal', { justification: 'Raised in error: the warrant was on file all along' }],
    ] as const) {
      const pn = await nextPrisoner();
      const raised = await sys.http('POST', '/api/urgent-queries', {
        token: tokens.officerA,
        body: {
          prisonCode: 'MDI',
          prisonerNumber: pn,
          category: 'WARRANT_MISSING',
          question: 'q',
          plannedRelease: inHours(30),
        },
      });
      const ref = raised.body.reference;
      // No waiting: 201 means the gate already holds the query's reason.
      expect(await reasonKeys(pn)).toEqual([`query-${ref}`]);
      expect((await status(pn)).body.releasable).toBe(false);
      if (finish === 'resolve')
        await sys.http('POST', `/api/urgent-queries/${ref}/claim`, { token: tokens.expert, body: {} });
      // The prison's withdrawal: an officer asks (it still holds), a duty governor confirms.
      if (finish !== 'resolve')
        expect(
          (
            await sys.http('POST', `/api/urgent-queries/${ref}/withdraw`, {
              token: tokens.officerA,
              body: { reason: 'Raised in error' },
            })
          ).status,
        ).toBe(200);
      if (finish !== 'resolve') expect(await reasonKeys(pn)).toEqual([`query-${ref}`]);
      const done = await sys.http('POST', `/api/urgent-queries/${ref}/${finish}`, {
        token: finish === 'resolve' ? tokens.expert : tokens.governor,
        body,
      });
      expect(done.status).toBe(200);
      await eventually(
        () => reasonKeys(pn),
        (keys) => keys.length === 0,
      );
    }
  });

  it('holds for every open query, whatever its urgency, including one with no planned release', async () => {
    for (const plannedRelease of [inHours(80), inHours(500), undefined]) {
      const pn = await nextPrisoner();
      const raised = await sys.http('POST', '/api/urgent-queries', {
        token: tokens.officerA,
        body: {
          prisonCode: 'MDI',
          prisonerNumber: pn,
          category: 'OTHER',
          question: 'q',
          ...(plannedRelease ? { plannedRelease } : {}),
        },
      });
      expect(raised.status).toBe(201);
      const query = await sys.http('GET', `/api/urgent-queries/${raised.body.reference}`, { token: tokens.officerA });
      expect(query.body.urgency).toBe('STANDARD');
      const refused = await release(pn);
      expect(refused.status).toBe(409);
      expect(refused.body.reasons.map((r: { key: string }) => r.key)).toEqual([`query-${raised.body.reference}`]);
    }
  });

  it('adds a custodial-status change from court once while it stands, keyed by court and case, clears it, and holds again on a new remand', async () => {
    const pn = await nextPrisoner();
    const flag = {
      prisonCode: 'MDI',
      courtCode: 'SHEFCC',
      courtCaseReference: 'T2026-0117',
      detail: 'Remanded in custody at Sheffield Crown Court',
    };
    for (let i = 0; i < 3; i++)
      expect(
        (await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: flag }))
          .status,
      ).toBe(201);
    // The same case number at another Crown Court centre is another case, and another reason.
    await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, {
      token: tokens.feed,
      body: { ...flag, courtCode: 'LEEDCC' },
    });
    const { body } = await status(pn);
    expect(body.reasons.map((r: { caseKey: string }) => r.caseKey)).toEqual([
      'court-SHEFCC-T20260117',
      'court-LEEDCC-T20260117',
    ]);
    expect(body.reasons[0]).toMatchObject({
      kind: 'CUSTODIAL_STATUS_CHANGE',
      owner: 'omu.MDI@prison.test',
      ownedBy: 'COURT',
    });
    expect(
      (await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.officerA, body: flag }))
        .status,
    ).toBe(403);
    for (const { key } of body.reasons as { key: string }[]) {
      expect(
        (
          await sys.http('POST', `/api/prisoners/${pn}/holds/${key}/clear`, {
            token: tokens.expert,
            body: { note: 'Court result checked' },
          })
        ).status,
      ).toBe(200);
    }
    expect((await status(pn)).body).toMatchObject({ clear: true, reasons: [] });
    // Flagged again after it was cleared (bail revoked, remanded again): it holds again.
    await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: flag });
    expect((await status(pn)).body.reasons.map((r: { caseKey: string }) => r.caseKey)).toEqual([
      'court-SHEFCC-T20260117',
    ]);
    // Keyed by its hearing, a delivery of the same hearing once cleared is not placed again.
    const byHearing = { ...flag, courtCaseReference: 'T2026-0200', hearingId: 'hearing-1' };
    const placed = (
      await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: byHearing })
    ).body.reasons.find((r: { caseKey: string }) => r.caseKey === 'court-SHEFCC-T20260200');
    await sys.http('POST', `/api/prisoners/${pn}/holds/${placed.key}/clear`, { token: tokens.expert, body: {} });
    await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, { token: tokens.feed, body: byHearing });
    expect(
      (await status(pn)).body.reasons.some((r: { caseKey: string }) => r.caseKey === 'court-SHEFCC-T20260200'),
    ).toBe(false);
  });

  it('lifts a manual hold only by a different person from the one who placed it', async () => {
    const pn = await nextPrisoner();
    const key = `hold-${Date.now()}`;
    expect((await manualHold(pn, 'officerA', { 'Idempotency-Key': key })).status).toBe(201);
    expect((await manualHold(pn, 'officerA', { 'Idempotency-Key': key })).status).toBe(201); // retried: still one
    const { reasons } = (await status(pn)).body;
    expect(reasons).toHaveLength(1);
    const self = await sys.http('POST', `/api/prisoners/${pn}/holds/${reasons[0].key}/clear`, {
      token: tokens.officerA,
      body: {},
    });
    expect(self.status).toBe(403);
    expect(self.body.detail).toMatch(/different person/);
    expect(
      (await sys.http('POST', `/api/prisoners/${pn}/holds/${reasons[0].key}/clear`, { token: tokens.leeds, body: {} }))
        .status,
    ).toBe(404);
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/holds/${reasons[0].key}/clear`, {
          token: tokens.officerB,
          body: { note: 'Warrant confirmed' },
        })
      ).status,
    ).toBe(200);
    expect((await status(pn)).body.clear).toBe(true);
  });

  it('records progress on a reason without lifting it, so its review reminders start over', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn);
    const [before] = (await status(pn)).body.reasons;
    const upserts = async () =>
      ((await sys.client.workflow.getHandle(holdWorkflowId(pn)).fetchHistory()).events ?? []).filter(
        (e) => e.upsertWorkflowSearchAttributesEventAttributes,
      ).length;
    const upsertsBefore = await upserts();
    const progressed = await sys.http('POST', `/api/prisoners/${pn}/holds/${before.key}/progress`, {
      token: tokens.officerB,
      body: { note: 'Court asked for the warrant' },
    });
    expect(progressed.status).toBe(200);
    expect(progressed.body.releasable).toBe(false);
    expect(Date.parse(progressed.body.reasons[0].lastProgressAt)).toBeGreaterThan(Date.parse(before.lastProgressAt));
    // Still held, same prison: nothing for visibility, so no upsert (each is a history event and a write).
    expect(await upserts()).toBe(upsertsBefore);
    const hold = await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.officerA });
    expect(hold.body.audit.at(-1)).toMatchObject({
      who: 'officerB',
      detail: expect.stringContaining('Court asked for the warrant'),
    });
    expect(
      (await sys.http('POST', `/api/prisoners/${pn}/holds/no-such-key/progress`, { token: tokens.officerB, body: {} }))
        .status,
    ).toBe(404);
  });
});
