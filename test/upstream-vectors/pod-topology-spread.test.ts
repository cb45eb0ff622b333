// Upstream vectors: kubernetes/kubernetes pkg/scheduler/framework/plugins/podtopologyspread/
// scoring_test.go, TestPodTopologySpreadScore (normalized scores over the candidate nodes; facts only,
// case names verbatim; fooSelector = Exists foo, barSelector = Exists bar, taints = the
// node.kubernetes.io/unschedulable:NoSchedule taint of filtering_test.go). Upstream "failedNodes" hold
// pods but are not candidates: cordoned here (see placement-vectors.ts). The tainted node of the NodeTaintsPolicy
// cases is cordoned too so that the node lifecycle controller keeps its unschedulable taint; it is still
// scored (explain --all-nodes).
import { describe, expect, it } from 'vitest';
import { explain, node, onlyScore, pluginScores, pod, world } from '../../src/scheduler/testing/fixtures.js';
import { normalizedScores, type VNode, type VPod } from './placement-vectors.js';

const plugin = 'PodTopologySpread';
const H = 'kubernetes.io/hostname';
const foo = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };
const bar = { matchExpressions: [{ key: 'bar', operator: 'Exists' }] };
const soft = (maxSkew: number, topologyKey: string, labelSelector?: object, extra: object = {}) => ({
  maxSkew,
  topologyKey,
  whenUnsatisfiable: 'ScheduleAnyway',
  ...(labelSelector ? { labelSelector } : {}),
  ...extra,
});
const host = (name: string, extra: Record<string, string> = {}, failed = false): VNode => ({
  name,
  labels: { [H]: name, ...extra },
  ...(failed ? { failed } : {}),
});
const zoned = (name: string, zone: string, failed = false) => host(name, { zone }, failed);
/** n pods labelled `labels` on `node`. */
const on = (
  node: string,
  n: number,
  labels: Record<string, string> = { foo: '' },
  namespace?: string,
): VPod[] => Array.from({ length: n }, () => ({ node, labels, ...(namespace ? { namespace } : {}) }));
const unschedulableTaint = [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }];

interface Case {
  name: string;
  labels?: Record<string, string>;
  constraints: object[];
  podSpec?: object;
  nodes: VNode[];
  pods?: VPod[];
  want: Record<string, number>;
}

const abcd = ['node-a', 'node-b', 'node-c', 'node-d'].map((n) => host(n));
const nodeKey = (name: string, extra: Record<string, string> = {}): VNode => ({
  name,
  labels: { node: name, ...extra },
});

