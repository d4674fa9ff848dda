/**
 * What the usage charts share: colours with at least 3:1 contrast on the white card (WCAG non-text
 * contrast), whole-number axes (users are never fractional) and a y scale that starts at zero.
 */
import type uPlot from 'uplot';
import { formatCount } from '../../components/format';

export const chartColors = {
  /** Blue 600 / 700: the counts. */
  count: '#2563eb',
  countFill: 'rgba(37, 99, 235, 0.55)',
  /** Amber 700: the high watermark. */
  watermark: '#b45309',
  /** Emerald 700: what was written to ConnectWise. */
  synced: '#047857',
  axis: '#374151',
  grid: '#e5e7eb',
} as const;

const WHOLE_INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

/** A y axis of whole user counts, from zero to a little above the highest value. */
export const countScale: uPlot.Scale = {
  range: (_u, _min, max) => [0, Math.max(5, Math.ceil((max || 0) * 1.15))],
};

export const countAxis: uPlot.Axis = {
  stroke: chartColors.axis,
  grid: { stroke: chartColors.grid, width: 1 },
  ticks: { stroke: chartColors.grid, width: 1 },
  incrs: WHOLE_INCREMENTS,
  values: (_u, splits) => splits.map((v) => formatCount(v)),
  size: 44,
};

/** The legend's value for a point: the count, or a dash where there is none. */
export function legendValue(_u: uPlot, value: number | null): string {
  return value === null || value === undefined ? '—' : formatCount(value);
}
