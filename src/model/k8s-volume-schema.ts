// Schemas for the storage objects a scenario may hold, in core/v1 and storage.k8s.io/v1 field names, so
// that `kubectl get pvc,pv,storageclass,csinode -o yaml` output loads unchanged: PersistentVolumeClaim,
// PersistentVolume, StorageClass and CSINode. Fields that shape scheduling and binding are typed; the
// rest (status, volume source details, mountOptions, managedFields, ...) are accepted and ignored. The
// API server's semantic checks (required fields, enum values, with upstream's messages) run in
// validation/volumes.ts.

import { z } from 'zod';
import { quantity, stringMap } from './fields.js';
import { goEnum, labelSelectorSchema, nodeSelectorTermSchema, objectMetaSchema } from './k8s-schema.js';

const any = () => z.unknown().optional();
const meta = objectMetaSchema.extend({ name: z.string().min(1, { error: 'needs metadata.name' }) });
const accessMode = goEnum(['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']);
const volumeMode = goEnum(['Block', 'Filesystem']);

export const pvcSpecSchema = z.looseObject({
  accessModes: z.array(accessMode).optional(),
  resources: z
    .looseObject({ requests: z.looseObject({ storage: quantity().optional() }).optional(), limits: any() })
    .optional(),
  storageClassName: z.string().optional(),
  volumeName: z.string().optional(),
  selector: labelSelectorSchema.optional(),
  volumeMode: volumeMode.optional(),
});

export const persistentVolumeClaimManifestSchema = z.looseObject({
  apiVersion: z.literal('v1', { error: 'PersistentVolumeClaim needs apiVersion: v1' }),
  kind: z.literal('PersistentVolumeClaim'),
  metadata: meta,
  spec: pvcSpecSchema,
  status: any(),
});

export const persistentVolumeManifestSchema = z.looseObject({
  apiVersion: z.literal('v1', { error: 'PersistentVolume needs apiVersion: v1' }),
  kind: z.literal('PersistentVolume'),
  metadata: meta,
  spec: z.looseObject({
    capacity: z.looseObject({ storage: quantity().optional() }).optional(),
    accessModes: z.array(accessMode).optional(),
    storageClassName: z.string().optional(),
    persistentVolumeReclaimPolicy: goEnum(['Delete', 'Recycle', 'Retain']).optional(),
    volumeMode: volumeMode.optional(),
    nodeAffinity: z
      .looseObject({
        required: z.strictObject({ nodeSelectorTerms: z.array(nodeSelectorTermSchema) }).optional(),
      })
      .optional(),
    claimRef: z
      .looseObject({
        namespace: z.string().optional(),
        name: z.string().optional(),
        uid: z.string().optional(),
      })
      .optional(),
    csi: z.looseObject({ driver: z.string(), volumeHandle: z.string() }).optional(),
  }),
  status: any(),
});

const topologySelectorTerm = z.strictObject({
  matchLabelExpressions: z.array(z.strictObject({ key: z.string(), values: z.array(z.string()) })).optional(),
});

export const storageClassManifestSchema = z.looseObject({
  apiVersion: z.literal('storage.k8s.io/v1', { error: 'StorageClass needs apiVersion: storage.k8s.io/v1' }),
  kind: z.literal('StorageClass'),
  metadata: meta,
  provisioner: z.string().optional(),
  parameters: stringMap().optional(),
  reclaimPolicy: goEnum(['Delete', 'Recycle', 'Retain']).optional(),
  volumeBindingMode: goEnum(['Immediate', 'WaitForFirstConsumer']).optional(),
  allowedTopologies: z.array(topologySelectorTerm).optional(),
  allowVolumeExpansion: z.boolean().optional(),
  mountOptions: any(),
});

export const csiNodeManifestSchema = z.looseObject({
  apiVersion: z.literal('storage.k8s.io/v1', { error: 'CSINode needs apiVersion: storage.k8s.io/v1' }),
  kind: z.literal('CSINode'),
  metadata: meta,
  spec: z.strictObject({
    drivers: z.array(
      z.looseObject({
        name: z.string(),
        nodeID: z.string().optional(),
        topologyKeys: z.array(z.string()).nullable().optional(),
        allocatable: z.strictObject({ count: z.number().int().optional() }).optional(),
      }),
    ),
  }),
});

export type PersistentVolumeClaimManifest = z.output<typeof persistentVolumeClaimManifestSchema>;
export type PersistentVolumeManifest = z.output<typeof persistentVolumeManifestSchema>;
export type StorageClassManifest = z.output<typeof storageClassManifestSchema>;
export type CSINodeManifest = z.output<typeof csiNodeManifestSchema>;
export type VolumeManifest =
  | PersistentVolumeClaimManifest
  | PersistentVolumeManifest
  | StorageClassManifest
  | CSINodeManifest;
