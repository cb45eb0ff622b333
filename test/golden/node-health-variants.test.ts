// Timelines derived from the rules of node-health-timing.md (not the worked examples): other zone
// sizes and thresholds, flags and versions, and fault mixes (partitions, timeouts, deletions, node
// additions, out-of-service, kube-controller-manager restarts). Kubelets on the M1 grid throughout.

import { describe, expect, it } from 'vitest';
import { names, scenarioText } from './scenario-text.js';
import { NOEXEC_UNREACHABLE, NOSCHED_UNREACHABLE, rowsOf, runText, timesOf } from './timeline.js';

const crash = (nodes: readonly string[], extra = '') =>
  `{at: 100s, action: node-crash, nodes: [${nodes.join(', ')}]${extra}}`;

describe('zone sizes and thresholds', () => {
  it('4 zones x 30: 17 of 30 down (57 %) is a small partial disruption: no NoExecute taints', () => {
    const zones = ['zone-a', 'zone-b', 'zone-c', 'zone-d'];
    const rows = runText(scenarioText({ zones, perZone: 30, faults: [crash(names('a', 1, 17))] }));
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => [r.timeUs / 1e6, r.object, r.detail])).toEqual([
      [145, 'zone-a', 'PartialDisruption'],
    ]);
    expect(rowsOf(rows, { detail: NOEXEC_UNREACHABLE })).toEqual([]);
  });

  it('a zone of 51 nodes with 30 down (59 %) is large: one taint per 100 s', () => {
    const rows = runText(
      scenarioText({ zones: ['zone-a'], perZone: 51, duration: '500s', faults: [crash(names('a', 1, 30))] }),
    );
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([150, 250, 350, 450]);
  });

  it('a zone of exactly 50 nodes with 28 down (56 %) is small: rate 0', () => {
    const rows = runText(
      scenarioText({ zones: ['zone-a'], perZone: 50, faults: [crash(names('a', 1, 28))] }),
    );
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => r.detail)).toEqual(['PartialDisruption']);
    expect(rowsOf(rows, { detail: NOEXEC_UNREACHABLE })).toEqual([]);
  });

  it('exactly 55 % (11 of 20) counts as partial disruption', () => {
    const rows = runText(scenarioText({ faults: [crash(names('a', 1, 11))] }));
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => r.detail)).toEqual(['PartialDisruption']);
  });

  it('unhealthyZoneThreshold 0.3: 8 of 20 down is already a (small) partial disruption', () => {
    const rows = runText(
      scenarioText({ controllerManager: '{unhealthyZoneThreshold: 0.3}', faults: [crash(names('a', 1, 8))] }),
    );
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => r.detail)).toEqual(['PartialDisruption']);
    expect(rowsOf(rows, { detail: NOEXEC_UNREACHABLE })).toEqual([]);
  });

  it('largeClusterSizeThreshold 10: a 20-node zone at 60 % taints at the secondary rate', () => {
    const rows = runText(
      scenarioText({
        controllerManager: '{largeClusterSizeThreshold: 10, secondaryNodeEvictionRate: 0.02}',
        faults: [crash(names('a', 1, 12))],
      }),
    );
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([
      150, 200, 250, 300, 350, 400, 450, 500, 550, 600,
    ]);
  });

  it('a rate whose interval is off the 100 ms grid lands on the next tick (0.3/s: +0.1 s drift per step)', () => {
    const rows = runText(
      scenarioText({ controllerManager: '{nodeEvictionRate: 0.3}', faults: [crash(names('a', 1, 5))] }),
    );
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([
      150, 153.4, 156.8, 160.2, 163.6,
    ]);
  });

  it('single-zone cluster: 6 of 10 down is partial (rate 0); all 10 down is master disruption mode', () => {
    const six = runText(scenarioText({ zones: ['zone-a'], perZone: 10, faults: [crash(names('a', 1, 6))] }));
    expect(rowsOf(six, { detail: NOEXEC_UNREACHABLE })).toEqual([]);
    const all = runText(
      scenarioText({
        zones: ['zone-a'],
        perZone: 10,
        podsOn: ['node-a-01'],
        faults: ['{at: 100s, action: zone-outage, zone: zone-a}'],
      }),
    );
    expect(rowsOf(all, { kind: 'Zone' }).map((r) => r.detail)).toEqual(['FullDisruption']);
    expect(rowsOf(all, { detail: NOEXEC_UNREACHABLE })).toEqual([]);
    expect(rowsOf(all, { reason: 'TaintManagerEviction' })).toEqual([]);
  });

  it('zone keys combine region and zone; a fault may name the zone label', () => {
    const text = scenarioText({
      zones: [],
      perZone: 0,
      faults: ['{at: 100s, action: zone-outage, zone: zone-a}'],
    }).replace(/count: 0, zones: \[\]/, 'count: 40, zones: [zone-a, zone-b], region: eu-west-1');
    const rows = runText(text);
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => [r.object, r.detail])).toEqual([
      ['eu-west-1:zone-a', 'FullDisruption'],
    ]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE }).slice(0, 3)).toEqual([
      150, 160, 170,
    ]);
  });

  it('nodes labelled node.kubernetes.io/exclude-disruption do not count towards zone states', () => {
    const text = scenarioText({ perZone: 4, zones: ['zone-a'], faults: [crash(names('a', 1, 3))] }).replace(
      'capacity: {cpu: "8", memory: 32Gi}}',
      'capacity: {cpu: "8", memory: 32Gi}}\n      - {name: edge, count: 20, zone: zone-a, capacity: {cpu: "1", memory: 1Gi}, labels: {node.kubernetes.io/exclude-disruption: ""}}',
    );
    const rows = runText(text);
    // Only the 4 node-a-* count: 3 of 4 down is a (small) partial disruption despite 20 healthy edge nodes.
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => r.detail)).toEqual(['PartialDisruption']);
    expect(rowsOf(rows, { detail: NOEXEC_UNREACHABLE })).toEqual([]);
  });
});

