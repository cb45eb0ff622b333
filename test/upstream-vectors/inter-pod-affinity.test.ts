// Upstream vectors: kubernetes/kubernetes pkg/scheduler/framework/plugins/interpodaffinity/
// scoring_test.go, TestPreferredAffinity and TestPreferredAffinityWithHardPodAffinitySymmetricWeight
// (normalized scores; facts only, case names verbatim). Upstream objects without a namespace are in the
// default namespace here; the test's namespaces carry labels team=team1 / team=team2 (Namespace objects).
// PreScore Skip cases expect 0 everywhere. The invalid-label-value cases are not replayed: such a
// selector is rejected when the scenario loads.
import { describe, expect, it } from 'vitest';
import { normalizedScores, type VNode, type VPod } from './placement-vectors.js';

const plugin = 'InterPodAffinity';
const rgChina = { region: 'China' };
const rgIndia = { region: 'India' };
const az1 = { az: 'az1' };
const az2 = { az: 'az2' };
const rgChinaAz1 = { region: 'China', az: 'az1' };
const S1 = { security: 'S1' };
const S2 = { security: 'S2' };
const sec = (op: string, ...values: string[]) => ({
  key: 'security',
  operator: op,
  ...(values.length ? { values } : {}),
});
const term = (topologyKey: string, exprs: object[], extra: object = {}) => ({
  labelSelector: { matchExpressions: exprs },
  topologyKey,
  ...extra,
});
const weighted = (weight: number, podAffinityTerm: object) => ({ weight, podAffinityTerm });
const preferred = (...w: object[]) => ({ preferredDuringSchedulingIgnoredDuringExecution: w });

const stayWithS1InRegion = { podAffinity: preferred(weighted(5, term('region', [sec('In', 'S1')]))) };
const stayWithS2InRegion = { podAffinity: preferred(weighted(6, term('region', [sec('In', 'S2')]))) };
const affinity3 = {
  podAffinity: preferred(
    weighted(8, term('region', [sec('NotIn', 'S1'), sec('In', 'S2')])),
    weighted(2, term('region', [sec('Exists'), { key: 'wrongkey', operator: 'DoesNotExist' }])),
  ),
};
const hardAffinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      term('region', [sec('In', 'S1', 'value2')]),
      term('region', [sec('Exists'), { key: 'wrongkey', operator: 'DoesNotExist' }]),
    ],
  },
};
const awayFromS1InAz = { podAntiAffinity: preferred(weighted(5, term('az', [sec('In', 'S1')]))) };
const awayFromS2InAz = { podAntiAffinity: preferred(weighted(5, term('az', [sec('In', 'S2')]))) };
const stayWithS1InRegionAwayFromS2InAz = {
  podAffinity: preferred(weighted(8, term('region', [sec('In', 'S1')]))),
  podAntiAffinity: preferred(weighted(5, term('az', [sec('In', 'S2')]))),
};
const nsTerm = term('region', [sec('In', 'S1')], {
  namespaces: ['subteam2.team2'],
  namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
});
const affinityNamespaceSelector = { podAffinity: preferred(weighted(5, nsTerm)) };
const antiAffinityNamespaceSelector = { podAntiAffinity: preferred(weighted(5, nsTerm)) };

/** The upstream test's namespaces and their labels. */
const namespaces = [
  ['subteam1.team1', 'team1'],
  ['subteam2.team1', 'team1'],
  ['subteam1.team2', 'team2'],
  ['subteam2.team2', 'team2'],
].map(([name, team]) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { team } } }));

interface Case {
  name: string;
  pod: VPod;
  pods?: VPod[];
  nodes: VNode[];
  args?: { hardPodAffinityWeight?: number; ignorePreferredTermsOfExistingPods?: boolean };
  want: Record<string, number>;
}
const n = (name: string, labels: Record<string, string>): VNode => ({ name, labels });
const p = (node: string, labels?: Record<string, string>, affinity?: object, namespace?: string): VPod => ({
  node,
  ...(labels ? { labels } : {}),
  ...(affinity ? { spec: { affinity } } : {}),
  ...(namespace ? { namespace } : {}),
});
const incoming = (labels?: Record<string, string>, affinity?: object, namespace?: string): VPod =>
  p('', labels, affinity, namespace);

const nsPods = (third: string) => [
  p('node1', S1, undefined, 'subteam1.team1'),
  p('node1', S1, undefined, 'subteam1.team1'),
  p('node1', S1, undefined, third),
  p('node2', S1, undefined, 'subteam2.team1'),
];

