import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { checkOperation } from '../../src/domain/urgent-query/operations.ts';
import { raiseQuery } from '../../src/domain/urgent-query/query-state.ts';
import { QUERY_STATUSES, type OperationName, type QueryStatus } from '../../src/domain/urgent-query/schemas.ts';
import {
  apply,
  at,
  expert,
  expert2,
  governor,
  INPUTS,
  inStatus,
  lead,
  MIN,
  otherPrison,
  policy,
  prison,
  raised,
  system,
  t0,
  vlo,
} from '../helpers/query-state.ts';

// Raising, which operation is allowed in which status and by whom, and withdrawal; transitions and timers are in query-state-transitions.test.ts.

describe('raising', () => {
  it('starts RAISED with urgency, deadlines and a first timeline entry', () => {
    const s = raised();
    expect(s).toMatchObject({ status: 'RAISED', urgency: 'CRITICAL', raisedBy: 'officer', breached: false });
    expect(s.deadlines).toEqual({
      firstResponse: at(30 * MIN).toISOString(),
      answer: at(120 * MIN).toISOString(),
      releaseCap: at(18 * 3_600_000).toISOString(),
      current: at(30 * MIN).toISOString(),
    });
    expect(s.timeline).toEqual([
      {
        at: t0.toISOString(),
        actor: 'officer',
        action: 'RAISED',
        detail: 'WARRANT_MISSING, CRITICAL',
        deadline: at(30 * MIN).toISOString(),
      },
    ]);
  });
});

describe('which operation is allowed in which status (the state machine)', () => {
  const allowed: Record<OperationName, QueryStatus[]> = {
    claim: ['RAISED'],
    reassign: ['RAISED', 'IN_PROGRESS', 'AWAITING_PRISON'],
    requestInformation: ['IN_PROGRESS'],
    provideInformation: ['AWAITING_PRISON'],
    resolve: ['IN_PROGRESS', 'AWAITING_PRISON'],
    acknowledge: ['ANSWERED'],
    withdraw: ['RAISED', 'IN_PROGRESS', 'AWAITING_PRISON'],
    // Needs a withdrawal asked for first (see the two-person withdrawal tests): never from a finished query.
    confirmWithdrawal: [],
    addNote: [...QUERY_STATUSES],
    updatePlannedRelease: ['RAISED', 'IN_PROGRESS', 'AWAITING_PRISON'],
    acknowledgeEscalation: [],
  };
  const actorFor: Record<OperationName, Actor> = {
    claim: expert,
    reassign: lead,
    requestInformation: expert,
    provideInformation: prison,
    resolve: expert,
    acknowledge: prison,
    withdraw: prison,
    confirmWithdrawal: governor,
    addNote: prison,
    updatePlannedRelease: prison,
    acknowledgeEscalation: lead,
  };
  for (const name of Object.keys(allowed) as OperationName[]) {
    for (const status of QUERY_STATUSES) {
      const ok = allowed[name].includes(status);
      it(`${name} from ${status}: ${ok ? 'accepted' : '409'}`, () => {
        const rejection = checkOperation(inStatus(status), name, INPUTS[name], actorFor[name]);
        if (ok) expect(rejection).toBeNull();
        else expect(rejection?.code).toBe('CONFLICT');
      });
    }
  }
});

describe('who may do what', () => {
  const cases: [OperationName, QueryStatus, Actor, 'ok' | 'FORBIDDEN'][] = [
    ['claim', 'RAISED', prison, 'FORBIDDEN'],
    ['claim', 'RAISED', vlo, 'FORBIDDEN'],
    ['claim', 'RAISED', lead, 'ok'],
    ['reassign', 'IN_PROGRESS', expert, 'FORBIDDEN'],
    ['resolve', 'IN_PROGRESS', expert2, 'FORBIDDEN'],
    ['resolve', 'IN_PROGRESS', lead, 'ok'],
    ['resolve', 'IN_PROGRESS', prison, 'FORBIDDEN'],
    ['requestInformation', 'IN_PROGRESS', expert2, 'FORBIDDEN'],
    ['provideInformation', 'AWAITING_PRISON', otherPrison, 'FORBIDDEN'],
    ['provideInformation', 'AWAITING_PRISON', governor, 'ok'],
    ['acknowledge', 'ANSWERED', expert, 'FORBIDDEN'],
    ['withdraw', 'RAISED', expert, 'FORBIDDEN'],
    ['withdraw', 'RAISED', lead, 'ok'],
    ['addNote', 'RAISED', otherPrison, 'FORBIDDEN'],
    ['addNote', 'RAISED', vlo, 'FORBIDDEN'],
    ['updatePlannedRelease', 'RAISED', system, 'ok'],
    ['updatePlannedRelease', 'RAISED', vlo, 'FORBIDDEN'],
  ];
  it.each(cases)('%s in %s by %o: %s', (name, status, actor, expected) => {
    const rejection = checkOperation(inStatus(status), name, INPUTS[name], actor);
    expect(rejection?.code ?? 'ok').toBe(expected);
  });

  it('says who already holds a claimed query', () => {
    expect(checkOperation(inStatus('IN_PROGRESS'), 'claim', {}, expert2)).toEqual({
      code: 'CONFLICT',
      message: 'query is already claimed by expert',
    });
  });
  it('refuses to reassign to the current assignee', () => {
    expect(checkOperation(inStatus('IN_PROGRESS'), 'reassign', { assignee: 'expert' }, lead)?.code).toBe('CONFLICT');
  });
});

