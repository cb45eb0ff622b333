// Upstream VolumeBinding binder vectors (kubernetes/kubernetes pkg/scheduler/framework/plugins/
// volumebinding/binder_test.go TestFindPodVolumesWithoutProvisioning, TestFindPodVolumesWithProvisioning),
// replayed through kubesim explain with VolumeBinding alone at PreFilter and Filter on node1 (and node2).
// The fixtures follow binder_test.go's: WaitForFirstConsumer classes "wait" (kubernetes.io/no-provisioner)
// and "wait-with-provisioner" (test-provisioner), "immediate" (Immediate), volumes pinned by node affinity on nodeKey=<node>
// (pv-node1a 5G, pv-node1b 10G, pv-node2 1G on node2), claims unbound-pvc 1G and unbound-pvc2 5G.
// Upstream's namespace testns is default here. A case upstream expects to fail (shouldFail) is the PreFilter's UnschedulableAndUnresolvable here.
// Not replayed: the generic-ephemeral cases (not modelled), the CSIDriver capacity-tracking variants and
// needsCapacity (CSIStorageCapacity is not modelled), "prebound-pvc" and "one-prebound,one-unbound"
// (upstream fails on a claim pre-bound to a volume the PV controller has not bound yet; kubesim's PV
// controller binds it at load, before the pod is looked at), "pvc-not-found" (pinned by
// volume-zone.test.ts's shared lookup), TestFindPodVolumesWithCSIMigration (in-tree migration), and the
// Assume/Bind/Revert tables (Reserve and PreBind are exercised by the scenario tests).
import { describe, expect, it } from 'vitest';
import { filterStatuses, fpod, lnode, ok, unresolvable, type Want } from './filter-vectors.js';

const ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
const ErrReasonNodeConflict = 'node(s) had volume node affinity conflict';
const ErrReasonPVNotExist = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
const ErrUnboundImmediate = 'pod has unbound immediate PersistentVolumeClaims';

const classes = [
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'wait' },
    provisioner: 'kubernetes.io/no-provisioner',
    volumeBindingMode: 'WaitForFirstConsumer',
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'wait-with-provisioner' },
    provisioner: 'test-provisioner',
    volumeBindingMode: 'WaitForFirstConsumer',
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'immediate' },
    provisioner: 'test-provisioner',
    volumeBindingMode: 'Immediate',
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'wait-no-provisioner' },
    provisioner: 'kubernetes.io/no-provisioner',
    volumeBindingMode: 'WaitForFirstConsumer',
  },
];

/** makeTestPV(name, node, capacity, version, boundToPVC, className) */
const pv = (name: string, nodeName: string, size: string, cls: string, claim?: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: {
    capacity: { storage: size },
    accessModes: ['ReadWriteOnce'],
    storageClassName: cls,
    csi: { driver: 'test-provisioner', volumeHandle: name },
    nodeAffinity: {
      required: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'nodeKey', operator: 'In', values: [nodeName] }] }],
      },
    },
    ...(claim ? { claimRef: { namespace: 'default', name: claim } } : {}),
  },
});
/** makeTestPVC(name, size, node, pvcBoundState, pvName, resourceVersion, className) */
const pvc = (name: string, size: string, cls: string, volumeName?: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  // makeTestPVC with pvcBound sets pv.kubernetes.io/bind-completed.
  metadata: {
    name,
    namespace: 'default',
    ...(volumeName ? { annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } } : {}),
  },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    storageClassName: cls,
    ...(volumeName ? { volumeName } : {}),
  },
});

const unboundPVC = pvc('unbound-pvc', '1G', 'wait');
const unboundPVC2 = pvc('unbound-pvc2', '5G', 'wait');
const boundPVC = pvc('bound-pvc', '1G', 'wait', 'pv-bound');
const immediateBoundPVC = pvc('immediate-bound-pvc', '1G', 'immediate', 'pv-bound-immediate');
const immediateUnboundPVC = pvc('immediate-unbound-pvc', '1G', 'immediate');
const provisionedPVC = pvc('provisioned-pvc', '1Gi', 'wait-with-provisioner');
const noProvisionerPVC = pvc('no-provisioner-pvc', '1Gi', 'wait-no-provisioner');
const pvNode1a = pv('pv-node1a', 'node1', '5G', 'wait');
const pvNode1b = pv('pv-node1b', 'node1', '10G', 'wait');
const pvNode2 = pv('pv-node2', 'node2', '1G', 'wait');
const pvBound = pv('pv-bound', 'node1', '1G', 'wait', 'bound-pvc');
const pvBoundImmediate = pv('pv-bound-immediate', 'node1', '1G', 'immediate', 'immediate-bound-pvc');
const pvBoundImmediateNode2 = pv('pv-bound-immediate', 'node2', '1G', 'immediate', 'immediate-bound-pvc');

