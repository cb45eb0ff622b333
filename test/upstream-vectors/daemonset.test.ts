// Upstream DaemonSet controller unit-test vectors, replayed against kubesim's pure DaemonSet helpers.
// Inputs and expected outcomes come from kubernetes/kubernetes:
//   pkg/controller/daemon/daemon_controller_test.go (TestNodeShouldRunDaemonPod and the taint tests
//     TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod, TestNoExecuteTaintedDoesEvicitRunningIntolerantPod,
//     TestTaintedNodeDaemonDoesNotLaunchIntolerantPod, TestTaintedNodeDaemonLaunchesToleratePod,
//     TestNotReadyNodeDaemonLaunchesPod, TestUnreachableNodeDaemonLaunchesPod, TestNodeDaemonLaunchesToleratePod,
//     TestTaintPressureNodeDaemonLaunchesPod, TestNodeAffinityDaemonLaunchesPods)
//   pkg/controller/daemon/util/daemonset_util_test.go (TestReplaceDaemonSetPodNodeNameNodeAffinity,
//     TestGetTargetNodeName) and util/daemonset_util.go (AddOrUpdateDaemonPodTolerations)
//   pkg/controller/daemon/update_test.go (TestGetUnavailableNumbers, TestDaemonSetUpdatesPods,
//     TestDaemonSetUpdatesPodsWithMaxSurge, TestDaemonSetUpdatesWhenNewPosIsNotReady,
//     TestDaemonSetUpdatesAllOldPodsNotReady, TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge)
import { describe, expect, it } from 'vitest';
import {
  type DaemonPod,
  type DaemonStrategy,
  planDaemonSet,
  updatedDesiredNodeCounts,
} from '../../src/controllers/daemonset-plan.js';
import {
  asTolerations,
  daemonPodSpec,
  daemonPodTargetNode,
  daemonPodTolerations,
  nodeShouldRunDaemonPod,
  pinnedToNode,
} from '../../src/controllers/daemonset-util.js';
import { makeNode } from '../../src/model/factory.js';
import type { PodSpecManifest } from '../../src/model/k8s-schema.js';
import { type Affinity, emptyResources, type Taint } from '../../src/model/types.js';
import type { IntOrPercent } from '../../src/workloads/objects.js';

const simpleDaemonSetLabel = { name: 'simple-daemon', type: 'production' };
const simpleDaemonSetLabel2 = { name: 'simple-daemon', type: 'test' };

function node(opts: {
  name?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}) {
  return makeNode({
    idx: 0,
    name: opts.name ?? 'test-node',
    pool: '',
    labels: opts.labels ?? {},
    capacity: emptyResources(),
    allocatable: emptyResources(),
    taints: opts.taints ?? [],
    unschedulable: opts.unschedulable ?? false,
    images: [],
    creationUs: 0,
  });
}

const container = { name: 'c' };
function shouldRun(spec: PodSpecManifest, n: ReturnType<typeof node>) {
  const s = daemonPodSpec(spec);
  return nodeShouldRunDaemonPod(n, s, asTolerations(s.tolerations ?? []));
}
const affinityIn = (key: string, values: string[]): NonNullable<PodSpecManifest['affinity']> => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values }] }],
    },
  },
});
// Parsed quantities (bytes, cores), as the manifest schema yields them.
const resources = (memory: number, cpu: number) => ({
  containers: [{ name: 'c', resources: { requests: { memory, cpu } } }],
});

