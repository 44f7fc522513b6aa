import { describe, expect, it } from 'vitest';
import { INTERNAL_ACTOR, type Actor } from '../../src/domain/actors.ts';
import { checkHoldOperation, type HoldOperation } from '../../src/domain/release-hold/hold-operations.ts';
import { applyHoldOperation } from '../../src/domain/release-hold/hold-reducer.ts';
import { emptyHold, isReleasable, type HoldState } from '../../src/domain/release-hold/hold-state.ts';
import { lapseTick, nextHoldWakeAt, nextLapseAt, reviewTick } from '../../src/domain/release-hold/hold-timers.ts';
import { holdActions } from '../../src/domain/urgent-query/hold-sync.ts';
import { londonDay } from '../../src/domain/release-hold/authorisation.ts';
import { raiseQuery } from '../../src/domain/urgent-query/query-state.ts';
import { TEST_HOLD_POLICY } from '../helpers/activity-deps.ts';
import { testPolicy } from '../helpers/policy.ts';

const HOUR = 3_600_000;
const t0 = new Date('2026-11-23T10:00:00Z');
const at = (h: number) => new Date(t0.getTime() + h * HOUR);
const officerA: Actor = { username: 'a', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
const officerB: Actor = { username: 'b', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
const governor: Actor = { username: 'gov', roles: ['DUTY_GOVERNOR'], caseload: ['MDI'] };
const system: Actor = INTERNAL_ACTOR;
const expert: Actor = { username: 'x', roles: ['COURT_EXPERT'], caseload: [] };

function run(state: HoldState, op: HoldOperation, actor: Actor, when = t0) {
  const rejection = checkHoldOperation(state, op, actor);
  if (rejection) return { rejection, state, effects: [] };
  return { rejection: null, ...applyHoldOperation(state, op, actor, when, TEST_HOLD_POLICY) };
}
const manual: HoldOperation = {
  type: 'addReason',
  kind: 'MANUAL',
  key: 'manual-1',
  detail: 'check warrant',
  prisonCode: 'MDI',
};
const releaseOp = (id = 'REL-1'): HoldOperation => ({
  type: 'recordRelease',
  id,
  reason: 'RELEASED',
  prisonCode: 'MDI',
  releasedAt: t0.toISOString(),
});
const checklist = (id = 'AUTH-1', when = t0): HoldOperation => ({
  type: 'completeChecklist',
  id,
  movement: 'RELEASED',
  prisonCode: 'MDI',
  releaseDay: londonDay(when),
  checklistVersion: 'test',
  answers: [{ item: 'IDENTITY_CONFIRMED', answer: true }],
});
/** Completed by officer a, verified by the governor: a release today by anyone else passes, reasons allowing. */
function authorised(state: HoldState, when = t0, id = 'AUTH-1'): HoldState {
  const completed = run(state, checklist(id, when), officerA, when).state;
  return run(completed, { type: 'verifyAuthorisation', id, prisonCode: 'MDI' }, governor, when).state;
}

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

describe('release authority: owners, hearings, dates and authorisations', () => {
  const courtFlag = (hearingId?: string): HoldOperation => ({
    type: 'addReason',
    kind: 'CUSTODIAL_STATUS_CHANGE',
    key: 'court-SHEFCC-T20260117',
    detail: 'remanded',
    prisonCode: 'MDI',
    ...(hearingId ? { hearingId } : {}),
  });

  it('a second remand on the same court case holds again; the same hearing again does not', () => {
    const flagged = run(emptyHold('A1234BC'), courtFlag(), expert).state;
    const cleared = run(flagged, { type: 'clearReason', key: flagged.reasons[0]!.key }, expert, at(1)).state;
    expect(cleared.reasons).toEqual([]);
    const again = run(cleared, courtFlag(), expert, at(2)).state;
    expect(again.reasons).toHaveLength(1);
    expect(isReleasable(again, at(2))).toBe(false);
    // Keyed by the hearing: a retried delivery of a cleared hearing is harmless, a new hearing holds.
    const byHearing = run(emptyHold('A1234BC'), courtFlag('h1'), system).state;
    const h1Cleared = run(byHearing, { type: 'clearReason', key: byHearing.reasons[0]!.key }, expert).state;
    expect(run(h1Cleared, courtFlag('h1'), system).state.reasons).toEqual([]);
    expect(run(h1Cleared, courtFlag('h2'), system).state.reasons).toHaveLength(1);
  });

  it('an answer moving the release later leaves a "not before" reason that lifts itself at the new date', () => {
    const later = at(30 * 24).toISOString();
    const answered = run(
      emptyHold('A1234BC'),
      {
        type: 'queryDetermination',
        reference: 'UQ-MDI-AAAAAAAA',
        determination: 'RELEASE_DATE_CHANGED',
        newReleaseDate: later,
        prisonCode: 'MDI',
      },
      system,
    ).state;
    expect(answered.reasons).toEqual([
      expect.objectContaining({ kind: 'NOT_BEFORE', until: later, ownedBy: 'QUERY_UNIT' }),
    ]);
    expect(nextLapseAt(answered)).toEqual(at(30 * 24));
    expect(run(authorised(answered), releaseOp(), officerB).state.releases).toEqual([]);
    // Nobody on the prison's side lifts it; it goes by itself when the date comes.
    expect(
      run(
        answered,
        { type: 'clearReason', key: answered.reasons[0]!.key, note: 'the prisoner says the date is wrong' },
        governor,
      ).rejection?.code,
    ).toBe('FORBIDDEN');
    expect(lapseTick(answered, at(30 * 24 - 1)).lapsed).toBe(false);
    expect(lapseTick(answered, at(30 * 24)).state.reasons).toEqual([]);
  });

  it('needs a verified authorisation for this movement today, verified by someone other than the one who records it', () => {
    const none = run(emptyHold('A1234BC'), releaseOp(), officerB).state;
    expect(none.releases).toEqual([]);
    expect(none.refusals?.[0]?.unauthorised).toMatch(/no verified authorisation/);
    // The checklist's completer cannot verify it; a no at check is a refusal at check.
    const completed = run(emptyHold('A1234BC'), checklist(), officerA).state;
    expect(
      run(completed, { type: 'verifyAuthorisation', id: 'AUTH-1', prisonCode: 'MDI' }, officerA).rejection?.code,
    ).toBe('FORBIDDEN');
    const refusedAtCheck = run(
      emptyHold('A1234BC'),
      {
        ...checklist(),
        answers: [{ item: 'IDENTITY_CONFIRMED', answer: false, note: 'photo does not match' }],
      } as HoldOperation,
      officerA,
    ).state;
    expect(refusedAtCheck.authorisations?.[0]?.status).toBe('REFUSED_AT_CHECK');
    const ok = authorised(emptyHold('A1234BC'));
    // The verifier may not record the release; tomorrow it has expired; another movement needs its own.
    expect(run(ok, releaseOp(), governor).state.releases).toEqual([]);
    expect(
      run(ok, { ...releaseOp(), releasedAt: at(24).toISOString() } as HoldOperation, officerB, at(24)).state.releases,
    ).toEqual([]);
    expect(
      run(ok, { ...releaseOp(), reason: 'TEMPORARY_ABSENCE_RELEASE' } as HoldOperation, officerB).state.releases,
    ).toEqual([]);
    // Held at another prison now: the authorisation was Moorland's.
    expect(
      run(ok, { ...releaseOp(), prisonCode: 'LEI' } as HoldOperation, { ...officerB, caseload: ['LEI'] }).state
        .releases,
    ).toEqual([]);
    const released = run(ok, releaseOp(), officerB).state;
    expect(released.releases[0]?.authorisationId).toBe('AUTH-1');
    expect(released.authorisations?.[0]?.status).toBe('USED');
  });

  it('a new reason or a changed date voids an authorisation', () => {
    const ok = authorised(emptyHold('A1234BC'));
    const held = run(ok, manual, officerA).state;
    expect(held.authorisations?.[0]?.status).toBe('VOID');
    const cleared = run(held, { type: 'clearReason', key: 'manual-1' }, officerB).state;
    expect(run(cleared, releaseOp(), officerB).state.releases).toEqual([]);
    const datedLater = run(
      authorised(emptyHold('A1234BC')),
      { ...releaseOp(), plannedRelease: at(2).toISOString() } as HoldOperation,
      officerB,
    ).state;
    expect(datedLater.releases).toEqual([]);
  });

  it('an override is the giving prison’s and never used by the governor who gave it to record the release', () => {
    const held = authorised(run(emptyHold('A1234BC'), manual, officerA).state);
    const overridden = run(held, { type: 'override', id: 'o', justification: 'j', prisonCode: 'MDI' }, governor).state;
    const byGovernor = run(overridden, releaseOp(), {
      username: 'gov',
      roles: ['DUTY_GOVERNOR'],
      caseload: ['MDI'],
    }).state;
    expect(byGovernor.releases).toEqual([]);
    expect(isReleasable(overridden, t0, { prisonCode: 'LEI' })).toBe(false);
  });

  it('refuses a movement dated before the one it ends', () => {
    const out = run(authorised(emptyHold('A1234BC')), releaseOp(), officerB).state;
    expect(run(out, { type: 'returnedToCustody', at: at(-1).toISOString() }, officerB).rejection?.code).toBe(
      'UNPROCESSABLE',
    );
    const back = run(out, { type: 'returnedToCustody', at: at(1).toISOString() }, officerB, at(1)).state;
    expect(
      run(
        back,
        {
          type: 'recordRelease',
          id: 'REL-2',
          reason: 'SENT_TO_COURT',
          prisonCode: 'MDI',
          releasedAt: at(0.5).toISOString(),
        },
        officerB,
        at(2),
      ).rejection?.code,
    ).toBe('UNPROCESSABLE');
  });

  it('never refuses the court’s or the unit’s reasons at the limit meant for people', () => {
    let full = emptyHold('A1234BC');
    for (let i = 0; i < 50; i++) full = run(full, { ...manual, key: `manual-${i}` } as HoldOperation, officerA).state;
    expect(run(full, { ...manual, key: 'manual-x' } as HoldOperation, officerA).rejection?.code).toBe('UNPROCESSABLE');
    expect(run(full, courtFlag('h9'), system).state.reasons).toHaveLength(51);
    expect(
      run(
        full,
        { type: 'addReason', kind: 'URGENT_QUERY', key: 'query-UQ-MDI-AAAAAAAA', detail: 'q', prisonCode: 'MDI' },
        system,
      ).state.reasons,
    ).toHaveLength(51);
  });
});

describe('release authority, as an attacker tried it', () => {
  const courtFlag: HoldOperation = {
    type: 'addReason',
    kind: 'CUSTODIAL_STATUS_CHANGE',
    key: 'court-SHEFCC-T1',
    detail: 'remanded',
    prisonCode: 'MDI',
    hearingId: 'h1',
  };

  it('ends an override and voids an authorisation when he moves prison, even out and back', () => {
    const held = authorised(run(emptyHold('A1234BC'), manual, officerA).state);
    const overridden = run(held, { type: 'override', id: 'o', justification: 'j', prisonCode: 'MDI' }, governor).state;
    const away = run(overridden, { type: 'movedPrison', from: 'MDI', to: 'LEI', at: t0.toISOString() }, system).state;
    const back = run(away, { type: 'movedPrison', from: 'LEI', to: 'MDI', at: t0.toISOString() }, system).state;
    expect(back.authorisations?.[0]?.status).toBe('VOID');
    expect(isReleasable(back, at(0.1), { prisonCode: 'MDI' })).toBe(false);
    expect(run(authorised(back, at(0.1), 'AUTH-2'), releaseOp('REL-9'), officerB, at(0.1)).state.releases).toEqual([]);
  });

  it('voids other authorisations and ends overrides when he leaves custody, and again when he is back', () => {
    const twice = authorised(authorised(emptyHold('A1234BC'), t0, 'AUTH-A'), t0, 'AUTH-B');
    const out = run(twice, releaseOp(), officerB).state;
    expect(out.authorisations?.map((a) => a.status)).toEqual(['USED', 'VOID']);
  });

  it('lets no governor bring the unit’s date forward', () => {
    const dated = run(
      emptyHold('A1234BC'),
      {
        type: 'queryDetermination',
        reference: 'UQ-MDI-AAAAAAAA',
        determination: 'RELEASE_DATE_CHANGED',
        newReleaseDate: at(24 * 13).toISOString(),
        prisonCode: 'MDI',
      },
      system,
    ).state;
    expect(
      run(dated, { type: 'override', id: 'o', justification: 'j', prisonCode: 'MDI' }, governor).rejection?.code,
    ).toBe('CONFLICT');
  });

  it('refuses a release dated another day than its authorisation', () => {
    expect(
      run(
        authorised(emptyHold('A1234BC')),
        { ...releaseOp(), releasedAt: at(-24 * 300).toISOString() } as HoldOperation,
        officerB,
      ).state.releases,
    ).toEqual([]);
  });

  it('lets no one who lifted a reason record the release that follows, whatever roles they carry', () => {
    const both: Actor = { username: 'both', roles: ['PRISON_STAFF', 'COURT_EXPERT'], caseload: ['MDI'] };
    const flagged = authorised(run(emptyHold('A1234BC'), courtFlag, system).state);
    const key = flagged.reasons[0]!.key;
    const lifted = run(flagged, { type: 'clearReason', key, prisonCode: 'MDI' }, both).state;
    const refused = run(lifted, releaseOp(), both).state;
    expect(refused.releases).toEqual([]);
    expect(refused.refusals?.[0]?.unauthorised).toMatch(/lifted a reason/);
    // A query's reason lifted by the query on someone's behalf counts as theirs.
    const query = authorised(
      run(
        emptyHold('A1234BC'),
        { type: 'addReason', kind: 'URGENT_QUERY', key: 'query-Q', detail: 'q', prisonCode: 'MDI' },
        system,
      ).state,
    );
    const answered = run(query, { type: 'clearReason', key: 'query-Q', onBehalfOf: 'both' }, system).state;
    expect(run(answered, releaseOp(), both).state.releases).toEqual([]);
    expect(run(answered, releaseOp(), officerB).state.releases).toHaveLength(1);
  });
});
