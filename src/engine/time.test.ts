import { describe, expect, it } from 'vitest';
import { formatDuration, formatTimeS, parseDurationUs } from './time.js';

describe('parseDurationUs', () => {
  it.each([
    ['40s', 40_000_000],
    ['1m30s', 90_000_000],
    ['200ms', 200_000],
    ['1h', 3_600_000_000],
    ['1d', 86_400_000_000],
    ['1.5s', 1_500_000],
    ['5m50s', 350_000_000],
    ['250us', 250],
    ['1500ns', null],
    ['10', 10_000_000],
    ['0.1', 100_000],
    ['0s', 0],
    [12, 12_000_000],
    ['1h2m3s4ms5us', 3_723_004_005],
  ] as const)('%s -> %s', (input, want) => {
    if (want === null) expect(() => parseDurationUs(input)).toThrow(/whole number of microseconds/);
    else expect(parseDurationUs(input)).toBe(want);
  });

  it.each(['', 'ten seconds', '5x', '-5s', '1m30', 's'])('rejects %j', (input) => {
    expect(() => parseDurationUs(input)).toThrow(/duration/);
  });
});

describe('formatTimeS', () => {
  it.each([
    [0, '0.000000'],
    [145_000_000, '145.000000'],
    [1, '0.000001'],
    [102_200_000, '102.200000'],
  ])('%d -> %s', (us, want) => expect(formatTimeS(us)).toBe(want));
});

describe('formatDuration', () => {
  it.each([
    [350_000_000, '5m50s'],
    [3_600_000_000, '1h0m0s'],
    [200_000, '200ms'],
    [1_500_000, '1.5s'],
    [0, '0s'],
  ])('%d -> %s', (us, want) => expect(formatDuration(us)).toBe(want));
});
