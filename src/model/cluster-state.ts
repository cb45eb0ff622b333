// The one mutable store: what the API server holds (Nodes, Pods, Leases) plus the scheduler cache's
// per-node accounting, updated incrementally. Every write goes through a method here, which keeps the
// indexes and counters right, emits the events.csv row the write implies, and notifies watchers
// synchronously (informers with zero latency, node-health-timing.md §9 M5). Watchers may read and
// schedule engine events; they should not write back into the store from inside a notification.

import type { TimeUs } from '../engine/time.js';
import type { EventLog } from './event-log.js';
import type { ReasonOf } from './event-reasons.js';
import type { LimitRange } from './limit-range.js';
import { addPodToNode, removePodFromNode } from './node-accounting.js';
import type { ConditionStatus, Node, NodeCondition, OwnerReference, Pod, PodPhase, Taint } from './types.js';
import { VolumeStore } from './volume-store.js';

const NO_LIMIT_RANGES: readonly LimitRange[] = [];

export type NodeChange = 'conditions' | 'taints' | 'spec';
export type PodChange =
  | 'assumed'
  | 'bound'
  | 'phase'
  | 'ready'
  | 'deleting'
  | 'nominated'
  | 'spec'
  | 'condition'
  // metadata.ownerReferences: a controller adopted or released the pod (controller_ref_manager.go).
  | 'owner';

/** Informer-style callbacks; every method is optional. */
export interface ClusterWatcher {
  nodeAdded?(node: Node): void;
  nodeUpdated?(node: Node, change: NodeChange): void;
  /**
   * The node's Lease renewTime was written. Its own callback, not a nodeUpdated change: only the node
   * lifecycle controller reads leases, and at 65 000 nodes a renewal every 10 s fanned out to every
   * watcher was a fifth of a heartbeat run.
   */
  leaseRenewed?(nodeIdx: number, renewUs: TimeUs): void;
  nodeDeleted?(node: Node): void;
  podAdded?(pod: Pod): void;
  podUpdated?(pod: Pod, change: PodChange): void;
  podDeleted?(pod: Pod): void;
  /**
   * The scheduler PATCHed a new PodScheduled=False condition (reason or message changed). A separate
   * callback, not a podUpdated change: only the StatefulSet controller acts on it (its updatePod
   * handler queues the set on any pod update; that is what re-syncs a set whose Pending pod lost a
   * claim, stateful_set.go).
   */
  podScheduledConditionWritten?(pod: Pod): void;
}

export interface Clock {
  readonly nowUs: TimeUs;
}

/** Live pods are counted in exactly one bucket; terminating wins over the phase. */
export type PodBucket = 'pending' | 'running' | 'succeeded' | 'failed' | 'terminating';

export class ClusterState {
  private readonly nodeList: Node[] = [];
  private readonly nodesByName = new Map<string, Node>();
  private readonly podsByKey = new Map<string, Pod>();
  /** Every pod that ever existed, in creation order (pods.csv). */
  readonly podHistory: Pod[] = [];
  private readonly watchers: ClusterWatcher[] = [];
  /** The watchers with a leaseRenewed callback. */
  private readonly leaseWatchers: ClusterWatcher[] = [];
  /**
   * kube-node-lease/<node>.spec.renewTime by Node.idx, -1 before the first renewal (or past the end).
   * A typed array, not a Node field: renewals are the most frequent write of a large cluster, and one
   * store into 65 000 scattered Node objects every 10 s was a cache miss each.
   */
  private leaseRenewTimes = new Float64Array(0);
  private nextNodeIdx = 0;
  private nextPodIdx = 0;
  private nodesChanged = true;
  private liveNodesCache: readonly Node[] = [];

  readonly podBuckets: Record<PodBucket, number> = {
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    terminating: 0,
  };
  /**
   * Called when a pod's PodScheduled condition turns False/Unschedulable (on) or the pod is bound,
   * deleted or starts deleting (off). Only the cluster-autoscaler listens; no watcher is notified, as
   * a status condition write changes nothing the other components react to.
   */
  onUnschedulable: ((pod: Pod, on: boolean) => void) | null = null;
  /** Monotonic counters for timeseries.csv and summary.json. */
  readonly counters = {
    evictions: 0,
    schedulingAttempts: 0,
    podsScheduled: 0,
    preemptions: 0,
    /** Deletions started by the Eviction API, and evictions it refused (429/500/403). */
    apiEvictions: 0,
    evictionsRefused: 0,
  };

