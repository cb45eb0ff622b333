// Upstream kube-scheduler unit-test vectors for DefaultPreemption, replayed through kubesim's framework (the
// default profile; upstream registers NodeResourcesFit, plus InterPodAffinity or PodTopologySpread where a
// case needs them, and the other default filters pass on these nodes). Inputs and expected outcomes come from
//   pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go
//     (TestPostFilter, TestDryRunPreemption, TestSelectBestCandidate, TestPodEligibleToPreemptOthers,
//      TestPreempt)
//   pkg/scheduler/framework/runtime/framework_test.go (TestFilterPluginsWithNominatedPods: the rule only,
//     replayed with NodeResourcesFit in place of its injected test plugins)
// in kubernetes/kubernetes. Upstream's st.MakeNode().Capacity(...) also sets pods: 32; memory is in bytes;
// StartTime epochTimeN (N ns after the epoch) becomes startedUs = N, no StartTime leaves startedUs null.
// PodDisruptionBudget cases run with the budgets handed to the handle (its lister) or to
// selectVictimsOnNode, and the offset forced where upstream's case names it (cycle=0 => offset=4).
// Not replayed: extender cases (kubesim has no extenders), injected-error plugins, custom IsEligiblePod / MoreImportantPod hooks
// (TestCustomSelection, TestCustomOrdering), pod groups / workload-aware preemption, async API calls, and the
// candidate-window cases that depend on Go's rand.NewSource(4) offset (kubesim draws the offset from its
// seeded stream; only numCandidates is compared).
import { describe, expect, it } from 'vitest';
import { podManifestSchema } from '../../src/model/k8s-schema.js';
import type { Pod } from '../../src/model/types.js';
import type { NodeInfo } from '../../src/scheduler/cache.js';
import { schedulePod } from '../../src/scheduler/cycle.js';
import { buildExplainPod } from '../../src/scheduler/explain.js';
import { Code, type StatusRecord, status } from '../../src/scheduler/framework.js';
import {
  dryRunPreemption,
  numCandidates,
  type PreemptionResult,
  podEligibleToPreemptOthers,
} from '../../src/scheduler/plugins/default-preemption/index.js';
import {
  filterPodsWithPDBViolation,
  selectVictimsOnNode,
} from '../../src/scheduler/plugins/default-preemption/victims.js';
import type { Framework } from '../../src/scheduler/runtime.js';
import { node, pod, world } from '../../src/scheduler/testing/fixtures.js';
import type { Sim } from '../../src/sim/assemble.js';
import { EMPTY_PDB_STATUS, type PodDisruptionBudget } from '../../src/workloads/pdb.js';

const neg = -100;
const low = 0;
const mid = 100;
const high = 1000;
const veryHigh = 10000;
type Res = Record<string, string>;
const small: Res = { cpu: '100m', memory: '100' };
const medium: Res = { cpu: '200m', memory: '200' };
const large: Res = { cpu: '300m', memory: '300' };
const veryLarge: Res = { cpu: '500m', memory: '500' };

interface UNode {
  name: string;
  /** Capacity without pods (pods: 32 is added unless `pods` is given). */
  cap?: Res;
  pods?: number;
  labels?: Record<string, string>;
}
interface UPod {
  name: string;
  node?: string;
  prio?: number;
  req?: Res;
  start?: number;
  labels?: Record<string, string>;
  spec?: Record<string, unknown>;
}

const n = (name: string, cap: Res = veryLarge, extra: Partial<UNode> = {}): UNode => ({
  name,
  cap,
  ...extra,
});
const p = (name: string, nodeName: string, prio: number, req?: Res, start?: number): UPod => ({
  name,
  node: nodeName,
  prio,
  ...(req ? { req } : {}),
  ...(start !== undefined ? { start } : {}),
});

function manifest(u: UPod): object {
  return pod(u.name, {
    ...(u.node !== undefined ? { nodeName: u.node } : {}),
    requests: [u.req ?? {}],
    labels: u.labels ?? {},
    spec: { priority: u.prio ?? 0, ...(u.spec ?? {}) },
  });
}

interface Setup {
  sim: Sim;
  fw: Framework;
  preemptor: Pod;
}

