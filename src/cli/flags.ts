// Numeric command-line flags, checked in one place for every command: each is read as text and must be
// a whole number in its documented range, so `--seed -1`, `1.5`, `abc`, `1e308`, `2^53+1`, `''` or a
// flag given twice end with exit 2 and the range, instead of becoming NaN, a float or a rounded number.

import { parseSeeds } from '../sweep/grid.js';
import { CliExit, ExitCode } from './io.js';

export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/** A seed is any non-negative safe integer (the seeded streams hash its decimal text). */
export const SEED_RANGE: IntRange = { min: 0, max: Number.MAX_SAFE_INTEGER };

/** Parses a flag's value as a whole number in `range`; CliExit (exit 2) naming the flag otherwise. */
export function parseIntFlag(flag: string, value: unknown, range: IntRange): number {
  const expected = `expected a whole number from ${range.min} to ${range.max}`;
  if (Array.isArray(value)) throw new CliExit(ExitCode.BadInput, `--${flag} is given more than once`);
  const text = String(value);
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max)
    throw new CliExit(ExitCode.BadInput, `--${flag} ${text === '' ? "''" : text}: ${expected}`);
  return n;
}

/** A yargs option for a whole-number flag (the value is parsed by parseIntFlag). */
export function intOption(flag: string, range: IntRange, describe: string, defaultValue?: number) {
  return {
    type: 'string' as const,
    requiresArg: true,
    describe: `${describe} (${range.min}..${range.max})`,
    coerce: (v: unknown) => parseIntFlag(flag, v, range),
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
  };
}

/** Worker threads for sweep, compare and test --seeds. */
export const WORKERS_RANGE: IntRange = { min: 1, max: 1024 };

/** `--seed N` for run, test and explain. */
export const seedOption = (describe: string) => intOption('seed', SEED_RANGE, describe);

/** `--seeds 1..20`, `1,2,5` or `1..3,7`: seeds in the order given (sweep/grid.ts), at most `maxCount`. */
export function parseSeedsFlag(text: unknown, maxCount: number): number[] {
  if (Array.isArray(text)) throw new CliExit(ExitCode.BadInput, '--seeds is given more than once');
  let seeds: number[];
  try {
    seeds = parseSeeds(String(text));
  } catch (e) {
    throw new CliExit(ExitCode.BadInput, (e as Error).message);
  }
  if (seeds.length > maxCount)
    throw new CliExit(
      ExitCode.BadInput,
      `--seeds ${String(text)}: ${seeds.length} seeds; the limit is ${maxCount}`,
    );
  return seeds;
}
