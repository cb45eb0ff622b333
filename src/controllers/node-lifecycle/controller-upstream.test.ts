// Rules of monitorNodeHealth, tryUpdateNodeHealth, handleDisruption and doNoExecuteTaintingPass
// (pkg/controller/nodelifecycle/node_lifecycle_controller.go) in a running simulation, each chosen so a
// wrong rule changes what the test sees (docs/mutation.md). v1.34 defaults: monitor period 5 s, grace
// 50 s, startup grace 60 s, eviction rate 0.1/s, 100 ms tainting grid. Simulations run inside each test.

import { describe, expect, it } from 'vitest';
import {
  addBareNode,
  lifecycleScenario,
  NE,
  NS,
  POOL6,
  POOL9,
  lifecycleRows as rows,
  runTo as run,
  WEB_REPLICASET,
  watchPodReady,
} from '../../../test/helpers/node-lifecycle.js';
import { runUntil } from '../../../test/helpers/run.js';
import { S, simFromYaml } from '../../../test/helpers/scenario.js';
import type { NodeCondition } from '../../model/types.js';
import type { Sim } from '../../sim/assemble.js';

const scenario = (pools: string, faults: string, controllerManager = ''): string =>
  lifecycleScenario({ pools, faults, controllerManager });

function conditions(sim: Sim, name: string): Pick<NodeCondition, 'type' | 'status' | 'reason' | 'message'>[] {
  const node = sim.state.node(name);
  if (node === undefined) throw new Error(`${name} missing`);
  return [...node.conditions.values()].map(({ type, status, reason, message }) => ({
    type,
    status,
    reason,
    message,
  }));
}

describe('tryUpdateNodeHealth: marking a silent node Unknown', () => {
  it('Ready and the three pressure conditions become Unknown/NodeStatusUnknown once the grace period is over', () => {
    const sim = run(scenario(POOL6, '    - {at: 100s, action: node-crash, node: node-a-01}'), 144);
    expect(conditions(sim, 'node-a-01').map((c) => c.status)).toEqual(['False', 'False', 'False', 'True']);
    runUntil(sim, 146 * S);
    const stopped = {
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    };
    expect(conditions(sim, 'node-a-01')).toEqual([
      { type: 'MemoryPressure', ...stopped },
      { type: 'DiskPressure', ...stopped },
      { type: 'PIDPressure', ...stopped },
      { type: 'Ready', ...stopped },
    ]);
  });

  it('status posts alone keep a node alive: a changed Ready heartbeat moves the probe', () => {
    // node-a-01 stops renewing its lease at 100 s; a client keeps posting Ready=True every 20 s.
    const sim = run(scenario(POOL6, '    - {at: 100s, action: node-crash, node: node-a-01}'), 100);
    const node = sim.state.node('node-a-01');
    if (node === undefined) throw new Error('node-a-01 missing');
    for (let t = 120; t <= 300; t += 20) {
      runUntil(sim, t * S);
      sim.state.setNodeCondition(node, 'Ready', 'True', 'KubeletReady');
    }
    runUntil(sim, 340 * S);
    // The last post (300 s, after that instant's pass) is seen by the 305 s pass: Unknown at 355 s.
    expect(rows(sim)).toEqual([]);
    runUntil(sim, 356 * S);
    expect(rows(sim)).toEqual([
      '355 NodeStatusUnknown node-a-01 NodeStatusUnknown',
      `355 TaintAdded node-a-01 ${NS('unreachable')}`,
    ]);
  });

  it('a node whose kubelet never posted status: startup grace from the whole-second creationTimestamp, NodeStatusNeverUpdated, tainted in the same pass', () => {
    const sim = run(scenario(POOL6, ''), 40.5);
    // Registered at 40.5 s; creationTimestamp serializes as 40 s, so 60 s of startup grace end at 100 s.
    addBareNode(sim, 'silent', 'zone-a', { creationS: 40.5 });
    runUntil(sim, 99 * S);
    // No Ready condition and within the startup grace: no condition written, no taint queued.
    expect(conditions(sim, 'silent')).toEqual([]);
    expect(rows(sim)).toEqual([]);
    runUntil(sim, 120 * S);
    const never = {
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    };
    expect(conditions(sim, 'silent')).toEqual([
      { type: 'Ready', ...never },
      { type: 'MemoryPressure', ...never },
      { type: 'DiskPressure', ...never },
      { type: 'PIDPressure', ...never },
    ]);
    // The observed Ready of a node without one is Unknown, so the pass that marks it also queues it.
    expect(rows(sim)).toEqual([
      '100 NodeStatusUnknown silent NodeStatusNeverUpdated',
      `100 TaintAdded silent ${NS('unreachable')}`,
      `100 TaintAdded silent ${NE('unreachable')}`,
    ]);
  });
});

