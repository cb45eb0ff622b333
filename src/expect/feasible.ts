// Refuses expectations that could never see their event: a selector whose kind, reason, node, zone or
// object no row of this scenario can have (universe.ts), which would otherwise make `never: true` or
// `count: 0` pass vacuously and every other form fail for a reason unrelated to the behaviour. Each
// problem names the selector field to blame and what the scenario does have, with a "did you mean".
// Fields are checked in the order kind, reason, node, zone, object, each among the rows the earlier
// fields leave, so `{reason: TaintAdded, object: default/web-0}` is told that TaintAdded rows are about
// nodes. `detail` is free text and is not checked.

import type { PathSegment } from '../model/errors.js';
import { ALL_REASONS, EVENT_KINDS, kindsOf } from '../model/event-reasons.js';
import type { BuiltScenario } from '../scenario/build.js';
import { canMatch, unionSets, type ValueSet } from './can-match.js';
import { selectorPaths } from './collect.js';
import { compileMatcher, type Matcher } from './matcher.js';
import { type Expectation, suggest } from './schema.js';
import type { Selector } from './selector.js';
import { type EventUniverse, eventUniverse, type RowShape } from './universe.js';

export interface ExpectProblem {
  /** Position in spec.expect. */
  readonly index: number;
  /** Path inside the item, e.g. ["event", "reason"]. */
  readonly path: readonly PathSegment[];
  readonly message: string;
}

const CHECKED = ['kind', 'reason', 'node', 'zone', 'object'] as const;
type Checked = (typeof CHECKED)[number];
type ColumnField = 'node' | 'zone' | 'object';

/** The problems of a built scenario's expectations (none when every selector can match some row). */
export function checkExpectations(
  built: BuiltScenario,
  expectations: readonly Expectation[],
): ExpectProblem[] {
  return expectations.length === 0 ? [] : impossibleExpectations(expectations, eventUniverse(built));
}

export function impossibleExpectations(
  expectations: readonly Expectation[],
  universe: EventUniverse,
): ExpectProblem[] {
  const out: ExpectProblem[] = [];
  expectations.forEach((e, index) => {
    for (const [path, sel] of selectorPaths(e)) {
      const p = selectorProblem(sel, universe);
      if (p) out.push({ index, path: [...path, p.field], message: p.message });
    }
  });
  return out;
}

export function selectorProblem(
  sel: Selector,
  u: EventUniverse,
): { field: Checked; message: string } | undefined {
  let shapes = u.shapes;
  const seen: string[] = [];
  for (const field of CHECKED) {
    const m = sel[field];
    if (m === undefined) continue;
    const next = narrow(shapes, field, m);
    if (next.length === 0) {
      const message =
        field === 'kind'
          ? kindProblem(m, u)
          : field === 'reason'
            ? reasonProblem(m, u, sel.kind)
            : columnProblem(field, m, shapes, seen, u);
      return { field, message };
    }
    shapes = next;
    seen.push(`${field} ${m.text}`);
  }
  return undefined;
}

function narrow(shapes: readonly RowShape[], field: Checked, m: Matcher): RowShape[] {
  const test = compileMatcher(m);
  if (field === 'kind') return shapes.filter((s) => test(s.kind));
  if (field === 'reason')
    return shapes.flatMap((s) => {
      const reasons = s.reasons.filter(test);
      return reasons.length > 0 ? [{ ...s, reasons }] : [];
    });
  return shapes.filter((s) => canMatch(m, s[field]));
}

function quoted(m: Matcher): string {
  if (m.mode === 'glob') return `the glob "${m.text}"`;
  if (m.mode === 'regex') return `the regular expression ${m.text}`;
  return `"${m.text}"`;
}

function kindProblem(m: Matcher, u: EventUniverse): string {
  const test = compileMatcher(m);
  const kinds = EVENT_KINDS.filter(test);
  if (kinds.length === 0) {
    const hint = m.mode === 'exact' ? suggest(m.text, EVENT_KINDS) : '';
    return `events.csv has no kind ${quoted(m)}${hint || ` (kinds: ${EVENT_KINDS.join(', ')})`}`;
  }
  const why =
    kinds.includes('Fault') && !u.shapes.some((s) => s.kind === 'Fault') ? ': spec.faults is empty' : '';
  return `no ${kinds.join(' or ')} row can occur in this scenario${why}`;
}