const cases: Case[] = [
  {
    name: 'one constraint on node, no existing pods',
    constraints: [soft(1, H, foo)],
    nodes: [host('node-a'), host('node-b')],
    want: { 'node-a': 100, 'node-b': 100 },
  },
  {
    name: 'one constraint on node, only one node is candidate',
    constraints: [soft(1, H, foo)],
    nodes: [host('node-a'), host('node-b', {}, true)],
    pods: [...on('node-a', 2), ...on('node-b', 1)],
    want: { 'node-a': 100 },
  },
  {
    name: 'one constraint on node, all nodes have the same number of matching pods',
    constraints: [soft(1, H, foo)],
    nodes: [host('node-a'), host('node-b')],
    pods: [...on('node-a', 1), ...on('node-b', 1)],
    want: { 'node-a': 100, 'node-b': 100 },
  },
  {
    name: 'one constraint on node, all 4 nodes are candidates',
    constraints: [soft(1, H, foo)],
    nodes: abcd,
    pods: [...on('node-a', 2), ...on('node-b', 1), ...on('node-d', 3)],
    want: { 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 },
  },
  {
    name: 'one constraint on node, null selector',
    constraints: [soft(1, H)],
    nodes: abcd,
    pods: [...on('node-a', 2), ...on('node-b', 1), ...on('node-d', 3)],
    want: { 'node-a': 100, 'node-b': 100, 'node-c': 100, 'node-d': 100 },
  },
  {
    name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2',
    constraints: [soft(2, H, foo)],
    nodes: abcd,
    pods: [...on('node-a', 2), ...on('node-b', 1), ...on('node-d', 3)],
    want: { 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 },
  },
  {
    name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3',
    constraints: [soft(3, H, foo)],
    nodes: abcd,
    pods: [...on('node-a', 4), ...on('node-b', 3), ...on('node-c', 2), ...on('node-d', 1)],
    want: { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 },
  },
  {
    name: 'one constraint on node, 3 out of 4 nodes are candidates',
    constraints: [soft(1, H, foo)],
    nodes: [host('node-a'), host('node-b'), host('node-x'), host('node-y', {}, true)],
    pods: [...on('node-a', 4), ...on('node-b', 2), ...on('node-x', 1), ...on('node-y', 3)],
    want: { 'node-a': 33, 'node-b': 83, 'node-x': 100 },
  },
  {
    name: 'one constraint on zone, 3 out of 4 nodes are candidates',
    constraints: [soft(1, 'zone', foo)],
    nodes: [
      zoned('node-a', 'zone1'),
      zoned('node-b', 'zone1'),
      zoned('node-x', 'zone2'),
      zoned('node-y', 'zone2', true),
    ],
    pods: [...on('node-a', 4), ...on('node-b', 2), ...on('node-x', 1), ...on('node-y', 3)],
    want: { 'node-a': 75, 'node-b': 75, 'node-x': 100 },
  },
  {
    name: 'two Constraints on zone and node, 2 out of 4 nodes are candidates',
    constraints: [soft(1, 'zone', foo), soft(1, H, foo)],
    nodes: [
      zoned('node-a', 'zone1'),
      zoned('node-x', 'zone2'),
      zoned('node-b', 'zone1', true),
      zoned('node-y', 'zone2', true),
    ],
    pods: [...on('node-a', 2), ...on('node-b', 1), ...on('node-x', 2), ...on('node-y', 4)],
    want: { 'node-a': 100, 'node-x': 63 },
  },
  {
    name: 'two Constraints on zone, 2 out of 4 nodes are candidates',
    labels: { foo: '', bar: '' },
    constraints: [soft(1, 'zone', foo), soft(1, 'zone', bar)],
    nodes: [
      zoned('node-a', 'zone1'),
      zoned('node-x', 'zone2'),
      zoned('node-b', 'zone1', true),
      zoned('node-y', 'zone2', true),
    ],
    pods: [
      ...on('node-a', 1, { foo: '', bar: '' }),
      ...on('node-a', 1, { foo: '' }),
      ...on('node-b', 1, { foo: '', bar: '' }),
      ...on('node-y', 1, { foo: '' }),
      ...on('node-y', 1, { foo: '', bar: '' }),
      ...on('node-y', 1, { foo: '' }),
    ],
    want: { 'node-a': 85, 'node-x': 100 },
  },
  {
    name: 'two Constraints on zone and node, with different labelSelectors',
    labels: { foo: '', bar: '' },
    constraints: [soft(1, 'zone', foo), soft(1, H, bar)],
    nodes: [
      zoned('node-a', 'zone1'),
      zoned('node-b', 'zone1'),
      zoned('node-x', 'zone2'),
      zoned('node-y', 'zone2'),
    ],
    pods: [
      ...on('node-a', 1, { foo: '' }),
      ...on('node-b', 1, { foo: '', bar: '' }),
      ...on('node-y', 1, { foo: '' }),
      ...on('node-y', 1, { bar: '' }),
    ],
    want: { 'node-a': 60, 'node-b': 20, 'node-x': 100, 'node-y': 60 },
  },
  {
    name: 'two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods',
    labels: { foo: '', bar: '' },
    constraints: [soft(1, 'zone', foo), soft(1, H, bar)],
    nodes: [
      zoned('node-a', 'zone1'),
      zoned('node-b', 'zone1'),
      zoned('node-x', 'zone2'),
      zoned('node-y', 'zone2'),
    ],
    pods: [
      ...on('node-b', 1, { bar: '' }),
      ...on('node-x', 1, { foo: '' }),
      ...on('node-y', 1, { foo: '', bar: '' }),
    ],
    want: { 'node-a': 100, 'node-b': 60, 'node-x': 40, 'node-y': 0 },
  },
  {
    name: 'two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates',
    labels: { foo: '', bar: '' },
    constraints: [soft(1, 'zone', foo), soft(1, H, bar)],
    nodes: [
      zoned('node-a', 'zone1'),
      zoned('node-b', 'zone1'),
      zoned('node-x', 'zone2'),
      zoned('node-y', 'zone2', true),
    ],
    pods: [
      ...on('node-a', 1, { foo: '' }),
      ...on('node-b', 1, { foo: '', bar: '' }),
      ...on('node-y', 1, { foo: '' }),
      ...on('node-y', 1, { bar: '' }),
    ],
    want: { 'node-a': 50, 'node-b': 25, 'node-x': 100 },
  },
  {
    name: 'existing pods in a different namespace do not count',
    constraints: [soft(1, H, foo)],
    nodes: [host('node-a'), host('node-b')],
    pods: [...on('node-a', 1, { foo: '' }, 'ns1'), ...on('node-a', 1), ...on('node-b', 2)],
    want: { 'node-a': 100, 'node-b': 33 },
  },
  {
    name: 'minDomains has no effect when ScheduleAnyway',
    constraints: [soft(2, 'node', foo, { minDomains: 10 })],
    nodes: [nodeKey('node-a'), nodeKey('node-b'), nodeKey('node-c')],
    pods: [...on('node-a', 2), ...on('node-b', 2), ...on('node-c', 1)],
    want: { 'node-a': 75, 'node-b': 75, 'node-c': 100 },
  },
  ...(['labelSelectors', 'nodeAffinity'] as const).flatMap((how): Case[] => {
    const podSpec =
      how === 'labelSelectors'
        ? { nodeSelector: { foo: '' } }
        : {
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'In', values: [''] }] }],
                },
              },
            },
          };
    const nodes = [nodeKey('node-a', { foo: '' }), nodeKey('node-b', { foo: '' }), nodeKey('node-c')];
    const pods = [...on('node-a', 2), ...on('node-b', 1), ...on('node-c', 1)];
    return [
      {
        name: `NodeAffinityPolicy honoed with ${how}`,
        constraints: [soft(1, 'node', foo)],
        podSpec,
        nodes,
        pods,
        want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
      },
      {
        name: `NodeAffinityPolicy ignored with ${how}`,
        constraints: [soft(1, 'node', foo, { nodeAffinityPolicy: 'Ignore' })],
        podSpec,
        nodes,
        pods,
        want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
      },
    ];
  }),
  {
    name: 'NodeTaintsPolicy honored',
    constraints: [soft(1, 'node', foo, { nodeTaintsPolicy: 'Honor' })],
    nodes: [
      nodeKey('node-a'),
      nodeKey('node-b'),
      { ...nodeKey('node-c'), taints: unschedulableTaint, unschedulable: true },
    ],
    pods: [...on('node-a', 2), ...on('node-b', 1), ...on('node-c', 1)],
    want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
  },
  {
    name: 'NodeTaintsPolicy ignored',
    constraints: [soft(1, 'node', foo)],
    nodes: [
      nodeKey('node-a'),
      nodeKey('node-b'),
      { ...nodeKey('node-c'), taints: unschedulableTaint, unschedulable: true },
    ],
    pods: [...on('node-a', 2), ...on('node-b', 1), ...on('node-c', 1)],
    want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
  },
  {
    name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
    labels: { foo: '', bar: '' },
    constraints: [
      soft(1, 'zone', {}, { matchLabelKeys: ['foo'] }),
      soft(1, H, {}, { matchLabelKeys: ['bar'] }),
    ],
    nodes: [
      zoned('node-a', 'zone1'),
      zoned('node-b', 'zone1'),
      zoned('node-c', 'zone2'),
      zoned('node-d', 'zone2'),
    ],
    pods: [
      ...on('node-a', 1, { foo: '' }),
      ...on('node-b', 1, { foo: '', bar: '' }),
      ...on('node-c', 1, { foo: '' }),
      ...on('node-c', 1, { bar: '' }),
    ],
    want: { 'node-a': 60, 'node-b': 20, 'node-c': 60, 'node-d': 100 },
  },
  {
    name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
    labels: { foo: '', bar: '', baz: '' },
    constraints: [soft(1, 'zone', foo), soft(1, H, bar, { matchLabelKeys: ['baz'] })],
    nodes: [
      zoned('node-a', 'zone1'),
      zoned('node-b', 'zone1'),
      zoned('node-c', 'zone2'),
      zoned('node-d', 'zone2'),
    ],
    pods: [
      ...on('node-a', 1, { foo: '' }),
      ...on('node-b', 1, { foo: '', bar: '', baz: '' }),
      ...on('node-c', 1, { foo: '' }),
      ...on('node-c', 1, { bar: '' }),
      ...on('node-c', 1, { bar: '', baz: '' }),
    ],
    want: { 'node-a': 60, 'node-b': 20, 'node-c': 60, 'node-d': 100 },
  },
];

