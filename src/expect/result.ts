// The outcome of one expectation: pass / fail / invalid, what was observed and expected (short texts
// for the PASS/FAIL line), a one-line explanation, and, for a failed exact-time expectation, the value
// `kubesim test --update` would write back.

import { csvLine } from '../engine/csv.js';
import type { TimeUs } from '../engine/time.js';
import { formatTimeS } from '../engine/time.js';
import type { PathSegment } from '../model/errors.js';
import type { IndexedRow } from './selector.js';

export type ResultStatus = 'pass' | 'fail' | 'invalid';

export interface Rebaseline {
  /** Path inside the expectation item (e.g. ["at"] or ["at", "by"]). */
  readonly path: readonly PathSegment[];
  /** The value to write, in microseconds. */
  readonly us: TimeUs;
}

/** The number an expectation observed (a time, a count, a value), for quantiles over seeds. */
export interface Measure {
  readonly value: number;
  /** 'us': a time in microseconds (printed as a duration); '1': a plain number. */
  readonly unit: 'us' | '1';
}

export interface Outcome {
  readonly status: ResultStatus;
  readonly observed: string;
  readonly expected: string;
  readonly explanation: string;
  readonly rebaseline?: Rebaseline;
  readonly measure?: Measure;
  /** For invalid expectations: the path inside the item to blame. */
  readonly invalidPath?: readonly PathSegment[];
}

export interface ExpectationResult extends Outcome {
  /** Position in spec.expect. */
  readonly index: number;
  readonly description: string;
}

export function outcome(
  passed: boolean,
  observed: string,
  expected: string,
  explanation: string,
  extra: { rebaseline?: Rebaseline; measure?: Measure } = {},
): Outcome {
  return { status: passed ? 'pass' : 'fail', observed, expected, explanation, ...extra };
}

/** `events.csv line 37: 150.000000,Node,TaintAdded,...` (line 1 is the header). */
export function rowCitation(r: IndexedRow): string {
  const { row } = r;
  const text = csvLine([
    formatTimeS(row.timeUs),
    row.kind,
    row.reason,
    row.object,
    row.node,
    row.zone,
    row.detail,
  ]);
  return `events.csv line ${r.index + 2}: ${text.trimEnd()}`;
}
