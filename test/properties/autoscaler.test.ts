// Properties of the cluster-autoscaler (kubernetes/autoscaler cluster-autoscaler) on small random
// clusters and workloads, run through the whole simulation (scheduler, controllers, kubelets, the
// autoscaler component) and watched at every events.csv row:
// (1) no node group's target size ever leaves [minSize, maxSize]; a group never has more live nodes
//     outside deletion than its maxSize, nor fewer than its minSize counting machines still
//     provisioning (a node the autoscaler starts deleting counts as gone) (scaleup: the estimator's result is capped at the group's max,
//     core/scaleup/orchestrator; scaledown: RemovableAt keeps size - deletions in progress above min,
//     core/scaledown/planner and actuation/group_deletion_scheduler);
// (2) a node whose pods are drained is one whose pods fit on the other nodes at that moment
//     (simulator/cluster.go SimulateNodeRemoval: every pod to move is placed on another destination, or
//     the node is not removable, NoPlaceToMovePods). The oracle is independent of the autoscaler's
//     code: an exact search over the other nodes' free cpu, memory and pod slots with the pods'
//     nodeSelectors (the generated pods use nothing else), counting all nodes the same loop drains.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimEventRow } from '../../src/model/event-log.js';
import type { Node, Pod } from '../../src/model/types.js';
import { buildScenario } from '../../src/scenario/build.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import type { Sim } from '../../src/sim/assemble.js';
import { createSim } from '../../src/sim/setup.js';
import { runUntil } from '../helpers/run.js';

const ToBeDeleted = 'ToBeDeletedByClusterAutoscaler';

interface PoolCase {
  readonly name: string;
  readonly zones: readonly string[];
  readonly cpu: number;
  readonly memGi: number;
  readonly min: number;
  readonly max: number;
  readonly initialPerZone: number;
}

interface DeployCase {
  readonly name: string;
  readonly cpuMilli: number;
  readonly memMi: number;
  readonly replicas: number;
  /** nodeSelector on a pool or a zone, or none. */
  readonly selector: Readonly<Record<string, string>> | null;
  readonly scales: ReadonlyArray<{ atS: number; replicas: number }>;
}

interface Case {
  readonly pools: readonly PoolCase[];
  readonly deployments: readonly DeployCase[];
  readonly unneededS: number;
  readonly delayAfterAddS: number;
  readonly threshold: number;
  readonly maxDrain: number;
  readonly expander: string;
}

