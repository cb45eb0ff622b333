// Per-node sums the scheduler reads on every cycle (framework.NodeInfo: Requested, NonZeroRequested,
// pod count), kept incrementally so no filter or score ever re-adds a node's pods.

import type { Node, Pod, Resources } from './types.js';

export function addPodToNode(node: Node, pod: Pod): void {
  if (node.pods.has(pod)) return;
  node.pods.add(pod);
  addInto(node.requested, pod.requests, 1);
  node.nonZeroRequested.milliCPU += pod.nonZeroRequests.milliCPU;
  node.nonZeroRequested.memory += pod.nonZeroRequests.memory;
}

export function removePodFromNode(node: Node, pod: Pod): void {
  if (!node.pods.delete(pod)) return;
  addInto(node.requested, pod.requests, -1);
  node.nonZeroRequested.milliCPU -= pod.nonZeroRequests.milliCPU;
  node.nonZeroRequested.memory -= pod.nonZeroRequests.memory;
}

function addInto(into: Resources, r: Resources, sign: 1 | -1): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  for (const name in r.scalar) {
    into.scalar[name] = (into.scalar[name] ?? 0) + sign * (r.scalar[name] as number);
  }
}
