// Expectations on events.csv rows: an occurrence at a time (with tolerance) or inside a window, how many
// times something happens in a window (never = 0), and the order of two events. Pure: rows in, Outcome
// out. Order questions use the row position, i.e. simulation order, which also orders rows that share
// an instant (node-health-timing.md §9 M3).

import { formatDuration, type TimeUs } from '../engine/time.js';
import { boundWords, withinBound } from './bound.js';
import { describeWindow } from './describe.js';
import type { Lookups } from './observations.js';
import { type Outcome, outcome, rowCitation } from './result.js';
import type { Expectation } from './schema.js';
import {
  describeSelector,
  type IndexedRow,
  type Occurrence,
  occurrenceWord,
  pickOccurrence,
  type Selector,
} from './selector.js';
import { describeTime, resolveTime, type TimeRef, type Window } from './time-ref.js';

type Of<T extends Expectation['type']> = Extract<Expectation, { type: T }>;

const NEVER = 'never happened';

function resolve(t: TimeRef, lk: Lookups) {
  return resolveTime(t, lk.obs.endUs, lk.firstTimeOf);
}

function missingRef(sel: Selector, expected: string): Outcome {
  return outcome(
    false,
    'reference never happened',
    expected,
    `the reference event first ${describeSelector(sel)} never happened, so the time is undefined`,
  );
}

/** Why there is no n-th match: nothing with that reason, other objects only, or too few matches. */
export function noMatchHint(
  sel: Selector,
  which: Occurrence,
  matches: readonly IndexedRow[],
  lk: Lookups,
): string {
  if (matches.length > 0)
    return `only ${matches.length} match${matches.length === 1 ? '' : 'es'}, so there is no ${occurrenceWord(which)} one`;
  if (sel.reason === undefined) return 'no event in the run matches';
  const sameReason = lk.matches({ reason: sel.reason });
  if (sameReason.length === 0) return `no ${sel.reason.text} event at all in this run`;
  const fields = (['object', 'node', 'zone', 'detail', 'kind'] as const).filter((f) => sel[f] !== undefined);
  const seen = fields.map((f) => {
    const values = [...new Set(sameReason.map((r) => r.row[f]))];
    const shown = values
      .slice(0, 5)
      .map((v) => v || '""')
      .join(', ');
    return `${f} ${shown}${values.length > 5 ? `, ... (${values.length} values)` : ''}`;
  });
  return `${sameReason.length} ${sel.reason.text} event${sameReason.length === 1 ? '' : 's'}, none matching (seen: ${seen.join('; ')})`;
}

export function evalEventTime(e: Of<'eventTime'>, lk: Lookups): Outcome {
  const tol = e.toleranceUs > 0 ? ` ± ${formatDuration(e.toleranceUs)}` : '';
  const at = resolve(e.at, lk);
  if ('missing' in at) return missingRef(at.missing, `${describeTime(e.at)}${tol}`);
  const expected = `${formatDuration(at.us)}${tol}`;
  const matches = lk.matches(e.event);
  const hit = pickOccurrence(matches, e.occurrence);
  if (hit === undefined)
    return outcome(false, NEVER, expected, noMatchHint(e.event, e.occurrence, matches, lk));
  const got = hit.row.timeUs;
  const diff = got - at.us;
  const passed = Math.abs(diff) <= e.toleranceUs;
  const how = diff === 0 ? 'on time' : `${formatDuration(Math.abs(diff))} ${diff > 0 ? 'late' : 'early'}`;
  const rebaseUs = e.at.kind === 'rel' ? got - (at.us - e.at.byUs) : got;
  return outcome(passed, formatDuration(got), expected, `${how}; ${rowCitation(hit)}`, {
    measure: { value: got, unit: 'us' },
    ...(passed || e.at.kind === 'end'
      ? {}
      : { rebaseline: { path: e.at.kind === 'rel' ? ['at', 'by'] : ['at'], us: rebaseUs } }),
  });
}

export function evalEventWindow(e: Of<'eventWindow'>, lk: Lookups): Outcome {
  const w = resolveWindow(e.between, lk);
  if ('missing' in w) return missingRef(w.missing, describeWindow(e.between));
  const expected = `in [${formatDuration(w.from)}, ${formatDuration(w.to)}]`;
  const matches = lk.matches(e.event);
  const hit = pickOccurrence(matches, e.occurrence);
  if (hit === undefined)
    return outcome(false, NEVER, expected, noMatchHint(e.event, e.occurrence, matches, lk));
  const t = hit.row.timeUs;
  const how =
    t < w.from
      ? `${formatDuration(w.from - t)} before the window opens`
      : t > w.to
        ? `${formatDuration(t - w.to)} after the window closes`
        : 'inside the window';
  return outcome(t >= w.from && t <= w.to, formatDuration(t), expected, `${how}; ${rowCitation(hit)}`, {
    measure: { value: t, unit: 'us' },
  });
}

