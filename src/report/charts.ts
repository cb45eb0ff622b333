// Vega-Lite specs for the report's plots (pure data in, spec out): time-series line charts for a run,
// and for a comparison one small panel per metric with the profiles side by side (a bar at the mean over
// seeds, a rule from min to max, a dot per seed). Rendering lives in render-svg.ts.

import type { TopLevelSpec } from 'vega-lite';
import type { Point, TimeUnit } from './series.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif';

const CONFIG = {
  font: FONT,
  view: { stroke: '#ddd' },
  axis: { labelColor: '#333', titleColor: '#333', gridColor: '#eee' },
  legend: { orient: 'bottom', labelLimit: 260, columns: 3 },
  title: { anchor: 'start', fontSize: 14, fontWeight: 600 },
} as const;

/** Plot area of a run report's time-series chart, in px (two fit side by side on a wide screen). */
export const CHART_WIDTH = 540;
export const CHART_HEIGHT = 240;

export interface LineChartOptions {
  readonly yTitle: string;
  /** Fixed y range; without one the y axis counts whole things (ticks 1 apart at least). */
  readonly yDomain?: readonly [number, number];
  /** A ratio (0..1) axis scaled to the data (from 0 to a little above its maximum), labelled in %. */
  readonly ratio?: boolean;
  /** Times (in the chart's unit) to mark with dashed rules, e.g. fault starts. */
  readonly markers?: readonly number[];
  /** Times to mark with dotted rules of another colour, e.g. fault ends. */
  readonly endMarkers?: readonly number[];
  /** Colour per series, so that e.g. Ready is always green and Unknown always orange. */
  readonly colors?: Readonly<Record<string, string>>;
}

export function lineChart(
  title: string,
  points: readonly Point[],
  unit: TimeUnit,
  opts: LineChartOptions,
): TopLevelSpec {
  const lines = {
    data: { values: points as Point[] },
    mark: { type: 'line', interpolate: 'linear', strokeWidth: 1.6 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: `virtual time (${unit.label})`, scale: { nice: false } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: opts.yTitle,
        ...(opts.yDomain
          ? { scale: { domain: [...opts.yDomain] } }
          : opts.ratio
            ? { scale: { zero: true, nice: true }, axis: { format: '.0%' } }
            : { axis: { tickMinStep: 1, format: 'd' } }),
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: null,
        ...(opts.colors
          ? { scale: { domain: Object.keys(opts.colors), range: Object.values(opts.colors) } }
          : {}),
      },
    },
  } as const;
  const rule = (times: readonly number[], color: string, dash: number[]) => ({
    data: { values: times.map((t) => ({ t })) },
    mark: { type: 'rule', strokeDash: dash, color, strokeWidth: 1.2 },
    encoding: { x: { field: 't', type: 'quantitative' } },
  });
  const layer: object[] = [lines];
  if ((opts.markers ?? []).length > 0) layer.push(rule(opts.markers ?? [], '#d62728', [5, 3]));
  if ((opts.endMarkers ?? []).length > 0) layer.push(rule(opts.endMarkers ?? [], '#2ca02c', [2, 2]));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CONFIG,
    layer,
  };
  return spec as unknown as TopLevelSpec;
}

export interface CompareValue {
  readonly profile: string;
  readonly seed: string;
  readonly metric: string;
  readonly value: number;
}

/** One panel per metric (independent y scales), profiles side by side in their given order. */
export function compareChart(
  values: readonly CompareValue[],
  profiles: readonly string[],
  metrics: readonly string[],
): TopLevelSpec {
  const x = {
    field: 'profile',
    type: 'nominal',
    title: null,
    sort: [...profiles],
    axis: { labelAngle: -30, labelLimit: 160 },
  };
  const color = (legend: boolean) => ({
    field: 'profile',
    type: 'nominal',
    sort: [...profiles],
    scale: { scheme: 'tableau10' },
    ...(legend ? { title: 'profile' } : { legend: null }),
  });
  const y = (extra: object) => ({ type: 'quantitative', title: null, scale: { zero: true }, ...extra });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'top' } },
    data: { values: values as CompareValue[] },
    facet: {
      field: 'metric',
      type: 'nominal',
      title: null,
      sort: [...metrics],
      header: { labelFontSize: 12, labelFontWeight: 600 },
    },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 200,
      height: 130,
      layer: [
        {
          mark: { type: 'bar', opacity: 0.35 },
          encoding: { x, y: y({ aggregate: 'mean', field: 'value' }), color: color(true) },
        },
        {
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            x,
            y: y({ aggregate: 'min', field: 'value' }),
            y2: { aggregate: 'max', field: 'value' },
            color: color(false),
          },
        },
        {
          mark: { type: 'point', filled: true, size: 28 },
          encoding: { x, y: y({ field: 'value' }), color: color(false) },
        },
      ],
    },
  };
  return spec as unknown as TopLevelSpec;
}
