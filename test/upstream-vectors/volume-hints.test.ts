// Upstream queueing-hint vectors of the four volume plugins (kubernetes/kubernetes), replayed on
// kubesim's hints (src/scheduler/plugins/{volume-zone,volume-restrictions,volume-binding,
// node-volume-limits}/hints.ts):
//   pkg/scheduler/framework/plugins/volumezone/volume_zone_test.go
//     (TestIsSchedulableAfterPersistentVolumeClaimAdded, TestIsSchedulableAfterStorageClassAdded,
//      TestIsSchedulableAfterPersistentVolumeChange)
//   pkg/scheduler/framework/plugins/volumerestrictions/volume_restrictions_test.go
//     (Test_isSchedulableAfterPodDeleted, Test_isSchedulableAfterPersistentVolumeClaimChange)
// Each case keeps its upstream name. Not replayed: the error-wrong-*-object cases (typed hints cannot
// receive a wrong object), and Test_isSchedulableAfterPodDeleted's GCE PD / EBS / RBD / iSCSI cases
// (inline disk volumes are not modelled: a pod's volumes are claims or local storage only). The
// volumebinding hints have no upstream table at the version followed; they are pinned below from the
// hint functions (volume_binding.go) and named after them. csi_test.go TestCSILimitsQHint and
// TestCSILimitsAddedPVCQHint are replayed except their inline-migratable (awsElasticBlockStore) and
// generic ephemeral rows (neither volume source is modelled), and TestCSILimitsDeletedVolumeAttachmentQHint
// (VolumeAttachments are not modelled).
// The EventsToRegister lists are pinned in both regimes (with and without SchedulerQueueingHints).
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/model/types.js';
import type {
  CSINode,
  PersistentVolume,
  PersistentVolumeClaim,
  StorageClass,
  TopologySelectorTerm,
} from '../../src/model/volumes.js';
import { ActionType, type ClusterEventWithHint, QueueingHint } from '../../src/scheduler/cluster-events.js';
import * as nvl from '../../src/scheduler/plugins/node-volume-limits/hints.js';
import * as vb from '../../src/scheduler/plugins/volume-binding/hints.js';
import { isSchedulableAfterClaimOfPod } from '../../src/scheduler/plugins/volume-claims.js';
import * as vr from '../../src/scheduler/plugins/volume-restrictions/hints.js';
import * as vz from '../../src/scheduler/plugins/volume-zone/hints.js';
import { pvTopologyKey } from '../../src/scheduler/plugins/volume-zone/index.js';
import { hintPod, obj } from '../../src/scheduler/testing/hint-fixtures.js';

const { Queue, QueueSkip } = QueueingHint;
const BetaZone = 'failure-domain.beta.kubernetes.io/zone';
const Zone = 'topology.kubernetes.io/zone';

const claim = (name: string, namespace: string, volumeName = ''): PersistentVolumeClaim =>
  ({
    name,
    namespace,
    key: `${namespace}/${name}`,
    spec: { volumeName },
  }) as unknown as PersistentVolumeClaim;
const volume = (name: string, labels: Record<string, string>): PersistentVolume =>
  ({ name, labels }) as unknown as PersistentVolume;
const storageClass = (
  name: string,
  mode: StorageClass['volumeBindingMode'],
  allowedTopologies: TopologySelectorTerm[] = [],
): StorageClass => ({ name, volumeBindingMode: mode, allowedTopologies }) as unknown as StorageClass;
/** createPodWithVolume(pod, pvc): namespace default. */
const podWithVolume = (claimName: string): Pod =>
  hintPod({ uid: 'pod_1', namespace: 'default', claims: [claimName] });

const zoneEvents = (hints: boolean) => vz.volumeZoneEventsToRegister(hints, pvTopologyKey);

