// NodeVolumeLimits' EnqueueExtensions (nodevolumelimits/csi.go EventsToRegister and its hints), by
// release as upstream registers them:
// - CSINode Add, no hint (any new CSINode may help), every release;
// - Pod Delete: no hint until 1.30; from 1.31 isSchedulableAfterPodDeleted (#121508): only the
//   deletion of an assigned pod that used a claim;
// - PersistentVolumeClaim Add: registered from 1.30 (#121952, with the filter's PVC-not-found
//   UnschedulableAndUnresolvable), no hint in 1.30 and 1.31; from 1.32 isSchedulableAfterPVCAdded
//   (#124703): a claim of the pod's namespace that the pod names.
// It registers no Node event. VolumeAttachment deletions (registered once the filter counts
// VolumeAttachments, later releases) are not modelled: attachments are counted from the pods on the
// node, as before 1.32.

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

export function nodeVolumeLimitsEventsToRegister(minorVersion: number): ClusterEventWithHint[] {
  const events = [
    storageEventWithHint('CSINode', ActionType.Add),
    minorVersion >= 31
      ? podEventWithHint(ActionType.Delete, isSchedulableAfterPodDeleted)
      : podEventWithHint(ActionType.Delete),
  ];
  if (minorVersion >= 32)
    events.push(storageEventWithHint('PersistentVolumeClaim', ActionType.Add, isSchedulableAfterClaimOfPod));
  else if (minorVersion >= 30) events.push(storageEventWithHint('PersistentVolumeClaim', ActionType.Add));
  return events;
}
