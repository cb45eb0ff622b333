// The disruption controller's loop pieces: budget-to-pods index, getPdbForPod, sync plans and the
// UpdateStatus conflict (disruption_test.go TestPDBNotExist, TestUpdatePDBStatusRetries).
import { describe, expect, it } from 'vitest';
import { testPod } from '../../../test/helpers/pods.js';
import { ClusterState } from '../../model/cluster-state.js';
import { EventLog } from '../../model/event-log.js';
import type { Pod } from '../../model/types.js';
import { PdbStore } from '../../workloads/pdb-store.js';
import { DisruptionLogic, PdbPods } from './logic.js';
import type { ControllerLister, PdbEvent } from './status.js';

const S = 1_000_000;
const lister: ControllerLister = { get: () => undefined };

function setup() {
  const clock = { nowUs: 10 * S };
  const state = new ClusterState(clock, new EventLog(undefined));
  const store = new PdbStore();
  const pods = new PdbPods(state, store);
  const events: Array<[string, PdbEvent]> = [];
  const rechecks: Array<[string, number]> = [];
  const logic = new DisruptionLogic(
    store,
    pods,
    lister,
    { onPdb: (p, e) => events.push([p.key, e]), onPod: (p, e) => events.push([p.key, e]) },
    (key, delay) => rechecks.push([key, delay]),
  );
  const add = (name: string, labels: Record<string, string> = { app: 'web' }): Pod => {
    const pod = testPod({ name, key: `default/${name}`, labels, phase: 'Running', ready: true });
    state.createPod(pod);
    pods.podAdded(pod);
    return pod;
  };
  const budget = (name: string, minAvailable = 1, selector: Record<string, string> = { app: 'web' }) => {
    const pdb = store.create(
      {
        namespace: 'default',
        name,
        spec: {
          minAvailable,
          maxUnavailable: null,
          selector: { matchLabels: selector },
          unhealthyPodEvictionPolicy: null,
        },
      },
      0,
    );
    pods.rebuild(pdb);
    return pdb;
  };
  /** One worker sync, its writes applied in order; false when a write was refused. */
  const sync = (key: string) => {
    const plan = logic.sync(key, clock.nowUs);
    for (const step of plan?.steps ?? [])
      for (const a of step) if (!logic.apply(a, clock.nowUs)) return false;
    return plan;
  };
  return { clock, state, store, pods, logic, events, rechecks, add, budget, sync };
}

describe('DisruptionLogic', () => {
  it('TestPDBNotExist: a key with no budget syncs to nothing', () => {
    const w = setup();
    w.budget('web');
    expect(w.logic.sync('default/notExist', w.clock.nowUs)).toBeNull();
  });

  it('TestUpdatePDBStatusRetries: a write that conflicts with an eviction is refused, the retry sees it', () => {
    const w = setup();
    const pdb = w.budget('web', 1);
    const [a] = [w.add('moe'), w.add('larry'), w.add('curly')];
    w.sync(pdb.key);
    expect(pdb.status.disruptionsAllowed).toBe(2);
    // (A) one pod deleted; the controller decides 1 ...
    w.state.removePod(a as Pod);
    w.pods.podDeleted(a as Pod);
    const plan = w.logic.sync(pdb.key, w.clock.nowUs);
    // (B) ... while the eviction handler takes the other two (allowed 0, disruptedPods).
    w.store.updateStatus(
      pdb,
      {
        ...pdb.status,
        disruptionsAllowed: 0,
        disruptedPods: new Map([
          ['larry', 10 * S],
          ['curly', 10 * S],
        ]),
      },
      pdb.resourceVersion,
    );
    for (const p of ['larry', 'curly']) {
      const pod = w.state.pod(`default/${p}`) as Pod;
      w.state.markPodDeleting(pod, 'EvictionByEvictionAPI');
    }
    // (C) the stale write is refused; the retry writes 0.
    expect(w.logic.apply(plan?.steps[0]?.[0] as never, w.clock.nowUs)).toBe(false);
    expect(pdb.status.disruptionsAllowed).toBe(0);
    w.sync(pdb.key);
    expect(pdb.status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 0, expectedPods: 2 });
    // Entries of deleting pods are dropped from disruptedPods.
    expect(pdb.status.disruptedPods.size).toBe(0);
  });

  it('an unchanged status is not written; an entry younger than 2 min asks for a recheck at its expiry + 5 ms', () => {
    const w = setup();
    const pdb = w.budget('web', 1);
    w.add('a');
    w.add('b');
    w.sync(pdb.key);
    const rv = pdb.resourceVersion;
    expect(w.logic.sync(pdb.key, w.clock.nowUs)).toBeNull();
    expect(pdb.resourceVersion).toBe(rv);
    w.store.updateStatus(pdb, { ...pdb.status, disruptedPods: new Map([['a', 0]]) }, rv);
    w.sync(pdb.key);
    expect(w.rechecks).toEqual([[pdb.key, 120 * S - 10 * S + 5_000]]);
    expect(pdb.status.currentHealthy).toBe(1);
  });

  it('getPdbForPod: unlabelled pods enqueue nothing; with two budgets the oldest, and an event on the pod', () => {
    const w = setup();
    const first = w.budget('first', 1);
    w.budget('second', 1, {});
    expect(w.logic.pdbForPod(w.add('bare', {}))).toBeNull();
    expect(w.logic.pdbForPod(w.add('web-1'))).toBe(first);
    expect(w.events.at(-1)).toEqual([
      'default/web-1',
      expect.objectContaining({
        reason: 'MultiplePodDisruptionBudgets',
        message: 'Pod "default"/"web-1" matches multiple PodDisruptionBudgets.  Chose "first" arbitrarily.',
      }),
    ]);
  });

  it('PdbPods: an empty selector selects the whole namespace, an absent one nothing; deletes leave the set', () => {
    const w = setup();
    const all = w.budget('all', 1, {});
    const none = w.store.create(
      {
        namespace: 'default',
        name: 'none',
        spec: { minAvailable: 1, maxUnavailable: null, selector: null, unhealthyPodEvictionPolicy: null },
      },
      0,
    );
    const a = w.add('a', {});
    w.add('b');
    expect(w.pods.selected(all).map((p) => p.name)).toEqual(['a', 'b']);
    expect(w.pods.selected(none)).toEqual([]);
    w.state.removePod(a);
    w.pods.podDeleted(a);
    expect(w.pods.selected(all).map((p) => p.name)).toEqual(['b']);
  });
});
