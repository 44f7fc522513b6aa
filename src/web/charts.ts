/**
 * Charts drawn on the server as SVG: no script, nothing for the CSP to allow, and every chart has
 * its figures in a table beside it for screen readers and anyone who wants the numbers.
 */

export interface ChartPoint {
  label: string;
  value: number;
}

export interface Column {
  label: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where the label is written under the column; only some are, when there are many. */
  showLabel: boolean;
}

export interface ColumnChart {
  width: number;
  height: number;
  /** The plotting area's bottom edge. */
  baseline: number;
  max: number;
  gridLines: { y: number; value: number }[];
  columns: Column[];
  /** A sentence for the chart's accessible name. */
  summary: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 40;
const BOTTOM = 30;
const TOP = 10;

/** A "nice" top for the scale: 1, 2 or 5 times a power of ten, at or above the largest value. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((n) => n >= value)!;
}

/** Columns for a series (months, usually), scaled to the largest value. */
export function columnChart(points: readonly ChartPoint[], title: string): ColumnChart {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const slot = (WIDTH - LEFT) / Math.max(1, points.length);
  const every = Math.ceil(points.length / 12);
  const columns = points.map((p, i): Column => {
    const height = Math.round((p.value / max) * plotHeight);
    return {
      label: p.label,
      value: p.value,
      x: Math.round(LEFT + i * slot + slot * 0.15),
      width: Math.max(1, Math.round(slot * 0.7)),
      y: HEIGHT - BOTTOM - height,
      height,
      showLabel: i % every === 0,
    };
  });
  // Counts are whole: a halfway line only where it falls on a whole number.
  const gridLines = (max % 2 === 0 ? [0, 0.5, 1] : [0, 1]).map((f) => ({
    y: Math.round(HEIGHT - BOTTOM - f * plotHeight),
    value: f * max,
  }));
  const total = points.reduce((a, p) => a + p.value, 0);
  const peak = points.reduce<ChartPoint | undefined>(
    (best, p) => (!best || p.value > best.value ? p : best),
    undefined,
  );
  const summary = `${title}: ${points.length} values totalling ${total}${peak && peak.value > 0 ? `, highest ${peak.value} in ${peak.label}` : ''}. The table that follows has every figure.`;
  return { width: WIDTH, height: HEIGHT, baseline: HEIGHT - BOTTOM, max, gridLines, columns, summary };
}

export interface Bar {
  label: string;
  value: number;
  y: number;
  width: number;
}

/** Horizontal bars for a breakdown (causes, prisons, reason kinds), largest first. */
export function barChart(
  points: readonly ChartPoint[],
  title: string,
): { width: number; height: number; labelWidth: number; bars: Bar[]; summary: string } {
  const sorted = [...points].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  const max = Math.max(1, ...sorted.map((p) => p.value));
  const labelWidth = 260;
  const room = WIDTH - labelWidth - 50;
  const bars = sorted.map((p, i) => ({
    label: p.label,
    value: p.value,
    y: 6 + i * 26,
    width: Math.round((p.value / max) * room),
  }));
  const summary = `${title}: ${sorted.map((p) => `${p.label} ${p.value}`).join(', ') || 'nothing to show'}. The table that follows has every figure.`;
  return { width: WIDTH, height: 12 + sorted.length * 26, labelWidth, bars, summary };
}
