import { describe, expect, it } from 'vitest';
import { formatBytes, formatMilli, parseMilliQuantity, parseQuantity } from './quantity.js';

describe('parseMilliQuantity (cpu)', () => {
  it.each([
    ['500m', 500],
    ['2', 2000],
    ['0.1', 100],
    ['1.5', 1500],
    ['100u', 1],
    ['1k', 1_000_000],
    [4, 4000],
    [0.25, 250],
    ['1e3', 1_000_000],
  ] as const)('%s -> %d', (q, want) => expect(parseMilliQuantity(q)).toBe(want));
});

describe('parseQuantity (bytes, counts)', () => {
  it.each([
    ['1Gi', 1073741824],
    ['512Mi', 536870912],
    ['1.5Gi', 1610612736],
    ['1e9', 1e9],
    ['1G', 1e9],
    ['100m', 1],
    ['110', 110],
    ['32Gi', 34359738368],
    ['262144Mi', 274877906944],
  ] as const)('%s -> %d', (q, want) => expect(parseQuantity(q)).toBe(want));

  it.each(['', 'abc', '1GB', '-1', '1.2.3', 'Gi'])('rejects %j', (q) => {
    expect(() => parseQuantity(q)).toThrow(/quantity/);
  });
});

describe('formatting', () => {
  it('formats cpu and memory like kubectl', () => {
    expect(formatMilli(500)).toBe('500m');
    expect(formatMilli(4000)).toBe('4');
    expect(formatBytes(34359738368)).toBe('32Gi');
    expect(formatBytes(1000)).toBe('1000');
  });
});
