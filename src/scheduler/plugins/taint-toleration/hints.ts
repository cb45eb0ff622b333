// TaintToleration's EnqueueExtensions (tainttoleration/taint_toleration.go EventsToRegister,
// isSchedulableAfterNodeChange, isSchedulableAfterPodTolerationChange): a node added or updated helps
// only when the pod did not tolerate its NoSchedule/NoExecute taints before (or it is new) and does now.
// Without queueing hints UpdateNodeLabel is registered too (#109437).

import type { Pod } from '../../../model/types.js';
import {
  type ClusterEventWithHint,
  type NodeObject,
  nodeTaintEventsToRegister,
  type PodObject,
  QueueingHint,
  type QueueingHintValue,
} from '../../cluster-events.js';
import { untoleratedScheduleTaint } from '../../helpers/taints.js';

const { Queue, QueueSkip } = QueueingHint;

export function isSchedulableAfterNodeChange(
  pod: Pod,
  oldNode: NodeObject | null,
  newNode: NodeObject | null,
): QueueingHintValue {
  if (newNode === null) return QueueSkip;
  const tolerations = pod.spec.tolerations;
  const wasUntolerated = oldNode === null || untoleratedScheduleTaint(oldNode.taints, tolerations) !== null;
  const isUntolerated = untoleratedScheduleTaint(newNode.taints, tolerations) !== null;
  return wasUntolerated && !isUntolerated ? Queue : QueueSkip;
}

export function isSchedulableAfterPodTolerationChange(
  pod: Pod,
  _oldPod: PodObject | null,
  newPod: PodObject | null,
): QueueingHintValue {
  return newPod !== null && newPod.pod.uid === pod.uid ? Queue : QueueSkip;
}

export function taintEventsToRegister(queueingHints: boolean): ClusterEventWithHint[] {
  return nodeTaintEventsToRegister(
    queueingHints,
    isSchedulableAfterNodeChange,
    isSchedulableAfterPodTolerationChange,
  );
}