function setup(nodes: UNode[], pods: UPod[], preemptor: UPod, scheduler?: object): Setup {
  const sim = world({
    nodes: nodes.map((x) =>
      node(x.name, {
        cpu: x.cap?.cpu ?? '0',
        memory: x.cap?.memory ?? '0',
        pods: x.pods ?? 32,
        labels: x.labels ?? {},
      }),
    ),
    pods: pods.map(manifest),
    ...(scheduler ? { scheduler } : {}),
  });
  for (const u of pods) {
    const live = sim.state.pod(`default/${u.name}`) as Pod;
    live.startedUs = u.start ?? null;
  }
  const fw = sim.scheduler.frameworks.get('default-scheduler') as Framework;
  const pre = buildExplainPod(sim, podManifestSchema.parse(manifest(preemptor)));
  return { sim, fw, preemptor: pre };
}

/** One cycle for its CycleState (upstream runs PreFilter); PostFilter cases must also fail Filter. */
function cycle(s: Setup, mustFail = true) {
  const r = schedulePod(s.fw, s.preemptor, {
    percentage: 0,
    startIndex: 0,
    tieBreak: 'first',
    rng: s.fw.rng,
  });
  if (mustFail) expect(r.selected).toBeNull();
  return r;
}

/** Upstream NodeToStatus: the listed nodes, every other node UnschedulableAndUnresolvable. */
function nodeToStatus(m: Record<string, 'U' | 'UU'>): Map<string, StatusRecord> {
  return new Map(
    Object.entries(m).map(([k, v]) => [
      k,
      status(v === 'U' ? Code.Unschedulable : Code.UnschedulableAndUnresolvable, 'test'),
    ]),
  );
}

/** PostFilter with upstream's filteredNodesStatuses (absent = UnschedulableAndUnresolvable). */
function postFilter(s: Setup, statuses?: Record<string, 'U' | 'UU'>): PreemptionResult {
  const r = cycle(s);
  const all = new Map<string, StatusRecord>();
  if (statuses) {
    for (const ni of s.fw.cache.nodes)
      all.set(ni.name, status(Code.UnschedulableAndUnresolvable, 'test', 'absent'));
    for (const [k, v] of nodeToStatus(statuses)) all.set(k, v);
  }
  return s.fw.runPostFilter(r.state, s.preemptor, statuses ? all : r.statuses) as PreemptionResult;
}

/**
 * DryRunPreemption over every node, as upstream's test passes all NodeInfos (even one the pod fits):
 * node -> victims (sorted by name), nodes without victims left out.
 */
function dryRun(s: Setup): Record<string, string[]> {
  const r = cycle(s, false);
  const out: Record<string, string[]> = {};
  for (const ni of s.fw.cache.nodes) {
    const v = selectVictimsOnNode(s.fw, r.state.clone(), s.preemptor, (ni as NodeInfo).clone());
    if (v.status === null && v.victims.length > 0) out[ni.name] = v.victims.map((x) => x.name).sort();
  }
  return out;
}

const onePod = { cap: {}, pods: 1 };
const nodeRes: Res = { cpu: '200m', memory: '400' };

