import { afterAll, describe, expect, it } from 'vitest';
import { admit } from '../helpers/database.ts';
import { courtCalls, hearing, startCourtTestSystem } from '../helpers/court-results.ts';
import { uniquePrisonerNumber } from '../helpers/urgent-query.ts';
import type { TestSystem } from '../helpers/test-system.ts';

/** What a court result does to the prison record it matches: a hold, a query, or a case for the unit. */

let sys: TestSystem;
let feed: string;
let expert: string;
let prison: string;
startCourtTestSystem((started) => ({ sys, feed, expert, prison } = started));
afterAll(() => sys?.stop());
const { send, sendAndSettle, person } = courtCalls(() => ({ sys, feed, expert, prison }));

describe('court results into the right prison record', () => {
  it('holds a prisoner remanded in custody at once, matched by name, date of birth and PNC, and tells his prison, its governor and the unit', async () => {
    const pn = await person({
      firstName: 'Wilhelmina',
      lastName: 'Achterberg',
      dateOfBirth: '1988-02-29',
      pncNumber: '1988/0456789Q',
    });
    const stored = await sendAndSettle(
      hearing([
        {
          person: { firstName: 'Wilhelmina', lastName: 'Achterberg', dateOfBirth: '1988-02-29', pncId: '1988/456789Q' },
          results: ['Remanded in custody'],
        },
      ]),
    );
    expect(stored.status).toBe('MATCHED');
    expect(stored.defendants[0]).toMatchObject({
      decision: { outcome: 'MATCHED', prisonerNumber: pn },
      change: { direction: 'INTO_CUSTODY' },
      action: 'HOLD_PLACED',
    });
    expect(stored.defendants[0]!.decision.explanation[0]).toMatch(/pnc exact/);
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: prison })).body as {
      releasable: boolean;
      reasons: { kind: string }[];
    };
    expect(status.releasable).toBe(false);
    expect(status.reasons.map((r) => r.kind)).toContain('CUSTODIAL_STATUS_CHANGE');
    const [mail] = await sys.mail.waitFor((m) => (m.subject ?? '').includes('his release is held'));
    expect(mail!.to).toEqual(
      expect.arrayContaining(['omu.MDI@prison.test', 'governor.MDI@prison.test', 'queue@unit.test']),
    );
    expect(mail!.subject).not.toContain(pn);
  });

  it('keeps a remand for someone recorded as released on his hold, so it holds the moment he is back, and tells the unit', async () => {
    const who = { firstName: 'Evangeline', lastName: 'Threlkeld', dateOfBirth: '1983-03-03' };
    const pn = await admit(sys.stores.register, uniquePrisonerNumber(), 'MDI', {
      ...who,
      pncNumber: '1983/0033333E',
      status: 'RELEASED',
    });
    const stored = await sendAndSettle(
      hearing([{ person: { ...who, pncId: '1983/33333E' }, results: ['Remanded in custody'] }]),
    );
    expect(stored.defendants[0]).toMatchObject({
      decision: { outcome: 'MATCHED', prisonerNumber: pn },
      action: 'HELD_FOR_UNIT',
      actionDetail: expect.stringContaining('kept on his hold'),
    });
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: expert })).body as {
      clear: boolean;
      reasons: { kind: string }[];
    };
    expect(status.reasons.map((r) => r.kind)).toEqual(['CUSTODIAL_STATUS_CHANGE']);
    expect(status.clear).toBe(false);
  });

  it('raises an urgent query when a prisoner still held is bailed: a release may be due', async () => {
    const pn = await person({
      firstName: 'Oleksandr',
      lastName: 'Kovalenko-Price',
      dateOfBirth: '1979-06-11',
      pncNumber: '1979/0061111K',
    });
    const stored = await sendAndSettle(
      hearing([
        {
          person: {
            firstName: 'Alexander',
            lastName: 'Kovalenko-Price',
            dateOfBirth: '1979-06-11',
            pncId: '1979/61111K',
          },
          results: ['Granted conditional bail'],
          bail: { code: 'B', description: 'Conditional bail' },
        },
      ]),
    );
    expect(stored.defendants[0]).toMatchObject({
      decision: { outcome: 'MATCHED', prisonerNumber: pn },
      change: { direction: 'OUT_OF_CUSTODY' },
      action: 'QUERY_RAISED',
    });
    const reference = /UQ-MDI-[0-9A-Z]+/.exec(stored.defendants[0]!.actionDetail!)![0];
    const query = (await sys.http('GET', `/api/urgent-queries/${reference}`, { token: expert })).body as {
      category: string;
      prisonerNumber: string;
      status: string;
    };
    expect(query).toMatchObject({ category: 'CUSTODIAL_STATUS_CONFLICT', prisonerNumber: pn, status: 'RAISED' });
  });

  it('gives a query raised from a result the register’s release date: bailed this morning and due out tonight is CRITICAL (issue 26, part 2)', async () => {
    const pn = await person({
      firstName: 'Ottoline',
      lastName: 'Marchbanks',
      dateOfBirth: '1975-05-05',
      pncNumber: '1975/0055555M',
    });
    await sys.register.setPlannedRelease(pn, new Date(Date.now() + 10 * 3_600_000).toISOString(), 'test');
    const stored = await sendAndSettle(
      hearing([
        {
          person: { firstName: 'Ottoline', lastName: 'Marchbanks', dateOfBirth: '1975-05-05', pncId: '1975/55555M' },
          results: ['Granted conditional bail'],
          bail: { code: 'B', description: 'Conditional bail' },
        },
      ]),
    );
    const reference = /UQ-MDI-[0-9A-Z]+/.exec(stored.defendants[0]!.actionDetail!)![0];
    const query = (await sys.http('GET', `/api/urgent-queries/${reference}`, { token: expert })).body as {
      urgency: string;
    };
    expect(query.urgency).toBe('CRITICAL');
  });

  it('reads a suspended sentence by its CJS code as no custody: no court reason on his hold, no "held" email, a query for the unit (issue 26, Ford Prefect)', async () => {
    const who = { firstName: 'Ford', lastName: 'Prefect', dateOfBirth: '1979-10-12', pncId: '1979/0042424F' };
    const pn = await person({ ...who, pncNumber: who.pncId });
    const label = 'Suspended sentence of imprisonment 12 months, suspended for 24 months';
    const stored = await sendAndSettle(hearing([{ person: who, results: [{ cjsCode: '1115', label }] }]));
    expect(stored.defendants[0]).toMatchObject({
      decision: { outcome: 'MATCHED', prisonerNumber: pn },
      change: { direction: 'OUT_OF_CUSTODY' },
      action: 'QUERY_RAISED',
    });
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: prison })).body as {
      reasons: { kind: string }[];
    };
    expect(status.reasons.map((r) => r.kind)).not.toContain('CUSTODIAL_STATUS_CHANGE');
    expect(
      sys.mail
        .messages()
        .filter((m) => (m.subject ?? '').includes('his release is held') && (m.text ?? '').includes(pn)),
    ).toHaveLength(0);
  });

  it('sends a result no rule recognises to the unit with why, and acts on nothing', async () => {
    const who = { firstName: 'Zaphod', lastName: 'Beeblebrox', dateOfBirth: '1972-03-08', pncId: '1972/0042424Z' };
    const pn = await person({ ...who, pncNumber: who.pncId });
    const stored = await sendAndSettle(hearing([{ person: who, results: ['Hybrid order'] }]));
    expect(stored.defendants[0]).toMatchObject({
      decision: { outcome: 'MATCHED', prisonerNumber: pn },
      change: null,
      action: 'HELD_FOR_UNIT',
    });
    expect(stored.defendants[0]!.actionDetail).toMatch(/no rule recognises the result "Hybrid order".*matched/);
    const attention = (await sys.http('GET', '/api/court-results/attention', { token: expert })).body as {
      heldForUnit: { actionDetail?: string }[];
    };
    expect(attention.heldForUnit.some((h) => h.actionDetail?.includes('Hybrid order'))).toBe(true);
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: prison })).body as {
      reasons: { kind: string }[];
    };
    expect(status.reasons.map((r) => r.kind)).not.toContain('CUSTODIAL_STATUS_CHANGE');
  });

  it('refuses a result code that is not a CJS code with a 400 naming the field', async () => {
    const res = await send(
      hearing([
        { person: { firstName: 'Ann', lastName: 'Lee' }, results: [{ cjsCode: 'RIC', label: 'Remanded in custody' }] },
      ]),
    );
    expect(res.status).toBe(400);
    expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
      'body.hearing.prosecutionCases.0.defendants.0.offences.0.judicialResults.0.cjsCode',
    );
  });

  it('keeps a stranger for the unit, and sends a doubtful match to the unit as a query to confirm who he is', async () => {
    await person({ firstName: 'Daniel', lastName: 'Vanterpool', dateOfBirth: '2001-05-05' });
    await person({ firstName: 'Nathan', lastName: 'Vanterpool', dateOfBirth: '2001-05-05' });
    const stored = await sendAndSettle(
      hearing([
        {
          person: { firstName: 'Quentin', lastName: 'Zyzzyva', dateOfBirth: '1944-04-04' },
          results: ['Remanded in custody'],
        },
        {
          person: { firstName: 'Daniel', lastName: 'Vanterpool', dateOfBirth: '2001-05-05' },
          results: ['Remanded in custody'],
        },
      ]),
    );
    expect(stored.defendants.map((d) => [d.decision.outcome, d.action])).toEqual([
      ['NO_MATCH', 'HELD_FOR_UNIT'],
      ['POSSIBLE_MATCH', 'REVIEW'],
    ]);
    // The review is a human task with a deadline in the unit's queue: an urgent query on the best candidate.
    const reference = /UQ-MDI-[0-9A-Z]+/.exec(stored.defendants[1]!.actionDetail!)![0];
    const query = (await sys.http('GET', `/api/urgent-queries/${reference}`, { token: expert })).body as {
      question: string;
      status: string;
      deadlines: unknown;
    };
    expect(query.status).toBe('RAISED');
    expect(query.question).toMatch(/Possible match .*other candidates: [A-Z]\d{4}[A-Z]{2}/);
    // The stranger waits in the unit's list.
    const attention = (await sys.http('GET', '/api/court-results/attention', { token: expert })).body as {
      heldForUnit: { defendantId: string; outcome: string }[];
    };
    expect(attention.heldForUnit).toContainEqual(expect.objectContaining({ outcome: 'NO_MATCH' }));
  });

  it('acts on a hearing naming one prisoner in all its 50 cases without a flood: one email, and every court reason placed, past the limit meant for people', async () => {
    const who = { firstName: 'Bartholomew', lastName: 'Ramsbottom', dateOfBirth: '1971-08-08', pncId: '1971/424242B' };
    const pn = await person({ ...who, pncNumber: who.pncId });
    // Five court reasons stand already; the hold's limit of 50 is for people's reasons, and nothing the court says is dropped.
    const courts = { username: 'court-feed', roles: ['COURT_RESULTS' as const], caseload: [] };
    for (let i = 0; i < 5; i++)
      await sys.services.gate.flagCourtChange(courts, pn, {
        courtCode: 'LEEDCC',
        courtCaseReference: `T2026000${i}`,
        detail: 'Remanded in custody',
      });
    const stored = await sendAndSettle(
      hearing(Array.from({ length: 50 }, () => ({ person: who, results: ['Remanded in custody'] }))),
    );
    const actions = stored.defendants.reduce<Record<string, number>>(
      (n, d) => ({ ...n, [d.action!]: (n[d.action!] ?? 0) + 1 }),
      {},
    );
    expect(actions).toEqual({ HOLD_PLACED: 50 });
    const status = (await sys.http('GET', `/api/prisoners/${pn}/release-status`, { token: prison })).body as {
      releasable: boolean;
      reasons: unknown[];
    };
    expect(status.releasable).toBe(false);
    expect(status.reasons).toHaveLength(55);
    expect(
      sys.mail.messages().filter((m) => (m.subject ?? '').includes('Court result') && (m.text ?? '').includes(pn)),
    ).toHaveLength(1);
  });
});
