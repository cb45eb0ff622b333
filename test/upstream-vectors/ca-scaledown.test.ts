// cluster-autoscaler scale-down vectors, replayed on kubesim's pure functions:
//   simulator/drain_test.go TestFastGetPodsToMove                     -> podsToMove
//   core/scaledown/eligibility/eligibility_test.go TestFilterOutUnremovable -> unremovableReason + utilization
//   core/scaledown/unneeded/nodes_test.go TestUpdate, TestRemovableAt -> UnneededNodes, removableAt
//   core/scaledown/budgets/budgets_test.go TestCropNodesToBudgets     -> cropNodes
//   core/scaledown/planner/planner.go unneededNodesLimit              -> unneededNodesLimit
// Not replayed: the atomic (zero-or-max) node-group cases of TestCropNodesToBudgets (no atomic groups
// in kubesim), TestNodeLoadFromExistingTaints (--node-deletion-candidate-ttl is not modelled), and the
// eligibility "marked no scale down" case runs on the fact only (kubesim nodes carry no annotations).

import { describe, expect, it } from 'vitest';
import { type DisruptionBudgets, NO_BUDGETS, podsToMove } from '../../src/autoscaler/drainability.js';
import {
  cropNodes,
  type NodeToRemove,
  removableAt,
  UnneededNodes,
  unneededNodesLimit,
  unremovableReason,
} from '../../src/autoscaler/scaledown.js';
import { caWorld, upstreamNode, upstreamPod } from '../../src/autoscaler/testing/fixtures.js';
import { utilization } from '../../src/autoscaler/utilization.js';
import type { Pod } from '../../src/model/types.js';

const S = 1_000_000;
const w = caWorld([upstreamNode(1000, 1000, 10, 'n1', 'z')]);
const drainOpts = {
  skipNodesWithSystemPods: true,
  skipNodesWithLocalStorage: true,
  skipNodesWithCustomControllerPods: true,
  minReplicaCount: 0,
};
const ctx = (budgets: DisruptionBudgets = NO_BUDGETS) => ({
  budgets,
  nowUs: 0,
  controllerReplicas: () => null,
});

/** A pod of TestFastGetPodsToMove: namespace, controller kind (null: none), annotations, volumes. */
function pod(
  name: string,
  o: { ns?: string; kind?: string | null; annotations?: Record<string, string>; volumes?: object[] } = {},
): Pod {
  const base = upstreamPod(w, name, 0, 0, {
    namespace: o.ns ?? 'ns',
    ...(o.volumes ? { spec: { volumes: o.volumes } } : {}),
  });
  const kind = o.kind === undefined ? 'ReplicaSet' : o.kind;
  return {
    ...base,
    owner: kind === null ? null : { kind, name: 'x', uid: 'uid-x', controller: true },
    daemonSet: kind === 'DaemonSet',
    annotations: o.annotations ?? {},
  };
}

/** A budget port with one PDB selecting pods labelled critical=true in namespace ns. */
function oneBudget(allowed: number): DisruptionBudgets {
  return {
    matching: (p) =>
      p.name.startsWith('pod8') || p.name.startsWith('pod9')
        ? [{ name: 'foobar', disruptionsAllowed: allowed }]
        : [],
    remove: () => {},
  };
}