describe('upstream TestPostFilter (defaultpreemption/default_preemption_test.go)', () => {
  const cases: Array<{
    name: string;
    nodes: UNode[];
    pods: UPod[];
    pod: UPod;
    statuses: Record<string, 'U' | 'UU'>;
    want: string | null;
    message?: string;
  }> = [
    {
      name: 'pod with higher priority can be made schedulable',
      nodes: [{ name: 'node1', ...onePod }],
      pods: [p('p1', 'node1', low)],
      pod: { name: 'p', prio: high },
      statuses: { node1: 'U' },
      want: 'node1',
    },
    {
      name: 'pod with tied priority is still unschedulable',
      nodes: [{ name: 'node1', ...onePod }],
      pods: [p('p1', 'node1', low)],
      pod: { name: 'p', prio: low },
      statuses: { node1: 'U' },
      want: '',
      message: 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    },
    {
      name: 'preemption should respect filteredNodesStatuses',
      nodes: [{ name: 'node1', ...onePod }],
      pods: [p('p1', 'node1', low)],
      pod: { name: 'p', prio: high },
      statuses: { node1: 'UU' },
      want: '',
      message: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
    {
      name: 'preemption should respect absent NodeToStatusReader entry meaning UnschedulableAndUnresolvable',
      nodes: [{ name: 'node1', ...onePod }],
      pods: [p('p1', 'node1', low)],
      pod: { name: 'p', prio: high },
      statuses: {},
      want: '',
      message: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
    {
      name: 'pod can be made schedulable on one node',
      nodes: [
        { name: 'node1', ...onePod },
        { name: 'node2', ...onePod },
      ],
      pods: [p('p1', 'node1', high), p('p2', 'node2', low)],
      pod: { name: 'p', prio: mid },
      statuses: { node1: 'U', node2: 'U' },
      want: 'node2',
    },
    {
      // Upstream adds PDBs (p2, p3 violating); both candidates then have one violation each, so the pick
      // falls to the lowest highest-victim priority, as it does here without PDBs.
      name: 'pod can be made schedulable on minHighestPriority node',
      nodes: [
        { name: 'node1', ...onePod },
        { name: 'node2', ...onePod },
      ],
      pods: [p('p1', 'node1', high), p('p2', 'node1', low), p('p3', 'node2', mid)],
      pod: { name: 'p', prio: veryHigh },
      statuses: { node1: 'U', node2: 'U' },
      want: 'node2',
    },
    {
      name: 'no candidate nodes found, no enough resource after removing low priority pods',
      nodes: [n('node1', nodeRes), n('node2', nodeRes)],
      pods: [p('p1', 'node1', low), p('p2', 'node2', low)],
      pod: { name: 'p', prio: high, req: large },
      statuses: { node1: 'U', node2: 'U' },
      want: '',
      message: 'preemption: 0/2 nodes are available: 2 Insufficient cpu.',
    },
    {
      name: 'no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU resource',
      nodes: [{ name: 'node1', ...onePod }, n('node2', nodeRes), { name: 'node3', ...onePod }],
      pods: [p('p1', 'node1', high), p('p2', 'node2', low), p('p3', 'node3', high)],
      pod: { name: 'p', prio: high, req: large },
      statuses: { node1: 'U', node2: 'U', node3: 'U' },
      want: '',
      message:
        'preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.',
    },
    {
      name: "no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes and 2 nodes don't have enough CPU resource",
      nodes: [n('node1', nodeRes), n('node2', nodeRes), n('node3', nodeRes), n('node4', nodeRes)],
      pods: [p('p1', 'node1', low), p('p2', 'node2', low)],
      pod: { name: 'p', prio: high, req: large },
      statuses: { node1: 'U', node2: 'U', node4: 'UU' },
      want: '',
      message:
        'preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.',
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = postFilter(setup(c.nodes, c.pods, c.pod), c.statuses);
    // want '' = NewPostFilterResultWithNominatedNode(""): the pod's nomination is cleared.
    expect(r.nominatedNodeName).toBe(c.want);
    if (c.message !== undefined) expect(r.message).toBe(c.message);
    else expect(r.status).toBeNull();
  });
});

describe('upstream TestDryRunPreemption (defaultpreemption/default_preemption_test.go)', () => {
  const two = [n('node1'), n('node2')];
  const cases: Array<{
    name: string;
    nodes: UNode[];
    pods: UPod[];
    pod: UPod;
    want: Record<string, string[]>;
  }> = [
    {
      name: 'a pod that fits on both nodes when lower priority pods are preempted',
      nodes: two,
      pods: [p('p1', 'node1', mid, large), p('p2', 'node2', mid, large)],
      pod: { name: 'p', prio: high, req: large },
      want: { node1: ['p1'], node2: ['p2'] },
    },
    {
      name: 'a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen',
      nodes: two,
      pods: [p('p1', 'node1', mid, large), p('p2', 'node2', mid, large)],
      pod: { name: 'p', prio: low, req: large },
      want: {},
    },
    {
      name: 'medium priority pod is preempted, but lower priority one stays as it is small',
      nodes: two,
      pods: [p('p1.1', 'node1', low, small), p('p1.2', 'node1', mid, large), p('p2', 'node2', mid, large)],
      pod: { name: 'p', prio: high, req: large },
      want: { node1: ['p1.2'], node2: ['p2'] },
    },
    {
      name: 'mixed priority pods are preempted',
      nodes: two,
      pods: [
        p('p1.1', 'node1', mid, small),
        p('p1.2', 'node1', low, small),
        p('p1.3', 'node1', mid, medium),
        p('p1.4', 'node1', high, small),
        p('p2', 'node2', high, large),
      ],
      pod: { name: 'p', prio: high, req: large },
      want: { node1: ['p1.2', 'p1.3'] },
    },
    {
      name: 'mixed priority pods are preempted, pick later StartTime one when priorities are equal',
      nodes: two,
      pods: [
        p('p1.1', 'node1', low, small, 5),
        p('p1.2', 'node1', low, small, 4),
        p('p1.3', 'node1', mid, medium, 3),
        p('p1.4', 'node1', high, small, 2),
        p('p2', 'node2', high, large, 1),
      ],
      pod: { name: 'p', prio: high, req: large },
      want: { node1: ['p1.1', 'p1.3'] },
    },
    {
      name: 'pod with anti-affinity is preempted',
      nodes: [
        n('node1', veryLarge, { labels: { hostname: 'node1' } }),
        n('node2', veryLarge, { labels: { hostname: 'node2' } }),
      ],
      pods: [
        {
          ...p('p1.1', 'node1', low, small),
          labels: { foo: '' },
          spec: {
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  {
                    labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] },
                    topologyKey: 'hostname',
                  },
                ],
              },
            },
          },
        },
        p('p1.2', 'node1', mid, small),
        p('p1.3', 'node1', high, small),
        p('p2', 'node2', high, small),
      ],
      pod: { name: 'p', prio: high, req: small, labels: { foo: '' } },
      want: { node1: ['p1.1'] },
    },
    {
      name: 'preemption to resolve pod topology spread filter failure',
      nodes: [
        n('node-a', veryLarge, { labels: { hostname: 'node-a', zone: 'zone1' } }),
        n('node-b', veryLarge, { labels: { hostname: 'node-b', zone: 'zone1' } }),
        n('node-x', veryLarge, { labels: { hostname: 'node-x', zone: 'zone2' } }),
      ],
      pods: [
        { ...p('pod-a1', 'node-a', mid), labels: { foo: '' } },
        { ...p('pod-a2', 'node-a', low), labels: { foo: '' } },
        { ...p('pod-b1', 'node-b', low), labels: { foo: '' } },
        { ...p('pod-x1', 'node-x', high), labels: { foo: '' } },
        { ...p('pod-x2', 'node-x', high), labels: { foo: '' } },
      ],
      pod: { name: 'p', prio: high, labels: { foo: '' }, spec: { topologySpreadConstraints: spread() } },
      want: { 'node-a': ['pod-a2'], 'node-b': ['pod-b1'] },
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(dryRun(setup(c.nodes, c.pods, c.pod))).toEqual(c.want);
  });

  it('all nodes are possible candidates, but DefaultPreemptionArgs limits to 2 (numCandidates only)', () => {
    // MinCandidateNodesPercentage 40, MinCandidateNodesAbsolute 1 over 5 nodes.
    expect(numCandidates(5, 40, 1)).toBe(2);
    // preemption looks past numCandidates until a non-PDB violating node is found: 40 %, absolute 2.
    expect(numCandidates(5, 40, 2)).toBe(2);
  });
});

