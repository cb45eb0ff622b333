// NodeVolumeLimits' EnqueueExtensions (nodevolumelimits/csi.go EventsToRegister and its hints): a
// CSINode added (no hint: any new CSINode may help); an assigned pod deleted that used a claim; a PVC of
// the pod added. It registers no Node event. VolumeAttachment deletions (later releases) are not
// modelled: attachments are counted from the pods on the node.

import type { Pod } from '../../../model/types.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type PodObject,
  podEventWithHint,
  QueueingHint,
  type QueueingHintValue,
  storageEventWithHint,
} from '../../cluster-events.js';
import { isSchedulableAfterClaimOfPod } from '../volume-claims.js';

export function isSchedulableAfterPodDeleted(
  _pod: Pod,
  deleted: PodObject | null,
  _new: PodObject | null,
): QueueingHintValue {
  if (deleted === null || deleted.pod.spec.volumes.length === 0) return QueueingHint.QueueSkip;
  if (deleted.nodeName === null) return QueueingHint.QueueSkip;
  for (const v of deleted.pod.spec.volumes) if (v.claimName !== undefined) return QueueingHint.Queue;
  return QueueingHint.QueueSkip;
}

export function nodeVolumeLimitsEventsToRegister(): ClusterEventWithHint[] {
  return [
    storageEventWithHint('CSINode', ActionType.Add),
    podEventWithHint(ActionType.Delete, isSchedulableAfterPodDeleted),
    storageEventWithHint('PersistentVolumeClaim', ActionType.Add, isSchedulableAfterClaimOfPod),
  ];
}
