// Upstream vectors: kubernetes/kubernetes pkg/controller/disruption/disruption_test.go, replayed
// against the disruption controller's pure decision (src/controllers/disruption/status.ts). Each
// `dc.sync()` here is upstream's: decide, then store the written status as the fake updater does
// (pdbStates.Set). VerifyPdbStatus(allowed, current, desired, expected, disruptedPods) also checks the
// DisruptionAllowed condition (True iff allowed > 0) and observedGeneration == generation.
// Not replayed here: TestScaleResource and TestScaleFinderNoResource (custom resources with a /scale
// subresource and discovery; kubesim has no custom resources; the built-in kinds without /scale are
// covered below), TestStalePodDisruption (the stale DisruptionTarget cleanup: kubesim's deletes never
// fail after the condition is written, so no condition goes stale), TestKeepExistingPDBConditionDuringSync
// (a PDB carries only DisruptionAllowed in kubesim) and TestInvalidSelectors (the API rejects such
// selectors when the scenario loads). TestPDBNotExist and TestUpdatePDBStatusRetries are replayed
// against the controller loop in src/controllers/disruption/controller.test.ts.
import { describe, expect, it } from 'vitest';
import {
  type ControllerLister,
  type ControllerObject,
  type ControllerRef,
  decidePdbStatus,
  expectedScale,
  findDeployment,
  findReplicaSet,
  findReplicationController,
  findStatefulSet,
  type PdbEvent,
} from '../../src/controllers/disruption/status.js';
import type { LabelSelector, Pod } from '../../src/model/types.js';
import type { IntOrPercent } from '../../src/workloads/objects.js';
import { DELETION_TIMEOUT_US, disruptionAllowedCondition, pdbSelects } from '../../src/workloads/pdb.js';
import { PdbStore } from '../../src/workloads/pdb-store.js';
import { testPod } from '../helpers/pods.js';

const S = 1_000_000;
const FOO_BAR = { foo: 'bar' };

class FakeLister implements ControllerLister {
  readonly objects = new Map<string, ControllerObject & { labels?: Record<string, string> }>();
  get(kind: string, namespace: string, name: string): ControllerObject | undefined {
    return this.objects.get(`${kind}/${namespace}/${name}`);
  }
  add(kind: string, name: string, obj: ControllerObject): ControllerObject {
    this.objects.set(`${kind}/default/${name}`, obj);
    return obj;
  }
}

let uids = 0;
const uid = () => `uid-${++uids}`;

function newController(kind: string, lister: FakeLister, replicas: number, name = 'foobar'): ControllerRef {
  const obj = lister.add(kind, name, { uid: uid(), replicas, controllerRef: null });
  const apiVersion = kind === 'ReplicationController' ? 'v1' : 'apps/v1';
  return { apiVersion, kind, name, uid: obj.uid };
}

function newPod(name: string, owner?: ControllerRef, labels: Record<string, string> = FOO_BAR): Pod {
  return testPod({
    name,
    key: `default/${name}`,
    labels,
    phase: 'Running',
    ready: true,
    owner: owner ? { kind: owner.kind, name: owner.name, uid: owner.uid, controller: true } : null,
  });
}

/** newFakeDisruptionController + pdbStates: one budget "foobar" selecting foo=bar. */
class Harness {
  readonly store = new PdbStore();
  readonly lister = new FakeLister();
  readonly pods: Pod[] = [];
  readonly events: PdbEvent[] = [];
  nowUs = 1_000 * S;
  readonly pdb;

  constructor(
    spec: { minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent },
    selector: LabelSelector = { matchLabels: FOO_BAR },
  ) {
    this.pdb = this.store.create(
      {
        namespace: 'default',
        name: 'foobar',
        spec: {
          minAvailable: spec.minAvailable ?? null,
          maxUnavailable: spec.maxUnavailable ?? null,
          selector,
          unhealthyPodEvictionPolicy: null,
        },
      },
      0,
    );
  }

  sync(): void {
    const pods = this.pods.filter((p) => pdbSelects(this.pdb, p));
    const d = decidePdbStatus(this.pdb, pods, this.lister, this.nowUs);
    this.events.push(...d.events);
    if (d.status !== null) this.store.updateStatus(this.pdb, d.status, this.pdb.resourceVersion);
  }

