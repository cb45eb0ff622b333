// Upstream StatefulSet controller vectors (kubernetes/kubernetes pkg/controller/statefulset), replayed on
// kubesim's pure planner (src/controllers/statefulset/plan.ts planStatefulSet) and identity helpers
// (identity.ts), each case named after its upstream case:
//   stateful_set_control_test.go TestStatefulSetControl: CreatesPods{With,Without}PodIndexLabelFeature,
//     ScalesUp, ScalesDown, ReplacesPods, RecreatesFailedPod, RecreatesSucceededPod, each Monotonic
//     (OrderedReady, assertMonotonicInvariants) and Burst (Parallel); TestStatefulSetControlRollingUpdate
//     (monotonic/burst image update, with scale up and scale down); TestStatefulSetControlOnDeleteUpdate;
//     TestStatefulSetControlRollingUpdateWithPartition.
//   stateful_set_utils_test.go: TestGetParentNameAndOrdinal, TestGetClaimPodName (claim names),
//     TestIsClaimOwnerUpToDate, TestGetStatefulSetMaxUnavailable.
// The harness plays the fake pod control of upstream's tests: a create adds a Pending pod, a delete marks
// it terminating and the next round removes it, and each round moves pods one step on (Pending ->
// Running -> Ready) where upstream's scaleUp/scaleDown/updateStatefulSetControl pick a random pod (the
// order changes no assertion: invariants are checked after every sync). Status is written back as
// updateStatefulSetStatus does.
// Not replayed: the API-failure cases (CreatePodFailure, UpdatePodFailure, UpdateSetStatusFailure,
// NewRevisionDeletePodFailure, Recreates*PodWithDeleteFailure: the simulation's API calls do not fail),
// RecreatesPVCForPendingPod here (replayed through a whole simulation in statefulset-claims.test.ts),
// TestStatefulSetControlLimitsHistory and the rollback tests
// (ControllerRevision objects and revisionHistoryLimit are not modelled), and the
// TestStatefulSetControlRollingUpdateWithMaxUnavailable tables (only the gate's batch size is pinned
// below, from stateful_set_control.go updateStatefulSetAfterInvariantEstablished).
import { describe, expect, it } from 'vitest';
import {
  claimName,
  claimOwners,
  PodIndexLabel,
  podLabels,
  podName,
} from '../../src/controllers/statefulset/identity.js';
import {
  maxUnavailableOf,
  ordinalOf,
  planStatefulSet,
  RevisionLabel,
} from '../../src/controllers/statefulset/plan.js';
import type { PodTemplateManifest } from '../../src/model/k8s-schema.js';
import type { StatefulSetManifest } from '../../src/model/k8s-workload-schema.js';
import type { Pod } from '../../src/model/types.js';
import { statefulSetFrom, statefulSetRevision } from '../../src/workloads/from-manifest.js';
import type { IntOrPercent, StatefulSet } from '../../src/workloads/objects.js';

const S = 1_000_000;

function template(image: string): PodTemplateManifest {
  return {
    metadata: { labels: { foo: 'bar' } },
    spec: { containers: [{ name: 'nginx', image }] },
  } as unknown as PodTemplateManifest;
}

/** newStatefulSet(replicas): set "foo" in "default", selector foo=bar, a "datadir" claim template. */
function newStatefulSet(replicas: number, extra: Partial<StatefulSetManifest['spec']> = {}): StatefulSet {
  const m = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'foo', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { foo: 'bar' } },
      serviceName: 'governingsvc',
      template: template('nginx'),
      volumeClaimTemplates: [
        {
          metadata: { name: 'datadir' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1' } } },
        },
      ],
      ...extra,
    },
  } as unknown as StatefulSetManifest;
  return statefulSetFrom(m, { uid: 'set-uid', namespace: 'default', createdUs: 0, owner: null });
}

