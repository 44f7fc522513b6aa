import { describe, expect, it } from 'vitest';
import { urgencyFor } from '../../domain/urgent-query/urgency.ts';

const policy = { criticalWithinHours: 24, urgentWithinHours: 72 };
const now = new Date('2026-11-27T10:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describe('urgency from the planned release', () => {
  it.each([
    [-5, 'CRITICAL'],
    [0, 'CRITICAL'],
    [23.99, 'CRITICAL'],
    [24, 'URGENT'],
    [71.99, 'URGENT'],
    [72, 'STANDARD'],
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