  verifyPdbStatus(
    allowed: number,
    current: number,
    desired: number,
    expected: number,
    disrupted: Record<string, number> = {},
  ) {
    const s = this.pdb.status;
    expect({
      disruptionsAllowed: s.disruptionsAllowed,
      currentHealthy: s.currentHealthy,
      desiredHealthy: s.desiredHealthy,
      expectedPods: s.expectedPods,
      disruptedPods: Object.fromEntries(s.disruptedPods),
      observedGeneration: s.observedGeneration,
    }).toEqual({
      disruptionsAllowed: allowed,
      currentHealthy: current,
      desiredHealthy: desired,
      expectedPods: expected,
      disruptedPods: disrupted,
      observedGeneration: this.pdb.generation,
    });
    expect(disruptionAllowedCondition(this.pdb)?.status).toBe(allowed > 0 ? 'True' : 'False');
  }

  emitted(reason: PdbEvent['reason']): boolean {
    return this.events.some((e) => e.reason === reason);
  }
}

describe('disruption_test.go', () => {
  it('TestNoSelector: an empty selector matches every pod of the namespace', () => {
    const h = new Harness({ minAvailable: 3 }, {});
    h.sync();
    h.verifyPdbStatus(0, 0, 3, 0);
    h.pods.push(newPod('yo-yo-yo', undefined, {}));
    h.sync();
    h.verifyPdbStatus(0, 1, 3, 1);
  });

  it('TestUnavailable: counts go up with pods, down when one turns unready', () => {
    const h = new Harness({ minAvailable: 3 });
    h.sync();
    for (let i = 0; i < 4; i++) {
      h.verifyPdbStatus(0, i, 3, i);
      h.pods.push(newPod(`yo-yo-yo ${i}`));
      h.sync();
    }
    h.verifyPdbStatus(1, 4, 3, 4);
    (h.pods[0] as Pod).ready = false;
    h.sync();
    h.verifyPdbStatus(0, 3, 3, 4);
  });

  it('TestIntegerMaxUnavailable: no disruption for pods without a controller', () => {
    const h = new Harness({ maxUnavailable: 1 });
    h.sync();
    expect(h.pdb.status.disruptionsAllowed).toBe(0);
    h.pods.push(newPod('naked'));
    h.sync();
    expect(h.pdb.status.disruptionsAllowed).toBe(0);
    expect(h.emitted('UnmanagedPods')).toBe(true);
  });

  it('TestIntegerMaxUnavailableWithScaling', () => {
    const h = new Harness({ maxUnavailable: 2 });
    const rs = newController('ReplicaSet', h.lister, 7);
    h.pods.push(newPod('pod', rs));
    h.sync();
    h.verifyPdbStatus(0, 1, 5, 7);
    h.lister.add('ReplicaSet', 'foobar', { uid: rs.uid, replicas: 5, controllerRef: null });
    h.sync();
    h.verifyPdbStatus(0, 1, 3, 5);
  });

  it('TestPercentageMaxUnavailableWithScaling: 30% of 7 rounds up to 3', () => {
    const h = new Harness({ maxUnavailable: '30%' });
    const rs = newController('ReplicaSet', h.lister, 7);
    h.pods.push(newPod('pod', rs));
    h.sync();
    h.verifyPdbStatus(0, 1, 4, 7);
    h.lister.add('ReplicaSet', 'foobar', { uid: rs.uid, replicas: 3, controllerRef: null });
    h.sync();
    h.verifyPdbStatus(0, 1, 2, 3);
  });

  it('TestNakedPod: a percentage minAvailable allows nothing for a pod without a controller', () => {
    const h = new Harness({ minAvailable: '28%' });
    h.sync();
    expect(h.pdb.status.disruptionsAllowed).toBe(0);
    h.pods.push(newPod('naked'));
    h.sync();
    expect(h.pdb.status.disruptionsAllowed).toBe(0);
    expect(h.emitted('UnmanagedPods')).toBe(true);
  });

  it('TestUnsupportedControllerPod: an unknown controller kind fails the sync', () => {
    const h = new Harness({ minAvailable: '28%' });
    h.sync();
    const ref = { apiVersion: 'apps.test.io/v1', kind: 'TestWorkload', name: 'fake-controller', uid: uid() };
    h.pods.push(newPod('naked', ref));
    h.sync();
    expect(h.pdb.status.disruptionsAllowed).toBe(0);
    expect(h.emitted('CalculateExpectedPodCountFailed')).toBe(true);
    expect(disruptionAllowedCondition(h.pdb)?.reason).toBe('SyncFailed');
  });

  it('TestStatusForUnmanagedPod / TestTotalUnmanagedPods: unmanaged pods are collected, no SyncFailed', () => {
    const h = new Harness({ minAvailable: '28%' });
    h.sync();
    h.pods.push(newPod('unmanaged'));
    h.sync();
    const s = expectedScale(h.pods, h.lister);
    expect('error' in s ? [] : s.unmanagedPods).toEqual(['unmanaged']);
    expect(disruptionAllowedCondition(h.pdb)?.reason).not.toBe('SyncFailed');
    expect(h.emitted('UnmanagedPods')).toBe(true);
  });

  it('TestReplicaSet: a ReplicaSet without a Deployment counts with its own scale', () => {
    const h = new Harness({ minAvailable: '20%' });
    const rs = newController('ReplicaSet', h.lister, 10);
    h.pods.push(newPod('pod', rs));
    h.sync();
    h.verifyPdbStatus(0, 1, 2, 10);
  });

  it('TestMultipleControllers: no controller yet -> 0; one RC of 1 with 200% healthy -> 1', () => {
    const h = new Harness({ minAvailable: '1%' });
    for (let i = 0; i < 2; i++) h.pods.push(newPod(`pod ${i}`));
    h.sync();
    expect(h.pdb.status.disruptionsAllowed).toBe(0);
    const rc = newController('ReplicationController', h.lister, 1, 'rc 1');
    for (const p of h.pods)
      Object.assign(p, { owner: { kind: rc.kind, name: rc.name, uid: rc.uid, controller: true } });
    h.sync();
    expect(h.pdb.status.disruptionsAllowed).toBe(1);
  });

  it('TestReplicationController: 34% of 3 rounds up to 2; a rogue pod is unmanaged', () => {
    const labels = { foo: 'bar', baz: 'quux' };
    const h = new Harness({ minAvailable: '34%' });
    const rc = newController('ReplicationController', h.lister, 3);
    h.sync();
    h.verifyPdbStatus(0, 0, 0, 0);
    for (let i = 0; i < 3; i++) {
      h.pods.push(newPod(`foobar ${i}`, rc, labels));
      h.sync();
      if (i < 2) h.verifyPdbStatus(0, i + 1, 2, 3);
      else h.verifyPdbStatus(1, 3, 2, 3);
    }
    h.pods.push(newPod('rogue'));
    h.sync();
    expect(h.pdb.status.disruptionsAllowed).toBe(2);
  });

  it('TestStatefulSetController: 34% of 3 rounds up to 2', () => {
    const labels = { foo: 'bar', baz: 'quux' };
    const h = new Harness({ minAvailable: '34%' });
    const ss = newController('StatefulSet', h.lister, 3);
    h.sync();
    h.verifyPdbStatus(0, 0, 0, 0);
    for (let i = 0; i < 3; i++) {
      h.pods.push(newPod(`foobar ${i}`, ss, labels));
      h.sync();
      if (i < 2) h.verifyPdbStatus(0, i + 1, 2, 3);
      else h.verifyPdbStatus(1, 3, 2, 3);
    }
  });

  it('TestTwoControllers: 28% of 11 and of 22, pods turning unready and ready', () => {
    const rcLabels = { foo: 'bar', baz: 'quux' };
    const dLabels = { foo: 'bar', baz: 'quuux' };
    const collectionSize = 11;
    const minimumOne = 4;
    const minimumTwo = 7;
    const h = new Harness({ minAvailable: '28%' });
    const rc = newController('ReplicationController', h.lister, collectionSize);
    h.sync();
    h.verifyPdbStatus(0, 0, 0, 0);
    let unavailable = collectionSize - minimumOne - 1;
    for (let i = 1; i <= collectionSize; i++) {
      const pod = newPod(`quux ${i}`, rc, rcLabels);
      if (i <= unavailable) pod.ready = false;
      h.pods.push(pod);
      h.sync();
      if (i <= unavailable) h.verifyPdbStatus(0, 0, minimumOne, collectionSize);
      else if (i - unavailable <= minimumOne)
        h.verifyPdbStatus(0, i - unavailable, minimumOne, collectionSize);
      else h.verifyPdbStatus(1, i - unavailable, minimumOne, collectionSize);
    }
    // A Deployment with no ReplicaSet link changes nothing; the ReplicaSet below has no owner.
    newController('Deployment', h.lister, collectionSize);
    h.sync();
    h.verifyPdbStatus(1, minimumOne + 1, minimumOne, collectionSize);
    const rs = newController('ReplicaSet', h.lister, collectionSize);
    h.sync();
    h.verifyPdbStatus(1, minimumOne + 1, minimumOne, collectionSize);
    unavailable = 2 * collectionSize - (minimumTwo + 2) - unavailable;
    for (let i = 1; i <= collectionSize; i++) {
      const pod = newPod(`quuux ${i}`, rs, dLabels);
      if (i <= unavailable) pod.ready = false;
      h.pods.push(pod);
      h.sync();
      const n = 2 * collectionSize;
      if (i <= unavailable) h.verifyPdbStatus(0, minimumOne + 1, minimumTwo, n);
      else if (i - unavailable <= minimumTwo - (minimumOne + 1))
        h.verifyPdbStatus(0, minimumOne + 1 + (i - unavailable), minimumTwo, n);
      else
        h.verifyPdbStatus(
          i - unavailable - (minimumTwo - (minimumOne + 1)),
          minimumOne + 1 + (i - unavailable),
          minimumTwo,
          n,
        );
    }
    const n = 2 * collectionSize;
    h.verifyPdbStatus(2, 2 + minimumTwo, minimumTwo, n);
    (h.pods[collectionSize - 1] as Pod).ready = false;
    h.sync();
    h.verifyPdbStatus(1, 1 + minimumTwo, minimumTwo, n);
    (h.pods[collectionSize - 2] as Pod).ready = false;
    h.sync();
    h.verifyPdbStatus(0, minimumTwo, minimumTwo, n);
    (h.pods[collectionSize - 1] as Pod).ready = true;
    h.sync();
    h.verifyPdbStatus(1, 1 + minimumTwo, minimumTwo, n);
  });

  it('TestUpdateDisruptedPods: deleting, expired and vanished entries are dropped', () => {
    const h = new Harness({ minAvailable: 1 });
    const now = h.nowUs;
    h.store.updateStatus(
      h.pdb,
      {
        ...h.pdb.status,
        disruptedPods: new Map([
          ['p1', now], // pod deletion started
          ['p2', now - 3 * 60 * S], // expired
          ['p3', now - 60 * S], // untouched: stays
          ['notthere', now], // pod gone
        ]),
      },
      h.pdb.resourceVersion,
    );
    const p1 = newPod('p1');
    p1.deletionUs = now;
    h.pods.push(p1, newPod('p2'), newPod('p3'));
    h.sync();
    h.verifyPdbStatus(0, 1, 1, 3, { p3: now - 60 * S });
    expect(h.events.filter((e) => e.reason === 'NotDeleted').map((e) => e.pod)).toEqual(['p2']);
  });

  it('buildDisruptedPodMap: the youngest surviving entry sets the recheck at its DeletionTimeout', () => {
    const h = new Harness({ minAvailable: 1 });
    const now = h.nowUs;
    h.pods.push(newPod('a'), newPod('b'));
    h.store.updateStatus(
      h.pdb,
      {
        ...h.pdb.status,
        disruptedPods: new Map([
          ['a', now - 30 * S],
          ['b', now - 90 * S],
        ]),
      },
      h.pdb.resourceVersion,
    );
    const d = decidePdbStatus(h.pdb, h.pods, h.lister, now);
    expect(d.kind === 'status' && d.recheckAtUs).toBe(now - 90 * S + DELETION_TIMEOUT_US);
  });
});

