// compare's spreading metrics on hand-built placements and nodes: zone skew per workload and overall
// (empty zones count as 0), population standard deviation and range of node utilisation over Ready
// nodes, and placement differences by pod name (moved, or present in one run only).
import { describe, expect, it } from 'vitest';
import { makeNode } from '../model/factory.js';
import {
  type Placement,
  placementDiff,
  skewOf,
  stddev,
  utilisationSpread,
  zoneCounts,
  zoneSkew,
} from './compare-spread.js';

const at = (pod: string, workload: string, node: string, zone: string): Placement => ({
  pod,
  workload,
  node,
  zone,
});

describe('compare spreading metrics', () => {
  it('zone skew is max - min pods over every zone of the cluster, per workload and for all pods', () => {
    const p = [
      at('a1', 'Deployment/default/a', 'n1', 'z1'),
      at('a2', 'Deployment/default/a', 'n1', 'z1'),
      at('a3', 'Deployment/default/a', 'n2', 'z2'),
      at('b1', 'Deployment/default/b', 'n3', 'z3'),
      at('x', '', 'n3', 'z3'),
    ];
    const counts = zoneCounts(p, ['z2', 'z1', 'z3', 'z4', 'z1']);
    expect([...counts.keys()]).toEqual(['*', 'Deployment/default/a', 'Deployment/default/b']);
    expect([...(counts.get('*') ?? [])]).toEqual([
      ['z1', 2],
      ['z2', 1],
      ['z3', 2],
      ['z4', 0],
    ]);
    // a: 2,1,0,0 -> 2; b: 0,0,1,0 -> 1; all: 2,1,2,0 -> 2 (the pod without a workload counts in all only).
    expect(skewOf(counts.get('Deployment/default/a') ?? new Map())).toBe(2);
    expect(zoneSkew(counts)).toEqual({ max: 2, mean: 1.5, all: 2 });
    expect(zoneSkew(zoneCounts([], ['z1']))).toEqual({ max: 0, mean: 0, all: 0 });
  });

  it('node utilisation: population stddev and range over Ready nodes, empty ones included', () => {
    expect(stddev([0.5, 0.5])).toBe(0);
    expect(stddev([0, 1])).toBe(0.5);
    const mk = (idx: number, cpuMilli: number, ready: boolean) => {
      const n = makeNode({
        idx,
        name: `n${idx}`,
        pool: '',
        labels: {},
        capacity: { milliCPU: 4000, memory: 4, ephemeralStorage: 0, allowedPodNumber: 110, scalar: {} },
        allocatable: { milliCPU: 4000, memory: 4, ephemeralStorage: 0, allowedPodNumber: 110, scalar: {} },
        taints: [],
        unschedulable: false,
        images: [],
        creationUs: 0,
      });
      n.requested.milliCPU = cpuMilli;
      n.requested.memory = cpuMilli / 1000;
      n.conditions.set('Ready', {
        type: 'Ready',
        status: ready ? 'True' : 'Unknown',
        reason: '',
        lastHeartbeatUs: 0,
        lastTransitionUs: 0,
      });
      return n;
    };
    // Ready: 1/4 and 3/4 (the Unknown node's 4/4 is left out): mean 0.5, stddev 0.25, range 0.5.
    const u = utilisationSpread([mk(0, 1000, true), mk(1, 3000, true), mk(2, 4000, false)]);
    expect(u).toEqual({ cpuStddev: 0.25, cpuRange: 0.5, memoryStddev: 0.25 });
  });

  it('placement differences count moved pods and pods only one run has', () => {
    const a = [at('p1', 'w', 'n1', 'z1'), at('p2', 'w', 'n2', 'z1'), at('p3', 'w', 'n3', 'z2')];
    const b = [at('p1', 'w', 'n1', 'z1'), at('p2', 'w', 'n4', 'z1'), at('p4', 'w', 'n3', 'z2')];
    // p2 moved node but not zone; p3 only in a, p4 only in b.
    expect(placementDiff(a, b)).toEqual({ nodes: 3, zones: 2 });
    expect(placementDiff(a, a)).toEqual({ nodes: 0, zones: 0 });
  });
});