describe('simulator/drain_test.go TestFastGetPodsToMove', () => {
  it('unreplicated pod blocks: NotReplicated', () => {
    const r = podsToMove([pod('pod1', { kind: null })], drainOpts, ctx());
    expect(r.blocking?.reason).toBe('NotReplicated');
  });
  it('replicated pod moves', () => {
    const p2 = pod('pod2');
    const r = podsToMove([p2], drainOpts, ctx());
    expect(r.blocking).toBeNull();
    expect(r.pods).toEqual([p2]);
  });
  it('manifest (mirror) pod is skipped', () => {
    const p3 = pod('pod3', {
      ns: 'kube-system',
      kind: null,
      annotations: { 'kubernetes.io/config.mirror': 'something' },
    });
    const r = podsToMove([p3], drainOpts, ctx());
    expect(r.blocking).toBeNull();
    expect(r.pods).toHaveLength(0);
  });
  it('DaemonSet pod is not moved', () => {
    const p2 = pod('pod2');
    const p3 = pod('pod3', {
      ns: 'kube-system',
      kind: null,
      annotations: { 'kubernetes.io/config.mirror': 'something' },
    });
    const p4 = pod('pod4', { kind: 'DaemonSet' });
    const r = podsToMove([p2, p3, p4], drainOpts, ctx());
    expect(r.blocking).toBeNull();
    expect(r.pods).toEqual([p2]);
    expect(r.daemonSetPods).toEqual([p4]);
  });
  it('kube-system pod without a PDB blocks: UnmovableKubeSystemPod', () => {
    const r = podsToMove([pod('pod5', { ns: 'kube-system' })], drainOpts, ctx());
    expect(r.blocking?.reason).toBe('UnmovableKubeSystemPod');
  });
  it('local storage (emptyDir) blocks: LocalStorageRequested', () => {
    const r = podsToMove([pod('pod6', { volumes: [{ name: 'v', emptyDir: {} }] })], drainOpts, ctx());
    expect(r.blocking?.reason).toBe('LocalStorageRequested');
  });
  it('non-local storage (gitRepo) moves', () => {
    const r = podsToMove(
      [pod('pod7', { volumes: [{ name: 'v', gitRepo: { repository: 'my-repo' } }] })],
      drainOpts,
      ctx(),
    );
    expect(r.blocking).toBeNull();
    expect(r.pods).toHaveLength(1);
  });
  it('PDB with 0 disruptions allowed blocks: NotEnoughPdb', () => {
    const r = podsToMove([pod('pod8')], drainOpts, ctx(oneBudget(0)));
    expect(r.blocking?.reason).toBe('NotEnoughPdb');
  });
  it('PDB with 1 disruption allowed moves', () => {
    const r = podsToMove([pod('pod9')], drainOpts, ctx(oneBudget(1)));
    expect(r.blocking).toBeNull();
    expect(r.pods).toHaveLength(1);
  });
  // rules/safetoevict, rules/notsafetoevict, rules/localstorage (safe-to-evict-local-volumes), rules/system
  it('safe-to-evict "true" drains an unreplicated pod', () => {
    const p = pod('p', {
      kind: null,
      annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' },
    });
    expect(podsToMove([p], drainOpts, ctx()).pods).toEqual([p]);
  });
  it('safe-to-evict "false" blocks: NotSafeToEvictAnnotation', () => {
    const p = pod('p', { annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } });
    expect(podsToMove([p], drainOpts, ctx()).blocking?.reason).toBe('NotSafeToEvictAnnotation');
  });
  it('local volumes listed in safe-to-evict-local-volumes move', () => {
    const p = pod('p', {
      volumes: [{ name: 'scratch', emptyDir: {} }],
      annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes': 'scratch' },
    });
    expect(podsToMove([p], drainOpts, ctx()).blocking).toBeNull();
  });
  it('memory-backed emptyDir is not local storage', () => {
    const p = pod('p', { volumes: [{ name: 'm', emptyDir: { medium: 'Memory' } }] });
    expect(podsToMove([p], drainOpts, ctx()).blocking).toBeNull();
  });
  it('kube-system pods move with --skip-nodes-with-system-pods=false', () => {
    const r = podsToMove(
      [pod('p', { ns: 'kube-system' })],
      { ...drainOpts, skipNodesWithSystemPods: false },
      ctx(),
    );
    expect(r.blocking).toBeNull();
  });
  it('custom controllers block with --skip-nodes-with-custom-controller-pods (default true)', () => {
    const p = pod('p', { kind: 'CustomThing' });
    expect(podsToMove([p], drainOpts, ctx()).blocking?.reason).toBe('NotReplicated');
    const off = { ...drainOpts, skipNodesWithCustomControllerPods: false };
    expect(podsToMove([p], off, ctx()).blocking).toBeNull();
  });
});