  constructor(
    private readonly clock: Clock,
    readonly log: EventLog,
    /** Labels of the namespaces that have a Namespace object (namespaceSelector matches these). */
    readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map(),
    /** LimitRange objects, by namespace (the LimitRanger admission plugin reads them on pod create). */
    private readonly limitRangesByNs: ReadonlyMap<string, readonly LimitRange[]> = new Map(),
  ) {
    this.volumes = new VolumeStore(clock, log);
  }

  /** PersistentVolumeClaims, PersistentVolumes, StorageClasses, CSINodes (volume-store.ts). */
  readonly volumes: VolumeStore;

  limitRanges(namespace: string): readonly LimitRange[] {
    return this.limitRangesByNs.get(namespace) ?? NO_LIMIT_RANGES;
  }

  get nowUs(): TimeUs {
    return this.clock.nowUs;
  }

  watch(watcher: ClusterWatcher): void {
    this.watchers.push(watcher);
    if (watcher.leaseRenewed !== undefined) this.leaseWatchers.push(watcher);
  }

  // ---- reads ----------------------------------------------------------------------------------------

  /** Live nodes in registration order. The array is cached until the node set changes. */
  get nodes(): readonly Node[] {
    if (this.nodesChanged) {
      this.liveNodesCache = this.nodeList.filter((n) => !n.deleted);
      this.nodesChanged = false;
    }
    return this.liveNodesCache;
  }

  /** The number of live nodes (nodes.length without building the list). */
  get nodeCount(): number {
    return this.nodesByName.size;
  }

  node(name: string): Node | undefined {
    return this.nodesByName.get(name);
  }

  /** Every node ever registered, deleted ones included, in registration order (pods.csv zones). */
  get nodesEver(): readonly Node[] {
    return this.nodeList;
  }

  /** The node object by name, deleted ones included (a pod can still be bound to a deleted name). */
  nodeRecord(name: string): Node | undefined {
    return this.nodesByName.get(name) ?? this.nodeList.find((n) => n.name === name);
  }

  pod(key: string): Pod | undefined {
    return this.podsByKey.get(key);
  }

  /** Live pods (not yet removed from the API), in creation order. */
  get pods(): IterableIterator<Pod> {
    return this.podsByKey.values();
  }

  get podCount(): number {
    return this.podsByKey.size;
  }

  /** The node's kube-node-lease renewTime, or null before its first renewal. */
  leaseRenewUs(node: Node): TimeUs | null {
    const t = node.idx < this.leaseRenewTimes.length ? (this.leaseRenewTimes[node.idx] as number) : -1;
    return t < 0 ? null : t;
  }

  allocateNodeIdx(): number {
    return this.nextNodeIdx++;
  }

  allocatePodIdx(): number {
    return this.nextPodIdx++;
  }

  // ---- node writes ----------------------------------------------------------------------------------

  addNode(node: Node): void {
    if (this.nodesByName.has(node.name)) throw new Error(`node ${node.name} already exists`);
    this.nodeList.push(node);
    this.nodesByName.set(node.name, node);
    this.nodesChanged = true;
    this.log.emit(this.nowUs, 'Node', 'RegisteredNode', node.name, node.name, node.zone);
    for (const w of this.watchers) w.nodeAdded?.(node);
  }

  deleteNode(node: Node): void {
    if (node.deleted) return;
    node.deleted = true;
    this.nodesByName.delete(node.name);
    this.nodesChanged = true;
    this.log.emit(this.nowUs, 'Node', 'RemovingNode', node.name, node.name, node.zone);
    for (const w of this.watchers) w.nodeDeleted?.(node);
  }

  /**
   * Writes one node condition. Emits NodeReady / NodeNotReady / NodeStatusUnknown when the Ready status
   * changes. The transition time moves only when the status changes (as the API's conditions do).
   */
  setNodeCondition(node: Node, type: string, status: ConditionStatus, reason: string, message = ''): void {
    const now = this.nowUs;
    const prev = node.conditions.get(type);
    const changed = prev === undefined || prev.status !== status;
    const cond: NodeCondition = {
      type,
      status,
      reason,
      ...(message ? { message } : {}),
      lastHeartbeatUs: now,
      lastTransitionUs: changed ? now : prev.lastTransitionUs,
    };
    node.conditions.set(type, cond);
    if (type === 'Ready' && changed) {
      const reasonRow =
        status === 'True' ? 'NodeReady' : status === 'False' ? 'NodeNotReady' : 'NodeStatusUnknown';
      this.log.emit(now, 'Node', reasonRow, node.name, node.name, node.zone, reason);
    }
    for (const w of this.watchers) w.nodeUpdated?.(node, 'conditions');
  }

  readyStatus(node: Node): ConditionStatus | null {
    return node.conditions.get('Ready')?.status ?? null;
  }

