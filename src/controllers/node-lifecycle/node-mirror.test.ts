// The informer cache the monitor pass reads (node-mirror.ts): what it holds for each node must follow
// the Node objects through ClusterState's watch notifications (add, Ready condition, Lease renewTime,
// NoExecute taints, delete), as the controller's node and lease informers would.

import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../model/cluster-state.js';
import { EventLog } from '../../model/event-log.js';
import { makeNode } from '../../model/factory.js';
import {
  emptyResources,
  LabelExcludeDisruption,
  type Node,
  type Taint,
  TaintNodeNotReady,
  TaintNodeUnreachable,
} from '../../model/types.js';
import { NodeMirror, NoExec, Ready } from './node-mirror.js';

const S = 1_000_000;

function setup() {
  const clock = { nowUs: 0 };
  const state = new ClusterState(clock, new EventLog(undefined));
  const mirror = new NodeMirror(state);
  const add = (name: string, labels: Record<string, string>, taints: Taint[] = []): Node => {
    const node = makeNode({
      idx: state.allocateNodeIdx(),
      name,
      pool: 'p',
      labels,
      capacity: emptyResources(),
      allocatable: emptyResources(),
      taints,
      unschedulable: false,
      images: [],
      creationUs: 0,
    });
    state.addNode(node);
    return node;
  };
  return { clock, state, mirror, add };
}

const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const ne = (key: string): Taint => ({ key, effect: 'NoExecute', timeAddedUs: 0 });
const nsch = (key: string): Taint => ({ key, effect: 'NoSchedule', timeAddedUs: 0 });