/** The fake pod control: the set's pods and the API calls the syncs made. */
class FakeCluster {
  readonly pods = new Map<string, Pod>();
  creates = 0;
  deletes = 0;
  nowUs = 0;
  private uid = 0;
  constructor(
    readonly set: StatefulSet,
    private readonly maxUnavailableGate = false,
  ) {}

  /** One UpdateStatefulSet: plan, apply every step, write the status back. */
  sync(): void {
    const plan = planStatefulSet({
      set: this.set,
      pods: [...this.pods.values()],
      nowUs: this.nowUs,
      maxUnavailableGate: this.maxUnavailableGate,
      claimsMatchRetention: () => true,
    });
    for (const step of plan.steps)
      for (const a of step) {
        if (a.op === 'create') this.create(a.ordinal, a.revision);
        else if (a.op === 'delete') {
          this.deletes++;
          a.pod.deletionUs = this.nowUs;
        }
      }
    this.set.status = plan.status;
  }

  private create(ordinal: number, revision: string): void {
    this.creates++;
    const name = podName(this.set, ordinal);
    const pod = {
      uid: `pod-${++this.uid}`,
      namespace: 'default',
      name,
      key: `default/${name}`,
      labels: { foo: 'bar', ...podLabels(this.set, ordinal, revision, true) },
      phase: 'Pending',
      ready: false,
      readyTransitionUs: null,
      deletionUs: null,
    } as unknown as Pod;
    this.pods.set(name, pod);
  }

  /** The kubelet's and the API server's side of one round: terminating pods go, others step on. */
  advance(all = true): void {
    this.nowUs += S;
    for (const [name, p] of [...this.pods]) {
      if (p.deletionUs !== null) this.pods.delete(name);
    }
    for (const p of this.sorted()) {
      const m = p as { phase: string; ready: boolean; readyTransitionUs: number | null };
      if (m.phase === 'Pending') m.phase = 'Running';
      else if (m.phase === 'Running' && !m.ready) {
        m.ready = true;
        m.readyTransitionUs = this.nowUs;
      } else continue;
      if (!all) return;
    }
  }

  sorted(): Pod[] {
    return [...this.pods.values()].sort((a, b) => ordinalOf('foo', a.name) - ordinalOf('foo', b.name));
  }

  /**
   * assertMonotonicInvariants: pods sit at ordinals 0..n-1 with no gap, and no pod is Running and
   * Ready while its predecessor is not.
   */
  assertMonotonic(): void {
    const pods = this.sorted();
    const rr = (p: Pod) => p.phase === 'Running' && p.ready;
    for (let i = 0; i < pods.length; i++) {
      const pod = pods[i] as Pod;
      expect(ordinalOf('foo', pod.name), `${pod.name} deployed in the wrong order`).toBe(i);
      if (i > 0) expect(rr(pod) && !rr(pods[i - 1] as Pod), `successor ${pod.name} ready first`).toBe(false);
    }
  }

  /** scaleUpStatefulSetControl / scaleDownStatefulSetControl / updateStatefulSetControl. */
  converge(monotonic: boolean, done: () => boolean, stepAll = !monotonic): void {
    for (let round = 0; round < 200; round++) {
      this.sync();
      if (monotonic) this.assertMonotonic();
      if (done()) return;
      this.advance(stepAll);
    }
    expect(done()).toBe(true);
  }

  readyAll(): boolean {
    const s = this.set.status;
    return s.readyReplicas === this.set.replicas && s.replicas === this.set.replicas;
  }

  revisions(): string[] {
    return this.sorted().map((p) => p.labels[RevisionLabel] ?? '');
  }
}

const policies = [
  ['Monotonic', 'OrderedReady'],
  ['Burst', 'Parallel'],
] as const;

