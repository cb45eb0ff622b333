// NodeAffinity vectors (scheduler.md §4.8).
import { describe, expect, it } from 'vitest';
import { explain, node, onlyScore, pluginScores, pod, world } from '../../testing/fixtures.js';

const N = 'NodeAffinity';

describe('NodeAffinity', () => {
  const nodes = [
    node('x', { labels: { zone: 'a', disk: 'ssd', gen: '5' } }),
    node('y', { labels: { zone: 'a', gen: '3' } }),
    node('z', { labels: { zone: 'b' } }),
  ];

  it('sums matching preferred term weights; the best node gets 100', () => {
    const sim = world({ nodes, scheduler: onlyScore(N) });
    const p = pod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 2,
                preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
              },
              { weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
            ],
          },
        },
      },
    });
    expect(pluginScores(explain(sim, p), N)).toEqual({ x: [7, 100], y: [2, 28], z: [0, 0] });
  });

  it('requires nodeSelector and required terms (ORed terms, Gt on integers)', () => {
    const sim = world({ nodes });
    const p = pod('p', {
      spec: {
        nodeSelector: { zone: 'a' },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] },
                { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] },
              ],
            },
          },
        },
      },
    });
    const r = explain(sim, p);
    expect(r.nodes.map((n) => [n.node, n.feasible])).toEqual([
      ['x', true],
      ['y', false],
      ['z', false],
    ]);
    expect(r.nodes[1]?.filter).toEqual({
      plugin: N,
      reason: "node(s) didn't match Pod's node affinity/selector",
      code: 'UnschedulableAndUnresolvable',
    });
  });

  it('matchFields metadata.name narrows the candidates', () => {
    const sim = world({ nodes });
    const p = pod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['z'] }] }],
            },
          },
        },
      },
    });
    const r = explain(sim, p);
    expect(r.selected).toBe('z');
    expect(r.feasible).toBe(1);
  });
});
