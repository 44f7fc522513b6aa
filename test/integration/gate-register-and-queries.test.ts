import { afterAll, describe, expect, it } from 'vitest';
import { gateActors, JUSTIFICATION, record, startGateTestSystem } from '../helpers/gate.ts';
import { inHours } from '../helpers/release-hold.ts';
import { uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import type { TestSystem } from '../helpers/test-system.ts';

/**
 * The gate must never say yes wrongly. Each case here was a wrong answer before the register, the
 * second version of the gate and the split of the SYSTEM role: tried as a new user and an attacker would.
 */
// The register and who may act on him, and every open query holding; the movements are in gate-movements.test.ts.
let sys: TestSystem;
let tokens: Record<string, string>;
startGateTestSystem((started) => ({ sys, tokens } = started));
afterAll(() => sys?.stop());
const { as, raise, release } = gateActors(() => ({ sys, tokens }));

describe('a register decides where a prisoner is, and who may act on him', () => {
  it('is fed by the prison-system sync, read by the unit and the holding prison, and searched across aliases', async () => {
    const pn = uniquePrisonerNumber();
    const created = await as('sync').put(`/api/prisoners/${pn}`, record(pn));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      prisonerNumber: pn,
      prisonCode: 'MDI',
      status: 'IN_CUSTODY',
      aliases: [{ firstName: 'James', lastName: 'Gatz' }],
    });
    expect((await as('sync').put(`/api/prisoners/${pn}`, { ...record(pn), middleNames: 'James' })).status).toBe(200);
    expect((await as('mdi').get(`/api/prisoners/${pn}`)).body.middleNames).toBe('James');
    expect((await as('expert').get(`/api/prisoners/${pn}`)).status).toBe(200);
    expect((await as('lei').get(`/api/prisoners/${pn}`)).status).toBe(404);
    // By an alias and its date of birth, by number in lower case with spaces, and by PNC.
    const byAlias = await as('expert').get('/api/prisoners?lastName=gatz&dateOfBirth=1976-07-04');
    expect(byAlias.body.items.map((p: { prisonerNumber: string }) => p.prisonerNumber)).toContain(pn);
    expect(
      (await as('mdi').get(`/api/prisoners?prisonerNumber=${encodeURIComponent(` ${pn.toLowerCase()} `)}`)).body.items,
    ).toHaveLength(1);
    expect((await as('lei').get(`/api/prisoners?prisonerNumber=${pn}`)).body.items).toEqual([]);
    expect(
      (await as('expert').get('/api/prisoners?pncNumber=2002/0700001G')).body.items.map(
        (p: { prisonerNumber: string }) => p.prisonerNumber,
      ),
    ).toContain(pn);
    // Only the sync writes it; an unknown establishment is a 422 naming the field.
    expect((await as('mdi').put(`/api/prisoners/${pn}`, record(pn))).status).toBe(403);
    const unknown = await as('sync').put(`/api/prisoners/${pn}`, { ...record(pn), prisonCode: 'ZZZ' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'body.prisonCode', message: 'ZZZ is not a known establishment' }]);
  });

  it('moves a prisoner on a transfer from the prison system, and with him who may act on him', async () => {
    const pn = await sys.admit('MDI');
    const moved = await as('sync').post(`/api/prisoners/${pn}/movements`, { type: 'TRANSFERRED', prisonCode: 'LEI' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ prisonCode: 'LEI', status: 'IN_CUSTODY' });
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).status).toBe(404);
    expect((await as('lei').get(`/api/prisoners/${pn}/release-status`)).status).toBe(200);
    expect(
      (await as('sync').post(`/api/prisoners/${pn}/movements`, { type: 'RECEIVED', prisonCode: 'NOPE' })).status,
    ).toBe(400);
  });

  it('lets no other prison override, release, read or audit an MDI prisoner (it was 201 for a Leeds governor)', async () => {
    const pn = await sys.admit('MDI');
    expect((await as('mdi').post(`/api/prisoners/${pn}/holds`, { reason: 'Awaiting the remand warrant' })).status).toBe(
      201,
    );
    expect(
      (
        await as('leiGovernor').post(`/api/prisoners/${pn}/overrides`, {
          prisonCode: 'MDI',
          justification: JUSTIFICATION,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await as('leiGovernor').post(`/api/prisoners/${pn}/overrides`, {
          prisonCode: 'LEI',
          justification: JUSTIFICATION,
        })
      ).status,
    ).toBe(404);
    expect((await release(pn, 'lei', { prisonCode: 'LEI' })).status).toBe(404);
    expect((await as('lei').get(`/api/prisoners/${pn}/hold`)).status).toBe(404);
    expect((await as('lei').get(`/api/prisoners/${pn}/release-status`)).status).toBe(404);
    // MDI still sees him, held.
    expect((await as('mdi').get(`/api/prisoners/${pn}/release-status`)).body.releasable).toBe(false);
    expect((await as('mdi').get(`/api/prisoners/${pn}/hold`)).body.releases).toEqual([]);
  });

  it('takes a body’s prisonCode only when it agrees with the register (422 naming the field)', async () => {
    const pn = await sys.admit('MDI');
    const wrong = await release(pn, 'mdi', { prisonCode: 'LEI' }, { authorise: false });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([
      { field: 'body.prisonCode', message: expect.stringContaining('the register places') },
    ]);
    expect((await as('mdi').get(`/api/prisoners/${pn}/hold`)).status).toBe(404); // nothing stored
  });

  it('raises a query only for a prisoner on the raising prison’s roll (422 otherwise)', async () => {
    const atLeeds = await sys.admit('LEI');
    for (const pn of [atLeeds, uniquePrisonerNumber()]) {
      const res = await raise(pn, { prisonCode: 'MDI' });
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({
        field: 'body.prisonerNumber',
        message: expect.stringContaining('is not on the roll of MDI'),
      });
    }
    // The prison can be left out: the register knows where he is.
    expect((await raise(await sys.admit('MDI'))).status).toBe(201);
  });
});

