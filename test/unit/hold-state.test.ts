import { describe, expect, it } from 'vitest';
import { emptyHold, isReleasable } from '../../src/domain/release-hold/hold-state.ts';
import { nextHoldWakeAt, reviewTick } from '../../src/domain/release-hold/hold-timers.ts';
import { holdActions } from '../../src/domain/urgent-query/hold-sync.ts';
import { raiseQuery } from '../../src/domain/urgent-query/query-state.ts';
import { TEST_HOLD_POLICY } from '../helpers/activity-deps.ts';
import { testPolicy } from '../helpers/policy.ts';
import {
  at,
  authorised,
  expert,
  governor,
  manual,
  officerA,
  officerB,
  releaseOp,
  run,
  system,
  t0,
} from '../helpers/hold-state.ts';

describe('release hold rules', () => {
  it('adds a reason once per key, with its owner', () => {
    const once = run(emptyHold('A1234BC'), manual, officerA).state;
    const twice = run(once, manual, officerA).state;
    expect(twice.reasons).toHaveLength(1);
    expect(twice.reasons[0]).toMatchObject({ owner: 'a@staff.test', placedBy: 'a' });
    const court = run(
      once,
      { type: 'addReason', kind: 'CUSTODIAL_STATUS_CHANGE', key: 'court-1', detail: 'd', prisonCode: 'MDI' },
      system,
    ).state;
    expect(court.reasons[1]!.owner).toBe('omu.MDI@prison.test');
  });

  it('lets only the system add a query reason, and only court roles a status change', () => {
    expect(
      run(
        emptyHold('A1234BC'),
        { type: 'addReason', kind: 'URGENT_QUERY', key: 'q', detail: 'd', prisonCode: 'MDI' },
        officerA,
      ).rejection?.code,
    ).toBe('FORBIDDEN');
    expect(
      run(
        emptyHold('A1234BC'),
        { type: 'addReason', kind: 'CUSTODIAL_STATUS_CHANGE', key: 'c', detail: 'd', prisonCode: 'MDI' },
        officerA,
      ).rejection?.code,
    ).toBe('FORBIDDEN');
  });

  it('applies the two-person rule to manual holds only', () => {
    const held = run(emptyHold('A1234BC'), manual, officerA).state;
    expect(run(held, { type: 'clearReason', key: 'manual-1' }, officerA).rejection?.message).toMatch(
      /different person/,
    );
    expect(run(held, { type: 'clearReason', key: 'manual-1' }, officerB).state.reasons).toEqual([]);
    expect(run(held, { type: 'clearReason', key: 'nope' }, officerB).rejection?.code).toBe('NOT_FOUND');
    const court = run(
      emptyHold('A1234BC'),
      { type: 'addReason', kind: 'CUSTODIAL_STATUS_CHANGE', key: 'c', detail: 'd', prisonCode: 'MDI' },
      expert,
    ).state;
    expect(run(court, { type: 'clearReason', key: court.reasons[0]!.key }, expert).state.reasons).toEqual([]);
  });

  it('refuses a release while a reason stands, recording the refusal with the reasons that stood', () => {
    const held = authorised(run(emptyHold('A1234BC'), manual, officerA).state);
    const refused = run(held, releaseOp(), officerB);
    expect(refused.rejection).toBeNull(); // accepted as an update, so the refusal is in the hold's history
    expect(refused.state.releases).toEqual([]);
    expect(refused.state.refusals).toEqual([
      {
        id: 'REL-1',
        reason: 'RELEASED',
        at: t0.toISOString(),
        by: 'b',
        standing: [{ key: 'manual-1', kind: 'MANUAL' }],
      },
    ]);
    expect(refused.state.refusalCount).toBe(1);
    expect(refused.effects).toEqual([{ kind: 'RELEASE_PREVENTED', refusal: refused.state.refusals![0] }]);
    // The same request again keeps its first outcome, even once nothing stands.
    const cleared = run(refused.state, { type: 'clearReason', key: 'manual-1' }, officerB).state;
    const retried = run(cleared, releaseOp(), officerB);
    expect(retried.state.releases).toEqual([]);
    expect(retried.state.refusalCount).toBe(1);
    // Not by b, who lifted the hold: someone else records it.
    expect(run(cleared, releaseOp('REL-2'), officerB).state.releases).toHaveLength(0);
    expect(run(cleared, releaseOp('REL-3'), officerA).state.releases).toHaveLength(1);
  });

  it('keeps the latest refusals in full and counts them all', () => {
    let held = run(emptyHold('A1234BC'), manual, officerA).state;
    for (let i = 0; i < 30; i++) held = run(held, releaseOp(`REL-${i}`), officerB).state;
    expect(held.refusals).toHaveLength(20);
    expect(held.refusals![0]!.id).toBe('REL-10');
    expect(held.refusalCount).toBe(30);
  });

  it('does not gate movements that stay in custody', () => {
    const held = run(emptyHold('A1234BC'), manual, officerA).state;
    expect(
      run(
        held,
        { type: 'recordRelease', id: 'c', reason: 'SENT_TO_COURT', prisonCode: 'MDI', releasedAt: t0.toISOString() },
        officerB,
      ).rejection,
    ).toBeNull();
  });

  it('records a release once per id', () => {
    const first = run(authorised(emptyHold('A1234BC')), releaseOp(), officerA);
    expect(first.effects).toEqual([
      expect.objectContaining({ kind: 'AUTHORISATION_CHANGED' }),
      expect.objectContaining({ kind: 'RELEASE_RECORDED' }),
    ]);
    const again = run(first.state, releaseOp(), officerA);
    expect(again.rejection).toBeNull();
    expect(again.state.releases).toHaveLength(1);
    expect(again.effects).toEqual([]);
  });

  it('lets a governor override once, covering only the reasons standing then, until it expires', () => {
    const held = run(emptyHold('A1234BC'), manual, officerA).state;
    expect(
      run(held, { type: 'override', id: 'o', justification: 'j', prisonCode: 'MDI' }, officerA).rejection?.code,
    ).toBe('FORBIDDEN');
    const overridden = run(held, { type: 'override', id: 'o', justification: 'j', prisonCode: 'MDI' }, governor).state;
    expect(isReleasable(overridden, t0)).toBe(true);
    expect(isReleasable(overridden, at(5))).toBe(false); // expired after 4 hours
    const newReason = run(
      overridden,
      { type: 'addReason', kind: 'MANUAL', key: 'manual-2', detail: 'x', prisonCode: 'MDI' },
      officerB,
    ).state;
    expect(isReleasable(newReason, t0)).toBe(false); // a reason the governor never saw
    const released = run(authorised(overridden), releaseOp(), officerA).state;
    expect(released.releases[0]!.overrideId).toBe('o');
    expect(isReleasable(released, t0)).toBe(false); // used
    expect(
      run(emptyHold('A1234BC'), { type: 'override', id: 'o', justification: 'j', prisonCode: 'MDI' }, governor)
        .rejection?.code,
    ).toBe('CONFLICT');
  });

  it('opens an incident when a released prisoner’s query is answered DO_NOT_RELEASE, once', () => {
    const released = run(authorised(emptyHold('A1234BC')), releaseOp('REL-9'), officerA).state;
    const answered = run(
      released,
      { type: 'queryDetermination', reference: 'UQ-MDI-AAAAAAAA', determination: 'DO_NOT_RELEASE', prisonCode: 'MDI' },
      system,
    );
    expect(answered.effects).toEqual([
      expect.objectContaining({
        kind: 'OPEN_INCIDENT',
        incident: expect.objectContaining({ id: 'RIE-A1234BC-REL-9', detection: 'AUTOMATIC' }),
      }),
    ]);
    expect(
      run(
        answered.state,
        {
          type: 'queryDetermination',
          reference: 'UQ-MDI-BBBBBBBB',
          determination: 'DO_NOT_RELEASE',
          prisonCode: 'MDI',
        },
        system,
      ).effects,
    ).toEqual([]);
    expect(
      run(
        emptyHold('A1234BC'),
        {
          type: 'queryDetermination',
          reference: 'UQ-MDI-AAAAAAAA',
          determination: 'DO_NOT_RELEASE',
          prisonCode: 'MDI',
        },
        system,
      ).effects,
    ).toEqual([]);
    expect(
      run(
        released,
        {
          type: 'queryDetermination',
          reference: 'UQ-MDI-AAAAAAAA',
          determination: 'RELEASE_MAY_PROCEED',
          prisonCode: 'MDI',
        },
        system,
      ).effects,
    ).toEqual([]);
  });

  it('re-alerts the owner of an unprogressed reason daily, and progress resets the clock', () => {
    const held = run(emptyHold('A1234BC'), manual, officerA).state;
    expect(nextHoldWakeAt(held, TEST_HOLD_POLICY)).toEqual(at(24));
    expect(reviewTick(held, at(23), TEST_HOLD_POLICY).effects).toEqual([]);
    const day1 = reviewTick(held, at(24), TEST_HOLD_POLICY);
    expect(day1.effects).toEqual([expect.objectContaining({ kind: 'REVIEW_DUE' })]);
    expect(nextHoldWakeAt(day1.state, TEST_HOLD_POLICY)).toEqual(at(48));
    // After an outage of three days: one alert, not three.
    expect(reviewTick(held, at(75), TEST_HOLD_POLICY).effects).toHaveLength(1);
    const progressed = run(
      day1.state,
      { type: 'progressReason', key: 'manual-1', note: 'chasing court' },
      officerB,
      at(30),
    ).state;
    expect(nextHoldWakeAt(progressed, TEST_HOLD_POLICY)).toEqual(at(54));
  });
});

