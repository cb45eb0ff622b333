// Storage objects from their (validated) manifests, with the API server's defaults: a claim's and a
// volume's volumeMode Filesystem, a volume's reclaim policy Retain (SetDefaults_PersistentVolume), a
// StorageClass's reclaimPolicy Delete and volumeBindingMode Immediate (storage/v1 defaults.go). The
// DefaultStorageClass admission plugin gives a claim without storageClassName the default class
// (plugin/pkg/admission/storage/storageclass/setdefault); the caller passes it in.

import type { TimeUs } from '../engine/time.js';
import type {
  CSINodeManifest,
  PersistentVolumeClaimManifest,
  PersistentVolumeManifest,
  StorageClassManifest,
} from './k8s-volume-schema.js';
import type { OwnerReference } from './types.js';
import type {
  AccessMode,
  CSINode,
  PersistentVolume,
  PersistentVolumeClaim,
  StorageClass,
  VolumeMode,
} from './volumes.js';

export function storageClassFrom(m: StorageClassManifest, uid: string, createdUs: TimeUs): StorageClass {
  return {
    name: m.metadata.name,
    uid,
    provisioner: m.provisioner ?? '',
    reclaimPolicy: m.reclaimPolicy ?? 'Delete',
    volumeBindingMode: m.volumeBindingMode ?? 'Immediate',
    allowedTopologies: (m.allowedTopologies ?? []).map((t) => ({
      matchLabelExpressions: t.matchLabelExpressions ?? [],
    })),
    annotations: m.metadata.annotations ?? {},
    createdUs,
  };
}

export interface ClaimInit {
  readonly uid: string;
  readonly namespace: string;
  readonly createdUs: TimeUs;
  readonly owners: readonly OwnerReference[];
  /** The DefaultStorageClass admission plugin's choice for a claim without storageClassName. */
  readonly defaultClass: string | null;
}

/** A claim from its spec (a manifest's, or a StatefulSet volumeClaimTemplate's). */
export function claimFrom(
  m: Pick<PersistentVolumeClaimManifest, 'metadata' | 'spec'>,
  init: ClaimInit,
): PersistentVolumeClaim {
  const s = m.spec;
  const annotations = { ...(m.metadata.annotations ?? {}) };
  const className = s.storageClassName ?? init.defaultClass;
  return {
    uid: init.uid,
    namespace: init.namespace,
    name: m.metadata.name,
    key: `${init.namespace}/${m.metadata.name}`,
    labels: m.metadata.labels ?? {},
    annotations,
    owners: init.owners,
    spec: {
      accessModes: (s.accessModes ?? []) as AccessMode[],
      requestBytes: s.resources?.requests?.storage ?? 0,
      storageClassName: className,
      volumeName: s.volumeName ?? '',
      selector: s.selector ?? null,
      volumeMode: (s.volumeMode ?? 'Filesystem') as VolumeMode,
    },
    status: { phase: 'Pending', accessModes: [], capacityBytes: 0 },
    createdUs: init.createdUs,
    deletionUs: null,
    boundUs: null,
  };
}

export function volumeFrom(m: PersistentVolumeManifest, uid: string, createdUs: TimeUs): PersistentVolume {
  const s = m.spec;
  const ref = s.claimRef;
  return {
    uid,
    name: m.metadata.name,
    labels: m.metadata.labels ?? {},
    annotations: { ...(m.metadata.annotations ?? {}) },
    spec: {
      capacityBytes: s.capacity?.storage ?? 0,
      accessModes: (s.accessModes ?? []) as AccessMode[],
      storageClassName: s.storageClassName ?? '',
      reclaimPolicy: s.persistentVolumeReclaimPolicy ?? 'Retain',
      volumeMode: (s.volumeMode ?? 'Filesystem') as VolumeMode,
      nodeAffinity: s.nodeAffinity?.required?.nodeSelectorTerms ?? null,
      claimRef:
        ref?.name === undefined
          ? null
          : { namespace: ref.namespace ?? 'default', name: ref.name, uid: ref.uid ?? '' },
      csi: s.csi === undefined ? null : { driver: s.csi.driver, volumeHandle: s.csi.volumeHandle },
    },
    // A new volume is Pending until the PV controller's first sync makes it Available or Bound.
    status: { phase: 'Pending' },
    createdUs,
    deletionUs: null,
  };
}

export function csiNodeFrom(m: CSINodeManifest): CSINode {
  return {
    name: m.metadata.name,
    drivers: m.spec.drivers.map((d) => ({
      name: d.name,
      topologyKeys: d.topologyKeys ?? [],
      allocatableCount: d.allocatable?.count ?? null,
    })),
  };
}

/** A storage object of spec.workloads, with the path that declared it (load errors name it). */
export type VolumeSeed =
  | { readonly kind: 'StorageClass'; readonly manifest: StorageClassManifest }
  | { readonly kind: 'CSINode'; readonly manifest: CSINodeManifest }
  | { readonly kind: 'PersistentVolume'; readonly manifest: PersistentVolumeManifest }
  | {
      readonly kind: 'PersistentVolumeClaim';
      readonly manifest: PersistentVolumeClaimManifest;
      readonly namespace: string;
    };

/** Creation order: classes first (claims read the default class), then CSINodes, volumes, claims. */
export const VOLUME_KIND_ORDER = [
  'StorageClass',
  'CSINode',
  'PersistentVolume',
  'PersistentVolumeClaim',
] as const;