describe('every open query holds, from the moment it is raised', () => {
  it('refuses twenty releases sent the instant after twenty CRITICAL queries are raised (all twenty went through before)', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const pn = await sys.admit('MDI');
        const raised = await raise(pn, { plannedRelease: inHours(6) });
        expect(raised.status).toBe(201);
        return (await release(pn)).status;
      }),
    );
    expect(outcomes).toEqual(Array(20).fill(409));
  });

  it('still refuses the release when the worker is killed between the raise and the release', async () => {
    const pn = await sys.admit('MDI');
    expect((await raise(pn, { plannedRelease: inHours(6) })).status).toBe(201);
    await sys.stopWorker();
    const refused = release(pn); // waits for a worker: the hold is durable, not in a process
    await sys.startWorker();
    expect((await refused).status).toBe(409);
  });

  it('holds for a STANDARD query (release 80 hours away) and for one with no planned release', async () => {
    for (const extra of [{ plannedRelease: inHours(80) }, {}]) {
      const pn = await sys.admit('MDI');
      const raised = await raise(pn, extra);
      const refused = await release(pn);
      expect(refused.status).toBe(409);
      expect(refused.body.reasons).toEqual([
        expect.objectContaining({ key: `query-${raised.body.reference}`, kind: 'URGENT_QUERY' }),
      ]);
    }
  });

  it('lets no token clear an open query’s reason; a team leader lifts it only with a written justification', async () => {
    const pn = await sys.admit('MDI');
    const { reference } = (await raise(pn)).body;
    const path = `/api/prisoners/${pn}/holds/query-${reference}/clear`;
    for (const user of ['mdi', 'mdiGovernor', 'expert', 'courts'])
      expect([user, (await as(user).post(path, { note: JUSTIFICATION })).status]).toEqual([user, 403]);
    // The sync and event reader may not even call it.
    for (const user of ['sync', 'events']) expect((await as(user).post(path, {})).status).toBe(403);
    const bare = await as('lead').post(path, { note: 'ok' });
    expect(bare.status).toBe(422);
    expect((await release(pn)).status).toBe(409);
    const lifted = await as('lead').post(path, { note: JUSTIFICATION });
    expect(lifted.status).toBe(200);
    expect(lifted.body.releasable).toBe(true);
    const hold = await as('lead').get(`/api/prisoners/${pn}/hold`);
    expect(hold.body.audit.at(-1)).toMatchObject({
      who: 'lead',
      what: 'REASON_CLEARED',
      detail: expect.stringContaining(JUSTIFICATION),
    });
  });
});
