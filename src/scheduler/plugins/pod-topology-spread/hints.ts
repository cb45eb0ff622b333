// PodTopologySpread's EnqueueExtensions (podtopologyspread/plugin.go EventsToRegister,
// isSchedulableAfterPodChange, isSchedulableAfterNodeChange), over the pod's DoNotSchedule constraints
// (its own, or the DoNotSchedule defaults): an assigned pod of the same namespace added or deleted that
// the constraints select, or a label update changing that; a node added or deleted that has every
// topology key, or updated so that it gains or loses one, changes a key's value, or (with every key)
// changes its taints. UpdatePodToleration (the pod itself, with a NodeTaintsPolicy: Honor constraint)
// only with queueing hints. The constraints come from the plugin (index.ts), imports stay one-way.

import type { Pod } from '../../../model/types.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type NodeObject,
  nodeEventWithHint,
  type PodObject,
  podEventWithHint,
  QueueingHint,
  type QueueingHintValue,
  sameTaints,
} from '../../cluster-events.js';
import { type Constraint, hasAllKeys, selectorMatches } from './constraints.js';

const { Queue, QueueSkip } = QueueingHint;

export type HardConstraints = (pod: Pod) => readonly Constraint[];

/** involvedInTopologySpreading: the pod itself, or an assigned pod of its namespace. */
function involved(incoming: PodObject, pod: Pod): boolean {
  return (
    incoming.pod.uid === pod.uid || (incoming.nodeName !== null && incoming.pod.namespace === pod.namespace)
  );
}

/** equality.Semantic.DeepEqual for the plain data compared here (labels, tolerations). */
const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

const anySelects = (cs: readonly Constraint[], p: Pod) => cs.some((c) => selectorMatches(c.sel, p));

export function podChangeHint(
  constraintsOf: HardConstraints,
): (pod: Pod, oldPod: PodObject | null, newPod: PodObject | null) => QueueingHintValue {
  return (pod, oldPod, newPod) => {
    if ((newPod !== null && !involved(newPod, pod)) || (oldPod !== null && !involved(oldPod, pod)))
      return QueueSkip;
    const cs = constraintsOf(pod);
    if (oldPod !== null && newPod !== null) {
      const honorTaints = cs.some((c) => c.honorTaints);
      const tolerationsChanged = !sameJson(oldPod.pod.spec.tolerations, newPod.pod.spec.tolerations);
      if (pod.uid === newPod.pod.uid && tolerationsChanged && honorTaints) return Queue;
      if (sameJson(oldPod.pod.labels, newPod.pod.labels)) return QueueSkip;
      for (const c of cs)
        if (selectorMatches(c.sel, oldPod.pod) !== selectorMatches(c.sel, newPod.pod)) return Queue;
      return QueueSkip;
    }
    if (newPod !== null) return anySelects(cs, newPod.pod) ? Queue : QueueSkip;
    if (oldPod === null) return QueueSkip;
    return anySelects(cs, oldPod.pod) ? Queue : QueueSkip;
  };
}

export function nodeChangeHint(
  constraintsOf: HardConstraints,
): (pod: Pod, oldNode: NodeObject | null, newNode: NodeObject | null) => QueueingHintValue {
  return (pod, oldNode, newNode) => {
    const cs = constraintsOf(pod);
    const oldMatching = oldNode !== null && hasAllKeys(oldNode.labels, cs);
    const newMatching = newNode !== null && hasAllKeys(newNode.labels, cs);
    if (oldNode !== null && newNode !== null) {
      if (oldMatching !== newMatching) return Queue;
      if (!newMatching) return QueueSkip;
      const keyChanged = cs.some((c) => oldNode.labels[c.topologyKey] !== newNode.labels[c.topologyKey]);
      return keyChanged || !sameTaints(oldNode.taints, newNode.taints) ? Queue : QueueSkip;
    }
    if (newNode !== null) return newMatching ? Queue : QueueSkip;
    return oldMatching ? Queue : QueueSkip;
  };
}

export function spreadEventsToRegister(
  queueingHints: boolean,
  constraintsOf: HardConstraints,
): ClusterEventWithHint[] {
  const podAction = queueingHints
    ? ActionType.Add | ActionType.UpdatePodLabel | ActionType.UpdatePodToleration | ActionType.Delete
    : ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete;
  return [
    podEventWithHint(podAction, podChangeHint(constraintsOf)),
    nodeEventWithHint(
      ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
      nodeChangeHint(constraintsOf),
    ),
  ];
}
