// Matcher vectors: exact, glob and /regex/ on events.csv field values.

import { describe, expect, it } from 'vitest';
import { compileMatcher, parseMatcher } from './matcher.js';

describe('matchers', () => {
  it.each([
    // [text, mode, value, matches]
    ['general-a-01', 'exact', 'general-a-01', true],
    ['general-a-01', 'exact', 'general-a-010', false],
    ['general-a-*', 'glob', 'general-a-17', true],
    ['general-a-*', 'glob', 'general-b-17', false],
    ['default/web-*', 'glob', 'default/web-0', true],
    ['node-0?', 'glob', 'node-07', true],
    ['node-0?', 'glob', 'node-070', false],
    ['a.b*', 'glob', 'axb1', false], // dots in globs are literal
    ['node.kubernetes.io/unreachable:*', 'glob', 'node.kubernetes.io/unreachable:NoExecute', true],
    ['/^general-[ab]-0[1-5]$/', 'regex', 'general-b-03', true],
    ['/^general-[ab]-0[1-5]$/', 'regex', 'general-c-03', false],
    ['/unreach/', 'regex', 'node.kubernetes.io/unreachable:NoSchedule', true], // unanchored
    ['/NODE/i', 'regex', 'NodeReady', true],
    ['/', 'exact', '/', true],
  ] as const)('%s (%s) on %s -> %s', (text, mode, value, want) => {
    const m = parseMatcher(text);
    expect(m.mode).toBe(mode);
    expect(compileMatcher(m)(value)).toBe(want);
  });

  it('rejects a bad regular expression with a readable message', () => {
    expect(() => parseMatcher('/[a-/')).toThrow(/invalid regular expression \/\[a-\//);
  });
});
