// Verdicts over seeds: the quota boundary (k of n seeds), nearest-rank p5 / p50 / p95 of what each seed
// observed, failing seeds in seed order whatever order the runs came in, and invalid results.

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ExpectationResult } from './result.js';
import { type Expectation, expectListSchema } from './schema.js';
import { aggregateSeeds, requiredSeeds, type SeedResults } from './seeds.js';

const S = 1_000_000;

function expectations(yaml: string): Expectation[] {
  return expectListSchema.parse(parseYaml(yaml));
}

function result(pass: boolean, us: number | null, status?: 'invalid'): ExpectationResult {
  return {
    index: 0,
    description: 'd',
    status: status ?? (pass ? 'pass' : 'fail'),
    observed: us === null ? 'never happened' : `${us / S}s`,
    expected: 'in [5m, 6m]',
    explanation: 'why',
    ...(us !== null ? { measure: { value: us, unit: 'us' as const } } : {}),
  };
}

/** Seeds 1..n; the first `passing` pass (times 301 s, 302 s, ...), the rest fail at 400 s. */
function runs(n: number, passing: number): SeedResults[] {
  return Array.from({ length: n }, (_, i) => ({
    seed: i + 1,
    results: [i < passing ? result(true, (301 + i) * S) : result(false, 400 * S)],
  }));
}

describe('requiredSeeds', () => {
  it.each([
    [20, 95, 19],
    [20, 100, 20],
    [20, 50, 10],
    [20, 51, 11],
    [3, 50, 2],
    [20, 0.1, 1],
    [100, 29, 29],
    [1, 95, 1],
  ])('%i seeds at %d %% need %i', (n, percent, want) => {
    expect(requiredSeeds(n, percent)).toBe(want);
  });
});

describe('aggregateSeeds', () => {
  const e95 = expectations('[{event: {reason: NodeReady}, between: [5m, 6m], seeds: {atLeast: 95%}}]');

  it('passes at exactly the quota and fails one seed below it', () => {
    expect(aggregateSeeds(e95, runs(20, 19))[0]).toMatchObject({ status: 'pass', passed: 19, required: 19 });
    expect(aggregateSeeds(e95, runs(20, 18))[0]).toMatchObject({ status: 'fail', passed: 18, required: 19 });
  });

  it('without seeds: every seed must pass', () => {
    const all = expectations('[{event: {reason: NodeReady}, between: [5m, 6m]}]');
    expect(aggregateSeeds(all, runs(20, 19))[0]).toMatchObject({
      status: 'fail',
      required: 20,
      percent: 100,
    });
    expect(aggregateSeeds(all, runs(20, 20))[0]?.status).toBe('pass');
  });

  it('reports nearest-rank p5 / p50 / p95 of the observed times and the failing seeds in seed order', () => {
    const shuffled = runs(20, 17).reverse();
    const v = aggregateSeeds(e95, shuffled)[0];
    // Sorted: 301..317 s, then 400 s x3. Ranks ceil(0.05*20)=1, ceil(0.5*20)=10, ceil(0.95*20)=19.
    expect(v?.quantiles).toEqual({ p5: 301 * S, p50: 310 * S, p95: 400 * S });
    expect(v?.unit).toBe('us');
    expect(v?.failures.map((f) => f.seed)).toEqual([18, 19, 20]);
  });

  it('counts seeds without a value apart and leaves them out of the quantiles', () => {
    const r = runs(4, 3);
    r[3] = { seed: 4, results: [result(false, null)] };
    const v = aggregateSeeds(e95, r)[0];
    expect(v).toMatchObject({ withoutValue: 1, quantiles: { p5: 301 * S, p50: 302 * S, p95: 303 * S } });
  });

  it('is invalid when any seed could not check it', () => {
    const r = runs(5, 5);
    r[2] = { seed: 3, results: [result(false, null, 'invalid')] };
    const v = aggregateSeeds(e95, r)[0];
    expect(v?.status).toBe('invalid');
    expect(v?.invalid?.seed).toBe(3);
  });
});

describe('seeds: in the expect schema', () => {
  it.each([
    ['95%', 95],
    ['"99.5 %"', 99.5],
    ['0.95', 95],
    ['0.29', 29],
    ['1', 100],
  ])('atLeast: %s -> %d %%', (v, want) => {
    const [e] = expectations(`[{event: {reason: NodeReady}, count: 3, seeds: {atLeast: ${v}}}]`);
    expect(e?.seeds).toEqual({ atLeastPercent: want });
  });

  it('goes with every form: event, metric and summary', () => {
    const list = expectations(`
- {event: {reason: NodeReady}, at: 0s, seeds: {atLeast: 90%}}
- {event: {reason: NodeReady}, before: {reason: TaintAdded}, seeds: {atLeast: 90%}}
- {metric: nodes_ready, at: end, equals: 3, seeds: {atLeast: 90%}}
- {summary: pods.scheduled, atLeast: 1, seeds: {atLeast: 90%}}
`);
    expect(list.map((e) => e.seeds?.atLeastPercent)).toEqual([90, 90, 90, 90]);
  });

  it.each([
    ['0%', 'above 0 and at most 100 %; got "0%"'],
    ['120%', 'got "120%"'],
    ['19', 'got 19'],
    ['many', 'expected a share of seeds: a percentage such as 95% or a fraction such as 0.95'],
  ])('refuses atLeast: %s', (v, want) => {
    const r = expectListSchema.safeParse(
      parseYaml(`[{event: {reason: NodeReady}, count: 3, seeds: {atLeast: ${v}}}]`),
    );
    expect(r.success).toBe(false);
    expect((r.error?.issues ?? []).map((i) => i.message).join('\n')).toContain(want);
  });

  it('refuses an unknown key inside seeds', () => {
    const r = expectListSchema.safeParse(
      parseYaml('[{event: {reason: NodeReady}, count: 3, seeds: {quantile: 0.95}}]'),
    );
    expect(r.success).toBe(false);
  });
});
