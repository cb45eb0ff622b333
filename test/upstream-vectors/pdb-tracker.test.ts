// kubernetes/autoscaler cluster-autoscaler/core/scaledown/pdb/basic_test.go (TestBasicCanRemovePods,
// TestBasicRemovePods), replayed against kubesim's RemainingPdbTracker; and the live tracker's one
// snapshot per instant.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/model/types.js';
import { EMPTY_PDB_STATUS, type PodDisruptionBudget } from '../../src/workloads/pdb.js';
import { LivePdbTracker, RemainingPdbTracker } from '../../src/workloads/pdb-tracker.js';
import { testPod } from '../helpers/pods.js';

function pdb(name: string, label: string, allowed: number): PodDisruptionBudget {
  return {
    uid: name,
    namespace: 'ns',
    name,
    key: `ns/${name}`,
    labels: {},
    createdUs: 0,
    generation: 1,
    resourceVersion: 1,
    spec: {
      minAvailable: 1,
      maxUnavailable: null,
      selector: { matchLabels: { [label]: 'true' } },
      unhealthyPodEvictionPolicy: null,
    },
    status: { ...EMPTY_PDB_STATUS, disruptionsAllowed: allowed },
  };
}

/** makePodsWithLabel label-1 x a, label-2 x (b - both), the first `both` of the first group with both labels. */
function pods(a: number, b: number, both: number): Pod[] {
  const make = (label: string, n: number, extra: Record<string, string> = {}) =>
    Array.from({ length: n }, (_, i) =>
      testPod({
        name: `pod-1-${i}`,
        namespace: 'ns',
        key: `ns/pod-1-${i}`,
        labels: { [label]: 'true', ...extra },
      }),
    );
  const first = make('label-1', a).map((p, i) =>
    i < both ? Object.assign(p, { labels: { ...p.labels, 'label-2': 'true' } }) : p,
  );
  return [...first, ...make('label-2', b - both)];
}

describe('basic_test.go TestBasicCanRemovePods', () => {
  const cases: Array<[string, number, number, number, [number, number] | null, boolean, boolean]> = [
    ['No pdbs', 2, 1, 0, null, true, true],
    ['Not enough pod disruption budgets', 2, 1, 0, [1, 0], false, false],
    ['Pod disruption budgets is at risk', 2, 1, 0, [1, 2], true, false],
    ['Enough pod disruption budgets', 2, 3, 0, [2, 4], true, true],
    ['Pod covered with both PDBs can be moved', 1, 1, 1, [1, 1], true, true],
    ['Pod covered with both PDBs, is risky', 2, 2, 1, [2, 1], true, false],
  ];
  it.each(cases)('%s', (_n, a, b, both, d, canDisrupt, inParallel) => {
    const t = new RemainingPdbTracker();
    t.setPdbs(d === null ? [] : [pdb('foo', 'label-1', d[0]), pdb('bar', 'label-2', d[1])]);
    const r = t.canRemovePods(pods(a, b, both));
    expect([r.canRemove, r.inParallel]).toEqual([canDisrupt, inParallel]);
  });
});

describe('basic_test.go TestBasicRemovePods', () => {
  it('Pod covered with both PDBs: both go from 1 to 0', () => {
    const t = new RemainingPdbTracker();
    t.setPdbs([pdb('foo', 'label-1', 1), pdb('bar', 'label-2', 1)]);
    const ps = pods(1, 1, 1);
    t.remove(ps);
    expect(t.matching(ps[0] as Pod)).toEqual([
      { name: 'foo', disruptionsAllowed: 0 },
      { name: 'bar', disruptionsAllowed: 0 },
    ]);
  });
  it('No PDBs: nothing to take off', () => {
    const t = new RemainingPdbTracker();
    t.setPdbs([]);
    t.remove(pods(2, 3, 1));
    expect(t.matching(pods(1, 0, 0)[0] as Pod)).toEqual([]);
  });
});

describe('LivePdbTracker', () => {
  it('removals hold within an instant; the next instant re-reads the budgets', () => {
    const clock = { nowUs: 10 };
    const budgets = [pdb('foo', 'label-1', 2)];
    const t = new LivePdbTracker(clock, () => budgets);
    const p = pods(1, 0, 0);
    t.remove(p);
    expect(t.matching(p[0] as Pod)).toEqual([{ name: 'foo', disruptionsAllowed: 1 }]);
    clock.nowUs = 20;
    expect(t.matching(p[0] as Pod)).toEqual([{ name: 'foo', disruptionsAllowed: 2 }]);
  });
});