// "system defaulting, nodes don't have zone, pods match service": the pods are selected by a Service
// upstream; kubesim models the default selector by controller owner, so here they and the incoming pod
// belong to one ReplicaSet whose replicas (10) are exactly the existing pods.
const rs1 = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'rs1', namespace: 'default' },
  spec: {
    replicas: 10,
    selector: { matchLabels: { foo: '' } },
    template: { metadata: { labels: { foo: '' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
  },
};
const ownedByRs1 = {
  ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', controller: true }],
};

describe('upstream TestPodTopologySpreadScore (system defaults)', () => {
  it("system defaulting, nodes don't have zone, pods match service", () => {
    const r = replayOwned();
    expect(r).toEqual({ 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 });
  });
});

function replayOwned(): Record<string, number> {
  const sim = world({
    nodes: ['node-a', 'node-b', 'node-c', 'node-d'].map((n) =>
      node(n, { cpu: '10', memory: '10Gi', pods: 110 }),
    ),
    pods: [
      rs1,
      ...[
        ['node-a', 4],
        ['node-b', 3],
        ['node-c', 2],
        ['node-d', 1],
      ].flatMap(([nodeName, count]) =>
        Array.from({ length: count as number }, (_, i) => {
          const m = pod(`${nodeName}-${i}`, { nodeName: nodeName as string, labels: { foo: '' } });
          (m.metadata as Record<string, unknown>).ownerReferences = ownedByRs1.ownerReferences;
          return m;
        }),
      ),
    ],
    scheduler: onlyScore(plugin),
  });
  const incoming = pod('p', { labels: { foo: '' } });
  (incoming.metadata as Record<string, unknown>).ownerReferences = ownedByRs1.ownerReferences;
  const out: Record<string, number> = {};
  for (const [n, [, norm]] of Object.entries(
    pluginScores(explain(sim, incoming, { allNodes: true }), plugin),
  ))
    out[n] = norm;
  return out;
}

describe('upstream TestPodTopologySpreadScore', () => {
  it.each(cases)('$name', ({ labels, constraints, podSpec, nodes, pods, want }) => {
    const pod = {
      labels: labels ?? { foo: '' },
      spec: { topologySpreadConstraints: constraints, ...(podSpec ?? {}) },
    };
    expect(normalizedScores({ plugin, nodes, pods: pods ?? [], pod })).toEqual(want);
  });
});
