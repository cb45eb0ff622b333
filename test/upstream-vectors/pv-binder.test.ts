// Upstream PV controller vectors (kubernetes/kubernetes pkg/controller/volume/persistentvolume
// binder_test.go TestSync), replayed on kubesim's pure decisions (src/controllers/persistentvolume/
// decide.ts decideClaim = syncClaim, decideVolume = syncVolume). Each case keeps its upstream name and
// checks the decision the sync makes (bind to which volume, reset to Pending, Lost, FailedBinding, the
// volume's next phase); the controller (controller.ts) writes the objects. Unbound volumes are Available
// here, as in the current tests (findMatchingVolume skips volumes in other phases).
// 2-7 asserts an error return; kubesim's sync leaves the claim unchanged, pinned as 'none'.
// 4-7, 4-8 and 4-8-1 (a claim bound elsewhere: unbindVolume) and 4-9 are replayed; the volume's new
// claimRef is checked through the controller in 'unbindVolume writes'. Not replayed: 4-10 (the deleter
// fails for want of a plugin: kubesim's CSI deleter always succeeds), 4-11 and 4-12 (a claim missing
// from the informer cache but in etcd: one store here), the reserve/complete rows 4-13..4-19 of the
// newest table (syncClaim reserving and syncVolume completing binds, after the releases modelled);
// 13-1..13-3 (the stored copy expresses classes
// through the beta annotation with values not shown); the provisioning, recycling and deleting tables
// (provision_test.go, recycle_test.go, delete_test.go: provisioning is the CSI provisioner's,
// src/controllers/csi-provisioner, recycling is not modelled); TestMultiSync's race cases.
import { describe, expect, it } from 'vitest';
import {
  type ClaimAction,
  decideClaim,
  decideVolume,
  Msg,
} from '../../src/controllers/persistentvolume/decide.js';
import {
  AnnBindCompleted,
  AnnBoundByController,
  AnnDynamicallyProvisioned,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type VolumePhase,
} from '../../src/model/volumes.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

const GI = 1024 ** 3;
const NS = 'default';
const annBoundByController = AnnBoundByController;
const annBindCompleted = AnnBindCompleted;

/** newVolume(name, capacity, boundToClaimUID, boundToClaimName, phase, reclaimPolicy, annotations...) */
function newVolume(
  name: string,
  gi: number,
  claimUid: string,
  claimName: string,
  phase: VolumePhase,
  ...annotations: string[]
): PersistentVolume {
  return {
    uid: `pv-${name}`,
    name,
    labels: {},
    annotations: Object.fromEntries(annotations.map((a) => [a, 'yes'])),
    spec: {
      capacityBytes: gi * GI,
      accessModes: ['ReadWriteOnce'],
      storageClassName: '',
      reclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
      nodeAffinity: null,
      claimRef: claimName === '' ? null : { namespace: NS, name: claimName, uid: claimUid },
      csi: null,
    },
    status: { phase },
    createdUs: 0,
    deletionUs: null,
  };
}

/** newClaim(name, claimUID, capacity, boundToVolume, phase, class nil, annotations...) */
function newClaim(
  name: string,
  uid: string,
  gi: number,
  volumeName: string,
  phase: PersistentVolumeClaim['status']['phase'],
  ...annotations: string[]
): PersistentVolumeClaim {
  return {
    uid,
    namespace: NS,
    name,
    key: `${NS}/${name}`,
    labels: {},
    annotations: Object.fromEntries(annotations.map((a) => [a, 'yes'])),
    owners: [],
    spec: {
      accessModes: ['ReadWriteOnce'],
      requestBytes: gi * GI,
      storageClassName: null,
      volumeName,
      selector: null,
      volumeMode: 'Filesystem',
    },
    status: { phase, accessModes: [], capacityBytes: 0 },
    createdUs: 0,
    deletionUs: null,
    boundUs: null,
  };
}

