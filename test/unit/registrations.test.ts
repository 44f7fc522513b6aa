import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import {
  MAX_REGISTRATIONS,
  applyRegistrationOperation,
  checkRegistrationOperation,
} from '../../src/domain/victim-notification/registrations.ts';
import {
  noticeRecipient,
  type Registration,
  type RegistrationEntry,
} from '../../src/domain/victim-notification/vocabulary.ts';

const vlo: Actor = { username: 'vlo', roles: ['VICTIM_LIAISON'], caseload: [] };
const officer: Actor = { username: 'o', roles: ['PRISON_STAFF'], caseload: ['MDI'] };
const now = new Date('2026-11-27T10:00:00Z');
const registration = (n: number): Registration => ({
  vloName: `VLO ${n}`,
  vloEmail: `vlo${n}@probation.test`,
  teamMailbox: 'team@probation.test',
  probationRegion: 'Wales',
  eligibility: 'STATUTORY',
});

describe('a prisoner’s Victim Contact Scheme registrations', () => {
  it('keeps one per victim, each with its own id; adding the same id again is a retry and adds nothing', () => {
    let list: RegistrationEntry[] = [];
    list = applyRegistrationOperation(list, { type: 'add', id: 'REG-A', registration: registration(1) }, now);
    list = applyRegistrationOperation(list, { type: 'add', id: 'REG-B', registration: registration(2) }, now);
    list = applyRegistrationOperation(list, { type: 'add', id: 'REG-A', registration: registration(3) }, now);
    expect(list.map((r) => [r.id, r.vloEmail])).toEqual([
      ['REG-A', 'vlo1@probation.test'],
      ['REG-B', 'vlo2@probation.test'],
    ]);
    list = applyRegistrationOperation(
      list,
      { type: 'change', id: 'REG-B', registration: { ...registration(2), eligibility: 'DISCRETIONARY' } },
      now,
    );
    expect(list[1]).toMatchObject({ id: 'REG-B', eligibility: 'DISCRETIONARY', registeredAt: now.toISOString() });
    expect(applyRegistrationOperation(list, { type: 'remove', id: 'REG-A' }, now).map((r) => r.id)).toEqual(['REG-B']);
  });

  it('is managed by victim liaison only, bounded, and refuses changes to registrations that do not exist', () => {
    const full = Array.from({ length: MAX_REGISTRATIONS }, (_, i) => ({
      id: `REG-${i}`,
      registeredAt: now.toISOString(),
      ...registration(i),
    }));
    expect(
      checkRegistrationOperation([], { type: 'add', id: 'REG-X', registration: registration(1) }, officer)?.code,
    ).toBe('FORBIDDEN');
    expect(
      checkRegistrationOperation(full, { type: 'add', id: 'REG-X', registration: registration(1) }, vlo)?.code,
    ).toBe('UNPROCESSABLE');
    expect(
      checkRegistrationOperation(full, { type: 'add', id: 'REG-0', registration: registration(1) }, vlo),
    ).toBeNull();
    expect(checkRegistrationOperation(full, { type: 'remove', id: 'REG-NOPE' }, vlo)?.code).toBe('NOT_FOUND');
  });
});

describe('another VLO taking a victim over', () => {
  it('is a new person to tell: his notices are his own; the same VLO in another casing is not a change', () => {
    const added = applyRegistrationOperation([], { type: 'add', id: 'REG-A', registration: registration(1) }, now);
    expect(noticeRecipient(added[0]!)).toBe('REG-A');
    const recased = applyRegistrationOperation(
      added,
      {
        type: 'change',
        id: 'REG-A',
        registration: { ...registration(1), vloEmail: registration(1).vloEmail.toUpperCase() },
      },
      now,
    );
    expect(noticeRecipient(recased[0]!)).toBe('REG-A');
    const taken = applyRegistrationOperation(
      recased,
      { type: 'change', id: 'REG-A', registration: registration(2) },
      now,
    );
    expect(taken[0]).toMatchObject({ id: 'REG-A', vloEmail: registration(2).vloEmail, vloChanges: 1 });
    expect(noticeRecipient(taken[0]!)).toBe('REG-A~1');
    const back = applyRegistrationOperation(taken, { type: 'change', id: 'REG-A', registration: registration(1) }, now);
    expect(noticeRecipient(back[0]!)).toBe('REG-A~2');
  });
});
