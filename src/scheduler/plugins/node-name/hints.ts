// NodeName's EnqueueExtensions (nodename/node_name.go EventsToRegister): Node/Add without a hint (always
// Queue); without queueing hints UpdateNodeTaint and UpdateNodeLabel too (#109437).

import { ActionType, type ClusterEventWithHint, nodeEventWithHint } from '../../cluster-events.js';

export function nodeNameEventsToRegister(queueingHints: boolean): ClusterEventWithHint[] {
  const action = queueingHints
    ? ActionType.Add
    : ActionType.Add | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel;
  return [nodeEventWithHint(action)];
}