describe('eligibility_test.go TestFilterOutUnremovable', () => {
  const opts = (scaleDownUnreadyEnabled: boolean) => ({
    scaleDownUnreadyEnabled,
    scaleDownUtilizationThreshold: 0.5,
    scaleDownGpuUtilizationThreshold: 0.5,
  });
  const now = 1_700_000_000 * S;
  // BuildTestNode(name, 1000, 10): 1000m cpu, 10 bytes memory; pods request cpu only.
  const util =
    (cpu: number, ignoredCpu = 0) =>
    () =>
      utilization(
        { cpu: 1000, memory: 10, gpu: 0 },
        { cpu, memory: 0, gpu: 0 },
        { cpu: ignoredCpu, memory: 0, gpu: 0 },
        { cpu: 0, memory: 0, gpu: 0 },
      );
  const regular = {
    toBeDeletedSinceUs: null,
    scaleDownDisabled: false,
    autoscaled: true,
    ready: true,
    utilization: util(0),
  };
  for (const ignoreDs of [false, true]) {
    const sfx = ` IgnoreDaemonSetUtilization=${ignoreDs}`;
    it(`regular node stays${sfx}`, () => expect(unremovableReason(regular, opts(true), now)).toBeNull());
    it(`recently deleted node is filtered out${sfx}`, () =>
      expect(unremovableReason({ ...regular, toBeDeletedSinceUs: now - 30 * S }, opts(true), now)).toBe(
        'CurrentlyBeingDeleted',
      ));
    it(`marked no scale down is filtered out${sfx}`, () =>
      expect(unremovableReason({ ...regular, scaleDownDisabled: true }, opts(true), now)).toBe(
        'ScaleDownDisabledAnnotation',
      ));
    it(`highly utilized node is filtered out${sfx}`, () =>
      expect(unremovableReason({ ...regular, utilization: util(600) }, opts(true), now)).toBe(
        'NotUnderutilized',
      ));
    it(`underutilized node stays${sfx}`, () =>
      expect(unremovableReason({ ...regular, utilization: util(100) }, opts(true), now)).toBeNull());
    it(`unready node stays${sfx}`, () =>
      expect(unremovableReason({ ...regular, ready: false }, opts(true), now)).toBeNull());
    it(`unready node is filtered out when scale-down of unready is disabled${sfx}`, () =>
      expect(unremovableReason({ ...regular, ready: false }, opts(false), now)).toBe(
        'ScaleDownUnreadyDisabled',
      ));
  }
  it('high utilization daemonsets node is filtered out', () =>
    expect(unremovableReason({ ...regular, utilization: util(600) }, opts(true), now)).toBe(
      'NotUnderutilized',
    ));
  it('high utilization daemonsets node stays', () =>
    expect(unremovableReason({ ...regular, utilization: util(600, 500) }, opts(true), now)).toBeNull());
  it('a ToBeDeleted taint older than 5 minutes does not count as being deleted (IsNodeBeingDeleted)', () =>
    expect(unremovableReason({ ...regular, toBeDeletedSinceUs: now - 301 * S }, opts(true), now)).toBeNull());
});

const ntbr = (node: string, group = 'ng', pods = 0): NodeToRemove => ({
  node,
  group,
  podsToReschedule: Array.from({ length: pods }, (_, i) => ({ name: `${node}-p${i}` }) as Pod),
  daemonSetPods: [],
});

describe('unneeded/nodes_test.go TestUpdate', () => {
  const t0 = 0;
  const t1 = 60 * S;
  const cases: { desc: string; initial: string[]; final: string[]; want: Record<string, number> }[] = [
    { desc: 'added then deleted', initial: ['n1', 'n2', 'n3'], final: [], want: {} },
    { desc: 'added in last call', initial: [], final: ['n1', 'n2', 'n3'], want: { n1: t1, n2: t1, n3: t1 } },
    { desc: 'single one remaining', initial: ['n1', 'n2', 'n3'], final: ['n2'], want: { n2: t0 } },
    {
      desc: 'single one older',
      initial: ['n2'],
      final: ['n1', 'n2', 'n3'],
      want: { n1: t1, n2: t0, n3: t1 },
    },
  ];
  for (const c of cases)
    it(c.desc, () => {
      const u = new UnneededNodes();
      u.update(
        c.initial.map((n) => ntbr(n)),
        t0,
      );
      u.update(
        c.final.map((n) => ntbr(n)),
        t1,
      );
      expect(Object.fromEntries(u.names().map((n) => [n, u.sinceUs(n)]))).toEqual(c.want);
    });
});

