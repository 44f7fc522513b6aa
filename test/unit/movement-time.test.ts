import { describe, expect, it } from 'vitest';
import { CLOCK_TOLERANCE_MS, isFutureMovement } from '../../domain/release-hold/movement-time.ts';

const now = new Date('2026-11-27T10:00:00Z');
const after = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe('a recorded movement in the future', () => {
  it.each([
    ['an hour ago', after(-3_600_000), false],
    ['now', after(0), false],
    ['just inside the clock tolerance', after(CLOCK_TOLERANCE_MS), false],
    ['a millisecond past it', after(CLOCK_TOLERANCE_MS + 1), true],
    ['tomorrow', after(86_400_000), true],
  ])('%s: %s', (_label, at, future) => {
    expect(isFutureMovement(at, now)).toBe(future);
  });

  it('reads offsets, so the same instant written in BST is the same instant', () => {
    expect(isFutureMovement('2026-11-27T10:06:00+00:00', now)).toBe(true);
    expect(isFutureMovement('2026-07-01T12:00:00+01:00', new Date('2026-07-01T11:00:00Z'))).toBe(false);
  });
});