describe('upstream TestStatefulSetControl (stateful_set_control_test.go)', () => {
  for (const [mode, policy] of policies) {
    const monotonic = mode === 'Monotonic';
    it(`CreatesPodsWithPodIndexLabelFeature/${mode}`, () => {
      const c = new FakeCluster(newStatefulSet(3, { podManagementPolicy: policy }));
      c.converge(monotonic, () => c.readyAll());
      expect([c.set.status.replicas, c.set.status.readyReplicas, c.set.status.updatedReplicas]).toEqual([
        3, 3, 3,
      ]);
      for (const p of c.sorted()) expect(p.labels[PodIndexLabel]).toBe(String(ordinalOf('foo', p.name)));
    });
    it(`ScalesUp/${mode}`, () => {
      const c = new FakeCluster(newStatefulSet(3, { podManagementPolicy: policy }));
      c.converge(monotonic, () => c.readyAll());
      c.set.replicas = 4;
      c.converge(monotonic, () => c.readyAll());
      expect([c.set.status.replicas, c.set.status.readyReplicas, c.set.status.updatedReplicas]).toEqual([
        4, 4, 4,
      ]);
    });
    it(`ScalesDown/${mode}`, () => {
      const c = new FakeCluster(newStatefulSet(3, { podManagementPolicy: policy }));
      c.converge(monotonic, () => c.readyAll());
      c.set.replicas = 0;
      const order: string[] = [];
      for (let round = 0; round < 20 && c.pods.size > 0; round++) {
        c.sync();
        for (const p of c.sorted()) if (p.deletionUs !== null && !order.includes(p.name)) order.push(p.name);
        if (monotonic) expect(c.sorted().filter((p) => p.deletionUs !== null).length).toBeLessThanOrEqual(1);
        c.advance();
      }
      c.sync();
      expect([c.set.status.replicas, c.set.status.readyReplicas, c.set.status.updatedReplicas]).toEqual([
        0, 0, 0,
      ]);
      // Scale-down removes the highest ordinal first (monotonic: one at a time).
      if (monotonic) expect(order).toEqual(['foo-2', 'foo-1', 'foo-0']);
      else expect(order.sort()).toEqual(['foo-0', 'foo-1', 'foo-2']);
    });
    it(`ReplacesPods/${mode}`, () => {
      const c = new FakeCluster(newStatefulSet(5, { podManagementPolicy: policy }));
      c.converge(monotonic, () => c.readyAll());
      for (const n of ['foo-0', 'foo-2', 'foo-4']) c.pods.delete(n);
      // Upstream syncs here without the invariants (pods 1 and 3 are left with gaps below them).
      c.converge(false, () => c.readyAll(), !monotonic);
      expect(c.set.status.replicas).toBe(5);
      expect(c.sorted().map((p) => p.name)).toEqual(['foo-0', 'foo-1', 'foo-2', 'foo-3', 'foo-4']);
    });
    for (const phase of ['Failed', 'Succeeded'] as const) {
      it(`Recreates${phase === 'Failed' ? 'Failed' : 'Succeeded'}Pod/${mode}`, () => {
        const c = new FakeCluster(newStatefulSet(3, { podManagementPolicy: policy }));
        c.sync();
        expect(c.deletes).toBe(0);
        const first = c.sorted()[0] as Pod;
        (first as { phase: string }).phase = phase;
        c.sync(); // the terminal pod is deleted, nothing created in its place yet
        expect(c.deletes).toBe(1);
        c.pods.delete(first.name);
        c.sync(); // recreated on the next sync, no further delete
        expect(c.deletes).toBe(1);
        const again = c.pods.get(first.name);
        expect(again?.phase).toBe('Pending');
        expect(c.creates).toBe(monotonic ? 2 : 3 + 1);
      });
    }
  }
  it('CreatesPodsWithoutPodIndexLabelFeature: no apps.kubernetes.io/pod-index label before 1.28', () => {
    const set = newStatefulSet(3);
    expect(podLabels(set, 1, 'r', false)[PodIndexLabel]).toBeUndefined();
    expect(podLabels(set, 1, 'r', true)[PodIndexLabel]).toBe('1');
  });
});

