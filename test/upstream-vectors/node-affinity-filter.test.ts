// Upstream kube-scheduler unit-test vectors for NodeAffinity PreFilter + Filter, replayed through kubesim
// explain with only NodeAffinity enabled. Inputs and expected statuses come from
//   pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go (TestNodeAffinity)
// in kubernetes/kubernetes. Upstream's test calls Filter on its one node even when PreFilter's result
// (matchFields metadata.name) leaves that node out; a scheduling cycle never filters such a node: it gets
// the framework's absent-node status "node(s) didn't satisfy plugin(s) [NodeAffinity]"
// (schedule_one.go findNodesThatFitPod), and a PreFilter rejection is every node's status. Those cases
// assert what explain shows, the cycle's status, and say so.
import { describe, expect, it } from 'vitest';
import type { Node, NodeSelectorTerm } from '../../src/model/types.js';
import { nodeAffinityAllows } from '../../src/model/volume-helpers.js';
import { fitsNodeAffinity } from '../../src/workloads/node-match.js';
import { filterStatuses, fpod, lnode, ok, unresolvable, type Want } from './filter-vectors.js';

const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
const errReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
const absent = "node(s) didn't satisfy plugin(s) [NodeAffinity]";

type Req = { key: string; operator: string; values?: string[] };
type Term = { matchExpressions?: Req[]; matchFields?: Req[] };
const required = (...terms: Term[]) => ({
  affinity: {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
  },
});
const name = (...values: string[]): Req => ({ key: 'metadata.name', operator: 'In', values });

interface Case {
  name: string;
  spec: Record<string, unknown>;
  labels?: Record<string, string>;
  nodeName?: string;
  args?: object;
  want: Want;
}

const cases: Case[] = [
  { name: 'missing labels', spec: { nodeSelector: { foo: 'bar' } }, want: unresolvable(ErrReasonPod) },
  { name: 'same labels', spec: { nodeSelector: { foo: 'bar' } }, labels: { foo: 'bar' }, want: ok },
  {
    name: 'node labels are subset',
    spec: { nodeSelector: { foo: 'bar', baz: 'blah' } },
    labels: { foo: 'bar' },
    want: unresolvable(ErrReasonPod),
  },
  {
    name: 'Pod with matchExpressions using Gt operator that matches the existing node',
    spec: required({ matchExpressions: [{ key: 'kernel-version', operator: 'Gt', values: ['0204'] }] }),
    labels: { 'kernel-version': '0206' },
    want: ok,
  },
  {
    name: 'Pod with matchExpressions using NotIn operator that matches the existing node',
    spec: required({ matchExpressions: [{ key: 'mem-type', operator: 'NotIn', values: ['DDR', 'DDR2'] }] }),
    labels: { 'mem-type': 'DDR3' },
    want: ok,
  },
  {
    name: "Pod with affinity that don't match node's labels won't schedule onto the node",
    spec: required({ matchExpressions: [{ key: 'foo', operator: 'In', values: ['value1', 'value2'] }] }),
    labels: { foo: 'bar' },
    want: unresolvable(ErrReasonPod),
  },
  {
    name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
    spec: required({ matchExpressions: [] }),
    labels: { foo: 'bar' },
    want: unresolvable(ErrReasonPod),
  },
  {
    name: 'Pod with Affinity but nil NodeSelector will schedule onto a node',
    spec: { affinity: { nodeAffinity: {} } },
    labels: { foo: 'bar' },
    want: ok,
  },
  {
    name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
    spec: required({
      matchExpressions: [
        { key: 'GPU', operator: 'Exists' },
        { key: 'GPU', operator: 'In', values: ['AMD', 'INTER'] },
      ],
    }),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    want: unresolvable(ErrReasonPod),
  },
  {
    name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
    spec: required(
      { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'value2'] }] },
      { matchExpressions: [{ key: 'diffkey', operator: 'In', values: ['wrong', 'value2'] }] },
    ),
    labels: { foo: 'bar' },
    want: ok,
  },
  {
    name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
    spec: {
      nodeSelector: { foo: 'bar' },
      ...required({ matchExpressions: [{ key: 'foo', operator: 'Exists' }] }),
    },
    labels: { foo: 'barrrrrr' },
    want: unresolvable(ErrReasonPod),
  },
  {
    name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
    spec: required({
      matchExpressions: [{ key: 'foo', operator: 'NotIn', values: ['invalid value: ___@#$%^'] }],
    }),
    labels: { foo: 'bar' },
    want: unresolvable(ErrReasonPod),
  },
  {
    name: 'Pod with matchFields using In operator that matches the existing node',
    spec: required({ matchFields: [name('node1')] }),
    nodeName: 'node1',
    want: ok,
  },
  {
    // Upstream Filter: ErrReasonPod; the cycle never filters node2 (PreFilterResult {node1}).
    name: 'Pod with matchFields using In operator that does not match the existing node',
    spec: required({ matchFields: [name('node1')] }),
    nodeName: 'node2',
    want: unresolvable(absent),
  },
  {
    name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
    spec: required(
      { matchFields: [name('node1'), name('node2')] },
      { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] },
    ),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: ok,
  },
  {
    // Upstream Filter: ErrReasonPod; the cycle never filters node2 (PreFilterResult {node1}).
    name: 'Pod with one term: matchFields does not match, but matchExpressions matches',
    spec: required({
      matchFields: [name('node1')],
      matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }],
    }),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: unresolvable(absent),
  },
  {
    name: 'Pod with two terms: both matchFields and matchExpressions do not match',
    spec: required(
      { matchFields: [name('node1')] },
      { matchExpressions: [{ key: 'foo', operator: 'In', values: ['not-match-to-bar'] }] },
    ),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: unresolvable(ErrReasonPod),
  },
  {
    name: 'Pod with two terms of node.Name affinity',
    spec: required({ matchFields: [name('node1')] }, { matchFields: [name('node2')] }),
    nodeName: 'node2',
    want: ok,
  },
  {
    // PreFilter: UnschedulableAndUnresolvable errReasonConflict, which the cycle gives every node.
    name: 'Pod with two conflicting mach field requirements',
    spec: required({ matchFields: [name('node1'), name('node2')] }),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: unresolvable('pod affinity terms conflict'),
  },
  {
    name: "Matches added affinity and Pod's node affinity",
    spec: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['foo'] }] }),
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: required({ matchFields: [name('node2')] }).affinity.nodeAffinity },
    want: ok,
  },
  {
    name: "Matches added affinity but not Pod's node affinity",
    spec: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['bar'] }] }),
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: { addedAffinity: required({ matchFields: [name('node2')] }).affinity.nodeAffinity },
    want: unresolvable(ErrReasonPod),
  },
  {
    name: "Doesn't match added affinity",
    spec: {},
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: {
      addedAffinity: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['bar'] }] })
        .affinity.nodeAffinity,
    },
    want: unresolvable(errReasonEnforced),
  },
];