describe('disruption_test.go TestBasicFinderFunctions', () => {
  const lister = new FakeLister();
  const rs = newController('ReplicaSet', lister, 10);
  const rc = newController('ReplicationController', lister, 12);
  const ss = newController('StatefulSet', lister, 14);
  const cases: Array<[string, typeof findReplicaSet, string, string, string, string, number | null]> = [
    ['replicaset controller with apps group', findReplicaSet, 'apps/v1', 'ReplicaSet', rs.name, rs.uid, 10],
    [
      'replicaset controller with invalid group',
      findReplicaSet,
      'invalid/v1',
      'ReplicaSet',
      rs.name,
      rs.uid,
      null,
    ],
    [
      'replicationcontroller with empty group',
      findReplicationController,
      '/v1',
      'ReplicationController',
      rc.name,
      rc.uid,
      12,
    ],
    [
      'replicationcontroller with invalid group',
      findReplicationController,
      'apps/v1',
      'ReplicationController',
      rc.name,
      rc.uid,
      null,
    ],
    [
      'statefulset controller with extensions group',
      findStatefulSet,
      'apps/v1',
      'StatefulSet',
      ss.name,
      ss.uid,
      14,
    ],
    [
      'statefulset controller with invalid kind',
      findStatefulSet,
      'apps/v1',
      'ReplicaSet',
      ss.name,
      ss.uid,
      null,
    ],
  ];
  for (const [name, finder, apiVersion, kind, objName, objUid, scale] of cases) {
    it(name, () => {
      const r = finder(lister, { apiVersion, kind, name: objName, uid: objUid }, 'default');
      if (scale === null) expect(r).toBeNull();
      else expect(r).toEqual({ uid: objUid, scale });
    });
  }
});

