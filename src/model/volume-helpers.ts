// Volume matching rules shared by the PV controller and the scheduler, as upstream shares them
// (k8s.io/component-helpers/storage/volume pv_helpers.go, pkg/controller/volume/persistentvolume
// index.go, pkg/apis/core/v1/helper): class of a claim or volume, binding checks, access and volume
// modes, a PV's node affinity against node labels, a StorageClass's allowedTopologies, and the
// best-matching volume for a claim. Pure functions over the objects of volumes.ts.

import { matchesSelector } from './label-selector.js';
import { anyTermMatches } from './node-selector.js';
import type { NodeSelectorTerm } from './types.js';
import {
  ACCESS_MODES,
  type AccessMode,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
  type TopologySelectorTerm,
} from './volumes.js';

/** The beta annotation GetPersistentVolumeClaimClass / GetPersistentVolumeClass read before the field. */
export const AnnBetaStorageClass = 'volume.beta.kubernetes.io/storage-class';

type ClaimLike = Pick<PersistentVolumeClaim, 'annotations' | 'spec' | 'namespace' | 'name' | 'uid'>;

/** GetPersistentVolumeClaimClass: the beta annotation, else spec.storageClassName, else "". */
export function claimClass(pvc: Pick<PersistentVolumeClaim, 'annotations' | 'spec'>): string {
  const ann = pvc.annotations[AnnBetaStorageClass];
  if (ann !== undefined) return ann;
  return pvc.spec.storageClassName ?? '';
}

/** GetPersistentVolumeClass: the beta annotation, else spec.storageClassName. */
export function volumeClass(pv: Pick<PersistentVolume, 'annotations' | 'spec'>): string {
  return pv.annotations[AnnBetaStorageClass] ?? pv.spec.storageClassName;
}

/**
 * IsVolumeBoundToClaim: the volume's claimRef names the claim (namespace and name), and its uid, when
 * set, is the claim's.
 */
export function isVolumeBoundToClaim(pv: PersistentVolume, pvc: ClaimLike): boolean {
  const ref = pv.spec.claimRef;
  if (ref === null) return false;
  if (ref.name !== pvc.name || ref.namespace !== pvc.namespace) return false;
  return ref.uid === '' || ref.uid === pvc.uid;
}

/** CheckAccessModes: the volume offers every mode the claim asks for. */
export function checkAccessModes(pvc: Pick<PersistentVolumeClaim, 'spec'>, pv: PersistentVolume): boolean {
  return pvc.spec.accessModes.every((m) => pv.spec.accessModes.includes(m));
}

/** AccessModesContainedInAll: `indexed` holds every requested mode. */
export function accessModesContainedInAll(
  indexed: readonly AccessMode[],
  requested: readonly AccessMode[],
): boolean {
  return requested.every((m) => indexed.includes(m));
}

/** GetAccessModesAsString's set, as an index key: the modes in API order, joined. */
export function accessModesKey(modes: readonly AccessMode[]): string {
  return ACCESS_MODES.filter((m) => modes.includes(m)).join(',');
}

/** CheckVolumeModeMismatches (volumeMode defaults to Filesystem on both sides). */
export function volumeModeMismatch(pvc: Pick<PersistentVolumeClaim, 'spec'>, pv: PersistentVolume): boolean {
  return pvc.spec.volumeMode !== pv.spec.volumeMode;
}

/**
 * volume.CheckNodeAffinity: the PV's required node selector against a node's labels. Upstream builds
 * a node with the labels only, so a matchFields term (metadata.name) never matches.
 */
export function nodeAffinityAllows(
  terms: readonly NodeSelectorTerm[] | null,
  labels: Readonly<Record<string, string>>,
): boolean {
  return terms === null || anyTermMatches(terms, { name: '', labels });
}

/**
 * v1helper.MatchTopologySelectorTerms: no terms match every node; otherwise some term whose every
 * expression has the node's label value among its values.
 */
export function topologyAllows(
  terms: readonly TopologySelectorTerm[],
  labels: Readonly<Record<string, string>>,
): boolean {
  if (terms.length === 0) return true;
  return terms.some((t) =>
    t.matchLabelExpressions.every((e) => {
      const v = labels[e.key];
      return v !== undefined && e.values.includes(v);
    }),
  );
}

/** volumehelpers.LabelZonesToSet: a zone label may list several zones separated by "__". */
export function labelZonesToSet(value: string): Set<string> {
  return new Set(value.split('__').filter((z) => z !== ''));
}