function spread(): object[] {
  return ['zone', 'hostname'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] },
  }));
}

describe('upstream TestSelectBestCandidate (defaultpreemption/default_preemption_test.go)', () => {
  const three = [n('node1'), n('node2'), n('node3')];
  const cases: Array<{ name: string; nodes: UNode[]; pods: UPod[]; pod: UPod; want: string[] }> = [
    {
      name: 'a pod that fits on both nodes when lower priority pods are preempted',
      nodes: [n('node1'), n('node2')],
      pods: [p('p1', 'node1', mid, large, 0), p('p2', 'node2', mid, large, 0)],
      pod: { name: 'p', prio: high, req: large },
      want: ['node1', 'node2'],
    },
    {
      name: 'node with min highest priority pod is picked',
      nodes: three,
      pods: [
        p('p1.1', 'node1', mid, medium, 0),
        p('p1.2', 'node1', mid, large, 0),
        p('p2.1', 'node2', mid, medium, 0),
        p('p2.2', 'node2', low, medium, 0),
        p('p3.1', 'node3', low, medium, 0),
        p('p3.2', 'node3', low, medium, 0),
      ],
      pod: { name: 'p', prio: high, req: veryLarge },
      want: ['node3'],
    },
    {
      name: 'when highest priorities are the same, minimum sum of priorities is picked',
      nodes: three,
      pods: [
        p('p1.1', 'node1', mid, medium, 0),
        p('p1.2', 'node1', mid, large, 0),
        p('p2.1', 'node2', mid, large, 0),
        p('p2.2', 'node2', low, medium, 0),
        p('p3.1', 'node3', mid, medium, 0),
        p('p3.2', 'node3', mid, medium, 0),
      ],
      pod: { name: 'p', prio: high, req: veryLarge },
      want: ['node2'],
    },
    {
      name: 'when highest priority and sum are the same, minimum number of pods is picked',
      nodes: three,
      pods: [
        p('p1.1', 'node1', mid, small, 0),
        p('p1.2', 'node1', neg, small, 0),
        p('p1.3', 'node1', mid, small, 0),
        p('p1.4', 'node1', neg, small, 0),
        p('p2.1', 'node2', mid, large, 0),
        p('p2.2', 'node2', neg, medium, 0),
        p('p3.1', 'node3', mid, medium, 0),
        p('p3.2', 'node3', neg, small, 0),
        p('p3.3', 'node3', low, small, 0),
      ],
      pod: { name: 'p', prio: high, req: veryLarge },
      want: ['node2'],
    },
    {
      name: 'sum of adjusted priorities is considered',
      nodes: three,
      pods: [
        p('p1.1', 'node1', mid, small, 0),
        p('p1.2', 'node1', neg, small, 0),
        p('p1.3', 'node1', neg, small, 0),
        p('p2.1', 'node2', mid, large, 0),
        p('p2.2', 'node2', neg, medium, 0),
        p('p3.1', 'node3', mid, medium, 0),
        p('p3.2', 'node3', neg, small, 0),
        p('p3.3', 'node3', low, small, 0),
      ],
      pod: { name: 'p', prio: high, req: veryLarge },
      want: ['node2'],
    },
    {
      name: 'non-overlapping lowest high priority, sum priorities, and number of pods',
      nodes: [...three, n('node4')],
      pods: [
        p('p1.1', 'node1', mid, small, 0),
        p('p1.2', 'node1', low, small, 0),
        p('p1.3', 'node1', low, small, 0),
        p('p2.1', 'node2', high, large, 0),
        p('p3.1', 'node3', mid, medium, 0),
        p('p3.2', 'node3', low, small, 0),
        p('p3.3', 'node3', low, small, 0),
        p('p3.4', 'node3', low, medium, 0),
        p('p4.1', 'node4', mid, medium, 0),
        p('p4.2', 'node4', mid, small, 0),
        p('p4.3', 'node4', mid, small, 0),
        p('p4.4', 'node4', neg, small, 0),
      ],
      pod: { name: 'p', prio: veryHigh, req: veryLarge },
      want: ['node1'],
    },
    {
      name: "same priority, same number of victims, different start time for each node's pod",
      nodes: three,
      pods: [
        p('p1.1', 'node1', mid, medium, 2),
        p('p1.2', 'node1', mid, medium, 2),
        p('p2.1', 'node2', mid, medium, 3),
        p('p2.2', 'node2', mid, medium, 3),
        p('p3.1', 'node3', mid, medium, 1),
        p('p3.2', 'node3', mid, medium, 1),
      ],
      pod: { name: 'p', prio: high, req: veryLarge },
      want: ['node2'],
    },
    {
      name: 'same priority, same number of victims, different start time for all pods',
      nodes: three,
      pods: [
        p('p1.1', 'node1', mid, medium, 4),
        p('p1.2', 'node1', mid, medium, 2),
        p('p2.1', 'node2', mid, medium, 5),
        p('p2.2', 'node2', mid, medium, 1),
        p('p3.1', 'node3', mid, medium, 3),
        p('p3.2', 'node3', mid, medium, 6),
      ],
      pod: { name: 'p', prio: high, req: veryLarge },
      want: ['node3'],
    },
    {
      name: 'different priority, same number of victims, different start time for all pods',
      nodes: three,
      pods: [
        p('p1.1', 'node1', low, medium, 4),
        p('p1.2', 'node1', mid, medium, 2),
        p('p2.1', 'node2', mid, medium, 6),
        p('p2.2', 'node2', low, medium, 1),
        p('p3.1', 'node3', low, medium, 3),
        p('p3.2', 'node3', mid, medium, 5),
      ],
      pod: { name: 'p', prio: high, req: veryLarge },
      want: ['node2'],
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = postFilter(setup(c.nodes, c.pods, c.pod));
    expect(c.want).toContain(r.nominatedNodeName);
  });
});

