// The node lifecycle controller in a running simulation (v1.34 defaults: monitor period 5 s, grace 40 s,
// eviction rate 0.1/s, 100 ms tainting grid), pinning the rules mutation testing found unpinned
// (docs/mutation.md): the NotReady <-> Unreachable NoExecute swaps of processTaintBaseEviction, a zone
// whose nodes are all deleted, the name order of
// a zone queue at equal times, the limiter swap when a zone's state changes, the NoSchedule pass on
// condition and spec changes, and the fields of ZoneStateChanged
// (pkg/controller/nodelifecycle/node_lifecycle_controller.go, node_lifecycle_controller_test.go).
// The simulation runs inside each test: mutants are switched on per test, not at collection time.

import { describe, expect, it } from 'vitest';
import {
  taintAndZoneRows as controllerRows,
  lifecycleScenario,
  NE,
  NS,
  POOL6,
  POOL12,
  runTo as run,
} from '../../../test/helpers/node-lifecycle.js';
import { runUntil } from '../../../test/helpers/run.js';
import { S } from '../../../test/helpers/scenario.js';

const scenario = (pools: string, faults: string, extra = ''): string =>
  lifecycleScenario({ pools, faults, extra });

describe('processTaintBaseEviction swaps', () => {
  it('NotReady, then the kubelet stops: not-ready:NoExecute is swapped for unreachable at the pass after Unknown', () => {
    const sim = run(
      scenario(
        POOL6,
        `    - {at: 100s, action: kubelet-not-ready, node: node-a-01, for: 350s}
    - {at: 200s, action: node-crash, node: node-a-01}`,
      ),
      480,
    );
    expect(controllerRows(sim)).toEqual([
      `107 TaintAdded node-a-01 ${NS('not-ready')}`,
      `110 TaintAdded node-a-01 ${NE('not-ready')}`,
      // 245: marked Unknown; the swap reads the Ready condition observed before the pass, so it waits.
      `245 TaintRemoved node-a-01 ${NS('not-ready')}`,
      `245 TaintAdded node-a-01 ${NS('unreachable')}`,
      `250 TaintRemoved node-a-01 ${NE('not-ready')}`,
      `250 TaintAdded node-a-01 ${NE('unreachable')}`,
    ]);
    const node = sim.state.node('node-a-01');
    expect(node?.taints.filter((t) => t.effect === 'NoExecute')).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAddedUs: 250 * S },
    ]);
  });

  it('Unknown, then the kubelet comes back NotReady: unreachable:NoExecute is swapped for not-ready at once', () => {
    const sim = run(
      scenario(
        POOL6,
        `    - {at: 100s, action: node-crash, node: node-a-01, for: 100s}
    - {at: 150s, action: kubelet-not-ready, node: node-a-01, for: 300s}`,
      ),
      480,
    );
    expect(controllerRows(sim)).toEqual([
      `145 TaintAdded node-a-01 ${NS('unreachable')}`,
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
      `200 TaintRemoved node-a-01 ${NS('unreachable')}`,
      `200 TaintAdded node-a-01 ${NS('not-ready')}`,
      `200 TaintRemoved node-a-01 ${NE('unreachable')}`,
      `200 TaintAdded node-a-01 ${NE('not-ready')}`,
      // Ready again at the 457 s status tick; the 460 s pass makes it reachable (both taints off).
      `457 TaintRemoved node-a-01 ${NS('not-ready')}`,
      `460 TaintRemoved node-a-01 ${NE('not-ready')}`,
    ]);
    expect(sim.state.node('node-a-01')?.taints).toEqual([]);
  });
});

describe('processTaintBaseEviction swaps are not rate-limited', () => {
  it('Unknown -> NotReady: swapped at the pass even when the zone has no token left', () => {
    // nodeEvictionRate 0.05: a token per 20 s. node-a-02 takes zone-a's token at 190 s (next one at
    // 210 s); node-a-01's kubelet comes back NotReady at 200 s and the 200 s pass swaps its taint at
    // once, not at the next token.
    const sim = run(
      lifecycleScenario({
        pools: POOL6,
        faults: `    - {at: 100s, action: node-crash, node: node-a-01, for: 100s}
    - {at: 150s, action: kubelet-not-ready, node: node-a-01, for: 300s}
    - {at: 140s, action: node-crash, node: node-a-02}`,
        controllerManager: '{nodeEvictionRate: 0.05}',
      }),
      230,
    );
    expect(controllerRows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `150 TaintAdded node-a-01 ${NE('unreachable')}`,
      `190 TaintAdded node-a-02 ${NE('unreachable')}`,
      `200 TaintRemoved node-a-01 ${NE('unreachable')}`,
      `200 TaintAdded node-a-01 ${NE('not-ready')}`,
    ]);
  });

  it('NotReady -> Unknown: swapped at the pass even when the zone has no token left', () => {
    // nodeEvictionRate 0.05: a token per 20 s. node-a-01 is tainted not-ready at 110 s and stops at
    // 200 s (Unknown at 245 s, swapped by the 250 s pass); node-a-02 stops at 191 s and takes the 240 s
    // token (next one at 260 s).
    const sim = run(
      lifecycleScenario({
        pools: POOL6,
        faults: `    - {at: 100s, action: kubelet-not-ready, node: node-a-01, for: 350s}
    - {at: 200s, action: node-crash, node: node-a-01}
    - {at: 191s, action: node-crash, node: node-a-02}`,
        controllerManager: '{nodeEvictionRate: 0.05}',
      }),
      270,
    );
    expect(controllerRows(sim).filter((r) => r.includes('NoExecute'))).toEqual([
      `110 TaintAdded node-a-01 ${NE('not-ready')}`,
      `240 TaintAdded node-a-02 ${NE('unreachable')}`,
      `250 TaintRemoved node-a-01 ${NE('not-ready')}`,
      `250 TaintAdded node-a-01 ${NE('unreachable')}`,
    ]);
  });
});

