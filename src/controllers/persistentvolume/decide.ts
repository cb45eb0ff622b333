// The PV controller's decisions as pure functions (pkg/controller/volume/persistentvolume
// pv_controller.go syncUnboundClaim, syncBoundClaim, syncVolume): what a sync of one claim or one
// volume does, given the objects it reads. The controller (controller.ts) applies the result.

import {
  findBestMatchForClaim,
  isDelayBindingMode,
  isVolumeBoundToClaim,
} from '../../model/volume-helpers.js';
import {
  AnnBindCompleted,
  AnnBoundByController,
  AnnDynamicallyProvisioned,
  AnnSelectedNode,
  NotSupportedProvisioner,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from '../../model/volumes.js';

export type ClaimAction =
  | { readonly op: 'none' }
  /** updateClaimStatus(claim, Pending): a pre-bound claim whose volume is missing or someone else's. */
  | { readonly op: 'pending' }
  /** Normal WaitForFirstConsumer: the claim waits for a pod to be scheduled. */
  | { readonly op: 'waitForFirstConsumer' }
  | { readonly op: 'bind'; readonly volume: PersistentVolume }
  /** Hand the claim to the class's external provisioner (the storage-provisioner annotation). */
  | { readonly op: 'provision'; readonly provisioner: string }
  | { readonly op: 'failedBinding'; readonly message: string }
  | { readonly op: 'lost' };

export interface ClaimView {
  readonly volume: (name: string) => PersistentVolume | undefined;
  readonly volumes: () => Iterable<PersistentVolume>;
  readonly storageClass: (name: string) => StorageClass | undefined;
}

/** Messages of pv_controller.go, word for word. */
export const Msg = {
  waitForFirstConsumer: 'waiting for first consumer to be created before binding',
  noClass: 'no persistent volumes available for this claim and no storage class is set',
  classNotFound: (name: string) => `storageclass.storage.k8s.io "${name}" not found`,
  externalProvisioning: (provisioner: string) =>
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
  claimLost: 'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
} as const;

/**
 * syncClaim: a claim with pv.kubernetes.io/bind-completed is synced as bound (syncBoundClaim), any
 * other as unbound (syncUnboundClaim), whatever its phase says.
 */
export function decideClaim(pvc: PersistentVolumeClaim, v: ClaimView): ClaimAction {
  if (pvc.deletionUs !== null) return { op: 'none' };
  if (pvc.annotations[AnnBindCompleted] !== undefined) return decideBoundClaim(pvc, v);
  if (pvc.spec.volumeName !== '') {
    // Pre-bound by the user: bind once the volume exists and is free or already points to the claim.
    const pv = v.volume(pvc.spec.volumeName);
    const taken = pv !== undefined && pv.spec.claimRef !== null && !isVolumeBoundToClaim(pv, pvc);
    // A claim the controller itself bound to a volume now someone else's is an error, left as it is.
    if (taken && pvc.annotations[AnnBoundByController] !== undefined) return { op: 'none' };
    if (pv === undefined || taken) return pvc.status.phase === 'Pending' ? { op: 'none' } : { op: 'pending' };
    return { op: 'bind', volume: pv };
  }
  const delay = isDelayBindingMode(pvc, v.storageClass) && pvc.annotations[AnnSelectedNode] === undefined;
  const pv = findBestMatchForClaim(pvc, v.volumes(), delay);
  if (pv !== null) return { op: 'bind', volume: pv };
  if (delay) return { op: 'waitForFirstConsumer' };
  const className = pvc.spec.storageClassName ?? '';
  if (className === '') return { op: 'failedBinding', message: Msg.noClass };
  const sc = v.storageClass(className);
  if (sc === undefined) return { op: 'failedBinding', message: Msg.classNotFound(className) };
  // kubernetes.io/no-provisioner gets the same annotation and event; nobody ever acts on it.
  return { op: 'provision', provisioner: sc.provisioner };
}

/** syncBoundClaim: Lost without its volume (or with one bound elsewhere); a free volume is (re)bound. */
function decideBoundClaim(pvc: PersistentVolumeClaim, v: ClaimView): ClaimAction {
  const pv = pvc.spec.volumeName === '' ? undefined : v.volume(pvc.spec.volumeName);
  if (pv === undefined) return pvc.status.phase === 'Lost' ? { op: 'none' } : { op: 'lost' };
  if (pv.spec.claimRef === null) return { op: 'bind', volume: pv };
  if (isVolumeBoundToClaim(pv, pvc))
    return pvc.status.phase === 'Bound' && pv.status.phase === 'Bound'
      ? { op: 'none' }
      : { op: 'bind', volume: pv };
  return pvc.status.phase === 'Lost' ? { op: 'none' } : { op: 'lost' };
}

export type VolumeAction =
  | { readonly op: 'none' }
  | { readonly op: 'available' }
  | { readonly op: 'bound' }
  /** The volume names a claim that does not name it yet: the claim's sync completes the binding. */
  | { readonly op: 'syncClaim'; readonly claim: string }
  /** The claim is gone: Released, then the reclaim policy (Delete removes the volume). */
  | { readonly op: 'released'; readonly remove: boolean }
  /**
   * unbindVolume: the claim is bound to another volume. A volume the controller bound loses its
   * claimRef (and pv.kubernetes.io/bound-by-controller); a user's keeps it without the uid (still
   * pre-bound to that claim). Both become Available.
   */
  | { readonly op: 'unbind'; readonly byController: boolean };

/** syncVolume: a volume's phase from its claimRef and the claim it names. */
export function decideVolume(
  pv: PersistentVolume,
  claimOf: (key: string) => PersistentVolumeClaim | undefined,
): VolumeAction {
  const ref = pv.spec.claimRef;
  const available: VolumeAction = pv.status.phase === 'Available' ? { op: 'none' } : { op: 'available' };
  if (ref === null) return available;
  // Pre-bound (no uid): reserved for the claim, whose own sync binds it; Available until then.
  if (ref.uid === '') return available;
  const pvc = claimOf(`${ref.namespace}/${ref.name}`);
  if (pvc === undefined || pvc.uid !== ref.uid) {
    if (pv.status.phase === 'Released' || pv.status.phase === 'Failed') return { op: 'none' };
    return { op: 'released', remove: pv.spec.reclaimPolicy === 'Delete' };
  }
  if (pvc.spec.volumeName === pv.name) return pv.status.phase === 'Bound' ? { op: 'none' } : { op: 'bound' };
  // syncVolume enqueues the claim so that a provisioned volume binds at once (not at the next resync).
  if (pvc.spec.volumeName === '') return { op: 'syncClaim', claim: pvc.key };
  // The claim is bound elsewhere. A volume provisioned for it with reclaimPolicy Delete is not needed:
  // Released (Failed kept), then deleted; any other is unbound.
  if (pv.annotations[AnnDynamicallyProvisioned] !== undefined && pv.spec.reclaimPolicy === 'Delete')
    return pv.status.phase === 'Released' || pv.status.phase === 'Failed'
      ? { op: 'none' }
      : { op: 'released', remove: true };
  return { op: 'unbind', byController: pv.annotations[AnnBoundByController] !== undefined };
}

export { NotSupportedProvisioner };