describe('upstream TestPodEligibleToPreemptOthers (defaultpreemption/default_preemption_test.go)', () => {
  const cases: Array<{
    name: string;
    nominated?: string;
    never?: boolean;
    terminating?: 'Preempted' | 'Deleted';
    nominatedStatus?: 'UU';
    eligible: boolean;
  }> = [
    {
      name: 'Pod with nominated node',
      nominated: 'node1',
      terminating: 'Deleted',
      nominatedStatus: 'UU',
      eligible: true,
    },
    { name: 'Pod without nominated node', eligible: true },
    { name: "Pod with 'PreemptNever' preemption policy", never: true, eligible: false },
    {
      name: 'preemption victim pod terminating, as indicated by the dedicated DisruptionTarget condition',
      nominated: 'node1',
      terminating: 'Preempted',
      eligible: false,
    },
    { name: 'non-victim Pods terminating', nominated: 'node1', terminating: 'Deleted', eligible: true },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const s = setup([n('node1')], [p('p1', 'node1', low)], {
      name: 'p',
      prio: high,
      ...(c.never ? { spec: { preemptionPolicy: 'Never' } } : {}),
    });
    // Terminating(): deletionTimestamp set; 'Preempted' is kubesim's DisruptionTarget/PreemptionByScheduler.
    if (c.terminating) s.sim.state.markPodDeleting(s.sim.state.pod('default/p1') as Pod, c.terminating);
    if (c.nominated) s.preemptor.nominatedNodeName = c.nominated;
    const statuses = nodeToStatus(c.nominatedStatus ? { node1: c.nominatedStatus } : {});
    expect(podEligibleToPreemptOthers(s.preemptor, statuses, s.fw.cache) === null).toBe(c.eligible);
  });

  it('a terminating victim of a lower priority holds back a re-run of PostFilter (PreemptionResult is a no-op)', () => {
    const s = setup([{ name: 'node1', ...onePod }], [p('p1', 'node1', low)], { name: 'p', prio: high });
    s.sim.state.markPodDeleting(s.sim.state.pod('default/p1') as Pod, 'Preempted');
    s.preemptor.nominatedNodeName = 'node1';
    const r = postFilter(s, { node1: 'U' });
    expect(r.nominatedNodeName).toBeNull();
    expect(r.message).toBe('preemption: not eligible due to a terminating pod on the nominated node.');
  });
});

