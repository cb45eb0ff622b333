// Numeric flags: one parser for every command; anything but a whole number in range is exit 2.

import { describe, expect, it } from 'vitest';
import { parseIntFlag, parseSeedsFlag, SEED_RANGE } from './flags.js';
import { CliExit } from './io.js';

describe('parseIntFlag', () => {
  it.each([['0'], ['7'], ['9007199254740991']])('--seed %s is a seed', (v) => {
    expect(parseIntFlag('seed', v, SEED_RANGE)).toBe(Number(v));
  });

  it.each([
    ['-1'],
    ['1.5'],
    ['abc'],
    ['1e308'],
    ['9007199254740993'],
    [''],
    [' 1'],
    ['0x10'],
    ['NaN'],
    ['Infinity'],
  ])('--seed %j is refused with exit 2', (v) => {
    let error: unknown;
    try {
      parseIntFlag('seed', v, SEED_RANGE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliExit);
    expect((error as CliExit).code).toBe(2);
    expect((error as CliExit).message).toMatch(
      /^--seed .*: expected a whole number from 0 to 9007199254740991$/,
    );
  });

  it('a range and a repeated flag', () => {
    expect(() => parseIntFlag('nodes', '-5', { min: 1, max: 10 })).toThrow(
      /--nodes -5: expected a whole number from 1 to 10/,
    );
    expect(() => parseIntFlag('nodes', '11', { min: 1, max: 10 })).toThrow(/from 1 to 10/);
    expect(() => parseIntFlag('seed', ['1', '2'], SEED_RANGE)).toThrow(/given more than once/);
  });
});

describe('parseSeedsFlag', () => {
  it('ranges and lists, bounded', () => {
    expect(parseSeedsFlag('1..3,7', 10)).toEqual([1, 2, 3, 7]);
    expect(() => parseSeedsFlag('1..20', 10)).toThrow(/20 seeds; the limit is 10/);
    expect(() => parseSeedsFlag('1..99999999999999999999', 10)).toThrow(/whole number/);
    expect(() => parseSeedsFlag('-1', 10)).toThrow(/--seeds/);
    expect(() => parseSeedsFlag('1,1', 10)).toThrow(/appears twice/);
  });
});
