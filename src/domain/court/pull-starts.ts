import { defendantsOf, type HearingResult } from './hearing.ts';

/**
 * How the hourly pull starts the hearings it kept. Everything is kept at once; the workflows are
 * started at a bounded rate, because a batch started at once is some 600 writes to the engine in a
 * second or two, and the gate's reads wait behind them (docs/performance-national-day.md). A large
 * pull (a catch-up after downtime) goes faster, so its starts still spread over half the
 * court-result-to-hold service level (60 s): the rate yields to the time, not the other way.
 */
export const PULL_STARTS = { perSecond: 4, withinMs: 30_000 } as const;

/** A hearing that may hold someone: a custodial change, or results the unit must read (they may be one). */
export const mayHold = (result: HearingResult): boolean =>
  defendantsOf(result).some((d) => d.change !== null || d.unrecognised !== undefined);

/** Those that may hold someone first, so pacing never delays a remand behind adjournments; each group as pulled. */
export const startOrder = <T>(items: readonly T[], first: (item: T) => boolean): T[] => [
  ...items.filter(first),
  ...items.filter((item) => !first(item)),
];

/** Milliseconds between two starts of a pull of `count`: perSecond, or closer so that all fit within withinMs. */
export function startGapMs(count: number, limits: { perSecond: number; withinMs: number } = PULL_STARTS): number {
  if (count <= 1) return 0;
  return Math.min(1_000 / limits.perSecond, limits.withinMs / (count - 1));
}
