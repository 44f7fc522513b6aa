import { describe, expect, it } from 'vitest';
import { barChart, columnChart, niceMax } from '../../src/web/charts.ts';

describe('server-drawn charts', () => {
  it('tops the scale at 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 10, 11, 84, 260].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 100, 500]);
  });

  it('draws each column in proportion from the baseline, and says what the chart shows', () => {
    const chart = columnChart(
      [
        { label: '2026-01', value: 10 },
        { label: '2026-02', value: 5 },
        { label: '2026-03', value: 0 },
      ],
      'Releases in error',
    );
    expect(chart.max).toBe(10);
    const [a, b, c] = chart.columns;
    expect(a!.y + a!.height).toBe(chart.baseline);
    expect(b!.height).toBe(Math.round(a!.height / 2));
    expect(c!.height).toBe(0);
    expect(a!.x).toBeLessThan(b!.x);
    expect(chart.gridLines.map((g) => g.value)).toEqual([0, 5, 10]);
    expect(chart.summary).toBe(
      'Releases in error: 3 values totalling 15, highest 10 in 2026-01. The table that follows has every figure.',
    );
  });

  it('labels only some columns when there are many', () => {
    const chart = columnChart(
      Array.from({ length: 36 }, (_, i) => ({ label: `m${i}`, value: i })),
      'x',
    );
    expect(chart.columns.filter((c) => c.showLabel)).toHaveLength(12);
  });

  it('orders bars largest first, scaled to the largest', () => {
    const chart = barChart(
      [
        { label: 'a', value: 1 },
        { label: 'b', value: 4 },
      ],
      'Causes',
    );
    expect(chart.bars.map((b) => b.label)).toEqual(['b', 'a']);
    expect(chart.bars[1]!.width).toBe(Math.round(chart.bars[0]!.width / 4));
  });
});
