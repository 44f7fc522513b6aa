import { describe, expect, it } from 'vitest';
import { laterToday, londonDay } from '../../src/domain/release-hold/authorisation.ts';

describe('a planned release later today (London)', () => {
  it('is the hours asked for when the day has room', () => {
    const now = new Date('2026-12-07T09:00:00Z');
    expect(laterToday(2, now)).toBe('2026-12-07T11:00:00.000Z');
  });

  it('never passes the day’s last second, in GMT and in BST', () => {
    expect(laterToday(2, new Date('2026-12-07T23:00:00Z'))).toBe('2026-12-07T23:59:59.000Z');
    // 22:30 UTC in July is 23:30 London: the day ends at 23:00 UTC.
    const summer = new Date('2026-07-01T22:30:00Z');
    expect(laterToday(2, summer)).toBe('2026-07-01T22:59:59.000Z');
    expect(londonDay(new Date(laterToday(2, summer)))).toBe(londonDay(summer));
  });

  it('is now itself in the day’s last second', () => {
    const now = new Date('2026-12-07T23:59:59.500Z');
    expect(laterToday(1, now)).toBe(now.toISOString());
  });
});
