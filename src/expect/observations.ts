// What a run leaves for expectations to check: the events.csv rows they can match (with their
// position), the timeseries samples by column name, summary.json, and where the run ended. Also the
// lookups every evaluator shares (matches of a selector, the time of the first match), memoised per
// selector so that an expectation list over a large run scans the kept rows once per selector.

import type { TimeUs } from '../engine/time.js';
import { compileSelector, type IndexedRow, type Selector } from './selector.js';

/** One timeseries.csv row: its time and each column's value as printed (6-decimal ratios). */
export interface SampleRow {
  readonly timeUs: TimeUs;
  readonly values: Readonly<Record<string, number>>;
}

export interface Observations {
  /** events.csv rows that selectors may match (a subset is fine), in simulation order. */
  readonly rows: readonly IndexedRow[];
  readonly samples: readonly SampleRow[];
  readonly summary: unknown;
  /** Virtual time at which the run ended (spec.duration, or earlier with --until). */
  readonly endUs: TimeUs;
}

export interface Lookups {
  readonly obs: Observations;
  matches(sel: Selector): readonly IndexedRow[];
  firstTimeOf(sel: Selector): TimeUs | undefined;
}

export function makeLookups(obs: Observations): Lookups {
  const cache = new Map<Selector, IndexedRow[]>();
  const matches = (sel: Selector): readonly IndexedRow[] => {
    let hit = cache.get(sel);
    if (hit === undefined) {
      const test = compileSelector(sel);
      hit = obs.rows.filter((r) => test(r.row));
      cache.set(sel, hit);
    }
    return hit;
  };
  return { obs, matches, firstTimeOf: (sel) => matches(sel)[0]?.row.timeUs };
}
