// A node crash whose evicted ReplicaSet pods are replaced elsewhere, end to end (node-health-timing.md
// §9 S1, §4.4, §6): two nodes of a 3 x 2 cluster crash at 100 s; kubelets on the M1 grid (jitter off,
// last renewal 92 s, probe 95 s), so each goes Unknown at 145 s, is tainted unreachable:NoSchedule at
// 145 s and unreachable:NoExecute at 150 s (each zone has its own queue and idle token), and its pods
// are evicted at 150 + 300 = 450 s. The ReplicaSet stops counting them at the DELETE and creates
// replacements at 450 s, which the scheduler binds to other nodes. The evicted pods stay Terminating:
// node-a-01's until it boots at 500 s and its kubelet confirms, node-b-01's until its Node object is
// deleted at 600 s and PodGC force-deletes the orphan 40-60 s later. Run for v1.34 (grace 50 s) and
// v1.31 (grace 40 s: every detection-driven time 10 s earlier, S1's v1.31 row).

import { describe, expect, it } from 'vitest';
import {
  NOEXEC_UNREACHABLE,
  NOSCHED_UNREACHABLE,
  type PodRow,
  rows,
  runPublic,
  S,
  sampleAt,
  times,
} from './public-run.js';

const scenario = (version: string) => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: crash-replace}
spec:
  duration: 12m
  kubernetesVersion: "${version}"
  kubelet: {jitter: false}
  metrics: {interval: 10s}
  cluster:
    nodePools: [{name: node, count: 6, zones: [zone-a, zone-b, zone-c], capacity: {cpu: "4", memory: 16Gi}}]
  workloads:
    - apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 6
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1", memory: 1Gi}}}]}
  faults:
    - {at: 100s, action: node-crash, node: node-a-01, for: 400s}
    - {at: 100s, action: node-crash, node: node-b-01}
    - {at: 600s, action: delete-node, node: node-b-01}
