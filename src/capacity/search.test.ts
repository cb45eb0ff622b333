import { describe, expect, it } from 'vitest';
import { applyVerdicts, nextProbes, outcome, type SearchState, startSearch } from './search.js';

/** Runs the search against "passes from `threshold` on" (or any predicate); returns the outcome and probes. */
function search(min: number, max: number, probes: number, passes: (size: number) => boolean) {
  let s: SearchState = startSearch(min, max, probes);
  const asked: number[][] = [];
  for (let p = nextProbes(s); p.length > 0; p = nextProbes(s)) {
    asked.push(p);
    s = applyVerdicts(
      s,
      p.map((size) => ({ size, passed: passes(size) })),
    );
  }
  return { result: outcome(s), asked };
}

describe('capacity search', () => {
  it('finds every threshold of a monotone predicate, asking max in the first round', () => {
    for (let t = 1; t <= 40; t++) {
      const { result, asked } = search(1, 40, 4, (n) => n >= t);
      expect(result).toEqual({ kind: 'found', size: t });
      expect(asked[0]).toContain(40);
    }
  });

  it('says none when even max fails, after one round', () => {
    const { result, asked } = search(1, 40, 4, () => false);
    expect(result).toEqual({ kind: 'none', max: 40 });
    expect(asked).toHaveLength(1);
  });

  it('reports a failing size above a passing one instead of an answer', () => {
    const { result } = search(1, 40, 4, (n) => n >= 10 && n !== 40);
    expect(result?.kind).toBe('nonMonotone');
  });

  it('matches the zone-outage example: 20..24 answers 23 in one round', () => {
    const { result, asked } = search(20, 24, 4, (n) => n >= 23);
    expect(asked).toEqual([[20, 22, 23, 24]]);
    expect(result).toEqual({ kind: 'found', size: 23 });
  });
});