describe('upstream TestPreempt (defaultpreemption/default_preemption_test.go)', () => {
  const basicPods = [
    p('p1.1', 'node1', low, small),
    p('p1.2', 'node1', low, small),
    p('p2.1', 'node2', high, large),
    p('p3.1', 'node3', mid, medium),
  ];
  const allU = { node1: 'U', node2: 'U', node3: 'U' } as const;
  const cases: Array<{
    name: string;
    nodes: UNode[];
    pods: UPod[];
    pod: UPod;
    statuses: Record<string, 'U' | 'UU'>;
    want: string | null;
    victims: string[];
  }> = [
    {
      name: 'basic preemption logic',
      nodes: [n('node1'), n('node2'), n('node3')],
      pods: basicPods,
      pod: { name: 'p', prio: high, req: veryLarge, spec: { preemptionPolicy: 'PreemptLowerPriority' } },
      statuses: allU,
      want: 'node1',
      victims: ['p1.1', 'p1.2'],
    },
    {
      name: 'preemption for topology spread constraints',
      nodes: [
        n('node-a', veryLarge, { labels: { hostname: 'node-a', zone: 'zone1' } }),
        n('node-b', veryLarge, { labels: { hostname: 'node-b', zone: 'zone1' } }),
        n('node-x', veryLarge, { labels: { hostname: 'node-x', zone: 'zone2' } }),
      ],
      pods: [
        { ...p('p-a1', 'node-a', high), labels: { foo: '' } },
        { ...p('p-a2', 'node-a', high), labels: { foo: '' } },
        { ...p('p-b1', 'node-b', low), labels: { foo: '' } },
        { ...p('p-x1', 'node-x', high), labels: { foo: '' } },
        { ...p('p-x2', 'node-x', high), labels: { foo: '' } },
      ],
      pod: { name: 'p', prio: high, labels: { foo: '' }, spec: { topologySpreadConstraints: spread() } },
      statuses: { 'node-a': 'U', 'node-b': 'U', 'node-x': 'U' },
      want: 'node-b',
      victims: ['p-b1'],
    },
    {
      name: 'no preempting in pod',
      nodes: [n('node1'), n('node2'), n('node3')],
      pods: basicPods,
      pod: { name: 'p', prio: high, req: veryLarge, spec: { preemptionPolicy: 'Never' } },
      statuses: allU,
      want: null,
      victims: [],
    },
    {
      name: 'PreemptionPolicy is nil',
      nodes: [n('node1'), n('node2'), n('node3')],
      pods: basicPods,
      pod: { name: 'p', prio: high, req: veryLarge },
      statuses: allU,
      want: 'node1',
      victims: ['p1.1', 'p1.2'],
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = postFilter(setup(c.nodes, c.pods, c.pod), c.statuses);
    expect(r.nominatedNodeName).toBe(c.want);
    expect(r.victims.map((v) => v.name).sort()).toEqual(c.victims);
  });
});

