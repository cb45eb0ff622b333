// Can a selector's matcher match any value a column may hold? A column's possible values are a set of
// exact strings plus prefixes (names that controllers and generateName complete with at least one more
// character: "default/web-" stands for every pod of Deployment web). Exact values are tested directly;
// for a prefix, an exact matcher must extend it, a glob must be able to read it and still have pattern
// left, and a regular expression is ruled out only when it is anchored to a literal start that
// contradicts the prefix (anything else might match, so it is allowed: this check must never refuse
// a selector that could match).

import { compileMatcher, type Matcher } from './matcher.js';

export interface ValueSet {
  readonly exact: ReadonlySet<string>;
  /** Values that start with one of these and go on for at least one character. */
  readonly prefixes: readonly string[];
}

export function valueSet(exact: Iterable<string>, prefixes: Iterable<string> = []): ValueSet {
  return { exact: new Set(exact), prefixes: [...new Set(prefixes)] };
}

export function unionSets(sets: readonly ValueSet[]): ValueSet {
  return valueSet(
    sets.flatMap((s) => [...s.exact]),
    sets.flatMap((s) => s.prefixes),
  );
}

export function canMatch(m: Matcher, set: ValueSet): boolean {
  if (m.mode === 'exact') {
    return (
      set.exact.has(m.pattern) ||
      set.prefixes.some((p) => m.pattern.length > p.length && m.pattern.startsWith(p))
    );
  }
  const test = compileMatcher(m);
  for (const v of set.exact) if (test(v)) return true;
  if (m.mode === 'glob') return set.prefixes.some((p) => globCanExtend(m.text, p));
  return set.prefixes.some((p) => regexMayStartWith(m, p));
}

/**
 * Whether the glob matches some string that is `prefix` plus at least one character: read the prefix
 * through the glob (a set of positions, `*` staying put or moving on) and see that pattern is left.
 */
export function globCanExtend(glob: string, prefix: string): boolean {
  const g = [...glob];
  const closure = (states: Set<number>) => {
    for (const i of [...states]) for (let j = i; j < g.length && g[j] === '*'; j++) states.add(j + 1);
    return states;
  };
  let states = closure(new Set([0]));
  for (const ch of prefix) {
    const next = new Set<number>();
    for (const i of states) {
      const c = g[i];
      if (c === '*') next.add(i);
      else if (c === '?' || c === ch) next.add(i + 1);
    }
    states = closure(next);
    if (states.size === 0) return false;
  }
  return [...states].some((i) => i < g.length);
}

const LITERAL_CHAR = /[A-Za-z0-9_\-/:@%=,~ ]/;
const QUANTIFIER = /[?*{]/;

/**
 * The literal text every match of a regular expression starts with, when it says so plainly
 * (`^general-a-` -> "general-a-"); null when it does not (no `^`, an alternation, multiline).
 */
export function anchoredLiteral(m: Matcher): string | null {
  const src = m.pattern;
  if (!src.startsWith('^') || src.includes('|') || m.flags.includes('m')) return null;
  let lit = '';
  let i = 1;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\' && i + 1 < src.length && !/[A-Za-z0-9]/.test(src[i + 1] as string)) {
      lit += src[i + 1];
      i += 2;
    } else if (LITERAL_CHAR.test(c)) {
      lit += c;
      i += 1;
    } else break;
  }
  // `^ab?` or `^ab*`: the last character is optional.
  if (i < src.length && QUANTIFIER.test(src[i] as string)) lit = lit.slice(0, -1);
  return lit;
}

function regexMayStartWith(m: Matcher, prefix: string): boolean {
  const lit = anchoredLiteral(m);
  if (lit === null) return true;
  const fold = m.flags.includes('i') ? (s: string) => s.toLowerCase() : (s: string) => s;
  const a = fold(lit);
  const b = fold(prefix);
  return a.startsWith(b) || b.startsWith(a);
}
