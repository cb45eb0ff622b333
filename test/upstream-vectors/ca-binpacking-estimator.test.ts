// Upstream cluster-autoscaler vectors for the binpacking estimator, replayed through kubesim's estimator
// over the default scheduler profile's filters. Inputs and expected outcomes come from
//   cluster-autoscaler/estimator/binpacking_estimator_test.go
//     TestBinpackingEstimate, TestBinpackingEstimatePlacementOnAddedNodes (non-fastpath and fastpath cases),
//     TestDetermineBestPodEquivalenceGroupToFastpath, BenchmarkBinpackingEstimate (its asserted counts)
// in kubernetes/autoscaler. As there, the snapshot holds one node "oldnode" (100m, 100 MiB, 10 pods,
// zone-jupiter) and the template is makeNode(millicores, MiB, 10 pods, "template", zone-mars); pods are
// BuildTestPod(name, millicores, bytes) in namespace universe labelled app=estimatee, and an equivalence
// group repeats one pod (here: equivalent pods of one ReplicaSet). Not replayed: the "basic"/"delta"
// snapshot-store variants (kubesim has one snapshot) and the fastpath-vs-non-fastpath equality check is
// asserted as such below.
import { describe, expect, it } from 'vitest';
import { bestFastpathGroup, type EstimationLimits, estimate } from '../../src/autoscaler/estimator.js';
import type { PodGroup } from '../../src/autoscaler/groups.js';
import type { PlaceRun } from '../../src/autoscaler/placement.js';
import {
  type CaWorld,
  caWorld,
  MiB,
  podRun,
  templateNode,
  upstreamNode,
} from '../../src/autoscaler/testing/fixtures.js';
import type { Pod } from '../../src/model/types.js';

const APP = { app: 'estimatee' };

function maxSkew(skew: number, key: string, minDomains: number): Record<string, unknown> {
  return {
    topologySpreadConstraints: [
      {
        maxSkew: skew,
        topologyKey: key,
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: APP },
        minDomains,
      },
    ],
  };
}

function group(pods: Pod[]): PodGroup {
  return { id: (pods[0] as Pod).key, exemplar: pods[0] as Pod, pods };
}

function run(w: CaWorld, g: PodGroup): PlaceRun | null {
  const prepared = w.checker.prepare(g.exemplar);
  return prepared === null ? null : { classKey: g.id, prepared, pods: g.pods };
}

function estimateOn(
  w: CaWorld,
  groups: PodGroup[],
  t: { cpu: number; memMiB: number; pods?: number },
  maxNodes = 0,
  fastpath = false,
) {
  const limits: EstimationLimits = {
    maxNodesPerScaleUp: maxNodes,
    groupCapacity: null,
    clusterCapacity: null,
  };
  return estimate(w.checker, w.memo, (g) => run(w, g), {
    groups,
    templateCpu: t.cpu,
    templateMemory: t.memMiB * MiB,
    newCopy: (i) => ({
      node: templateNode(t.cpu, t.memMiB * MiB, t.pods ?? 10, `template-e-${i}`, 'zone-mars'),
      pods: [],
    }),
    nodeGroupId: 'template',
    limits,
    fastpath,
  });
}

const oldnode = () => caWorld([upstreamNode(100, 100, 10, 'oldnode', 'zone-jupiter')]);
const opts = (extra: Record<string, unknown> = {}) => ({ labels: APP, namespace: 'universe', ...extra });

