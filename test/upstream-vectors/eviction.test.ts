// Upstream vectors: kubernetes/kubernetes pkg/registry/core/pod/storage/eviction_test.go (TestEviction,
// TestEvictionIngorePDB, TestEvictionPDBStatus) and test/integration/evictions/evictions_test.go
// (TestEvictionWithUnhealthyPodEvictionPolicy, TestEvictionWithFinalizers), replayed against kubesim's
// EvictionApi over a ClusterState and a PdbStore. Pods are labelled a=true and bound to a node; the
// budgets select a=true unless the case says otherwise.
// Not replayed: "bad name in Url" (kubesim's callers name the pod once), the conflict-retry cases of
// TestEvictionIngorePDB ("first delete conflict", "always conflict on delete", "user provided
// ResourceVersion constraint", "resource version conflict", "other error on delete": kubesim's API has no
// write conflicts on pods and no preconditions; their outcome without conflicts is replayed), and
// TestEvictionDryRun (no dry-run requests).
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../src/model/cluster-state.js';
import { EventLog } from '../../src/model/event-log.js';
import type { Pod, PodPhase } from '../../src/model/types.js';
import { EvictionApi, type EvictionResult, TOO_MANY_REQUESTS_MESSAGE } from '../../src/workloads/eviction.js';
import {
  disruptionAllowedCondition,
  EMPTY_PDB_STATUS,
  type PdbStatus,
  type UnhealthyPodEvictionPolicy,
} from '../../src/workloads/pdb.js';
import { PdbStore } from '../../src/workloads/pdb-store.js';
import { testPod } from '../helpers/pods.js';

interface World {
  state: ClusterState;
  store: PdbStore;
  api: EvictionApi;
  log: EventLog;
}

function world(gates: { conditions?: boolean; unhealthyPolicy?: boolean; minor?: number } = {}): World {
  const minor = gates.minor ?? 34;
  const clock = { nowUs: 100_500_000 };
  const log = new EventLog(undefined, { keepRows: true });
  const state = new ClusterState(clock, log);
  const store = new PdbStore();
  const api = new EvictionApi(state, store, {
    podDisruptionConditions: gates.conditions ?? true,
    unhealthyPodEvictionPolicy: gates.unhealthyPolicy ?? true,
    deniedCauseByCondition: minor >= 35,
    emptySelectorSelectsAll: minor >= 28,
  });
  return { state, store, api, log };
}

function addPod(w: World, name: string, phase: PodPhase, ready: boolean, deleting = false): Pod {
  const pod = testPod({ name, key: `default/${name}`, labels: { a: 'true' }, phase, ready, nodeName: 'foo' });
  w.state.createPod(pod);
  if (deleting) w.state.markPodDeleting(pod, 'Deleted');
  return pod;
}

function addPdb(
  w: World,
  status: Partial<PdbStatus>,
  opts: { selector?: Record<string, string>; policy?: UnhealthyPodEvictionPolicy } = {},
) {
  const pdb = w.store.create(
    {
      namespace: 'default',
      name: 'foo',
      spec: {
        minAvailable: null,
        maxUnavailable: null,
        selector: { matchLabels: opts.selector ?? { a: 'true' } },
        unhealthyPodEvictionPolicy: opts.policy ?? null,
      },
    },
    0,
  );
  // Upstream's fixtures carry generation 0 = observedGeneration 0; kubesim's objects start at 1.
  w.store.updateStatus(pdb, { ...EMPTY_PDB_STATUS, observedGeneration: 1, ...status }, pdb.resourceVersion);
  return pdb;
}

const gone = (w: World, name: string) => w.state.pod(`default/${name}`) === undefined;

describe('eviction_test.go TestEviction (DeleteOptions gracePeriodSeconds 0)', () => {
  const cases: Array<[string, Record<string, string>, number, PodPhase, boolean]> = [
    // name, budget selector, disruptionsAllowed, pod phase, expectError
    ['matching pdbs with no disruptions allowed, pod running', { a: 'true' }, 0, 'Running', true],
    ['matching pdbs with no disruptions allowed, pod pending', { a: 'true' }, 0, 'Pending', false],
    ['matching pdbs with no disruptions allowed, pod succeeded', { a: 'true' }, 0, 'Succeeded', false],
    ['matching pdbs with no disruptions allowed, pod failed', { a: 'true' }, 0, 'Failed', false],
    ['matching pdbs with disruptions allowed', { a: 'true' }, 1, 'Running', false],
    ['non-matching pdbs', { b: 'true' }, 0, 'Running', false],
  ];
  for (const [name, selector, allowed, phase, expectError] of cases) {
    it(name, () => {
      const w = world();
      addPdb(w, { disruptionsAllowed: allowed }, { selector });
      // validNewPod has no Ready condition.
      addPod(w, 't', phase, false);
      const r = w.api.evict('default/t', 0, 'test');
      expect(!r.ok).toBe(expectError);
      if (expectError) {
        expect(r).toMatchObject({ code: 429, reason: 'TooManyRequests', message: TOO_MANY_REQUESTS_MESSAGE });
        expect(gone(w, 't')).toBe(false);
      } else expect(gone(w, 't')).toBe(true);
    });
  }
});

