import { describe, expect, it } from 'vitest';
import { histogram, quantileOf, since } from '../../tools/bench/prometheus.ts';
import fc from 'fast-check';
import { syntheticPrisoner } from '../../tools/bench/http.ts';
import { closedLoop, inParallel } from '../../tools/bench/load.ts';
import { growth, latency, percentile, spread } from '../../tools/bench/stats.ts';
import { prisonerNumberSchema } from '../../src/domain/identifiers.ts';

describe('benchmark statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('never reports a percentile outside the samples, and p50 ≤ p95 ≤ p99 ≤ max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), (samples) => {
        const l = latency(samples);
        expect(l.p50).toBeLessThanOrEqual(l.p95);
        expect(l.p95).toBeLessThanOrEqual(l.p99);
        expect(l.p99).toBeLessThanOrEqual(l.max);
        expect(samples).toContain(l.p50);
        expect(l.max).toBe(Math.max(...samples));
      }),
    );
  });

  it('gives the median of repetitions with their min and max', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
    expect(spread([]).runs).toBe(0);
    expect(growth(10, 15)).toBe(1.5);
  });
});

describe('benchmark load', () => {
  it('runs the given number of tasks at the given concurrency, counting failures without stopping', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await closedLoop({
      concurrency: 4,
      iterations: 20,
      task: async (n) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        if (n === 5) throw new Error('boom');
        return { call: n };
      },
    });
    expect(result.completed).toBe(19);
    expect(result.failed).toBe(1);
    expect(result.firstError).toBe('boom');
    expect(peak).toBe(4);
    expect(result.calls.call).toHaveLength(19);
    expect(result.throughput).toBeGreaterThan(0);
  });

  it('reports every failure of a population', async () => {
    await expect(
      inParallel(10, 3, async (n) => (n % 4 === 0 ? Promise.reject(new Error(`no ${n}`)) : n)),
    ).rejects.toThrow('3 of 10 failed; first: no 0');
  });

  it('makes distinct, valid prisoner numbers', () => {
    const numbers = Array.from({ length: 30_000 }, (_, n) => syntheticPrisoner('G', n));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const pn of [numbers[0], numbers[9_999], numbers[10_000], numbers[29_999]])
      expect(prisonerNumberSchema.safeParse(pn).success).toBe(true);
  });
});

describe('Prometheus histograms, for the bench', () => {
  const scrape = (counts: [string, number][]) =>
    [
      '# TYPE x histogram',
      ...counts.flatMap(([le, n]) => [
        `x_bucket{task_queue="a",le="${le}"} ${n}`,
        `x_bucket{task_queue="b",le="${le}"} ${n}`,
      ]),
      'x_count 1',
    ].join('\n');

  it('sums a histogram over its labels, takes what happened between two scrapes, and interpolates a quantile', () => {
    const before = histogram(
      scrape([
        ['0.1', 1],
        ['1', 2],
        ['+Inf', 2],
      ]),
      'x',
    );
    const after = histogram(
      scrape([
        ['0.1', 1],
        ['1', 12],
        ['+Inf', 12],
      ]),
      'x',
    );
    const between = since(before, after);
    expect([...between]).toEqual([
      [0.1, 0],
      [1, 20],
      [Infinity, 20],
    ]);
    // All 20 fell between 0.1 and 1: the median is half way.
    expect(quantileOf(between, 0.5)).toBeCloseTo(0.55, 5);
    expect(quantileOf(new Map(), 0.5)).toBeNull();
  });
});
