// Expectations on numbers: a timeseries.csv column at one time or at every sample of a window, and a
// value in summary.json found by a dotted path. Pure: samples and summary in, Outcome out.

import { formatDuration } from '../engine/time.js';
import { boundSymbols, withinBound } from './bound.js';
import { describeWindow } from './describe.js';
import { resolveWindow } from './evaluate-events.js';
import type { Lookups, SampleRow } from './observations.js';
import { type Outcome, outcome } from './result.js';
import { type Expectation, suggest } from './schema.js';
import { describeTime, resolveTime } from './time-ref.js';

type Of<T extends Expectation['type']> = Extract<Expectation, { type: T }>;

export function evalMetric(e: Of<'metric'>, lk: Lookups): Outcome {
  return e.at !== null ? evalMetricAt(e, lk) : evalMetricWindow(e, lk);
}

function evalMetricAt(e: Of<'metric'>, lk: Lookups): Outcome {
  const expected = boundSymbols(e.bound);
  const at = resolveTime(e.at as NonNullable<typeof e.at>, lk.obs.endUs, lk.firstTimeOf);
  if ('missing' in at)
    return outcome(
      false,
      'reference never happened',
      expected,
      `the time ${describeTime(e.at as NonNullable<typeof e.at>)} is undefined: its reference event never happened`,
    );
  if (at.us > lk.obs.endUs) {
    return outcome(
      false,
      'after the end of the run',
      expected,
      `${formatDuration(at.us)} is after the end of the run (${formatDuration(lk.obs.endUs)})`,
    );
  }
  // The sample in effect at `at`: the last one taken at or before it.
  let sample: SampleRow | undefined;
  for (const s of lk.obs.samples) {
    if (s.timeUs > at.us) break;
    sample = s;
  }
  if (sample === undefined)
    return outcome(
      false,
      'no sample',
      expected,
      `no timeseries sample at or before ${formatDuration(at.us)}`,
    );
  const v = sample.values[e.metric] as number;
  const when =
    sample.timeUs === at.us
      ? ''
      : ` (sample at ${formatDuration(sample.timeUs)}, the last one at or before ${formatDuration(at.us)})`;
  return outcome(
    withinBound(v, e.bound),
    `${v}${when}`,
    expected,
    `${e.metric} was ${v} at ${formatDuration(sample.timeUs)}`,
    { measure: { value: v, unit: '1' } },
  );
}

function evalMetricWindow(e: Of<'metric'>, lk: Lookups): Outcome {
  const expected = `${boundSymbols(e.bound)} at every sample`;
  const between = e.between as NonNullable<typeof e.between>;
  const w = resolveWindow(between, lk);
  if ('missing' in w)
    return outcome(
      false,
      'reference never happened',
      expected,
      `the window ${describeWindow(between)} is undefined: its reference event never happened`,
    );
  const inWindow = lk.obs.samples.filter((s) => s.timeUs >= w.from && s.timeUs <= w.to);
  if (inWindow.length === 0)
    return outcome(
      false,
      'no samples',
      expected,
      `no timeseries sample between ${formatDuration(w.from)} and ${formatDuration(w.to)}`,
    );
  const values = inWindow.map((s) => s.values[e.metric] as number);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const bad = inWindow.filter((s) => !withinBound(s.values[e.metric] as number, e.bound));
  const observed =
    min === max
      ? `${min} at all ${inWindow.length} samples`
      : `from ${min} to ${max} over ${inWindow.length} samples`;
  const first = bad[0];
  const explanation =
    first === undefined
      ? `${inWindow.length} samples between ${formatDuration(w.from)} and ${formatDuration(w.to)}`
      : `${bad.length} of ${inWindow.length} samples out of bounds; first at ${formatDuration(first.timeUs)}: ${first.values[e.metric]}`;
  return outcome(bad.length === 0, observed, expected, explanation);
}

export function evalSummary(e: Of<'summary'>, lk: Lookups): Outcome {
  const expected = boundSymbols(e.bound);
  const found = lookupPath(lk.obs.summary, e.path);
  if (!found.ok) {
    const paths = summaryPaths(lk.obs.summary);
    const hint = suggest(e.path, paths);
    return {
      status: 'invalid',
      observed: 'no such field',
      expected,
      explanation: `summary.json has no field "${e.path}"${hint || ` (fields: ${paths.join(', ')})`}`,
      invalidPath: ['summary'],
    };
  }
  const v = found.value;
  if (typeof v === 'object' && v !== null) {
    return {
      status: 'invalid',
      observed: 'an object',
      expected,
      explanation: `"${e.path}" is an object; name one of its fields (${summaryPaths(v)
        .map((p) => `${e.path}.${p}`)
        .join(', ')})`,
      invalidPath: ['summary'],
    };
  }
  const value = v as number | string | boolean | null;
  const why =
    value === null
      ? `${e.path} is null: nothing was measured (e.g. no pod was scheduled)`
      : `${e.path} is ${JSON.stringify(value)}`;
  return outcome(withinBound(value, e.bound), JSON.stringify(value), expected, why, {
    ...(typeof value === 'number' ? { measure: { value, unit: '1' as const } } : {}),
  });
}

function lookupPath(root: unknown, path: string): { ok: true; value: unknown } | { ok: false } {
  let cur: unknown = root;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, key)) return { ok: false };
    cur = (cur as Record<string, unknown>)[key];
  }
  return { ok: true, value: cur };
}

/** Every leaf of summary.json as a dotted path, in file order; list items by index (`faults.0.start_s`). */
export function summaryPaths(root: unknown, prefix = ''): string[] {
  if (typeof root !== 'object' || root === null) return prefix ? [prefix] : [];
  const entries = Object.entries(root);
  if (entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([k, v]) => summaryPaths(v, prefix ? `${prefix}.${k}` : k));
}