describe('upstream TestFilterPluginsWithNominatedPods (runtime/framework_test.go), with NodeResourcesFit', () => {
  // addGENominatedPods: pods nominated to the node with priority >= the incoming pod's are added to the
  // node for the first filter pass; lower-priority nominations are not. The node has one free pod slot.
  const cases: Array<{ name: string; podPrio: number; nominatedPrio: number | null; fits: boolean }> = [
    { name: 'node has no nominated pod', podPrio: low, nominatedPrio: null, fits: true },
    {
      name: 'node has a high-priority nominated pod and all filters succeed',
      podPrio: low,
      nominatedPrio: high,
      fits: false,
    },
    { name: 'node has a low-priority nominated pod', podPrio: high, nominatedPrio: low, fits: true },
    { name: 'node has an equal-priority nominated pod (>=)', podPrio: mid, nominatedPrio: mid, fits: false },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const pods: UPod[] = [p('running', 'node1', low)];
    if (c.nominatedPrio !== null)
      pods.push({ name: 'nominated', prio: c.nominatedPrio, spec: { schedulingGates: [{ name: 'held' }] } });
    const s = setup([{ name: 'node1', cap: veryLarge, pods: 2 }], pods, { name: 'p', prio: c.podPrio });
    if (c.nominatedPrio !== null)
      s.sim.state.setNominatedNode(s.sim.state.pod('default/nominated') as Pod, 'node1');
    const r = schedulePod(s.fw, s.preemptor, {
      percentage: 0,
      startIndex: 0,
      tieBreak: 'first',
      rng: s.fw.rng,
    });
    expect(r.selected?.name ?? null).toBe(c.fits ? 'node1' : null);
  });
});

/** A budget as upstream's fixtures write it: a matchLabels selector and a status. */
function budget(
  name: string,
  matchLabels: Record<string, string>,
  disruptionsAllowed: number,
  disruptedPods: string[] = [],
): PodDisruptionBudget {
  return {
    uid: name,
    namespace: 'default',
    name,
    key: `default/${name}`,
    labels: {},
    createdUs: 0,
    generation: 1,
    resourceVersion: 1,
    spec: {
      minAvailable: null,
      maxUnavailable: null,
      selector: { matchLabels },
      unhealthyPodEvictionPolicy: null,
    },
    status: {
      ...EMPTY_PDB_STATUS,
      observedGeneration: 1,
      disruptionsAllowed,
      disruptedPods: new Map(disruptedPods.map((p) => [p, 0])),
    },
  };
}

/** The handle's PodDisruptionBudget lister returns `pdbs` (upstream registers them with the informer). */
function withBudgets(s: Setup, pdbs: PodDisruptionBudget[]): Setup {
  Object.assign(s.fw, { podDisruptionBudgets: () => pdbs });
  return s;
}