describe('upstream volumezone TestIsSchedulableAfterPersistentVolumeClaimAdded (volume_zone_test.go)', () => {
  it.each<[string, Pod, PersistentVolumeClaim | null, PersistentVolumeClaim, number]>([
    [
      'pvc-was-added-but-pod-refers-no-pvc',
      hintPod({ uid: 'pod_1', namespace: 'default' }),
      null,
      claim('pvc-1', 'default', 'vol-1'),
      QueueSkip,
    ],
    [
      'pvc-was-added-and-pod-was-bound-to-different-pvc',
      podWithVolume('pvc-2'),
      null,
      claim('pvc-1', 'default', 'vol-1'),
      QueueSkip,
    ],
    [
      'pvc-was-added-and-pod-was-bound-to-pvc-but-different-ns',
      podWithVolume('pvc-1'),
      null,
      claim('pvc-1', 'ns1', 'vol-1'),
      QueueSkip,
    ],
    [
      'pvc-was-added-and-pod-was-bound-to-the-pvc',
      podWithVolume('pvc-1'),
      null,
      claim('pvc-1', 'default', 'vol-1'),
      Queue,
    ],
    [
      'pvc-was-updated-and-pod-was-bound-to-the-pvc',
      podWithVolume('pvc-1'),
      claim('pvc-1', 'default'),
      claim('pvc-1', 'default', 'vol-1'),
      Queue,
    ],
    [
      'pvc-was-updated-but-pod-refers-no-pvc',
      hintPod({ uid: 'pod_1', namespace: 'default' }),
      claim('pvc-1', 'default'),
      claim('pvc-1', 'default', 'vol-1'),
      QueueSkip,
    ],
  ])('%s', (_name, pod, oldObj, newObj, want) => {
    expect(isSchedulableAfterClaimOfPod(pod, oldObj, newObj)).toBe(want);
  });
});

describe('upstream volumezone TestIsSchedulableAfterStorageClassAdded (volume_zone_test.go)', () => {
  it.each<[string, StorageClass, number]>([
    // "sc-doesn't-have-volume-binding-mode": the API server defaults the mode to Immediate, which is
    // what a class loaded by kubesim always carries.
    ["sc-doesn't-have-volume-binding-mode", storageClass('sc-1', 'Immediate'), QueueSkip],
    ['new-sc-is-wait-for-first-consumer-mode', storageClass('sc-1', 'WaitForFirstConsumer'), Queue],
  ])('%s', (_name, sc, want) => {
    expect(vz.isSchedulableAfterStorageClassAdded(podWithVolume('pvc-1'), null, sc)).toBe(want);
  });
});

describe('upstream volumezone TestIsSchedulableAfterPersistentVolumeChange (volume_zone_test.go)', () => {
  const hint = vz.isSchedulableAfterPersistentVolumeChange(pvTopologyKey);
  it.each<[string, PersistentVolume | null, PersistentVolume, number]>([
    ['new-pv-was-added', null, volume('vol-1', { [BetaZone]: 'us-west1-b' }), Queue],
    [
      'pv-was-updated-and-changed-topology',
      volume('vol-1', { [BetaZone]: 'us-west1-a' }),
      volume('vol-1', { [BetaZone]: 'us-west1-b' }),
      Queue,
    ],
    [
      'pv-was-updated-and-added-topology-label',
      volume('vol-1', { [BetaZone]: 'us-west1-a' }),
      volume('vol-1', { [BetaZone]: 'us-west1-a', [Zone]: 'zone' }),
      Queue,
    ],
    [
      'pv-was-updated-but-no-topology-is-changed',
      volume('vol-1', { [BetaZone]: 'us-west1-a', [Zone]: 'zone' }),
      volume('vol-1', { [BetaZone]: 'us-west1-a', [Zone]: 'zone' }),
      QueueSkip,
    ],
  ])('%s', (_name, oldPv, newPv, want) => {
    expect(hint(podWithVolume('pvc-1'), oldPv, newPv)).toBe(want);
  });
});

describe('upstream volumerestrictions Test_isSchedulableAfterPodDeleted (volume_restrictions_test.go)', () => {
  it.each<[string, string, string, number]>([
    ['queue-has-same-claim', 'claim-rwop', 'claim-rwop', Queue],
    ['skip-no-same-claim', 'claim-1-rwop', 'claim-2-rwop', QueueSkip],
  ])('%s', (_name, mine, theirs, want) => {
    const pod = hintPod({ uid: 'pod1', claims: [mine] });
    const deleted = hintPod({ uid: 'pod2', claims: [theirs] });
    expect(vr.isSchedulableAfterPodDeleted(pod, obj(deleted), null)).toBe(want);
  });
  it('a deleted pod of another namespace sharing the claim name moves nothing', () => {
    const pod = hintPod({ uid: 'pod1', namespace: 'a', claims: ['c'] });
    const deleted = hintPod({ uid: 'pod2', namespace: 'b', claims: ['c'] });
    expect(vr.isSchedulableAfterPodDeleted(pod, obj(deleted), null)).toBe(QueueSkip);
  });
});

