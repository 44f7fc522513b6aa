import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/pages.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * Journeys through the real workflows, to show the records the Performance Board's reports read are
 * the ones the system writes. The reports against a seeded set of records are in
 * reports-figures.test.ts.
 */

let sys: TestSystem;
let lead: string;

beforeAll(async () => {
  sys = await startTestSystem();
  lead = await sys.issuer.token('unit.lead', ['QUERY_UNIT_LEAD']);
}, 120_000);
afterAll(() => sys?.stop());

describe('the reports read what the system writes', () => {
  it('counts a refusal, a finished query and a release in error that went through the real workflows', async () => {
    const pn = await sys.admit('BWI');
    const staff = await sys.issuer.token('bwi.officer', ['PRISON_STAFF'], ['BWI']);
    const expert = await sys.issuer.token('court.expert', ['COURT_EXPERT']);
    const thisMonth = new Date().toISOString().slice(0, 7);
    const read = async (path: string) =>
      (await sys.http('GET', `${path}?from=${thisMonth}&to=${thisMonth}`, { token: staff })).body;
    const gateBefore = await read('/api/reports/gate');
    const queriesBefore = await read('/api/reports/urgent-queries');

    const raised = await sys.http('POST', '/api/urgent-queries', {
      token: staff,
      body: {
        prisonCode: 'BWI',
        prisonerNumber: pn,
        category: 'WARRANT_MISSING',
        question: 'No remand warrant on file',
        plannedRelease: new Date(Date.now() + 6 * 3_600_000).toISOString(),
      },
    });
    expect(raised.status).toBe(201);
    const refused = await sys.http('POST', `/api/prisoners/${pn}/releases`, {
      token: staff,
      body: { prisonCode: 'BWI', reason: 'RELEASED' },
    });
    expect(refused.status).toBe(409);
    const ref = raised.body.reference;
    expect((await sys.http('POST', `/api/urgent-queries/${ref}/claim`, { token: expert, body: {} })).status).toBe(200);
    expect(
      (
        await sys.http('POST', `/api/urgent-queries/${ref}/resolve`, {
          token: expert,
          body: { determination: 'RELEASE_MAY_PROCEED', evidence: 'Warrant found' },
        })
      ).status,
    ).toBe(200);
    expect((await sys.http('POST', `/api/urgent-queries/${ref}/acknowledge`, { token: staff, body: {} })).status).toBe(
      200,
    );

    const gateAfter = await eventually(
      () => read('/api/reports/gate'),
      (r) => r.releasesPrevented === gateBefore.releasesPrevented + 1,
    );
    expect(gateAfter.preventedByReasonKind.URGENT_QUERY).toBe(gateBefore.preventedByReasonKind.URGENT_QUERY + 1);
    expect(gateAfter.byPrison.BWI.releasesPrevented).toBe((gateBefore.byPrison.BWI?.releasesPrevented ?? 0) + 1);
    const queriesAfter = await eventually(
      () => read('/api/reports/urgent-queries'),
      (r) => r.handled === queriesBefore.handled + 1,
    );
    expect(queriesAfter.firstResponseTarget.of).toBe(queriesBefore.firstResponseTarget.of + 1);
    expect(queriesAfter.firstResponseTarget.met).toBe(queriesBefore.firstResponseTarget.met + 1);
    expect(queriesAfter.answerTarget.met).toBe(queriesBefore.answerTarget.met + 1);
    expect(queriesAfter.answeredBeforeRelease.met).toBe(queriesBefore.answeredBeforeRelease.met + 1);

    // Released, then found to be a release in error and closed with its cause.
    await sys.authoriseIfPossible(pn);
    expect(
      (
        await sys.http('POST', `/api/prisoners/${pn}/releases`, {
          token: staff,
          body: { prisonCode: 'BWI', reason: 'RELEASED' },
        })
      ).status,
    ).toBe(201);
    const rieBefore = await read('/api/reports/releases-in-error');
    const reported = await sys.http('POST', `/api/prisoners/${pn}/releases-in-error`, {
      token: staff,
      body: { howFound: 'Warrant for another matter found after discharge' },
    });
    expect(reported.status).toBe(201);
    expect(
      (await sys.http('POST', `/api/prisoners/${pn}/returned-to-custody`, { token: staff, body: {} })).status,
    ).toBe(200);
    const lead = await sys.issuer.token('unit.lead', ['QUERY_UNIT_LEAD']);
    const closed = await sys.http('POST', `/api/incidents/${reported.body.incidentId}/close`, {
      token: lead,
      body: { cause: 'WARRANT_MISSING_OR_MISPLACED' },
    });
    expect(closed.status).toBe(200);
    const rieAfter = await eventually(
      () => read('/api/reports/releases-in-error'),
      (r) => r.byCause.WARRANT_MISSING_OR_MISPLACED === rieBefore.byCause.WARRANT_MISSING_OR_MISPLACED + 1,
    );
    expect(rieAfter.counted).toBe(rieBefore.counted + 1);
    expect(rieAfter.byPrison.BWI).toBe((rieBefore.byPrison.BWI ?? 0) + 1);
  }, 120_000);
});
describe('the gate report counts release authorisations', () => {
  it('moves authorised, refused at check, voided and used as the desk completes, verifies, voids and uses them', async () => {
    const thisMonth = new Date().toISOString().slice(0, 7);
    const officer = await sys.issuer.token('lei.officer', ['PRISON_STAFF'], ['LEI']);
    const governor = await sys.issuer.token('lei.governor', ['DUTY_GOVERNOR'], ['LEI']);
    const read = async () =>
      (await sys.http('GET', `/api/reports/gate?from=${thisMonth}&to=${thisMonth}`, { token: lead })).body;
    const before = await read();
    const items = sys.services.gate.checklists().movements.RELEASED!;
    const complete = (pn: string, answers: { item: string; answer: boolean; note?: string }[]) =>
      sys.http('POST', `/api/prisoners/${pn}/authorisations`, {
        token: officer,
        body: { movement: 'RELEASED', answers },
      });

    // Authorised, then voided by a new reason.
    const voided = await sys.admit('LEI');
    const done = await complete(
      voided,
      items.map((i) => ({ item: i.item, answer: true })),
    );
    expect(done.status).toBe(201);
    expect(
      (await sys.http('POST', `/api/prisoners/${voided}/authorisations/${done.body.id}/verify`, { token: governor }))
        .body.status,
    ).toBe('AUTHORISED');
    expect(
      (
        await sys.http('POST', `/api/prisoners/${voided}/holds`, {
          token: officer,
          body: { reason: 'Awaiting the remand warrant' },
        })
      ).status,
    ).toBe(201);
    // Refused at check: an item answered no.
    const refused = await complete(
      await sys.admit('LEI'),
      items.map((i, n) => ({ item: i.item, answer: n > 0, ...(n === 0 ? { note: 'Photograph does not match' } : {}) })),
    );
    expect(refused.body.status).toBe('REFUSED_AT_CHECK');
    // Authorised and used by the release.
    const used = await sys.admit('LEI');
    await sys.authorise(used, { prisonCode: 'LEI' });
    expect(
      (await sys.http('POST', `/api/prisoners/${used}/releases`, { token: officer, body: { reason: 'RELEASED' } }))
        .status,
    ).toBe(201);

    const after = await eventually(
      read,
      (r) =>
        r.authorisations?.used === before.authorisations?.used + 1 &&
        r.authorisations?.voided === before.authorisations?.voided + 1,
    );
    expect(after.authorisations).toEqual({
      authorised: before.authorisations.authorised + 2,
      refusedAtCheck: before.authorisations.refusedAtCheck + 1,
      voided: before.authorisations.voided + 1,
      used: before.authorisations.used + 1,
    });
    const lei = before.byPrison.LEI?.authorisations ?? { authorised: 0, refusedAtCheck: 0, voided: 0, used: 0 };
    expect(after.byPrison.LEI.authorisations).toEqual({
      authorised: lei.authorised + 2,
      refusedAtCheck: lei.refusedAtCheck + 1,
      voided: lei.voided + 1,
      used: lei.used + 1,
    });
    // A prison reads its own: Leeds' authorisations are not Moorland's.
    const mdi = await sys.issuer.token('mdi.reader', ['PRISON_STAFF'], ['MDI']);
    const theirs = (await sys.http('GET', `/api/reports/gate?from=${thisMonth}&to=${thisMonth}`, { token: mdi })).body;
    expect(theirs.byPrison.LEI).toBeUndefined();
    // The figures page and its CSV say the same.
    const page = await (await signedIn(sys, 'lead')).get(`/reports/gate?from=${thisMonth}&to=${thisMonth}`);
    expect(textOf(page.html)).toContain(`Refused at check ${after.authorisations.refusedAtCheck}`);
    expect(textOf(page.html)).toContain(`Used for a release ${after.authorisations.used}`);
    const csv = await sys.http('GET', `/api/reports/gate?from=${thisMonth}&to=${thisMonth}&format=csv`, {
      token: lead,
    });
    expect(csv.body).toContain(`authorisations,${thisMonth}..${thisMonth},status,VOID,${after.authorisations.voided}`);
  }, 120_000);
});
