// Demand curves in virtual time, as pure functions of time: the value at an instant and the exact
// integral over an interval (so a metrics-server window average is the average of the curve over the
// window, as a cumulative cpu counter would give it, not a sample). Piecewise forms (steps, linear,
// traces) become segments with a linear value; the daily sine integrates in closed form; spikes
// multiply the curve inside their intervals. Times are microseconds, values demand units.

import { parseDurationUs, type TimeUs } from '../engine/time.js';
import { splitCsvLine } from '../workloads/trace.js';

export interface Curve {
  valueAt(tUs: TimeUs): number;
  /** Integral of the value over [t1, t2] (value x microseconds); 0 when t2 <= t1. */
  integral(t1Us: TimeUs, t2Us: TimeUs): number;
}

/** The average value over [t1, t2], or the value at t2 for an empty interval. */
export function averageOver(c: Curve, t1Us: TimeUs, t2Us: TimeUs): number {
  return t2Us > t1Us ? c.integral(t1Us, t2Us) / (t2Us - t1Us) : c.valueAt(t2Us);
}

class Constant implements Curve {
  constructor(private readonly v: number) {}
  valueAt(): number {
    return this.v;
  }
  integral(t1: TimeUs, t2: TimeUs): number {
    return t2 > t1 ? this.v * (t2 - t1) : 0;
  }
}

/**
 * Segments [at[i], at[i+1]) with value v0[i] + slope[i] * (t - at[i]); before at[0] the first value, after
 * the last point the last value (slope 0).
 */
class Piecewise implements Curve {
  private readonly at: Float64Array;
  private readonly v0: Float64Array;
  private readonly slope: Float64Array;

  constructor(points: readonly { at: number; value: number }[], linear: boolean) {
    const n = points.length;
    this.at = new Float64Array(n);
    this.v0 = new Float64Array(n);
    this.slope = new Float64Array(n);
    points.forEach((p, i) => {
      this.at[i] = p.at;
      this.v0[i] = p.value;
      const next = points[i + 1];
      this.slope[i] = linear && next !== undefined ? (next.value - p.value) / (next.at - p.at) : 0;
    });
  }

  /** Index of the segment holding t, or -1 before the first point. */
  private seg(t: TimeUs): number {
    let lo = 0;
    let hi = this.at.length - 1;
    if (t < (this.at[0] as number)) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.at[mid] as number) <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  valueAt(t: TimeUs): number {
    const i = this.seg(t);
    if (i < 0) return this.v0[0] as number;
    return (this.v0[i] as number) + (this.slope[i] as number) * (t - (this.at[i] as number));
  }

  integral(t1: TimeUs, t2: TimeUs): number {
    if (t2 <= t1) return 0;
    let sum = 0;
    let t = t1;
    let i = this.seg(t1);
    if (i < 0) {
      const end = Math.min(t2, this.at[0] as number);
      sum += (this.v0[0] as number) * (end - t);
      t = end;
      i = 0;
    }
    while (t < t2) {
      const segEnd = i + 1 < this.at.length ? Math.min(t2, this.at[i + 1] as number) : t2;
      // The trapezoid of a linear piece: average of its end values times its length.
      sum += ((this.valueIn(i, t) + this.valueIn(i, segEnd)) / 2) * (segEnd - t);
      t = segEnd;
      i++;
    }
    return sum;
  }

  private valueIn(i: number, t: TimeUs): number {
    return (this.v0[i] as number) + (this.slope[i] as number) * (t - (this.at[i] as number));
  }
}

/** mean + amp x cos(2 pi (t - peak) / period). */
class Daily implements Curve {
  private readonly mean: number;
  private readonly amp: number;
  private readonly w: number;
  constructor(
    min: number,
    max: number,
    private readonly peakUs: TimeUs,
    periodUs: TimeUs,
  ) {
    this.mean = (min + max) / 2;
    this.amp = (max - min) / 2;
    this.w = (2 * Math.PI) / periodUs;
  }
  valueAt(t: TimeUs): number {
    return this.mean + this.amp * Math.cos(this.w * (t - this.peakUs));
  }
  integral(t1: TimeUs, t2: TimeUs): number {
    if (t2 <= t1) return 0;
    const s = (t: TimeUs) => Math.sin(this.w * (t - this.peakUs));
    return this.mean * (t2 - t1) + (this.amp / this.w) * (s(t2) - s(t1));
  }
}