const labels = { foo: 'true', bar: 'false' };
const withLabels = (pv: PersistentVolume): PersistentVolume => ({ ...pv, labels });
const withLabelSelector = (pvc: PersistentVolumeClaim): PersistentVolumeClaim => ({
  ...pvc,
  spec: { ...pvc.spec, selector: { matchLabels: labels } },
});
const withClass = (cls: string, pvc: PersistentVolumeClaim): PersistentVolumeClaim => ({
  ...pvc,
  spec: { ...pvc.spec, storageClassName: cls },
});

function syncClaim(pvc: PersistentVolumeClaim, volumes: PersistentVolume[]): ClaimAction {
  return decideClaim(pvc, {
    volume: (n) => volumes.find((v) => v.name === n),
    volumes: () => volumes,
    storageClass: () => undefined,
  });
}
const bindTo = (name: string) => (a: ClaimAction) => a.op === 'bind' && a.volume.name === name;
const op = (want: ClaimAction['op']) => (a: ClaimAction) => a.op === want;
const failed = (a: ClaimAction) => a.op === 'failedBinding' && a.message === Msg.noClass;

describe('upstream TestSync (binder_test.go): syncClaim', () => {
  const A: VolumePhase = 'Available';
  const B: VolumePhase = 'Bound';
  it.each<[string, PersistentVolume[], PersistentVolumeClaim, (a: ClaimAction) => boolean]>([
    [
      '1-1 - successful bind',
      [newVolume('volume1-1', 1, '', '', A)],
      newClaim('claim1-1', 'uid1-1', 1, '', 'Pending'),
      bindTo('volume1-1'),
    ],
    [
      '1-2 - noop',
      [newVolume('volume1-2', 1, '', '', A)],
      newClaim('claim1-2', 'uid1-2', 10, '', 'Pending'),
      failed,
    ],
    [
      '1-3 - reset to Pending',
      [newVolume('volume1-3', 1, '', '', A)],
      newClaim('claim1-3', 'uid1-3', 10, '', 'Bound'),
      failed,
    ],
    [
      '1-4 - smallest volume',
      [newVolume('volume1-4_1', 10, '', '', A), newVolume('volume1-4_2', 1, '', '', A)],
      newClaim('claim1-4', 'uid1-4', 1, '', 'Pending'),
      bindTo('volume1-4_2'),
    ],
    [
      '1-5 - prebound volume by name - success',
      [newVolume('volume1-5_1', 10, '', 'claim1-5', A), newVolume('volume1-5_2', 1, '', '', A)],
      newClaim('claim1-5', 'uid1-5', 1, '', 'Pending'),
      bindTo('volume1-5_1'),
    ],
    [
      '1-6 - prebound volume by UID - success',
      [newVolume('volume1-6_1', 10, 'uid1-6', 'claim1-6', A), newVolume('volume1-6_2', 1, '', '', A)],
      newClaim('claim1-6', 'uid1-6', 1, '', 'Pending'),
      bindTo('volume1-6_1'),
    ],
    [
      '1-7 - prebound volume to different claim',
      [newVolume('volume1-7', 10, 'uid1-777', 'claim1-7', A)],
      newClaim('claim1-7', 'uid1-7', 1, '', 'Pending'),
      failed,
    ],
    [
      '1-8 - complete bind after crash - PV bound',
      [newVolume('volume1-8', 1, 'uid1-8', 'claim1-8', 'Pending', annBoundByController)],
      newClaim('claim1-8', 'uid1-8', 1, '', 'Pending'),
      bindTo('volume1-8'),
    ],
    [
      '1-9 - complete bind after crash - PV status saved',
      [newVolume('volume1-9', 1, 'uid1-9', 'claim1-9', B, annBoundByController)],
      newClaim('claim1-9', 'uid1-9', 1, '', 'Pending'),
      bindTo('volume1-9'),
    ],
    [
      '1-10 - complete bind after crash - PVC bound',
      [newVolume('volume1-10', 1, 'uid1-10', 'claim1-10', B, annBoundByController)],
      newClaim('claim1-10', 'uid1-10', 1, 'volume1-10', 'Pending', annBoundByController, annBindCompleted),
      bindTo('volume1-10'),
    ],
    [
      '1-11 - bind when selector matches',
      [withLabels(newVolume('volume1-1', 1, '', '', A))],
      withLabelSelector(newClaim('claim1-1', 'uid1-1', 1, '', 'Pending')),
      bindTo('volume1-1'),
    ],
    [
      '1-12 - do not bind when selector does not match',
      [newVolume('volume1-1', 1, '', '', A)],
      withLabelSelector(newClaim('claim1-1', 'uid1-1', 1, '', 'Pending')),
      failed,
    ],
    [
      '2-1 - claim prebound to non-existing volume - noop',
      [],
      newClaim('claim2-1', 'uid2-1', 10, 'volume2-1', 'Pending'),
      op('none'),
    ],
    [
      '2-2 - claim prebound to non-existing volume - reset status',
      [],
      newClaim('claim2-2', 'uid2-2', 10, 'volume2-2', 'Bound'),
      op('pending'),
    ],
    [
      '2-3 - claim prebound to unbound volume',
      [newVolume('volume2-3', 1, '', '', A)],
      newClaim('claim2-3', 'uid2-3', 1, 'volume2-3', 'Pending'),
      bindTo('volume2-3'),
    ],
    [
      '2-4 - claim prebound to prebound volume by name',
      [newVolume('volume2-4', 1, '', 'claim2-4', A)],
      newClaim('claim2-4', 'uid2-4', 1, 'volume2-4', 'Pending'),
      bindTo('volume2-4'),
    ],
    [
      '2-5 - claim prebound to prebound volume by UID',
      [newVolume('volume2-5', 1, 'uid2-5', 'claim2-5', A)],
      newClaim('claim2-5', 'uid2-5', 1, 'volume2-5', 'Pending'),
      bindTo('volume2-5'),
    ],
    [
      '2-6 - claim prebound to already bound volume',
      [newVolume('volume2-6', 1, 'uid2-6_1', 'claim2-6_1', B)],
      newClaim('claim2-6', 'uid2-6', 1, 'volume2-6', 'Bound'),
      op('pending'),
    ],
    [
      '2-7 - claim bound by controller to already bound volume',
      [newVolume('volume2-7', 1, 'uid2-7_1', 'claim2-7_1', B)],
      newClaim('claim2-7', 'uid2-7', 1, 'volume2-7', 'Bound', annBoundByController),
      op('none'),
    ],
    [
      '2-8 - claim prebound to unbound volume that does not match the selector',
      [newVolume('volume2-3', 1, '', '', A)],
      withLabelSelector(newClaim('claim2-3', 'uid2-3', 1, 'volume2-3', 'Pending')),
      bindTo('volume2-3'),
    ],
    [
      '3-1 - bound claim with missing VolumeName',
      [],
      newClaim('claim3-1', 'uid3-1', 10, '', 'Bound', annBoundByController, annBindCompleted),
      op('lost'),
    ],
    [
      '3-2 - bound claim with missing volume',
      [],
      newClaim('claim3-2', 'uid3-2', 10, 'volume3-2', 'Bound', annBoundByController, annBindCompleted),
      op('lost'),
    ],
    [
      '3-3 - bound claim with unbound volume',
      [newVolume('volume3-3', 10, '', '', A)],
      newClaim('claim3-3', 'uid3-3', 10, 'volume3-3', 'Pending', annBoundByController, annBindCompleted),
      bindTo('volume3-3'),
    ],
    [
      '3-4 - bound claim with prebound volume',
      [newVolume('volume3-4', 10, 'claim3-4-x', 'claim3-4', 'Pending')],
      newClaim('claim3-4', 'uid3-4', 10, 'volume3-4', 'Pending', annBoundByController, annBindCompleted),
      op('lost'),
    ],
    [
      '3-5 - bound claim with bound volume',
      [newVolume('volume3-5', 10, 'uid3-5', 'claim3-5', 'Pending')],
      newClaim('claim3-5', 'uid3-5', 10, 'volume3-5', 'Pending', annBindCompleted),
      bindTo('volume3-5'),
    ],
    [
      '3-6 - bound claim with bound volume',
      [newVolume('volume3-6', 10, 'uid3-6-x', 'claim3-6-x', 'Pending')],
      newClaim('claim3-6', 'uid3-6', 10, 'volume3-6', 'Pending', annBindCompleted),
      op('lost'),
    ],
    [
      "3-7 - bound claim with unbound volume where selector doesn't match",
      [newVolume('volume3-3', 10, '', '', A)],
      withLabelSelector(
        newClaim('claim3-3', 'uid3-3', 10, 'volume3-3', 'Pending', annBoundByController, annBindCompleted),
      ),
      bindTo('volume3-3'),
    ],
    [
      '13-4 - empty class',
      [newVolume('volume13-4', 1, '', '', A)],
      withClass('', newClaim('claim13-4', 'uid13-4', 1, '', 'Pending')),
      bindTo('volume13-4'),
    ],
    [
      '13-5 - nil class',
      [newVolume('volume13-5', 1, '', '', A)],
      newClaim('claim13-5', 'uid13-5', 1, '', 'Pending'),
      bindTo('volume13-5'),
    ],
    [
      "13-6 - nil class in PV, '' class in claim",
      [newVolume('volume13-6', 1, '', '', A)],
      withClass('', newClaim('claim13-6', 'uid13-6', 1, '', 'Pending')),
      bindTo('volume13-6'),
    ],
  ])('%s', (_name, volumes, claim, want) => {
    const got = syncClaim(claim, volumes);
    expect(want(got), JSON.stringify(got.op === 'bind' ? { op: 'bind', volume: got.volume.name } : got)).toBe(
      true,
    );
  });
});