describe('unneeded/nodes_test.go TestRemovableAt', () => {
  const cases = [
    {
      name: 'Node group min size is not reached',
      empty: 3,
      drain: 2,
      min: 1,
      target: 10,
      ongoing: 2,
      wantEmpty: 3,
      wantDrain: 2,
    },
    {
      name: 'Node group min size is reached for drain nodes',
      empty: 3,
      drain: 5,
      min: 1,
      target: 10,
      ongoing: 2,
      wantEmpty: 3,
      wantDrain: 4,
    },
    {
      name: 'Node group min size is reached for empty and drain nodes',
      empty: 3,
      drain: 5,
      min: 1,
      target: 5,
      ongoing: 2,
      wantEmpty: 2,
      wantDrain: 0,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const u = new UnneededNodes();
      const nodes = [
        ...Array.from({ length: c.empty }, (_, i) => ntbr(`empty-${i}`)),
        ...Array.from({ length: c.drain }, (_, i) => ntbr(`drain-${i}`, 'ng', 1)),
      ];
      const now = 3600 * S;
      u.update(nodes, now - 600 * S);
      const r = removableAt(u, {
        nowUs: now,
        unneededTimeUs: 0,
        unreadyTimeUs: 300 * S,
        facts: () => ({ ready: true, scaleDownDisabled: false, group: 'ng', cpuMilli: 10, memory: 100 }),
        groupTarget: () => c.target,
        groupMin: () => c.min,
        deletionsInProgress: () => c.ongoing,
        coresLeft: Number.POSITIVE_INFINITY,
        memoryLeft: Number.POSITIVE_INFINITY,
      });
      expect([r.empty.length, r.drain.length]).toEqual([c.wantEmpty, c.wantDrain]);
    });
});