describe('versions and flags', () => {
  it.each([
    ['1.27', 135],
    ['1.31', 135],
    ['1.32', 145],
    ['1.36', 145],
  ])('v%s: Ready=Unknown at %i after a crash at 100', (version, unknown) => {
    const rows = runText(scenarioText({ version, faults: [crash(['node-a-01'])] }));
    expect(timesOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([unknown]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([unknown + 5]);
  });

  it('nodeMonitorGracePeriod: 30s overrides the version default', () => {
    const rows = runText(
      scenarioText({ controllerManager: '{nodeMonitorGracePeriod: 30s}', faults: [crash(['node-a-01'])] }),
    );
    expect(timesOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([125]);
  });

  it('nodeLeaseDurationSeconds 20: renewals every 5 s (at 1, 6, ..., 96), Unknown at 150', () => {
    const rows = runText(
      scenarioText({
        kubelet: '{jitter: false, nodeLeaseDurationSeconds: 20}',
        faults: [crash(['node-a-01'])],
      }),
    );
    expect(timesOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([150]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([155]);
  });

  it('nodeMonitorPeriod 2s: passes at 2k, detection on the first pass at least 50 s after the probe', () => {
    const rows = runText(
      scenarioText({ controllerManager: '{nodeMonitorPeriod: 2s}', faults: [crash(['node-a-01'])] }),
    );
    // Renewal at 92 seen by the pass at 92 (kubelet first at one instant): probe 92, stale at 142.
    expect(timesOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([142]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([144]);
  });

  it('custom toleration defaults from kube-apiserver flags', () => {
    const text = scenarioText({ podsOn: ['node-a-01'], faults: [crash(['node-a-01'])] }).replace(
      '  cluster:',
      '  apiServer: {defaultUnreachableTolerationSeconds: 60}\n  cluster:',
    );
    expect(timesOf(runText(text), { reason: 'TaintManagerEviction' })).toEqual([210]);
  });
});

describe('fault mixes', () => {
  it('network partition (fast-fail): Ready again at the first status tick after it heals, lease at the next back-off GET', () => {
    const rows = runText(
      scenarioText({
        kubelet: '{jitter: false, heartbeatEvents: true}',
        podsOn: ['node-b-01'],
        faults: ['{at: 100s, action: network-partition, node: node-b-01, for: 200s}'],
      }),
    );
    expect(timesOf(rows, { reason: 'NodeStatusUnknown', object: 'node-b-01' })).toEqual([145]);
    expect(timesOf(rows, { reason: 'TaintAdded', object: 'node-b-01', detail: NOEXEC_UNREACHABLE })).toEqual([
      150,
    ]);
    // GET back-off from 102: ..., 128.6, then every 7 s: 296.6 fails, 303.6 succeeds.
    expect(
      timesOf(rows, { reason: 'LeaseRenewed', object: 'node-b-01' }).filter((t) => t > 92 && t < 320),
    ).toEqual([303.6, 313.6]);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-b-01' })).toEqual([0, 307]);
    expect(
      timesOf(rows, { reason: 'TaintRemoved', object: 'node-b-01', detail: NOEXEC_UNREACHABLE }),
    ).toEqual([310]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' })).toEqual([]);
  });

  it('lease failures in timeout mode: every call hangs 10 s, so the 5 PUTs span 102..132', () => {
    const rows = runText(
      scenarioText({
        kubelet: '{jitter: false, heartbeatEvents: true}',
        faults: ['{at: 100s, action: lease-renew-failures, node: node-a-01, for: 30s, mode: timeout}'],
      }),
    );
    expect(timesOf(rows, { reason: 'LeaseRenewFailed', object: 'node-a-01' })).toEqual([112, 122, 132]);
    expect(
      timesOf(rows, { reason: 'LeaseRenewed', object: 'node-a-01' }).filter((t) => t > 92 && t < 160),
    ).toEqual([132, 142, 152]);
    expect(timesOf(rows, { reason: 'NodeStatusUpdateFailed', object: 'node-a-01' })).toEqual([117, 127, 137]);
    expect(rowsOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([]);
  });

  it('a long black-holed partition: the GET back-off cycle is 10 s timeout + 7 s sleep', () => {
    const rows = runText(
      scenarioText({
        kubelet: '{jitter: false, heartbeatEvents: true}',
        duration: '260s',
        faults: ['{at: 100s, action: network-partition, node: node-a-01, mode: timeout}'],
      }),
    );
    // PUTs fail at 112..152, GETs at 162, then after 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 7 s sleeps + 10 s each.
    expect(timesOf(rows, { reason: 'LeaseRenewFailed', object: 'node-a-01', detail: 'get' })).toEqual([
      162, 172.2, 182.6, 193.4, 205, 218.2, 234.6, 251.6,
    ]);
  });

  it('node-recover ends a crash without `for`; Fault rows name each node', () => {
    const rows = runText(
      scenarioText({
        faults: [
          '{at: 100s, action: node-crash, nodes: [node-a-01, node-a-02]}',
          '{at: 200s, action: node-recover, node: node-a-02}',
        ],
      }),
    );
    expect(
      rowsOf(rows, { kind: 'Fault' }).map((r) => [r.timeUs / 1e6, r.reason, r.object, r.detail]),
    ).toEqual([
      [100, 'node-crash', 'node-a-01', 'start'],
      [100, 'node-crash', 'node-a-02', 'start'],
      [200, 'node-recover', 'node-a-02', 'start'],
      [200, 'node-crash', 'node-a-02', 'end'],
    ]);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-a-02' })).toEqual([0, 200]);
    expect(
      timesOf(rows, { reason: 'TaintRemoved', object: 'node-a-02', detail: NOEXEC_UNREACHABLE }),
    ).toEqual([200]);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-a-01' })).toEqual([0]);
  });

  it('evicted pods stay Terminating on a dead node and are removed when it boots', () => {
    const rows = runText(
      scenarioText({
        podsOn: ['node-a-01'],
        duration: '800s',
        faults: [crash(['node-a-01'], ', for: 500s')],
      }),
    );
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([450]);
    // Removed once the booted kubelet has stopped it (within the pod's 30 s grace period).
    const [deleted] = timesOf(rows, { reason: 'Deleted', object: 'default/node-a-01-p0' });
    expect(deleted).toBeGreaterThanOrEqual(600);
    expect(deleted).toBeLessThanOrEqual(630);
  });

  it('delete-node: PodGC force-deletes the orphans after the 40 s quarantine (40-60 s)', () => {
    for (const [at, gone] of [
      [100, 140],
      [105, 160],
      [120, 160],
    ] as const) {
      const rows = runText(
        scenarioText({
          podsOn: ['node-c-01'],
          faults: [`{at: ${at}s, action: delete-node, node: node-c-01}`],
        }),
      );
      expect(timesOf(rows, { reason: 'RemovingNode', object: 'node-c-01' })).toEqual([at]);
      expect(timesOf(rows, { reason: 'Deleted', object: 'default/node-c-01-p0' })).toEqual([gone]);
      expect(rowsOf(rows, { reason: 'Failed', object: 'default/node-c-01-p0' }).map((r) => r.detail)).toEqual(
        ['DeletionByPodGC'],
      );
    }
  });

  it('out-of-service taint on a dead node: non-tolerating pods evicted at once, force-deleted by the next PodGC pass', () => {
    const rows = runText(
      scenarioText({
        podsOn: ['node-a-01'],
        faults: [crash(['node-a-01']), '{at: 205s, action: out-of-service, node: node-a-01}'],
      }),
    );
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([205]);
    expect(timesOf(rows, { reason: 'Deleted', object: 'default/node-a-01-p0' })).toEqual([220]);
  });

  it('add-nodes: new nodes register and report Ready at once, then heartbeat on the grid', () => {
    const rows = runText(
      scenarioText({
        faults: [
          '{at: 33s, action: add-nodes, pool: node, count: 2}',
          '{at: 40s, action: node-crash, node: node-a-21}',
        ],
      }),
    );
    expect(
      rowsOf(rows, { reason: 'RegisteredNode', object: /-21$/ }).map((r) => [r.timeUs / 1e6, r.object]),
    ).toEqual([
      [33, 'node-a-21'],
      [33, 'node-b-21'],
    ]);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-a-21' })).toEqual([33]);
    // Lease at 33 (start-up sync), then none: the node crashed at 40 before the 42 renewal.
    // First seen at the 35 pass (probe 35), stale at 85.
    expect(timesOf(rows, { reason: 'NodeStatusUnknown', object: 'node-a-21' })).toEqual([85]);
  });

  it('kube-controller-manager restart: NoExecute taints dropped and re-added at the zone rate, timers re-armed', () => {
    const rows = runText(
      scenarioText({
        podsOn: ['node-a-01', 'node-a-02'],
        duration: '700s',
        faults: [crash(['node-a-01', 'node-a-02']), '{at: 300s, action: controller-manager-restart}'],
      }),
    );
    expect(
      rowsOf(rows, { detail: NOEXEC_UNREACHABLE }).map((r) => [r.timeUs / 1e6, r.reason, r.object]),
    ).toEqual([
      [150, 'TaintAdded', 'node-a-01'],
      [160, 'TaintAdded', 'node-a-02'],
      [300, 'TaintRemoved', 'node-a-01'],
      [300, 'TaintRemoved', 'node-a-02'],
      [300, 'TaintAdded', 'node-a-01'],
      [310, 'TaintAdded', 'node-a-02'],
    ]);
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([600, 610]);
    // The NoSchedule taints and the Unknown condition live in the API and stay.
    expect(rowsOf(rows, { reason: 'TaintRemoved', detail: NOSCHED_UNREACHABLE })).toEqual([]);
  });

  it('kube-controller-manager restart before detection: every probe starts afresh', () => {
    const rows = runText(
      scenarioText({ faults: [crash(['node-a-01']), '{at: 140s, action: controller-manager-restart}'] }),
    );
    // The restarted controller first sees the node at 140 (probe = 140), stale at 190.
    expect(timesOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([190]);
  });

  it('kubelet-not-ready then crash: not-ready:NoExecute is swapped for unreachable at once (not rate-limited)', () => {
    const rows = runText(
      scenarioText({
        podsOn: ['node-a-01'],
        faults: [
          '{at: 100s, action: kubelet-not-ready, node: node-a-01}',
          '{at: 200s, action: node-crash, node: node-a-01}',
        ],
      }),
    );
    expect(timesOf(rows, { reason: 'TaintAdded', detail: 'node.kubernetes.io/not-ready:NoExecute' })).toEqual(
      [110],
    );
    // Last renewal 192, probe 195, Unknown at 245; the 250 pass observes Unknown and swaps.
    expect(timesOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([245]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([250]);
    expect(
      timesOf(rows, { reason: 'TaintRemoved', detail: 'node.kubernetes.io/not-ready:NoExecute' }),
    ).toEqual([250]);
    // The deletion scheduled from 110 keeps its start time across the swap.
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([410]);
  });

  it('jitter on: Unknown lands within the real-cluster window c + 39.6 .. c + 55 s for any seed', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const rows = runText(scenarioText({ kubelet: '{}', faults: [crash(['node-a-01'])] }), [
        `spec.seed=${seed}`,
      ]);
      const [t] = timesOf(rows, { reason: 'NodeStatusUnknown' });
      expect(t).toBeGreaterThanOrEqual(139.6);
      expect(t).toBeLessThanOrEqual(155);
    }
  });
});

describe('controller client rate limits (opt-in)', () => {
  it('apiRateLimits: 40 evictions due together go 10 at once, then one per 3 tokens at 20 QPS', () => {
    const text = scenarioText({
      controllerManager: '{apiRateLimits: true}',
      duration: '500s',
      faults: [crash(['node-a-01'])],
    }).replace(
      '  faults:',
      `  workloads:\n${Array.from({ length: 40 }, (_, k) => `    - {apiVersion: v1, kind: Pod, metadata: {name: p${String(k).padStart(2, '0')}}, spec: {nodeName: node-a-01, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}`).join('\n')}\n  faults:`,
    );
    const times = timesOf(runText(text), { reason: 'TaintManagerEviction' });
    expect(times.slice(0, 10)).toEqual(Array(10).fill(450));
    expect(times.slice(10, 13)).toEqual([450.15, 450.3, 450.45]);
    expect(times).toHaveLength(40);
    expect(times[39]).toBe(454.5);
  });

  it('off by default: all 40 at once', () => {
    const text = scenarioText({ duration: '500s', faults: [crash(['node-a-01'])] }).replace(
      '  faults:',
      `  workloads:\n${Array.from({ length: 40 }, (_, k) => `    - {apiVersion: v1, kind: Pod, metadata: {name: p${k}}, spec: {nodeName: node-a-01, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}`).join('\n')}\n  faults:`,
    );
    expect(new Set(timesOf(runText(text), { reason: 'TaintManagerEviction' }))).toEqual(new Set([450]));
  });
});
