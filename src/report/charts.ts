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

export interface LineChartOptions {
  readonly yTitle: string;
  /** Fixed y range, e.g. [0, 1] for ratios; without one the y axis counts whole things (ticks 1 apart at least). */
  readonly yDomain?: readonly [number, number];
  /** Times (in the chart's unit) to mark with dashed rules, e.g. fault starts. */
  readonly markers?: readonly number[];
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
  const markers = (opts.markers ?? []).map((t) => ({ t }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 440,
    height: 170,
    config: CONFIG,
    layer:
      markers.length > 0
        ? [
            lines,
            {
              data: { values: markers },
              mark: { type: 'rule', strokeDash: [4, 3], color: '#999' },
              encoding: { x: { field: 't', type: 'quantitative' } },
            },
          ]
        : [lines],
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