  /**
   * Sets kube-node-lease/<node>.spec.renewTime of the node with index `nodeIdx`: now, or an earlier
   * `atUs` written late (a replayed renewal).
   */
  renewLease(nodeIdx: number, atUs: TimeUs = this.nowUs): void {
    if (nodeIdx >= this.leaseRenewTimes.length) {
      const grown = new Float64Array(Math.max(nodeIdx + 1, this.leaseRenewTimes.length * 2, 64)).fill(-1);
      grown.set(this.leaseRenewTimes);
      this.leaseRenewTimes = grown;
    }
    this.leaseRenewTimes[nodeIdx] = atUs;
    for (const w of this.leaseWatchers) w.leaseRenewed?.(nodeIdx, atUs);
  }

  hasTaint(node: Node, key: string, effect: Taint['effect']): boolean {
    return node.taints.some((t) => t.key === key && t.effect === effect);
  }

  /** Adds a taint unless one with the same key and effect exists; returns whether it was added. */
  addTaint(node: Node, taint: Taint): boolean {
    if (this.hasTaint(node, taint.key, taint.effect)) return false;
    node.taints = [...node.taints, taint];
    this.emitTaintRow(node, 'TaintAdded', taint.key, taint.effect);
    for (const w of this.watchers) w.nodeUpdated?.(node, 'taints');
    return true;
  }

  removeTaint(node: Node, key: string, effect: Taint['effect']): boolean {
    if (!this.hasTaint(node, key, effect)) return false;
    node.taints = node.taints.filter((t) => !(t.key === key && t.effect === effect));
    this.emitTaintRow(node, 'TaintRemoved', key, effect);
    for (const w of this.watchers) w.nodeUpdated?.(node, 'taints');
    return true;
  }

  /** Replaces `remove` by `add` in one update (SwapNodeControllerTaint); emits both rows. */
  swapTaint(node: Node, add: Taint, removeKey: string, removeEffect: Taint['effect']): void {
    const hadRemove = this.hasTaint(node, removeKey, removeEffect);
    const hasAdd = this.hasTaint(node, add.key, add.effect);
    if (!hadRemove && hasAdd) return;
    node.taints = [
      ...node.taints.filter((t) => !(t.key === removeKey && t.effect === removeEffect)),
      ...(hasAdd ? [] : [add]),
    ];
    if (hadRemove) this.emitTaintRow(node, 'TaintRemoved', removeKey, removeEffect);
    if (!hasAdd) this.emitTaintRow(node, 'TaintAdded', add.key, add.effect);
    for (const w of this.watchers) w.nodeUpdated?.(node, 'taints');
  }

  private emitTaintRow(node: Node, reason: 'TaintAdded' | 'TaintRemoved', key: string, effect: string): void {
    this.log.emit(this.nowUs, 'Node', reason, node.name, node.name, node.zone, `${key}:${effect}`);
  }

  setUnschedulable(node: Node, unschedulable: boolean): void {
    if (node.unschedulable === unschedulable) return;
    node.unschedulable = unschedulable;
    this.log.emit(
      this.nowUs,
      'Node',
      unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable',
      node.name,
      node.name,
      node.zone,
    );
    for (const w of this.watchers) w.nodeUpdated?.(node, 'spec');
  }

  // ---- pod writes -----------------------------------------------------------------------------------

  /** Adds a pod object (after admission). Emits Created. */
  createPod(pod: Pod): void {
    if (this.podsByKey.has(pod.key)) throw new Error(`pod ${pod.key} already exists`);
    this.podsByKey.set(pod.key, pod);
    this.podHistory.push(pod);
    this.podBuckets[bucketOf(pod)]++;
    if (pod.spec.volumes.length > 0) this.volumes.podAdded(pod);
    this.log.emit(
      this.nowUs,
      'Pod',
      'Created',
      pod.key,
      '',
      '',
      pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : '',
    );
    for (const w of this.watchers) w.podAdded?.(pod);
  }

  /** The scheduler writes PodScheduled=False with a new reason or message (handleSchedulingFailure). */
  setScheduledCondition(pod: Pod, reason: string, message: string): void {
    pod.scheduledCondition = { reason, message };
    for (const w of this.watchers) w.podScheduledConditionWritten?.(pod);
  }

  /** The scheduler's failed cycle wrote PodScheduled=False, reason Unschedulable. */
  markUnschedulable(pod: Pod): void {
    if (pod.unschedulable || pod.nodeName !== null || pod.deletionUs !== null) return;
    pod.unschedulable = true;
    this.onUnschedulable?.(pod, true);
  }