const preferredCases: Case[] = [
  {
    name: 'all nodes are same priority as Affinity is nil',
    pod: incoming(S1),
    nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
    want: { node1: 0, node2: 0, node3: 0 },
  },
  {
    name:
      'Affinity: pod that matches topology key & pods in nodes will get high score comparing to others' +
      "which doesn't match either pods in nodes or in topology key",
    pod: incoming(S1, stayWithS1InRegion),
    pods: [p('node1', S1), p('node2', S2), p('node3', S1)],
    nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
    want: { node1: 100, node2: 0, node3: 0 },
  },
  {
    name: 'All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
    pod: incoming(undefined, stayWithS1InRegion),
    pods: [p('node1', S1)],
    nodes: [n('node1', rgChina), n('node2', rgChinaAz1), n('node3', rgIndia)],
    want: { node1: 100, node2: 100, node3: 0 },
  },
  {
    name: 'Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
    pod: incoming(S1, stayWithS2InRegion),
    pods: ['node1', 'node1', 'node2', 'node3', 'node4', 'node5'].map((x) => p(x, S2)),
    nodes: [
      n('node1', rgChina),
      n('node2', rgIndia),
      n('node3', rgChina),
      n('node4', rgChina),
      n('node5', rgIndia),
    ],
    want: { node1: 100, node2: 0, node3: 100, node4: 100, node5: 0 },
  },
  {
    name: 'Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ',
    pod: incoming(S1, affinity3),
    pods: [p('node1', S1), p('node2', S2), p('node3', S1)],
    nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
    want: { node1: 20, node2: 100, node3: 0 },
  },
  {
    name: 'Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
    pod: incoming(S2),
    pods: [p('node1', S1, stayWithS1InRegion), p('node2', S2, stayWithS2InRegion)],
    nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
    want: { node1: 0, node2: 100, node3: 0 },
  },
  {
    name: 'Affinity symmetry with namespace selector',
    pod: incoming(S1, undefined, 'subteam1.team1'),
    pods: [p('node1', S1, affinityNamespaceSelector), p('node2', S2, stayWithS2InRegion)],
    nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
    want: { node1: 100, node2: 0, node3: 0 },
  },
  {
    name: 'AntiAffinity symmetry with namespace selector',
    pod: incoming(S1, undefined, 'subteam1.team1'),
    pods: [p('node1', S1, antiAffinityNamespaceSelector), p('node2', S2, stayWithS2InRegion)],
    nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
    want: { node1: 0, node2: 100, node3: 100 },
  },
  {
    name: 'Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
    pod: incoming(S1),
    pods: [p('node1', S1, hardAffinity), p('node2', S2, hardAffinity)],
    nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
    want: { node1: 100, node2: 100, node3: 0 },
  },
  {
    name: 'Anti Affinity: pod that does not match existing pods in node will get high score ',
    pod: incoming(S1, awayFromS1InAz),
    pods: [p('node1', S1), p('node2', S2)],
    nodes: [n('node1', az1), n('node2', rgChina)],
    want: { node1: 0, node2: 100 },
  },
  {
    name: 'Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ',
    pod: incoming(S1, awayFromS1InAz),
    pods: [p('node1', S1), p('node2', S1)],
    nodes: [n('node1', az1), n('node2', rgChina)],
    want: { node1: 0, node2: 100 },
  },
  {
    name: 'Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
    pod: incoming(S1, awayFromS1InAz),
    pods: [p('node1', S1), p('node1', S1), p('node2', S2)],
    nodes: [n('node1', az1), n('node2', rgIndia)],
    want: { node1: 0, node2: 100 },
  },
  {
    name: 'Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
    pod: incoming(S2),
    pods: [p('node1', S1, awayFromS2InAz), p('node2', S2, awayFromS1InAz)],
    nodes: [n('node1', az1), n('node2', az2)],
    want: { node1: 0, node2: 100 },
  },
  {
    name: 'Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity',
    pod: incoming(S1, stayWithS1InRegionAwayFromS2InAz),
    pods: [p('node1', S1), p('node2', S1)],
    nodes: [n('node1', rgChina), n('node2', az1)],
    want: { node1: 100, node2: 0 },
  },
  {
    name: 'Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels',
    pod: incoming(S1, stayWithS1InRegionAwayFromS2InAz),
    pods: ['node1', 'node1', 'node2', 'node3', 'node3', 'node4', 'node5'].map((x) => p(x, S1)),
    nodes: [
      n('node1', rgChinaAz1),
      n('node2', rgIndia),
      n('node3', rgChina),
      n('node4', rgChina),
      n('node5', rgIndia),
    ],
    want: { node1: 100, node2: 0, node3: 100, node4: 100, node5: 0 },
  },
  {
    name: 'Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry',
    pod: incoming(S1, stayWithS1InRegionAwayFromS2InAz),
    pods: [
      p('node1', S1),
      p('node2', S2),
      p('node3', undefined, stayWithS1InRegionAwayFromS2InAz),
      p('node4', undefined, awayFromS1InAz),
    ],
    nodes: [n('node1', rgChina), n('node2', az1), n('node3', rgIndia), n('node4', az2)],
    want: { node1: 100, node2: 0, node3: 100, node4: 0 },
  },
  {
    name: "Avoid panic when partial nodes in a topology don't have pods with affinity",
    pod: incoming(S1),
    pods: [p('node1', S1), p('node2', undefined, stayWithS1InRegionAwayFromS2InAz)],
    nodes: [n('node1', rgChina), n('node2', rgChina)],
    want: { node1: 0, node2: 0 },
  },
  {
    name: 'Affinity with pods matching NamespaceSelector',
    pod: incoming(S1, affinityNamespaceSelector, 'subteam1.team1'),
    pods: nsPods('subteam1.team2'),
    nodes: [n('node1', rgChina), n('node2', rgIndia)],
    want: { node1: 100, node2: 0 },
  },
  {
    name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields',
    pod: incoming(S1, affinityNamespaceSelector, 'subteam1.team1'),
    pods: nsPods('subteam2.team2'),
    nodes: [n('node1', rgChina), n('node2', rgIndia)],
    want: { node1: 100, node2: 0 },
  },
  {
    name: 'Affinity with pods matching NamespaceSelector (anti-affinity)',
    pod: incoming(S1, antiAffinityNamespaceSelector, 'subteam1.team1'),
    pods: nsPods('subteam1.team2'),
    nodes: [n('node1', rgChina), n('node2', rgIndia)],
    want: { node1: 0, node2: 100 },
  },
  {
    name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields (anti-affinity)',
    pod: incoming(S1, antiAffinityNamespaceSelector, 'subteam1.team1'),
    pods: nsPods('subteam2.team2'),
    nodes: [n('node1', rgChina), n('node2', rgIndia)],
    want: { node1: 0, node2: 100 },
  },
  {
    name: 'Ignore preferred terms of existing pods',
    pod: incoming(S2),
    pods: [p('node1', S1, stayWithS1InRegionAwayFromS2InAz), p('node2', S2, stayWithS2InRegion)],
    nodes: [n('node1', rgChina), n('node2', rgIndia)],
    args: { ignorePreferredTermsOfExistingPods: true },
    want: { node1: 0, node2: 0 },
  },
  {
    name: 'Do not ignore preferred terms of existing pods',
    pod: incoming(S2),
    pods: [p('node1', S1, stayWithS1InRegionAwayFromS2InAz), p('node2', S2, stayWithS2InRegion)],
    nodes: [n('node1', rgChina), n('node2', rgIndia)],
    args: { ignorePreferredTermsOfExistingPods: false },
    want: { node1: 0, node2: 100 },
  },
];

