// Upstream VolumeZone vectors (kubernetes/kubernetes pkg/scheduler/framework/plugins/volumezone/
// volume_zone_test.go: TestSingleZone, TestMultiZone, TestWithBinding), replayed through kubesim
// explain with only VolumeZone enabled at PreFilter and Filter. Upstream's object names (Vol_1,
// PVC_Stable_1, Class_Wait) are not valid API names; they are lower-cased with '-' here.
// Not replayed: "unbound volume immediate binding mode" (a StorageClass without volumeBindingMode):
// the API server defaults volumeBindingMode to Immediate, so a class without one cannot exist in a
// run; the Immediate case below pins what a defaulted class gives. The TestIsSchedulableAfter* queueing
// hint cases are replayed in volume-hints.test.ts.
import { describe, expect, it } from 'vitest';
import { filterStatuses, fpod, lnode, ok, unresolvable, type Want } from './filter-vectors.js';

const BetaZone = 'failure-domain.beta.kubernetes.io/zone';
const BetaRegion = 'failure-domain.beta.kubernetes.io/region';
const Zone = 'topology.kubernetes.io/zone';
const Region = 'topology.kubernetes.io/region';
const ErrReasonConflict = 'node(s) had no available volume zone';

const pv = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name, labels },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    csi: { driver: 'd', volumeHandle: name },
  },
});
const pvc = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const bound = (claim: string, volume: string) => pvc(claim, { volumeName: volume });
/** createPodWithVolume(pod, pvc) */
const podWith = (claim: string) =>
  fpod('pod-1', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] });

function replay(objects: object[], pod: Record<string, unknown>, labels: Record<string, string>): Want {
  const got = filterStatuses({
    plugin: 'VolumeZone',
    nodes: [lnode('host1', labels)],
    existing: objects,
    pod,
  });
  return got.host1 ?? null;
}

describe('upstream TestSingleZone (volume_zone_test.go)', () => {
  const objects = [
    pv('vol-1', { [BetaZone]: 'us-west1-a' }),
    pv('vol-2', { [BetaRegion]: 'us-west1', uselessLabel: 'none' }),
    pv('vol-3', { [BetaRegion]: 'us-west1' }),
    pv('vol-stable-1', { [Zone]: 'us-west1-a' }),
    pv('vol-stable-2', { [Region]: 'us-west1', uselessLabel: 'none' }),
    pv('vol-stable-3', { [Zone]: 'us-west1-a', [Region]: 'us-west1-a' }),
    bound('pvc-1', 'vol-1'),
    bound('pvc-2', 'vol-2'),
    bound('pvc-3', 'vol-3'),
    bound('pvc-stable-1', 'vol-stable-1'),
    bound('pvc-stable-2', 'vol-stable-2'),
    bound('pvc-stable-3', 'vol-stable-3'),
  ];
  const cases: Array<[string, string | null, Record<string, string>, Want]> = [
    ['pod without volume', null, { [BetaZone]: 'us-west1-a' }, ok],
    ['node without labels', 'pvc-1', {}, ok],
    ['beta zone label matched', 'pvc-1', { [BetaZone]: 'us-west1-a', uselessLabel: 'none' }, ok],
    ['beta region label matched', 'pvc-2', { [BetaRegion]: 'us-west1', uselessLabel: 'none' }, ok],
    [
      "beta region label doesn't match",
      'pvc-2',
      { [BetaRegion]: 'no_us-west1', uselessLabel: 'none' },
      unresolvable(ErrReasonConflict),
    ],
    [
      "beta zone label doesn't match",
      'pvc-1',
      { [BetaZone]: 'no_us-west1-a', uselessLabel: 'none' },
      unresolvable(ErrReasonConflict),
    ],
    ['zone label matched', 'pvc-stable-1', { [Zone]: 'us-west1-a', uselessLabel: 'none' }, ok],
    ['region label matched', 'pvc-stable-2', { [Region]: 'us-west1', uselessLabel: 'none' }, ok],
    [
      "region label doesn't match",
      'pvc-stable-2',
      { [Region]: 'no_us-west1', uselessLabel: 'none' },
      unresolvable(ErrReasonConflict),
    ],
    [
      "zone label doesn't match",
      'pvc-stable-1',
      { [Zone]: 'no_us-west1-a', uselessLabel: 'none' },
      unresolvable(ErrReasonConflict),
    ],
    [
      'pv with zone and region, node with only zone',
      'pvc-stable-3',
      { [Zone]: 'us-west1-a' },
      unresolvable(ErrReasonConflict),
    ],
    [
      'pv with zone,node with beta zone',
      'pvc-stable-1',
      { [BetaZone]: 'us-west1-a' },
      unresolvable(ErrReasonConflict),
    ],
    ['pv with beta label,node with ga label, matched', 'pvc-1', { [Zone]: 'us-west1-a' }, ok],
    [
      "pv with beta label,node with ga label, don't match",
      'pvc-1',
      { [Zone]: 'us-west1-b' },
      unresolvable(ErrReasonConflict),
    ],
  ];
  it.each(cases)('%s', (_name, claim, labels, want) => {
    expect(replay(objects, claim === null ? fpod('pod-1') : podWith(claim), labels)).toEqual(want);
  });
});

