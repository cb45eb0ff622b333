// VolumeRestrictions' EnqueueExtensions (volumerestrictions/volume_restrictions.go EventsToRegister and
// its hints): a pod deleted in the pod's namespace that shared a claim with it (the ReadWriteOncePod
// conflict; the inline-disk conflicts of GCE PD, EBS, RBD and iSCSI volumes are not modelled); a node
// added (no hint; without queueing hints UpdateNodeTaint and UpdateNodeLabel too, #109437); a PVC of the
// pod added.

import type { Pod } from '../../../model/types.js';
import {
  ActionType,
  type ClusterEventWithHint,
  nodeEventWithHint,
  type PodObject,
  podEventWithHint,
  QueueingHint,
  type QueueingHintValue,
  storageEventWithHint,
} from '../../cluster-events.js';
import { isSchedulableAfterClaimOfPod, volumeNodeActions } from '../volume-claims.js';

export function isSchedulableAfterPodDeleted(
  pod: Pod,
  deleted: PodObject | null,
  _new: PodObject | null,
): QueueingHintValue {
  if (deleted === null || deleted.pod.namespace !== pod.namespace) return QueueingHint.QueueSkip;
  const claims = new Set<string>();
  for (const v of pod.spec.volumes) if (v.claimName !== undefined) claims.add(v.claimName);
  for (const v of deleted.pod.spec.volumes)
    if (v.claimName !== undefined && claims.has(v.claimName)) return QueueingHint.Queue;
  return QueueingHint.QueueSkip;
}

export function volumeRestrictionsEventsToRegister(queueingHints: boolean): ClusterEventWithHint[] {
  return [
    podEventWithHint(ActionType.Delete, isSchedulableAfterPodDeleted),
    nodeEventWithHint(volumeNodeActions(queueingHints, false)),
    storageEventWithHint('PersistentVolumeClaim', ActionType.Add, isSchedulableAfterClaimOfPod),
  ];
}