describe('eviction_test.go TestEvictionIngorePDB (outcomes without conflicts)', () => {
  const cases: Array<[string, number, PodPhase, boolean | undefined, boolean, Partial<PdbStatus>, boolean]> =
    [
      // name, pod, phase, ready, terminating, pdb status, expectError
      [
        'pdbs No disruptions allowed, pod pending: deleted',
        1,
        'Pending',
        undefined,
        false,
        { disruptionsAllowed: 0 },
        false,
      ],
      [
        'matching pdbs with no disruptions allowed, pod terminating',
        6,
        'Running',
        undefined,
        true,
        { disruptionsAllowed: 0 },
        false,
      ],
      [
        'matching pdbs with no disruptions allowed, pod running, pod healthy, unhealthy pod not ours',
        7,
        'Running',
        true,
        false,
        { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 },
        true,
      ],
      [
        'matching pdbs with no disruptions allowed, pod running, pod unhealthy, unhealthy pod ours',
        8,
        'Running',
        false,
        false,
        { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 },
        false,
      ],
    ];
  for (const [name, n, phase, ready, terminating, status, expectError] of cases) {
    it(name, () => {
      const w = world();
      const pdb = addPdb(w, status);
      const pod = addPod(w, `t${n}`, phase, ready ?? false, terminating);
      const r = w.api.evict(pod.key, terminating ? 300 : 0, 'test');
      expect(!r.ok).toBe(expectError);
      // An unready pod of a healthy budget is deleted without a decrement.
      expect(pdb.status.disruptionsAllowed).toBe(status.disruptionsAllowed);
      expect(pdb.status.disruptedPods.size).toBe(0);
    });
  }
});

describe('eviction_test.go TestEvictionPDBStatus', () => {
  const cases: Array<[string, number, number, string]> = [
    ['pdb status is updated after eviction', 1, 0, 'InsufficientPods'],
    ['condition reason is only updated if AllowedDisruptions becomes 0', 3, 2, 'SufficientPods'],
  ];
  for (const [name, before, after, reason] of cases) {
    it(name, () => {
      const w = world();
      const pdb = addPdb(w, {
        disruptionsAllowed: before,
        conditions: [
          {
            type: 'DisruptionAllowed',
            status: 'True',
            reason: 'SufficientPods',
            message: '',
            observedGeneration: 1,
            lastTransitionUs: 0,
          },
        ],
      });
      addPod(w, 'foo-1', 'Running', false);
      addPod(w, 'foo-2', 'Running', false);
      expect(w.api.evict('default/foo-1', null, 'test').ok).toBe(true);
      expect(pdb.status.disruptionsAllowed).toBe(after);
      expect(disruptionAllowedCondition(pdb)?.reason).toBe(reason);
      // checkAndDecrement records the pod, at the API's whole-second time.
      expect([...pdb.status.disruptedPods]).toEqual([['foo-1', 100_000_000]]);
      expect(w.state.pod('default/foo-1')?.deletionUs).toBe(100_500_000);
    });
  }
});

