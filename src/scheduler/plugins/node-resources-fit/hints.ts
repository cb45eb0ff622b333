// NodeResourcesFit's EnqueueExtensions (noderesources/fit.go EventsToRegister, isSchedulableAfterPodEvent,
// isSchedulableAfterNodeChange, haveAnyRequestedResourcesIncreased): a deleted assigned (or nominated)
// pod may free room; a node added or resized helps only if the pod fits its allocatable at all, and an
// update only if a resource the pod asks for grew. Without queueing hints the node events also include
// UpdateNodeTaint and UpdateNodeLabel (#109437); with InPlacePodVerticalScaling (beta, on, from 1.33) a
// scale-down of a pod's requests counts too.

import type { Pod, Resources } from '../../../model/types.js';
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

const { Queue, QueueSkip } = QueueingHint;

/**
 * Fits (noderesources.Fits) without ignored resources: a pod slot and every requested resource within
 * allocatable minus what `requested` already holds (`pods` pods on the node).
 */
export function fitsResources(
  pod: Pod,
  alloc: Resources,
  requested: Resources | null,
  pods: number,
): boolean {
  if (pods + 1 > alloc.allowedPodNumber) return false;
  const r = pod.requests;
  const used = (v: number | undefined) => v ?? 0;
  if (r.milliCPU > 0 && r.milliCPU > alloc.milliCPU - used(requested?.milliCPU)) return false;
  if (r.memory > 0 && r.memory > alloc.memory - used(requested?.memory)) return false;
  if (
    r.ephemeralStorage > 0 &&
    r.ephemeralStorage > alloc.ephemeralStorage - used(requested?.ephemeralStorage)
  )
    return false;
  for (const [name, q] of Object.entries(r.scalar)) {
    if (q > 0 && q > (alloc.scalar[name] ?? 0) - used(requested?.scalar[name])) return false;
  }
  return true;
}

/** haveAnyRequestedResourcesIncreased. */
export function requestedResourcesIncreased(pod: Pod, before: Resources, after: Resources): boolean {
  if (after.allowedPodNumber > before.allowedPodNumber) return true;
  const r = pod.requests;
  if (r.milliCPU > 0 && after.milliCPU > before.milliCPU) return true;
  if (r.memory > 0 && after.memory > before.memory) return true;
  if (r.ephemeralStorage > 0 && after.ephemeralStorage > before.ephemeralStorage) return true;
  for (const [name, q] of Object.entries(r.scalar)) {
    if (q !== 0 && (after.scalar[name] ?? 0) > (before.scalar[name] ?? 0)) return true;
  }
  return false;
}

export function isSchedulableAfterNodeChange(
  pod: Pod,
  oldNode: NodeObject | null,
  newNode: NodeObject | null,
): QueueingHintValue {
  if (newNode === null || !fitsResources(pod, newNode.allocatable, null, 0)) return QueueSkip;
  if (oldNode === null) return Queue;
  return requestedResourcesIncreased(pod, oldNode.allocatable, newNode.allocatable) ? Queue : QueueSkip;
}

/** isSchedulableAfterPodEvent: deletions of assigned or nominated pods; scale-downs with in-place resize. */
export function isSchedulableAfterPodEvent(
  inPlaceScaling: boolean,
): (pod: Pod, oldPod: PodObject | null, newPod: PodObject | null) => QueueingHintValue {
  return (pod, oldPod, newPod) => {
    if (newPod === null) {
      if (oldPod === null || (oldPod.nodeName === null && oldPod.nominatedNodeName === null))
        return QueueSkip;
      return Queue;
    }
    if (!inPlaceScaling || oldPod === null) return QueueSkip;
    return scaledDownForPod(pod, oldPod, newPod) ? Queue : QueueSkip;
  };
}

/** isSchedulableAfterPodScaleDown: the pod itself, or an assigned pod giving back a resource it asks for. */
function scaledDownForPod(target: Pod, oldPod: PodObject, newPod: PodObject): boolean {
  if (newPod.pod.uid === target.uid) return true;
  if (newPod.nodeName === null) return false;
  const a = oldPod.pod.requests;
  const b = newPod.pod.requests;
  const r = target.requests;
  if (r.milliCPU > 0 && a.milliCPU > b.milliCPU) return true;
  if (r.memory > 0 && a.memory > b.memory) return true;
  if (r.ephemeralStorage > 0 && a.ephemeralStorage > b.ephemeralStorage) return true;
  for (const [name, q] of Object.entries(r.scalar)) {
    if (q > 0 && (a.scalar[name] ?? 0) > (b.scalar[name] ?? 0)) return true;
  }
  return false;
}

export function fitEventsToRegister(queueingHints: boolean, minorVersion: number): ClusterEventWithHint[] {
  const inPlaceScaling = minorVersion >= 33;
  const podAction = ActionType.Delete | (inPlaceScaling ? ActionType.UpdatePodScaleDown : 0);
  const nodeAction = queueingHints
    ? ActionType.Add | ActionType.UpdateNodeAllocatable
    : ActionType.Add |
      ActionType.UpdateNodeAllocatable |
      ActionType.UpdateNodeTaint |
      ActionType.UpdateNodeLabel;
  return [
    podEventWithHint(podAction, isSchedulableAfterPodEvent(inPlaceScaling)),
    nodeEventWithHint(nodeAction, isSchedulableAfterNodeChange),
  ];
}