describe('what a query owes the release hold', () => {
  const policy = testPolicy();
  const raise = (hours?: number) =>
    raiseQuery(
      'UQ-MDI-AAAAAAAA',
      {
        prisonCode: 'MDI',
        prisonerNumber: 'A1234BC',
        category: 'OTHER',
        question: 'q',
        ...(hours ? { plannedRelease: at(hours).toISOString() } : {}),
      },
      officerA,
      t0,
      policy,
    );
  it('places a reason for CRITICAL and URGENT queries only, once', () => {
    expect(holdActions(raise(10)).actions).toEqual(['PLACE']);
    expect(holdActions(raise(50)).actions).toEqual(['PLACE']);
    expect(holdActions(raise(100)).actions).toEqual([]);
    expect(holdActions(holdActions(raise(10)).state).actions).toEqual([]);
  });
  it('clears on RELEASE_MAY_PROCEED or withdrawal, and reports every determination once', () => {
    const placed = holdActions(raise(10)).state;
    const may = {
      ...placed,
      status: 'ANSWERED' as const,
      resolution: { determination: 'RELEASE_MAY_PROCEED' as const, evidence: 'e', by: 'x', at: t0.toISOString() },
    };
    expect(holdActions(may).actions).toEqual(['CLEAR', 'DETERMINATION']);
    const not = {
      ...placed,
      status: 'ANSWERED' as const,
      resolution: { determination: 'DO_NOT_RELEASE' as const, evidence: 'e', by: 'x', at: t0.toISOString() },
    };
    expect(holdActions(not).actions).toEqual(['DETERMINATION']);
    expect(holdActions({ ...placed, status: 'WITHDRAWN' }).actions).toEqual(['CLEAR']);
  });
  it('reports an answer to a query that never held him only when it does not let him go', () => {
    const unheld = holdActions(raise(100)).state;
    const answered = (determination: 'RELEASE_MAY_PROCEED' | 'DO_NOT_RELEASE' | 'RELEASE_DATE_CHANGED') => ({
      ...unheld,
      status: 'ANSWERED' as const,
      resolution: { determination, evidence: 'e', by: 'x', at: t0.toISOString() },
    });
    expect(holdActions(answered('RELEASE_MAY_PROCEED')).actions).toEqual([]);
    expect(holdActions(answered('DO_NOT_RELEASE')).actions).toEqual(['DETERMINATION']);
    expect(holdActions(answered('RELEASE_DATE_CHANGED')).actions).toEqual(['DETERMINATION']);
    // Workflows that began before the rule still report every answer, so their histories replay.
    expect(holdActions(answered('RELEASE_MAY_PROCEED'), { reportEveryDetermination: true }).actions).toEqual([
      'DETERMINATION',
    ]);
    const reported = holdActions(answered('DO_NOT_RELEASE')).state;
    expect(holdActions(reported).actions).toEqual([]);
  });
});
