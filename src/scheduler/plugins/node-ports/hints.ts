// NodePorts' EnqueueExtensions (nodeports/node_ports.go EventsToRegister, isSchedulableAfterPodDeleted):
// a deleted assigned or nominated pod helps only if it held a host port the pending pod wants; Node/Add
// has no hint (always Queue), and without queueing hints UpdateNodeTaint and UpdateNodeLabel are
// registered too (#109437). The port helpers come from the plugin (index.ts) to keep imports one-way.

import type { Pod } from '../../../model/types.js';
import {
  ActionType,
  type ClusterEventWithHint,
  nodeEventWithHint,
  type PodObject,
  podEventWithHint,
  QueueingHint,
  type QueueingHintValue,
} from '../../cluster-events.js';

export interface PortHelpers<P> {
  hostPorts(pod: Pod): readonly P[];
  conflicts(want: readonly P[], used: readonly P[]): boolean;
}

export function isSchedulableAfterPodDeleted<P>(
  ports: PortHelpers<P>,
): (pod: Pod, oldPod: PodObject | null, newPod: PodObject | null) => QueueingHintValue {
  return (pod, oldPod) => {
    if (oldPod === null || (oldPod.nodeName === null && oldPod.nominatedNodeName === null))
      return QueueingHint.QueueSkip;
    const freed = ports.hostPorts(oldPod.pod);
    if (freed.length === 0) return QueueingHint.QueueSkip;
    return ports.conflicts(ports.hostPorts(pod), freed) ? QueueingHint.Queue : QueueingHint.QueueSkip;
  };
}

export function nodePortsEventsToRegister<P>(
  queueingHints: boolean,
  ports: PortHelpers<P>,
): ClusterEventWithHint[] {
  const nodeAction = queueingHints
    ? ActionType.Add
    : ActionType.Add | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel;
  return [
    podEventWithHint(ActionType.Delete, isSchedulableAfterPodDeleted(ports)),
    nodeEventWithHint(nodeAction),
  ];
}