describe('monitorNodeHealth: a node without a Ready condition (currentReadyCondition == nil)', () => {
  /**
   * Adds a node named `name` to zone-a at 40.5 s that never posts status or renews a lease (startup
   * grace 10 min unless `controllerManager` says otherwise).
   */
  function withSilentNode(
    pools: string,
    faults: string,
    name: string,
    controllerManager = '{nodeStartupGracePeriod: 10m}',
  ): Sim {
    const sim = run(scenario(pools, faults, controllerManager), 40.5);
    addBareNode(sim, name, 'zone-a', { creationS: 40.5 });
    return sim;
  }

  it('conditions already Unknown are left as they are when the node is marked Unknown again', () => {
    // The silent node is marked at 100 s (NodeStatusNeverUpdated on all four conditions). A client then
    // posts Ready=True alone at 110 s and stops: the 165 s pass marks Ready Unknown (NodeStatusUnknown)
    // and leaves the pressure conditions, already Unknown, untouched (tryUpdateNodeHealth rewrites only
    // a condition whose status is not Unknown).
    const sim = withSilentNode(POOL9, '', 'a-silent', '');
    runUntil(sim, 110 * S);
    const node = sim.state.node('a-silent');
    if (node === undefined) throw new Error('a-silent missing');
    expect(conditions(sim, 'a-silent').map((c) => c.reason)).toEqual([
      'NodeStatusNeverUpdated',
      'NodeStatusNeverUpdated',
      'NodeStatusNeverUpdated',
      'NodeStatusNeverUpdated',
    ]);
    sim.state.setNodeCondition(node, 'Ready', 'True', 'KubeletReady');
    runUntil(sim, 170 * S);
    const never = {
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    };
    expect(conditions(sim, 'a-silent')).toEqual([
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      },
      { type: 'MemoryPressure', ...never },
      { type: 'DiskPressure', ...never },
      { type: 'PIDPressure', ...never },
    ]);
    expect(rows(sim).filter((r) => r.includes('a-silent') && r.includes('NodeStatusUnknown'))).toEqual([
      '100 NodeStatusUnknown a-silent NodeStatusNeverUpdated',
      '165 NodeStatusUnknown a-silent NodeStatusUnknown',
    ]);
  });

  it('within its startup grace it is not queued for tainting, so it takes no token from its zone', () => {
    // monitorNodeHealth calls processTaintBaseEviction only when currentReadyCondition != nil.
    // "a-silent" sorts before node-a-01: queued, it would be the head of every zone-a token.
    const sim = withSilentNode(POOL9, '    - {at: 100s, action: node-crash, node: node-a-01}', 'a-silent');
    runUntil(sim, 200 * S);
    expect(rows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
    ]);
    expect(conditions(sim, 'a-silent')).toEqual([]);
  });

  it('it counts as not Ready in its zone (ComputeZoneState counts a nil condition as not Ready)', () => {
    // zone-a: node-a-01 and node-a-02 down, node-a-03 Ready, and the silent node: 3 of 4 not Ready is
    // PartialDisruption (more than 2, at least 0.55); without it, 2 of 3 would stay Normal.
    const sim = withSilentNode(
      POOL9,
      `    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-a-02}`,
      'a-silent',
    );
    runUntil(sim, 200 * S);
    expect(rows(sim).filter((r) => r.includes('ZoneState'))).toEqual([
      '145 ZoneStateChanged zone-a PartialDisruption',
    ]);
  });
});