`;

const VERSIONS = [
  { version: '1.34', d: 0 },
  { version: '1.31', d: 10 },
];

describe.each(VERSIONS)(
  'node crash: evicted ReplicaSet pods are replaced elsewhere (v$version)',
  ({ version, d }) => {
    const run = runPublic(scenario(version));
    const crashed = ['node-a-01', 'node-b-01'];
    // Which pods the scheduler put on the crashed nodes (one each: 6 replicas spread over 6 nodes).
    const victims = crashed.map((n) => rows(run, { reason: 'Scheduled', node: n })[0]?.object as string);
    const victimRow = (pod: string) => run.pods.find((p) => p.pod === pod) as PodRow;

    it('spreads the replicas one per node before the crash', () => {
      expect(rows(run, { reason: 'Scheduled' }).filter((r) => r.t < 100 * S)).toHaveLength(6);
      expect(new Set(rows(run, { reason: 'Scheduled' }).map((r) => r.node)).size).toBe(6);
      expect(victims.every((v) => v !== undefined)).toBe(true);
    });

    it('marks the nodes Unknown at 145 - d s and taints them NoSchedule then, NoExecute 5 s later (S1)', () => {
      for (const n of crashed) {
        expect(times(run, { reason: 'NodeStatusUnknown', object: n })).toEqual([145 - d]);
        expect(times(run, { reason: 'TaintAdded', object: n, detail: NOSCHED_UNREACHABLE })).toEqual([
          145 - d,
        ]);
        expect(times(run, { reason: 'TaintAdded', object: n, detail: NOEXEC_UNREACHABLE })).toEqual([
          150 - d,
        ]);
      }
      // 1 of 2 nodes per zone is below the 0.55 threshold: every zone stays Normal.
      expect(rows(run, { kind: 'Zone' })).toEqual([]);
      expect(sampleAt(run, 150 - d)).toMatchObject({ nodes_ready: 4, nodes_unknown: 2 });
    });

    it('evicts exactly the crashed nodes pods at taint + 300 s', () => {
      const evictions = rows(run, { reason: 'TaintManagerEviction' });
      expect(evictions.map((r) => [r.t / S, r.object, r.node])).toEqual([
        [450 - d, victims[0], 'node-a-01'],
        [450 - d, victims[1], 'node-b-01'],
      ]);
      expect(sampleAt(run, 440 - d).evictions_total).toBe(0);
      expect(sampleAt(run, 450 - d).evictions_total).toBe(2);
    });

    it('creates the replacements at the eviction instant and binds them to other nodes', () => {
      const created = rows(run, { reason: 'Created', detail: 'ReplicaSet/web' }).filter((r) => r.t > 0);
      expect(created.map((r) => r.t / S)).toEqual([450 - d, 450 - d]);
      for (const c of created) {
        const bound = rows(run, { reason: 'Scheduled', object: c.object });
        expect(bound).toHaveLength(1);
        // A scheduling cycle plus the 2 ms bind latency after creation, onto a healthy node.
        expect(bound[0]?.t).toBeGreaterThanOrEqual((450 - d) * S + 2_000);
        expect(bound[0]?.t).toBeLessThan((451 - d) * S);
        expect(crashed).not.toContain(bound[0]?.node);
        expect(times(run, { reason: 'Started', object: c.object })).toHaveLength(1);
      }
      // Desired count restored: 6 running replicas from then on, 2 old pods Terminating.
      expect(sampleAt(run, 460 - d)).toMatchObject({ pods_running: 6, pods_pending: 0, pods_terminating: 2 });
    });

    it('leaves the evicted pods Terminating until the node boots, or PodGC removes the orphans', () => {
      const [onA, onB] = victims as [string, string];
      // node-a-01 boots at 500 s: Ready again, both taints gone in the same instant's monitor pass; its
      // kubelet stops the evicted pod and confirms the deletion.
      expect(times(run, { reason: 'NodeReady', object: 'node-a-01' })).toEqual([0, 500]);
      expect(times(run, { reason: 'TaintRemoved', object: 'node-a-01' })).toEqual([500, 500]);
      expect(times(run, { reason: 'Killing', object: onA })).toEqual([500]);
      const removedA = times(run, { reason: 'Deleted', object: onA });
      expect(removedA).toHaveLength(1);
      expect(removedA[0]).toBeGreaterThan(500);
      expect(removedA[0]).toBeLessThan(510);
      // node-b-01 never comes back: its pod is Terminating until the Node is deleted at 600 s, then
      // PodGC (every 20 s, 40 s quarantine) fails and force-deletes it 40-60 s later.
      expect(times(run, { reason: 'RemovingNode', object: 'node-b-01' })).toEqual([600]);
      const gc = rows(run, { object: onB }).filter((r) => r.t > 450 * S - d * S);
      expect(gc.map((r) => `${r.reason} ${r.detail}`)).toEqual(['Failed DeletionByPodGC', 'Deleted ']);
      expect(gc[0]?.t).toBe(gc[1]?.t);
      expect(gc[0]?.t).toBeGreaterThanOrEqual(640 * S);
      expect(gc[0]?.t).toBeLessThanOrEqual(660 * S);
      expect(sampleAt(run, 590).pods_terminating).toBe(1);
      expect(sampleAt(run, 660).pods_terminating).toBe(0);
      // pods.csv: deleted_s is the eviction (the deletionTimestamp), end_reason stays TaintManagerEviction.
      for (const v of victims) {
        expect(victimRow(v)).toMatchObject({
          deleted_s: `${450 - d}.000000`,
          end_reason: 'TaintManagerEviction',
        });
      }
      expect(victimRow(onB).finished_s).toBe(`${(gc[0]?.t as number) / S}.000000`);
      expect(run.summary.pods).toMatchObject({ created: 8, running_at_end: 6, unschedulable_at_end: 0 });
      expect(run.summary.evictions).toBe(2);
    });
  },
);