describe('withdrawal: never one person alone, and only the owner’s', () => {
  const governor2: Actor = { username: 'governor2', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
  const feed: Actor = { username: 'court-results-feed', roles: ['COURT_RESULTS'], caseload: ['MDI'] };
  const fromFeed = () =>
    raiseQuery(
      'UQ-MDI-BBBBBBBB',
      { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'CUSTODIAL_STATUS_CONFLICT', question: 'q' },
      feed,
      t0,
      policy,
    );

  it('an officer’s withdrawal only asks: the query stays open (and holds) until a different duty governor confirms in writing', () => {
    const asked = apply(raised(), 'withdraw', prison, t0, { reason: 'x' });
    expect(asked.status).toBe('RAISED');
    expect(asked.withdrawalRequest).toMatchObject({ by: 'officer', reason: 'x' });
    // Asking twice, or the asker (or any officer) confirming, does not withdraw it.
    expect(checkOperation(asked, 'withdraw', { reason: 'again' }, prison)?.code).toBe('CONFLICT');
    expect(checkOperation(asked, 'confirmWithdrawal', INPUTS.confirmWithdrawal, prison)?.code).toBe('FORBIDDEN');
    const askedByGovernor = apply(raised(), 'withdraw', governor, t0, { reason: 'x' });
    expect(checkOperation(askedByGovernor, 'confirmWithdrawal', INPUTS.confirmWithdrawal, governor)?.code).toBe(
      'FORBIDDEN',
    );
    const confirmed = apply(askedByGovernor, 'confirmWithdrawal', governor2);
    expect(confirmed.status).toBe('WITHDRAWN');
    expect(confirmed.withdrawal?.reason).toContain('asked by governor');
  });

  it('a query the court feed raised is not the prison’s to withdraw; the unit’s team leader withdraws only with 20 characters of reason', () => {
    const q = fromFeed();
    expect(q.owner).toBe('QUERY_UNIT');
    expect(checkOperation(q, 'withdraw', { reason: 'Not needed any more, sorry' }, prison)?.code).toBe('FORBIDDEN');
    expect(checkOperation(q, 'withdraw', { reason: 'Not needed any more, sorry' }, governor)?.code).toBe('FORBIDDEN');
    expect(checkOperation(q, 'withdraw', { reason: 'x' }, lead)?.code).toBe('UNPROCESSABLE');
    expect(apply(q, 'withdraw', lead, t0, { reason: 'The court confirmed the remand stands' }).status).toBe(
      'WITHDRAWN',
    );
  });

  it('a prison role reaches its caseload only, whatever national role the same person also has', () => {
    const both: Actor = { username: 'both', roles: ['PRISON_STAFF', 'COURT_EXPERT'], caseload: ['LEI'] };
    expect(checkOperation(raised(), 'withdraw', { reason: 'x' }, both)?.code).toBe('FORBIDDEN');
    // A case follows the prisoner: held at Leeds now, Leeds staff act on the query Moorland raised.
    const leeds: Actor = { username: 'leeds', roles: ['PRISON_STAFF'], caseload: ['LEI'] };
    expect(checkOperation(raised(), 'addNote', { text: 'n' }, leeds, 'LEI')).toBeNull();
    expect(checkOperation(raised(), 'addNote', { text: 'n' }, prison, 'LEI')?.code).toBe('FORBIDDEN');
  });

  it('takes the register’s release date when the raise gives none, and the earlier of the two when both are given', () => {
    const soon = at(20 * 3_600_000).toISOString();
    const fromRegister = raiseQuery(
      'UQ-MDI-CCCCCCCC',
      {
        prisonCode: 'MDI',
        prisonerNumber: 'A1234BC',
        category: 'WARRANT_MISSING',
        question: 'q',
        register: { plannedRelease: soon },
      },
      prison,
      t0,
      policy,
    );
    expect(fromRegister.urgency).toBe('CRITICAL');
    expect(fromRegister.plannedRelease).toBe(soon);
    const both = raiseQuery(
      'UQ-MDI-DDDDDDDD',
      {
        prisonCode: 'MDI',
        prisonerNumber: 'A1234BC',
        category: 'WARRANT_MISSING',
        question: 'q',
        plannedRelease: at(30 * 86_400_000).toISOString(),
        register: { plannedRelease: soon },
      },
      prison,
      t0,
      policy,
    );
    expect(both.plannedRelease).toBe(soon);
    expect(both.plannedReleases).toEqual({ reported: at(30 * 86_400_000).toISOString(), register: soon });
    const atCourt = raiseQuery(
      'UQ-MDI-EEEEEEEE',
      {
        prisonCode: 'MDI',
        prisonerNumber: 'A1234BC',
        category: 'WARRANT_MISSING',
        question: 'q',
        register: { atCourt: true },
      },
      prison,
      t0,
      policy,
    );
    expect(atCourt.urgency).toBe('CRITICAL');
  });
});