describe('monitorNodeHealth', () => {
  it('a node labelled node.kubernetes.io/exclude-disruption does not count towards its zone state', () => {
    // zone-a: node-a-01, node-a-02 and the excluded cp-a-01 (Ready). Counting cp-a-01 would leave the
    // zone Normal (1 Ready, 2 not Ready); without it no node is Ready: FullDisruption.
    const sim = run(
      scenario(
        `${POOL6}, {name: cp, count: 1, zone: zone-a, labels: {node.kubernetes.io/exclude-disruption: ""}, capacity: {cpu: "4", memory: 16Gi}}`,
        `    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-a-02}`,
      ),
      170,
    );
    expect(rows(sim).filter((r) => r.includes('ZoneStateChanged'))).toEqual([
      '145 ZoneStateChanged zone-a FullDisruption',
    ]);
  });

  it('a node that recovers leaves its zone queue: when it fails again it is tainted again', () => {
    const sim = run(
      scenario(
        POOL6,
        `    - {at: 100s, action: node-crash, node: node-a-01, for: 100s}
    - {at: 300s, action: node-crash, node: node-a-01}`,
      ),
      400,
    );
    expect(rows(sim)).toEqual([
      '145 NodeStatusUnknown node-a-01 NodeStatusUnknown',
      `145 TaintAdded node-a-01 ${NS('unreachable')}`,
      // Queued by the 150 s pass, which observes the Unknown written at 145 s.
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
      '200 NodeReady node-a-01 KubeletReady',
      `200 TaintRemoved node-a-01 ${NS('unreachable')}`,
      `200 TaintRemoved node-a-01 ${NE('unreachable')}`,
      '345 NodeStatusUnknown node-a-01 NodeStatusUnknown',
      `345 TaintAdded node-a-01 ${NS('unreachable')}`,
      `350 TaintAdded node-a-01 ${NE('unreachable')}`,
    ]);
  });

  it('a queued node that turns Ready leaves the queue at the next pass and costs its zone no token', () => {
    // zone-a (3 nodes) fully down at 145 s: one node per 10 s in name order. node-a-02 posts Ready at
    // 152 s, so the 155 s pass removes it from the queue; node-a-03 takes the 160 s token.
    const sim = run(
      scenario(
        POOL9,
        `    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-a-02, for: 52s}
    - {at: 100s, action: node-crash, node: node-a-03}`,
      ),
      200,
    );
    expect(rows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
      `160 TaintAdded node-a-03 ${NE('unreachable')}`,
    ]);
  });

  it('after a kube-controller-manager restart every node is new: NoExecute taints off at once, then re-queued per zone on a grid from the restart', () => {
    const sim = run(
      scenario(
        POOL6,
        `    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-b-01}
    - {at: 100s, action: node-crash, node: node-b-02}
    - {at: 302550ms, action: controller-manager-restart}`,
      ),
      340,
    );
    expect(rows(sim).filter((r) => Number(r.split(' ')[0]) > 300)).toEqual([
      // "Controller observed a new Node": markNodeAsReachable for every node of the first pass.
      `302.55 TaintRemoved node-a-01 ${NE('unreachable')}`,
      `302.55 TaintRemoved node-b-01 ${NE('unreachable')}`,
      `302.55 TaintRemoved node-b-02 ${NE('unreachable')}`,
      // New zone queues start with a full bucket: one node per zone at once, then 0.1/s. No
      // ZoneStateChanged: zone-b is FullDisruption again, as events.csv last said.
      `302.55 TaintAdded node-a-01 ${NE('unreachable')}`,
      `302.55 TaintAdded node-b-01 ${NE('unreachable')}`,
      `312.55 TaintAdded node-b-02 ${NE('unreachable')}`,
    ]);
  });
});