describe('evictions_test.go TestEvictionWithUnhealthyPodEvictionPolicy (minAvailable 0, one pod)', () => {
  const cases: Array<[string, boolean, UnhealthyPodEvictionPolicy | undefined, boolean]> = [
    ['UnhealthyPodEvictionPolicy disabled and policy not set', false, undefined, true],
    ['UnhealthyPodEvictionPolicy enabled but policy not set', true, undefined, true],
    [
      'UnhealthyPodEvictionPolicy enabled but policy set to IfHealthyBudget with ready pod',
      true,
      'IfHealthyBudget',
      true,
    ],
    [
      'UnhealthyPodEvictionPolicy enabled but policy set to AlwaysAllow with ready pod',
      true,
      'AlwaysAllow',
      true,
    ],
    [
      'UnhealthyPodEvictionPolicy enabled but policy set to AlwaysAllow with unready pod',
      true,
      'AlwaysAllow',
      false,
    ],
  ];
  for (const [name, enabled, policy, ready] of cases) {
    it(name, () => {
      const w = world({ unhealthyPolicy: enabled });
      // The controller's status for minAvailable 0: a ready pod allows 1 disruption, an unready one 0.
      addPdb(
        w,
        {
          disruptionsAllowed: ready ? 1 : 0,
          currentHealthy: ready ? 1 : 0,
          desiredHealthy: 0,
          expectedPods: 1,
        },
        policy ? { policy } : {},
      );
      addPod(w, 'pod', 'Running', ready);
      const r: EvictionResult = w.api.evict('default/pod', null, 'test');
      expect(r.ok).toBe(true);
    });
  }

  it('AlwaysAllow ignored while the gate is off: an unready pod of an unhealthy budget is refused', () => {
    for (const [enabled, ok] of [
      [true, true],
      [false, false],
    ] as const) {
      const w = world({ unhealthyPolicy: enabled });
      addPdb(w, { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 }, { policy: 'AlwaysAllow' });
      addPod(w, 'pod', 'Running', false);
      expect(w.api.evict('default/pod', null, 'test').ok).toBe(ok);
    }
  });
});

describe('evictions_test.go TestEvictionWithFinalizers: DisruptionTarget by PodDisruptionConditions', () => {
  for (const phase of ['Succeeded', 'Running'] as const) {
    for (const enabled of [true, false]) {
      it(`${phase === 'Running' ? 'running' : 'terminal'} pod with PodDisruptionConditions ${enabled ? 'enabled' : 'disabled'}`, () => {
        const w = world({ conditions: enabled });
        const pod = addPod(w, 'pod', phase, true);
        expect(w.api.evict('default/pod', null, 'test').ok).toBe(true);
        if (enabled)
          expect(pod.disruptionTarget).toEqual({
            reason: 'EvictionByEvictionAPI',
            message: 'Eviction API: evicting',
            atUs: 100_500_000,
          });
        else expect(pod.disruptionTarget).toBeUndefined();
      });
    }
  }
});

describe('checkAndDecrement refusals', () => {
  it('a budget the controller has not synced since its last spec change: 429 "still being processed"', () => {
    const w = world();
    const pdb = addPdb(w, { disruptionsAllowed: 5 });
    w.store.updateSpec(pdb, pdb.spec);
    addPod(w, 'p', 'Running', true);
    expect(w.api.evict('default/p', null, 'test')).toMatchObject({
      ok: false,
      code: 429,
      cause: 'The disruption budget foo is still being processed by the server.',
    });
  });

  it('the cause names the budget and its health; the refusal is counted and written as a Pod row', () => {
    const w = world();
    addPdb(w, { disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 3 });
    const pod = addPod(w, 'p', 'Running', true);
    const r = w.api.evict('default/p', null, 'drain foo');
    expect(r).toMatchObject({ cause: 'The disruption budget foo needs 3 healthy pods and has 3 currently' });
    expect(w.state.counters.evictionsRefused).toBe(1);
    expect(pod.evictionsRefused).toBe(1);
    expect(w.log.keptRows.at(-1)).toMatchObject({
      kind: 'Pod',
      reason: 'TooManyRequests',
      object: 'default/p',
      detail:
        "429: Cannot evict pod as it would violate the pod's disruption budget. The disruption budget foo needs 3 healthy pods and has 3 currently",
    });
  });

  it('two budgets selecting the pod: 500', () => {
    const w = world();
    addPdb(w, { disruptionsAllowed: 1 });
    const second = w.store.create(
      {
        namespace: 'default',
        name: 'bar',
        spec: { minAvailable: 1, maxUnavailable: null, selector: {}, unhealthyPodEvictionPolicy: null },
      },
      0,
    );
    expect(second.spec.selector).toEqual({});
    addPod(w, 'p', 'Running', true);
    expect(w.api.evict('default/p', null, 'test')).toMatchObject({
      ok: false,
      code: 500,
      reason: 'InternalError',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    });
  });

  it('more than 2000 disruptedPods: 403', () => {
    const w = world();
    const many = new Map(Array.from({ length: 2001 }, (_, i) => [`x${i}`, 0] as [string, number]));
    addPdb(w, { disruptionsAllowed: 3, disruptedPods: many });
    addPod(w, 'p', 'Running', true);
    expect(w.api.evict('default/p', null, 'test')).toMatchObject({
      code: 403,
      message:
        'poddisruptionbudget.policy "foo" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller',
    });
  });

  it('a pod that does not exist: 404', () => {
    expect(world().api.evict('default/nope', null, 'test')).toMatchObject({
      code: 404,
      message: 'pods "nope" not found',
    });
  });

  it('an absent selector selects nothing; gracePeriodSeconds shorter than the spec is kept', () => {
    const w = world();
    const pdb = w.store.create(
      {
        namespace: 'default',
        name: 'none',
        spec: { minAvailable: 5, maxUnavailable: null, selector: null, unhealthyPodEvictionPolicy: null },
      },
      0,
    );
    const pod = addPod(w, 'p', 'Running', true);
    expect(w.api.budgetsFor(pod)).toEqual([]);
    expect(w.api.evict('default/p', 7, 'test').ok).toBe(true);
    expect(pod.deletionGraceSeconds).toBe(7);
    expect(pdb.status).toBe(EMPTY_PDB_STATUS);
  });
});

