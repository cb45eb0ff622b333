// Upstream kube-scheduler unit-test vectors for NodeResourcesFit scoring, replayed through kubesim explain
// (only NodeResourcesFit scoring, every node scored as with `--all-nodes`). Inputs and expected scores come from
//   pkg/scheduler/framework/plugins/noderesources/least_allocated_test.go (TestLeastAllocatedScoringStrategy)
//   pkg/scheduler/framework/plugins/noderesources/most_allocated_test.go (TestMostAllocatedScoringStrategy)
//   pkg/scheduler/framework/plugins/noderesources/requested_to_capacity_ratio_test.go
//     (TestRequestedToCapacityRatioScoringStrategy, TestResourceBinPackingSingleExtended,
//      TestResourceBinPackingMultipleExtended)
// in kubernetes/kubernetes. The plugin has no NormalizeScore, so upstream's Score result is explain's score.
// Not replayed: the argument-validation cases (negative / zero / >100 weights, nil resources): they test
// NewFit's validation of the internal config, while kubesim reads the v1 API, which defaults weight 0 to 1.
import { describe, expect, it } from 'vitest';
import { podManifestSchema } from '../../src/model/k8s-schema.js';
import { buildExplainPod } from '../../src/scheduler/explain.js';
import { brokenLinear } from '../../src/scheduler/plugins/node-resources-fit/scorers.js';
import { world } from '../../src/scheduler/testing/fixtures.js';
import { milliNode, scores, type UpPodOpts, upNode, upPod, type Vector } from './resource-vectors.js';

const N = 'NodeResourcesFit';
const ext = 'abc.com/xyz'; // extendedRes in noderesources tests
const defaultResources = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const extendedResourceSet = [...defaultResources, { name: ext, weight: 1 }];
const strategy = (type: string, resources: object[], extra: object = {}) => ({
  scoringStrategy: { type, resources, ...extra },
});

/** The two-container pod most cases use: cpu 1000+2000, memory 2000+3000. */
const twoContainers = () =>
  upPod('p', {
    containers: [
      { cpu: '1000', memory: '2000' },
      { cpu: '2000', memory: '3000' },
    ],
  });
const bare = (nodeName?: string) => upPod('e', nodeName ? { nodeName } : {});
const withReq = (nodeName: string, req: Record<string, string>) =>
  upPod('e', { nodeName, containers: [req] });

function run(cases: Vector[]) {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(scores(N, c)).toEqual(c.want);
  });
}