export function evalEventCount(e: Of<'eventCount'>, lk: Lookups): Outcome {
  const w = e.between ? resolveWindow(e.between, lk) : { from: 0, to: lk.obs.endUs };
  const expected = e.never ? '0' : boundWords(e.count);
  if ('missing' in w) return missingRef(w.missing, expected);
  const inWindow = lk.matches(e.event).filter((r) => r.row.timeUs >= w.from && r.row.timeUs <= w.to);
  const n = inWindow.length;
  const passed = withinBound(n, e.count);
  const ends = w.to > lk.obs.endUs ? ` (the run ends at ${formatDuration(lk.obs.endUs)})` : '';
  const where = `between ${formatDuration(w.from)} and ${formatDuration(w.to)}${ends}`;
  let explanation: string;
  if (n === 0) explanation = `no match ${where}${e.never ? '' : `; ${outsideHint(e.event, lk)}`}`;
  else if (e.never || n === 1)
    explanation = `first match ${where}: ${rowCitation(inWindow[0] as IndexedRow)}`;
  else explanation = `${n} matches ${where}, at ${listTimes(inWindow)}`;
  return outcome(passed, String(n), expected, explanation, { measure: { value: n, unit: '1' } });
}

function outsideHint(sel: Selector, lk: Lookups): string {
  const all = lk.matches(sel);
  if (all.length === 0) return noMatchHint(sel, 1, all, lk);
  return `${all.length} match${all.length === 1 ? '' : 'es'} in the run, all outside the window: ${listTimes(all)}`;
}

export function evalEventOrder(e: Of<'eventOrder'>, lk: Lookups): Outcome {
  const expected = e.relation === 'before' ? 'earlier in events.csv' : 'later in events.csv';
  const aMatches = lk.matches(e.event);
  const a = pickOccurrence(aMatches, e.occurrence);
  const b = lk.matches(e.other)[0];
  if (a === undefined || b === undefined) {
    const [sel, hint] =
      a === undefined
        ? [e.event, noMatchHint(e.event, e.occurrence, aMatches, lk)]
        : [e.other, noMatchHint(e.other, 1, [], lk)];
    return outcome(
      false,
      `${describeSelector(sel)} ${NEVER}`,
      expected,
      `cannot order events that did not both happen; ${describeSelector(sel)}: ${hint}`,
    );
  }
  const passed = e.relation === 'before' ? a.index < b.index : a.index > b.index;
  const at = (r: IndexedRow) => `${formatDuration(r.row.timeUs)} (line ${r.index + 2})`;
  const gap = a.row.timeUs - b.row.timeUs;
  const how =
    gap === 0
      ? 'both at the same instant; simulation order decides'
      : `${formatDuration(Math.abs(gap))} ${gap < 0 ? 'earlier' : 'later'} than first ${describeSelector(e.other)}`;
  return outcome(passed, `${at(a)} vs ${at(b)}`, expected, how);
}

export function resolveWindow(w: Window, lk: Lookups): { from: TimeUs; to: TimeUs } | { missing: Selector } {
  const from = resolve(w[0], lk);
  if ('missing' in from) return from;
  const to = resolve(w[1], lk);
  if ('missing' in to) return to;
  return { from: from.us, to: to.us };
}

/** "150s, 160s, 170s, ... 4050s" with runs of equal times folded: "0s (x12)". */
function listTimes(rows: readonly IndexedRow[]): string {
  const groups: Array<{ us: TimeUs; n: number }> = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last && last.us === r.row.timeUs) last.n++;
    else groups.push({ us: r.row.timeUs, n: 1 });
  }
  const text = (g: { us: TimeUs; n: number }) => `${formatDuration(g.us)}${g.n > 1 ? ` (x${g.n})` : ''}`;
  const shown = groups.slice(0, 5).map(text);
  return groups.length > 6
    ? `${shown.join(', ')}, ... ${text(groups[groups.length - 1] as (typeof groups)[number])}`
    : groups.map(text).join(', ');
}
