// Plot series: time units by run length, and thinning that keeps spikes.

import { describe, expect, it } from 'vitest';
import { thin, timeUnitFor, toPoints } from './series.js';

describe('plot series', () => {
  it('keeps every sample of a short run', () => {
    expect(thin([1, 2, 3])).toEqual([0, 1, 2]);
  });

  it('thins a long run to at most the limit and never loses a spike', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i === 4321 ? 99 : 1));
    const keep = thin(values, 200);
    expect(keep.length).toBeLessThanOrEqual(201);
    expect(keep).toContain(4321);
    expect(keep.at(-1)).toBe(9999);
    expect([...keep].sort((a, b) => a - b)).toEqual(keep);
  });

  it('picks a time unit by run length and converts times', () => {
    expect(timeUnitFor(300).label).toBe('s');
    expect(timeUnitFor(1800).label).toBe('min');
    expect(timeUnitFor(86_400).label).toBe('h');
    const pts = toPoints(
      [
        { time_s: 0, a: 1 },
        { time_s: 120, a: 2 },
      ],
      ['a'],
      timeUnitFor(1800),
    );
    expect(pts).toEqual([
      { t: 0, series: 'a', value: 1 },
      { t: 2, series: 'a', value: 2 },
    ]);
  });
});
