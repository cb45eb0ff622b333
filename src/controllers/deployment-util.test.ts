import { describe, expect, it } from 'vitest';
import type { IntOrPercent } from '../workloads/objects.js';
import {
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  type RsSnapshot,
  resolveFenceposts,
} from './deployment-util.js';

describe('resolveFenceposts (deployment_util.go)', () => {
  it.each<[IntOrPercent, IntOrPercent, number, number, number]>([
    ['25%', '25%', 10, 3, 2], // surge rounds up, unavailable rounds down
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 1, 1, 0],
    ['0%', '0%', 10, 0, 1], // both zero: unavailable becomes 1
    [0, 0, 5, 0, 1],
    [2, '50%', 5, 2, 2],
    ['100%', 0, 7, 7, 0],
    ['10%', '10%', 0, 0, 1], // ResolveFenceposts itself; MaxUnavailable returns 0 for zero replicas
  ])(
    'maxSurge %s, maxUnavailable %s of %i -> surge %i, unavailable %i',
    (s, u, desired, surge, unavailable) => {
      expect(resolveFenceposts(s, u, desired)).toEqual({ surge, unavailable });
    },
  );

  it('MaxUnavailable is capped at replicas and 0 for Recreate or zero replicas', () => {
    const rolling = (replicas: number, s: IntOrPercent, u: IntOrPercent) => ({
      replicas,
      strategy: { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: s, maxUnavailable: u } },
    });
    expect(maxUnavailable(rolling(3, 0, 10))).toBe(3);
    expect(maxUnavailable(rolling(0, 1, 1))).toBe(0);
    expect(maxUnavailable({ replicas: 3, strategy: { type: 'Recreate', rollingUpdate: null } })).toBe(0);
    expect(maxSurge({ replicas: 3, strategy: { type: 'Recreate', rollingUpdate: null } })).toBe(0);
  });
});

function rs(name: string, replicas: number): RsSnapshot {
  return {
    name,
    createdUs: 0,
    replicas,
    statusReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    generation: 1,
    observedGeneration: 1,
    deleting: false,
    templateText: name,
    annotations: {},
  };
}

describe('NewRSNewReplicas', () => {
  const d = {
    replicas: 10,
    strategy: {
      type: 'RollingUpdate' as const,
      rollingUpdate: { maxSurge: 3 as IntOrPercent, maxUnavailable: 2 as IntOrPercent },
    },
  };
  it.each([
    { old: 10, current: 0, want: 3 }, // room for the surge
    { old: 10, current: 3, want: 3 }, // at max total: no change
    { old: 8, current: 3, want: 5 },
    { old: 0, current: 9, want: 10 }, // never above replicas
  ])('old $old + new $current -> $want', ({ old, current, want }) => {
    const all = [rs('old', old), rs('new', current)];
    expect(newRSNewReplicas(d, all, current)).toBe(want);
  });
  it('Recreate jumps to replicas', () => {
    expect(
      newRSNewReplicas({ replicas: 4, strategy: { type: 'Recreate', rollingUpdate: null } }, [rs('a', 4)], 0),
    ).toBe(4);
  });
});
