import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { applyOperation, checkOperation } from '../../src/domain/urgent-query/operations.ts';
import { raiseQuery, type QueryState } from '../../src/domain/urgent-query/query-state.ts';
import { nextWakeAt, tick } from '../../src/domain/urgent-query/timers.ts';
import { QUERY_STATUSES, type OperationInput, type OperationName, type QueryStatus } from '../../src/domain/urgent-query/schemas.ts';
import { testPolicy } from '../helpers/policy.ts';

const MIN = 60_000;
const policy = testPolicy();
const t0 = new Date('2026-11-23T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const prison: Actor = { username: 'officer', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
const otherPrison: Actor = { username: 'leeds', roles: ['PRISON_STAFF'], caseload: ['LEI'] };
const governor: Actor = { username: 'governor', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
const expert: Actor = { username: 'expert', roles: ['COURT_EXPERT'], caseload: [] };
const expert2: Actor = { username: 'expert2', roles: ['COURT_EXPERT'], caseload: [] };
const lead: Actor = { username: 'lead', roles: ['QUERY_UNIT_LEAD'], caseload: [] };
const vlo: Actor = { username: 'vlo', roles: ['VICTIM_LIAISON'], caseload: [] };
const system: Actor = { username: 'nomis-sync', roles: ['PRISON_SYNC'], caseload: [] };

const INPUTS: { [N in OperationName]: OperationInput<N> } = {
  claim: {},
  reassign: { assignee: 'expert2' },
  requestInformation: { request: 'Send the warrant' },
  provideInformation: { information: 'Attached' },
  resolve: { determination: 'RELEASE_MAY_PROCEED', evidence: 'WR-1' },
  acknowledge: {},
  withdraw: { reason: 'Duplicate of another query, raised twice' },
  confirmWithdrawal: { justification: 'Confirmed: the same question is open as another query' },
  addNote: { text: 'note' },
  updatePlannedRelease: { plannedRelease: at(30 * 3_600_000).toISOString() },
  acknowledgeEscalation: {},
};

const raised = (release = at(20 * 3_600_000)) =>
  raiseQuery('UQ-MDI-AAAAAAAA', { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'WARRANT_MISSING', question: 'q', plannedRelease: release.toISOString() }, prison, t0, policy);

function apply<N extends OperationName>(state: QueryState, name: N, actor: Actor, when = t0, input: OperationInput<N> = INPUTS[name]): QueryState {
  const rejection = checkOperation(state, name, input, actor);
  if (rejection) throw new Error(`${name} rejected: ${rejection.message}`);
  return applyOperation(state, name, input, actor, when, policy).state;
}

/** A query driven into each status, claimed by `expert`. */
function inStatus(status: QueryStatus): QueryState {
  let s = raised();
  if (status === 'RAISED') return s;
  if (status === 'WITHDRAWN') return apply(apply(s, 'withdraw', prison), 'confirmWithdrawal', governor);
  s = apply(s, 'claim', expert);
  if (status === 'IN_PROGRESS') return s;
  if (status === 'AWAITING_PRISON') return apply(s, 'requestInformation', expert);
  s = apply(s, 'resolve', expert);
  if (status === 'ANSWERED') return s;
  return apply(s, 'acknowledge', prison);
}

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
    expect(s.timeline).toEqual([{ at: t0.toISOString(), actor: 'officer', action: 'RAISED', detail: 'WARRANT_MISSING, CRITICAL', deadline: at(30 * MIN).toISOString() }]);
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
    expect(checkOperation(inStatus('IN_PROGRESS'), 'claim', {}, expert2)).toEqual({ code: 'CONFLICT', message: 'query is already claimed by expert' });
  });
  it('refuses to reassign to the current assignee', () => {
    expect(checkOperation(inStatus('IN_PROGRESS'), 'reassign', { assignee: 'expert' }, lead)?.code).toBe('CONFLICT');
  });
});

