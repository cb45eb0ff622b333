import { describe, expect, it } from 'vitest';
import { anchoredLiteral, canMatch, globCanExtend, valueSet } from './can-match.js';
import { parseMatcher } from './matcher.js';

const set = valueSet(['p-a-01', 'p-b-01', 'default/w'], ['default/web-', 'ReplicaSet/default/web-']);
const can = (text: string) => canMatch(parseMatcher(text), set);

describe('canMatch: could a matcher match some value of a column', () => {
  it.each([
    ['p-a-01', true],
    ['p-a-02', false],
    ['default/web-7d9f-x2kzq', true], // a pod the Deployment's prefix completes
    ['default/web-', false], // the prefix itself is not a name: generateName adds characters
    ['default/w', true],
    ['p-?-01', true],
    ['p-c-*', false],
    ['default/web-*', true],
    ['default/we*', true],
    ['default/wb*', false],
    ['*-x2kzq', true], // may end any pod of web
    ['ReplicaSet/*/web-?*', true],
    ['Deployment/*', false],
    ['/^p-[ab]-0[1-3]$/', true],
    ['/^p-c/', false],
    ['/^default\\/web-/', true],
    ['/^default\\/wob/', false],
    ['/^DEFAULT\\/WEB/i', true],
    ['/x2kzq$/', true], // not anchored at the start: may match a generated name
    ['/^q|p/', true], // alternation: cannot rule it out
  ])('%s -> %s', (text, want) => {
    expect(can(text)).toBe(want);
  });
});

describe('globCanExtend', () => {
  it.each([
    ['web-*', 'web-', true],
    ['web-?', 'web-', true],
    ['web-', 'web-', false], // nothing left for the generated part
    ['web', 'web-', false],
    ['*', 'anything', true],
    ['w*b-*x', 'web-', true],
    ['a?c', 'ab', true],
    ['a?c', 'abc', false],
  ])('%s extends %s: %s', (glob, prefix, want) => {
    expect(globCanExtend(glob, prefix)).toBe(want);
  });
});

describe('anchoredLiteral', () => {
  it.each([
    ['/^general-a-0[1-5]$/', 'general-a-0'],
    ['/^default\\/web-/', 'default/web-'],
    ['/^ab?c/', 'a'],
    ['/^\\d+/', ''],
    ['/web/', null],
    ['/^a|b/', null],
    ['/^a/m', null],
  ])('%s -> %s', (text, want) => {
    expect(anchoredLiteral(parseMatcher(text))).toBe(want);
  });
});