describe('binpacking_estimator_test.go TestBinpackingEstimate', () => {
  const cases: {
    name: string;
    cpu: number;
    mem: number;
    maxNodes?: number;
    groups: (w: CaWorld) => PodGroup[];
    nodes: number;
    pods: number;
    processed?: (gs: PodGroup[]) => Pod[];
  }[] = [
    {
      name: 'simple resource-based binpacking',
      cpu: 350 * 3 - 50,
      mem: 2 * 1000,
      groups: (w) => [group(podRun(w, 'estimatee', 10, 350, 1000, opts()))],
      nodes: 5,
      pods: 10,
    },
    {
      name: 'pods-per-node bound binpacking',
      cpu: 10000,
      mem: 20000,
      groups: (w) => [group(podRun(w, 'estimatee', 20, 10, 100, opts()))],
      nodes: 2,
      pods: 20,
    },
    {
      name: 'hostport conflict forces pod-per-node',
      cpu: 1000,
      mem: 5000,
      groups: (w) => [
        group(
          podRun(
            w,
            'estimatee',
            8,
            200,
            1000,
            opts({
              spec: {
                containers: [
                  {
                    name: 'c0',
                    ports: [{ containerPort: 80, hostPort: 5555 }],
                    resources: { requests: { cpu: '200m', memory: '1000' } },
                  },
                ],
              },
            }),
          ),
        ),
      ],
      nodes: 8,
      pods: 8,
    },
    {
      name: 'limiter cuts binpacking',
      cpu: 1000,
      mem: 5000,
      maxNodes: 5,
      groups: (w) => [group(podRun(w, 'estimatee', 20, 500, 1000, opts()))],
      nodes: 5,
      pods: 10,
    },
    {
      name: 'decreasing ordered pods are processed first',
      cpu: 1000,
      mem: 5000,
      maxNodes: 5,
      groups: (w) => [
        group(podRun(w, 'small', 10, 50, 1000, opts())),
        group(podRun(w, 'high', 10, 500, 1000, opts())),
      ],
      nodes: 5,
      pods: 10,
      processed: (gs) => (gs[1] as PodGroup).pods,
    },
    {
      name: 'hostname topology spreading with maxSkew=2 forces 2 pods/node',
      cpu: 1000,
      mem: 5000,
      groups: (w) => [
        group(podRun(w, 'estimatee', 8, 200, 200, opts({ spec: maxSkew(2, 'kubernetes.io/hostname', 1) }))),
      ],
      nodes: 4,
      pods: 8,
    },
    {
      name: 'zonal topology spreading with maxSkew=2 only allows 2 pods to schedule',
      cpu: 1000,
      mem: 5000,
      groups: (w) => [
        group(
          podRun(w, 'estimatee', 8, 20, 100, opts({ spec: maxSkew(2, 'topology.kubernetes.io/zone', 1) })),
        ),
      ],
      nodes: 1,
      pods: 2,
    },
    {
      name: 'hostname topology spreading with maxSkew=1 with a large scaleup handles scheduling pods retroactively',
      cpu: 1000,
      mem: 5000,
      groups: (w) => [
        group(podRun(w, 'estimatee', 12, 20, 100, opts({ spec: maxSkew(1, 'kubernetes.io/hostname', 3) }))),
      ],
      nodes: 3,
      pods: 12,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = oldnode();
      const gs = c.groups(w);
      const r = estimateOn(w, gs, { cpu: c.cpu, memMiB: c.mem }, c.maxNodes ?? 0);
      expect([r.nodeCount, r.pods.length]).toEqual([c.nodes, c.pods]);
      if (c.processed) expect(r.pods.map((p) => p.name)).toEqual(c.processed(gs).map((p) => p.name));
      // Single-group cases: the fastpath gives the same result.
      if (gs.length === 1) {
        const w2 = oldnode();
        const f = estimateOn(w2, c.groups(w2), { cpu: c.cpu, memMiB: c.mem }, c.maxNodes ?? 0, true);
        expect([f.nodeCount, f.pods.length]).toEqual([c.nodes, c.pods]);
      }
      expect(w.snapshot.size).toBe(1); // the estimation was reverted
    });
  }
});

