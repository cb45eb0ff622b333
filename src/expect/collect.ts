// Turns a live run into Observations: an events.csv row listener that keeps only the rows some
// selector could match (by reason, so "no match" hints can still list same-reason rows for other
// objects), and timeseries samples keyed by their CSV column names. Keeping a subset keeps memory flat
// on 150 000-pod runs whose expectations look at a handful of node events.

import { formatSample, type Sample, TIMESERIES_HEADER } from '../metrics/recorder.js';
import type { SimEventRow } from '../sim/event-log.js';
import { compileMatcher } from './matcher.js';
import type { SampleRow } from './observations.js';
import type { Expectation } from './schema.js';
import type { IndexedRow, Selector } from './selector.js';
import type { TimeRef } from './time-ref.js';

/** Every selector an expectation uses, including those inside relative times. */
export function selectorsOf(e: Expectation): Selector[] {
  const fromTime = (t: TimeRef | null | undefined): Selector[] => (t?.kind === 'rel' ? [t.after] : []);
  const fromWindow = (w: readonly [TimeRef, TimeRef] | null) =>
    w ? [...fromTime(w[0]), ...fromTime(w[1])] : [];
  switch (e.type) {
    case 'eventTime':
      return [e.event, ...fromTime(e.at)];
    case 'eventWindow':
      return [e.event, ...fromWindow(e.between)];
    case 'eventCount':
      return [e.event, ...fromWindow(e.between)];
    case 'eventOrder':
      return [e.event, e.other];
    case 'metric':
      return [...fromTime(e.at), ...fromWindow(e.between)];
    case 'summary':
      return [];
  }
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
