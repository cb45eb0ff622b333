// NodeUnschedulable's EnqueueExtensions (nodeunschedulable/node_unschedulable.go EventsToRegister,
// isSchedulableAfterNodeChange, isSchedulableAfterPodTolerationChange): only a schedulable node added,
// or a node going from unschedulable to schedulable (an uncordon), may help; cordoning never does (and
// is no event at all, framework/events.go extractNodeSpecUnschedulableChange). Without queueing hints
// UpdateNodeLabel is registered too (#109437).

import { type Pod, TaintNodeUnschedulable } from '../../../model/types.js';
import {
  type ClusterEventWithHint,
  type NodeObject,
  nodeTaintEventsToRegister,
  type PodObject,
  QueueingHint,
  type QueueingHintValue,
} from '../../cluster-events.js';
import { toleratedByAny } from '../../helpers/taints.js';

const { Queue, QueueSkip } = QueueingHint;
const TAINT = { key: TaintNodeUnschedulable, effect: 'NoSchedule' } as const;

export function isSchedulableAfterNodeChange(
  _pod: Pod,
  oldNode: NodeObject | null,
  newNode: NodeObject | null,
): QueueingHintValue {
  if (newNode === null || newNode.unschedulable) return QueueSkip;
  return oldNode === null || oldNode.unschedulable ? Queue : QueueSkip;
}

/** The pending pod itself got a toleration of node.kubernetes.io/unschedulable:NoSchedule. */
export function isSchedulableAfterPodTolerationChange(
  pod: Pod,
  _oldPod: PodObject | null,
  newPod: PodObject | null,
): QueueingHintValue {
  if (newPod === null || newPod.pod.uid !== pod.uid) return QueueSkip;
  return toleratedByAny(newPod.pod.spec.tolerations, TAINT) ? Queue : QueueSkip;
}

export function unschedulableEventsToRegister(queueingHints: boolean): ClusterEventWithHint[] {
  return nodeTaintEventsToRegister(
    queueingHints,
    isSchedulableAfterNodeChange,
    isSchedulableAfterPodTolerationChange,
  );
}