describe('transitions', () => {
  it('claim ends the first-response clock and any first-response escalation', () => {
    const breached = tick(raised(), at(31 * MIN), policy).state;
    expect(breached.escalations[0]).toMatchObject({ trigger: 'FIRST_RESPONSE_BREACH', alertsSent: 1 });
    const claimed = apply(breached, 'claim', expert, at(32 * MIN));
    expect(claimed.escalations[0]!.ended).toEqual({ at: at(32 * MIN).toISOString(), reason: 'claimed' });
    expect(claimed.deadlines.firstResponse).toBeNull();
    expect(claimed.deadlines.current).toBe(claimed.deadlines.answer);
  });

  it('requestInformation opens a pause and provideInformation closes it, moving the answer deadline', () => {
    let s = apply(raised(), 'claim', expert, at(5 * MIN));
    s = apply(s, 'requestInformation', expert, at(20 * MIN));
    expect(s.pauses).toEqual([{ from: at(20 * MIN).toISOString() }]);
    expect(s.deadlines.answer).toBe(s.deadlines.releaseCap);
    s = apply(s, 'provideInformation', prison, at(80 * MIN));
    expect(s.pauses).toEqual([{ from: at(20 * MIN).toISOString(), to: at(80 * MIN).toISOString() }]);
    expect(s.deadlines.answer).toBe(at(180 * MIN).toISOString());
  });

  it('resolve records the determination, closes an open pause and ends escalations', () => {
    let s = apply(raised(), 'claim', expert);
    s = apply(s, 'requestInformation', expert, at(10 * MIN));
    const { state, alerts } = applyOperation(s, 'resolve', { determination: 'DO_NOT_RELEASE', evidence: 'CR-1', correctLegalStatus: 'REMAND' }, expert, at(20 * MIN), policy);
    expect(state.status).toBe('ANSWERED');
    expect(state.pauses[0]!.to).toBe(at(20 * MIN).toISOString());
    expect(state.resolution).toMatchObject({ determination: 'DO_NOT_RELEASE', correctLegalStatus: 'REMAND', by: 'expert' });
    expect(state.deadlines.current).toBeNull();
    expect(alerts).toEqual([expect.objectContaining({ kind: 'ANSWERED', to: ['omu.MDI@prison.test'] })]);
  });

  it('updatePlannedRelease recomputes urgency and restarts the target clock only when urgency changes', () => {
    const s = raised(at(100 * 3_600_000));
    expect(s.urgency).toBe('STANDARD');
    const same = apply(s, 'updatePlannedRelease', prison, at(MIN), { plannedRelease: at(120 * 3_600_000).toISOString() });
    expect(same).toMatchObject({ urgency: 'STANDARD', targetStartedAt: t0.toISOString() });
    const critical = apply(s, 'updatePlannedRelease', prison, at(MIN), { plannedRelease: at(10 * 3_600_000).toISOString() });
    expect(critical).toMatchObject({ urgency: 'CRITICAL', targetStartedAt: at(MIN).toISOString() });
    expect(critical.deadlines.firstResponse).toBe(at(31 * MIN).toISOString());
    const unknown = apply(critical, 'updatePlannedRelease', prison, at(2 * MIN), { plannedRelease: null });
    expect(unknown.plannedRelease).toBeUndefined();
    expect(unknown.urgency).toBe('STANDARD');
  });

  it('does not change the state it was given', () => {
    const s = raised();
    const copy = JSON.stringify(s);
    apply(s, 'claim', expert);
    tick(s, at(300 * MIN), policy);
    expect(JSON.stringify(s)).toBe(copy);
  });
});