describe('binpacking_estimator_test.go TestBinpackingEstimatePlacementOnAddedNodes', () => {
  const zonalAnti = (name: string) => ({
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: name } }, topologyKey: 'topology.kubernetes.io/zone' },
        ],
      },
    },
  });
  const hostAnti = (name: string) => ({
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: name } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    },
  });
  const g = (w: CaWorld, name: string, milli: number, n: number, spec?: Record<string, unknown>) =>
    group(
      podRun(w, name, n, milli, 100, {
        labels: { app: name },
        namespace: 'universe',
        ...(spec ? { spec } : {}),
      }),
    );
  const withPort = (milli: number) => ({
    containers: [
      {
        name: 'c0',
        ports: [{ containerPort: 80, hostPort: 5555 }],
        resources: { requests: { cpu: `${milli}m`, memory: '100' } },
      },
    ],
  });
  const cases: {
    name: string;
    groups: (w: CaWorld) => PodGroup[];
    fastpath?: boolean;
    maxNodes?: number;
    nodes: number;
    pods: number;
    perNode: number[];
  }[] = [
    {
      name: 'pods from later groups go to the last node while it has room',
      groups: (w) => [g(w, 'big', 600, 2), g(w, 'a', 150, 1), g(w, 'b', 120, 1), g(w, 'c', 100, 1)],
      nodes: 2,
      pods: 5,
      perNode: [1, 4],
    },
    {
      name: 'pods go to an earlier node when the last node is full',
      groups: (w) => [g(w, 'big', 600, 2), g(w, 'medium', 400, 1), g(w, 'small', 300, 1)],
      nodes: 2,
      pods: 4,
      perNode: [2, 2],
    },
    {
      name: 'pods go to an earlier node when the last node has a host port conflict',
      groups: (w) => [g(w, 'big', 600, 2), g(w, 'hostport', 200, 2, withPort(200))],
      nodes: 2,
      pods: 4,
      perNode: [2, 2],
    },
    {
      name: 'pods go to an earlier node when the last node fails hostname anti-affinity',
      groups: (w) => [g(w, 'big', 600, 2), g(w, 'spread', 200, 2, hostAnti('spread'))],
      nodes: 2,
      pods: 4,
      perNode: [2, 2],
    },
    {
      name: "empty last node doesn't take pods that fit on a node with pods",
      groups: (w) => [g(w, 'zonal', 600, 2, zonalAnti('zonal')), g(w, 'small', 300, 1)],
      nodes: 1,
      pods: 2,
      perNode: [2, 0],
    },
    {
      name: "empty last node is used when pods don't fit on any node with pods",
      groups: (w) => [g(w, 'zonal', 600, 2, zonalAnti('zonal')), g(w, 'medium', 500, 1)],
      nodes: 2,
      pods: 2,
      perNode: [1, 1],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = oldnode();
      const r = estimateOn(w, c.groups(w), { cpu: 1000, memMiB: 1000 }, c.maxNodes ?? 0, c.fastpath ?? false);
      expect([r.nodeCount, r.pods.length]).toEqual([c.nodes, c.pods]);
      expect(r.podsPerNode).toEqual(c.perNode);
    });
  }
});

describe('binpacking_estimator_test.go TestDetermineBestPodEquivalenceGroupToFastpath', () => {
  const template = { cpu: 100, memory: 100 * MiB };
  // BuildTestPod(name, cpu, mem): memory in bytes, so memory never limits against 100 MiB.
  const cases: { name: string; groups: (w: CaWorld) => PodGroup[]; expect: number }[] = [
    {
      name: 'both groups 2 nodes, take group with more pods',
      groups: (w) => [group(podRun(w, 'e1', 5, 30, 5)), group(podRun(w, 'e2', 3, 50, 6))],
      expect: 0,
    },
    {
      name: 'take group with largest score, even if it has less pods',
      groups: (w) => [group(podRun(w, 'e1', 6, 30, 5)), group(podRun(w, 'e2', 5, 90, 90))],
      expect: 1,
    },
    {
      name: 'take group with largest score, even if it has less nodes',
      groups: (w) => [group(podRun(w, 'e1', 10, 15, 5)), group(podRun(w, 'e2', 5, 90, 90))],
      expect: 0,
    },
    {
      name: 'equal score default to last group',
      groups: (w) => [
        group(podRun(w, 'e2', 3, 80, 80)),
        group(podRun(w, 'e3', 3, 70, 70)),
        group(podRun(w, 'e1', 4, 50, 5)),
      ],
      expect: 2,
    },
    {
      name: 'no fastpath supporting pod groups',
      groups: (w) => [
        group(podRun(w, 'e1', 10, 5, 5, { spec: maxSkew(2, 'kubernetes.io/hostname', 1) })),
        group(podRun(w, 'e2', 3, 8, 8, { spec: maxSkew(2, 'kubernetes.io/hostname', 1) })),
      ],
      expect: -1,
    },
    {
      name: 'no resource requests defaults to last group, still valid fastpath group',
      groups: (w) => [group(podRun(w, 'e1', 2, -1, -1)), group(podRun(w, 'e2', 4, -1, -1))],
      expect: 1,
    },
    {
      name: 'groups with only 1 node have the lowest score',
      groups: (w) => [group(podRun(w, 'e2', 2, 60, 60)), group(podRun(w, 'e1', 100, 1, 5))],
      expect: 0,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = oldnode();
      expect(bestFastpathGroup(c.groups(w), template)).toBe(c.expect);
    });
  }
});

describe('binpacking_estimator_test.go BenchmarkBinpackingEstimate (asserted counts)', () => {
  it('51 000 pods of two shapes on 1000m/5000MiB/100-pod templates, at most 3000 nodes: 2595 nodes', () => {
    const w = oldnode();
    const gs = [group(podRun(w, 'a', 50000, 50, 100)), group(podRun(w, 'b', 1000, 95, 190))];
    const r = estimateOn(w, gs, { cpu: 1000, memMiB: 5000, pods: 100 }, 3000);
    expect([r.nodeCount, r.pods.length]).toEqual([2595, 51000]);
  });
});