describe('upstream TestLeastAllocatedScoringStrategy (least_allocated_test.go)', () => {
  const la = (resources: object[]) => strategy('LeastAllocated', resources);
  run([
    {
      name: 'nothing scheduled, nothing requested',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '4000', memory: '10000' }),
      ],
      pod: upPod('p'),
      args: la(defaultResources),
      want: { node1: 100, node2: 100 },
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000' }),
      ],
      pod: twoContainers(),
      args: la(defaultResources),
      want: { node1: 37, node2: 50 },
    },
    {
      name: 'no resources requested, pods scheduled',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '4000', memory: '10000' }),
      ],
      existing: [bare('node1'), bare('node1'), bare('node2'), bare('node2')],
      pod: upPod('p'),
      args: la(defaultResources),
      want: { node1: 100, node2: 100 },
    },
    {
      name: 'no resources requested, pods scheduled with resources',
      nodes: [
        upNode('node1', { cpu: '10000', memory: '20000' }),
        upNode('node2', { cpu: '10000', memory: '20000' }),
      ],
      existing: [
        withReq('node1', { cpu: '3000', memory: '0' }),
        withReq('node1', { cpu: '3000', memory: '0' }),
        withReq('node2', { cpu: '3000', memory: '0' }),
        withReq('node2', { cpu: '3000', memory: '5000' }),
      ],
      pod: upPod('p'),
      args: la(defaultResources),
      want: { node1: 70, node2: 57 },
    },
    {
      name: 'resources requested, pods scheduled with resources',
      nodes: [
        upNode('node1', { cpu: '10000', memory: '20000' }),
        upNode('node2', { cpu: '10000', memory: '20000' }),
      ],
      existing: [
        withReq('node1', { cpu: '3000', memory: '0' }),
        withReq('node2', { cpu: '3000', memory: '5000' }),
      ],
      pod: twoContainers(),
      args: la(defaultResources),
      want: { node1: 57, node2: 45 },
    },
    {
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      nodes: [
        upNode('node1', { cpu: '10000', memory: '20000' }),
        upNode('node2', { cpu: '10000', memory: '50000' }),
      ],
      existing: [
        withReq('node1', { cpu: '3000', memory: '0' }),
        withReq('node2', { cpu: '3000', memory: '5000' }),
      ],
      pod: twoContainers(),
      args: la(defaultResources),
      want: { node1: 57, node2: 60 },
    },
    {
      name: 'requested resources exceed node capacity',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '4000', memory: '10000' }),
      ],
      existing: [
        withReq('node1', { cpu: '3000', memory: '0' }),
        withReq('node2', { cpu: '3000', memory: '5000' }),
      ],
      pod: upPod('p', { containers: [{ cpu: '3000', memory: '0' }] }),
      args: la(defaultResources),
      want: { node1: 50, node2: 25 },
    },
    {
      name: 'zero node resources, pods scheduled with resources',
      nodes: [upNode('node1'), upNode('node2')],
      existing: [
        withReq('node1', { cpu: '3000', memory: '0' }),
        withReq('node2', { cpu: '3000', memory: '5000' }),
      ],
      pod: upPod('p'),
      args: la(defaultResources),
      want: { node1: 0, node2: 0 },
    },
    {
      name: 'nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000' }),
      ],
      pod: twoContainers(),
      args: la([
        { name: 'memory', weight: 2 },
        { name: 'cpu', weight: 1 },
      ]),
      want: { node1: 41, node2: 50 },
    },
    {
      name: 'bypass extended resource if the pod does not request',
      nodes: [
        upNode('node1', { cpu: '6000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000', [ext]: '4' }),
      ],
      pod: twoContainers(),
      args: la(extendedResourceSet),
      want: { node1: 50, node2: 50 },
    },
    {
      name: 'honor extended resource if the pod requests',
      nodes: [
        upNode('node1', { cpu: '6000', memory: '10000', [ext]: '4' }),
        upNode('node2', { cpu: '6000', memory: '10000', [ext]: '10' }),
      ],
      pod: upPod('p', { containers: [{ cpu: '3000', memory: '5000', [ext]: '2' }] }),
      args: la(extendedResourceSet),
      want: { node1: 50, node2: 60 },
    },
    {
      name: "if the node doesn't have a resource",
      nodes: [
        upNode('node1', { cpu: '6000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000', [ext]: '4' }),
      ],
      pod: upPod('p', { containers: [{ cpu: '3000', memory: '4000' }] }),
      args: la([{ name: ext, weight: 2 }, ...defaultResources]),
      want: { node1: 55, node2: 55 },
    },
  ]);
});

