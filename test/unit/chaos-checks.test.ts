import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { checkHoldOperation, type HoldOperation } from '../../src/domain/release-hold/hold-operations.ts';
import { applyHoldOperation } from '../../src/domain/release-hold/hold-reducer.ts';
import { emptyHold, type HoldState } from '../../src/domain/release-hold/hold-state.ts';
import type { CaughtMail } from '../../src/infra/mail-catcher.ts';
import { releasesWhileHeld } from '../../tools/chaos/invariants.ts';
import { alertsOverLadder } from '../../tools/fuzz/ladder-check.ts';
import { TEST_HOLD_POLICY } from '../helpers/activity-deps.ts';
import { withAuthorisation } from '../helpers/authorisation.ts';

// The fault suite's checkers read what the domain wrote: these tests keep them reading it right.
const t0 = new Date('2026-11-23T10:00:00Z');
const officer: Actor = { username: 'officer', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
const officer2: Actor = { username: 'officer2', roles: ['PRISON_STAFF'], caseload: ['MDI'] };

function apply(state: HoldState, op: HoldOperation, actor: Actor): HoldState {
  expect(checkHoldOperation(state, op, actor)).toBeNull();
  return applyHoldOperation(state, op, actor, t0, TEST_HOLD_POLICY).state;
}

describe('releasesWhileHeld', () => {
  const placed = apply(
    emptyHold('A1234BC'),
    { type: 'addReason', kind: 'MANUAL', key: 'manual-X', detail: 'Awaiting the warrant', prisonCode: 'MDI' },
    officer,
  );
  const cleared = apply(placed, { type: 'clearReason', key: 'manual-X', note: 'Warrant found' }, officer2);
  const released = apply(
    withAuthorisation(cleared, t0),
    { type: 'recordRelease', id: 'REL-1', reason: 'RELEASED', prisonCode: 'MDI', releasedAt: t0.toISOString() },
    officer,
  );

  it('finds nothing wrong in a hold the domain kept: placed, cleared, then released', () => {
    expect(released.audit.map((a) => a.what)).toEqual([
      'REASON_ADDED',
      'REASON_CLEARED',
      'CHECKLIST_COMPLETED',
      'AUTHORISATION_VERIFIED',
      'RELEASE_RECORDED',
    ]);
    expect(releasesWhileHeld(released)).toEqual([]);
  });

  it('finds a release recorded before the reason was cleared', () => {
    const [added, clear, , , release] = released.audit;
    const tampered = { ...released, audit: [added!, release!, clear!] };
    expect(releasesWhileHeld(tampered)).toEqual(['A1234BC: RELEASED recorded while manual-X stood']);
  });

  it('accepts a release under an override, and an ungated movement while a reason stands', () => {
    const [added, , , , release] = released.audit;
    const overridden = { ...release!, detail: `${release!.detail} under override OVR-1` };
    expect(releasesWhileHeld({ ...released, audit: [added!, overridden] })).toEqual([]);
    expect(releasesWhileHeld({ ...released, audit: [added!, { ...release!, detail: 'SENT_TO_COURT' }] })).toEqual([]);
  });
});

describe('alertsOverLadder', () => {
  const alert = (reference: string, level: number): CaughtMail => ({
    id: `${reference}-${level}-${Math.random()}`,
    receivedAt: t0.toISOString(),
    messageId: undefined,
    from: undefined,
    to: ['unit@example.org'],
    subject: `Escalation level ${level}: urgent query`,
    text: undefined,
    html: undefined,
    headers: { 'x-release-guard-reference': reference },
  });

  it('allows one alert per level per fifteen minutes, and counts each case and level apart', () => {
    const mail = [alert('UQ-1', 1), alert('UQ-1', 1), alert('UQ-1', 2), alert('UQ-2', 1)];
    expect(alertsOverLadder(mail, 15)).toEqual([]);
    expect(alertsOverLadder(mail, 14)).toEqual(['UQ-1 level 1: 2 alerts, at most 1 allowed']);
  });
});
