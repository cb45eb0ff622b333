// Upstream kube-scheduler unit-test vectors for InterPodAffinity PreFilter + Filter, replayed through kubesim
// explain with only InterPodAffinity enabled. Inputs and expected outcomes come from
//   pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go (TestRequiredAffinitySingleNode)
// in kubernetes/kubernetes: one node1 {region: r1, zone: z11}; upstream expects placed / not placed, and
// the reason follows filtering.go Filter (affinity -> UnschedulableAndUnresolvable, then the pod's
// anti-affinity, then existing pods' anti-affinity -> Unschedulable). Upstream's "" namespace is "default".
// Not replayed: the NamespaceSelector cases (they need Namespace objects with labels, covered by the score
// vectors). The two "fails PreFilter with an invalid label syntax" cases end in a PreFilter Error upstream;
// kubesim accepts the value and the pod is still unplaceable (affinity not matched), so only "not placed"
// is asserted for them.
import { describe, expect, it } from 'vitest';
import { filterStatuses, fpod, lnode, ok, unresolvable, unsched, type Want } from './filter-vectors.js';

const AFF = "node(s) didn't match pod affinity rules";
const ANTI = "node(s) didn't match pod anti-affinity rules";
const EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules";
const podLabel = { service: 'securityscan' };
const podLabel2 = { security: 'S1' };

type Sel = { key: string; operator: string; values?: string[] };
type Term = { labelSelector: { matchExpressions: Sel[] }; topologyKey: string; namespaces?: string[] };
const term = (key: string, op: string, topologyKey: string, values?: string[]): Term => ({
  labelSelector: { matchExpressions: [{ key, operator: op, ...(values ? { values } : {}) }] },
  topologyKey,
});
const affinity = (aff: Term[], anti: Term[] = []) => ({
  affinity: {
    ...(aff.length > 0 ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: aff } } : {}),
    ...(anti.length > 0 ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti } } : {}),
  },
});
const existing = (labels: Record<string, string>, spec: Record<string, unknown> = {}, namespace?: string) =>
  fpod('pod1', spec, labels, { nodeName: 'node1', ...(namespace ? { namespace } : {}) });
const pod1ns1 = () => existing(podLabel, {}, 'ns1');

interface Case {
  name: string;
  pod: Record<string, unknown>;
  pods?: object[];
  want: Want | 'not placed';
}