describe('upstream volumerestrictions Test_isSchedulableAfterPersistentVolumeClaimChange (volume_restrictions_test.go)', () => {
  const podWithOnePVC = hintPod({
    uid: 'pod-with-one-pvc',
    namespace: 'default',
    claims: ['claim-with-rwx-1'],
  });
  const podWithTwoPVCs = hintPod({
    uid: 'pod-with-two-pvcs',
    namespace: 'default',
    claims: ['claim-with-rwx-1', 'claim-with-rwx-2'],
  });
  const podWithNotEqualNamespace = hintPod({
    uid: 'pod-with-one-pvc',
    namespace: 'kube-system',
    claims: ['claim-with-rwx-1'],
  });
  const pvc1 = claim('claim-with-rwx-1', 'default');
  const pvc2 = claim('claim-with-rwx-2', 'default');
  it.each<[string, Pod, PersistentVolumeClaim, number]>([
    ['queue-new-object-pvc-belong-pod', podWithTwoPVCs, pvc1, Queue],
    ['skip-new-object-unused', podWithOnePVC, pvc2, QueueSkip],
    ['skip-nil-old-object', podWithOnePVC, pvc2, QueueSkip],
    ['skip-new-object-not-belong-pod', podWithOnePVC, pvc2, QueueSkip],
    ['skip-new-object-namespace-not-equal-pod', podWithNotEqualNamespace, pvc1, QueueSkip],
  ])('%s', (_name, pod, pvc, want) => {
    expect(isSchedulableAfterClaimOfPod(pod, null, pvc)).toBe(want);
  });
});

describe('volumebinding hints (volume_binding.go isSchedulableAfterStorageClassChange, ...CSINodeChange)', () => {
  const pod = podWithVolume('pvc-a');
  const hostTerm = (values: string[]): TopologySelectorTerm[] => [
    { matchLabelExpressions: [{ key: 'kubernetes.io/hostname', values }] },
  ];
  it('a StorageClass added queues', () => {
    expect(vb.isSchedulableAfterStorageClassChange(pod, null, storageClass('sc-a', 'Immediate'))).toBe(Queue);
  });
  it('a StorageClass update of allowedTopologies queues, any other update skips', () => {
    const before = storageClass('sc-a', 'WaitForFirstConsumer', hostTerm(['node1', 'node2']));
    const changed = storageClass('sc-a', 'WaitForFirstConsumer', hostTerm(['node1', 'node3']));
    const same = storageClass('sc-a', 'WaitForFirstConsumer', hostTerm(['node1', 'node2']));
    expect(vb.isSchedulableAfterStorageClassChange(pod, before, changed)).toBe(Queue);
    expect(vb.isSchedulableAfterStorageClassChange(pod, before, same)).toBe(QueueSkip);
  });
  it('a CSINode added queues; an update (no migrated-plugins annotation change) skips', () => {
    const csi = { name: 'n1', drivers: [] } as CSINode;
    expect(vb.isSchedulableAfterCSINodeChange(pod, null, csi)).toBe(Queue);
    expect(vb.isSchedulableAfterCSINodeChange(pod, csi, csi)).toBe(QueueSkip);
  });
});

describe('csi_test.go TestCSILimitsQHint (isSchedulableAfterPodDeleted)', () => {
  const podEbs = podWithVolume('csi-ebs.csi.aws.com-2');
  it('return a Queue when a deleted pod has a PVC', () => {
    const deleted = hintPod({ uid: 'other', claims: ['placeholder'], nodeName: 'node-for-max-pd-test-1' });
    expect(nvl.isSchedulableAfterPodDeleted(podEbs, obj(deleted), null)).toBe(Queue);
  });
  it("return a QueueSkip when a deleted pod doesn't have any volume", () => {
    const deleted = hintPod({ uid: 'other', nodeName: 'node-for-max-pd-test-1' });
    expect(nvl.isSchedulableAfterPodDeleted(podEbs, obj(deleted), null)).toBe(QueueSkip);
  });
  it('return a QueueSkip when a deleted pod is not scheduled.', () => {
    const deleted = hintPod({ uid: 'other', claims: ['csi-ebs.csi.aws.com-0'] });
    expect(nvl.isSchedulableAfterPodDeleted(podEbs, obj(deleted), null)).toBe(QueueSkip);
  });
});