describe('disruption_test.go TestDeploymentFinderFunction', () => {
  const cases: Array<[string, string, string, string, string, boolean]> = [
    ['happy path', 'apps/v1', 'ReplicaSet', 'extensions/v1', 'Deployment', true],
    ['invalid rs apiVersion', 'invalid/v1', 'ReplicaSet', 'apps/v1', 'Deployment', false],
    ['invalid rs kind', 'apps/v1', 'InvalidKind', 'apps/v1', 'Deployment', false],
    ['invalid deployment apiVersion', 'extensions/v1', 'ReplicaSet', 'deployment/v1', 'Deployment', false],
    ['invalid deployment kind', 'apps/v1', 'ReplicaSet', 'extensions/v1', 'InvalidKind', false],
  ];
  for (const [name, rsApiVersion, rsKind, depApiVersion, depKind, findsScale] of cases) {
    it(name, () => {
      const lister = new FakeLister();
      const dep = lister.add('Deployment', 'foobar', { uid: uid(), replicas: 10, controllerRef: null });
      const rs = lister.add('ReplicaSet', 'foobar', {
        uid: uid(),
        replicas: 5,
        controllerRef: { apiVersion: depApiVersion, kind: depKind, name: 'foobar', uid: dep.uid },
      });
      const r = findDeployment(
        lister,
        { apiVersion: rsApiVersion, kind: rsKind, name: 'foobar', uid: rs.uid },
        'default',
      );
      if (findsScale) expect(r).toEqual({ uid: dep.uid, scale: 10 });
      else expect(r).toBeNull();
    });
  }
});