describe('timers: tick and nextWakeAt', () => {
  it('wakes first for the 50% warning, then 80%, then the breach', () => {
    let s = raised();
    const wakes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const wake = nextWakeAt(s, policy)!;
      wakes.push(wake.toISOString());
      s = tick(s, wake, policy).state;
    }
    expect(wakes).toEqual([at(15 * MIN), at(24 * MIN), at(30 * MIN)].map((d) => d.toISOString()));
    expect(s.escalations).toHaveLength(1);
  });

  it('fires each event once, however often it ticks', () => {
    const once = tick(raised(), at(16 * MIN), policy);
    const twice = tick(once.state, at(16 * MIN), policy);
    expect(once.alerts).toHaveLength(1);
    expect(twice.alerts).toHaveLength(0);
    expect(twice.state).toEqual(once.state);
  });

  it('after an outage sends the breach and one escalation alert, not stale warnings', () => {
    const { state, alerts } = tick(raised(), at(40 * MIN), policy);
    // The first-response warnings were overtaken by the breach; the answer's warnings are not yet due.
    expect(alerts.map((a) => a.kind)).toEqual(['ESCALATION']);
    expect(state.timeline.filter((e) => e.action === 'WARNING')).toHaveLength(0);
    expect(state.fired.filter((k) => k.startsWith('FIRST_RESPONSE'))).toHaveLength(3);
    // Dated from the breach (so the level is the one it calls for), sent now, and repeated from now.
    expect(state.escalations[0]).toMatchObject({ startedAt: at(30 * MIN).toISOString(), alertsSent: 1, lastAlertAt: at(40 * MIN).toISOString() });
    expect(nextWakeAt(state, policy)!.getTime()).toBeLessThanOrEqual(at(55 * MIN).getTime());
  });

  it('escalates straight to level 3 when the release is near, superseding a lower escalation', () => {
    let s = raised(at(4 * 3_600_000)); // cap at +2 h, the same instant as the answer target
    s = apply(s, 'claim', expert, at(MIN));
    s = tick(s, at(2 * 3_600_000), policy).state;
    expect(s.escalations).toHaveLength(1);
    expect(s.escalations[0]).toMatchObject({ trigger: 'RELEASE_NEAR', startLevel: 3, level: 3, alertsSent: 1 });
    expect(s.breached).toBe(true);
  });

  it('stops escalating once acknowledged, and has nothing to wake for once finished', () => {
    let s = tick(raised(), at(30 * MIN), policy).state;
    s = apply(s, 'acknowledgeEscalation', lead, at(31 * MIN));
    const afterAck = tick(s, at(60 * MIN), policy);
    expect(afterAck.alerts.filter((a) => a.kind === 'ESCALATION')).toHaveLength(0);
    expect(nextWakeAt(inStatus('CLOSED'), policy)).toBeNull();
    expect(nextWakeAt(inStatus('WITHDRAWN'), policy)).toBeNull();
  });

  it('keeps alert keys unique, so Message-IDs never collide within a query', () => {
    let s = raised();
    const keys: string[] = [];
    for (let minute = 1; minute <= 200; minute++) {
      const t = tick(s, at(minute * MIN), policy);
      keys.push(...t.alerts.map((a) => a.key));
      s = t.state;
    }
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(8);
  });
});

describe('withdrawal: never one person alone, and only the owner’s', () => {
  const governor2: Actor = { username: 'governor2', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
  const feed: Actor = { username: 'court-results-feed', roles: ['COURT_RESULTS'], caseload: ['MDI'] };
  const fromFeed = () => raiseQuery('UQ-MDI-BBBBBBBB', { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'CUSTODIAL_STATUS_CONFLICT', question: 'q' }, feed, t0, policy);

  it('an officer’s withdrawal only asks: the query stays open (and holds) until a different duty governor confirms in writing', () => {
    const asked = apply(raised(), 'withdraw', prison, t0, { reason: 'x' });
    expect(asked.status).toBe('RAISED');
    expect(asked.withdrawalRequest).toMatchObject({ by: 'officer', reason: 'x' });
    // Asking twice, or the asker (or any officer) confirming, does not withdraw it.
    expect(checkOperation(asked, 'withdraw', { reason: 'again' }, prison)?.code).toBe('CONFLICT');
    expect(checkOperation(asked, 'confirmWithdrawal', INPUTS.confirmWithdrawal, prison)?.code).toBe('FORBIDDEN');
    const askedByGovernor = apply(raised(), 'withdraw', governor, t0, { reason: 'x' });
    expect(checkOperation(askedByGovernor, 'confirmWithdrawal', INPUTS.confirmWithdrawal, governor)?.code).toBe('FORBIDDEN');
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
    expect(apply(q, 'withdraw', lead, t0, { reason: 'The court confirmed the remand stands' }).status).toBe('WITHDRAWN');
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
    const fromRegister = raiseQuery('UQ-MDI-CCCCCCCC', { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'WARRANT_MISSING', question: 'q', register: { plannedRelease: soon } }, prison, t0, policy);
    expect(fromRegister.urgency).toBe('CRITICAL');
    expect(fromRegister.plannedRelease).toBe(soon);
    const both = raiseQuery('UQ-MDI-DDDDDDDD', { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'WARRANT_MISSING', question: 'q', plannedRelease: at(30 * 86_400_000).toISOString(), register: { plannedRelease: soon } }, prison, t0, policy);
    expect(both.plannedRelease).toBe(soon);
    expect(both.plannedReleases).toEqual({ reported: at(30 * 86_400_000).toISOString(), register: soon });
    const atCourt = raiseQuery('UQ-MDI-EEEEEEEE', { prisonCode: 'MDI', prisonerNumber: 'A1234BC', category: 'WARRANT_MISSING', question: 'q', register: { atCourt: true } }, prison, t0, policy);
    expect(atCourt.urgency).toBe('CRITICAL');
  });
});