describe('csi_test.go TestCSILimitsAddedPVCQHint (isSchedulableAfterPVCAdded)', () => {
  const withClaim = (namespace: string, ...claims: string[]) => hintPod({ uid: 'pod1', namespace, claims });
  it.each<[string, Pod, PersistentVolumeClaim, number]>([
    ["a pod isn't in the same namespace as an added PVC", withClaim('ns1'), claim('', 'ns2'), QueueSkip],
    ['a pod is in the same namespace as an added PVC', withClaim('ns1', 'pvc1'), claim('pvc1', 'ns1'), Queue],
    [
      "a pod doesn't have the same PVC as an added PVC",
      withClaim('ns1', 'pvc1'),
      claim('pvc2', 'ns1'),
      QueueSkip,
    ],
    ["a pod doesn't have any PVC attached", withClaim('ns1'), claim('pvc2', 'ns1'), QueueSkip],
  ])('%s', (_name, pod, pvc, want) => {
    const hint = nvl
      .nodeVolumeLimitsEventsToRegister(32)
      .find((e) => e.event.resource === 'PersistentVolumeClaim');
    if (hint?.hint === undefined) throw new Error('PersistentVolumeClaim Add has no hint at 1.32');
    expect((hint.hint as typeof isSchedulableAfterClaimOfPod)(pod, null, pvc)).toBe(want);
  });
});

/** [resource, action] pairs of a registration, with whether a hint is set. */
function shape(events: readonly ClusterEventWithHint[]): [string, number, boolean][] {
  return events.map((e) => [e.event.resource, e.event.action, e.hint !== undefined]);
}
const A = ActionType;
const AU = A.Add | A.Update;

describe('EventsToRegister of the volume plugins, with and without SchedulerQueueingHints', () => {
  it('VolumeBinding: StorageClass, PVC, PV, Node, CSINode (volume_binding.go)', () => {
    expect(shape(vb.volumeBindingEventsToRegister(true))).toEqual([
      ['StorageClass', AU, true],
      ['PersistentVolumeClaim', AU, true],
      ['PersistentVolume', AU, false],
      ['Node', A.Add | A.UpdateNodeLabel, false],
      ['CSINode', AU, true],
    ]);
    expect(shape(vb.volumeBindingEventsToRegister(false))[3]).toEqual([
      'Node',
      A.Add | A.UpdateNodeLabel | A.UpdateNodeTaint,
      false,
    ]);
  });
  it('VolumeZone: StorageClass Add, Node, PVC, PV (volume_zone.go)', () => {
    expect(shape(zoneEvents(true))).toEqual([
      ['StorageClass', A.Add, true],
      ['Node', A.Add | A.UpdateNodeLabel, false],
      ['PersistentVolumeClaim', AU, true],
      ['PersistentVolume', AU, true],
    ]);
    expect(shape(zoneEvents(false))[1]?.[1]).toBe(A.Add | A.UpdateNodeLabel | A.UpdateNodeTaint);
  });
  it.each<[number, [string, number, boolean][]]>([
    [
      29,
      [
        ['CSINode', A.Add, false],
        ['Pod', A.Delete, false],
      ],
    ],
    [
      30,
      [
        ['CSINode', A.Add, false],
        ['Pod', A.Delete, false],
        ['PersistentVolumeClaim', A.Add, false],
      ],
    ],
    [
      31,
      [
        ['CSINode', A.Add, false],
        ['Pod', A.Delete, true],
        ['PersistentVolumeClaim', A.Add, false],
      ],
    ],
    [
      32,
      [
        ['CSINode', A.Add, false],
        ['Pod', A.Delete, true],
        ['PersistentVolumeClaim', A.Add, true],
      ],
    ],
  ])(
    'NodeVolumeLimits 1.%i: CSINode Add, Pod Delete, PVC Add as csi.go registers them, no Node event',
    (minor, want) => {
      expect(shape(nvl.nodeVolumeLimitsEventsToRegister(minor))).toEqual(want);
    },
  );
  it('VolumeRestrictions: Pod Delete, Node Add (widened without hints), PVC Add (volume_restrictions.go)', () => {
    expect(shape(vr.volumeRestrictionsEventsToRegister(true))).toEqual([
      ['Pod', A.Delete, true],
      ['Node', A.Add, false],
      ['PersistentVolumeClaim', A.Add, true],
    ]);
    expect(shape(vr.volumeRestrictionsEventsToRegister(false))[1]?.[1]).toBe(
      A.Add | A.UpdateNodeTaint | A.UpdateNodeLabel,
    );
  });
});