describe('upstream TestSync (binder_test.go): syncVolume', () => {
  it.each<[string, PersistentVolume, PersistentVolumeClaim | null, ReturnType<typeof decideVolume>]>([
    ['4-1 - pending volume', newVolume('volume4-1', 10, '', '', 'Pending'), null, { op: 'available' }],
    [
      '4-2 - pending prebound volume',
      newVolume('volume4-2', 10, '', 'claim4-2', 'Pending'),
      null,
      { op: 'available' },
    ],
    [
      '4-3 - bound volume with missing claim',
      newVolume('volume4-3', 10, 'uid4-3', 'claim4-3', 'Bound'),
      null,
      { op: 'released', remove: false },
    ],
    [
      '4-4 - volume bound to claim with different UID',
      newVolume('volume4-4', 10, 'uid4-4', 'claim4-4', 'Bound'),
      newClaim('claim4-4', 'uid4-4-x', 10, 'volume4-4', 'Bound', annBindCompleted),
      { op: 'released', remove: false },
    ],
    [
      '4-5 - volume bound by controller to unbound claim',
      newVolume('volume4-5', 10, 'uid4-5', 'claim4-5', 'Bound', annBoundByController),
      newClaim('claim4-5', 'uid4-5', 10, '', 'Pending'),
      { op: 'syncClaim', claim: `${NS}/claim4-5` },
    ],
    [
      '4-5 - volume bound by user to bound claim',
      newVolume('volume4-5', 10, 'uid4-5', 'claim4-5', 'Bound'),
      newClaim('claim4-5', 'uid4-5', 10, '', 'Pending'),
      { op: 'syncClaim', claim: `${NS}/claim4-5` },
    ],
    [
      '4-6 - volume bound by to bound claim',
      newVolume('volume4-6', 10, 'uid4-6', 'claim4-6', 'Available'),
      newClaim('claim4-6', 'uid4-6', 10, 'volume4-6', 'Bound'),
      { op: 'bound' },
    ],
    [
      '4-7 - volume bound by controller to claim bound somewhere else',
      newVolume('volume4-7', 10, 'uid4-7', 'claim4-7', 'Bound', annBoundByController),
      newClaim('claim4-7', 'uid4-7', 10, 'volume4-7-x', 'Bound'),
      { op: 'unbind', byController: true },
    ],
    [
      '4-8 - volume bound by user to claim bound somewhere else',
      newVolume('volume4-8', 10, 'uid4-8', 'claim4-8', 'Bound'),
      newClaim('claim4-8', 'uid4-8', 10, 'volume4-8-x', 'Bound'),
      { op: 'unbind', byController: false },
    ],
    [
      '4-8-1 - volume prebound by user to claim bound somewhere else',
      newVolume('volume4-8-1', 10, '', 'claim4-8-1', 'Available'),
      newClaim('claim4-8-1', 'uid4-8-1', 10, 'volume4-8-1-x', 'Bound'),
      { op: 'none' },
    ],
    [
      '4-9 - volume bound to bound claim, with PersistentVolumeReclaimDelete',
      {
        ...newVolume('volume4-9', 10, 'uid4-9', 'claim4-9', 'Available'),
        spec: { ...newVolume('v', 10, 'uid4-9', 'claim4-9', 'Available').spec, reclaimPolicy: 'Delete' },
      },
      newClaim('claim4-9', 'uid4-9', 10, 'volume4-9', 'Bound', annBindCompleted),
      { op: 'bound' },
    ],
    [
      'kubesim: a dynamically provisioned Delete volume whose claim is bound elsewhere is released and deleted',
      {
        ...newVolume('volume-dyn', 10, 'uid-dyn', 'claim-dyn', 'Bound', AnnDynamicallyProvisioned),
        spec: { ...newVolume('v', 10, 'uid-dyn', 'claim-dyn', 'Bound').spec, reclaimPolicy: 'Delete' },
      },
      newClaim('claim-dyn', 'uid-dyn', 10, 'volume-dyn-x', 'Bound'),
      { op: 'released', remove: true },
    ],
  ])('%s', (_name, pv, claim, want) => {
    expect(decideVolume(pv, (k) => (claim !== null && claim.key === k ? claim : undefined))).toEqual(want);
  });
});