describe('upstream TestMostAllocatedScoringStrategy (most_allocated_test.go)', () => {
  const ma = (resources: object[]) => strategy('MostAllocated', resources);
  run([
    {
      name: 'nothing scheduled, nothing requested',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '4000', memory: '10000' }),
      ],
      pod: upPod('p'),
      args: ma(defaultResources),
      want: { node1: 0, node2: 0 },
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000' }),
      ],
      pod: twoContainers(),
      args: ma(defaultResources),
      want: { node1: 62, node2: 50 },
    },
    {
      name: 'no resources requested, pods scheduled with resources',
      nodes: [
        upNode('node1', { cpu: '10000', memory: '20000' }),
        upNode('node2', { cpu: '10000', memory: '20000' }),
      ],
      existing: [
        withReq('node1', { cpu: '3000', memory: '0' }),
        withReq('node1', { cpu: '3000', memory: '0' }),
        withReq('node2', { cpu: '3000', memory: '0' }),
        withReq('node2', { cpu: '3000', memory: '5000' }),
      ],
      pod: upPod('p'),
      args: ma(defaultResources),
      want: { node1: 30, node2: 42 },
    },
    {
      name: 'resources requested, pods scheduled with resources',
      nodes: [
        upNode('node1', { cpu: '10000', memory: '20000' }),
        upNode('node2', { cpu: '10000', memory: '20000' }),
      ],
      existing: [
        withReq('node1', { cpu: '3000', memory: '0' }),
        withReq('node2', { cpu: '3000', memory: '5000' }),
      ],
      pod: twoContainers(),
      args: ma(defaultResources),
      want: { node1: 42, node2: 55 },
    },
    {
      name: 'resources requested equal node capacity',
      nodes: [
        upNode('node1', { cpu: '5000', memory: '10000' }),
        upNode('node2', { cpu: '10000', memory: '9000' }),
      ],
      pod: upPod('p', {
        containers: [
          { cpu: '2000', memory: '4000' },
          { cpu: '3000', memory: '5000' },
        ],
      }),
      args: ma(defaultResources),
      want: { node1: 95, node2: 75 },
    },
    {
      // Upstream has two cases with this name; this is the one with memory weight 2.
      name: 'nothing scheduled, resources requested, differently sized nodes (memory weight 2, cpu weight 1)',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000' }),
      ],
      pod: twoContainers(),
      args: ma([
        { name: 'memory', weight: 2 },
        { name: 'cpu', weight: 1 },
      ]),
      want: { node1: 58, node2: 50 },
    },
    {
      name: 'no resources requested, pods scheduled, nonzero request for resource',
      nodes: [
        upNode('node1', { cpu: '250m', memory: '1000Mi' }),
        upNode('node2', { cpu: '250m', memory: '1000Mi' }),
      ],
      existing: [
        upPod('e', { nodeName: 'node1', containers: [null] }),
        upPod('e', { nodeName: 'node1', containers: [null] }),
      ],
      pod: upPod('p', { containers: [null] }),
      args: ma(defaultResources),
      want: { node1: 80, node2: 30 },
    },
    {
      name: 'bypass extended resource if the pod does not request',
      nodes: [
        upNode('node1', { cpu: '6000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000', [ext]: '4' }),
      ],
      pod: twoContainers(),
      args: ma(extendedResourceSet),
      want: { node1: 50, node2: 50 },
    },
    {
      name: 'honor extended resource if the pod request',
      nodes: [
        upNode('node1', { cpu: '6000', memory: '10000', [ext]: '4' }),
        upNode('node2', { cpu: '6000', memory: '10000', [ext]: '10' }),
      ],
      pod: upPod('p', { containers: [{ cpu: '3000', memory: '5000', [ext]: '2' }] }),
      args: ma(extendedResourceSet),
      want: { node1: 50, node2: 40 },
    },
    {
      name: "if the node doesn't have a resource",
      nodes: [
        upNode('node1', { cpu: '6000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000', [ext]: '4' }),
      ],
      pod: upPod('p', { containers: [{ cpu: '3000', memory: '4000' }] }),
      args: ma([{ name: ext, weight: 2 }, ...defaultResources]),
      want: { node1: 45, node2: 45 },
    },
  ]);
});

