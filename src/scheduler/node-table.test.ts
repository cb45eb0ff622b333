// NodeTable rows follow the store (through the cache's watcher) and NodeMemo recomputes exactly the rows
// the change log names, rebuilding from scratch for a new shape or after the log wrapped.
import { describe, expect, it } from 'vitest';
import type { Node } from '../model/types.js';
import { SchedulerCache } from './cache.js';
import { NodeMemo, NodeTable } from './node-table.js';
import { node, pod, world } from './testing/fixtures.js';

const fakeNode = (idx: number, cpu: number): Node =>
  ({
    idx,
    name: `n${idx}`,
    allocatable: { milliCPU: 4000, memory: 1, ephemeralStorage: 0, allowedPodNumber: 10, scalar: {} },
    requested: { milliCPU: cpu, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: {} },
    nonZeroRequested: { milliCPU: cpu, memory: 0 },
    pods: new Set(),
    unschedulable: false,
    taints: [],
  }) as unknown as Node;

describe('NodeTable', () => {
  it('mirrors every live node of the store, bound pods included', () => {
    const sim = world({
      nodes: [
        node('a', { cpu: '4', memory: '8Gi' }),
        node('b', { cpu: '2', memory: '4Gi', unschedulable: true }),
      ],
      pods: [pod('p', { nodeName: 'a', requests: [{ cpu: '500m', memory: '1Gi' }] })],
    });
    const cache = new SchedulerCache(sim.state);
    const t = cache.table;
    for (const n of sim.state.nodes) {
      expect(t.allocMilliCPU[n.idx]).toBe(n.allocatable.milliCPU);
      expect(t.reqMilliCPU[n.idx]).toBe(n.requested.milliCPU);
      expect(t.nzMemory[n.idx]).toBe(n.nonZeroRequested.memory);
      expect(t.podCount[n.idx]).toBe(n.pods.size);
      expect(t.unschedulable[n.idx]).toBe(n.unschedulable ? 1 : 0);
    }
    expect(t.liveCount).toBe(2);
    expect(t.unschedulableCount).toBe(1);
    const b = sim.state.node('b') as Node;
    sim.state.setUnschedulable(b, false);
    expect(t.unschedulableCount).toBe(0);
    sim.state.addTaint(b, { key: 'k', value: 'v', effect: 'NoSchedule' });
    expect(t.taintedCount).toBe(1);
    // The node lifecycle controller mirrors the cordon as node.kubernetes.io/unschedulable:NoSchedule
    // (removed by its next sync, which this test does not run), so only check the table holds the new taint.
    expect(t.taintSets[t.taintSet[b.idx] as number]).toEqual(
      expect.arrayContaining([{ key: 'k', value: 'v', effect: 'NoSchedule' }]),
    );
  });
});

describe('NodeMemo', () => {
  it('is built for a shape seen twice and then recomputes only logged rows', () => {
    const t = new NodeTable();
    const nodes = [0, 1, 2].map((i) => fakeNode(i, 100 * i));
    for (const n of nodes) t.sync(n);
    const memo = new NodeMemo();
    const calls: number[] = [];
    const compute = (j: number) => {
      calls.push(j);
      return (t.reqMilliCPU[j] as number) + 1;
    };
    expect(memo.refresh(t, 1, 2, compute)).toBeNull();
    const v = memo.refresh(t, 1, 2, compute) as Float64Array;
    expect([v[0], v[1], v[2]]).toEqual([1, 101, 201]);
    calls.length = 0;
    (nodes[1] as Node).requested.milliCPU = 500;
    t.sync(nodes[1] as Node);
    const v2 = memo.refresh(t, 1, 2, compute) as Float64Array;
    expect(calls).toEqual([1]);
    expect(v2[1]).toBe(501);
    expect(memo.refresh(t, 3, 2, compute)).toBeNull();
  });

  it('rebuilds every row after the change log wrapped', () => {
    const t = new NodeTable();
    const n0 = fakeNode(0, 0);
    t.sync(n0);
    const memo = new NodeMemo();
    const compute = (j: number) => t.reqMilliCPU[j] as number;
    memo.refresh(t, 1, 1, compute);
    memo.refresh(t, 1, 1, compute);
    for (let i = 0; i < 3 * t.changeLog.length; i++) {
      n0.requested.milliCPU = i;
      t.sync(n0);
    }
    expect(t.logEpoch).toBeGreaterThan(0);
    expect((memo.refresh(t, 1, 1, compute) as Float64Array)[0]).toBe(n0.requested.milliCPU);
  });
});