describe('upstream TestNodeAffinity (node_affinity_test.go)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const nodeName = c.nodeName ?? 'n';
    const got = filterStatuses({
      plugin: 'NodeAffinity',
      ...(c.args ? { args: c.args } : {}),
      nodes: [lnode(nodeName, c.labels ?? {})],
      pod: fpod('p', c.spec),
    });
    expect(got[nodeName]).toEqual(c.want);
  });
});

// The DaemonSet controller's own predicate (daemon_controller.go -> nodeaffinity.GetRequiredNodeAffinity)
// and the volume layer's volume.CheckNodeAffinity use the same component-helpers matcher, so the cases
// without scheduler-enforced affinity must agree with the plugin. CheckNodeAffinity builds a node with
// labels only (no name), so only the cases without matchFields apply to it, and only the pod's terms.
describe('the same cases through the DaemonSet predicate and volume.CheckNodeAffinity', () => {
  const plain = cases.filter((c) => c.args === undefined);
  it.each(plain.map((c) => [c.name, c] as const))('DaemonSet: %s', (_name, c) => {
    const node = { name: c.nodeName ?? 'n', labels: c.labels ?? {} } as unknown as Node;
    expect(fitsNodeAffinity(c.spec as Parameters<typeof fitsNodeAffinity>[0], node)).toBe(c.want === ok);
  });
  type Spec = {
    affinity?: {
      nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: Term[] } };
    };
  };
  const termsOf = (c: Case): Term[] | undefined =>
    (c.spec as Spec).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms;
  const volumeCases = plain.filter(
    (c) => c.spec.nodeSelector === undefined && termsOf(c)?.every((t) => t.matchFields === undefined),
  );
  it.each(volumeCases.map((c) => [c.name, c] as const))('volume: %s', (_name, c) => {
    const terms = termsOf(c) as unknown as NodeSelectorTerm[];
    expect(nodeAffinityAllows(terms, c.labels ?? {})).toBe(c.want === ok);
  });
});
