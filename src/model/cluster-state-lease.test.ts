import { describe, expect, it } from 'vitest';
import { ClusterState, type NodeChange } from './cluster-state.js';
import { EventLog } from './event-log.js';
import { makeNode } from './factory.js';

const RES = { milliCPU: 1000, memory: 1, ephemeralStorage: 0, allowedPodNumber: 10, scalar: {} };

function node(idx: number, name: string) {
  return makeNode({
    idx,
    name,
    labels: {},
    pool: 'p',
    creationUs: 0,
    capacity: RES,
    allocatable: RES,
    images: [],
    unschedulable: false,
    taints: [],
  });
}

describe('ClusterState leases', () => {
  it('keeps renewTime by node index, null before the first renewal, and tells only lease watchers', () => {
    const clock = { nowUs: 7_000_000 };
    const state = new ClusterState(clock, new EventLog(undefined));
    const a = node(0, 'a');
    const b = node(100, 'b');
    state.addNode(a);
    state.addNode(b);
    const leases: [number, number][] = [];
    const updates: NodeChange[] = [];
    state.watch({ leaseRenewed: (idx, us) => leases.push([idx, us]) });
    state.watch({ nodeUpdated: (_n, change) => updates.push(change) });
    expect(state.leaseRenewUs(a)).toBeNull();
    expect(state.leaseRenewUs(b)).toBeNull();
    state.renewLease(100, 5_000_000);
    state.renewLease(0);
    expect(state.leaseRenewUs(b)).toBe(5_000_000);
    expect(state.leaseRenewUs(a)).toBe(7_000_000);
    state.renewLease(100, 6_000_000);
    expect(state.leaseRenewUs(b)).toBe(6_000_000);
    expect(state.leaseRenewUs(a)).toBe(7_000_000);
    expect(leases).toEqual([
      [100, 5_000_000],
      [0, 7_000_000],
      [100, 6_000_000],
    ]);
    expect(updates).toEqual([]);
  });
});
