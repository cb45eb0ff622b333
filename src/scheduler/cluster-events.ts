// Cluster events and queueing hints (k8s.io/kube-scheduler framework/types.go ClusterEvent, ActionType,
// QueueingHint; pkg/scheduler/framework/events.go NodeSchedulingPropertiesChange). A plugin registers the
// events that may make a pod it rejected schedulable (EnqueueExtensions.EventsToRegister), each with an
// optional QueueingHintFn that looks at the event's old and new object and says Queue or QueueSkip. The
// scheduling queue (queue/scheduling-queue.ts) calls the hints of a pod's rejecting plugins only; see
// docs/scheduler.md "Requeueing".

import type { Pod, Resources, Taint } from '../model/types.js';
import type { CSINode, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../model/volumes.js';

/** ActionType bits, in upstream's order (framework/types.go: Add = 1 << 0, Delete = 1 << 1, ...). */
export const ActionType = {
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  /** An update of the node's taints, or spec.unschedulable turning false. */
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodToleration: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  UpdatePodGeneratedResourceClaim: 1 << 11,
  /** updatePodOther (unexported upstream): a pod update none of the UpdatePodXYZ bits describes. */
  UpdatePodOther: 1 << 12,
  All: (1 << 13) - 1,
  /** The general Update: every UpdateXYZ bit. */
  Update: ((1 << 13) - 1) & ~((1 << 0) | (1 << 1)),
} as const;

/**
 * EventResource: Node, Pod (registered by plugins; matches both pod resources below), AssignedPod and
 * UnschedulablePod (incoming events only), the storage objects the volume plugins register, and the
 * wildcard "*".
 */
export type EventResource = 'Node' | 'Pod' | 'AssignedPod' | 'UnschedulablePod' | StorageResource | '*';

/** The storage objects of the volume plugins' events, by EventResource name (framework/types.go). */
export interface StorageObjects {
  readonly PersistentVolumeClaim: PersistentVolumeClaim;
  readonly PersistentVolume: PersistentVolume;
  readonly StorageClass: StorageClass;
  readonly CSINode: CSINode;
}
export type StorageResource = keyof StorageObjects;

export interface ClusterEvent {
  readonly resource: EventResource;
  readonly action: number;
  /** The event's label in logs (upstream's Label(): e.g. "NodeAdd", "AssignedPodDelete"). */
  readonly label: string;
}

export function clusterEvent(resource: EventResource, action: number, label?: string): ClusterEvent {
  return { resource, action, label: label ?? `${resource}${actionName(action)}` };
}

function actionName(action: number): string {
  for (const [k, v] of Object.entries(ActionType)) if (v === action) return k;
  return `Action${action}`;
}

/** ClusterEvent.Match: `registered` (a plugin's) matches the incoming event. */
export function matchEvent(registered: ClusterEvent, incoming: ClusterEvent): boolean {
  if (registered.resource === '*') return true;
  const r = registered.resource;
  const resourceOk =
    r === incoming.resource ||
    (r === 'Pod' && (incoming.resource === 'AssignedPod' || incoming.resource === 'UnschedulablePod'));
  return resourceOk && (registered.action & incoming.action) !== 0;
}

export const NodeAdd = clusterEvent('Node', ActionType.Add, 'NodeAdd');
export const NodeDelete = clusterEvent('Node', ActionType.Delete, 'NodeDelete');
export const NodeTaintChange = clusterEvent('Node', ActionType.UpdateNodeTaint, 'NodeTaintChange');
export const AssignedPodAdd = clusterEvent('AssignedPod', ActionType.Add, 'AssignedPodAdd');
/**
 * An assigned pod's update that no UpdatePodXYZ describes (status, deletionTimestamp): only plugins
 * registering the general Pod/Update see it (PodSchedulingPropertiesChange's updatePodOther).
 */
export const AssignedPodUpdate = clusterEvent('AssignedPod', ActionType.UpdatePodOther, 'AssignedPodUpdate');
export const AssignedPodDelete = clusterEvent('AssignedPod', ActionType.Delete, 'AssignedPodDelete');
/** EventUnschedulableTimeout: the wildcard event of the 5-minute leftover flush. */
export const UnschedulableTimeout = clusterEvent('*', ActionType.All, 'UnschedulableTimeout');

export const QueueingHint = { QueueSkip: 0, Queue: 1 } as const;
export type QueueingHintValue = (typeof QueueingHint)[keyof typeof QueueingHint];

/** What a node hint reads of a Node: a live Node is one, a snapshot of its previous state another. */
export interface NodeObject {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly allocatable: Resources;
}

/**
 * A pod as a pod event carries it: the pod with the node it is assigned to and its nominated node at the
 * time of the event (the live object may have changed since, e.g. a forgotten assumed pod).
 */
export interface PodObject {
  readonly pod: Pod;
  readonly nodeName: string | null;
  readonly nominatedNodeName: string | null;
}

export function podObject(pod: Pod, nodeName = pod.nodeName ?? pod.assumedNode): PodObject {
  return { pod, nodeName, nominatedNodeName: pod.nominatedNodeName };
}

export type QueueingHintFn<T> = (pod: Pod, oldObj: T | null, newObj: T | null) => QueueingHintValue;

/** A storage event registration: the hint reads the object of its resource. */
type StorageEventWithHint = {
  [R in StorageResource]: {
    readonly event: ClusterEvent & { readonly resource: R };
    readonly hint?: QueueingHintFn<StorageObjects[R]>;
  };
}[StorageResource];

/** ClusterEventWithHint; a missing hint means Queue (upstream's nil QueueingHintFn). */
export type ClusterEventWithHint =
  | {
      readonly event: ClusterEvent & { readonly resource: 'Node' };
      readonly hint?: QueueingHintFn<NodeObject>;
    }
  | {
      readonly event: ClusterEvent & { readonly resource: 'Pod' };
      readonly hint?: QueueingHintFn<PodObject>;
    }
  | StorageEventWithHint;

export function nodeEventWithHint(action: number, hint?: QueueingHintFn<NodeObject>): ClusterEventWithHint {
  const event = clusterEvent('Node', action) as ClusterEvent & { readonly resource: 'Node' };
  return hint === undefined ? { event } : { event, hint };
}

export function podEventWithHint(action: number, hint?: QueueingHintFn<PodObject>): ClusterEventWithHint {
  const event = clusterEvent('Pod', action) as ClusterEvent & { readonly resource: 'Pod' };
  return hint === undefined ? { event } : { event, hint };
}

export function storageEventWithHint<R extends StorageResource>(
  resource: R,
  action: number,
  hint?: QueueingHintFn<StorageObjects[R]>,
): ClusterEventWithHint {
  const event = clusterEvent(resource, action) as ClusterEvent & { readonly resource: R };
  return (hint === undefined ? { event } : { event, hint }) as ClusterEventWithHint;
}

/**
 * The storage events the scheduler's informers raise (eventhandlers.go addAllEventHandlers: PVC and PV
 * add and update, StorageClass add, CSINode add; the simulation never updates a StorageClass or CSINode).
 */
export const PvcAdd = clusterEvent('PersistentVolumeClaim', ActionType.Add);
export const PvcUpdate = clusterEvent('PersistentVolumeClaim', ActionType.Update);
export const PvAdd = clusterEvent('PersistentVolume', ActionType.Add);
export const PvUpdate = clusterEvent('PersistentVolume', ActionType.Update);
export const StorageClassAdd = clusterEvent('StorageClass', ActionType.Add);
export const CSINodeAdd = clusterEvent('CSINode', ActionType.Add);

/**
 * The registration TaintToleration and NodeUnschedulable share (both plugins' EventsToRegister): a node
 * added or its taints changed, plus the pending pod's own toleration update under queueing hints;
 * without hints UpdateNodeLabel is registered too and pod updates are not (#109437).
 */
export function nodeTaintEventsToRegister(
  queueingHints: boolean,
  nodeHint: QueueingHintFn<NodeObject>,
  podTolerationHint: QueueingHintFn<PodObject>,
): ClusterEventWithHint[] {
  if (!queueingHints)
    return [
      nodeEventWithHint(ActionType.Add | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel, nodeHint),
    ];
  return [
    nodeEventWithHint(ActionType.Add | ActionType.UpdateNodeTaint, nodeHint),
    podEventWithHint(ActionType.UpdatePodToleration, podTolerationHint),
  ];
}

/**
 * NodeSchedulingPropertiesChange for the node fields the simulation changes: spec.unschedulable turning
 * false is an UpdateNodeTaint (cordoning is no event at all), a taint change is an UpdateNodeTaint, and
 * allocatable and labels changes their own actions. Condition changes (UpdateNodeCondition) are left to
 * the caller: no in-tree plugin registers them.
 */
export function nodeSchedulingPropertiesChange(oldNode: NodeObject, newNode: NodeObject): ClusterEvent[] {
  const out: ClusterEvent[] = [];
  const uncordoned = oldNode.unschedulable && !newNode.unschedulable;
  if (uncordoned) out.push(clusterEvent('Node', ActionType.UpdateNodeTaint, 'NodeSpecUnschedulableChange'));
  if (!sameResources(oldNode.allocatable, newNode.allocatable))
    out.push(clusterEvent('Node', ActionType.UpdateNodeAllocatable, 'NodeAllocatableChange'));
  if (!sameStrings(oldNode.labels, newNode.labels))
    out.push(clusterEvent('Node', ActionType.UpdateNodeLabel, 'NodeLabelChange'));
  if (!sameTaints(oldNode.taints, newNode.taints)) out.push(NodeTaintChange);
  return out;
}

export function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Taint;
    const y = b[i] as Taint;
    if (x.key !== y.key || (x.value ?? '') !== (y.value ?? '') || x.effect !== y.effect) return false;
    if (x.timeAddedUs !== y.timeAddedUs) return false;
  }
  return true;
}

/** reflect.DeepEqual of two label maps (the same object is the common case). */
function sameStrings(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

function sameResources(a: Resources, b: Resources): boolean {
  if (a === b) return true;
  if (
    a.milliCPU !== b.milliCPU ||
    a.memory !== b.memory ||
    a.ephemeralStorage !== b.ephemeralStorage ||
    a.allowedPodNumber !== b.allowedPodNumber
  )
    return false;
  const ka = Object.keys(a.scalar);
  if (ka.length !== Object.keys(b.scalar).length) return false;
  for (const k of ka) if (a.scalar[k] !== b.scalar[k]) return false;
  return true;
}