describe('NodeMirror', () => {
  it('gives zones ids in order of first appearance, with the zone key (region:zone) and the zone label', () => {
    const { mirror, add } = setup();
    const a = add('a', { [ZONE]: 'zone-b', [REGION]: 'r1' });
    const b = add('b', { [ZONE]: 'zone-a', [REGION]: 'r1' });
    const c = add('c', { [ZONE]: 'zone-b', [REGION]: 'r1' });
    const d = add('d', {});
    expect(mirror.zoneKeys).toEqual(['r1:zone-b', 'r1:zone-a', '']);
    expect(mirror.zoneLabels).toEqual(['zone-b', 'zone-a', '']);
    expect([a, b, c, d].map((n) => mirror.zoneId[n.idx])).toEqual([0, 1, 0, 2]);
    expect(mirror.live).toEqual([a.idx, b.idx, c.idx, d.idx]);
    expect([a, b, c, d].map((n) => mirror.nodes[n.idx])).toEqual([a, b, c, d]);
  });

  it('marks nodes carrying the exclude-disruption label, whatever its value', () => {
    const { mirror, add } = setup();
    const plain = add('plain', { [ZONE]: 'z' });
    const empty = add('empty', { [ZONE]: 'z', [LabelExcludeDisruption]: '' });
    const other = add('other', { [ZONE]: 'z', [LabelExcludeDisruption]: 'false' });
    expect([plain, empty, other].map((n) => mirror.excluded[n.idx])).toEqual([0, 1, 1]);
  });

  it('follows the Ready condition: its status code and lastHeartbeatTime (none: Ready.None, heartbeat 0)', () => {
    const { clock, state, mirror, add } = setup();
    const n = add('n', { [ZONE]: 'z' });
    expect([mirror.ready[n.idx], mirror.readyHeartbeatUs[n.idx]]).toEqual([Ready.None, 0]);
    clock.nowUs = 7 * S;
    state.setNodeCondition(n, 'Ready', 'True', 'KubeletReady');
    expect([mirror.ready[n.idx], mirror.readyHeartbeatUs[n.idx]]).toEqual([Ready.True, 7 * S]);
    clock.nowUs = 17 * S;
    state.setNodeCondition(n, 'Ready', 'False', 'KubeletNotReady');
    expect([mirror.ready[n.idx], mirror.readyHeartbeatUs[n.idx]]).toEqual([Ready.False, 17 * S]);
    clock.nowUs = 27 * S;
    state.setNodeCondition(n, 'MemoryPressure', 'True', 'KubeletHasInsufficientMemory');
    expect([mirror.ready[n.idx], mirror.readyHeartbeatUs[n.idx]]).toEqual([Ready.False, 17 * S]);
    state.setNodeCondition(n, 'Ready', 'Unknown', 'NodeStatusUnknown');
    expect([mirror.ready[n.idx], mirror.readyHeartbeatUs[n.idx]]).toEqual([Ready.Unknown, 27 * S]);
    n.conditions.delete('Ready');
    state.setNodeCondition(n, 'MemoryPressure', 'False', 'KubeletHasSufficientMemory');
    expect([mirror.ready[n.idx], mirror.readyHeartbeatUs[n.idx]]).toEqual([Ready.None, 0]);
  });

  it('reads the Ready condition a node is registered with', () => {
    const { clock, state, mirror } = setup();
    clock.nowUs = 3 * S;
    const n = makeNode({
      idx: state.allocateNodeIdx(),
      name: 'n',
      pool: 'p',
      labels: { [ZONE]: 'z' },
      capacity: emptyResources(),
      allocatable: emptyResources(),
      taints: [],
      unschedulable: false,
      images: [],
      creationUs: 0,
    });
    n.conditions.set('Ready', {
      type: 'Ready',
      status: 'False',
      reason: 'KubeletNotReady',
      lastHeartbeatUs: 2 * S,
      lastTransitionUs: 1 * S,
    });
    state.renewLease(n.idx, 1 * S); // a Lease renewed before the Node object is registered
    state.addNode(n);
    expect([mirror.ready[n.idx], mirror.readyHeartbeatUs[n.idx], mirror.leaseUs[n.idx]]).toEqual([
      Ready.False,
      2 * S,
      1 * S,
    ]);
  });

  it('follows the Lease renewTime (-1 while the node has none)', () => {
    const { clock, state, mirror, add } = setup();
    const n = add('n', { [ZONE]: 'z' });
    expect(mirror.leaseUs[n.idx]).toBe(-1);
    clock.nowUs = 10 * S;
    state.renewLease(n.idx);
    expect(mirror.leaseUs[n.idx]).toBe(10 * S);
    state.renewLease(n.idx, 4 * S);
    expect(mirror.leaseUs[n.idx]).toBe(4 * S);
  });

  it('keeps one bit per node-controller NoExecute taint; NoSchedule ones and other keys do not count', () => {
    const { state, mirror, add } = setup();
    const none = add('none', { [ZONE]: 'z' }, [
      nsch(TaintNodeUnreachable),
      nsch(TaintNodeNotReady),
      ne('other'),
    ]);
    const both = add('both', { [ZONE]: 'z' }, [ne(TaintNodeNotReady), ne(TaintNodeUnreachable)]);
    const u = add('u', { [ZONE]: 'z' }, [ne(TaintNodeUnreachable)]);
    const nr = add('nr', { [ZONE]: 'z' }, [ne(TaintNodeNotReady)]);
    expect([none, both, u, nr].map((n) => mirror.noExecute[n.idx])).toEqual([
      0,
      NoExec.Unreachable | NoExec.NotReady,
      NoExec.Unreachable,
      NoExec.NotReady,
    ]);
    state.addTaint(none, ne(TaintNodeNotReady));
    expect(mirror.noExecute[none.idx]).toBe(NoExec.NotReady);
    state.swapTaint(none, ne(TaintNodeUnreachable), TaintNodeNotReady, 'NoExecute');
    expect(mirror.noExecute[none.idx]).toBe(NoExec.Unreachable);
    state.removeTaint(both, TaintNodeUnreachable, 'NoExecute');
    expect(mirror.noExecute[both.idx]).toBe(NoExec.NotReady);
    state.removeTaint(both, TaintNodeNotReady, 'NoExecute');
    expect(mirror.noExecute[both.idx]).toBe(0);
  });

  it('a deleted node leaves the live list, which keeps the others in registration order', () => {
    const { state, mirror, add } = setup();
    const nodes = ['n0', 'n1', 'n2', 'n3'].map((n) => add(n, { [ZONE]: 'z' }));
    state.deleteNode(nodes[0] as Node);
    expect(mirror.live).toEqual([1, 2, 3]);
    state.deleteNode(nodes[2] as Node);
    expect(mirror.live).toEqual([1, 3]);
    state.deleteNode(nodes[2] as Node);
    expect(mirror.live).toEqual([1, 3]);
  });

  it('holds a node whose index is far past its capacity', () => {
    const { clock, state, mirror } = setup();
    clock.nowUs = 9 * S;
    for (const idx of [500, 2000]) {
      const n = makeNode({
        idx,
        name: `n${idx}`,
        pool: 'p',
        labels: { [ZONE]: 'z' },
        capacity: emptyResources(),
        allocatable: emptyResources(),
        taints: [ne(TaintNodeNotReady)],
        unschedulable: false,
        images: [],
        creationUs: 0,
      });
      state.addNode(n);
      state.setNodeCondition(n, 'Ready', 'True', 'KubeletReady');
      state.renewLease(n.idx);
      expect(mirror.capacity).toBeGreaterThan(idx);
      expect([
        mirror.ready[idx],
        mirror.readyHeartbeatUs[idx],
        mirror.leaseUs[idx],
        mirror.noExecute[idx],
      ]).toEqual([Ready.True, 9 * S, 9 * S, NoExec.NotReady]);
    }
    expect(mirror.live).toEqual([500, 2000]);
  });

  it('grows past its first 64 slots keeping every node it holds', () => {
    const { clock, state, mirror, add } = setup();
    const nodes: Node[] = [];
    for (let k = 0; k < 200; k++) {
      clock.nowUs = k * S;
      const n = add(`n${k}`, { [ZONE]: `z${k % 3}`, ...(k % 2 ? { [LabelExcludeDisruption]: '' } : {}) }, [
        ...(k % 5 === 0 ? [ne(TaintNodeUnreachable)] : []),
      ]);
      state.setNodeCondition(n, 'Ready', k % 4 === 0 ? 'False' : 'True', 'x');
      state.renewLease(n.idx);
      nodes.push(n);
    }
    expect(mirror.capacity).toBeGreaterThanOrEqual(200);
    expect(mirror.live).toEqual(nodes.map((n) => n.idx));
    for (const [k, n] of nodes.entries()) {
      const i = n.idx;
      expect([
        mirror.nodes[i],
        mirror.zoneId[i],
        mirror.excluded[i],
        mirror.ready[i],
        mirror.readyHeartbeatUs[i],
        mirror.leaseUs[i],
        mirror.noExecute[i],
      ]).toEqual([
        n,
        k % 3,
        k % 2,
        k % 4 === 0 ? Ready.False : Ready.True,
        k * S,
        k * S,
        k % 5 === 0 ? 1 : 0,
      ]);
    }
  });
});