describe('doNoExecuteTaintingPass timing', () => {
  it('a zone queue that empties before its tick: the tick is dropped, and the next failure is tainted on the grid', () => {
    // node-a-02 waits for the 160 s token but is Ready again at 152 s; the 155 s pass empties the
    // queue. node-a-03 stops at 200 s and is tainted by the 250 s pass's tick.
    const sim = run(
      scenario(
        POOL9,
        `    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-a-02, for: 52s}
    - {at: 200s, action: node-crash, node: node-a-03}`,
      ),
      300,
    );
    expect(rows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
      `250 TaintAdded node-a-03 ${NE('unreachable')}`,
    ]);
  });

  it('tokens that fall between ticks wait for the next 100 ms tick (nodeEvictionRate 0.3: every 3.33 s, rounded up)', () => {
    const sim = run(
      scenario(POOL9, '    - {at: 100s, action: zone-outage, zone: zone-c}', '{nodeEvictionRate: 0.3}'),
      170,
    );
    expect(rows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `150 TaintAdded node-c-01 ${NE('unreachable')}`,
      // 150 + 3.333 = 153.333 -> tick 153.4; a bucket of one token refills from when it was taken.
      `153.4 TaintAdded node-c-02 ${NE('unreachable')}`,
      `156.8 TaintAdded node-c-03 ${NE('unreachable')}`,
    ]);
  });

  it('zones are handled in ascending zone order, whatever order their nodes appeared in', () => {
    // Pool "aaa" (zone-z) registers its nodes before pool "bbb" (zone-a).
    const sim = run(
      scenario(
        '{name: aaa, count: 2, zone: zone-z, capacity: {cpu: "4", memory: 16Gi}}, {name: bbb, count: 2, zone: zone-a, capacity: {cpu: "4", memory: 16Gi}}, {name: ccc, count: 2, zone: zone-m, capacity: {cpu: "4", memory: 16Gi}}',
        `    - {at: 100s, action: zone-outage, zone: zone-a}
    - {at: 100s, action: zone-outage, zone: zone-z}`,
      ),
      170,
    );
    expect(rows(sim).filter((r) => !r.includes('NodeStatusUnknown') && !r.includes('NoSchedule'))).toEqual([
      '145 ZoneStateChanged zone-a FullDisruption',
      '145 ZoneStateChanged zone-z FullDisruption',
      `150 TaintAdded bbb-a-01 ${NE('unreachable')}`,
      `150 TaintAdded aaa-z-01 ${NE('unreachable')}`,
      `160 TaintAdded bbb-a-02 ${NE('unreachable')}`,
      `160 TaintAdded aaa-z-02 ${NE('unreachable')}`,
    ]);
  });
});