/** A new template: a new update revision, the old one kept (set.revisions). */
function updateImage(set: StatefulSet, image: string): void {
  const t = template(image);
  set.template = t;
  set.revision = statefulSetRevision(set.name, t);
  set.revisions.set(set.revision, t);
}

describe('upstream TestStatefulSetControlRollingUpdate (stateful_set_control_test.go)', () => {
  const cases: [string, 'OrderedReady' | 'Parallel', number][] = [
    ['monotonic image update', 'OrderedReady', 3],
    ['monotonic image update and scale up', 'OrderedReady', 5],
    ['monotonic image update and scale down', 'OrderedReady', 2],
    ['burst image update', 'Parallel', 3],
    ['burst image update and scale up', 'Parallel', 5],
    ['burst image update and scale down', 'Parallel', 2],
  ];
  it.each(cases)('%s', (_name, policy, replicas) => {
    const c = new FakeCluster(newStatefulSet(3, { podManagementPolicy: policy }));
    c.converge(policy === 'OrderedReady', () => c.readyAll());
    const old = c.set.revision;
    updateImage(c.set, 'foo');
    c.set.replicas = replicas;
    const updated = () =>
      c.readyAll() &&
      c.set.status.updatedReplicas === replicas &&
      c.set.status.currentRevision === c.set.revision;
    c.converge(false, updated, true);
    expect(c.revisions()).toEqual(new Array(replicas).fill(c.set.revision));
    expect(c.set.revision).not.toBe(old);
    expect(c.set.status.currentReplicas).toBe(replicas);
  });
});

describe('upstream TestStatefulSetControlOnDeleteUpdate (stateful_set_control_test.go)', () => {
  it('an OnDelete set keeps its pods at the old revision until they are deleted; recreated pods get the new one', () => {
    const c = new FakeCluster(newStatefulSet(3, { updateStrategy: { type: 'OnDelete' } }));
    c.converge(true, () => c.readyAll());
    const old = c.set.revision;
    updateImage(c.set, 'foo');
    for (let i = 0; i < 5; i++) {
      c.sync();
      c.advance();
    }
    expect(c.revisions()).toEqual([old, old, old]);
    expect(c.set.status.updateRevision).toBe(c.set.revision);
    expect(c.set.status.currentRevision).toBe(old);
    c.pods.delete('foo-2');
    c.converge(true, () => c.readyAll());
    expect(c.revisions()).toEqual([old, old, c.set.revision]);
  });
});

describe('upstream TestStatefulSetControlRollingUpdateWithPartition (stateful_set_control_test.go)', () => {
  it.each<[string, 'OrderedReady' | 'Parallel']>([
    ['monotonic image update', 'OrderedReady'],
    ['burst image update', 'Parallel'],
  ])(
    '%s: pods at or above the partition are updated, those below keep the current revision',
    (_n, policy) => {
      const c = new FakeCluster(
        newStatefulSet(5, {
          podManagementPolicy: policy,
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
        }),
      );
      c.converge(policy === 'OrderedReady', () => c.readyAll());
      const old = c.set.revision;
      updateImage(c.set, 'foo');
      c.converge(false, () => c.readyAll() && c.set.status.updatedReplicas === 3, true);
      expect(c.revisions()).toEqual([old, old, c.set.revision, c.set.revision, c.set.revision]);
      // The update never completes below the partition: the current revision stays.
      expect(c.set.status.currentRevision).toBe(old);
    },
  );
});

