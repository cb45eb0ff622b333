// preCheckForNode (pkg/scheduler/eventhandlers.go), used only without SchedulerQueueingHints: a node
// event may move a pod only if the pod passes AdmissionCheck on that node (resources with the pods
// already there, required node affinity, spec.nodeName, host ports) and tolerates its NoSchedule
// taints (the 1.28-1.34 check looks at NoSchedule only). So adding a node too small for a pending pod,
// or tainting one, moves nothing.

import type { Node, Pod } from '../model/types.js';
import { matchesRequired, requiredNodeAffinity } from './helpers/node-affinity.js';
import { toleratedByAny } from './helpers/taints.js';
import { conflicts, hostPorts } from './plugins/node-ports/index.js';
import { fitsResources } from './plugins/node-resources-fit/hints.js';
import type { PreEnqueueCheck } from './queue/scheduling-queue.js';

export function preCheckForNode(node: Node): PreEnqueueCheck {
  return (pod: Pod) => admissionCheck(pod, node) && toleratesNoSchedule(pod, node);
}

/** AdmissionCheck(pod, nodeInfo, false) passes. */
export function admissionCheck(pod: Pod, node: Node): boolean {
  if (!fitsResources(pod, node.allocatable, node.requested, node.pods.size)) return false;
  if (!matchesRequired(requiredNodeAffinity(pod), node)) return false;
  if (pod.spec.nodeName !== undefined && pod.spec.nodeName !== node.name) return false;
  const want = hostPorts(pod);
  if (want.length > 0) {
    for (const other of node.pods) if (conflicts(want, hostPorts(other))) return false;
  }
  return true;
}

function toleratesNoSchedule(pod: Pod, node: Node): boolean {
  for (const t of node.taints) {
    if (t.effect === 'NoSchedule' && !toleratedByAny(pod.spec.tolerations, t)) return false;
  }
  return true;
}
