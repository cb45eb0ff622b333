// Timeseries prepared for plotting: long-format points (t, series, value) in a time unit that suits the
// run's length, and at most MAX_POINTS points per series. Long runs are thinned by keeping, in each
// bucket of samples, the minimum and the maximum (in time order), so a short spike of evictions or
// NotReady nodes still shows up in the plot. Pure.

export const MAX_POINTS = 2000;

export interface TimeUnit {
  readonly label: string;
  readonly seconds: number;
}

export function timeUnitFor(durationS: number): TimeUnit {
  if (durationS >= 3 * 3600) return { label: 'h', seconds: 3600 };
  if (durationS >= 600) return { label: 'min', seconds: 60 };
  return { label: 's', seconds: 1 };
}

export interface Point {
  readonly t: number;
  readonly series: string;
  readonly value: number;
}

/** Rows as parsed from timeseries.csv (time_s plus named columns) to plot points for `columns`. */
export function toPoints(
  rows: ReadonlyArray<Readonly<Record<string, number>>>,
  columns: readonly string[],
  unit: TimeUnit,
): Point[] {
  const out: Point[] = [];
  for (const col of columns) {
    for (const i of thin(rows.map((r) => r[col] ?? 0))) {
      const r = rows[i] as Readonly<Record<string, number>>;
      out.push({ t: (r.time_s ?? 0) / unit.seconds, series: col, value: r[col] ?? 0 });
    }
  }
  return out;
}

/** Indexes of the samples to keep: all of them, or per bucket the min and max (plus the last sample). */
export function thin(values: readonly number[], max = MAX_POINTS): number[] {
  if (values.length <= max) return values.map((_, i) => i);
  const bucket = Math.ceil((2 * values.length) / max);
  const keep: number[] = [];
  for (let start = 0; start < values.length; start += bucket) {
    let lo = start;
    let hi = start;
    for (let i = start; i < Math.min(start + bucket, values.length); i++) {
      if ((values[i] as number) < (values[lo] as number)) lo = i;
      if ((values[i] as number) > (values[hi] as number)) hi = i;
    }
    keep.push(...(lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]));
  }
  if (keep[keep.length - 1] !== values.length - 1) keep.push(values.length - 1);
  return keep;
}
