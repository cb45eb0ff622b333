import { describe, expect, it } from 'vitest';
import type { Condition } from '../workloads/conditions.js';
import type { IntOrPercent } from '../workloads/objects.js';
import {
  activeReplicaSets,
  availableReplicas,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  DesiredReplicasAnnotation,
  desiredReplicasOf,
  hasProgressDeadline,
  MaxReplicasAnnotation,
  maxReplicasOf,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  oldPodsRunning,
  proportion,
  RevisionAnnotation,
  type RsSnapshot,
  readyReplicas,
  resolveFenceposts,
  revisionOf,
  rolloutComplete,
  rolloutTimedOut,
} from './deployment-util.js';

const S = 1_000_000;

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

function snap(name: string, o: Partial<RsSnapshot> = {}): RsSnapshot {
  return { ...rs(name, 1), ...o };
}

const rolling = (replicas: number, surge: IntOrPercent, unavailable: IntOrPercent) => ({
  replicas,
  strategy: {
    type: 'RollingUpdate' as const,
    rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable },
  },
});

describe('maxSurge (deployment_util.go MaxSurge)', () => {
  it('rolling update: maxSurge resolved against replicas, rounding up', () => {
    expect(maxSurge(rolling(10, '25%', 0))).toBe(3);
    expect(maxSurge(rolling(10, 2, 0))).toBe(2);
  });
  it('0 without a rollingUpdate block, even for type RollingUpdate', () => {
    expect(maxSurge({ replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: null } })).toBe(0);
    expect(maxUnavailable({ replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: null } })).toBe(
      0,
    );
  });
  it('MaxUnavailable of a rolling update below replicas is the resolved value', () => {
    expect(maxUnavailable(rolling(10, 0, '25%'))).toBe(2);
    expect(maxUnavailable(rolling(10, 0, 0))).toBe(1); // both zero: 1
  });
});

describe('replica counts over ReplicaSets (GetReadyReplicaCountForReplicaSets, GetAvailableReplicaCountForReplicaSets, FilterActiveReplicaSets)', () => {
  const rss = [
    snap('a', { replicas: 3, readyReplicas: 2, availableReplicas: 1 }),
    snap('b', { replicas: 0, readyReplicas: 4, availableReplicas: 3 }),
  ];
  it('sums ready and available replicas of every ReplicaSet', () => {
    expect(readyReplicas(rss)).toBe(6);
    expect(availableReplicas(rss)).toBe(4);
  });
  it('active means spec.replicas > 0', () => {
    expect(activeReplicaSets(rss).map((r) => r.name)).toEqual(['a']);
  });
});

describe('annotations: desired-replicas, max-replicas, revision', () => {
  it('reads integer annotations', () => {
    const r = snap('a', {
      annotations: {
        [DesiredReplicasAnnotation]: '7',
        [MaxReplicasAnnotation]: '9',
        [RevisionAnnotation]: '12',
      },
    });
    expect([desiredReplicasOf(r), maxReplicasOf(r), revisionOf(r)]).toEqual([7, 9, 12]);
  });
  it('a missing or non-integer annotation is no value; a missing revision is 0', () => {
    const none = snap('a');
    expect([desiredReplicasOf(none), maxReplicasOf(none), revisionOf(none)]).toEqual([null, null, 0]);
    const bad = snap('b', {
      annotations: {
        [DesiredReplicasAnnotation]: 'abc',
        [MaxReplicasAnnotation]: '2.5',
      },
    });
    expect([desiredReplicasOf(bad), maxReplicasOf(bad)]).toEqual([null, null]);
  });
});

describe('ReplicaSet orderings (controller_utils.go ReplicaSetsByCreationTimestamp, BySizeNewer/Older, ByRevision)', () => {
  const names = (xs: RsSnapshot[]) => xs.map((r) => r.name);
  it('by creation: oldest first, in whole API seconds; equal seconds by name', () => {
    const a = snap('a', { createdUs: 5 * S + 900_000 });
    const b = snap('b', { createdUs: 5 * S + 100_000 });
    const c = snap('c', { createdUs: 4 * S + 999_999 });
    expect(names([a, b, c].sort(byCreation))).toEqual(['c', 'a', 'b']);
    expect(byCreation(a, a)).toBe(0);
    expect(byCreation(b, a)).toBeGreaterThan(0);
    expect(byCreation(c, a)).toBeLessThan(0);
  });
  it('by size newer: larger first, equal sizes newest first', () => {
    const xs = [
      snap('old', { replicas: 2, createdUs: 1 * S }),
      snap('big', { replicas: 5, createdUs: 3 * S }),
      snap('new', { replicas: 2, createdUs: 2 * S }),
    ];
    expect(names([...xs].sort(bySizeNewer))).toEqual(['big', 'new', 'old']);
    expect(names([...xs].sort(bySizeOlder))).toEqual(['big', 'old', 'new']);
  });
  it('by revision: lower revision first; equal (or missing) revisions by creation', () => {
    const rev = (name: string, r: string | null, createdS: number) =>
      snap(name, { createdUs: createdS * S, annotations: r === null ? {} : { [RevisionAnnotation]: r } });
    const xs = [rev('r10', '10', 1), rev('r2', '2', 3), rev('none', null, 5), rev('r2b', '2', 2)];
    expect(names([...xs].sort(byRevision))).toEqual(['none', 'r2b', 'r2', 'r10']);
  });
});

