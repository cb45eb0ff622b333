// What the four volume plugins share: the claims a pod references, looked up the way each plugin's
// PreFilter does (a missing claim is UnschedulableAndUnresolvable with the lister's NotFound text,
// volume_binding.go / volume_zone.go / volume_restrictions.go getErrorAsStatus).

import type { Pod } from '../../model/types.js';
import type { VolumeStore } from '../../model/volume-store.js';
import type { PersistentVolumeClaim } from '../../model/volumes.js';
import { ActionType, QueueingHint, type QueueingHintValue } from '../cluster-events.js';

export type ClaimLookup =
  | { readonly claims: readonly PersistentVolumeClaim[] }
  | { readonly error: string; readonly unresolvable: boolean };

/** The pod's claims in volume order, or the first lookup failure. */
export function podClaims(pod: Pod, store: VolumeStore, rejectDeleting: boolean): ClaimLookup {
  const claims: PersistentVolumeClaim[] = [];
  for (const v of pod.spec.volumes) {
    if (v.claimName === undefined) continue;
    const pvc = store.claim(`${pod.namespace}/${v.claimName}`);
    if (pvc === undefined)
      return { error: `persistentvolumeclaim "${v.claimName}" not found`, unresolvable: true };
    if (rejectDeleting && pvc.deletionUs !== null)
      return { error: `persistentvolumeclaim "${v.claimName}" is being deleted`, unresolvable: true };
    claims.push(pvc);
  }
  return { claims };
}

export function hasClaims(pod: Pod): boolean {
  for (const v of pod.spec.volumes) if (v.claimName !== undefined) return true;
  return false;
}

/**
 * Whether `pod` references `pvc` by a persistentVolumeClaim volume in its own namespace: what the volume
 * plugins' PVC queueing hints ask (volume_binding.go isSchedulableAfterPersistentVolumeClaimChange,
 * volume_zone.go isPVCRequestedFromPod, csi.go isSchedulableAfterPVCAdded, volume_restrictions.go
 * isSchedulableAfterPersistentVolumeClaimAdded). Generic ephemeral volumes are not modelled.
 */
export function podReferencesClaim(pod: Pod, pvc: PersistentVolumeClaim): boolean {
  if (pod.namespace !== pvc.namespace) return false;
  for (const v of pod.spec.volumes) if (v.claimName === pvc.name) return true;
  return false;
}

/** The PVC hint all four plugins share: Queue when the claim added or updated is one of the pod's. */
export function isSchedulableAfterClaimOfPod(
  pod: Pod,
  _old: PersistentVolumeClaim | null,
  pvc: PersistentVolumeClaim | null,
): QueueingHintValue {
  return pvc !== null && podReferencesClaim(pod, pvc) ? QueueingHint.Queue : QueueingHint.QueueSkip;
}

/**
 * The Node actions a volume plugin registers beside Node/Add: without queueing hints also
 * UpdateNodeTaint (and `labels` UpdateNodeLabel), since preCheck may have dropped the Node/Add (#109437).
 */
export function volumeNodeActions(queueingHints: boolean, labels: boolean): number {
  const base = labels ? ActionType.Add | ActionType.UpdateNodeLabel : ActionType.Add;
  return queueingHints ? base : base | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel;
}
