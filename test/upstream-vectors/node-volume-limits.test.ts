// Upstream NodeVolumeLimits vectors (kubernetes/kubernetes pkg/scheduler/framework/plugins/
// nodevolumelimits/csi_test.go TestCSILimits), replayed through kubesim explain with only
// NodeVolumeLimits enabled, on the fixtures of getFakeCSIPVLister / getFakeCSIPVCLister /
// getFakeCSIStorageClassLister / getNodeWithPodAndVolumeLimits: per driver, volumes and bound claims
// csi-<driver>-0..3 (CSI source, volumeHandle = name), csi-4 unbound with class csi-sc, csi-5 without a
// class, csi-6 naming a missing volume with class csi-sc; csi-sc's provisioner is the first driver; the
// node's CSINode lists the drivers with allocatable.count = maxVols ("csinode") or without a count
// ("csinode-with-no-limit").
// Not replayed: the VolumeAttachment cases ("should count VolumeAttachments towards volume limit when
// no pods exist", "...does not exceed limit": VolumeAttachment objects are not modelled), every in-tree
// migration case (aws-ebs / hostpath PVs and inline awsElasticBlockStore volumes, CSIMigration
// annotations), the generic ephemeral volume cases (ephemeral volumes are not modelled), and the
// TestCSILimits*QHint tables (not read for this replay; the csi.go hints are pinned from the functions
// in volume-hints.test.ts).
import { describe, expect, it } from 'vitest';
import { filterStatuses, fpod, lnode, ok, unsched, type Want } from './filter-vectors.js';

const ErrReasonMaxVolumeCountExceeded = 'node(s) exceed max volume count';
const ebs = 'ebs.csi.aws.com';
const gce = 'pd.csi.storage.gke.io';
const NODE = 'node-for-max-pd-test-1';

function fixtures(drivers: string[], limit: number | null): object[] {
  const out: object[] = [];
  const claim = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  });
  for (const d of drivers)
    for (let j = 0; j < 4; j++) {
      const name = `csi-${d}-${j}`;
      out.push({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          csi: { driver: d, volumeHandle: name },
          claimRef: { namespace: 'default', name },
        },
      });
      out.push(claim(name, { volumeName: name }));
    }
  out.push(claim('csi-4', { storageClassName: 'csi-sc' }));
  out.push(claim('csi-5', {}));
  out.push(claim('csi-6', { storageClassName: 'csi-sc', volumeName: 'missing-in-action' }));
  out.push({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'csi-sc' },
    provisioner: drivers[0],
  });
  out.push({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSINode',
    metadata: { name: NODE },
    spec: {
      drivers: drivers.map((name) => ({
        name,
        nodeID: NODE,
        ...(limit === null ? {} : { allocatable: { count: limit } }),
      })),
    },
  });
  return out;
}

/** st.MakePod().PVC(...): a pod using the claims; existing pods run on the node. */
const podUsing = (name: string, claims: string[], nodeName?: string) =>
  fpod(
    name,
    { volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })) },
    {},
    nodeName === undefined ? {} : { nodeName },
  );
const pods = {
  runningPod: ['csi-ebs.csi.aws.com-3'],
  pendingVolumePod: ['csi-4'],
  unboundPVCPod2: ['csi-4'],
  missingPVPod: ['csi-6'],
  noSCPVCPod: ['csi-5'],
  gceTwoVolPod: ['csi-pd.csi.storage.gke.io-1', 'csi-pd.csi.storage.gke.io-2'],
  csiEBSOneVolPod: ['csi-ebs.csi.aws.com-0'],
  csiEBSTwoVolPod: ['csi-ebs.csi.aws.com-1', 'csi-ebs.csi.aws.com-2'],
} as const;
type PodName = keyof typeof pods;

describe('upstream TestCSILimits (csi_test.go)', () => {
  const cases: Array<[string, PodName, PodName[], number | null, string[], Want]> = [
    [
      'fits when node volume limit >= new pods CSI volume',
      'csiEBSOneVolPod',
      ['runningPod', 'csiEBSTwoVolPod'],
      4,
      [ebs],
      ok,
    ],
    [
      "doesn't when node volume limit <= pods CSI volume",
      'csiEBSOneVolPod',
      ['runningPod', 'csiEBSTwoVolPod'],
      2,
      [ebs],
      unsched(ErrReasonMaxVolumeCountExceeded),
    ],
    [
      'should when driver does not support volume limits',
      'csiEBSOneVolPod',
      ['runningPod', 'csiEBSTwoVolPod'],
      null,
      [ebs],
      ok,
    ],
    [
      'count pending PVCs towards volume limit <= pods CSI volume',
      'csiEBSOneVolPod',
      ['pendingVolumePod', 'csiEBSTwoVolPod'],
      2,
      [ebs],
      unsched(ErrReasonMaxVolumeCountExceeded),
    ],
    [
      'count multiple pending pvcs towards volume limit >= pods CSI volume',
      'csiEBSOneVolPod',
      ['pendingVolumePod', 'unboundPVCPod2', 'csiEBSTwoVolPod'],
      4,
      [ebs],
      ok,
    ],
    [
      'should count PVCs with invalid PV name but valid SC',
      'csiEBSOneVolPod',
      ['missingPVPod', 'csiEBSTwoVolPod'],
      2,
      [ebs],
      unsched(ErrReasonMaxVolumeCountExceeded),
    ],
    [
      "don't count pvcs with missing SC towards volume limit",
      'csiEBSOneVolPod',
      ['runningPod', 'noSCPVCPod'],
      2,
      [ebs],
      ok,
    ],
    [
      'count pvcs with the same type towards volume limit',
      'csiEBSOneVolPod',
      ['gceTwoVolPod', 'csiEBSTwoVolPod'],
      2,
      [ebs, gce],
      unsched(ErrReasonMaxVolumeCountExceeded),
    ],
    [
      "don't count pvcs with different type towards volume limit",
      'gceTwoVolPod',
      ['csiEBSTwoVolPod', 'runningPod'],
      2,
      [ebs, gce],
      ok,
    ],
  ];
  it.each(cases)('%s', (_name, newPod, existing, limit, drivers, want) => {
    const got = filterStatuses({
      plugin: 'NodeVolumeLimits',
      nodes: [lnode(NODE)],
      existing: [
        ...fixtures(drivers, limit),
        ...existing.map((p, i) => podUsing(`${p.toLowerCase()}-${i}`, [...pods[p]], NODE)),
      ],
      pod: podUsing('new-pod', [...pods[newPod]]),
    });
    expect(got[NODE]).toEqual(want);
  });

  it('a node without a CSINode has no limit (getNodeWithPodAndVolumeLimits default: no CSINode)', () => {
    const objects = fixtures([ebs], 0).filter((o) => (o as { kind: string }).kind !== 'CSINode');
    const got = filterStatuses({
      plugin: 'NodeVolumeLimits',
      nodes: [lnode(NODE)],
      existing: [...objects, podUsing('two', [...pods.csiEBSTwoVolPod], NODE)],
      pod: podUsing('new-pod', [...pods.csiEBSOneVolPod]),
    });
    expect(got[NODE]).toEqual(ok);
  });
});
