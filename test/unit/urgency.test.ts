import { describe, expect, it } from 'vitest';
import { urgencyFor, urgencyRises } from '../../src/domain/urgent-query/urgency.ts';

const policy = { criticalWithinHours: 24, urgentWithinHours: 72 };
const now = new Date('2026-11-27T10:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describe('urgency from the planned release', () => {
  it.each([
    [-5, 'CRITICAL'],
    [0, 'CRITICAL'],
    [23.99, 'CRITICAL'],
    // Both boundaries are inclusive: exactly 24 hours is CRITICAL, exactly 72 hours URGENT.
    [24, 'CRITICAL'],
    [24 + 1 / 3_600_000, 'URGENT'],
    [71.99, 'URGENT'],
    [72, 'URGENT'],
    [72 + 1 / 3_600_000, 'STANDARD'],
    [500, 'STANDARD'],
  ] as const)('release in %f h is %s', (hours, expected) => {
    expect(urgencyFor(now, at(hours), policy)).toBe(expected);
  });

  it('treats an unknown release as STANDARD, unless the prisoner is at court or in reception today', () => {
    expect(urgencyFor(now, undefined, policy)).toBe('STANDARD');
    expect(urgencyFor(now, undefined, policy, true)).toBe('CRITICAL');
    expect(urgencyFor(now, at(100), policy, true)).toBe('STANDARD');
  });

  it('follows configured thresholds, not fixed numbers', () => {
    expect(urgencyFor(now, at(30), { criticalWithinHours: 48, urgentWithinHours: 96 })).toBe('CRITICAL');
  });
});

describe('urgency rising as the release nears', () => {
  it('rises to URGENT 72 hours before the release and to CRITICAL 24 hours before', () => {
    expect(urgencyRises(at(200), 'STANDARD', policy)).toEqual([
      { urgency: 'URGENT', withinHours: 72, at: at(128) },
      { urgency: 'CRITICAL', withinHours: 24, at: at(176) },
    ]);
    expect(urgencyRises(at(200), 'URGENT', policy)).toEqual([{ urgency: 'CRITICAL', withinHours: 24, at: at(176) }]);
    expect(urgencyRises(at(200), 'CRITICAL', policy)).toEqual([]);
  });

  it('lands exactly on the inclusive boundary, agreeing with urgencyFor at that instant', () => {
    for (const rise of urgencyRises(at(200), 'STANDARD', policy))
      expect(urgencyFor(rise.at, at(200), policy)).toBe(rise.urgency);
  });
});