describe('upstream TestRequestedToCapacityRatioScoringStrategy (requested_to_capacity_ratio_test.go)', () => {
  const rtcr = strategy('RequestedToCapacityRatio', defaultResources, {
    requestedToCapacityRatio: {
      shape: [
        { utilization: 0, score: 10 },
        { utilization: 100, score: 0 },
      ],
    },
  });
  run([
    {
      name: 'nothing scheduled, nothing requested (default - least requested nodes have priority)',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '4000', memory: '10000' }),
      ],
      existing: [bare('node1'), bare('node1')],
      pod: upPod('p'),
      args: rtcr,
      want: { node1: 100, node2: 100 },
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000' }),
      ],
      existing: [bare('node1'), bare('node1')],
      pod: twoContainers(),
      args: rtcr,
      want: { node1: 38, node2: 50 },
    },
    {
      name: 'no resources requested, pods scheduled with resources (default - least requested nodes have priority)',
      nodes: [
        upNode('node1', { cpu: '4000', memory: '10000' }),
        upNode('node2', { cpu: '6000', memory: '10000' }),
      ],
      existing: [
        withReq('node1', { cpu: '3000', memory: '5000' }),
        withReq('node2', { cpu: '3000', memory: '5000' }),
      ],
      pod: upPod('p'),
      args: rtcr,
      want: { node1: 38, node2: 50 },
    },
  ]);
});

// The "pods" of these cases that have no node are not on any node in upstream's snapshot; they are left out.
describe('upstream TestResourceBinPackingSingleExtended (requested_to_capacity_ratio_test.go)', () => {
  const args = strategy('RequestedToCapacityRatio', [{ name: 'intel.com/foo', weight: 1 }], {
    requestedToCapacityRatio: {
      shape: [
        { utilization: 0, score: 0 },
        { utilization: 100, score: 1 },
      ],
    },
  });
  const nodes = () => [
    milliNode('node1', 4000, 10000 * 1024 * 1024, { 'intel.com/foo': 8 }),
    milliNode('node2', 4000, 10000 * 1024 * 1024, { 'intel.com/foo': 4 }),
  ];
  run([
    {
      name: 'nothing scheduled, nothing requested',
      nodes: nodes(),
      pod: upPod('p'),
      args,
      want: { node1: 0, node2: 0 },
    },
    {
      name: 'resources requested, pods scheduled with less resources',
      nodes: nodes(),
      pod: upPod('p', { containers: [{ 'intel.com/foo': '2' }] }),
      args,
      want: { node1: 2, node2: 5 },
    },
    {
      name: 'resources requested, pods scheduled with resources, on node with existing pod running ',
      nodes: nodes(),
      existing: [withReq('node2', { 'intel.com/foo': '2' })],
      pod: upPod('p', { containers: [{ 'intel.com/foo': '2' }] }),
      args,
      want: { node1: 2, node2: 10 },
    },
    {
      name: 'resources requested, pods scheduled with more resources',
      nodes: nodes(),
      pod: upPod('p', { containers: [{ 'intel.com/foo': '4' }] }),
      args,
      want: { node1: 5, node2: 10 },
    },
  ]);
});

describe('upstream TestResourceBinPackingMultipleExtended (requested_to_capacity_ratio_test.go)', () => {
  const args = strategy(
    'RequestedToCapacityRatio',
    [
      { name: 'intel.com/foo', weight: 3 },
      { name: 'intel.com/bar', weight: 5 },
    ],
    {
      requestedToCapacityRatio: {
        shape: [
          { utilization: 0, score: 0 },
          { utilization: 100, score: 1 },
        ],
      },
    },
  );
  const nodes = () => [
    milliNode('node1', 4000, 10000 * 1024 * 1024, { 'intel.com/foo': 8, 'intel.com/bar': 4 }),
    milliNode('node2', 4000, 10000 * 1024 * 1024, { 'intel.com/foo': 4, 'intel.com/bar': 8 }),
  ];
  const pod1 = () => upPod('p', { containers: [{ 'intel.com/foo': '2', 'intel.com/bar': '2' }] });
  run([
    {
      name: 'nothing scheduled, nothing requested',
      nodes: nodes(),
      pod: upPod('p'),
      args,
      want: { node1: 0, node2: 0 },
    },
    {
      name: 'resources requested, pods scheduled with less resources',
      nodes: nodes(),
      pod: pod1(),
      args,
      want: { node1: 4, node2: 3 },
    },
    {
      name: 'resources requested, pods scheduled with resources, on node with existing pod running ',
      nodes: nodes(),
      existing: [withReq('node2', { 'intel.com/foo': '4', 'intel.com/bar': '2' })],
      pod: pod1(),
      args,
      want: { node1: 4, node2: 7 },
    },
    {
      name: 'resources requested, pods scheduled with more resources',
      nodes: nodes(),
      pod: upPod('p', { containers: [{ 'intel.com/foo': '4', 'intel.com/bar': '2' }] }),
      args,
      want: { node1: 5, node2: 5 },
    },
  ]);
});

