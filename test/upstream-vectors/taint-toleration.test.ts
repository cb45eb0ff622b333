// Upstream vectors: kubernetes/kubernetes pkg/scheduler/framework/plugins/tainttoleration/
// taint_toleration_test.go, TestTaintTolerationScore (normalized scores; facts only, cases renamed
// verbatim). The Gt/Lt cases need the alpha TaintTolerationComparisonOperators gate and are not replayed.
import { describe, expect, it } from 'vitest';
import { normalizedScores, type VNode } from './placement-vectors.js';

const plugin = 'TaintToleration';
type Tol = { key?: string; operator?: string; value?: string; effect?: string };
const pns = (key: string, value: string) => ({ key, value, effect: 'PreferNoSchedule' });
const ns = (key: string, value: string) => ({ key, value, effect: 'NoSchedule' });

const cases: Array<{ name: string; tolerations: Tol[]; nodes: VNode[]; want: Record<string, number> }> = [
  {
    name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
    tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
    nodes: [
      { name: 'nodeA', taints: [pns('foo', 'bar')] },
      { name: 'nodeB', taints: [pns('foo', 'blah')] },
    ],
    want: { nodeA: 100, nodeB: 0 },
  },
  {
    name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
    tolerations: [
      { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' },
      { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' },
    ],
    nodes: [
      { name: 'nodeA' },
      { name: 'nodeB', taints: [pns('cpu-type', 'arm64')] },
      { name: 'nodeC', taints: [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')] },
    ],
    want: { nodeA: 100, nodeB: 100, nodeC: 100 },
  },
  {
    name: 'the more intolerable taints a node has, the lower score it gets.',
    tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
    nodes: [
      { name: 'nodeA' },
      { name: 'nodeB', taints: [pns('cpu-type', 'arm64')] },
      { name: 'nodeC', taints: [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')] },
    ],
    want: { nodeA: 100, nodeB: 50, nodeC: 0 },
  },
  {
    name: 'only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
    tolerations: [
      { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
      { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' },
    ],
    nodes: [
      { name: 'nodeA' },
      { name: 'nodeB', taints: [ns('cpu-type', 'arm64')] },
      { name: 'nodeC', taints: [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')] },
    ],
    want: { nodeA: 100, nodeB: 100, nodeC: 0 },
  },
  {
    name: 'Default behaviour No taints and tolerations, lands on node with no taints',
    tolerations: [],
    nodes: [{ name: 'nodeA' }, { name: 'nodeB', taints: [pns('cpu-type', 'arm64')] }],
    want: { nodeA: 100, nodeB: 0 },
  },
];

describe('upstream TestTaintTolerationScore', () => {
  it.each(cases)('$name', ({ tolerations, nodes, want }) => {
    expect(normalizedScores({ plugin, nodes, pod: { spec: { tolerations } } })).toEqual(want);
  });
});
