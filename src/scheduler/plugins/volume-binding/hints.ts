// VolumeBinding's EnqueueExtensions (volumebinding/volume_binding.go EventsToRegister and its
// isSchedulableAfter* hints): a StorageClass added, or updated in allowedTopologies; a PVC of the pod
// added or updated; any PV added or updated (no hint); a node added or relabelled (no hint; without
// queueing hints UpdateNodeTaint too, #109437); a CSINode added (an update only when its
// migrated-plugins annotation changes, which the simulation never writes). CSIDriver and
// CSIStorageCapacity events are not modelled (no such objects).

import type { Pod } from '../../../model/types.js';
import type { CSINode, StorageClass } from '../../../model/volumes.js';
import {
  ActionType,
  type ClusterEventWithHint,
  nodeEventWithHint,
  QueueingHint,
  type QueueingHintValue,
  storageEventWithHint,
} from '../../cluster-events.js';
import { isSchedulableAfterClaimOfPod, volumeNodeActions } from '../volume-claims.js';

const ADD_OR_UPDATE = ActionType.Add | ActionType.Update;

export function isSchedulableAfterStorageClassChange(
  _pod: Pod,
  oldSc: StorageClass | null,
  newSc: StorageClass | null,
): QueueingHintValue {
  if (oldSc === null || newSc === null) return QueueingHint.Queue;
  return JSON.stringify(oldSc.allowedTopologies) === JSON.stringify(newSc.allowedTopologies)
    ? QueueingHint.QueueSkip
    : QueueingHint.Queue;
}

/** A new CSINode queues; an update only for a changed migrated-plugins annotation (not modelled). */
export function isSchedulableAfterCSINodeChange(
  _pod: Pod,
  oldCsi: CSINode | null,
  _newCsi: CSINode | null,
): QueueingHintValue {
  return oldCsi === null ? QueueingHint.Queue : QueueingHint.QueueSkip;
}

export function volumeBindingEventsToRegister(queueingHints: boolean): ClusterEventWithHint[] {
  return [
    storageEventWithHint('StorageClass', ADD_OR_UPDATE, isSchedulableAfterStorageClassChange),
    storageEventWithHint('PersistentVolumeClaim', ADD_OR_UPDATE, isSchedulableAfterClaimOfPod),
    storageEventWithHint('PersistentVolume', ADD_OR_UPDATE),
    nodeEventWithHint(volumeNodeActions(queueingHints, true)),
    storageEventWithHint('CSINode', ADD_OR_UPDATE, isSchedulableAfterCSINodeChange),
  ];
}
