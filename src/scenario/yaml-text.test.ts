// yaml-text.ts: every YAML hazard is a located ScenarioError, never a stack trace or a memory blow-up.

import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../model/errors.js';
import { parseYamlText, yamlToJS } from './yaml-text.js';

function toJS(text: string): unknown {
  const parsed = parseYamlText(text, { file: 'f.yaml' });
  return yamlToJS(parsed.docs[0] as (typeof parsed.docs)[0], parsed.lines, { file: 'f.yaml' });
}

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected a ScenarioError');
}

const BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
].join('\n');

describe('YAML hazards', () => {
  it('an alias bomb stops at the alias limit', () => {
    expect(message(() => toJS(BOMB))).toMatch(/^f\.yaml:2: .*YAML aliases expand to too many nodes/);
  });

  it('an alias without its anchor, and an alias inside its own anchor', () => {
    expect(message(() => toJS('a: 1\nb: *nope\n'))).toMatch(/^f\.yaml:2: .*alias \*nope has no anchor &nope/);
    expect(message(() => toJS('a: &m {b: *m}\n'))).toMatch(/^f\.yaml:1: .*\*m lies inside .* \(a cycle\)/);
  });

  it('nesting too deep for the parser, and syntax errors, name their line', () => {
    expect(message(() => toJS(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toMatch(
      /nesting is too deep/,
    );
    expect(message(() => toJS('a: 1\nb: [\n'))).toMatch(/^f\.yaml:\d+: .*YAML syntax error/);
  });

  it('ordinary aliases still work', () => {
    expect(toJS('a: &x {cpu: "1"}\nb: *x\n')).toEqual({ a: { cpu: '1' }, b: { cpu: '1' } });
  });
});