/**
 * FindMatchingVolume: a volume pre-bound to the claim wins outright (no match if its node affinity
 * fails `nodeLabels`); otherwise the smallest Available volume of the claim's class that satisfies the
 * size, volume mode, selector and (scheduler path, `nodeLabels` given) node affinity and access modes.
 * With `delayBinding` and no node (the PV controller on a WaitForFirstConsumer claim) only pre-bound
 * volumes match. Among equal sizes the first in `volumes` wins (upstream: its cache's order; callers
 * pass volumes sorted by name, so the choice is deterministic).
 */
export function findMatchingVolume(
  pvc: ClaimLike,
  volumes: Iterable<PersistentVolume>,
  nodeLabels: Readonly<Record<string, string>> | null,
  excluded: ReadonlySet<string>,
  delayBinding: boolean,
): PersistentVolume | null {
  let smallest: PersistentVolume | null = null;
  const requested = pvc.spec.requestBytes;
  const wantClass = claimClass(pvc);
  for (const pv of volumes) {
    if (excluded.has(pv.name)) continue;
    const bound = isVolumeBoundToClaim(pv, pvc);
    if (pv.spec.claimRef !== null && !bound) continue;
    if (pv.spec.capacityBytes < requested) continue;
    if (volumeModeMismatch(pvc, pv)) continue;
    if (pv.deletionUs !== null) continue;
    const affinityOk = nodeLabels === null || nodeAffinityAllows(pv.spec.nodeAffinity, nodeLabels);
    if (bound) return affinityOk ? pv : null;
    if (nodeLabels === null && delayBinding) continue;
    if (pv.status.phase !== 'Available') continue;
    if (pvc.spec.selector !== null && !matchesSelector(pv.labels, pvc.spec.selector)) continue;
    if (volumeClass(pv) !== wantClass) continue;
    if (!affinityOk) continue;
    if (nodeLabels !== null && !checkAccessModes(pvc, pv)) continue;
    if (smallest === null || smallest.spec.capacityBytes > pv.spec.capacityBytes) smallest = pv;
  }
  return smallest;
}

/**
 * persistentVolumeOrderedIndex.findBestMatchForClaim (the PV controller): volumes are grouped by their
 * access-mode set; the groups that hold every mode the claim asks for are searched from the fewest
 * modes up, and the first group with a match gives it. Groups with as many modes are searched in API
 * order of their sets (upstream sorts them unstably), volumes by name.
 */
export function findBestMatchForClaim(
  pvc: ClaimLike,
  volumes: Iterable<PersistentVolume>,
  delayBinding: boolean,
): PersistentVolume | null {
  const groups = new Map<string, PersistentVolume[]>();
  const modesOf = new Map<string, readonly AccessMode[]>();
  for (const pv of volumes) {
    const key = accessModesKey(pv.spec.accessModes);
    let g = groups.get(key);
    if (g === undefined) {
      g = [];
      groups.set(key, g);
      modesOf.set(
        key,
        ACCESS_MODES.filter((m) => pv.spec.accessModes.includes(m)),
      );
    }
    g.push(pv);
  }
  const keys = [...groups.keys()]
    .filter((k) => accessModesContainedInAll(modesOf.get(k) ?? [], pvc.spec.accessModes))
    .sort((a, b) => (modesOf.get(a)?.length ?? 0) - (modesOf.get(b)?.length ?? 0) || modeOrder(a, b));
  for (const key of keys) {
    const list = (groups.get(key) ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const pv = findMatchingVolume(pvc, list, null, new Set(), delayBinding);
    if (pv !== null) return pv;
  }
  return null;
}

function modeOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * IsDelayBindingMode: the claim's class exists and binds WaitForFirstConsumer. A claim without a class,
 * or whose class does not exist, binds Immediate.
 */
export function isDelayBindingMode(
  pvc: Pick<PersistentVolumeClaim, 'annotations' | 'spec'>,
  classOf: (name: string) => StorageClass | undefined,
): boolean {
  const name = claimClass(pvc);
  if (name === '') return false;
  return classOf(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}

/** isPVCFullyBound (volumebinding binder.go): a volume name and the bind-completed annotation. */
export function isClaimFullyBound(pvc: Pick<PersistentVolumeClaim, 'spec' | 'annotations'>): boolean {
  return pvc.spec.volumeName !== '' && pvc.annotations['pv.kubernetes.io/bind-completed'] !== undefined;
}