describe('eviction_test.go TestEviction (1.35+, kubernetes#133097): the 429 cause follows DisruptionAllowed', () => {
  const condition = (reason: string, message: string) => ({
    type: 'DisruptionAllowed' as const,
    status: 'False' as const,
    reason: reason as 'SyncFailed',
    message,
    observedGeneration: 1,
    lastTransitionUs: 0,
  });
  const cases: Array<[string, Partial<PdbStatus>, string, string]> = [
    // name, budget status, cause at 1.35, cause at 1.34
    [
      'the error is about sync failure when the condition reason is SyncFailedReason',
      { disruptionsAllowed: 0, conditions: [condition('SyncFailed', 'hoge')] },
      'The disruption budget foo does not allow evicting pods currently because it failed sync: hoge',
      'The disruption budget foo needs 0 healthy pods and has 0 currently',
    ],
    [
      'the error includes the reason when the condition.Status is False',
      {
        disruptionsAllowed: 0,
        currentHealthy: 4,
        desiredHealthy: 3,
        conditions: [condition('bar-reason', 'hoge')],
      },
      'The disruption budget foo does not allow evicting pods currently (bar-reason): hoge',
      'The disruption budget foo needs 3 healthy pods and has 4 currently',
    ],
    [
      'more healthy pods than desired and no condition message: the bare sentence',
      { disruptionsAllowed: 0, currentHealthy: 4, desiredHealthy: 3 },
      'The disruption budget foo does not allow evicting pods currently',
      'The disruption budget foo needs 3 healthy pods and has 4 currently',
    ],
    [
      'healthy counts decide when currentHealthy <= desiredHealthy',
      { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, conditions: [condition('x', 'y')] },
      'The disruption budget foo needs 2 healthy pods and has 2 currently',
      'The disruption budget foo needs 2 healthy pods and has 2 currently',
    ],
  ];
  for (const [name, status, cause135, cause134] of cases) {
    for (const [minor, cause] of [
      [35, cause135],
      [34, cause134],
    ] as const) {
      it(`${name} (1.${minor})`, () => {
        const w = world({ minor });
        addPdb(w, status);
        addPod(w, 't12', 'Running', true);
        expect(w.api.evict('default/t12', 0, 'test')).toMatchObject({
          ok: false,
          code: 429,
          message: TOO_MANY_REQUESTS_MESSAGE,
          cause,
        });
        expect(gone(w, 't12')).toBe(false);
      });
    }
  }
});

describe('getPodDisruptionBudgets: an empty selector (kubernetes#119731, fixed by #119732 in 1.29 and 1.28.3)', () => {
  for (const [minor, protectedByBudget] of [
    [27, false],
    [28, true],
    [34, true],
  ] as const) {
    it(`1.${minor}: a budget with selector {} ${protectedByBudget ? 'protects' : 'does not protect'} the namespace's pods`, () => {
      const w = world({ minor });
      const pdb = w.store.create(
        {
          namespace: 'default',
          name: 'all',
          spec: { minAvailable: 3, maxUnavailable: null, selector: {}, unhealthyPodEvictionPolicy: null },
        },
        0,
      );
      w.store.updateStatus(
        pdb,
        { ...EMPTY_PDB_STATUS, observedGeneration: 1, currentHealthy: 3, desiredHealthy: 3 },
        pdb.resourceVersion,
      );
      const pod = addPod(w, 'p', 'Running', true);
      expect(w.api.budgetsFor(pod).length).toBe(protectedByBudget ? 1 : 0);
      expect(w.api.evict('default/p', 0, 'test').ok).toBe(!protectedByBudget);
    });
  }
});