describe('daemon_controller_test.go TestNodeShouldRunDaemonPod (node test-node, labels simpleDaemonSetLabel, allocatable 100M / 1 cpu)', () => {
  const testNode = node({ labels: simpleDaemonSetLabel });
  it.each<[string, PodSpecManifest, ReturnType<typeof node>, boolean, boolean]>([
    ['ShouldRunDaemonPod (50M, 0.5 cpu)', resources(50e6, 0.5), testNode, true, true],
    // Resources are the scheduler's business now: a pod that does not fit still "should run".
    ['InsufficientResourceError (200M on a 100M node)', resources(200e6, 0.5), testNode, true, true],
    [
      'ErrPodNotMatchHostName (template nodeName other-node)',
      { ...resources(50e6, 0.5), nodeName: 'other-node' },
      testNode,
      false,
      false,
    ],
    [
      'ErrPodNotFitsHostPorts (hostPort 666 already used on the node)',
      { containers: [{ name: 'c', ports: [{ containerPort: 666, hostPort: 666 }] }] },
      testNode,
      true,
      true,
    ],
    [
      'ErrNodeSelectorNotMatch (nodeSelector type=test)',
      { containers: [container], nodeSelector: simpleDaemonSetLabel2 },
      testNode,
      false,
      false,
    ],
    [
      'ShouldRunDaemonPod (nodeSelector matches)',
      { containers: [container], nodeSelector: simpleDaemonSetLabel },
      testNode,
      true,
      true,
    ],
    [
      'ErrPodAffinityNotMatch (required type In [test])',
      { containers: [container], affinity: affinityIn('type', ['test']) },
      testNode,
      false,
      false,
    ],
    [
      'ShouldRunDaemonPod (required type In [production])',
      { containers: [container], affinity: affinityIn('type', ['production']) },
      testNode,
      true,
      true,
    ],
    [
      'ShouldRunDaemonPodOnUnschedulableNode (spec.unschedulable, no taint)',
      resources(50e6, 0.5),
      node({ labels: simpleDaemonSetLabel, unschedulable: true }),
      true,
      true,
    ],
  ])('%s', (_name, spec, n, run, cont) => {
    expect(shouldRun(spec, n)).toEqual({ shouldRun: run, shouldContinueRunning: cont });
  });
});

describe('daemon_controller_test.go taint tests (NodeShouldRunDaemonPod decides create / keep / delete)', () => {
  const noScheduleTaints: Taint[] = [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }];
  const noExecuteTaints: Taint[] = [{ key: 'dedicated', value: 'user1', effect: 'NoExecute' }];
  const noScheduleTolerations = [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' as const }];
  const plain: PodSpecManifest = { containers: [container] };
  it.each<[string, PodSpecManifest, Taint[], { shouldRun: boolean; shouldContinueRunning: boolean }]>([
    // 0 creates, 0 deletes: a running intolerant pod stays on a NoSchedule node.
    [
      'TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod',
      plain,
      noScheduleTaints,
      { shouldRun: false, shouldContinueRunning: true },
    ],
    // 1 delete: NoExecute evicts it.
    [
      'TestNoExecuteTaintedDoesEvicitRunningIntolerantPod',
      plain,
      noExecuteTaints,
      { shouldRun: false, shouldContinueRunning: false },
    ],
    [
      'TestTaintedNodeDaemonDoesNotLaunchIntolerantPod',
      plain,
      noScheduleTaints,
      { shouldRun: false, shouldContinueRunning: true },
    ],
    [
      'TestTaintedNodeDaemonLaunchesToleratePod',
      { ...plain, tolerations: noScheduleTolerations },
      noScheduleTaints,
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'TestNotReadyNodeDaemonLaunchesPod (not-ready:NoExecute)',
      plain,
      [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'TestUnreachableNodeDaemonLaunchesPod (unreachable:NoExecute)',
      plain,
      [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }],
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'TestNodeDaemonLaunchesToleratePod (untainted node)',
      { ...plain, tolerations: noScheduleTolerations },
      [],
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'TestTaintPressureNodeDaemonLaunchesPod (disk/memory/pid-pressure NoSchedule)',
      plain,
      [
        { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
      ],
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'unschedulable:NoSchedule is tolerated (AddOrUpdateDaemonPodTolerations)',
      plain,
      [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }],
      { shouldRun: true, shouldContinueRunning: true },
    ],
    [
      'network-unavailable:NoSchedule without hostNetwork',
      plain,
      [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }],
      { shouldRun: false, shouldContinueRunning: true },
    ],
    [
      'network-unavailable:NoSchedule with hostNetwork',
      { ...plain, hostNetwork: true },
      [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }],
      { shouldRun: true, shouldContinueRunning: true },
    ],
  ])('%s', (_name, spec, taints, want) => {
    expect(shouldRun(spec, node({ taints }))).toEqual(want);
  });

  it('TestNodeAffinityDaemonLaunchesPods: 4 unlabelled + 3 color=blue nodes, affinity color In [blue] -> 3 pods', () => {
    const nodes = [
      ...[0, 1, 2, 3].map((i) => node({ name: `node-${i}` })),
      ...[4, 5, 6].map((i) => node({ name: `node-${i}`, labels: { color: 'blue', speed: 'fast' } })),
    ];
    const spec: PodSpecManifest = { containers: [container], affinity: affinityIn('color', ['blue']) };
    expect(nodes.filter((n) => shouldRun(spec, n).shouldRun).map((n) => n.name)).toEqual([
      'node-4',
      'node-5',
      'node-6',
    ]);
  });
});

