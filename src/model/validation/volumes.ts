// API validation of the storage objects a scenario holds, with the API server's messages:
// PersistentVolumeClaim and PersistentVolume (pkg/apis/core/validation validation.go
// ValidatePersistentVolumeClaimSpec, ValidatePersistentVolumeSpec), StorageClass and CSINode
// (pkg/apis/storage/validation validation.go ValidateStorageClass, ValidateCSINode). Enum values
// (access modes, reclaim policies, binding modes) are refused by the schema with NotSupported.

import { nameIsDNSSubdomain } from './content.js';
import { type ErrorList, forbidden, invalid, required } from './field.js';
import { type ObjectMetaInput, validateObjectMeta } from './meta.js';

interface PvcInput {
  readonly metadata: ObjectMetaInput;
  readonly spec: {
    readonly accessModes?: readonly string[] | undefined;
    readonly resources?: { readonly requests?: { readonly storage?: unknown } | undefined } | undefined;
  };
}

/** Volume sources a PersistentVolume may name (PersistentVolumeSource's members). */
const PV_SOURCES = [
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'hostPath',
  'glusterfs',
  'nfs',
  'rbd',
  'iscsi',
  'cinder',
  'cephfs',
  'fc',
  'flocker',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];

function accessModeErrors(modes: readonly string[] | undefined, path: string[], detail: string): ErrorList {
  const list = modes ?? [];
  if (list.length === 0) return [required([...path, 'accessModes'], detail)];
  // ReadWriteOncePod is exclusive (validation.go, GA in 1.29).
  if (list.includes('ReadWriteOncePod') && list.length > 1)
    return [forbidden([...path, 'accessModes'], 'may not use ReadWriteOncePod with other access modes')];
  return [];
}

export function validatePersistentVolumeClaimSpec(spec: PvcInput['spec'], path: string[]): ErrorList {
  const errs = accessModeErrors(spec.accessModes, path, 'at least 1 access mode is required');
  const storage = spec.resources?.requests?.storage;
  // fldPath.Child("resources").Key("storage"): printed as spec.resources[storage].
  if (storage === undefined) errs.push(required([...path, 'resources[storage]']));
  return errs;
}

export function validatePersistentVolumeClaim(pvc: PvcInput): ErrorList {
  return [
    ...validateObjectMeta(pvc.metadata, { nameFn: nameIsDNSSubdomain, namespaced: true }, ['metadata']),
    ...validatePersistentVolumeClaimSpec(pvc.spec, ['spec']),
  ];
}

interface PvInput {
  readonly metadata: ObjectMetaInput;
  readonly spec: Readonly<Record<string, unknown>> & {
    readonly accessModes?: readonly string[] | undefined;
    readonly capacity?: { readonly storage?: unknown } | undefined;
    readonly nodeAffinity?:
      | { readonly required?: { readonly nodeSelectorTerms: readonly unknown[] } | undefined }
      | undefined;
  };
}

export function validatePersistentVolume(pv: PvInput): ErrorList {
  const errs = validateObjectMeta(pv.metadata, { nameFn: nameIsDNSSubdomain, namespaced: false }, [
    'metadata',
  ]);
  errs.push(...accessModeErrors(pv.spec.accessModes, ['spec'], ''));
  if (pv.spec.capacity?.storage === undefined) errs.push(required(['spec', 'capacity']));
  const sources = PV_SOURCES.filter((s) => pv.spec[s] !== undefined);
  if (sources.length === 0) errs.push(required(['spec'], 'must specify a volume type'));
  else if (sources.length > 1)
    errs.push(forbidden(['spec', sources[1] as string], 'may not specify more than 1 volume type'));
  const terms = pv.spec.nodeAffinity?.required?.nodeSelectorTerms;
  if (terms !== undefined && terms.length === 0)
    errs.push(
      required(
        ['spec', 'nodeAffinity', 'required', 'nodeSelectorTerms'],
        'must have at least one node selector term',
      ),
    );
  return errs;
}

interface StorageClassInput {
  readonly metadata: ObjectMetaInput;
  readonly provisioner?: string | undefined;
  readonly allowedTopologies?:
    | readonly {
        readonly matchLabelExpressions?: readonly { readonly values: readonly string[] }[] | undefined;
      }[]
    | undefined;
}

export function validateStorageClass(sc: StorageClassInput): ErrorList {
  const errs = validateObjectMeta(sc.metadata, { nameFn: nameIsDNSSubdomain, namespaced: false }, [
    'metadata',
  ]);
  if (sc.provisioner === undefined || sc.provisioner === '') errs.push(required(['provisioner']));
  (sc.allowedTopologies ?? []).forEach((t, i) => {
    const exprs = t.matchLabelExpressions ?? [];
    // ValidateTopologySelectorTerm: each expression needs values.
    exprs.forEach((e, j) => {
      if (e.values.length === 0)
        errs.push(
          required(
            ['allowedTopologies', i, 'matchLabelExpressions', j, 'values'],
            'must specify as least one value',
          ),
        );
    });
  });
  return errs;
}

export function validateCSINode(csi: {
  readonly metadata: ObjectMetaInput;
  readonly spec: {
    readonly drivers: readonly {
      readonly allocatable?: { readonly count?: number | undefined } | undefined;
    }[];
  };
}): ErrorList {
  const errs = validateObjectMeta(csi.metadata, { nameFn: nameIsDNSSubdomain, namespaced: false }, [
    'metadata',
  ]);
  csi.spec.drivers.forEach((d, i) => {
    const n = d.allocatable?.count;
    if (n !== undefined && n < 0)
      errs.push(
        invalid(['spec', 'drivers', i, 'allocatable', 'count'], n, 'must be greater than or equal to 0'),
      );
  });
  return errs;
}