describe('finders over kubesim kinds (getScaleController)', () => {
  it('DaemonSet and Job pods fail the sync: no /scale subresource', () => {
    for (const [kind, msg] of [
      ['DaemonSet', 'daemonsets.apps does not implement the scale subresource'],
      ['Job', 'jobs.batch does not implement the scale subresource'],
    ] as const) {
      const h = new Harness({ maxUnavailable: 1 });
      const ref = newController(kind, h.lister, 0);
      h.pods.push(newPod('p', { ...ref, apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1' }));
      h.sync();
      const cond = disruptionAllowedCondition(h.pdb);
      expect(cond).toMatchObject({ status: 'False', reason: 'SyncFailed', message: msg });
    }
  });

  it('a missing controller: "found no controllers for pod"', () => {
    const h = new Harness({ minAvailable: '50%' });
    h.pods.push(newPod('orphan', { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: uid() }));
    h.sync();
    expect(disruptionAllowedCondition(h.pdb)?.message).toBe('found no controllers for pod "orphan"');
  });

  it('a ReplicaSet whose Deployment is gone still counts through its /scale', () => {
    const lister = new FakeLister();
    const rs = lister.add('ReplicaSet', 'web-1', {
      uid: uid(),
      replicas: 4,
      controllerRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: uid() },
    });
    const pod = newPod('p', { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: rs.uid });
    expect(expectedScale([pod], lister)).toEqual({ expectedCount: 4, unmanagedPods: [] });
  });

  it('failSafe keeps the old numbers and observedGeneration, zeroes disruptionsAllowed', () => {
    const h = new Harness({ maxUnavailable: 1 });
    const rs = newController('ReplicaSet', h.lister, 3);
    for (let i = 0; i < 3; i++) h.pods.push(newPod(`p${i}`, rs));
    h.sync();
    h.verifyPdbStatus(1, 3, 2, 3);
    h.pods.push(newPod('x', { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: uid() }));
    h.store.updateSpec(h.pdb, { ...h.pdb.spec });
    h.sync();
    expect(h.pdb.status).toMatchObject({
      disruptionsAllowed: 0,
      currentHealthy: 3,
      expectedPods: 3,
      observedGeneration: 1,
    });
    expect(h.pdb.generation).toBe(2);
  });
});
