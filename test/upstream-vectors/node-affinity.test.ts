// Upstream vectors: kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeaffinity/
// node_affinity_test.go, TestNodeAffinityPriority (normalized scores; facts only, case names verbatim).
// The "broken affinity" PreScore-error case is not replayed: an invalid label key is rejected when the
// scenario loads.
import { describe, expect, it } from 'vitest';
import { normalizedScores, type VNode } from './placement-vectors.js';

const plugin = 'NodeAffinity';
const label1 = { foo: 'bar' };
const label2 = { key: 'value' };
const label3 = { az: 'az1' };
const label4 = { abc: 'az11', def: 'az22' };
const label5 = { foo: 'bar', key: 'value', az: 'az1' };
const inTerm = (weight: number, ...kv: Array<[string, string]>) => ({
  weight,
  preference: { matchExpressions: kv.map(([key, v]) => ({ key, operator: 'In', values: [v] })) },
});
const affinity1 = {
  nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [inTerm(2, ['foo', 'bar'])] },
};
const affinity2 = {
  nodeAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      inTerm(2, ['foo', 'bar']),
      inTerm(4, ['key', 'value']),
      inTerm(5, ['foo', 'bar'], ['key', 'value'], ['az', 'az1']),
    ],
  },
};

const cases: Array<{
  name: string;
  affinity?: object;
  args?: object;
  nodes: VNode[];
  want: Record<string, number>;
}> = [
  {
    name: 'all nodes are same priority as NodeAffinity is nil',
    nodes: [
      { name: 'node1', labels: label1 },
      { name: 'node2', labels: label2 },
      { name: 'node3', labels: label3 },
    ],
    want: { node1: 0, node2: 0, node3: 0 },
  },
  {
    name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero",
    affinity: affinity1,
    nodes: [
      { name: 'node1', labels: label4 },
      { name: 'node2', labels: label2 },
      { name: 'node3', labels: label3 },
    ],
    want: { node1: 0, node2: 0, node3: 0 },
  },
  {
    name: 'only node1 matches the preferred scheduling requirements of pod',
    affinity: affinity1,
    nodes: [
      { name: 'node1', labels: label1 },
      { name: 'node2', labels: label2 },
      { name: 'node3', labels: label3 },
    ],
    want: { node1: 100, node2: 0, node3: 0 },
  },
  {
    name: 'all nodes matches the preferred scheduling requirements of pod but with different priorities ',
    affinity: affinity2,
    nodes: [
      { name: 'node1', labels: label1 },
      { name: 'node5', labels: label5 },
      { name: 'node2', labels: label2 },
    ],
    want: { node1: 18, node5: 100, node2: 36 },
  },
  {
    name: 'added affinity',
    args: { addedAffinity: affinity1.nodeAffinity },
    nodes: [
      { name: 'node1', labels: label1 },
      { name: 'node2', labels: label2 },
    ],
    want: { node1: 100, node2: 0 },
  },
  {
    name: 'added affinity and pod has default affinity',
    affinity: affinity1,
    args: {
      addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [inTerm(3, ['key', 'value'])] },
    },
    nodes: [
      { name: 'node1', labels: label1 },
      { name: 'node2', labels: label2 },
      { name: 'node3', labels: label5 },
    ],
    want: { node1: 40, node2: 60, node3: 100 },
  },
];

describe('upstream TestNodeAffinityPriority', () => {
  it.each(cases)('$name', ({ affinity, args, nodes, want }) => {
    const pod = { spec: affinity ? { affinity } : {} };
    expect(normalizedScores({ plugin, nodes, pod, ...(args ? { args } : {}) })).toEqual(want);
  });
});
