// InterPodAffinity's EnqueueExtensions (interpodaffinity/plugin.go EventsToRegister,
// isSchedulableAfterPodChange, isSchedulableAfterNodeChange): an assigned pod added helps only if it
// matches all the pending pod's required affinity terms; one deleted only if it matches all its
// required anti-affinity terms; a label update either way. A node helps as described at
// isSchedulableAfterNodeChange below. Upstream matches here with empty namespace labels (the terms'
// namespaceSelector is not resolved in hints). Before 1.36 a pod rejected only by another pod's
// anti-affinity is not requeued by that pod's deletion (the hint has no case for it) and waits for the
// 5-minute flush; kubernetes#135325 (merged to master in November 2025, after 1.35's code freeze, so
// modelled from 1.36) adds the case: the deleted pod's own required anti-affinity terms all match the
// pending pod.

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
} from '../../cluster-events.js';
import type { NamespaceLabels } from '../../helpers/labels.js';
import { type AffinityTerm, affinityInfo, matchesAllTerms } from './terms.js';

const { Queue, QueueSkip } = QueueingHint;
const NO_NS_LABELS: NamespaceLabels = () => ({});

const all = (terms: readonly AffinityTerm[], p: PodObject) => matchesAllTerms(terms, p.pod, NO_NS_LABELS);

/** The hint; `deletedAntiAffinity` is kubernetes#135325 (from 1.36). */
export function podChangeHint(
  deletedAntiAffinity: boolean,
): (pod: Pod, oldPod: PodObject | null, newPod: PodObject | null) => QueueingHintValue {
  return (pod, oldPod, newPod) => {
    // The pending pod's own label update (an UnschedulablePod event; the simulation never raises one).
    if (newPod !== null && newPod.pod.uid !== '' && newPod.pod.uid === pod.uid) return Queue;
    if ((newPod !== null && newPod.nodeName === null) || (oldPod !== null && oldPod.nodeName === null))
      return QueueSkip;
    const { requiredAffinity: terms, requiredAntiAffinity: antiTerms } = affinityInfo(pod);
    if (oldPod !== null && newPod !== null) {
      if (!all(terms, oldPod) && all(terms, newPod)) return Queue;
      if (all(antiTerms, oldPod) && !all(antiTerms, newPod)) return Queue;
      return QueueSkip;
    }
    if (newPod !== null) return all(terms, newPod) ? Queue : QueueSkip;
    if (oldPod === null) return QueueSkip;
    if (all(antiTerms, oldPod)) return Queue;
    if (!deletedAntiAffinity) return QueueSkip;
    const theirs = affinityInfo(oldPod.pod).requiredAntiAffinity;
    return theirs.length > 0 && matchesAllTerms(theirs, pod, NO_NS_LABELS) ? Queue : QueueSkip;
  };
}

/** The hint as 1.32-1.35 have it. */
export const isSchedulableAfterPodChange = podChangeHint(false);

/**
 * isSchedulableAfterNodeChange (as upstream's Test_isSchedulableAfterNodeChange pins it): for affinity
 * terms, a node added with the topology key, or updated to gain it or change its value; for
 * anti-affinity terms, any node added, or one updated to lose the key or change its value.
 */
export function isSchedulableAfterNodeChange(
  pod: Pod,
  oldNode: NodeObject | null,
  newNode: NodeObject | null,
): QueueingHintValue {
  if (newNode === null) return QueueSkip;
  const info = affinityInfo(pod);
  for (const t of info.requiredAffinity) {
    const after = newNode.labels[t.topologyKey];
    if (oldNode === null) {
      if (after !== undefined) return Queue;
      continue;
    }
    const before = oldNode.labels[t.topologyKey];
    if (after !== undefined && (before === undefined || before !== after)) return Queue;
  }
  for (const t of info.requiredAntiAffinity) {
    if (oldNode === null) return Queue;
    const before = oldNode.labels[t.topologyKey];
    const after = newNode.labels[t.topologyKey];
    if (before !== undefined && (after === undefined || before !== after)) return Queue;
  }
  return QueueSkip;
}

/** The same events in both regimes (UpdateNodeTaint is always there, for #110175). */
export function interPodAffinityEventsToRegister(minorVersion: number): ClusterEventWithHint[] {
  return [
    podEventWithHint(
      ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete,
      podChangeHint(minorVersion >= 36),
    ),
    nodeEventWithHint(
      ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
      isSchedulableAfterNodeChange,
    ),
  ];
}