function reasonProblem(m: Matcher, u: EventUniverse, kind: Matcher | undefined): string {
  const test = compileMatcher(m);
  const listed = ALL_REASONS.filter(test);
  if (listed.length === 0) {
    const hint = m.mode === 'exact' ? suggest(m.text, ALL_REASONS) : '';
    const what = m.mode === 'exact' ? `with reason ${quoted(m)}` : `whose reason matches ${quoted(m)}`;
    return `kubesim writes no event ${what}${hint || ` (reasons: ${ALL_REASONS.join(', ')})`}`;
  }
  const here = listed.filter((r) => u.shapes.some((s) => s.reasons.includes(r)));
  if (here.length === 0)
    return listed
      .map((r) => `no ${r} row can occur in this scenario: ${u.absent.get(r) ?? 'never written'}`)
      .join('; ');
  const kinds = [...new Set(here.flatMap(kindsOf))];
  return `${here.join(', ')} rows are of kind ${kinds.join(' or ')}, not ${kind?.text ?? '(any)'}`;
}

const FIELD_WORDS: Record<ColumnField, { exact: string; pattern: string; list: string }> = {
  node: {
    exact: 'no node named NAME in this scenario (spec.cluster and add-nodes)',
    pattern: 'WHAT matches no node name in this scenario',
    list: 'nodes',
  },
  zone: { exact: 'no node in zone NAME', pattern: 'WHAT matches no zone of this scenario', list: 'zones' },
  object: {
    exact: 'no event of this scenario can name object NAME',
    pattern: 'WHAT matches no object an event of this scenario can name',
    list: 'objects',
  },
};

function columnProblem(
  field: ColumnField,
  m: Matcher,
  shapes: readonly RowShape[],
  seen: readonly string[],
  u: EventUniverse,
): string {
  const local = unionSets(shapes.map((s) => s[field]));
  if (seen.length > 0 && u.shapes.some((s) => canMatch(m, s[field])))
    return `no row with ${seen.join(', ')} has ${field} ${quoted(m)} (those rows have ${field} ${listValues(local)})`;
  if (field === 'zone' && m.mode === 'exact') {
    const label = u.zoneKeys.get(m.text);
    if (label !== undefined)
      return `the zone column holds the zone label ("${label}"), not the region:zone key "${m.text}"`;
  }
  // Nowhere in the scenario: say so, and list what the rows the other fields leave do have.
  const words = FIELD_WORDS[field];
  const options = seen.length > 0 ? local : withoutEmpty(unionSets(u.shapes.map((s) => s[field])));
  const listed = `${seen.length > 0 ? `${words.list} of rows with ${seen.join(', ')}` : words.list}: ${listValues(options)}`;
  if (m.mode === 'exact') {
    const hint = suggest(m.text, suggestions(options));
    return `${words.exact.replace('NAME', quoted(m))}${hint || ` (${listed})`}`;
  }
  return `${words.pattern.replace('WHAT', quoted(m))} (${listed})`;
}

function withoutEmpty(set: ValueSet): ValueSet {
  const exact = new Set(set.exact);
  exact.delete('');
  return { exact, prefixes: set.prefixes };
}

const MAX_SUGGESTIONS = 20_000;

function suggestions(set: ValueSet): string[] {
  const out: string[] = [];
  for (const v of set.exact) {
    if (out.length >= MAX_SUGGESTIONS) break;
    if (v !== '') out.push(v);
  }
  for (const p of set.prefixes.slice(0, MAX_SUGGESTIONS)) out.push(`${p}*`);
  return out;
}

/** "a-01, a-02, default/web-*, ... (12 in all)": names and prefixes (as globs), sorted. */
export function listValues(set: ValueSet, max = 8): string {
  const all = [
    ...[...set.exact].map((v) => (v === '' ? '""' : v)),
    ...set.prefixes.map((p) => `${p}*`),
  ].sort();
  if (all.length === 0) return '(none)';
  return all.length > max ? `${all.slice(0, max).join(', ')}, ... (${all.length} in all)` : all.join(', ');
}