/** The curve times a factor inside each (non-overlapping) spike. */
class Spiked implements Curve {
  constructor(
    private readonly base: Curve,
    private readonly spikes: readonly SpikeSpec[],
  ) {}
  private factorAt(t: TimeUs): number {
    for (const s of this.spikes) if (t >= s.at && t < s.at + s.for) return s.factor;
    return 1;
  }
  valueAt(t: TimeUs): number {
    return this.base.valueAt(t) * this.factorAt(t);
  }
  integral(t1: TimeUs, t2: TimeUs): number {
    let sum = this.base.integral(t1, t2);
    for (const s of this.spikes) {
      const a = Math.max(t1, s.at);
      const b = Math.min(t2, s.at + s.for);
      if (b > a) sum += (s.factor - 1) * this.base.integral(a, b);
    }
    return sum;
  }
}

/** A curve as spec.load[].demand gives it (src/load/schema.ts), after parsing. */
export interface CurveSpec {
  readonly constant?: number | undefined;
  readonly steps?: readonly { at: number; value: number }[] | undefined;
  readonly linear?: readonly { at: number; value: number }[] | undefined;
  readonly daily?:
    | { min: number; max: number; peakAt?: number | undefined; period?: number | undefined }
    | undefined;
  readonly trace?:
    | {
        file?: string | undefined;
        text?: string | undefined;
        interpolation?: 'step' | 'linear' | undefined;
        timeScale?: number | undefined;
      }
    | undefined;
}

export interface SpikeSpec {
  readonly at: number;
  readonly for: number;
  readonly factor: number;
}

export class CurveError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Rows of a time,value CSV (header line first, columns in any order, extra columns ignored). */
export function parseDemandTrace(text: string, timeScale: number): { at: number; value: number }[] {
  const lines = text.split('\n');
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const ti = header.indexOf('time');
  const vi = header.indexOf('value');
  if (ti < 0 || vi < 0)
    throw new CurveError(
      1,
      `expected a header line with the columns time and value, got "${lines[0] ?? ''}"`,
    );
  const out: { at: number; value: number }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const f = splitCsvLine(line);
    let at: number;
    try {
      at = Math.round(parseDurationUs((f[ti] ?? '').trim()) * timeScale);
    } catch (e) {
      throw new CurveError(i + 1, `time: ${(e as Error).message}`);
    }
    const value = Number((f[vi] ?? '').trim());
    if (!Number.isFinite(value) || value < 0 || (f[vi] ?? '').trim() === '')
      throw new CurveError(i + 1, `value: expected a non-negative number, got "${f[vi] ?? ''}"`);
    const prev = out[out.length - 1];
    if (prev !== undefined && at <= prev.at) throw new CurveError(i + 1, 'time: times must increase');
    out.push({ at, value });
  }
  if (out.length === 0) throw new CurveError(1, 'the trace has no rows');
  return out;
}

const DAY_US = 86_400_000_000;

export function buildCurve(spec: CurveSpec, spikes: readonly SpikeSpec[] = []): Curve {
  let base: Curve;
  if (spec.constant !== undefined) base = new Constant(spec.constant);
  else if (spec.steps !== undefined) base = new Piecewise(spec.steps, false);
  else if (spec.linear !== undefined) base = new Piecewise(spec.linear, true);
  else if (spec.daily !== undefined)
    base = new Daily(
      spec.daily.min,
      spec.daily.max,
      spec.daily.peakAt ?? DAY_US / 2,
      spec.daily.period ?? DAY_US,
    );
  else {
    const t = spec.trace as NonNullable<CurveSpec['trace']>;
    const rows = parseDemandTrace(t.text ?? '', t.timeScale ?? 1);
    base = new Piecewise(rows, t.interpolation === 'linear');
  }
  return spikes.length === 0 ? base : new Spiked(base, spikes);
}
