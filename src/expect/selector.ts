// Event selectors: which events.csv rows an expectation talks about. A selector names any of the row's
// fields (reason, kind, object, node, zone, detail), each with a matcher; a row matches when every
// named field matches. Rows keep their position in events.csv so that order and "which occurrence"
// questions are answered in simulation order, which breaks ties between rows at the same instant.

import type { SimEventRow } from '../model/event-log.js';
import { type CompiledMatcher, compileMatcher, type Matcher } from './matcher.js';

export const SELECTOR_FIELDS = ['reason', 'kind', 'object', 'node', 'zone', 'detail'] as const;
export type SelectorField = (typeof SELECTOR_FIELDS)[number];

export type Selector = { readonly [F in SelectorField]?: Matcher };

/** An events.csv row with its 0-based position among all rows of the run. */
export interface IndexedRow {
  readonly index: number;
  readonly row: SimEventRow;
}

export type RowPredicate = (row: SimEventRow) => boolean;

export function compileSelector(sel: Selector): RowPredicate {
  const tests: Array<[SelectorField, CompiledMatcher]> = [];
  for (const field of SELECTOR_FIELDS) {
    const m = sel[field];
    if (m !== undefined) tests.push([field, compileMatcher(m)]);
  }
  return (row) => {
    for (const [field, test] of tests) if (!test(row[field])) return false;
    return true;
  };
}

/** "NodeStatusUnknown (object general-a-01)", "any event (zone zone-a)". */
export function describeSelector(sel: Selector): string {
  const rest = SELECTOR_FIELDS.filter((f) => f !== 'reason' && sel[f] !== undefined).map(
    (f) => `${f} ${(sel[f] as Matcher).text}`,
  );
  const head = sel.reason?.text ?? 'any event';
  return rest.length > 0 ? `${head} (${rest.join(', ')})` : head;
}

/** Which match an expectation is about: 1 = the first, 2 = the second, ..., or the last one. */
export type Occurrence = number | 'last';

export function pickOccurrence(matches: readonly IndexedRow[], which: Occurrence): IndexedRow | undefined {
  return which === 'last' ? matches[matches.length - 1] : matches[which - 1];
}

export function occurrenceWord(which: Occurrence): string {
  if (which === 'last') return 'last';
  if (which === 1) return 'first';
  const n = which % 100;
  const suffix = n >= 11 && n <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][which % 10] ?? 'th');
  return `${which}${suffix}`;
}
