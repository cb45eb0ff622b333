// TaintToleration vectors (scheduler.md §4.7).
import { describe, expect, it } from 'vitest';
import { tolerates } from '../../helpers/taints.js';
import { explain, node, onlyScore, pluginScores, pod, world } from '../../testing/fixtures.js';

const N = 'TaintToleration';

describe('TaintToleration', () => {
  it('counts intolerable PreferNoSchedule taints, reversed by normalization', () => {
    const sim = world({
      nodes: [
        node('clean'),
        node('one', { taints: [{ key: 'a', value: '1', effect: 'PreferNoSchedule' }] }),
        node('two', {
          taints: [
            { key: 'a', value: '1', effect: 'PreferNoSchedule' },
            { key: 'b', value: '2', effect: 'PreferNoSchedule' },
          ],
        }),
        node('tolerated', { taints: [{ key: 'c', value: '3', effect: 'PreferNoSchedule' }] }),
      ],
      scheduler: onlyScore(N),
    });
    const p = pod('p', { spec: { tolerations: [{ key: 'c', operator: 'Equal', value: '3' }] } });
    expect(pluginScores(explain(sim, p), N)).toEqual({
      clean: [0, 100],
      one: [1, 50],
      two: [2, 0],
      tolerated: [0, 100],
    });
  });

  it('all nodes clean -> all 100', () => {
    const sim = world({ nodes: [node('x'), node('y')], scheduler: onlyScore(N) });
    expect(pluginScores(explain(sim, pod('p')), N)).toEqual({ x: [0, 100], y: [0, 100] });
  });

  it('filters untolerated NoSchedule taints as unresolvable', () => {
    const sim = world({
      nodes: [node('g', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })],
    });
    expect(explain(sim, pod('p')).nodes[0]?.filter).toEqual({
      plugin: N,
      reason: 'node(s) had untolerated taint {dedicated: gpu}',
      code: 'UnschedulableAndUnresolvable',
    });
    const tol = pod('q', {
      spec: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] },
    });
    expect(explain(sim, tol).nodes[0]?.feasible).toBe(true);
  });

  it.each([
    [
      { key: 'k', operator: 'Exists' as const },
      { key: 'k', value: 'v', effect: 'NoSchedule' as const },
      true,
    ],
    [{ operator: 'Exists' as const }, { key: 'any', effect: 'NoExecute' as const }, true],
    [{ key: 'k', value: 'v' }, { key: 'k', value: 'v', effect: 'NoSchedule' as const }, true],
    [{ key: 'k', value: 'w' }, { key: 'k', value: 'v', effect: 'NoSchedule' as const }, false],
    [
      { key: 'k', operator: 'Exists' as const, effect: 'NoExecute' as const },
      { key: 'k', effect: 'NoSchedule' as const },
      false,
    ],
  ])('tolerates(%j, %j) = %s', (t, taint, want) => {
    expect(tolerates(t, taint)).toBe(want);
  });
});