describe('GetProportion / getReplicaSetFraction', () => {
  const d = rolling(10, 2, 0); // max 12
  const withMax = (replicas: number, max: string | null) =>
    snap('a', { replicas, annotations: max === null ? {} : { [MaxReplicasAnnotation]: max } });
  it('a ReplicaSet with no replicas, or nothing to add, or everything added, gets nothing', () => {
    expect(proportion(withMax(0, '6'), d, 6, 4, 0)).toBe(0);
    expect(proportion(withMax(3, '6'), d, 6, 0, 0)).toBe(0);
    expect(proportion(withMax(3, '6'), d, 6, 4, 4)).toBe(0);
    expect(proportion(withMax(3, '6'), d, 6, -4, -4)).toBe(0);
  });
  it('its share of the new maximum (replicas * (replicas+surge) / max-replicas, math.Round) capped by what is left', () => {
    // 3 * 12 / 6 = 6: +3, capped at toAdd - added.
    expect(proportion(withMax(3, '6'), d, 99, 6, 0)).toBe(3);
    expect(proportion(withMax(3, '6'), d, 99, 6, 4)).toBe(2);
    // 1 * 12 / 8 = 1.5 rounds half away from zero to 2: +1.
    expect(proportion(withMax(1, '8'), d, 99, 6, 0)).toBe(1);
    // 3 * 12 / 5 = 7.2 -> 7: +4.
    expect(proportion(withMax(3, '5'), d, 99, 9, 0)).toBe(4);
  });
  it('without a max-replicas annotation the Deployment status replicas are the base', () => {
    expect(proportion(withMax(3, null), d, 6, 6, 0)).toBe(3);
    expect(proportion(withMax(3, null), d, 0, 6, 0)).toBe(0); // base 0: no share
    expect(proportion(withMax(3, '0'), d, 6, 6, 0)).toBe(0);
  });
  it('scaling down: a negative share, never below what is left to remove', () => {
    const small = rolling(4, 2, 0); // max 6
    // 6 * 6 / 12 = 3: -3.
    expect(proportion(withMax(6, '12'), small, 99, -6, 0)).toBe(-3);
    expect(proportion(withMax(6, '12'), small, 99, -6, -4)).toBe(-2);
    // To zero replicas: the whole ReplicaSet.
    expect(proportion(withMax(5, '12'), rolling(0, 2, 0), 99, -7, 0)).toBe(-5);
  });
});

describe('HasProgressDeadline, rollout state', () => {
  it('no deadline when unset or math.MaxInt32', () => {
    expect(hasProgressDeadline(null)).toBe(false);
    expect(hasProgressDeadline(2_147_483_647)).toBe(false);
    expect(hasProgressDeadline(2_147_483_646)).toBe(true);
    expect(hasProgressDeadline(0)).toBe(true);
  });
  const progressing = (status: 'True' | 'False', reason: string): Condition => ({
    type: 'Progressing',
    status,
    reason,
    message: '',
    lastUpdateUs: 0,
    lastTransitionUs: 0,
  });
  it('complete is Progressing with reason NewReplicaSetAvailable; timed out is ProgressDeadlineExceeded', () => {
    const done = { conditions: [progressing('True', 'NewReplicaSetAvailable')] };
    const late = { conditions: [progressing('False', 'ProgressDeadlineExceeded')] };
    const busy = { conditions: [progressing('True', 'ReplicaSetUpdated')] };
    const other = { conditions: [{ ...progressing('True', 'NewReplicaSetAvailable'), type: 'Available' }] };
    expect([done, late, busy, other].map(rolloutComplete)).toEqual([true, false, false, false]);
    expect([done, late, busy, other].map(rolloutTimedOut)).toEqual([false, true, false, false]);
  });
});

describe('recreate.go oldPodsRunning (Pending and Running count; the model has no Unknown phase)', () => {
  it('old ReplicaSets reporting replicas, or owning a pod not Succeeded/Failed', () => {
    expect(oldPodsRunning([])).toBe(false);
    expect(oldPodsRunning([{ statusReplicas: 1, podPhases: [] }])).toBe(true);
    expect(oldPodsRunning([{ statusReplicas: 0, podPhases: ['Succeeded', 'Failed'] }])).toBe(false);
    for (const phase of ['Pending', 'Running'] as const) {
      expect(
        oldPodsRunning([
          { statusReplicas: 0, podPhases: ['Succeeded'] },
          { statusReplicas: 0, podPhases: ['Failed', phase] },
        ]),
      ).toBe(true);
    }
  });
});