// testFitScore in pkg/scheduler/framework/plugins/noderesources/fit_test.go. The "if PreScore is not called"
// variants have the same inputs and scores as their PreScore twins (explain always runs PreScore); the DRA
// extended-resource cases are not replayed (DRA is not modelled).
describe('upstream TestFitScore (fit_test.go)', () => {
  const nodes = (cpu2: string) => [
    upNode('node1', { cpu: '4000', memory: '10000' }),
    upNode('node2', { cpu: cpu2, memory: '10000' }),
  ];
  const existing = () => [
    withReq('node1', { cpu: '2000', memory: '4000' }),
    withReq('node2', { cpu: '1000', memory: '2000' }),
  ];
  const withSidecar = () => [
    upPod('e', {
      nodeName: 'node1',
      containers: [{ cpu: '1000', memory: '2000' }],
      sidecars: [{ cpu: '1000', memory: '2000' }],
    }),
    withReq('node2', { cpu: '1000', memory: '2000' }),
  ];
  const shape = (a: number, b: number) => ({
    requestedToCapacityRatio: {
      shape: [
        { utilization: 0, score: a },
        { utilization: 100, score: b },
      ],
    },
  });
  const small = () => upPod('p', { containers: [{ cpu: '1000', memory: '2000' }] });
  const big = () => upPod('p', { containers: [{ cpu: '3000', memory: '5000' }] });
  run([
    {
      name: 'test case for ScoringStrategy RequestedToCapacityRatio case1',
      nodes: nodes('6000'),
      existing: existing(),
      pod: big(),
      args: strategy('RequestedToCapacityRatio', defaultResources, shape(10, 0)),
      want: { node1: 10, node2: 32 },
    },
    {
      name: 'test case for ScoringStrategy RequestedToCapacityRatio case2',
      nodes: nodes('6000'),
      existing: existing(),
      pod: big(),
      args: strategy('RequestedToCapacityRatio', defaultResources, shape(0, 10)),
      want: { node1: 95, node2: 68 },
    },
    {
      name: 'test case for ScoringStrategy MostAllocated',
      nodes: nodes('6000'),
      existing: existing(),
      pod: small(),
      args: strategy('MostAllocated', defaultResources),
      want: { node1: 67, node2: 36 },
    },
    {
      name: 'test case for ScoringStrategy LeastAllocated',
      nodes: nodes('6000'),
      existing: existing(),
      pod: small(),
      args: strategy('LeastAllocated', defaultResources),
      want: { node1: 32, node2: 63 },
    },
    {
      name: 'test case for ScoringStrategy MostAllocated with sidecar container',
      nodes: nodes('4000'),
      existing: withSidecar(),
      pod: small(),
      args: strategy('MostAllocated', defaultResources),
      want: { node1: 67, node2: 45 },
    },
    {
      name: 'test case for ScoringStrategy LeastAllocated with sidecar container',
      nodes: nodes('4000'),
      existing: withSidecar(),
      pod: small(),
      args: strategy('LeastAllocated', defaultResources),
      want: { node1: 32, node2: 55 },
    },
  ]);
});