describe('upstream TestMultiZone (volume_zone_test.go)', () => {
  const objects = [
    pv('vol-1', { [BetaZone]: 'us-west1-a' }),
    pv('vol-2', { [BetaZone]: 'us-west1-b', uselessLabel: 'none' }),
    pv('vol-3', { [BetaZone]: 'us-west1-c__us-west1-a' }),
    pv('vol-stable-1', { [Zone]: 'us-west1-a' }),
    pv('vol-stable-2', { [Zone]: 'us-west1-c__us-west1-a' }),
    bound('pvc-1', 'vol-1'),
    bound('pvc-2', 'vol-2'),
    bound('pvc-3', 'vol-3'),
    bound('pvc-stable-1', 'vol-stable-1'),
    bound('pvc-stable-2', 'vol-stable-2'),
  ];
  const cases: Array<[string, string, Record<string, string>, Want]> = [
    ['node without labels', 'pvc-3', {}, ok],
    ['beta zone label matched', 'pvc-3', { [BetaZone]: 'us-west1-a', uselessLabel: 'none' }, ok],
    [
      "beta zone label doesn't match",
      'pvc-1',
      { [BetaZone]: 'us-west1-b', uselessLabel: 'none' },
      unresolvable(ErrReasonConflict),
    ],
    ['zone label matched', 'pvc-stable-2', { [Zone]: 'us-west1-a', uselessLabel: 'none' }, ok],
    [
      "zone label doesn't match",
      'pvc-stable-1',
      { [Zone]: 'us-west1-b', uselessLabel: 'none' },
      unresolvable(ErrReasonConflict),
    ],
  ];
  it.each(cases)('%s', (_name, claim, labels, want) => {
    expect(replay(objects, podWith(claim), labels)).toEqual(want);
  });
});

describe('upstream TestWithBinding (volume_zone_test.go)', () => {
  const sc = (name: string, mode?: string) => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: 'kubernetes.io/no-provisioner',
    ...(mode ? { volumeBindingMode: mode } : {}),
  });
  const objects = [
    sc('class-immediate', 'Immediate'),
    sc('class-wait', 'WaitForFirstConsumer'),
    pv('vol-1', { [BetaZone]: 'us-west1-a' }),
    bound('pvc-1', 'vol-1'),
    pvc('pvc-nosc', { storageClassName: 'class-0' }),
    pvc('pvc-emptysc', {}),
    pvc('pvc-waitsc', { storageClassName: 'class-wait' }),
    pvc('pvc-immediatesc', { storageClassName: 'class-immediate' }),
  ];
  const node = { [BetaZone]: 'us-west1-a', uselessLabel: 'none' };
  const cases: Array<[string, string, Want]> = [
    ['label zone failure domain matched', 'pvc-1', ok],
    [
      'unbound volume empty storage class',
      'pvc-emptysc',
      unresolvable('PersistentVolumeClaim had no pv name and storageClass name'),
    ],
    // Upstream's fake lister (testing/framework) says "storageclasses.storage.k8s.io"; the scheduler's
    // real informer lister (client-go listers/storage/v1, Resource("storageclass")) says what kubesim does.
    [
      'unbound volume no storage class',
      'pvc-nosc',
      unresolvable('storageclass.storage.k8s.io "class-0" not found'),
    ],
    ['unbound volume wait binding mode', 'pvc-waitsc', ok],
    // Not an upstream case: what the defaulted (Immediate) class gives (getPVbyPod's last branch).
    [
      'unbound volume, Immediate class (defaulted)',
      'pvc-immediatesc',
      unresolvable('PersistentVolume had no name'),
    ],
  ];
  it.each(cases)('%s', (_name, claim, want) => {
    expect(replay(objects, podWith(claim), node)).toEqual(want);
  });
});