const arbPool = (name: string): fc.Arbitrary<PoolCase> =>
  fc
    .record({
      twoZones: fc.boolean(),
      cpu: fc.constantFrom(2, 4, 8),
      memGi: fc.constantFrom(8, 16),
      min: fc.integer({ min: 0, max: 2 }),
      span: fc.integer({ min: 0, max: 4 }),
      pick: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((r) => {
      const max = Math.max(1, r.min + r.span);
      const lo = Math.max(r.min, 1);
      return {
        name,
        zones: r.twoZones ? ['zone-a', 'zone-b'] : ['zone-a'],
        cpu: r.cpu,
        memGi: r.memGi,
        min: r.min,
        max,
        initialPerZone: Math.min(max, lo + Math.floor(r.pick * (max - lo + 1))),
      };
    });

const arbDeploy = (name: string, pools: readonly PoolCase[]): fc.Arbitrary<DeployCase> =>
  fc
    .record({
      cpuMilli: fc.constantFrom(500, 1000, 1500, 2000, 3000),
      memMi: fc.constantFrom(512, 1024, 4096),
      replicas: fc.integer({ min: 0, max: 12 }),
      selector: fc.constantFrom<'none' | 'pool' | 'zone'>('none', 'none', 'pool', 'zone'),
      pool: fc.integer({ min: 0, max: pools.length - 1 }),
      scales: fc.array(
        fc.record({ atS: fc.integer({ min: 60, max: 1500 }), replicas: fc.integer({ min: 0, max: 20 }) }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map((r) => ({
      name,
      cpuMilli: r.cpuMilli,
      memMi: r.memMi,
      replicas: r.replicas,
      selector: (r.selector === 'pool'
        ? { 'kubesim.io/pool': (pools[r.pool] as PoolCase).name }
        : r.selector === 'zone'
          ? { 'topology.kubernetes.io/zone': 'zone-b' }
          : null) as Readonly<Record<string, string>> | null,
      scales: [...r.scales].sort((a, b) => a.atS - b.atS),
    }));

const arbCase: fc.Arbitrary<Case> = fc
  .integer({ min: 1, max: 2 })
  .chain((n) => fc.tuple(...['p', 'q'].slice(0, n).map(arbPool)))
  .chain((pools) =>
    fc.record({
      pools: fc.constant(pools),
      deployments: fc
        .integer({ min: 1, max: 3 })
        .chain((n) => fc.tuple(...['web', 'api', 'job'].slice(0, n).map((d) => arbDeploy(d, pools)))),
      unneededS: fc.constantFrom(60, 120, 180),
      delayAfterAddS: fc.constantFrom(0, 60, 120),
      threshold: fc.constantFrom(0.5, 0.7, 0.9),
      maxDrain: fc.integer({ min: 1, max: 3 }),
      expander: fc.constantFrom('random', 'most-pods', 'least-waste'),
    }),
  );

function scenario(c: Case): string {
  const pools = c.pools.map(
    (p) =>
      `      - {name: ${p.name}, count: ${p.initialPerZone * p.zones.length}, zones: [${p.zones.join(', ')}], capacity: {cpu: "${p.cpu}", memory: ${p.memGi}Gi, pods: 110}, autoscaling: {minSize: ${p.min}, maxSize: ${p.max}}}`,
  );
  const deployments = c.deployments.map((d) => {
    const sel =
      d.selector === null
        ? ''
        : `nodeSelector: {${Object.entries(d.selector)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')}}, `;
    return `    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: ${d.name}}
      spec:
        replicas: ${d.replicas}
        selector: {matchLabels: {app: ${d.name}}}
        template:
          metadata: {labels: {app: ${d.name}}}
          spec: {${sel}containers: [{name: c, image: app:1, resources: {requests: {cpu: ${d.cpuMilli}m, memory: ${d.memMi}Mi}}}]}`;
  });
  const ops = c.deployments.flatMap((d) =>
    d.scales.map(
      (s) => `    - {at: ${s.atS}s, action: scale, target: Deployment/${d.name}, replicas: ${s.replicas}}`,
    ),
  );
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: ca-property}
spec:
  seed: 5
  duration: 40m
  cluster:
    nodePools:
${pools.join('\n')}
  autoscaler:
    expander: ${c.expander}
    scaleDownUnneededTime: ${c.unneededS}s
    scaleDownDelayAfterAdd: ${c.delayAfterAddS}s
    scaleDownUtilizationThreshold: ${c.threshold}
    maxDrainParallelism: ${c.maxDrain}
    cloudProvider: {provisioningDelay: 45s}
  workloads:
${deployments.join('\n')}
  operations:
${ops.join('\n')}
`;
}

/** Node groups as the scenario defines them: one per pool and zone, named <pool>-<zone suffix>. */
function groupsOf(c: Case): Array<{ id: string; pool: string; zone: string; min: number; max: number }> {
  return c.pools.flatMap((p) =>
    p.zones.map((z) => ({
      id: p.zones.length > 1 ? `${p.name}-${z.slice(-1)}` : p.name,
      pool: p.name,
      zone: z,
      min: p.min,
      max: p.max,
    })),
  );
}

interface Room {
  cpu: number;
  mem: number;
  slots: number;
  readonly labels: Readonly<Record<string, string>>;
}

const fitsOn = (pod: Pod, r: Room) =>
  pod.requests.milliCPU <= r.cpu &&
  pod.requests.memory <= r.mem &&
  r.slots >= 1 &&
  Object.entries(pod.spec.nodeSelector).every(([k, v]) => r.labels[k] === v);

/** Whether the pods can all be placed on the rooms (exact search; undefined when it gives up). */
function canPlace(pods: readonly Pod[], rooms: Room[]): boolean | undefined {
  const order = [...pods].sort((a, b) => b.requests.milliCPU - a.requests.milliCPU || a.idx - b.idx);
  let budget = 200_000;
  const go = (i: number): boolean | undefined => {
    if (i === order.length) return true;
    if (--budget < 0) return undefined;
    const pod = order[i] as Pod;
    const seen = new Set<string>();
    for (const r of rooms) {
      if (!fitsOn(pod, r)) continue;
      const key = `${r.cpu}/${r.mem}/${r.slots}/${JSON.stringify(r.labels)}`;
      if (seen.has(key)) continue; // an identical room was tried already
      seen.add(key);
      r.cpu -= pod.requests.milliCPU;
      r.mem -= pod.requests.memory;
      r.slots--;
      const ok = go(i + 1);
      r.cpu += pod.requests.milliCPU;
      r.mem += pod.requests.memory;
      r.slots++;
      if (ok !== false) return ok;
    }
    return false;
  };
  return go(0);
}

const beingDeleted = (n: Node) => n.taints.some((t) => t.key === ToBeDeleted);

/** Pods the drain moves: bound there, not DaemonSet pods, not already terminating. */
const podsToMove = (n: Node) => [...n.pods].filter((p) => !p.daemonSet && p.deletionUs === null);

interface Observed {
  scaleUps: number;
  atMax: number;
  atMin: number;
  drains: number;
  drainedPods: number;
  inconclusive: number;
}

function check(c: Case, seen: Observed): void {
  const { scenario: s } = loadScenarioText(scenario(c), 'ca-property.yaml');
  const built = buildScenario(s);
  const groups = groupsOf(c);
  let sim: Sim | undefined;
  let drainTimeUs = -1;
  let drainedThisInstant: Node[] = [];
  const reachedMax = new Set<string>();
  const reachedMin = new Set<string>();
  const groupOf = (n: Node) =>
    groups.find(
      (g) => n.labels['kubesim.io/pool'] === g.pool && n.labels['topology.kubernetes.io/zone'] === g.zone,
    );

  const checkSizes = (row: SimEventRow) => {
    const s = sim as Sim;
    const cloud = s.autoscaler?.ca.cloud;
    if (cloud === undefined) throw new Error('the scenario has no autoscaler');
    for (const g of groups) {
      const target = cloud.targetSize(g.id);
      const where = `group ${g.id} at ${row.timeUs / 1e6}s (${row.reason} ${row.object} ${row.node})`;
      expect(target, `target of ${where}`).toBeGreaterThanOrEqual(g.min);
      expect(target, `target of ${where}`).toBeLessThanOrEqual(g.max);
      const live = s.state.nodes.filter((n) => !n.deleted && groupOf(n) === g && !beingDeleted(n)).length;
      expect(live, `live nodes of ${where}`).toBeLessThanOrEqual(g.max);
      // What the group has or is getting: nodes not being deleted, plus machines still provisioning.
      const provisioning = cloud
        .instances(g.id)
        .filter((i) => i.state === 'creating' && i.error === null && !i.registered).length;
      expect(live + provisioning, `nodes kept or coming of ${where}`).toBeGreaterThanOrEqual(g.min);
      if (target === g.max && g.max > g.min) reachedMax.add(g.id);
      if (target === g.min && row.reason === 'ScaleDown') reachedMin.add(g.id);
    }
  };

  const checkDrain = (row: SimEventRow) => {
    const s = sim as Sim;
    const node = s.state.node(row.node) as Node;
    if (row.timeUs !== drainTimeUs) {
      drainTimeUs = row.timeUs;
      drainedThisInstant = [];
    }
    drainedThisInstant.push(node);
    const moving = drainedThisInstant.flatMap(podsToMove);
    const rooms: Room[] = s.state.nodes
      .filter((n) => !n.deleted && !n.unschedulable && !beingDeleted(n) && !drainedThisInstant.includes(n))
      .map((n) => ({
        cpu: n.allocatable.milliCPU - n.requested.milliCPU,
        mem: n.allocatable.memory - n.requested.memory,
        slots: n.allocatable.allowedPodNumber - n.pods.size,
        labels: n.labels,
      }));
    const ok = canPlace(moving, rooms);
    if (ok === undefined) seen.inconclusive++;
    else
      expect(
        ok,
        `${row.node} drained at ${row.timeUs / 1e6}s: its pods ${moving.map((p) => p.name)} fit nowhere`,
      ).toBe(true);
    seen.drains++;
    seen.drainedPods += podsToMove(node).length;
  };

  sim = createSim(built, {
    onEventRow: (row) => {
      if (sim === undefined) return; // rows of createSim itself (the initial nodes)
      checkSizes(row);
      if (row.kind === 'Autoscaler' && row.reason === 'ScaleDown') checkDrain(row);
      if (row.reason === 'ScaledUpGroup') seen.scaleUps++;
    },
  });
  runUntil(sim, built.config.durationUs);
  seen.atMax += reachedMax.size;
  seen.atMin += reachedMin.size;
}

describe('cluster-autoscaler properties on random clusters', () => {
  // The counterexample the property first found: at 190 s p-a-02 (one web pod) and p-a-03 (empty) are
  // both unneeded and p-a-01 is full. Simulating p-a-02 moves its pod onto p-a-03, so p-a-03 is no
  // longer empty and its (moved) pod fits nowhere: upstream removes one node, not both.
  it("a node that received a simulated node's pods is not removed as empty in the same pass", () => {
    const seen: Observed = { scaleUps: 0, atMax: 0, atMin: 0, drains: 0, drainedPods: 0, inconclusive: 0 };
    const pool = { name: 'p', zones: ['zone-a'], cpu: 2, memGi: 16, min: 1, max: 3, initialPerZone: 1 };
    const deploy = (name: string, cpuMilli: number, scales: Array<{ atS: number; replicas: number }>) => ({
      name,
      cpuMilli,
      memMi: 512,
      replicas: 0,
      selector: null,
      scales,
    });
    check(
      {
        pools: [pool],
        deployments: [
          deploy('web', 1000, [
            { atS: 60, replicas: 2 },
            { atS: 190, replicas: 0 },
          ]),
          deploy('api', 500, [
            { atS: 60, replicas: 8 },
            { atS: 70, replicas: 2 },
          ]),
        ],
        unneededS: 60,
        delayAfterAddS: 0,
        threshold: 0.9,
        maxDrain: 1,
        expander: 'random',
      },
      seen,
    );
    expect(seen.drains).toBeGreaterThanOrEqual(1);
  });

  it('node groups stay within [minSize, maxSize]; a drained node is one whose pods fit elsewhere', () => {
    const seen: Observed = { scaleUps: 0, atMax: 0, atMin: 0, drains: 0, drainedPods: 0, inconclusive: 0 };
    fc.assert(
      fc.property(arbCase, (c) => check(c, seen)),
      { numRuns: 50, seed: 14 },
    );
    // The generator must reach both bounds and drain nodes with pods, or the checks prove nothing.
    expect(seen.scaleUps).toBeGreaterThan(10);
    expect(seen.atMax).toBeGreaterThan(3);
    expect(seen.atMin).toBeGreaterThan(3);
    expect(seen.drains).toBeGreaterThan(5);
    expect(seen.drainedPods).toBeGreaterThan(5);
    expect(seen.inconclusive).toBeLessThan(seen.drains / 10 + 1);
  });
});