describe('handleDisruption', () => {
  it('a zone dropped for having no nodes gets a new queue with a full bucket when a node returns to it', () => {
    // nodeEvictionRate 0.05 (one token per 20 s). zone-c is down at 145 s; node-c-01 takes the 150 s
    // token. Both zone-c nodes are deleted at 151 s: the 155 s pass drops the zone. A NotReady node
    // joins zone-c at 156 s: the 160 s pass sees a new zone (addPodEvictorForNewZone), whose new
    // bucket is full, so it is tainted at once; the old queue would have waited for 170 s.
    const sim = run(
      scenario(
        POOL6,
        `    - {at: 100s, action: zone-outage, zone: zone-c}
    - {at: 151s, action: delete-node, node: node-c-01}
    - {at: 151s, action: delete-node, node: node-c-02}`,
        '{nodeEvictionRate: 0.05}',
      ),
      156,
    );
    const node = addBareNode(sim, 'node-c-09', 'zone-c', { creationS: 156 });
    sim.state.setNodeCondition(node, 'Ready', 'False', 'KubeletNotReady');
    runUntil(sim, 200 * S);
    expect(rows(sim).filter((r) => r.includes('NoExecute') || r.includes('ZoneState'))).toEqual([
      '145 ZoneStateChanged zone-c FullDisruption',
      `150 TaintAdded node-c-01 ${NE('unreachable')}`,
      // Back with one node, not Ready: FullDisruption again, as events.csv last said (no row).
      `160 TaintAdded node-c-09 ${NE('not-ready')}`,
    ]);
  });

  it('a zone first seen after the start is Normal without a ZoneStateChanged row; its first change is logged', () => {
    // A node of a new zone (zone-d) registers at 20 s, posts Ready once and stops: the 25 s pass sees
    // zone-d Normal (no row); the node is Unknown 50 s later, which takes zone-d to FullDisruption.
    const sim = run(scenario(POOL6, ''), 20);
    addBareNode(sim, 'node-d-01', 'zone-d', { creationS: 20 });
    const node = sim.state.node('node-d-01');
    if (node === undefined) throw new Error('node-d-01 missing');
    sim.state.setNodeCondition(node, 'Ready', 'True', 'KubeletReady');
    runUntil(sim, 120 * S);
    const zoneRows = sim.log.keptRows.filter((r) => r.reason === 'ZoneStateChanged');
    expect(zoneRows.map((r) => [r.timeUs / S, r.object, r.detail])).toEqual([
      [75, 'zone-d', 'FullDisruption'],
    ]);
  });

  const CP_X =
    '{name: cp, count: 1, zone: zone-x, labels: {node.kubernetes.io/exclude-disruption: ""}, capacity: {cpu: "4", memory: 16Gi}}';

  it('leaving master disruption mode resets every probe; a zone of excluded nodes only has no state throughout', () => {
    // All counted zones down at 145 s; zone-c back at 200 s. cp-x-01 (excluded, its own zone) stops at
    // 185 s: its last lease renewal (180 s) would make it Unknown at 230 s, but the exit pass (200 s)
    // resets its probe, so it is marked at 250 s.
    const sim = run(
      scenario(
        `${POOL6}, ${CP_X}`,
        `    - {at: 100s, action: zone-outage, zone: zone-a}
    - {at: 100s, action: zone-outage, zone: zone-b}
    - {at: 100s, action: zone-outage, zone: zone-c, for: 100s}
    - {at: 185s, action: node-crash, node: cp-x-01}`,
      ),
      300,
    );
    const r = rows(sim);
    expect(r.filter((x) => x.includes('ZoneStateChanged'))).toEqual([
      '145 ZoneStateChanged zone-a FullDisruption',
      '145 ZoneStateChanged zone-b FullDisruption',
      '145 ZoneStateChanged zone-c FullDisruption',
      '200 ZoneStateChanged zone-c Normal',
    ]);
    expect(r.filter((x) => x.includes('cp-x-01'))).toEqual([
      '250 NodeStatusUnknown cp-x-01 NodeStatusUnknown',
      `250 TaintAdded cp-x-01 ${NS('unreachable')}`,
      `255 TaintAdded cp-x-01 ${NE('unreachable')}`,
    ]);
  });

  const ZONE5 = '{name: node, count: 5, zone: zone-a, capacity: {cpu: "4", memory: 16Gi}}';
  const CRASH3 = `    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-a-02}
    - {at: 100s, action: node-crash, node: node-a-03}`;

  it('PartialDisruption in a zone larger than largeClusterSizeThreshold: tainted at the secondary rate', () => {
    const sim = run(scenario(ZONE5, CRASH3, '{largeClusterSizeThreshold: 4}'), 400);
    expect(rows(sim).filter((x) => x.includes('ZoneState') || x.includes('NoExecute'))).toEqual([
      '145 ZoneStateChanged zone-a PartialDisruption',
      // The old bucket still had its token, so the 0.01/s bucket starts full.
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
      `250 TaintAdded node-a-02 ${NE('unreachable')}`,
      `350 TaintAdded node-a-03 ${NE('unreachable')}`,
    ]);
  });

  it('PartialDisruption in a zone of exactly largeClusterSizeThreshold nodes: not tainted at all', () => {
    const sim = run(scenario(ZONE5, CRASH3, '{largeClusterSizeThreshold: 5}'), 400);
    expect(rows(sim).filter((x) => x.includes('ZoneState') || x.includes('NoExecute'))).toEqual([
      '145 ZoneStateChanged zone-a PartialDisruption',
    ]);
  });
});

