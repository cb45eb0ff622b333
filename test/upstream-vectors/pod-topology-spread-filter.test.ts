// Upstream kube-scheduler unit-test vectors for PodTopologySpread PreFilter + Filter, replayed through kubesim
// explain with only PodTopologySpread enabled. Inputs and expected status codes come from
//   pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go (TestSingleConstraint)
// in kubernetes/kubernetes (the test compares codes; the reasons are checked against ErrReasonConstraintsNotMatch
// and ErrReasonNodeLabelNotMatch). Upstream's test runs PodTopologySpread alone, so nodes the pod's node
// affinity excludes still pass its Filter; the same holds here (NodeAffinity is not enabled).
// Not replayed: "terminating Pods should be excluded" (a scenario cannot hold an already-terminating pod at t=0).
import { describe, expect, it } from 'vitest';
import { filterStatuses, fpod, lnode } from './filter-vectors.js';

const S = 'Success';
const U = 'Unschedulable';
const UU = 'UnschedulableAndUnresolvable';
const reasonOf: Record<string, string> = {
  [U]: "node(s) didn't match pod topology spread constraints",
  [UU]: "node(s) didn't match pod topology spread constraints (missing required label)",
};

const four = () => [
  lnode('node-a', { zone: 'zone1', node: 'node-a' }),
  lnode('node-b', { zone: 'zone1', node: 'node-b' }),
  lnode('node-x', { zone: 'zone2', node: 'node-x' }),
  lnode('node-y', { zone: 'zone2', node: 'node-y' }),
];
const spread = (maxSkew: number, topologyKey: string, existsKey = 'foo') => ({
  maxSkew,
  topologyKey,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchExpressions: [{ key: existsKey, operator: 'Exists' }] },
});
const foo = (name: string, node: string, namespace?: string) =>
  fpod(name, {}, { foo: '' }, { nodeName: node, ...(namespace ? { namespace } : {}) });
/** 2/1/0/3 over node-a/b/x/y. */
const twoOneZeroThree = () => [
  foo('p-a1', 'node-a'),
  foo('p-a2', 'node-a'),
  foo('p-b1', 'node-b'),
  foo('p-y1', 'node-y'),
  foo('p-y2', 'node-y'),
  foo('p-y3', 'node-y'),
];

interface Case {
  name: string;
  pod: Record<string, unknown>;
  nodes: object[];
  existing?: object[];
  want: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'no existing pods',
    pod: fpod('p', { topologySpreadConstraints: [spread(1, 'zone')] }, { foo: '' }),
    nodes: four(),
    want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
  },
  {
    name: 'existing pods in a different namespace do not count',
    pod: fpod('p', { topologySpreadConstraints: [spread(1, 'zone')] }, { foo: '' }),
    nodes: four(),
    existing: [
      foo('p-a1', 'node-a', 'ns1'),
      foo('p-b1', 'node-a', 'ns2'),
      foo('p-x1', 'node-x'),
      foo('p-y1', 'node-y'),
    ],
    want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
  },
  {
    name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
    pod: fpod('p', { topologySpreadConstraints: [spread(1, 'zone')] }, { foo: '' }),
    nodes: [
      lnode('node-a', { zone: 'zone1', node: 'node-a' }),
      lnode('node-b', { zon: 'zone1', node: 'node-b' }),
      lnode('node-x', { zone: 'zone2', node: 'node-x' }),
      lnode('node-y', { zone: 'zone2', node: 'node-y' }),
    ],
    existing: [foo('p-a1', 'node-a'), foo('p-b1', 'node-b'), foo('p-x1', 'node-x'), foo('p-y1', 'node-y')],
    want: { 'node-a': S, 'node-b': UU, 'node-x': U, 'node-y': U },
  },
  {
    name: "pod cannot be scheduled as all nodes don't have label 'rack'",
    pod: fpod('p', { topologySpreadConstraints: [spread(1, 'rack')] }, { foo: '' }),
    nodes: [
      lnode('node-a', { zone: 'zone1', node: 'node-a' }),
      lnode('node-x', { zone: 'zone2', node: 'node-x' }),
    ],
    want: { 'node-a': UU, 'node-x': UU },
  },
  {
    name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
    pod: fpod('p', { topologySpreadConstraints: [spread(1, 'node')] }, { foo: '' }),
    nodes: four(),
    existing: twoOneZeroThree(),
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
  {
    name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
    pod: fpod('p', { topologySpreadConstraints: [spread(2, 'node')] }, { foo: '' }),
    nodes: four(),
    existing: twoOneZeroThree(),
    want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
  },
  {
    name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
    pod: fpod('p', { topologySpreadConstraints: [spread(1, 'node')] }, { bar: '' }),
    nodes: four(),
    existing: twoOneZeroThree(),
    want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
  },
  {
    name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
    pod: fpod(
      'p',
      {
        topologySpreadConstraints: [spread(1, 'node')],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'node', operator: 'In', values: ['node-a', 'node-y'] }] },
              ],
            },
          },
        },
      },
      { foo: '' },
    ),
    nodes: four(),
    existing: twoOneZeroThree(),
    want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': U },
  },
];

describe('upstream TestSingleConstraint (podtopologyspread/filtering_test.go)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = filterStatuses({
      plugin: 'PodTopologySpread',
      nodes: c.nodes,
      existing: c.existing ?? [],
      pod: c.pod,
    });
    const codes: Record<string, string> = {};
    for (const [n, w] of Object.entries(got)) {
      codes[n] = w === null ? S : w.code;
      if (w !== null) expect(w.reasons).toEqual([reasonOf[w.code]]);
    }
    expect(codes).toEqual(c.want);
  });
});
