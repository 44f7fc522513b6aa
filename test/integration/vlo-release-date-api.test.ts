import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/actors.ts';
import { londonTime } from '../../src/domain/format.ts';
import { releaseDateNoticesWorkflowId } from '../../src/workflows/definitions.ts';
import { recordHistory } from '../helpers/histories.ts';
import { eventually } from '../helpers/urgent-query.ts';
import { startTestSystem, type TestSystem } from '../helpers/test-system.ts';

/**
 * Issue 24, part 4, through the API as the prison-system sync, the unit, the VLO and the desk use it:
 * a date from the sync or from a query's answer reaches the VLO before the release, and the
 * checklist's VLO_TOLD follows the VLO's acknowledgement (and the day told), whatever the officer answers.
 */
let sys: TestSystem;
const tokens: Record<string, string> = {};
const USERS: Record<string, [Role[], string[]]> = {
  sync: [['PRISON_SYNC'], []],
  vlo: [['VICTIM_LIAISON'], []],
  mdi: [['PRISON_STAFF'], ['MDI']],
  expert: [['COURT_EXPERT'], []],
};
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const call = (user: string, method: string, path: string, body?: unknown) =>
  sys.http(method, path, { token: tokens[user], ...(body !== undefined ? { body } : {}) });

beforeAll(async () => {
  sys = await startTestSystem();
  for (const [user, [roles, caseload]] of Object.entries(USERS))
    tokens[user] = await sys.issuer.token(user, roles, caseload);
});
afterAll(() => sys?.stop());

describe('the VLO hears of a planned release before it', () => {
  it('sync and a query’s answer tell the VLO at once; the same date again tells nobody; VLO_TOLD follows the acknowledgement', async () => {
    const pn = await sys.admit('MDI');
    const vloEmail = `vlo.${pn.toLowerCase()}@probation.test`;
    const registered = await call('vlo', 'POST', `/api/victim-contact/${pn}/registrations`, {
      vloName: 'Vic Liaison',
      vloEmail,
      teamMailbox: 'vlo-team@probation.test',
      probationRegion: 'Wales',
      eligibility: 'STATUTORY',
    });
    expect(registered.status).toBe(201);
    const toVlo = () => Promise.resolve(sys.mail.messages().filter((m) => m.to.includes(vloEmail)));
    const record = {
      firstName: 'Test',
      lastName: 'Prisoner',
      dateOfBirth: '1980-01-01',
      prisonCode: 'MDI',
      status: 'IN_CUSTODY',
      aliases: [],
    };

    const first = inDays(20);
    expect((await call('sync', 'PUT', `/api/prisoners/${pn}`, { ...record, plannedRelease: first })).status).toBe(200);
    const told = await eventually(toVlo, (m) => m.length === 1);
    expect(told[0]!.text).toContain(londonTime(first));
    expect(told[0]!.subject).not.toContain(pn);

    // The sync writes the same record again: nobody is told twice.
    expect((await call('sync', 'PUT', `/api/prisoners/${pn}`, { ...record, plannedRelease: first })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await toVlo()).length).toBe(1);

    // A second victim's VLO registers after the date was told: he hears of it too, the first VLO not again.
    const secondVlo = `vlo2.${pn.toLowerCase()}@probation.test`;
    expect(
      (
        await call('vlo', 'POST', `/api/victim-contact/${pn}/registrations`, {
          vloName: 'Second Liaison',
          vloEmail: secondVlo,
          teamMailbox: 'vlo-team@probation.test',
          probationRegion: 'Wales',
          eligibility: 'STATUTORY',
        })
      ).status,
    ).toBe(201);
    const [late] = await sys.mail.waitFor((m) => m.to.includes(secondVlo));
    expect(late!.text).toContain(londonTime(first));
    expect((await toVlo()).length).toBe(1);

    // The unit answers that the date moves: the VLO hears of the new one.
    const raised = await call('mdi', 'POST', '/api/urgent-queries', {
      prisonerNumber: pn,
      category: 'WARRANT_MISSING',
      question: 'No remand warrant on file',
    });
    expect(raised.status).toBe(201);
    await call('expert', 'POST', `/api/urgent-queries/${raised.body.reference}/claim`, {});
    const later = inDays(40);
    expect(
      (
        await call('expert', 'POST', `/api/urgent-queries/${raised.body.reference}/resolve`, {
          determination: 'RELEASE_DATE_CHANGED',
          evidence: 'SENT-1',
          newReleaseDate: later,
        })
      ).status,
    ).toBe(200);
    const retold = await eventually(toVlo, (m) => m.length === 2);
    expect(retold[1]!.text).toContain(londonTime(later));

    // The officer answers VLO_TOLD yes, but it is not his to answer: refused at check.
    const answers = sys.services.gate.checklists().movements.RELEASED!.map((i) => ({ item: i.item, answer: true }));
    const refused = await call('mdi', 'POST', `/api/prisoners/${pn}/authorisations`, { movement: 'RELEASED', answers });
    expect(refused.status).toBe(201);
    expect(refused.body.status).toBe('REFUSED_AT_CHECK');
    expect(refused.body.answers).toContainEqual({
      item: 'VLO_TOLD',
      answer: false,
      note: 'VLO not yet told/acknowledged',
    });

    // Acknowledging the first date's notice is not enough: it was for a date no longer planned.
    const id = (m: (typeof told)[number]) => m.headers['x-release-guard-reference']!;
    expect((await call('vlo', 'POST', `/api/victim-notifications/${id(told[0]!)}/acknowledge`)).status).toBe(200);
    expect(
      (await call('mdi', 'POST', `/api/prisoners/${pn}/authorisations`, { movement: 'RELEASED', answers })).body.status,
    ).toBe('REFUSED_AT_CHECK');

    // Both VLOs acknowledge the notice of the current date: told, but of a release 40 days away, so
    // still no for a release today (release-authority.test.ts has today's date told and released).
    expect((await call('vlo', 'POST', `/api/victim-notifications/${id(retold[1]!)}/acknowledge`)).status).toBe(200);
    expect(
      (await call('mdi', 'POST', `/api/prisoners/${pn}/authorisations`, { movement: 'RELEASED', answers })).body.status,
    ).toBe('REFUSED_AT_CHECK');
    const [secondRetold] = await sys.mail.waitFor(
      (m) => m.to.includes(secondVlo) && m.text?.includes(londonTime(later)) === true,
    );
    expect((await call('vlo', 'POST', `/api/victim-notifications/${id(secondRetold!)}/acknowledge`)).status).toBe(200);
    const completed = await call('mdi', 'POST', `/api/prisoners/${pn}/authorisations`, {
      movement: 'RELEASED',
      answers,
    });
    expect(completed.status).toBe(201);
    expect(completed.body.status).toBe('REFUSED_AT_CHECK');
    expect(completed.body.answers).toContainEqual({
      item: 'VLO_TOLD',
      answer: false,
      note: expect.stringMatching(
        /^VLO told of a release on another day \(\d{4}-\d{2}-\d{2}\), not \d{4}-\d{2}-\d{2}$/,
      ),
    });
    await recordHistory(
      sys.client.workflow.getHandle(releaseDateNoticesWorkflowId(sys.services.victimContact.opaqueId(pn))),
      'vlo-release-date-notices',
    );
  });
});