describe('doNoExecuteTaintingPass on a queue head', () => {
  it('a deleted node still in the queue is dropped, and its token is spent', () => {
    // node-a-02 was last re-queued by the 150 s pass, node-a-03 by the 155 s pass: node-a-02 is the
    // head at 160 s, the lister no longer has it, and node-a-03 waits for the 170 s token.
    const sim = run(
      scenario(
        POOL9,
        `    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-a-02}
    - {at: 100s, action: node-crash, node: node-a-03}
    - {at: 152s, action: delete-node, node: node-a-02}`,
      ),
      200,
    );
    expect(rows(sim).filter((x) => x.includes('NoExecute'))).toEqual([
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
      `170 TaintAdded node-a-03 ${NE('unreachable')}`,
    ]);
  });

  it('a head that is Ready again at its tick is not tainted, and its token is spent', () => {
    // nodeEvictionRate 0.3: ticks at 150, 153.4, 156.8 s, between the 5 s passes. node-a-02 posts Ready
    // at 153 s, before the pass that would take it out of the queue.
    const sim = run(
      scenario(
        POOL9,
        `    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-a-02, for: 53s}
    - {at: 100s, action: node-crash, node: node-a-03}`,
        '{nodeEvictionRate: 0.3}',
      ),
      200,
    );
    expect(rows(sim).filter((x) => x.includes('NoExecute'))).toEqual([
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
      `156.8 TaintAdded node-a-03 ${NE('unreachable')}`,
    ]);
  });
});

describe('the informer cache (node-mirror.ts)', () => {
  it('a deleted node leaves the monitor pass, even the first one registered', () => {
    const sim = run(scenario(POOL6, '    - {at: 100s, action: delete-node, node: node-a-01}'), 300);
    expect(rows(sim)).toEqual([]);
  });

  it('nodes past the first 64 are watched like the others', () => {
    // node-a-65 is the 65th and last node (index 64), past the cache's first allocation.
    const sim = run(
      scenario(
        '{name: node, count: 65, zone: zone-a, capacity: {cpu: "4", memory: 16Gi}}',
        '    - {at: 100s, action: node-crash, node: node-a-65}',
      ),
      200,
    );
    expect(rows(sim)).toEqual([
      '145 NodeStatusUnknown node-a-65 NodeStatusUnknown',
      `145 TaintAdded node-a-65 ${NS('unreachable')}`,
      `150 TaintAdded node-a-65 ${NE('unreachable')}`,
    ]);
  });

  it('ZoneStateChanged names the zone label in the zone column when the nodes also carry a region', () => {
    const sim = run(
      scenario(
        '{name: node, count: 4, zones: [us-east-1a, us-east-1b], region: us-east-1, capacity: {cpu: "4", memory: 16Gi}}',
        '    - {at: 100s, action: zone-outage, zone: us-east-1a}',
      ),
      150,
    );
    const zoneRows = sim.log.keptRows.filter((r) => r.reason === 'ZoneStateChanged');
    expect(zoneRows.map((r) => [r.timeUs / S, r.zone, r.detail])).toEqual([
      [145, 'us-east-1a', 'FullDisruption'],
    ]);
  });
});

describe('MarkPodsNotReady', () => {
  const withPods = (faults: string) =>
    lifecycleScenario({ pools: POOL6, faults, extra: `  workloads:\n${WEB_REPLICASET}\n` });

  function readyFlips(yaml: string, untilS: number): string[] {
    const sim = simFromYaml(yaml);
    const flips = watchPodReady(
      sim,
      () => sim.nowUs > 20 * S,
      (pod) => `${pod.nodeName}`,
    );
    runUntil(sim, untilS * S);
    return flips;
  }

  it('the pass that marks a node Unknown marks exactly its pods NotReady', () => {
    const flips = readyFlips(withPods('    - {at: 100s, action: node-crash, node: node-a-01}'), 200);
    expect(flips).toEqual(['145 node-a-01 false', '145 node-a-01 false']);
  });

  it('a node whose kubelet posts NotReady itself: the controller leaves its pods alone (observed Ready was False)', () => {
    const flips = readyFlips(withPods('    - {at: 100s, action: kubelet-not-ready, node: node-a-01}'), 200);
    expect(flips.filter((f) => !f.startsWith('107 '))).toEqual([]);
  });
});