  private clearUnschedulable(pod: Pod): void {
    if (!pod.unschedulable) return;
    pod.unschedulable = false;
    this.onUnschedulable?.(pod, false);
  }

  /** Scheduler cache Assume: charge the pod to the node before the Binding is written. */
  assumePod(pod: Pod, node: Node): void {
    if (pod.assumedNode !== null) this.forgetPod(pod);
    pod.assumedNode = node.name;
    addPodToNode(node, pod);
    for (const w of this.watchers) w.podUpdated?.(pod, 'assumed');
  }

  /** Scheduler cache ForgetPod: undo an Assume whose binding failed. */
  forgetPod(pod: Pod): void {
    if (pod.assumedNode === null || pod.nodeName !== null) return;
    const node = this.nodesByName.get(pod.assumedNode);
    if (node) removePodFromNode(node, pod);
    pod.assumedNode = null;
    for (const w of this.watchers) w.podUpdated?.(pod, 'assumed');
  }

  /** The Binding is written: `spec.nodeName` is set. Emits Scheduled. */
  bindPod(pod: Pod, node: Node): void {
    if (pod.nodeName !== null) throw new Error(`pod ${pod.key} is already bound to ${pod.nodeName}`);
    if (pod.assumedNode !== node.name) {
      if (pod.assumedNode !== null) this.forgetPod(pod);
      pod.assumedNode = node.name;
      addPodToNode(node, pod);
    }
    pod.nodeName = node.name;
    pod.scheduledUs = this.nowUs;
    this.clearUnschedulable(pod);
    pod.nominatedNodeName = null;
    this.counters.podsScheduled++;
    this.log.emit(this.nowUs, 'Pod', 'Scheduled', pod.key, node.name, node.zone);
    for (const w of this.watchers) w.podUpdated?.(pod, 'bound');
  }

  /**
   * Phase transition. Emits Started / Completed / Failed. A terminal phase written by the kubelet also
   * records its containers' finish time; a controller failing a pod (PodGC) passes
   * `containersTerminated: false`, as it writes only the phase.
   */
  setPodPhase(pod: Pod, phase: PodPhase, reason = '', containersTerminated = true): void {
    if (pod.phase === phase) return;
    const before = bucketOf(pod);
    pod.phase = phase;
    const node = pod.nodeName ? this.nodesByName.get(pod.nodeName) : undefined;
    if (phase === 'Running') {
      pod.startedUs = this.nowUs;
      this.log.emit(this.nowUs, 'Pod', 'Started', pod.key, pod.nodeName ?? '', node?.zone ?? '');
    } else if (phase === 'Succeeded' || phase === 'Failed') {
      pod.finishedUs = this.nowUs;
      if (containersTerminated) pod.containersFinishedUs = this.nowUs;
      pod.endReason ??= phase === 'Succeeded' ? 'Completed' : reason || 'Failed';
      // Terminal pods release their node's resources (the scheduler's informer drops them).
      if (node && pod.assumedNode === node.name) removePodFromNode(node, pod);
      this.log.emit(
        this.nowUs,
        'Pod',
        phase === 'Succeeded' ? 'Completed' : 'Failed',
        pod.key,
        pod.nodeName ?? '',
        node?.zone ?? '',
        reason,
      );
    }
    this.moveBucket(before, pod);
    for (const w of this.watchers) w.podUpdated?.(pod, 'phase');
    if ((phase === 'Succeeded' || phase === 'Failed') && pod.spec.volumes.length > 0)
      this.volumes.podReleased(pod, false);
  }

  /**
   * PodReady; its lastTransitionTime moves with each change. A pod that never became ready keeps no
   * condition here (MarkPodsNotReady only rewrites an existing Ready condition).
   */
  setPodReady(pod: Pod, ready: boolean): void {
    if (pod.ready === ready) return;
    pod.ready = ready;
    pod.readyTransitionUs = this.nowUs;
    for (const w of this.watchers) w.podUpdated?.(pod, 'ready');
  }

  setNominatedNode(pod: Pod, nodeName: string | null): void {
    if (pod.nominatedNodeName === nodeName) return;
    pod.nominatedNodeName = nodeName;
    for (const w of this.watchers) w.podUpdated?.(pod, 'nominated');
  }