const cases: Case[] = [
  {
    name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods',
    pod: fpod('podToPlace'),
    want: ok,
  },
  {
    name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
    pod: fpod(
      'podToPlace',
      affinity([term('service', 'In', 'region', ['securityscan', 'value2'])]),
      podLabel2,
      { namespace: 'ns1' },
    ),
    pods: [pod1ns1()],
    want: ok,
  },
  {
    name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
    pod: fpod(
      'podToPlace',
      affinity([term('service', 'NotIn', 'region', ['securityscan3', 'value3'])]),
      podLabel2,
      { namespace: 'ns1' },
    ),
    pods: [pod1ns1()],
    want: ok,
  },
  {
    name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
    pod: fpod(
      'podToPlace',
      affinity([{ ...term('service', 'In', '', ['securityscan', 'value2']), namespaces: ['DiffNameSpace'] }]),
      podLabel2,
    ),
    pods: [existing(podLabel, {}, 'ns')],
    want: unresolvable(AFF),
  },
  {
    name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
    pod: fpod('podToPlace', affinity([term('service', 'In', '', ['antivirusscan', 'value2'])]), podLabel),
    pods: [pod1ns1()],
    want: unresolvable(AFF),
  },
  {
    name: 'satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ',
    pod: fpod(
      'podToPlace',
      affinity([
        {
          labelSelector: {
            matchExpressions: [
              { key: 'service', operator: 'Exists' },
              { key: 'wrongkey', operator: 'DoesNotExist' },
            ],
          },
          topologyKey: 'region',
        },
        {
          labelSelector: {
            matchExpressions: [
              { key: 'service', operator: 'In', values: ['securityscan'] },
              { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
            ],
          },
          topologyKey: 'region',
        },
      ]),
      podLabel2,
      { namespace: 'ns1' },
    ),
    pods: [pod1ns1()],
    want: ok,
  },
  {
    name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
    pod: fpod(
      'podToPlace',
      affinity([
        {
          labelSelector: {
            matchExpressions: [
              { key: 'service', operator: 'Exists' },
              { key: 'wrongkey', operator: 'DoesNotExist' },
            ],
          },
          topologyKey: 'region',
        },
        {
          labelSelector: {
            matchExpressions: [
              { key: 'service', operator: 'In', values: ['securityscan2'] },
              { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
            ],
          },
          topologyKey: 'region',
        },
      ]),
      podLabel2,
    ),
    pods: [pod1ns1()],
    want: unresolvable(AFF),
  },
  {
    name: 'satisfies the PodAffinity and PodAntiAffinity with the existing pod',
    pod: fpod(
      'podToPlace',
      affinity(
        [term('service', 'In', 'region', ['securityscan', 'value2'])],
        [term('service', 'In', 'node', ['antivirusscan', 'value2'])],
      ),
      podLabel2,
      { namespace: 'ns1' },
    ),
    pods: [pod1ns1()],
    want: ok,
  },
  {
    name: 'satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
    pod: fpod(
      'podToPlace',
      affinity(
        [term('service', 'In', 'region', ['securityscan', 'value2'])],
        [term('service', 'In', 'node', ['antivirusscan', 'value2'])],
      ),
      podLabel2,
    ),
    pods: [existing(podLabel, affinity([], [term('service', 'In', 'node', ['antivirusscan', 'value2'])]))],
    want: ok,
  },
  {
    name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
    pod: fpod(
      'podToPlace',
      affinity(
        [term('service', 'In', 'region', ['securityscan', 'value2'])],
        [term('service', 'In', 'zone', ['securityscan', 'value2'])],
      ),
      podLabel2,
    ),
    pods: [existing(podLabel)],
    want: unsched(ANTI),
  },
  {
    name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: fpod(
      'podToPlace',
      affinity(
        [term('service', 'In', 'region', ['securityscan', 'value2'])],
        [term('service', 'In', 'node', ['antivirusscan', 'value2'])],
      ),
      podLabel,
    ),
    pods: [existing(podLabel, affinity([], [term('service', 'In', 'zone', ['securityscan', 'value2'])]))],
    want: unsched(EXISTING),
  },
  {
    name: 'pod matches its own Label in PodAffinity and that matches the existing pod Labels',
    // Upstream's existing pod sits on node2, absent from the snapshot; it matches nothing either way.
    pod: fpod(
      'podToPlace',
      affinity([term('service', 'NotIn', 'region', ['securityscan', 'value2'])]),
      podLabel,
    ),
    want: unresolvable(AFF),
  },
  {
    name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: fpod('podToPlace', {}, podLabel),
    pods: [existing(podLabel, affinity([], [term('service', 'In', 'zone', ['securityscan', 'value2'])]))],
    want: unsched(EXISTING),
  },
  {
    name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
    pod: fpod('podToPlace', {}, podLabel),
    pods: [existing(podLabel, affinity([], [term('service', 'NotIn', 'zone', ['securityscan', 'value2'])]))],
    want: ok,
  },
  {
    name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
    pod: fpod(
      'podToPlace',
      affinity([], [term('service', 'Exists', 'region'), term('security', 'Exists', 'region')]),
      podLabel,
    ),
    pods: [existing(podLabel2, affinity([], [term('security', 'Exists', 'zone')]))],
    want: unsched(ANTI),
  },
  {
    name: 'PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: fpod(
      'podToPlace',
      affinity([], [term('service', 'Exists', 'zone'), term('security', 'Exists', 'zone')]),
      podLabel,
    ),
    pods: [existing(podLabel2, affinity([], [term('security', 'Exists', 'zone')]))],
    want: unsched(ANTI),
  },
  {
    name: 'PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: fpod('podToPlace', affinity([], [term('security', 'Exists', 'zone')]), podLabel2),
    pods: [
      existing(
        podLabel,
        affinity([], [term('service', 'Exists', 'zone'), term('security', 'Exists', 'zone')]),
      ),
    ],
    want: unsched(EXISTING),
  },
  {
    name: 'PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: fpod('podToPlace', affinity([], [term('abc', 'Exists', 'zone'), term('def', 'Exists', 'zone')]), {
      abc: '',
      xyz: '',
    }),
    pods: [
      existing(
        { def: '', xyz: '' },
        affinity([], [term('abc', 'Exists', 'zone'), term('def', 'Exists', 'zone')]),
      ),
    ],
    want: unsched(ANTI),
  },
  {
    name: 'PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: fpod('podToPlace', affinity([], [term('abc', 'Exists', 'zone'), term('def', 'Exists', 'zone')]), {
      def: '',
      xyz: '',
    }),
    pods: [
      existing(
        { abc: '', xyz: '' },
        affinity([], [term('abc', 'Exists', 'zone'), term('def', 'Exists', 'zone')]),
      ),
    ],
    want: unsched(ANTI),
  },
  {
    name: 'PodAffinity fails PreFilter with an invalid affinity label syntax',
    pod: fpod(
      'podToPlace',
      affinity([
        term('service', 'In', 'region', ['{{.bad-value.}}']),
        term('service', 'In', 'node', ['antivirusscan', 'value2']),
      ]),
      podLabel,
    ),
    want: 'not placed',
  },
];

describe('upstream TestRequiredAffinitySingleNode (interpodaffinity/filtering_test.go)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = filterStatuses({
      plugin: 'InterPodAffinity',
      nodes: [lnode('node1', { region: 'r1', zone: 'z11' })],
      existing: c.pods ?? [],
      pod: c.pod,
    });
    if (c.want === 'not placed') expect(got.node1).not.toBeNull();
    else expect(got.node1).toEqual(c.want);
  });
});
