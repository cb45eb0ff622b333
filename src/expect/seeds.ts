// Expectations over many seeds (`kubesim test --seeds 1..20`): each expectation is evaluated in every
// seed's run, and passes when it held in at least its quota of them (`seeds: {atLeast: 95%}`; every
// seed when unset). For numbers it observed (times, counts, values) the verdict carries their p5 / p50
// / p95 over the seeds (nearest rank, as summary.json's percentiles), and it lists the failing seeds
// with what each observed. Pure: per-seed results in, verdicts out, in seed order whatever order the
// runs finished in.

import { percentile } from '../metrics/summary.js';
import type { ExpectationResult, Measure, ResultStatus } from './result.js';
import type { Expectation } from './schema.js';

export interface SeedResults {
  readonly seed: number;
  readonly results: readonly ExpectationResult[];
}

export interface SeedFailure {
  readonly seed: number;
  readonly result: ExpectationResult;
}

export interface SeedVerdict {
  readonly index: number;
  readonly description: string;
  readonly status: ResultStatus;
  /** Seeds whose run was evaluated. */
  readonly seeds: number;
  readonly passed: number;
  /** How many seeds must pass. */
  readonly required: number;
  readonly percent: number;
  /** Over the seeds that observed a number; null when none did. */
  readonly quantiles: { readonly p5: number; readonly p50: number; readonly p95: number } | null;
  readonly unit: Measure['unit'];
  /** Seeds that observed no number (e.g. the event never happened). */
  readonly withoutValue: number;
  readonly failures: readonly SeedFailure[];
  /** The first invalid result, when the expectation could not be checked. */
  readonly invalid?: SeedFailure;
}

/** Seeds out of `n` that must pass for `percent` %: the smallest k with k / n >= percent / 100. */
export function requiredSeeds(n: number, percent: number): number {
  // The epsilon keeps 95 % of 20 at 19 despite binary fractions (19.000000000000004).
  return Math.ceil((n * percent) / 100 - 1e-9);
}

export function aggregateSeeds(
  expectations: readonly Expectation[],
  runs: readonly SeedResults[],
): SeedVerdict[] {
  const ordered = [...runs].sort((a, b) => a.seed - b.seed);
  return expectations.map((e, index) => {
    const percent = e.seeds?.atLeastPercent ?? 100;
    const per = ordered.flatMap((r) => {
      const result = r.results.find((x) => x.index === index);
      return result ? [{ seed: r.seed, result }] : [];
    });
    const passed = per.filter((p) => p.result.status === 'pass').length;
    const required = requiredSeeds(per.length, percent);
    const invalid = per.find((p) => p.result.status === 'invalid');
    const values = per
      .flatMap((p) => (p.result.measure ? [p.result.measure.value] : []))
      .sort((a, b) => a - b);
    const unit = per.find((p) => p.result.measure)?.result.measure?.unit ?? '1';
    const q = (f: number) => percentile(values, f) as number;
    return {
      index,
      description: per[0]?.result.description ?? '',
      status: invalid ? 'invalid' : per.length > 0 && passed >= required ? 'pass' : 'fail',
      seeds: per.length,
      passed,
      required,
      percent,
      quantiles: values.length > 0 ? { p5: q(0.05), p50: q(0.5), p95: q(0.95) } : null,
      unit,
      withoutValue: per.length - values.length,
      failures: per.filter((p) => p.result.status === 'fail'),
      ...(invalid ? { invalid } : {}),
    };
  });
}
