// A StatefulSet pod's identity and storage (stateful_set_utils.go newStatefulSetPod,
// updateIdentity, updateStorage, getPersistentVolumeClaims, updateClaimOwnerRefs): its name
// <set>-<ordinal>, hostname and subdomain (serviceName), the labels statefulset.kubernetes.io/pod-name
// and apps.kubernetes.io/pod-index (PodIndexLabel, beta from 1.28) and controller-revision-hash, and
// one volume per volumeClaimTemplate naming the claim <template>-<set>-<ordinal>. The retention
// policy decides the claims' ownerReferences: whenDeleted Delete makes the set the owner, whenScaled
// Delete makes a condemned pod (ordinal out of range) the owner instead, so the garbage collector
// removes the claims with their owner.

import type { PodSpecManifest, PodTemplateManifest } from '../../model/k8s-schema.js';
import type { OwnerReference, Pod } from '../../model/types.js';
import type { PersistentVolumeClaim } from '../../model/volumes.js';
import { ownerRefTo, type StatefulSet } from '../../workloads/objects.js';
import { RevisionLabel } from './plan.js';

export const PodNameLabel = 'statefulset.kubernetes.io/pod-name';
export const PodIndexLabel = 'apps.kubernetes.io/pod-index';

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.name}-${ordinal}`;
}

export function claimName(templateName: string, set: StatefulSet, ordinal: number): string {
  return `${templateName}-${set.name}-${ordinal}`;
}

export function podLabels(
  set: StatefulSet,
  ordinal: number,
  revision: string,
  podIndexLabel: boolean,
): Record<string, string> {
  return {
    [PodNameLabel]: podName(set, ordinal),
    ...(podIndexLabel ? { [PodIndexLabel]: String(ordinal) } : {}),
    [RevisionLabel]: revision,
  };
}

/** The template's spec with the identity and one claim volume per volumeClaimTemplate. */
export function podSpec(set: StatefulSet, template: PodTemplateManifest, ordinal: number): PodSpecManifest {
  const spec = template.spec;
  const claims = set.volumeClaimTemplates.map((t) => ({
    name: t.metadata.name,
    persistentVolumeClaim: { claimName: claimName(t.metadata.name, set, ordinal) },
  }));
  const names = new Set(claims.map((c) => c.name));
  const volumes = [...(spec.volumes ?? []).filter((v) => !names.has(v.name)), ...claims];
  return {
    ...spec,
    hostname: podName(set, ordinal),
    ...(set.serviceName !== '' ? { subdomain: set.serviceName } : {}),
    ...(volumes.length > 0 ? { volumes } : {}),
  };
}

/**
 * How the release sets claim owners. StatefulSetAutoDeletePVC (pkg/features/kube_features.go) is beta
 * and on from 1.27 (the oldest release modelled) and GA in 1.32, so the retention policy always
 * applies. Until 1.30 the references the controller adds are plain ownerReferences
 * (stateful_set_utils.go setOwnerRef); from 1.31 controller references (addControllerRef, #122499
 * "StatefulSet autodelete will respect controlling owners on PVC claims").
 */
export interface ClaimOwnership {
  readonly controllerRefs: boolean;
}

export function claimOwnershipFor(minor: number): ClaimOwnership {
  return { controllerRefs: minor >= 31 };
}

const CURRENT: ClaimOwnership = { controllerRefs: true };

/**
 * The ownerReferences a claim of `ordinal` should carry under the retention policy
 * (stateful_set_utils.go updateClaimOwnerRefForSetAndPod): whenDeleted Delete makes the set an owner
 * while the ordinal is in range; whenScaled Delete makes a condemned pod (ordinal out of range) the
 * owner instead.
 */
export function claimOwners(
  set: StatefulSet,
  ordinal: number,
  pod: Pod | null,
  own: ClaimOwnership = CURRENT,
): OwnerReference[] {
  const controller = own.controllerRefs;
  const condemned = ordinal < set.ordinalsStart || ordinal >= set.ordinalsStart + set.replicas;
  if (set.retention.whenScaled === 'Delete' && condemned)
    return pod === null ? [] : [{ kind: 'Pod', name: pod.name, uid: pod.uid, controller }];
  if (set.retention.whenDeleted === 'Delete') return [{ ...ownerRefTo(set), controller }];
  return [];
}

export function sameOwners(a: readonly OwnerReference[], b: readonly OwnerReference[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((o, i) => o.uid === b[i]?.uid);
}

/** Labels of a new claim: the template's, then the set's selector matchLabels. */
export function claimLabels(
  set: StatefulSet,
  templateLabels: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return { ...(templateLabels ?? {}), ...(set.selector.matchLabels ?? {}) };
}

export type ClaimOf = (key: string) => PersistentVolumeClaim | undefined;