describe('daemonset_util.go AddOrUpdateDaemonPodTolerations (v1helper.AddOrUpdateTolerationInPodSpec)', () => {
  it('a template toleration matching key/effect/operator/value is replaced in place, losing tolerationSeconds', () => {
    const t = daemonPodTolerations({
      containers: [container],
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
        { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      ],
    });
    expect(t[0]).toEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
    expect(t[1]).toEqual({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' });
    expect(t.filter((x) => x.key === 'node.kubernetes.io/not-ready')).toHaveLength(1);
  });
  it('a toleration with operator Equal (not Exists) does not match and is kept beside the default', () => {
    const t = daemonPodTolerations({
      containers: [container],
      tolerations: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', tolerationSeconds: 5 }],
    });
    expect(t.filter((x) => x.key === 'node.kubernetes.io/unreachable')).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', tolerationSeconds: 5 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    ]);
  });
});

describe('daemonset_util_test.go TestReplaceDaemonSetPodNodeNameNodeAffinity (hostname host_1)', () => {
  const pinned = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host_1'] }] }],
  };
  const preferred = [
    {
      weight: 1,
      preference: {
        matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In' as const, values: ['host_1'] }],
      },
    },
  ];
  const req = (terms: unknown[]): Affinity =>
    ({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
    }) as Affinity;
  it.each<[string, Affinity | undefined, unknown]>([
    ['nil affinity', undefined, { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: pinned } }],
    [
      'required hostname In [host_1]',
      req([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['host_1'] }] }]),
      { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: pinned } },
    ],
    [
      'preferred only: kept, required added',
      { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } },
      {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: preferred,
          requiredDuringSchedulingIgnoredDuringExecution: pinned,
        },
      },
    ],
    [
      'matchFields metadata.name In [host_1, host_2]',
      req([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host_1', 'host_2'] }] }]),
      { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: pinned } },
    ],
    [
      'two terms (hostname expression, matchFields host_2)',
      req([
        { matchExpressions: [{ key: 'hostname', operator: 'In', values: ['host_1'] }] },
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host_2'] }] },
      ]),
      { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: pinned } },
    ],
    [
      'matchFields NotIn [host_2]',
      req([{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['host_2'] }] }]),
      { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: pinned } },
    ],
    [
      'matchFields on metadata.foo',
      req([{ matchFields: [{ key: 'metadata.foo', operator: 'In', values: ['bar'] }] }]),
      { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: pinned } },
    ],
  ])('%s', (_name, affinity, want) => {
    const spec = pinnedToNode(
      { containers: [container], ...(affinity ? { affinity } : {}) } as PodSpecManifest,
      'host_1',
    );
    expect(spec.affinity).toEqual(want);
  });
});

describe('daemonset_util_test.go TestGetTargetNodeName', () => {
  const byFields = (values: string[]) => ({
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values }] }],
      },
    },
  });
  it.each<[string, { nodeName: string | null; spec: { affinity?: Affinity } }, string | null]>([
    ['pod1: spec.nodeName node-1', { nodeName: 'node-1', spec: {} }, 'node-1'],
    [
      'pod2: matchFields metadata.name In [node-1]',
      { nodeName: null, spec: { affinity: byFields(['node-1']) } },
      'node-1',
    ],
    [
      'pod3: two values -> error',
      { nodeName: null, spec: { affinity: byFields(['node-1', 'node-2']) } },
      null,
    ],
    ['pod4: neither -> error', { nodeName: null, spec: {} }, null],
  ])('%s', (_name, pod, want) => {
    expect(daemonPodTargetNode(pod)).toBe(want);
  });
});

