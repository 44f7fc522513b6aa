import { describe, expect, it } from 'vitest';
import { applyOperation } from '../../src/domain/urgent-query/operations.ts';
import { nextWakeAt, tick } from '../../src/domain/urgent-query/timers.ts';
import { apply, at, expert, inStatus, lead, MIN, policy, prison, raised, t0 } from '../helpers/query-state.ts';

// Transitions and the timers (tick and nextWakeAt); raising, permissions and withdrawal are in query-state-rules.test.ts.

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
    const { state, alerts } = applyOperation(
      s,
      'resolve',
      { determination: 'DO_NOT_RELEASE', evidence: 'CR-1', correctLegalStatus: 'REMAND' },
      expert,
      at(20 * MIN),
      policy,
    );
    expect(state.status).toBe('ANSWERED');
    expect(state.pauses[0]!.to).toBe(at(20 * MIN).toISOString());
    expect(state.resolution).toMatchObject({
      determination: 'DO_NOT_RELEASE',
      correctLegalStatus: 'REMAND',
      by: 'expert',
    });
    expect(state.deadlines.current).toBeNull();
    expect(alerts).toEqual([expect.objectContaining({ kind: 'ANSWERED', to: ['omu.MDI@prison.test'] })]);
  });

  it('updatePlannedRelease recomputes urgency and restarts the target clock only when urgency changes', () => {
    const s = raised(at(100 * 3_600_000));
    expect(s.urgency).toBe('STANDARD');
    const same = apply(s, 'updatePlannedRelease', prison, at(MIN), {
      plannedRelease: at(120 * 3_600_000).toISOString(),
    });
    expect(same).toMatchObject({ urgency: 'STANDARD', targetStartedAt: t0.toISOString() });
    const critical = apply(s, 'updatePlannedRelease', prison, at(MIN), {
      plannedRelease: at(10 * 3_600_000).toISOString(),
    });
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
    expect(state.escalations[0]).toMatchObject({
      startedAt: at(30 * MIN).toISOString(),
      alertsSent: 1,
      lastAlertAt: at(40 * MIN).toISOString(),
    });
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
