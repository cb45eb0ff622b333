import { describe, expect, it } from 'vitest';
import { reconcileReplicaSet, slowStartBatches } from './replicaset.js';

describe('slowStartBatches (controller.slowStartBatch)', () => {
  it.each([
    [0, []],
    [1, [1]],
    [3, [1, 2]],
    [10, [1, 2, 4, 3]],
    [31, [1, 2, 4, 8, 16]],
    [500, [1, 2, 4, 8, 16, 32, 64, 128, 245]],
  ])('%i creations -> %j', (n, want) => {
    expect(slowStartBatches(n)).toEqual(want);
  });
});

describe('reconcileReplicaSet (manageReplicas)', () => {
  const base = {
    replicas: 3,
    activePods: 3,
    deleting: false,
    expectationsSatisfied: true,
    burstReplicas: 500,
  };
  it.each([
    { name: 'in sync', v: {}, want: { create: 0, delete: 0 } },
    { name: 'too few', v: { activePods: 1 }, want: { create: 2, delete: 0 } },
    { name: 'too many', v: { activePods: 5 }, want: { create: 0, delete: 2 } },
    { name: 'burst caps creations', v: { replicas: 2000, activePods: 0 }, want: { create: 500, delete: 0 } },
    { name: 'burst caps deletions', v: { replicas: 0, activePods: 800 }, want: { create: 0, delete: 500 } },
    {
      name: 'waits for expectations',
      v: { activePods: 0, expectationsSatisfied: false },
      want: { create: 0, delete: 0 },
    },
    {
      name: 'a deleting ReplicaSet does nothing',
      v: { activePods: 0, deleting: true },
      want: { create: 0, delete: 0 },
    },
  ])('$name', ({ v, want }) => {
    expect(reconcileReplicaSet({ ...base, ...v })).toEqual(want);
  });
});
