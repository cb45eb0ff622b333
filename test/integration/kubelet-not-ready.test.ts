// Kubelet NotReady with a ReplicaSet (node-health-timing.md §9 S10): node-a-01's container runtime fails
// at 100 s while its kubelet keeps renewing the lease. On the M1 grid its status tick at 107 s posts
// Ready=False (KubeletNotReady) and adds not-ready:NoSchedule; the 110 s pass queues it and taints
// not-ready:NoExecute at once; its pods go at 110 + 300 = 410 s and the ReplicaSet replaces them on
// other nodes at that instant. The node never turns Unknown. With no runtime nothing stops the evicted
// containers, so they stay Terminating until the runtime is back at 450 s; the kubelet posts Ready at its
// 457 s tick (NoSchedule removed at once), and the 460 s pass removes the NoExecute taint.

import { beforeAll, describe, expect, it } from 'vitest';
import { lifecycleScenario, POOL6, WEB_REPLICASET, watchPodReady } from '../helpers/node-lifecycle.js';
import {
  NOEXEC_NOT_READY,
  NOSCHED_NOT_READY,
  type PublicRun,
  rows,
  runPublic,
  S,
  sampleAt,
  times,
} from './public-run.js';

const scenario = lifecycleScenario({
  name: 's10-replicaset',
  duration: '8m',
  pools: POOL6,
  faults: '    - {at: 100s, action: kubelet-not-ready, node: node-a-01, for: 350s}',
  extra: `  metrics: {interval: 10s}\n  workloads:\n${WEB_REPLICASET}\n`,
});

describe('kubelet NotReady (S10) with a ReplicaSet', () => {
  /** Ready changes of pods on node-a-01 before the eviction (the controller's MarkPodsNotReady). */
  let readyFlips: string[] = [];
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  let onNode: string[];
  beforeAll(() => {
    run = runPublic(scenario, {
      watch: (sim) => {
        readyFlips = watchPodReady(
          sim,
          (pod) => pod.nodeName === 'node-a-01' && sim.nowUs < 410 * S,
          (pod) => pod.key,
        );
      },
    });
    onNode = rows(run, { reason: 'Scheduled', node: 'node-a-01' }).map((r) => r.object);
  });

  it('goes NotReady at the 107 s status tick and is tainted NoSchedule then NoExecute, never Unknown', () => {
    expect(times(run, { reason: 'NodeNotReady', object: 'node-a-01', detail: 'KubeletNotReady' })).toEqual([
      107,
    ]);
    expect(times(run, { reason: 'TaintAdded', object: 'node-a-01', detail: NOSCHED_NOT_READY })).toEqual([
      107,
    ]);
    expect(times(run, { reason: 'TaintAdded', object: 'node-a-01', detail: NOEXEC_NOT_READY })).toEqual([
      110,
    ]);
    expect(rows(run, { reason: 'NodeStatusUnknown' })).toEqual([]);
    expect(rows(run, { reason: 'TaintAdded', detail: /unreachable/ })).toEqual([]);
    expect(sampleAt(run, 100)).toMatchObject({ nodes_ready: 6, nodes_not_ready: 0 });
    expect(sampleAt(run, 110)).toMatchObject({ nodes_ready: 5, nodes_not_ready: 1, nodes_unknown: 0 });
  });

  it('evicts the node pods at 410 s and the ReplicaSet replaces them elsewhere at once', () => {
    expect(onNode).toHaveLength(2);
    const evictions = rows(run, { reason: 'TaintManagerEviction' });
    expect(evictions.map((r) => r.t / S)).toEqual([410, 410]);
    expect(evictions.map((r) => r.object).sort()).toEqual([...onNode].sort());
    const replacements = rows(run, { reason: 'Created', detail: 'ReplicaSet/web' }).filter((r) => r.t > 0);
    expect(replacements.map((r) => r.t / S)).toEqual([410, 410]);
    for (const r of replacements) {
      const bound = rows(run, { reason: 'Scheduled', object: r.object });
      expect(bound).toHaveLength(1);
      // not-ready:NoSchedule keeps the scheduler off node-a-01.
      expect(bound[0]?.node).not.toBe('node-a-01');
      expect(bound[0]?.t).toBeLessThan(411 * S);
    }
    expect(sampleAt(run, 400)).toMatchObject({ evictions_total: 0, pods_running: 12 });
    expect(sampleAt(run, 420)).toMatchObject({ evictions_total: 2, pods_running: 12, pods_terminating: 2 });
  });

  it('keeps the evicted pods Terminating until the runtime is back, then recovers the node', () => {
    for (const p of onNode) {
      const tail = rows(run, { object: p }).filter((r) => r.t >= 410 * S);
      expect(tail.map((r) => r.reason)).toEqual(['TaintManagerEviction', 'Killing', 'Deleted']);
      expect(tail[1]?.t).toBe(450 * S);
      expect(tail[2]?.t).toBeGreaterThan(450 * S);
    }
    expect(sampleAt(run, 440).pods_terminating).toBe(2);
    expect(times(run, { reason: 'NodeReady', object: 'node-a-01' })).toEqual([0, 457]);
    expect(times(run, { reason: 'TaintRemoved', object: 'node-a-01', detail: NOSCHED_NOT_READY })).toEqual([
      457,
    ]);
    expect(times(run, { reason: 'TaintRemoved', object: 'node-a-01', detail: NOEXEC_NOT_READY })).toEqual([
      460,
    ]);
    expect(sampleAt(run, 470)).toMatchObject({ nodes_ready: 6, pods_terminating: 0, pods_running: 12 });
  });

  it('does not mark the pods NotReady before the eviction (S10: the controller observed Ready=False)', () => {
    // Only the start-up readiness of the two pods (true) at the beginning; nothing from 100 s to 410 s.
    expect(readyFlips.filter((f) => Number(f.split(' ')[0]) >= 100)).toEqual([]);
    expect(readyFlips.filter((f) => f.endsWith('true'))).toHaveLength(2);
  });
});