describe('doNoExecuteTaintingPass: a head without a Ready condition', () => {
  it('is retried 50 ms later instead of dropped, and keeps the head of its zone queue', () => {
    // zone-a's three nodes stop at 100 s, are Unknown at 145 s and queued by the 150 s pass; node-a-01
    // is tainted at 150 s. At 152 s an API client rewrites node-a-02's status without a Ready condition
    // (TestMonitorNodeHealth "Ready condition removed from the Node"). Within its (here 10 min) startup
    // grace the pass no longer re-queues it, so it keeps processAt 150 s, ahead of node-a-03, which
    // every pass re-queues at now. Each token goes to a retry of node-a-02 (processAt = tick + 50 ms
    // + 1 us, still ahead of the next pass's now), so node-a-03 is not tainted; dropping node-a-02
    // instead would taint node-a-03 at 170 s.
    const sim = simFromYaml(
      scenario(
        POOL9,
        `    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-a-02}
    - {at: 100s, action: node-crash, node: node-a-03}`,
        '{nodeStartupGracePeriod: 10m}',
      ),
    );
    runUntil(sim, 152 * S);
    const node = sim.state.node('node-a-02');
    if (node === undefined) throw new Error('node-a-02 missing');
    node.conditions.delete('Ready');
    sim.state.setNodeCondition(node, 'NetworkUnavailable', 'False', 'RouteCreated');
    runUntil(sim, 300 * S);
    expect(rows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
    ]);
  });
});

describe('kube-controller-manager restart', () => {
  it('forgets the zone queues and the monitor loop: new buckets start full, passes follow the restart', () => {
    // zone-b stops at 250 s: node-b-01 tainted at 300 s, node-b-02 due at 310 s. The restart at
    // 302.55 s takes both taints off (new nodes), and the new zone-b queue has a full bucket.
    // node-c-01 stops at 403 s: the passes after the restart run at 302.55 + 5k s.
    const sim = run(
      scenario(
        POOL6,
        `    - {at: 250s, action: zone-outage, zone: zone-b}
    - {at: 302550ms, action: controller-manager-restart}
    - {at: 403s, action: node-crash, node: node-c-01}`,
      ),
      480,
    );
    expect(rows(sim).filter((r) => Number(r.split(' ')[0]) > 299)).toEqual([
      `300 TaintAdded node-b-01 ${NE('unreachable')}`,
      `302.55 TaintRemoved node-b-01 ${NE('unreachable')}`,
      `302.55 TaintAdded node-b-01 ${NE('unreachable')}`,
      `312.55 TaintAdded node-b-02 ${NE('unreachable')}`,
      // Its last lease renewal (400 s) is seen by the 402.55 s pass: Unknown 50 s later.
      '452.55 NodeStatusUnknown node-c-01 NodeStatusUnknown',
      `452.55 TaintAdded node-c-01 ${NS('unreachable')}`,
      `457.55 TaintAdded node-c-01 ${NE('unreachable')}`,
    ]);
  });
});

