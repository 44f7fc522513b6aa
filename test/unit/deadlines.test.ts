import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkingClock } from '../../src/domain/calendar/business-calendar.ts';
import { computeDeadline, deadlineAfter, releaseCap } from '../../src/domain/urgent-query/deadlines.ts';
import { testPolicy } from '../helpers/policy.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const continuous: WorkingClock = { kind: 'CONTINUOUS' };
const t0 = new Date('2026-11-23T10:00:00Z'); // a Monday, 10:00 GMT
const at = (ms: number) => new Date(t0.getTime() + ms);
const iso = (ms: number) => at(ms).toISOString();
const policy = testPolicy();

describe('deadlineAfter: target time with the clock stopped during pauses', () => {
  it('adds the target when nothing is paused', () => {
    expect(deadlineAfter(continuous, t0, 2 * HOUR, [])).toEqual(at(2 * HOUR));
  });
  it('moves the deadline by the length of a closed pause', () => {
    expect(deadlineAfter(continuous, t0, 2 * HOUR, [{ from: iso(30 * MIN), to: iso(90 * MIN) }])).toEqual(at(3 * HOUR));
  });
  it('adds up several pauses, in any order', () => {
    const pauses = [
      { from: iso(100 * MIN), to: iso(110 * MIN) },
      { from: iso(10 * MIN), to: iso(40 * MIN) },
    ];
    expect(deadlineAfter(continuous, t0, 2 * HOUR, pauses)).toEqual(at(2 * HOUR + 40 * MIN));
  });
  it('has no deadline while a pause is open before the target is reached', () => {
    expect(deadlineAfter(continuous, t0, 2 * HOUR, [{ from: iso(30 * MIN) }])).toBeNull();
  });
  it('ignores a pause that starts after the target was already reached', () => {
    expect(deadlineAfter(continuous, t0, 2 * HOUR, [{ from: iso(3 * HOUR) }])).toEqual(at(2 * HOUR));
  });
  it('ignores the part of a pause before the clock started', () => {
    expect(deadlineAfter(continuous, t0, 2 * HOUR, [{ from: iso(-HOUR), to: iso(30 * MIN) }])).toEqual(
      at(2 * HOUR + 30 * MIN),
    );
  });
  it('pauses on the business clock only take away working time', () => {
    const business: WorkingClock = { kind: 'BUSINESS', calendar: policy.calendar };
    const friday = new Date('2026-11-27T16:00:00Z');
    // Paused from Friday 17:00 to Monday 09:00: only the hour 17:00–18:00 on Friday was working time.
    const due = deadlineAfter(business, friday, 4 * HOUR, [
      { from: '2026-11-27T17:00:00Z', to: '2026-11-30T09:00:00Z' },
    ]);
    expect(due).toEqual(new Date('2026-11-30T12:00:00Z'));
  });
  it('property: a pause never brings a deadline forward', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 * HOUR }),
        fc.integer({ min: 0, max: 10 * HOUR }),
        fc.integer({ min: 0, max: 5 * HOUR }),
        (target, start, len) => {
          const plain = deadlineAfter(continuous, t0, target, [])!;
          const paused = deadlineAfter(continuous, t0, target, [{ from: iso(start), to: iso(start + len) }])!;
          return paused.getTime() >= plain.getTime() && paused.getTime() - plain.getTime() <= len;
        },
      ),
    );
  });
});

describe('computeDeadline: targets by urgency, capped at release less the safety margin', () => {
  const input = (
    urgency: 'CRITICAL' | 'URGENT' | 'STANDARD',
    extra: Partial<Parameters<typeof computeDeadline>[1]> = {},
  ) => ({
    policy,
    urgency,
    targetStartedAt: t0,
    pauses: [],
    ...extra,
  });

  it('CRITICAL: first response in 30 minutes and an answer in 2 hours, on the 24/7 clock', () => {
    const saturday = new Date('2026-11-28T23:00:00Z');
    expect(computeDeadline('FIRST_RESPONSE', input('CRITICAL', { targetStartedAt: saturday })).due).toEqual(
      new Date('2026-11-28T23:30:00Z'),
    );
    expect(computeDeadline('ANSWER', input('CRITICAL', { targetStartedAt: saturday })).due).toEqual(
      new Date('2026-11-29T01:00:00Z'),
    );
  });
  it('URGENT: an answer in 8 working hours', () => {
    expect(computeDeadline('ANSWER', input('URGENT')).due).toEqual(new Date('2026-11-23T18:00:00Z')); // Mon 10:00 + 8 → Mon 18:00
    const afternoon = new Date('2026-11-23T14:00:00Z');
    expect(computeDeadline('ANSWER', input('URGENT', { targetStartedAt: afternoon })).due).toEqual(
      new Date('2026-11-24T12:00:00Z'),
    );
  });
  it('STANDARD: an answer in 3 working days', () => {
    expect(computeDeadline('ANSWER', input('STANDARD')).due).toEqual(new Date('2026-11-26T10:00:00Z'));
  });
  it('caps at the release time less the 2-hour margin when the release falls before the target', () => {
    const deadline = computeDeadline('ANSWER', input('URGENT', { plannedRelease: at(5 * HOUR) }));
    expect(deadline).toMatchObject({ due: at(3 * HOUR), capped: true });
    // Warnings fall at 50% and 80% of the shortened window.
    expect(deadline.warnings.map((w) => w.at)).toEqual([at(1.5 * HOUR), at(2.4 * HOUR)]);
  });
  it('leaves the target alone when the release is comfortably later', () => {
    expect(computeDeadline('ANSWER', input('CRITICAL', { plannedRelease: at(20 * HOUR) }))).toMatchObject({
      due: at(2 * HOUR),
      capped: false,
    });
  });
  it('gives a deadline already past when release is within the margin', () => {
    expect(computeDeadline('ANSWER', input('CRITICAL', { plannedRelease: at(HOUR) })).due).toEqual(at(-HOUR));
  });
  it('keeps the release cap running while the target clock is paused', () => {
    const paused = { plannedRelease: at(20 * HOUR), pauses: [{ from: iso(10 * MIN) }] };
    expect(computeDeadline('ANSWER', input('CRITICAL', paused))).toMatchObject({ due: at(18 * HOUR), capped: true });
    expect(computeDeadline('ANSWER', input('CRITICAL', { pauses: [{ from: iso(10 * MIN) }] })).due).toBeNull();
  });
  it('puts warnings at 50% and 80% of working time', () => {
    expect(computeDeadline('ANSWER', input('CRITICAL')).warnings).toEqual([
      { fraction: 0.5, at: at(HOUR) },
      { fraction: 0.8, at: at(96 * MIN) },
    ]);
  });
  it('releaseCap is the release less the margin, or nothing', () => {
    expect(releaseCap(at(5 * HOUR), 120)).toEqual(at(3 * HOUR));
    expect(releaseCap(undefined, 120)).toBeNull();
  });
});