const claimName = (c: { metadata: { name: string } }) => c.metadata.name;

function findPodVolumes(claims: { metadata: { name: string } }[], pvs: object[], on = 'node1'): Want {
  const got = filterStatuses({
    plugin: 'VolumeBinding',
    nodes: [lnode('node1', { nodeKey: 'node1' }), lnode('node2', { nodeKey: 'node2' })],
    existing: [...classes, ...pvs, ...claims],
    pod: fpod('test-pod', {
      volumes: claims.map((c, i) => ({
        name: `vol${i}`,
        persistentVolumeClaim: { claimName: claimName(c) },
      })),
    }),
  });
  return got[on] ?? null;
}

describe('upstream TestFindPodVolumesWithoutProvisioning (volumebinding/binder_test.go)', () => {
  it.each<[string, object[], object[], Want]>([
    ['no-volumes', [], [], ok],
    ['bound-pvc', [boundPVC], [pvBound], ok],
    ['bound-pvc,pv-not-exists', [boundPVC], [], unresolvable(ErrReasonPVNotExist)],
    ['unbound-pvc,pv-same-node', [unboundPVC], [pvNode2, pvNode1a, pvNode1b], ok],
    ['unbound-pvc,pv-different-node', [unboundPVC], [pvNode2], unresolvable(ErrReasonBindConflict)],
    ['two-unbound-pvcs', [unboundPVC, unboundPVC2], [pvNode1a, pvNode1b], ok],
    ['two-unbound-pvcs,order-by-size', [unboundPVC2, unboundPVC], [pvNode1a, pvNode1b], ok],
    [
      'two-unbound-pvcs,partial-match',
      [unboundPVC, unboundPVC2],
      [pvNode1a],
      unresolvable(ErrReasonBindConflict),
    ],
    ['one-bound,one-unbound', [unboundPVC, boundPVC], [pvBound, pvNode1a], ok],
    [
      'one-bound,one-unbound,no-match',
      [unboundPVC, boundPVC],
      [pvBound, pvNode2],
      unresolvable(ErrReasonBindConflict),
    ],
    ['immediate-bound-pvc', [immediateBoundPVC], [pvBoundImmediate], ok],
    [
      'immediate-bound-pvc-wrong-node',
      [immediateBoundPVC],
      [pvBoundImmediateNode2],
      unresolvable(ErrReasonNodeConflict),
    ],
    ['immediate-unbound-pvc', [immediateUnboundPVC], [], unresolvable(ErrUnboundImmediate)],
    [
      'immediate-unbound-pvc,delayed-mode-bound',
      [immediateUnboundPVC, boundPVC],
      [pvBound],
      unresolvable(ErrUnboundImmediate),
    ],
    [
      'immediate-unbound-pvc,delayed-mode-unbound',
      [immediateUnboundPVC, unboundPVC],
      [],
      unresolvable(ErrUnboundImmediate),
    ],
  ])('%s', (_name, claims, pvs, want) => {
    expect(findPodVolumes(claims as { metadata: { name: string } }[], pvs)).toEqual(want);
  });
});

describe('upstream TestFindPodVolumesWithProvisioning (volumebinding/binder_test.go)', () => {
  it.each<[string, object[], object[], Want]>([
    ['one-provisioned', [provisionedPVC], [], ok],
    ['two-unbound-pvcs,one-matched,one-provisioned', [unboundPVC, provisionedPVC], [pvNode1a], ok],
    ['one-bound,one-provisioned', [boundPVC, provisionedPVC], [pvBound], ok],
    ['immediate-unbound-pvc', [immediateUnboundPVC], [], unresolvable(ErrUnboundImmediate)],
    ['one-immediate-bound,one-provisioned', [immediateBoundPVC, provisionedPVC], [pvBoundImmediate], ok],
    ['invalid-provisioner', [noProvisionerPVC], [], unresolvable(ErrReasonBindConflict)],
  ])('%s', (_name, claims, pvs, want) => {
    expect(findPodVolumes(claims as { metadata: { name: string } }[], pvs)).toEqual(want);
  });
});