describe('zones (handleDisruption, addPodEvictorForNewZone)', () => {
  it('a zone whose nodes are all deleted is dropped silently and starts again (Initial, shown Normal) with its next node', () => {
    const sim = run(
      scenario(
        POOL6,
        `    - {at: 100s, action: zone-outage, zone: zone-c}
    - {at: 200s, action: delete-node, node: node-c-01}
    - {at: 200s, action: delete-node, node: node-c-02}
    - {at: 300s, action: add-nodes, pool: node, count: 3}`,
      ),
      400,
    );
    expect(controllerRows(sim)).toEqual([
      // kind Zone, object and zone columns the zone, no node, detail the new state.
      '145 Zone:ZoneStateChanged zone-c||zone-c|FullDisruption',
      `145 TaintAdded node-c-01 ${NS('unreachable')}`,
      `145 TaintAdded node-c-02 ${NS('unreachable')}`,
      // A fully disrupted zone is tainted at the normal rate, one node per 10 s, in name order.
      `150 TaintAdded node-c-01 ${NE('unreachable')}`,
      `160 TaintAdded node-c-02 ${NE('unreachable')}`,
      '300 Zone:ZoneStateChanged zone-c||zone-c|Normal',
    ]);
  });

  it('a small zone in PartialDisruption is not tainted (rate 0); back to Normal it drains the new bucket, then 0.1/s in name order', () => {
    const sim = run(
      scenario(
        POOL12,
        `    - {at: 100s, action: node-crash, node: node-a-03}
    - {at: 100s, action: node-crash, node: node-a-01}
    - {at: 100s, action: node-crash, node: node-a-02, for: 200s}`,
      ),
      400,
    );
    expect(controllerRows(sim)).toEqual([
      '145 Zone:ZoneStateChanged zone-a||zone-a|PartialDisruption',
      `145 TaintAdded node-a-01 ${NS('unreachable')}`,
      `145 TaintAdded node-a-02 ${NS('unreachable')}`,
      `145 TaintAdded node-a-03 ${NS('unreachable')}`,
      `300 TaintRemoved node-a-02 ${NS('unreachable')}`,
      '300 Zone:ZoneStateChanged zone-a||zone-a|Normal',
      // Leaving rate 0 takes the new bucket's token at once (SwapLimiter), so the first taint is at 310.
      `310 TaintAdded node-a-01 ${NE('unreachable')}`,
      `320 TaintAdded node-a-03 ${NE('unreachable')}`,
    ]);
  });

  it('every zone down: master disruption mode stops tainting; one zone back resumes it', () => {
    const sim = run(
      scenario(
        POOL6,
        `    - {at: 100s, action: zone-outage, zone: zone-a}
    - {at: 100s, action: zone-outage, zone: zone-b}
    - {at: 100s, action: zone-outage, zone: zone-c, for: 100s}`,
      ),
      300,
    );
    const rows = controllerRows(sim);
    expect(rows.filter((r) => r.includes('ZoneStateChanged'))).toEqual([
      '145 Zone:ZoneStateChanged zone-a||zone-a|FullDisruption',
      '145 Zone:ZoneStateChanged zone-b||zone-b|FullDisruption',
      '145 Zone:ZoneStateChanged zone-c||zone-c|FullDisruption',
      expect.stringMatching(/^20\d Zone:ZoneStateChanged zone-c\|\|zone-c\|Normal$/),
    ]);
    expect(rows.filter((r) => r.includes('NoExecute') && Number(r.split(' ')[0]) < 200)).toEqual([]);
    expect(rows.filter((r) => r.includes('TaintAdded') && r.includes('NoExecute')).length).toBeGreaterThan(0);
  });
});

describe('doNoScheduleTaintingPass on Node updates', () => {
  it('a spec change (cordon, uncordon) adds and removes unschedulable:NoSchedule at once', () => {
    const sim = run(
      scenario(
        POOL6,
        '    - {at: 10s, action: node-crash, node: node-b-01, for: 1s}',
        `  operations:
    - {at: 100s, action: cordon, node: node-a-01}
    - {at: 150s, action: uncordon, node: node-a-01}`,
      ),
      200,
    );
    expect(controllerRows(sim)).toEqual([
      `100 TaintAdded node-a-01 ${NS('unschedulable')}`,
      `150 TaintRemoved node-a-01 ${NS('unschedulable')}`,
    ]);
  });

  it('a condition change adds the pressure taint and removes it when the condition clears', () => {
    const sim = run(scenario(POOL6, '    - {at: 10s, action: node-crash, node: node-b-01, for: 1s}'), 20);
    const node = sim.state.node('node-a-01');
    if (node === undefined) throw new Error('node-a-01 missing');
    sim.state.setNodeCondition(node, 'MemoryPressure', 'True', 'KubeletHasInsufficientMemory');
    sim.state.setNodeCondition(node, 'DiskPressure', 'True', 'KubeletHasDiskPressure');
    runUntil(sim, 21 * S);
    sim.state.setNodeCondition(node, 'MemoryPressure', 'False', 'KubeletHasSufficientMemory');
    runUntil(sim, 22 * S);
    expect(controllerRows(sim)).toEqual([
      `20 TaintAdded node-a-01 ${NS('memory-pressure')}`,
      `20 TaintAdded node-a-01 ${NS('disk-pressure')}`,
      `21 TaintRemoved node-a-01 ${NS('memory-pressure')}`,
    ]);
  });
});