  /**
   * Graceful deletion starts: sets deletionTimestamp. `reason` becomes the pod's end reason and the
   * events.csv reason (e.g. TaintManagerEviction, Preempted, Deleted). Returns false if already deleting.
   */
  markPodDeleting(
    pod: Pod,
    reason: ReasonOf<'Pod'>,
    detail = '',
    graceSeconds: number | null = null,
  ): boolean {
    // By identity: a StatefulSet recreates a pod under the same name.
    if (pod.deletionUs !== null || this.podsByKey.get(pod.key) !== pod) return false;
    const before = bucketOf(pod);
    pod.deletionUs = this.nowUs;
    if (graceSeconds !== null && graceSeconds < pod.spec.terminationGracePeriodSeconds)
      pod.deletionGraceSeconds = graceSeconds;
    this.clearUnschedulable(pod);
    if (pod.phase !== 'Succeeded' && pod.phase !== 'Failed') pod.endReason ??= reason;
    if (reason === 'TaintManagerEviction') this.counters.evictions++;
    else if (reason === 'Preempted') this.counters.preemptions++;
    else if (reason === 'EvictionByEvictionAPI') this.counters.apiEvictions++;
    const node = pod.nodeName ? this.nodesByName.get(pod.nodeName) : undefined;
    this.log.emit(this.nowUs, 'Pod', reason, pod.key, pod.nodeName ?? '', node?.zone ?? '', detail);
    this.moveBucket(before, pod);
    for (const w of this.watchers) w.podUpdated?.(pod, 'deleting');
    return true;
  }

  /**
   * The pod's controller ownerReference is PATCHed: a controller adopts an orphan (owner) or releases a
   * pod it no longer selects (null). controller_ref_manager.go ClaimPods.
   */
  setPodOwner(pod: Pod, owner: OwnerReference | null): boolean {
    if (this.podsByKey.get(pod.key) !== pod) return false;
    (pod as { owner: OwnerReference | null }).owner = owner;
    for (const w of this.watchers) w.podUpdated?.(pod, 'owner');
    return true;
  }

  /** A DisruptionTarget=True condition is written (e.g. by the Eviction API before its DELETE). */
  setDisruptionTarget(pod: Pod, reason: string, message: string): void {
    if (!this.podsByKey.has(pod.key)) return;
    // UpdatePodCondition: an unchanged condition is no write; the transition time stays while True.
    const prev = pod.disruptionTarget;
    if (prev !== undefined && prev.reason === reason && prev.message === message) return;
    pod.disruptionTarget = { reason, message, atUs: prev?.atUs ?? this.nowUs };
    for (const w of this.watchers) w.podUpdated?.(pod, 'condition');
  }

  /** The Eviction API refused to evict the pod (429, 500 or 403): counted, and a Pod row. */
  recordEvictionRefusal(
    pod: Pod,
    reason: 'TooManyRequests' | 'InternalError' | 'Forbidden',
    detail: string,
  ): void {
    this.counters.evictionsRefused++;
    pod.evictionsRefused = (pod.evictionsRefused ?? 0) + 1;
    const node = pod.nodeName ? this.nodesByName.get(pod.nodeName) : undefined;
    this.log.emit(this.nowUs, 'Pod', reason, pod.key, pod.nodeName ?? '', node?.zone ?? '', detail);
  }

  /** The object is gone from the API (kubelet confirmed, force delete, or never scheduled). Emits Deleted. */
  removePod(pod: Pod): void {
    if (this.podsByKey.get(pod.key) !== pod) return;
    this.podsByKey.delete(pod.key);
    this.clearUnschedulable(pod);
    this.podBuckets[bucketOf(pod)]--;
    pod.removedUs = this.nowUs;
    if (pod.phase !== 'Succeeded' && pod.phase !== 'Failed') pod.finishedUs ??= this.nowUs;
    pod.endReason ??= 'Deleted';
    if (pod.assumedNode !== null) {
      const node =
        this.nodesByName.get(pod.assumedNode) ?? this.nodeList.find((n) => n.name === pod.assumedNode);
      if (node) removePodFromNode(node, pod);
    }
    const node = pod.nodeName ? this.nodesByName.get(pod.nodeName) : undefined;
    this.log.emit(this.nowUs, 'Pod', 'Deleted', pod.key, pod.nodeName ?? '', node?.zone ?? '');
    for (const w of this.watchers) w.podDeleted?.(pod);
    if (pod.spec.volumes.length > 0) this.volumes.podReleased(pod, true);
  }

  private moveBucket(before: PodBucket, pod: Pod): void {
    const after = bucketOf(pod);
    if (after !== before) {
      this.podBuckets[before]--;
      this.podBuckets[after]++;
    }
  }
}

export function bucketOf(pod: Pod): PodBucket {
  if (pod.deletionUs !== null) return 'terminating';
  switch (pod.phase) {
    case 'Pending':
      return 'pending';
    case 'Running':
      return 'running';
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
      return 'failed';
  }
}
