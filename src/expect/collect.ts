// Turns a live run into Observations: an events.csv row listener that keeps only the rows some
// selector could match (by reason, so "no match" hints can still list same-reason rows for other
// objects), and timeseries samples keyed by their CSV column names. Keeping a subset keeps memory flat
// on 150 000-pod runs whose expectations look at a handful of node events.

import { formatSample, type Sample, TIMESERIES_HEADER } from '../metrics/recorder.js';
import type { PathSegment } from '../model/errors.js';
import type { SimEventRow } from '../model/event-log.js';
import { compileMatcher } from './matcher.js';
import type { SampleRow } from './observations.js';
import type { Expectation } from './schema.js';
import type { IndexedRow, Selector } from './selector.js';
import type { TimeRef } from './time-ref.js';

/** Every selector an expectation uses, with its path inside the item (relative times included). */
export function selectorPaths(e: Expectation): Array<readonly [readonly PathSegment[], Selector]> {
  const fromTime = (t: TimeRef | null | undefined, path: readonly PathSegment[]) =>
    t?.kind === 'rel' ? [[[...path, 'after'], t.after] as const] : [];
  const fromWindow = (w: readonly [TimeRef, TimeRef] | null) =>
    w ? [...fromTime(w[0], ['between', 0]), ...fromTime(w[1], ['between', 1])] : [];
  switch (e.type) {
    case 'eventTime':
      return [[['event'], e.event], ...fromTime(e.at, ['at'])];
    case 'eventWindow':
    case 'eventCount':
      return [[['event'], e.event], ...fromWindow(e.between)];
    case 'eventOrder':
      return [
        [['event'], e.event],
        [[e.relation], e.other],
      ];
    case 'metric':
      return [...fromTime(e.at, ['at']), ...fromWindow(e.between)];
    case 'summary':
      return [];
  }
}

/** Every selector an expectation uses, including those inside relative times. */
export function selectorsOf(e: Expectation): Selector[] {
  return selectorPaths(e).map(([, s]) => s);
}

export class RowCollector {
  readonly rows: IndexedRow[] = [];
  private next = 0;
  private readonly keep: ((row: SimEventRow) => boolean) | null;

  constructor(expectations: readonly Expectation[]) {
    const selectors = expectations.flatMap(selectorsOf);
    if (selectors.some((s) => s.reason === undefined)) {
      this.keep = () => true;
    } else if (selectors.length === 0) {
      this.keep = null;
    } else {
      const reasons = selectors.map((s) => compileMatcher(s.reason as NonNullable<Selector['reason']>));
      this.keep = (row) => reasons.some((test) => test(row.reason));
    }
  }

  /** The listener to pass as RunOptions.onEventRow. */
  readonly onRow = (row: SimEventRow): void => {
    const index = this.next++;
    if (this.keep?.(row)) this.rows.push({ index, row });
  };
}

/** Samples by column name, with values exactly as timeseries.csv prints them. */
export function sampleRows(samples: readonly Sample[], columns?: readonly string[]): SampleRow[] {
  return samples.map((s) => {
    const cells = formatSample(s).trimEnd().split(',');
    const values: Record<string, number> = {};
    TIMESERIES_HEADER.forEach((col, i) => {
      if (col !== 'time_s') values[col] = Number(cells[i]);
    });
    (columns ?? []).forEach((col, i) => {
      values[col] = Number(cells[TIMESERIES_HEADER.length + i]);
    });
    return { timeUs: s.timeUs, values };
  });
}