describe('MaxUnavailableStatefulSet (stateful_set_control.go updateStatefulSetAfterInvariantEstablished)', () => {
  it('with the gate, one sync deletes up to maxUnavailable stale pods from the highest ordinal; without it one', () => {
    for (const [gate, want] of [
      [true, ['foo-4', 'foo-3']],
      [false, ['foo-4']],
    ] as const) {
      const c = new FakeCluster(
        newStatefulSet(5, {
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
        }),
        gate,
      );
      c.converge(true, () => c.readyAll());
      updateImage(c.set, 'foo');
      c.sync();
      expect(
        c
          .sorted()
          .filter((p) => p.deletionUs !== null)
          .map((p) => p.name)
          .reverse(),
      ).toEqual(want);
    }
  });
});

describe('upstream stateful_set_utils_test.go', () => {
  it('TestGetParentNameAndOrdinal', () => {
    expect(ordinalOf('foo', 'foo-1')).toBe(1);
    expect(ordinalOf('foo', '1-bar')).toBe(-1);
  });
  it('TestGetClaimPodName: claims are <template>-<set>-<ordinal>', () => {
    const set = newStatefulSet(3);
    expect(claimName('volume', { ...set, name: 'my-set' }, 2)).toBe('volume-my-set-2');
    expect(claimName('long-volume', { ...set, name: 'my-set' }, 20)).toBe('long-volume-my-set-20');
  });
  it.each<[number | string | undefined, number, number]>([
    [undefined, 10, 1],
    [3, 10, 3],
    [3, 0, 3],
    [0, 0, 1],
    ['10%', 25, 2],
    ['100%', 5, 5],
    ['50%', 5, 2],
    ['10%', 5, 1],
    ['1%', 0, 1],
    ['0%', 0, 1],
  ])('TestGetStatefulSetMaxUnavailable maxUnavailable=%s replicas=%i -> %i', (v, replicas, want) => {
    expect(maxUnavailableOf((v ?? 1) as IntOrPercent, replicas)).toBe(want);
  });

  // TestIsClaimOwnerUpToDate: which owner references a claim of `ordinal` needs (set replicas 2).
  it.each<[string, 'Retain' | 'Delete', 'Retain' | 'Delete', number, boolean, boolean]>([
    ['retain', 'Retain', 'Retain', 0, false, false],
    ['on SS delete', 'Retain', 'Delete', 0, false, true],
    ['on scaledown only, condemned', 'Delete', 'Retain', 2, true, false],
    ['on scaledown only, remains', 'Delete', 'Retain', 1, false, false],
    ['on both, condemned', 'Delete', 'Delete', 2, true, false],
    ['on both, remains', 'Delete', 'Delete', 1, false, true],
  ])('TestIsClaimOwnerUpToDate %s', (_name, whenScaled, whenDeleted, ordinal, needsPodRef, needsSetRef) => {
    const set = { ...newStatefulSet(2), retention: { whenScaled, whenDeleted } } as StatefulSet;
    const pod = { name: `foo-${ordinal}`, uid: 'pod-123' } as Pod;
    const owners = claimOwners(set, ordinal, pod);
    expect(owners.some((o) => o.uid === 'pod-123')).toBe(needsPodRef);
    expect(owners.some((o) => o.uid === set.uid)).toBe(needsSetRef);
    // addControllerRef: every reference the controller adds is a controller reference.
    for (const o of owners) expect(o.controller).toBe(true);
  });
});

describe('completeRollingUpdate (stateful_set_utils.go)', () => {
  it('the update revision becomes current only with spec.replicas pods updated and ready', () => {
    const c = new FakeCluster(newStatefulSet(3));
    c.converge(true, () => c.readyAll());
    const old = c.set.revision;
    updateImage(c.set, 'foo');
    c.converge(false, () => c.set.status.updatedReplicas === 3 && c.set.status.readyReplicas === 3, true);
    c.set.status = { ...c.set.status, currentRevision: old };
    c.set.replicas = 4;
    const plan = planStatefulSet({
      set: c.set,
      pods: c.sorted(),
      nowUs: c.nowUs,
      maxUnavailableGate: false,
      claimsMatchRetention: () => true,
    });
    expect(plan.status.currentRevision).toBe(old);
  });
});
