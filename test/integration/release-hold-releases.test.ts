import { afterAll, describe, expect, it } from 'vitest';
import { PATCH_LEVEL, holdWorkflowId } from '../../src/workflows/definitions.ts';
import { recordHistory } from '../helpers/histories.ts';
import { gateCalls, inHours, startHoldTestSystem } from '../helpers/release-hold.ts';
import { eventually } from '../helpers/urgent-query.ts';
import type { TestSystem } from '../helpers/test-system.ts';

/** The discharge gate's releases: refused while a reason stands, overridden, raced, and hidden from another prison. */

let sys: TestSystem;
let tokens: Record<string, string>;
startHoldTestSystem((started) => ({ sys, tokens } = started));
afterAll(() => sys?.stop());
const { nextPrisoner, status, release, manualHold } = gateCalls(() => ({ sys, tokens }));

describe('the discharge gate', () => {
  it('refuses a movement recorded for the future (422), naming the field and storing nothing', async () => {
    const pn = await nextPrisoner();
    const tomorrow = inHours(24);
    const release = await sys.http('POST', `/api/prisoners/${pn}/releases`, {
      token: tokens.officerA,
      body: { prisonCode: 'MDI', reason: 'RELEASED', releasedAt: tomorrow },
    });
    expect(release.status).toBe(422);
    expect(release.headers.get('content-type')).toMatch(/problem\+json/);
    expect(release.body.errors).toEqual([
      { field: 'body.releasedAt', message: expect.stringMatching(/in the future/) },
    ]);
    const rie = await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, {
      token: tokens.officerA,
      body: { prisonCode: 'MDI', howFound: 'Phone call', releasedAt: tomorrow },
    });
    expect(rie.status).toBe(422);
    expect((await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.officerA })).status).toBe(404);
    // Within the clock tolerance is now, not the future.
    await sys.authoriseIfPossible(pn);
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/releases`, {
          token: tokens.officerA,
          body: { prisonCode: 'MDI', reason: 'RELEASED', releasedAt: inHours(1 / 60) },
        })
      ).status,
    ).toBe(201);
    const back = await sys.http('POST', `/api/prisoners/${pn}/returned-to-custody`, {
      token: tokens.officerA,
      body: { returnedAt: tomorrow },
    });
    expect(back.status).toBe(422);
    expect(back.body.errors[0].field).toBe('body.returnedAt');
  });

  it('refuses a release while a reason stands, listing every reason and recording nothing, then allows it once they clear', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn, 'officerA');
    await sys.http('POST', `/api/prisoners/${pn}/custodial-status-changes`, {
      token: tokens.feed,
      body: { prisonCode: 'MDI', courtCode: 'LEEDCC', courtCaseReference: 'X1', detail: 'Bail revoked' },
    });
    const refused = await release(pn);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    expect(refused.body.reasons.map((r: { kind: string }) => r.kind).sort()).toEqual([
      'CUSTODIAL_STATUS_CHANGE',
      'MANUAL',
    ]);
    const hold = await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.officerA });
    expect(hold.body.releases).toEqual([]);

    for (const reason of refused.body.reasons)
      await sys.http('POST', `/api/prisoners/${pn}/holds/${reason.key}/clear`, {
        token: reason.kind === 'MANUAL' ? tokens.officerB : tokens.feed,
        body: {},
      });
    const allowed = await release(pn, 'officerA', { 'Idempotency-Key': `rel-${pn}` });
    expect(allowed.status).toBe(201);
    expect(allowed.body).toMatchObject({ reason: 'RELEASED', prisonCode: 'MDI', recordedBy: 'officerA' });
    const again = await release(pn, 'officerA', { 'Idempotency-Key': `rel-${pn}` });
    expect(again.body.id).toBe(allowed.body.id);
    const events = await eventually(
      () => sys.events.list({ eventType: 'release-guard.prisoner.released' }),
      (es) => es.some((e) => e.personReference.identifiers[0]!.value === pn),
    );
    expect(events.find((e) => e.personReference.identifiers[0]!.value === pn)).toMatchObject({
      version: 1,
      personReference: { identifiers: [{ type: 'NOMS', value: pn }] },
      additionalInformation: { releaseId: allowed.body.id },
    });
    // Named by patch level: each level's history stays a fixture when a later level is recorded.
    await recordHistory(
      sys.client.workflow.getHandle(holdWorkflowId(pn)),
      `release-hold-refused-then-released-patch-level-${PATCH_LEVEL}`,
    );
  });

  it('lets a duty governor override every reason for one release, audited and reported', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn, 'officerA');
    const justification = 'Court clerk confirmed by phone that the warrant was withdrawn; paperwork to follow';
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/overrides`, {
          token: tokens.officerA,
          body: { prisonCode: 'MDI', justification },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/overrides`, {
          token: tokens.governor,
          body: { prisonCode: 'MDI', justification: 'short' },
        })
      ).status,
    ).toBe(400);
    const override = await sys.http('POST', `/api/prisoners/${pn}/overrides`, {
      token: tokens.governor,
      body: { prisonCode: 'MDI', justification },
    });
    expect(override.status).toBe(201);
    expect((await status(pn)).body).toMatchObject({ clear: true, override: { id: override.body.id } });
    const released = await release(pn);
    expect(released.status).toBe(201);
    expect(released.body.overrideId).toBe(override.body.id);
    // Used once: the hold stands again for any further release.
    expect((await status(pn)).body.clear).toBe(false);
    const hold = (await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.governor })).body;
    const gateAudit = hold.audit.filter(
      (a: { what: string }) => !['CHECKLIST_COMPLETED', 'AUTHORISATION_VERIFIED'].includes(a.what),
    );
    expect(gateAudit.map((a: { what: string }) => a.what)).toEqual([
      'REASON_ADDED',
      'OVERRIDE_GRANTED',
      'RELEASE_RECORDED',
    ]);
    expect(gateAudit[1]).toMatchObject({ who: 'governor', detail: expect.stringContaining(justification) });
    await eventually(
      () => sys.events.list({ eventType: 'release-guard.hold.overridden' }),
      (es) => es.some((e) => e.additionalInformation.overrideId === override.body.id),
    );
  });

  it('ends a hold racing a release in exactly one consistent outcome, every time', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const pn = await nextPrisoner();
        const [hold, rel] = await Promise.all([manualHold(pn, 'officerA'), release(pn, 'officerB')]);
        expect(hold.status).toBe(201);
        const state = (await sys.http('GET', `/api/prisoners/${pn}/hold`, { token: tokens.officerA })).body;
        const order = state.audit
          .map((a: { what: string }) => a.what)
          .filter((w: string) => !['CHECKLIST_COMPLETED', 'AUTHORISATION_VERIFIED'].includes(w));
        if (rel.status === 201) {
          expect(order).toEqual(['RELEASE_RECORDED', 'REASON_ADDED']); // released first; the hold came after
          return 'released';
        }
        expect(rel.status).toBe(409);
        expect(state.releases).toEqual([]);
        expect(order).toEqual(['REASON_ADDED', 'RELEASE_REFUSED']); // the refusal is recorded too
        return 'held';
      }),
    );
    expect(outcomes).toHaveLength(12);
  });

  it('loses nothing when the worker restarts between a hold and a release', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn, 'officerA');
    await sys.stopWorker();
    await sys.startWorker();
    const refused = await release(pn);
    expect(refused.status).toBe(409);
    expect(refused.body.reasons).toHaveLength(1);
  });

  it('hides another prison’s prisoner entirely: his hold, and any act on him, are not found', async () => {
    const pn = await nextPrisoner();
    await manualHold(pn, 'officerA');
    expect((await status(pn, 'leeds')).status).toBe(404);
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/releases`, {
          token: tokens.leeds,
          body: { prisonCode: 'MDI', reason: 'RELEASED' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await sys.http('GET', `/api/prisoners/not-a-number/release-status`, { token: tokens.officerA })).status,
    ).toBe(404);
  });
});