// TestResourceAllocationScorerCalculateRequests in
// pkg/scheduler/framework/plugins/noderesources/resource_allocation_test.go: the non-zero request the
// Least/Most/RTCR scorers use for a pod (missing cpu -> 100m, missing memory -> 200Mi per container, init
// containers by their max, plus overhead). Checked on the pod kubesim explain builds from the manifest.
describe('upstream TestResourceAllocationScorerCalculateRequests (resource_allocation_test.go)', () => {
  const oneMi = 1048576;
  const defCpu = 100;
  const defMem = 200 * oneMi;
  const overhead = { cpu: '1', memory: '1Mi' };
  const cases: Array<[string, UpPodOpts, number, number]> = [
    ['overhead only', { overhead }, 1000, oneMi],
    ['1x requestless container', { containers: [null] }, defCpu, defMem],
    ['2x requestless container', { containers: [null, null] }, 2 * defCpu, 2 * defMem],
    [
      'request container + requestless container',
      { containers: [{ cpu: '1', memory: '1Mi' }, null] },
      1000 + defCpu,
      oneMi + defMem,
    ],
    [
      'container + requestless container + overhead',
      { overhead, containers: [{ cpu: '1', memory: '1Mi' }, null] },
      2000 + defCpu,
      2 * oneMi + defMem,
    ],
    [
      'init container + container + requestless container + overhead',
      { overhead, initContainers: [{ cpu: '3' }], containers: [{ cpu: '1', memory: '1Mi' }, null] },
      4000,
      2 * oneMi + defMem,
    ],
    [
      'requestless init container + small init container + small container ',
      { initContainers: [null, { cpu: '1m', memory: '1' }], containers: [{ cpu: '3m', memory: '3' }] },
      defCpu,
      defMem,
    ],
    [
      'requestless init container + small init container + small container + requestless container ',
      { initContainers: [null, { cpu: '1m', memory: '1' }], containers: [{ cpu: '3m', memory: '3' }, null] },
      3 + defCpu,
      3 + defMem,
    ],
  ];
  const sim = world({ nodes: [upNode('node1', { cpu: '4', memory: '8Gi' })] });
  it.each(cases)('%s', (_name, opts, cpu, memory) => {
    const p = buildExplainPod(sim, podManifestSchema.parse(upPod('p', opts)));
    expect(p.nonZeroRequests).toEqual({ milliCPU: cpu, memory });
  });
});

// TestBrokenLinearFunction in requested_to_capacity_ratio_test.go (helper.BuildBrokenLinearFunction).
describe('upstream TestBrokenLinearFunction (requested_to_capacity_ratio_test.go)', () => {
  const pts = (...p: Array<[number, number]>) => p.map(([utilization, score]) => ({ utilization, score }));
  const cases: Array<[string, ReturnType<typeof pts>, Array<[number, number]>]> = [
    [
      'case_0',
      pts([10, 1], [90, 9]),
      [
        [-10, 1],
        [0, 1],
        [9, 1],
        [10, 1],
        [15, 1],
        [19, 1],
        [20, 2],
        [89, 8],
        [90, 9],
        [99, 9],
        [100, 9],
        [110, 9],
      ],
    ],
    [
      'case_1',
      pts([0, 2], [40, 10], [100, 0]),
      [
        [-10, 2],
        [0, 2],
        [20, 6],
        [30, 8],
        [40, 10],
        [70, 5],
        [100, 0],
        [110, 0],
      ],
    ],
    [
      'case_2',
      pts([0, 2], [40, 2], [100, 2]),
      [
        [-10, 2],
        [0, 2],
        [20, 2],
        [30, 2],
        [40, 2],
        [70, 2],
        [100, 2],
        [110, 2],
      ],
    ],
  ];
  it.each(cases)('%s', (_name, shape, assertions) => {
    for (const [p, want] of assertions) expect([p, brokenLinear(shape, p)]).toEqual([p, want]);
  });
});
