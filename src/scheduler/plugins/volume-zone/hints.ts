// VolumeZone's EnqueueExtensions (volumezone/volume_zone.go EventsToRegister and its hints): a
// StorageClass added with volumeBindingMode WaitForFirstConsumer (the mode is immutable, so updates are
// not registered); a node added or relabelled (no hint; without queueing hints UpdateNodeTaint too,
// #109437); a PVC of the pod added or updated; a PV added, or updated in its zone/region labels. The
// topology reader comes from the plugin (index.ts) to keep imports one-way.

import type { Pod } from '../../../model/types.js';
import type { PersistentVolume, StorageClass } from '../../../model/volumes.js';
import {
  ActionType,
  type ClusterEventWithHint,
  nodeEventWithHint,
  QueueingHint,
  type QueueingHintValue,
  storageEventWithHint,
} from '../../cluster-events.js';
import { isSchedulableAfterClaimOfPod, volumeNodeActions } from '../volume-claims.js';

/** getPVTopologies as a comparable string: the PV's topology label keys with their zone sets. */
export type PvTopologyKey = (pv: PersistentVolume) => string;

export function isSchedulableAfterStorageClassAdded(
  _pod: Pod,
  _old: StorageClass | null,
  sc: StorageClass | null,
): QueueingHintValue {
  return sc !== null && sc.volumeBindingMode === 'WaitForFirstConsumer'
    ? QueueingHint.Queue
    : QueueingHint.QueueSkip;
}

export function isSchedulableAfterPersistentVolumeChange(
  topologyKey: PvTopologyKey,
): (pod: Pod, oldPv: PersistentVolume | null, newPv: PersistentVolume | null) => QueueingHintValue {
  return (_pod, oldPv, newPv) => {
    if (oldPv === null || newPv === null) return QueueingHint.Queue;
    return topologyKey(oldPv) === topologyKey(newPv) ? QueueingHint.QueueSkip : QueueingHint.Queue;
  };
}

export function volumeZoneEventsToRegister(
  queueingHints: boolean,
  topologyKey: PvTopologyKey,
): ClusterEventWithHint[] {
  const addOrUpdate = ActionType.Add | ActionType.Update;
  return [
    storageEventWithHint('StorageClass', ActionType.Add, isSchedulableAfterStorageClassAdded),
    nodeEventWithHint(volumeNodeActions(queueingHints, true)),
    storageEventWithHint('PersistentVolumeClaim', addOrUpdate, isSchedulableAfterClaimOfPod),
    storageEventWithHint(
      'PersistentVolume',
      addOrUpdate,
      isSchedulableAfterPersistentVolumeChange(topologyKey),
    ),
  ];
}
