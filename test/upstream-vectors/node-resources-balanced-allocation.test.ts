// Upstream kube-scheduler unit-test vectors for NodeResourcesBalancedAllocation, replayed through kubesim
// explain (only this score plugin, every node scored as with `--all-nodes`). Inputs and expected scores come
// from TestNodeResourcesBalancedAllocation in
//   pkg/scheduler/framework/plugins/noderesources/balanced_allocation_test.go (kubernetes/kubernetes,
//   the v1.34/v1.35 file: score = int((1 - std) * 100) of the fractions with the pod)
// run at kubesim's default kubernetesVersion (1.34). The plugin has no NormalizeScore.
// Not replayed: the DRA extended-resource cases (DRA is not modelled), and the "if PreScore not called"
// variants as such (explain always runs PreScore; their inputs equal cases replayed here).
import { describe, expect, it } from 'vitest';
import { pluginScores } from '../../src/scheduler/testing/fixtures.js';
import { milliNode, replay, scores, upPod, type Vector } from './resource-vectors.js';

const N = 'NodeResourcesBalancedAllocation';
const defaultSet = {
  resources: [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
  ],
};
const withGpu = { resources: [...defaultSet.resources, { name: 'nvidia.com/gpu', weight: 1 }] };
const gpu8 = { 'nvidia.com/gpu': 8 };

// The pod specs of the upstream file (the existing pods keep their spec.nodeName; the incoming pod's is
// dropped, Score does not read it).
const cpuAndMemory = (nodeName?: string) =>
  upPod('p', {
    ...(nodeName ? { nodeName } : {}),
    containers: [
      { cpu: '1000m', memory: '2000' },
      { cpu: '2000m', memory: '3000' },
    ],
  });
const cpuOnly = (nodeName?: string) =>
  upPod('p', {
    ...(nodeName ? { nodeName } : {}),
    containers: [
      { cpu: '1000m', memory: '0' },
      { cpu: '2000m', memory: '0' },
    ],
  });
const cpuAndMemoryAndGPU = (nodeName: string) =>
  upPod('p', {
    nodeName,
    containers: [
      { cpu: '1000m', memory: '2000' },
      { cpu: '2000m', memory: '3000', 'nvidia.com/gpu': '3' },
    ],
  });

describe('upstream TestNodeResourcesBalancedAllocation (balanced_allocation_test.go)', () => {
  it('nothing scheduled, nothing requested, skip in PreScore', () => {
    const r = replay(N, {
      name: 'skip',
      nodes: [milliNode('node1', 4000, 10000), milliNode('node2', 4000, 10000)],
      pod: upPod('p'),
      args: defaultSet,
      want: {},
    });
    for (const n of r.nodes) expect(n.scores?.[N]).toMatchObject({ raw: 0, normalized: 0, skipped: true });
    expect(Object.keys(pluginScores(r, N))).toEqual(['node1', 'node2']);
  });

  const cases: Vector[] = [
    {
      name: 'nothing scheduled, resources requested, differently sized nodes',
      nodes: [milliNode('node1', 4000, 10000), milliNode('node2', 6000, 10000)],
      pod: cpuAndMemory(),
      args: defaultSet,
      want: { node1: 87, node2: 100 },
    },
    {
      name: 'resources requested, pods scheduled with resources',
      nodes: [milliNode('node1', 10000, 20000), milliNode('node2', 10000, 20000)],
      existing: [cpuOnly('node1'), cpuAndMemory('node2')],
      pod: cpuAndMemory(),
      args: defaultSet,
      want: { node1: 82, node2: 95 },
    },
    {
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      nodes: [milliNode('node1', 10000, 20000), milliNode('node2', 10000, 50000)],
      existing: [cpuOnly('node1'), cpuAndMemory('node2')],
      pod: cpuAndMemory(),
      args: defaultSet,
      want: { node1: 82, node2: 80 },
    },
    {
      name: 'requested resources at node capacity',
      nodes: [milliNode('node1', 6000, 10000), milliNode('node2', 6000, 10000)],
      existing: [cpuOnly('node1'), cpuAndMemory('node2')],
      pod: cpuOnly(),
      args: defaultSet,
      want: { node1: 50, node2: 75 },
    },
    {
      name: 'include scalar resource on a node for balanced resource allocation',
      nodes: [milliNode('node1', 3500, 40000, gpu8), milliNode('node2', 3500, 40000, gpu8)],
      existing: [cpuAndMemory('node2'), cpuAndMemoryAndGPU('node1')],
      pod: upPod('p', { containers: [{ memory: '0', 'nvidia.com/gpu': '1' }] }),
      args: withGpu,
      want: { node1: 70, node2: 65 },
    },
    {
      name: 'node without the scalar resource should skip the scalar resource',
      nodes: [milliNode('node1', 3500, 40000, gpu8), milliNode('node2', 3500, 40000)],
      pod: cpuAndMemory(),
      args: withGpu,
      want: { node1: 63, node2: 63 },
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(scores(N, c)).toEqual(c.want);
  });
});
