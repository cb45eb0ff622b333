// Numeric bounds (equals / atLeast / atMost) shared by counts, metrics and summary values: the check
// and the two ways of saying it ("exactly 40" for counts, "= 0" / "<= 5" for values).

import type { Bound } from './schema.js';

export function withinBound(value: number | string | boolean | null, b: Bound): boolean {
  if (b.equals !== undefined) return value === b.equals;
  if (typeof value !== 'number') return false;
  if (b.atLeast !== undefined && value < b.atLeast) return false;
  if (b.atMost !== undefined && value > b.atMost) return false;
  return true;
}

/** "= 0", ">= 1", "<= 5", "in [1, 5]". */
export function boundSymbols(b: Bound): string {
  if (b.equals !== undefined) return `= ${JSON.stringify(b.equals)}`;
  if (b.atLeast !== undefined && b.atMost !== undefined) return `in [${b.atLeast}, ${b.atMost}]`;
  if (b.atLeast !== undefined) return `>= ${b.atLeast}`;
  return `<= ${b.atMost}`;
}

/** "exactly 40", "at least 1", "at most 3", "between 1 and 3". */
export function boundWords(b: Bound): string {
  if (b.equals !== undefined) return `exactly ${String(b.equals)}`;
  if (b.atLeast !== undefined && b.atMost !== undefined) return `between ${b.atLeast} and ${b.atMost}`;
  if (b.atLeast !== undefined) return `at least ${b.atLeast}`;
  return `at most ${b.atMost}`;
}