describe('kube-controller-manager restart: the tainting loop', () => {
  it('the old loop stops: tainting follows only the new 100 ms grid', () => {
    // nodeEvictionRate 0.3. Before the restart node-b-01 is tainted at 300 s and the old loop's next
    // tick is due at 303.4 s. After the restart at 300.05 s, node-b-01 is re-tainted at once and the
    // new bucket's next token (303.383 s) is taken by the new grid's tick at 303.45 s.
    const sim = run(
      scenario(
        POOL9,
        `    - {at: 250s, action: zone-outage, zone: zone-b}
    - {at: 300050ms, action: controller-manager-restart}`,
        '{nodeEvictionRate: 0.3}',
      ),
      320,
    );
    expect(rows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `300 TaintAdded node-b-01 ${NE('unreachable')}`,
      `300.05 TaintRemoved node-b-01 ${NE('unreachable')}`,
      `300.05 TaintAdded node-b-01 ${NE('unreachable')}`,
      `303.45 TaintAdded node-b-02 ${NE('unreachable')}`,
      `306.85 TaintAdded node-b-03 ${NE('unreachable')}`,
    ]);
  });

  it('a restart at the instant of a pending tick: the new loop ticks then too', () => {
    // node-b-02 is due at the old loop's 310 s tick; the restart at 310 s cancels that tick, and its
    // first pass queues both zone-b nodes at 310 s with a full bucket.
    const sim = run(
      scenario(
        POOL6,
        `    - {at: 250s, action: zone-outage, zone: zone-b}
    - {at: 310s, action: controller-manager-restart}`,
      ),
      330,
    );
    expect(rows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `300 TaintAdded node-b-01 ${NE('unreachable')}`,
      `310 TaintRemoved node-b-01 ${NE('unreachable')}`,
      `310 TaintAdded node-b-01 ${NE('unreachable')}`,
      `320 TaintAdded node-b-02 ${NE('unreachable')}`,
    ]);
  });
});

describe('markNodeForTainting (Ready=False)', () => {
  it('a node already tainted not-ready stays in the set: it is not re-queued and costs no token', () => {
    // node-a-01 posts NotReady at 107 s and is tainted at 110 s; node-a-02 posts NotReady at 207 s and
    // takes the full bucket's token at 210 s. Re-queuing node-a-01 (name order first) would take it.
    const sim = run(
      scenario(
        POOL9,
        `    - {at: 100s, action: kubelet-not-ready, node: node-a-01}
    - {at: 200s, action: kubelet-not-ready, node: node-a-02}`,
      ),
      240,
    );
    expect(rows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `110 TaintAdded node-a-01 ${NE('not-ready')}`,
      `210 TaintAdded node-a-02 ${NE('not-ready')}`,
    ]);
  });

  it('an untainted NotReady node is re-queued at now every pass, so waiting nodes go in name order', () => {
    // node-a-02 and node-a-03 post NotReady at 107 s: node-a-02 tainted at 110 s, node-a-03 waits.
    // node-a-01 posts NotReady at 117 s; at the 120 s pass both waiting nodes are re-queued at 120 s,
    // and node-a-01 comes first by name.
    const sim = run(
      scenario(
        POOL9,
        `    - {at: 100s, action: kubelet-not-ready, node: node-a-02}
    - {at: 100s, action: kubelet-not-ready, node: node-a-03}
    - {at: 108s, action: kubelet-not-ready, node: node-a-01}`,
      ),
      200,
    );
    expect(rows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `110 TaintAdded node-a-02 ${NE('not-ready')}`,
      `120 TaintAdded node-a-01 ${NE('not-ready')}`,
      `130 TaintAdded node-a-03 ${NE('not-ready')}`,
    ]);
  });
});

describe('doNoScheduleTaintingPass', () => {
  it('a node registered cordoned gets unschedulable:NoSchedule at once (the node informer AddFunc queues it)', () => {
    const sim = run(scenario(POOL6, ''), 20);
    addBareNode(sim, 'cordoned', 'zone-a', { unschedulable: true, creationS: 20 });
    runUntil(sim, 21 * S);
    expect(rows(sim)).toEqual([`20 TaintAdded cordoned ${NS('unschedulable')}`]);
  });

  it('a node deleted before its pass runs is skipped', () => {
    const sim = run(scenario(POOL6, ''), 20);
    const node = sim.state.node('node-a-01');
    if (node === undefined) throw new Error('node-a-01 missing');
    sim.state.setNodeCondition(node, 'MemoryPressure', 'True', 'KubeletHasInsufficientMemory');
    sim.state.deleteNode(node);
    runUntil(sim, 21 * S);
    expect(node.taints).toEqual([]);
    expect(rows(sim)).toEqual([]);
  });
});