describe('update_test.go TestGetUnavailableNumbers (updatedDesiredNodeCounts)', () => {
  const unavailable = (v: IntOrPercent) => ({
    type: 'RollingUpdate' as const,
    maxUnavailable: v,
    maxSurge: 0,
  });
  const surge = (v: IntOrPercent) => ({ type: 'RollingUpdate' as const, maxUnavailable: 0, maxSurge: v });
  it.each<[string, DaemonStrategy, number, number, number]>([
    ['No nodes', unavailable(0), 0, 0, 0],
    ['Two nodes with ready pods', unavailable(1), 2, 0, 1],
    ['Two nodes, one node without pods', unavailable(0), 2, 0, 1],
    ['Two nodes, one node without pods, surge', surge(0), 2, 0, 1],
    ['Two nodes with pods, MaxUnavailable in percents', unavailable('50%'), 2, 0, 1],
    ['Two nodes with pods, MaxUnavailable in percents, surge', surge('50%'), 2, 1, 0],
    ['Two nodes with pods, MaxUnavailable is 100%, surge', surge('100%'), 2, 2, 0],
    ['Two nodes with pods, MaxUnavailable in percents, pod terminating', unavailable('50%'), 3, 0, 2],
  ])('%s', (_name, strategy, desired, wantSurge, wantUnavailable) => {
    expect(updatedDesiredNodeCounts(strategy, desired)).toEqual({
      maxSurge: wantSurge,
      maxUnavailable: wantUnavailable,
    });
  });
});

// The rolling-update tests of update_test.go drive the controller through syncs with a fake pod control:
// creations add unscheduled, not-ready pods (pinned by affinity), deletions remove the pod, and the
// test marks pods ready at the fake clock's time. Replayed on planDaemonSet with the same bookkeeping;
// each step is expectSyncDaemonSets(creates, deletes).
interface FakePod extends DaemonPod {
  node: string;
  ready: boolean;
  readyTransitionUs: number | null;
}

class FakeDaemonSet {
  pods: FakePod[] = [];
  hash = 'h1';
  minReadySeconds = 0;
  strategy: DaemonStrategy = { type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 0 };
  nowUs = 0;
  private n = 0;
  constructor(readonly nodes: number) {}

  sync(): [number, number] {
    const byNode = new Map<string, FakePod[]>();
    for (const p of this.pods) byNode.set(p.node, [...(byNode.get(p.node) ?? []), p]);
    const d = planDaemonSet({
      hash: this.hash,
      minReadySeconds: this.minReadySeconds,
      strategy: this.strategy,
      nodes: Array.from({ length: this.nodes }, (_, i) => ({
        name: `node-${i}`,
        shouldRun: true,
        shouldContinueRunning: true,
      })),
      podsByNode: byNode,
      failedBackoff: () => 0,
      nowUs: this.nowUs,
    });
    this.pods = this.pods.filter((p) => !d.delete.includes(p));
    for (const node of d.create) {
      this.pods.push({
        name: `pod-${this.n++}`,
        node,
        hash: this.hash,
        scheduled: false,
        createdUs: this.nowUs,
        deleting: false,
        phase: 'Pending',
        ready: false,
        readyTransitionUs: null,
      });
    }
    return [d.create.length, d.delete.length];
  }

  /** setPodReadiness / markPodsReady: `count` pods (0 = all) matching `fn`, at the fake clock. */
  setReady(ready: boolean, count: number, fn: (p: FakePod) => boolean = () => true): void {
    let left = count === 0 ? Number.POSITIVE_INFINITY : count;
    for (const p of this.pods) {
      if (left <= 0) break;
      if (p.ready === ready || !fn(p)) continue;
      p.ready = ready;
      p.readyTransitionUs = this.nowUs;
      left--;
    }
  }

  at(s: number): this {
    this.nowUs = s * 1_000_000;
    return this;
  }
}

