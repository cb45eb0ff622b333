// NodeAffinity's EnqueueExtensions (nodeaffinity/node_affinity.go EventsToRegister,
// isSchedulableAfterNodeChange): a node added that matches the pod's required affinity (and the
// scheduler-enforced addedAffinity), or an update that turns a non-matching node into a matching one.
// Without queueing hints UpdateNodeTaint is registered too (#109437).

import type { Pod } from '../../../model/types.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type NodeObject,
  nodeEventWithHint,
  QueueingHint,
  type QueueingHintValue,
} from '../../cluster-events.js';
import {
  matchesRequired,
  type RequiredNodeAffinity,
  requiredNodeAffinity,
} from '../../helpers/node-affinity.js';

const { Queue, QueueSkip } = QueueingHint;

export function nodeAffinityHint(
  addedRequired: RequiredNodeAffinity | null,
): (pod: Pod, oldNode: NodeObject | null, newNode: NodeObject | null) => QueueingHintValue {
  return (pod, oldNode, newNode) => {
    if (newNode === null) return QueueSkip;
    if (addedRequired !== null && !matchesRequired(addedRequired, newNode)) return QueueSkip;
    const req = requiredNodeAffinity(pod);
    if (!matchesRequired(req, newNode)) return QueueSkip;
    if (oldNode === null) return Queue;
    return matchesRequired(req, oldNode) ? QueueSkip : Queue;
  };
}

export function nodeAffinityEventsToRegister(
  queueingHints: boolean,
  addedRequired: RequiredNodeAffinity | null,
): ClusterEventWithHint[] {
  const action = queueingHints
    ? ActionType.Add | ActionType.UpdateNodeLabel
    : ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint;
  return [nodeEventWithHint(action, nodeAffinityHint(addedRequired))];
}
