import { describe, expect, it } from 'vitest';
import { type Actor } from '../../src/domain/actors.ts';
import { type HoldOperation } from '../../src/domain/release-hold/hold-operations.ts';
import { emptyHold, isReleasable } from '../../src/domain/release-hold/hold-state.ts';
import { lapseTick, nextLapseAt } from '../../src/domain/release-hold/hold-timers.ts';
import {
  at,
  authorised,
  checklist,
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
  it('refuses a release dated before its authorisation was verified: a release in error is not authorised after the fact', () => {
    const ok = authorised(emptyHold('A1234BC'), at(2));
    const dated = (h: number) => ({ ...releaseOp(), releasedAt: at(h).toISOString() }) as HoldOperation;
    const backdated = run(ok, dated(1), officerB, at(3)).state;
    expect(backdated.releases).toEqual([]);
    expect(backdated.refusals?.at(-1)?.unauthorised).toMatch(/verified at/);
    expect(run(ok, dated(2), officerB, at(3)).state.releases).toHaveLength(1);
  });

  it('knows one person by his user name in any casing: no second pair of eyes from a capital letter', () => {
    const completed = run(emptyHold('A1234BC'), checklist(), officerA).state;
    const sameOfficer: Actor = { ...officerA, username: 'A' };
    expect(
      run(completed, { type: 'verifyAuthorisation', id: 'AUTH-1', prisonCode: 'MDI' }, sameOfficer).rejection,
    ).not.toBeNull();
    const ok = authorised(emptyHold('A1234BC'));
    const sameGovernor: Actor = { ...officerB, username: 'GOV' };
    expect(run(ok, releaseOp(), sameGovernor).state.releases).toEqual([]);
    const placed = run(emptyHold('A1234BC'), manual, officerA).state;
    expect(
      run(placed, { type: 'clearReason', key: 'manual-1', note: 'checked' } as HoldOperation, sameOfficer).rejection,
    ).not.toBeNull();
  });
});