const serviceS1 = { service: 'S1' };
const hardPodAffinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchExpressions: [{ key: 'service', operator: 'In', values: ['S1'] }] },
        namespaces: ['default', 'subteam2.team2'],
        namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
        topologyKey: 'region',
      },
    ],
  },
};
const symmetricNodes = [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)];
const symmetricPods = [p('node1', undefined, hardPodAffinity), p('node2', undefined, hardPodAffinity)];
const hardCases: Case[] = [
  { name: 'with default weight', pod: incoming(serviceS1), want: { node1: 100, node2: 100, node3: 0 } },
  {
    name: 'with zero weight',
    pod: incoming(serviceS1),
    args: { hardPodAffinityWeight: 0 },
    want: { node1: 0, node2: 0, node3: 0 },
  },
  {
    name: 'with no matching namespace',
    pod: incoming(serviceS1, undefined, 'subteam1.team2'),
    want: { node1: 0, node2: 0, node3: 0 },
  },
  {
    name: 'with matching NamespaceSelector',
    pod: incoming(serviceS1, undefined, 'subteam1.team1'),
    want: { node1: 100, node2: 100, node3: 0 },
  },
  {
    name: 'with matching Namespaces',
    pod: incoming(serviceS1, undefined, 'subteam2.team2'),
    want: { node1: 100, node2: 100, node3: 0 },
  },
].map((c) => ({ ...c, pods: symmetricPods, nodes: symmetricNodes }));

function run(c: Case) {
  const { node: _ignored, ...pod } = c.pod;
  return normalizedScores({
    plugin,
    nodes: c.nodes,
    pods: c.pods ?? [],
    pod,
    objects: namespaces,
    args: { hardPodAffinityWeight: 1, ...(c.args ?? {}) },
  });
}

describe('upstream TestPreferredAffinity', () => {
  it.each(preferredCases)('$name', (c) => {
    expect(run(c)).toEqual(c.want);
  });
});

describe('upstream TestPreferredAffinityWithHardPodAffinitySymmetricWeight', () => {
  it.each(hardCases)('$name', (c) => {
    expect(run(c)).toEqual(c.want);
  });
});
