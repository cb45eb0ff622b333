// NodeResourcesBalancedAllocation vectors from scheduler.md §4.5, worked out by hand.
import { describe, expect, it } from 'vitest';
import { explain, node, onlyScore, pluginScores, pod, world } from '../../testing/fixtures.js';

const N = 'NodeResourcesBalancedAllocation';

describe('NodeResourcesBalancedAllocation', () => {
  const nodes = [
    node('m1', { cpu: '4000m', memory: '10000' }),
    node('m2', { cpu: '6000m', memory: '10000' }),
  ];
  const existing = [
    pod('e1', { nodeName: 'm1', requests: [{ cpu: '1000m', memory: '2000' }] }),
    pod('e2', { nodeName: 'm2', requests: [{ cpu: '1000m', memory: '2000' }] }),
  ];
  const incoming = pod('p', {
    requests: [
      { cpu: '1000m', memory: '2000' },
      { cpu: '2000m', memory: '3000' },
    ],
  });

  it('scores int((1 - |f_cpu - f_mem| / 2) * 100) with real requests (<= 1.35)', () => {
    // m1: 4000/4000 = 1, 7000/10000 = 0.7 -> std 0.15 -> 85; m2: 0.667, 0.7 -> std 0.0167 -> 98.
    const sim = world({ nodes, pods: existing, scheduler: onlyScore(N) });
    expect(pluginScores(explain(sim, incoming), N)).toEqual({ m1: [85, 85], m2: [98, 98] });
  });

  it('uses the population standard deviation for three resources', () => {
    // fractions 0.5, 0.25, 0.5 -> mean 0.41667, std 0.11785 -> 88.
    const sim = world({
      nodes: [node('n', { cpu: '4', memory: '8Gi', extra: { 'ephemeral-storage': '100Gi' } })],
      scheduler: onlyScore(N, {
        resources: [{ name: 'cpu' }, { name: 'memory' }, { name: 'ephemeral-storage' }],
      }),
    });
    const p = pod('p', { requests: [{ cpu: '2', memory: '2Gi', 'ephemeral-storage': '50Gi' }] });
    expect(pluginScores(explain(sim, p), N)).toEqual({ n: [88, 88] });
  });

  it('caps fractions at 1 and skips resources with allocatable 0', () => {
    // cpu 6/4 -> 1, memory absent on the node -> skipped: one fraction -> std 0 -> 100.
    const sim = world({ nodes: [node('n', { cpu: '4' })], scheduler: onlyScore(N) });
    expect(
      pluginScores(
        explain(sim, pod('p', { requests: [{ cpu: '6', memory: '1Gi' }] }), { allNodes: true }),
        N,
      ),
    ).toEqual({
      n: [100, 100],
    });
  });

  it('skips best-effort pods from 1.32 on (every node gets 0)', () => {
    const sim = world({ nodes, pods: existing, scheduler: onlyScore(N) });
    const r = explain(sim, pod('p'));
    expect(r.nodes.map((n) => n.scores?.[N])).toEqual([
      { raw: 0, normalized: 0, weight: 1, weighted: 0, skipped: true },
      { raw: 0, normalized: 0, weight: 1, weighted: 0, skipped: true },
    ]);
  });

  it('scores the change in balance in 1.36: 50 + (50 + b_with - b_without) / 2', () => {
    // empty 4000m / 10000 node, pod 3000m / 5000: b_with 87, b_without 100 -> 68.
    const sim = world({
      nodes: [node('n', { cpu: '4000m', memory: '10000' })],
      scheduler: onlyScore(N),
      kubernetesVersion: '1.36',
    });
    const p = pod('p', { requests: [{ cpu: '3000m', memory: '5000' }] });
    expect(pluginScores(explain(sim, p), N)).toEqual({ n: [68, 68] });
  });
});
