import { describe, expect, it } from 'vitest';
import { PULL_STARTS, mayHold, startGapMs, startOrder } from '../../src/domain/court/pull-starts.ts';
import { hearingResultSchema } from '../../src/domain/court/hearing.ts';
import { hearing } from '../helpers/court-results.ts';

const read = (body: unknown) => hearingResultSchema.parse(body);
const someone = { firstName: 'Ada', lastName: 'Quill', dateOfBirth: '1970-01-01' };

describe('how the hourly pull starts what it kept', () => {
  it('puts a hearing that may hold someone first: a custodial change or results the unit must read', () => {
    expect(mayHold(read(hearing([{ person: someone, results: ['Remanded in custody'] }])))).toBe(true);
    expect(mayHold(read(hearing([{ person: someone, results: ['Adjourned'] }])))).toBe(false);
    expect(mayHold(read(hearing([{ person: someone, results: ['Something no table knows'] }])))).toBe(true);
  });

  it('keeps each group in the order pulled', () => {
    expect(startOrder([1, 2, 3, 4, 5, 6], (n) => n % 3 === 0)).toEqual([3, 6, 1, 2, 4, 5]);
    expect(startOrder([], () => true)).toEqual([]);
  });

  it('starts 250 ms apart, closer for a batch too large to fit its time, never spread past it', () => {
    expect(startGapMs(0)).toBe(0);
    expect(startGapMs(1)).toBe(0);
    expect(startGapMs(60)).toBe(1_000 / PULL_STARTS.perSecond);
    for (const count of [2, 60, 121, 476, 10_000]) {
      const gap = startGapMs(count);
      expect(gap).toBeLessThanOrEqual(1_000 / PULL_STARTS.perSecond);
      expect(gap * (count - 1)).toBeLessThanOrEqual(PULL_STARTS.withinMs + 1e-6);
    }
    expect(startGapMs(1_000)).toBeCloseTo(PULL_STARTS.withinMs / 999);
  });
});