describe('update_test.go rolling updates (planDaemonSet)', () => {
  it('TestDaemonSetUpdatesPods', () => {
    const ds = new FakeDaemonSet(5);
    expect(ds.sync()).toEqual([5, 0]);
    ds.setReady(true, 0);
    ds.hash = 'h2';
    ds.strategy = { type: 'RollingUpdate', maxUnavailable: 2, maxSurge: 0 };
    for (const [c, d] of [
      [0, 2],
      [2, 0],
    ] as const) {
      expect(ds.sync()).toEqual([c, d]);
    }
    ds.setReady(true, 0);
    expect(ds.sync()).toEqual([0, 2]);
    expect(ds.sync()).toEqual([2, 0]);
    ds.setReady(true, 0);
    expect(ds.sync()).toEqual([0, 1]);
    expect(ds.sync()).toEqual([1, 0]);
    ds.setReady(true, 0);
    expect(ds.sync()).toEqual([0, 0]);
  });

  it('TestDaemonSetUpdatesPodsWithMaxSurge', () => {
    const ds = new FakeDaemonSet(5);
    expect(ds.sync()).toEqual([5, 0]);
    ds.setReady(true, 0);
    ds.hash = 'h2';
    ds.strategy = { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: 2 };
    expect(ds.sync()).toEqual([2, 0]);
    expect(ds.sync()).toEqual([0, 0]);
    ds.setReady(true, 0);
    expect(ds.sync()).toEqual([2, 2]);
    expect(ds.sync()).toEqual([0, 0]);
    ds.setReady(true, 0);
    expect(ds.sync()).toEqual([5 % 2, 2]);
    expect(ds.sync()).toEqual([0, 0]);
    ds.setReady(true, 0);
    expect(ds.sync()).toEqual([0, 5 % 2]);
    expect(ds.sync()).toEqual([0, 0]);
  });

  it('TestDaemonSetUpdatesWhenNewPosIsNotReady', () => {
    const ds = new FakeDaemonSet(5);
    expect(ds.sync()).toEqual([5, 0]);
    ds.setReady(true, 0);
    ds.hash = 'h2';
    ds.strategy = { type: 'RollingUpdate', maxUnavailable: 3, maxSurge: 0 };
    expect(ds.sync()).toEqual([0, 3]);
    expect(ds.sync()).toEqual([3, 0]);
    expect(ds.sync()).toEqual([0, 0]);
  });

  it('TestDaemonSetUpdatesAllOldPodsNotReady', () => {
    const ds = new FakeDaemonSet(5);
    expect(ds.sync()).toEqual([5, 0]);
    ds.hash = 'h2';
    ds.strategy = { type: 'RollingUpdate', maxUnavailable: 3, maxSurge: 0 };
    expect(ds.sync()).toEqual([0, 5]);
    expect(ds.sync()).toEqual([5, 0]);
    expect(ds.sync()).toEqual([0, 0]);
  });

  it('TestDaemonSetUpdatesNoTemplateChanged', () => {
    const ds = new FakeDaemonSet(5);
    expect(ds.sync()).toEqual([5, 0]);
    ds.strategy = { type: 'RollingUpdate', maxUnavailable: 3, maxSurge: 0 };
    expect(ds.sync()).toEqual([0, 0]);
  });

  it('TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge (minReadySeconds 15)', () => {
    const ds = new FakeDaemonSet(5);
    expect(ds.sync()).toEqual([5, 0]);
    ds.hash = 'h2';
    ds.strategy = { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: 3 };
    expect(ds.at(100).sync()).toEqual([5, 0]); // all old pods unavailable: surge everywhere
    expect(ds.at(200).sync()).toEqual([0, 5]); // old pods not ready: deleted
    ds.setReady(true, 5);
    ds.minReadySeconds = 15;
    ds.hash = 'h3';
    expect(ds.at(300).sync()).toEqual([3, 0]);
    const current = new Set(ds.pods.filter((p) => p.hash === 'h3').map((p) => p.node));
    ds.setReady(true, 2, (p) => p.hash === 'h3');
    ds.setReady(false, 1, (p) => p.hash !== 'h3' && !current.has(p.node));
    // New pods still within minReadySeconds: only the unready old pod gets its replacement.
    expect(ds.at(310).sync()).toEqual([1, 0]);
    // Two new pods available now: their old pods go, one more surge.
    expect(ds.at(320).sync()).toEqual([1, 3]);
    ds.setReady(true, 3, (p) => p.hash === 'h3');
    expect(ds.at(340).sync()).toEqual([0, 2]);
    expect(ds.at(350).sync()).toEqual([0, 0]);
  });
});
