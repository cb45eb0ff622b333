// Preemption end to end (scheduler.md §5; default_preemption.go, preemption.go): a low-priority
// Deployment fills a 2-node cluster; at 60 s a Deployment whose PriorityClass is high is applied. Its pod
// fits nowhere, so DefaultPreemption picks the node where evicting the fewest, least important pods
// makes room (both nodes need both of their pods gone: the tie goes to the node whose victims started
// latest), the victims get Preempted (graceful deletion, 5 s Terminating stage), and the preemptor is
// nominated to that node. A node added at 62 s retries it while the victims are still terminating: not
// eligible to preempt again. When the victims are gone (65 s) it binds to its nominated node. The
// ReplicaSet's replacements for the victims have lower priority and cannot preempt anyone: Pending.

import { beforeAll, describe, expect, it } from 'vitest';
import { type EventRow, type PublicRun, rows, runPublic, S, sampleAt, times, us } from './public-run.js';

const scenario = `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: preemption}
spec:
  duration: 3m
  metrics: {interval: 10s}
  cluster:
    nodePools:
      - {name: node, count: 2, zones: [zone-a], capacity: {cpu: "4", memory: 16Gi}}
      - {name: small, count: 0, zones: [zone-a], capacity: {cpu: "1", memory: 4Gi}}
  stages:
    - {name: pod-delete, on: Terminating, delay: {distribution: constant, value: 5s}}
  workloads:
    - {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: low}, value: 100}
    - {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: high}, value: 100000}
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: batch}
      spec:
        replicas: 4
        selector: {matchLabels: {app: batch}}
        template:
          metadata: {labels: {app: batch}}
          spec: {priorityClassName: low, containers: [{name: b, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "2", memory: 1Gi}}}]}
  faults:
    - {at: 62s, action: add-nodes, pool: small, count: 1}
  operations:
    - at: 60s
      action: apply
      manifest:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: critical}
        spec:
          replicas: 1
          selector: {matchLabels: {app: critical}}
          template:
            metadata: {labels: {app: critical}}
            spec: {priorityClassName: high, containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "3", memory: 1Gi}}}]}
`;

describe('preemption by a high-priority Deployment on a full cluster', () => {
  const nominations: string[] = [];
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  let preemptor: string;
  let preempted: EventRow[];
  let node: string;
  beforeAll(() => {
    run = runPublic(scenario, {
      watch: (sim) =>
        sim.state.watch({
          podUpdated: (pod, change) => {
            if (change === 'nominated')
              nominations.push(`${sim.nowUs / S} ${pod.key} ${pod.nominatedNodeName}`);
          },
        }),
    });
    preemptor = rows(run, { reason: 'Created', detail: /^ReplicaSet\/critical-/ })[0]?.object as string;
    preempted = rows(run, { reason: 'Preempted' });
    node = preempted[0]?.node as string;
  });

  it('preempts the pods of the node whose victims started latest, and nominates that node', () => {
    expect(preemptor).toMatch(/^default\/critical-/);
    expect(preempted).toHaveLength(2);
    expect(preempted.every((r) => r.t === 60 * S && r.node === node)).toBe(true);
    expect(preempted.every((r) => r.detail === `preempted by ${preemptor} on ${node}`)).toBe(true);
    // pickOneNodeForPreemption: same victim count and priorities on both nodes; the node whose
    // earliest-started victim started latest wins (evict the most recently started pods).
    const earliestStart = (n: string) =>
      Math.min(
        ...run.pods
          .filter((p) => p.node === n && p.owner.startsWith('ReplicaSet/batch-'))
          .map((p) => us(p.started_s)),
      );
    const other = node === 'node-a-01' ? 'node-a-02' : 'node-a-01';
    expect(earliestStart(node)).toBeGreaterThan(earliestStart(other));
    expect(nominations).toEqual([`60 ${preemptor} ${node}`]);
    // Victims are deleted gracefully: Killing at once, gone after the 5 s Terminating stage.
    for (const v of preempted) {
      expect(times(run, { object: v.object }).slice(-3)).toEqual([60, 60, 65]);
      expect(run.pods.find((p) => p.pod === v.object)).toMatchObject({
        deleted_s: '60.000000',
        finished_s: '65.000000',
        end_reason: 'Preempted',
      });
    }
    expect(sampleAt(run, 50).preemptions_total).toBe(0);
    expect(sampleAt(run, 60).preemptions_total).toBe(2);
    expect(run.summary.preemptions).toBe(2);
  });

  it('does not preempt again while its victims terminate, and binds to the nominated node after', () => {
    const failed = rows(run, { reason: 'FailedScheduling', object: preemptor });
    expect(failed.map((r) => [r.t / S, r.detail])).toEqual([
      // A successful PostFilter leaves no message (the victims are on their way out).
      [60, '0/2 nodes are available: 2 Insufficient cpu.'],
      // The node added at 62 s is too small for it: NodeResourcesFit's queueing hint (and, before
      // 1.32, eventhandlers.go preCheckForNode) skips the retry, so no second FailedScheduling.
    ]);
    const bound = rows(run, { reason: 'Scheduled', object: preemptor });
    expect(bound).toHaveLength(1);
    expect(bound[0]?.node).toBe(node);
    // The victims' deletion (an AssignedPodDelete event) at 65 s requeues it: the next cycle assumes
    // it at once and the Binding lands after the 2 ms bind latency (the cycle's own cost first).
    expect(bound[0]?.t).toBeGreaterThan(65 * S + 2_000);
    expect(bound[0]?.t).toBeLessThan(65 * S + 3_000);
    expect(run.pods.find((p) => p.pod === preemptor)).toMatchObject({
      scheduling_attempts: '2',
      end_reason: 'Running',
    });
  });

  it('leaves the lower-priority replacements Pending: they cannot preempt anyone', () => {
    const replacements = rows(run, { reason: 'Created', detail: /^ReplicaSet\/batch-/ }).filter(
      (r) => r.t === 60 * S,
    );
    expect(replacements).toHaveLength(2);
    for (const r of replacements) {
      expect(rows(run, { reason: 'Scheduled', object: r.object })).toEqual([]);
      const last = rows(run, { reason: 'FailedScheduling', object: r.object }).at(-1);
      expect(last?.detail).toContain('preemption: 0/3 nodes are available:');
      expect(last?.detail).toContain('No preemption victims found for incoming pod');
    }
    expect(run.summary.pods.unschedulable_at_end).toBe(2);
    expect(sampleAt(run, 180)).toMatchObject({ pods_pending: 2, pods_running: 3, pods_terminating: 0 });
  });
});
