// The storage API objects: PersistentVolumeClaim, PersistentVolume (core/v1), StorageClass and CSINode
// (storage.k8s.io/v1), in Kubernetes' field names, with sizes as integer bytes and times as integer
// microseconds. Like Nodes and Pods they are mutable records written only through the VolumeStore
// (volume-store.ts); everybody else reads them.

import type { TimeUs } from '../engine/time.js';
import type { LabelSelector, NodeSelectorTerm, OwnerReference } from './types.js';

export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';
/** core/v1 PersistentVolumeAccessMode values in the API's order (GetAccessModesAsString's order). */
export const ACCESS_MODES: readonly AccessMode[] = [
  'ReadWriteOnce',
  'ReadOnlyMany',
  'ReadWriteMany',
  'ReadWriteOncePod',
];
export type VolumeMode = 'Filesystem' | 'Block';
export type ClaimPhase = 'Pending' | 'Bound' | 'Lost';
export type VolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';
export type ReclaimPolicy = 'Retain' | 'Delete' | 'Recycle';
export type VolumeBindingMode = 'Immediate' | 'WaitForFirstConsumer';

/** Annotations the PV controller, the scheduler and provisioners coordinate through (pv_helpers.go). */
export const AnnBindCompleted = 'pv.kubernetes.io/bind-completed';
export const AnnBoundByController = 'pv.kubernetes.io/bound-by-controller';
export const AnnSelectedNode = 'volume.kubernetes.io/selected-node';
export const AnnStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';
export const AnnBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner';
export const AnnDynamicallyProvisioned = 'pv.kubernetes.io/provisioned-by';
/** storageclass.kubernetes.io/is-default-class: the DefaultStorageClass admission plugin's marker. */
export const AnnDefaultStorageClass = 'storageclass.kubernetes.io/is-default-class';
/** StorageClass provisioner that never provisions (local volumes, pre-created PVs). */
export const NotSupportedProvisioner = 'kubernetes.io/no-provisioner';

/** StorageClass.allowedTopologies: terms ORed, a term's expressions ANDed (TopologySelectorTerm). */
export interface TopologySelectorTerm {
  readonly matchLabelExpressions: readonly { readonly key: string; readonly values: readonly string[] }[];
}

export interface StorageClass {
  readonly name: string;
  readonly uid: string;
  readonly provisioner: string;
  readonly reclaimPolicy: ReclaimPolicy;
  readonly volumeBindingMode: VolumeBindingMode;
  readonly allowedTopologies: readonly TopologySelectorTerm[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly createdUs: TimeUs;
}

export interface ClaimSpec {
  readonly accessModes: readonly AccessMode[];
  /** resources.requests.storage in bytes (0 when not requested). */
  readonly requestBytes: number;
  /** null: the field is unset (the default class applies); "": explicitly no class. */
  storageClassName: string | null;
  /** "" until bound (or pre-bound by the user). */
  volumeName: string;
  readonly selector: LabelSelector | null;
  readonly volumeMode: VolumeMode;
}

export interface PersistentVolumeClaim {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** namespace/name */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  annotations: Record<string, string>;
  /** metadata.ownerReferences (StatefulSet retention policy: the set and/or the pod). */
  owners: readonly OwnerReference[];
  readonly spec: ClaimSpec;
  status: {
    phase: ClaimPhase;
    accessModes: readonly AccessMode[];
    /** status.capacity.storage in bytes, 0 while unbound. */
    capacityBytes: number;
  };
  readonly createdUs: TimeUs;
  deletionUs: TimeUs | null;
  /** When the claim first reached phase Bound (pvcs.csv-style analyses), null before. */
  boundUs: TimeUs | null;
}

export interface ClaimRef {
  readonly namespace: string;
  readonly name: string;
  /** "" for a volume pre-bound by name only. */
  readonly uid: string;
}

export interface PersistentVolume {
  readonly uid: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  annotations: Record<string, string>;
  readonly spec: {
    readonly capacityBytes: number;
    readonly accessModes: readonly AccessMode[];
    /** "" when the volume has no class. */
    readonly storageClassName: string;
    readonly reclaimPolicy: ReclaimPolicy;
    readonly volumeMode: VolumeMode;
    /** spec.nodeAffinity.required: the nodes that can reach the volume (null: every node). */
    readonly nodeAffinity: readonly NodeSelectorTerm[] | null;
    claimRef: ClaimRef | null;
    /** spec.csi: the driver and its volume handle (NodeVolumeLimits counts these), null for others. */
    readonly csi: { readonly driver: string; readonly volumeHandle: string } | null;
  };
  status: { phase: VolumePhase };
  readonly createdUs: TimeUs;
  deletionUs: TimeUs | null;
}

export interface CSINodeDriver {
  readonly name: string;
  readonly topologyKeys: readonly string[];
  /** allocatable.count: the most volumes of this driver the node can attach (null: no limit). */
  readonly allocatableCount: number | null;
}

/** storage.k8s.io/v1 CSINode: named after its node; the kubelet registers one per node. */
export interface CSINode {
  readonly name: string;
  readonly drivers: readonly CSINodeDriver[];
}

export type { PodVolume } from './types.js';