describe('unbindVolume writes (pv_controller.go): through the controller on a dump', () => {
  const pv = (name: string, claimUid: string, annotations: string) => `
    - apiVersion: v1
      kind: PersistentVolume
      metadata: {name: ${name}${annotations}}
      spec:
        capacity: {storage: 10Gi}
        accessModes: [ReadWriteOnce]
        persistentVolumeReclaimPolicy: Retain
        claimRef: {namespace: default, name: claim, uid: ${claimUid}}
        csi: {driver: ebs.csi.aws.com, volumeHandle: ${name}}
      status: {phase: Bound}`;
  const scenario = (annotations: string) => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: unbind}
spec:
  duration: 1m
  cluster:
    nodePools: [{name: node, count: 1, capacity: {cpu: "4", memory: 16Gi, pods: 110}}]
  workloads:
${pv('volume4-7', 'uid4-7', annotations)}
${pv('volume4-7-x', 'uid4-7', '')}
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: claim, uid: uid4-7, annotations: {pv.kubernetes.io/bind-completed: "yes"}}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 10Gi}}
        storageClassName: ""
        volumeName: volume4-7-x
      status: {phase: Bound}
`;
  it('4-7: bound by the controller: claimRef and annotation cleared, Available', () => {
    const sim = simFromYaml(scenario(', annotations: {pv.kubernetes.io/bound-by-controller: "yes"}'));
    runUntil(sim, 5 * S);
    const v = sim.state.volumes.volume('volume4-7');
    expect(v?.spec.claimRef).toBeNull();
    expect(v?.annotations[AnnBoundByController]).toBeUndefined();
    expect(v?.status.phase).toBe('Available');
    expect(sim.state.volumes.volume('volume4-7-x')?.status.phase).toBe('Bound');
  });
  it('4-8: bound by the user: still pre-bound to the claim without its uid, Available', () => {
    const sim = simFromYaml(scenario(''));
    runUntil(sim, 5 * S);
    const v = sim.state.volumes.volume('volume4-7');
    expect(v?.spec.claimRef).toEqual({ namespace: 'default', name: 'claim', uid: '' });
    expect(v?.status.phase).toBe('Available');
  });
});