describe('budgets/budgets_test.go TestCropNodesToBudgets (MaxScaleDownParallelism 10, MaxDrainParallelism 5)', () => {
  const list = (group: string, n: number, prefix = group) =>
    Array.from({ length: n }, (_, i) => ntbr(`${prefix}-${i}`, group));
  const ng = (n: number) => list('test-ng', n);
  type Case = {
    e?: number;
    d?: number;
    empty?: NodeToRemove[];
    drain?: NodeToRemove[];
    wantEmpty: NodeToRemove[];
    wantDrain: NodeToRemove[];
  };
  const cases: Record<string, Case> = {
    'no nodes': { wantEmpty: [], wantDrain: [] },
    'empty nodes within max limit, no deletions in progress': {
      empty: ng(10),
      wantEmpty: ng(10),
      wantDrain: [],
    },
    'empty nodes exceeding max limit, no deletions in progress': {
      empty: ng(11),
      wantEmpty: ng(10),
      wantDrain: [],
    },
    'empty nodes with deletions in progress, within budget': {
      e: 1,
      d: 1,
      empty: ng(8),
      wantEmpty: ng(8),
      wantDrain: [],
    },
    'empty nodes with deletions in progress, exceeding budget': {
      e: 1,
      d: 1,
      empty: ng(10),
      wantEmpty: ng(8),
      wantDrain: [],
    },
    'empty nodes with deletions in progress, 0 budget left': {
      e: 5,
      d: 5,
      empty: ng(10),
      wantEmpty: [],
      wantDrain: [],
    },
    'empty nodes with deletions in progress, budget exceeded': {
      e: 50,
      d: 50,
      empty: ng(10),
      wantEmpty: [],
      wantDrain: [],
    },
    'drain nodes within max limit, no deletions in progress': {
      drain: ng(5),
      wantEmpty: [],
      wantDrain: ng(5),
    },
    'multiple drain node groups': {
      drain: [...ng(5), ...list('test-ng2', 5)],
      wantEmpty: [],
      wantDrain: ng(5),
    },
    'drain nodes exceeding max limit, no deletions in progress': {
      drain: ng(6),
      wantEmpty: [],
      wantDrain: ng(5),
    },
    'drain nodes with deletions in progress, within budget': {
      e: 1,
      d: 2,
      drain: ng(3),
      wantEmpty: [],
      wantDrain: ng(3),
    },
    'drain nodes with deletions in progress, exceeding drain budget': {
      e: 1,
      d: 2,
      drain: ng(5),
      wantEmpty: [],
      wantDrain: ng(3),
    },
    'drain nodes with deletions in progress, 0 drain budget left': {
      e: 1,
      d: 5,
      drain: ng(5),
      wantEmpty: [],
      wantDrain: [],
    },
    'drain nodes with deletions in progress, drain budget exceeded': {
      e: 1,
      d: 50,
      drain: ng(5),
      wantEmpty: [],
      wantDrain: [],
    },
    'drain nodes with deletions in progress, exceeding overall budget': {
      e: 7,
      d: 1,
      drain: ng(4),
      wantEmpty: [],
      wantDrain: ng(2),
    },
    'drain nodes with deletions in progress, 0 overall budget left': {
      e: 10,
      drain: ng(4),
      wantEmpty: [],
      wantDrain: [],
    },
    'drain nodes with deletions in progress, overall budget exceeded': {
      e: 50,
      drain: ng(4),
      wantEmpty: [],
      wantDrain: [],
    },
    'empty&drain nodes within max limits, no deletions in progress': {
      empty: ng(5),
      drain: ng(5),
      wantEmpty: ng(5),
      wantDrain: ng(5),
    },
    'empty&drain nodes exceeding overall limit, no deletions in progress': {
      empty: ng(8),
      drain: ng(8),
      wantEmpty: ng(8),
      wantDrain: ng(2),
    },
    'empty&drain nodes exceeding drain limit, no deletions in progress': {
      empty: ng(2),
      drain: ng(8),
      wantEmpty: ng(2),
      wantDrain: ng(5),
    },
    'empty&drain nodes with deletions in progress, 0 overall budget left': {
      e: 10,
      empty: ng(5),
      drain: ng(5),
      wantEmpty: [],
      wantDrain: [],
    },
    "empty&drain nodes with deletions in progress, overall budget exceeded (shouldn't happen, just a sanity check)":
      { e: 50, empty: ng(5), drain: ng(5), wantEmpty: [], wantDrain: [] },
    'empty&drain nodes with deletions in progress, 0 drain budget left': {
      d: 5,
      empty: ng(5),
      drain: ng(5),
      wantEmpty: ng(5),
      wantDrain: [],
    },
    "empty&drain nodes with deletions in progress, drain budget exceeded (shouldn't happen, just a sanity check)":
      { d: 9, empty: ng(5), drain: ng(5), wantEmpty: ng(1), wantDrain: [] },
    'empty&drain nodes with deletions in progress, overall budget exceeded, only empty nodes fit': {
      e: 5,
      d: 3,
      empty: ng(5),
      drain: ng(2),
      wantEmpty: ng(2),
      wantDrain: [],
    },
    'empty&drain nodes with deletions in progress, overall budget exceeded, both empty&drain nodes fit': {
      e: 5,
      d: 3,
      empty: ng(1),
      drain: ng(2),
      wantEmpty: ng(1),
      wantDrain: ng(1),
    },
    'empty&drain nodes with deletions in progress, drain budget exceeded': {
      e: 1,
      d: 3,
      empty: ng(4),
      drain: ng(5),
      wantEmpty: ng(4),
      wantDrain: ng(2),
    },
  };
  for (const [name, c] of Object.entries(cases))
    it(name, () => {
      const r = cropNodes(c.empty ?? [], c.drain ?? [], { empty: c.e ?? 0, drain: c.d ?? 0 }, 10, 5);
      expect(r.empty.map((n) => n.node)).toEqual(c.wantEmpty.map((n) => n.node));
      expect(r.drain.map((n) => n.node)).toEqual(c.wantDrain.map((n) => n.node));
    });
});

describe('planner.go unneededNodesLimit', () => {
  // N = 10 (--max-scale-down-parallelism): unneeded + 2N, capped at N x (unneeded time / loop interval) + N.
  it('few unneeded nodes: unneeded + 2N', () => expect(unneededNodesLimit(5, 10, 600 * S, 10 * S)).toBe(25));
  it('the cap: N x (600 s / 10 s) + N = 610', () =>
    expect(unneededNodesLimit(1000, 10, 600 * S, 10 * S)).toBe(610));
  it('unneeded time shorter than the loop: N + N', () =>
    expect(unneededNodesLimit(100, 10, 1 * S, 10 * S)).toBe(20));
});
