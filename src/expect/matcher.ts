// String matchers for event selectors in spec.expect: one syntax for every field of an events.csv row.
//   exact   web-0                      the whole value, character for character (the default)
//   glob    general-a-*  node-0?       used when the text holds `*` (any run, "/" included) or `?` (one
//                                      character); Kubernetes names and taint keys never contain either
//   regex   /^general-[ab]-0[1-5]$/i   JavaScript syntax between slashes, optional flags i, m, s, u;
//                                      unanchored unless the pattern says ^ or $
// Matchers stay plain data (mode + pattern) so parsed scenarios can cross worker threads; compile()
// makes the test function where it is used.

export type MatchMode = 'exact' | 'glob' | 'regex';

export interface Matcher {
  readonly mode: MatchMode;
  /** As written in the scenario (for descriptions). */
  readonly text: string;
  /** The regex source for glob and regex modes, the value itself for exact. */
  readonly pattern: string;
  readonly flags: string;
}

const REGEX_LITERAL = /^\/(.*)\/([imsu]*)$/s;

/** Parses matcher text; throws an Error with a readable message for a bad regular expression. */
export function parseMatcher(text: string): Matcher {
  const re = REGEX_LITERAL.exec(text);
  if (re && text.length >= 2) {
    const pattern = re[1] as string;
    const flags = re[2] as string;
    try {
      new RegExp(pattern, flags);
    } catch (e) {
      throw new Error(`invalid regular expression ${text}: ${(e as Error).message}`);
    }
    return { mode: 'regex', text, pattern, flags };
  }
  if (/[*?]/.test(text)) return { mode: 'glob', text, pattern: globToRegex(text), flags: '' };
  return { mode: 'exact', text, pattern: text, flags: '' };
}

function globToRegex(glob: string): string {
  let out = '^';
  for (const ch of glob) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return `${out}$`;
}

export type CompiledMatcher = (value: string) => boolean;

export function compileMatcher(m: Matcher): CompiledMatcher {
  if (m.mode === 'exact') {
    const want = m.pattern;
    return (value) => value === want;
  }
  const re = new RegExp(m.pattern, m.flags);
  return (value) => re.test(value);
}