describe('upstream TestDryRunPreemption with PodDisruptionBudgets', () => {
  const foo = { app: 'foo' };
  const node1 = [n('node1')];
  const p1x = (names: string[]) => names.map((nm) => ({ ...p(nm, 'node1', mid, medium), labels: foo }));
  const cases: Array<[string, UPod[], PodDisruptionBudget, string[], number]> = [
    [
      'preemption with violation of same pdb',
      p1x(['p1.1', 'p1.2']),
      budget('x', foo, 1),
      ['p1.1', 'p1.2'],
      1,
    ],
    [
      "preemption with violation of the pdb with pod whose eviction was processed, the victim doesn't belong to DisruptedPods",
      p1x(['p1.1', 'p1.2']),
      budget('x', foo, 1, ['p2']),
      ['p1.1', 'p1.2'],
      1,
    ],
    [
      'preemption with violation of the pdb with pod whose eviction was processed, the victim belongs to DisruptedPods',
      p1x(['p1.1', 'p1.2']),
      budget('x', foo, 1, ['p1.2']),
      ['p1.1', 'p1.2'],
      0,
    ],
    [
      "preemption with violation of the pdb with pod whose eviction was processed, the victim which belongs to DisruptedPods is treated as 'nonViolating'",
      p1x(['p1.1', 'p1.2', 'p1.3']),
      budget('x', foo, 1, ['p1.3']),
      ['p1.1', 'p1.2', 'p1.3'],
      1,
    ],
  ];
  it.each(cases)('%s', (_name, pods, pdb, victims, violations) => {
    const s = setup(node1, pods, { name: 'p', prio: high, req: veryLarge });
    const r = cycle(s, false);
    const ni = s.fw.cache.get('node1') as NodeInfo;
    const v = selectVictimsOnNode(s.fw, r.state.clone(), s.preemptor, ni.clone(), [pdb]);
    expect(v.victims.map((x) => x.name)).toEqual(victims);
    expect(v.numPDBViolations).toBe(violations);
  });

  it('preemption looks past numCandidates until a non-PDB violating node is found (offset 4)', () => {
    const nodes = ['node1', 'node2', 'node3', 'node4', 'node5'].map((x) => n(x));
    const pods = [
      { ...p('p1', 'node1', mid, large), labels: foo },
      { ...p('p2', 'node2', mid, large), labels: foo },
      p('p3', 'node3', mid, large),
      p('p4', 'node4', mid, large),
      { ...p('p5', 'node5', mid, large), labels: foo },
    ];
    const s = withBudgets(setup(nodes, pods, { name: 'p', prio: high, req: large }), [budget('x', foo, 0)]);
    const r = cycle(s, false);
    // node5 (yes, pdb), node1 (yes, pdb), node2 (no: the violating list is full), node3 (yes): stop.
    const got = dryRunPreemption(
      s.fw,
      r.state,
      s.preemptor,
      s.fw.cache.nodes,
      4,
      numCandidates(5, 40, 2),
      new Map(),
    );
    expect(got.map((c) => [c.node, c.victims.map((v) => v.name), c.numPDBViolations])).toEqual([
      ['node3', ['p3'], 0],
      ['node5', ['p5'], 1],
      ['node1', ['p1'], 1],
    ]);
  });
});

describe('upstream TestPostFilter with PodDisruptionBudgets', () => {
  it('pod can be made schedulable on minHighestPriority node', () => {
    const violating = { 'test.kubernetes.io/is-violating-pdb': 'violating' };
    const nonViolating = { 'test.kubernetes.io/is-violating-pdb': 'non-violating' };
    const s = withBudgets(
      setup(
        [n('node1', {}, { pods: 1 }), n('node2', {}, { pods: 1 })],
        [
          { ...p('p1', 'node1', high), labels: nonViolating },
          { ...p('p2', 'node1', low), labels: violating },
          { ...p('p3', 'node2', mid), labels: violating },
        ],
        { name: 'p', prio: veryHigh },
      ),
      // MinAvailable 100% (disruptionsAllowed 0) and MinAvailable 0 with DisruptionsAllowed MaxInt32.
      [budget('violating-pdb', violating, 0), budget('non-violating-pdb', nonViolating, 2147483647)],
    );
    expect(postFilter(s, { node1: 'U', node2: 'U' }).nominatedNodeName).toBe('node2');
  });
});

describe('filterPodsWithPDBViolation', () => {
  const pod = (name: string, labels: Record<string, string>): Pod =>
    ({ name, namespace: 'default', labels }) as unknown as Pod;
  it('counts cumulatively in order; an empty selector and a pod without labels match nothing', () => {
    const pdbs = [
      budget('a', { app: 'a' }, 1),
      { ...budget('all', {}, 0), spec: { ...budget('all', {}, 0).spec, selector: {} } },
    ];
    const r = filterPodsWithPDBViolation(
      [pod('x', { app: 'a' }), pod('y', { app: 'a' }), pod('z', {})],
      pdbs,
    );
    expect(r.violating.map((q) => q.name)).toEqual(['y']);
    expect(r.nonViolating.map((q) => q.name)).toEqual(['x', 'z']);
  });
});
