// What the four volume plugins share: the claims a pod references, looked up the way each plugin's
// PreFilter does (a missing claim is UnschedulableAndUnresolvable with the lister's NotFound text,
// volume_binding.go / volume_zone.go / volume_restrictions.go getErrorAsStatus).

import type { Pod } from '../../model/types.js';
import type { VolumeStore } from '../../model/volume-store.js';
import type { PersistentVolumeClaim } from '../../model/volumes.js';

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

/** EventsToRegister of the volume plugins: storage objects change, nodes come. */
export const VOLUME_EVENTS = [
  'NodeAdd',
  'PvcAddOrUpdate',
  'PvAddOrUpdate',
  'StorageClassAdd',
  'CSINodeChange',
] as const;
