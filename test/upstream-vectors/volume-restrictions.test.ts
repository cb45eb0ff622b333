// Upstream VolumeRestrictions vectors (kubernetes/kubernetes pkg/scheduler/framework/plugins/
// volumerestrictions/volume_restrictions_test.go TestAccessModeConflicts), replayed through kubesim
// explain with only VolumeRestrictions enabled. Since ReadWriteOncePod went GA the conflict is found in
// Filter with code Unschedulable (preempting the pod that holds the claim can help); PreFilter fails
// only when a claim is missing. The candidate pod is a second object with its own name (upstream
// reuses the existing pod's object; kubesim tells pods apart by identity too).
// Not replayed: TestGCEDiskConflicts, TestAWSDiskConflicts, TestRBDDiskConflicts, TestISCSIDiskConflicts
// (inline gcePersistentDisk, awsElasticBlockStore, rbd and iscsi volume sources are not modelled).
import { describe, expect, it } from 'vitest';
import { filterStatuses, fpod, lnode, ok, unresolvable, unsched, type Want } from './filter-vectors.js';

const ErrReasonReadWriteOncePodConflict =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

const claim = (name: string, mode: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec: { accessModes: [mode], resources: { requests: { storage: '1Gi' } }, storageClassName: 'manual' },
});
const manual = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'manual' },
  provisioner: 'kubernetes.io/no-provisioner',
  volumeBindingMode: 'WaitForFirstConsumer',
};
const using = (name: string, claimName: string, nodeName?: string) =>
  fpod(
    name,
    { volumes: [{ name: 'v', persistentVolumeClaim: { claimName } }] },
    {},
    nodeName === undefined ? {} : { nodeName },
  );

describe('upstream TestAccessModeConflicts (volume_restrictions_test.go)', () => {
  const rwopPod = using('pod-with-rwop', 'claim-with-rwop', 'node-1');
  const rwxPod = using('pod-with-rwx', 'claim-with-rwx', 'node-1');
  const claims = [
    manual,
    claim('claim-with-rwop', 'ReadWriteOncePod'),
    claim('claim-with-rwx', 'ReadWriteMany'),
  ];
  const cases: Array<[string, Record<string, unknown>, object[], Want]> = [
    ['nothing', fpod('p'), [], ok],
    [
      'failed to get PVC',
      using('candidate', 'claim-with-rwop'),
      [],
      unresolvable('persistentvolumeclaim "claim-with-rwop" not found'),
    ],
    ['no access mode conflict', using('candidate', 'claim-with-rwop'), [...claims, rwxPod], ok],
    [
      'access mode conflict',
      using('candidate', 'claim-with-rwop'),
      [...claims, rwopPod, rwxPod],
      unsched(ErrReasonReadWriteOncePodConflict),
    ],
  ];
  it.each(cases)('%s', (_name, pod, existing, want) => {
    const got = filterStatuses({ plugin: 'VolumeRestrictions', nodes: [lnode('node-1')], existing, pod });
    expect(got['node-1']).toEqual(want);
  });
});
