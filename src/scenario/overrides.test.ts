// --set: paths never reach a prototype, names never address lists, indexes never address mappings or
// run past the end of a list; values are YAML, with the YAML hazards refused.

import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../model/errors.js';
import { applyOverride, changesIncludes, parseOverride, parseOverridePath } from './overrides.js';

const base = () => ({
  spec: { workloads: [{ kind: 'Pod' }, { file: 'b.yaml' }], cluster: { nodePools: [{ count: 1 }] } },
});

// biome-ignore lint/suspicious/noExplicitAny: a test reads back whatever the override made
function set(expr: string, raw: Record<string, unknown> = base()): any {
  applyOverride(raw, parseOverride(expr));
  return raw;
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

describe('--set', () => {
  it('sets, appends and creates along the path', () => {
    expect(set('spec.cluster.nodePools[0].count=5').spec.cluster.nodePools[0]).toEqual({ count: 5 });
    expect(set('spec.workloads[2]={kind: Job}').spec.workloads).toHaveLength(3);
    expect(set('metadata.labels["app.kubernetes.io/name"]=web')).toMatchObject({
      metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
    });
    expect(set('spec.x[0].y=1')).toMatchObject({ spec: { x: [{ y: 1 }] } });
    expect(set('spec.note=@not yaml')).toMatchObject({ spec: { note: '@not yaml' } });
  });

  it.each([
    ['__proto__.x=1', /"__proto__" is not a scenario field/],
    ['constructor.prototype.polluted=1', /"constructor" is not a scenario field/],
    ['spec["__proto__"].x=1', /"__proto__" is not a scenario field/],
    ['spec.workloads[0].prototype=1', /"prototype" is not a scenario field/],
    ['a.b', /expected --set path=value/],
    ['=1', /expected --set path=value/],
    ['spec.workloads[100000000].x=1', /index 100000000 is past the end of spec.workloads \(2 items/],
    ['spec.workloads[4294967296]=1', /index 4294967296 is past the end/],
    [`spec.workloads[${'9'.repeat(400)}]=1`, /is not a list index/],
    ['spec.workloads.name=x', /spec.workloads is a list: address one of its items with \[index\]/],
    ['spec[0]=1', /spec is a mapping, not a list/],
    ['spec.cluster.nodePools[0].count.x=1', /is 1, not a mapping or a list/],
    ['spec..x=1', /cannot parse path/],
    ['a[0]b=1', /cannot parse path/],
    ['spec.x=*nope', /alias \*nope has no anchor/],
    ['spec.x=a\n---\nb', /more than one YAML document/],
  ])('%s is an error', (expr, pattern) => {
    expect(message(() => set(expr))).toMatch(pattern);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses paths into segments', () => {
    expect(parseOverridePath('spec.cluster.nodePools[0].labels["a.b/c"]')).toEqual([
      'spec',
      'cluster',
      'nodePools',
      0,
      'labels',
      'a.b/c',
    ]);
  });

  it('overrides that change includes are told apart (applied before includes expand)', () => {
    const raw = {
      spec: { workloads: [{ kind: 'Pod' }, { file: 'b.yaml' }], arrivals: [{ trace: { file: 't.csv' } }] },
    };
    expect(changesIncludes(raw, ['spec', 'workloads', 1, 'file'])).toBe(true);
    expect(changesIncludes(raw, ['spec', 'workloads'])).toBe(true);
    expect(changesIncludes(raw, ['spec', 'cluster', 'nodes'])).toBe(true);
    expect(changesIncludes(raw, ['spec', 'arrivals', 0, 'trace', 'file'])).toBe(true);
    expect(changesIncludes(raw, ['spec', 'load', 0, 'demand', 'trace', 'file'])).toBe(true);
    expect(changesIncludes(raw, ['spec', 'load', 0, 'demand', 'steps', 'file'])).toBe(false);
    expect(changesIncludes(raw, ['spec', 'workloads', 0, 'file'])).toBe(false);
    expect(changesIncludes(raw, ['spec', 'workloads', 1, 'spec'])).toBe(false);
  });
});
