// The kube-scheduler component (pkg/scheduler/scheduler.go, schedule_one.go): one scheduling loop over
// one queue shared by every profile. Each SchedulingCycle pops a pod, runs the profile's framework
// (cycle.ts) at that instant, assumes the pod on the chosen node, and keeps the loop busy for the
// modelled cycle cost; binding then waits for the client's token bucket (clientConnection QPS/burst) and
// the bind latency before the Binding is written. Failures run PostFilter (preemption), emit
// FailedScheduling, PATCH the pod's PodScheduled condition through the same client (the loop waits for
// it unless SchedulerAsyncAPICalls) and requeue the pod; cluster events move unschedulable pods back
// (scheduler.md §1, §6).

import { TokenBucket } from '../controllers/rate-limiter.js';
import type { EventHandle } from '../engine/event-queue.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { ClusterWatcher, NodeChange, PodChange } from '../model/cluster-state.js';
import type { Node, Pod, Taint } from '../model/types.js';
import type { KubeVersion } from '../model/version.js';
import type { PdbStore } from '../workloads/pdb-store.js';
import { SchedulerCache } from './cache.js';
import {
  AssignedPodAdd,
  AssignedPodDelete,
  AssignedPodUpdate,
  type ClusterEvent,
  CSINodeAdd,
  NodeAdd,
  NodeDelete,
  type NodeObject,
  nodeSchedulingPropertiesChange,
  type PodObject,
  PvAdd,
  PvcAdd,
  PvcUpdate,
  PvUpdate,
  podObject,
  StorageClassAdd,
} from './cluster-events.js';
import { type CycleResult, fitErrorMessage, NoNodeAvailableMsg, schedulePod } from './cycle.js';
import { SCHEDULER_DEFAULTS } from './defaults.js';
import type { SchedulerEvent } from './events.js';
import { Code, type CycleState, PREBIND_POLL_US } from './framework.js';
import { statusHistogram } from './node-statuses.js';
import { PodNominator } from './nominator.js';
import type { PreemptionResult } from './plugins/default-preemption/index.js';
import { less as prioritySortLess } from './plugins/priority-sort/index.js';
import { preCheckForNode } from './pre-check.js';
import type { SchedulerSettings } from './profile.js';
import { buildQueueingHintMap, type QueueingHintMap } from './queue/hint-map.js';
import { type PreEnqueueCheck, type QueuedPodInfo, SchedulingQueue } from './queue/scheduling-queue.js';
import { Framework } from './runtime.js';

/** The scheduler's kernel slice: its own events, its settings and the Kubernetes version. */
export type SchedulerKernel = Kernel<
  SchedulerEvent,
  { readonly scheduler: SchedulerSettings; readonly version: KubeVersion }
>;

export class Scheduler implements ClusterWatcher {
  readonly cache: SchedulerCache;
  readonly frameworks = new Map<string, Framework>();
  readonly queue: SchedulingQueue;
  private readonly nominator = new PodNominator();
  private readonly client: TokenBucket;
  private nextStartNodeIndex = 0;
  private cycleHandle: EventHandle | null = null;
  private busyUntilUs = 0;
  private backoffTick: EventHandle | null = null;
  private unschedulableTick: EventHandle | null = null;
  /** Pods whose Binding is in flight, with their queue entry (a failed bind requeues it). */
  private readonly binding = new Map<Pod, QueuedPodInfo>();
  /** The cycle state of pods whose binding cycle runs PreBind plugins (pods with claims). */
  private readonly bindState = new Map<Pod, CycleState>();
  /** SchedulerAsyncAPICalls: when each pod's queued status PATCH gets its token (later ones merge). */
  private readonly pendingPatch = new Map<Pod, number>();
  /** The informer's last copy of each node's mutable scheduling fields (the old object of an update). */
  private readonly seenNodes: ({ taints: readonly Taint[]; unschedulable: boolean } | undefined)[] = [];

  constructor(
    private readonly sim: SchedulerKernel,
    /** The PodDisruptionBudget informer (DefaultPreemption's victim choice); none in unit tests. */
    budgets: Pick<PdbStore, 'all'> | null = null,
  ) {
    const settings = sim.config.scheduler;
    this.cache = new SchedulerCache(sim.state);
    for (const profile of settings.profiles) {
      const rng = sim.rng.stream(`scheduler/${profile.schedulerName}`);
      const fw = new Framework(profile, {
        cache: this.cache,
        minorVersion: sim.config.version.minor,
        rng,
        nominator: this.nominator,
        ...(budgets === null ? {} : { pdbs: () => [...budgets.all()] }),
      });
      this.frameworks.set(profile.schedulerName, fw);
    }
    const hints = new Map<string, QueueingHintMap>();
    for (const [name, fw] of this.frameworks) {
      hints.set(name, buildQueueingHintMap(fw.plugins.values(), settings.queueingHints));
    }
    this.queue = new SchedulingQueue(
      {
        initialBackoffUs: settings.podInitialBackoffUs,
        maxBackoffUs: settings.podMaxBackoffUs,
        maxInUnschedulableUs: SCHEDULER_DEFAULTS.podMaxInUnschedulablePodsDurationUs,
        popFromBackoff: sim.config.version.minor >= 33,
        hints,
        namespaceLabels: this.cache.namespaceLabels,
      },
      prioritySortLess,
    );
    this.client = new TokenBucket(settings.clientQps, settings.clientBurst, 0);
    sim.state.watch(this);
    // The storage informers (eventhandlers.go addAllEventHandlers): no preCheck. Objects are updated
    // in place, so an update's old object is the new one; the fields the hints compare on an update
    // (a PV's labels, a class's allowedTopologies) never change in the simulation.
    sim.state.volumes.watch({
      claimAdded: (pvc) => this.moveAll(PvcAdd, null, pvc),
      claimUpdated: (pvc) => this.moveAll(PvcUpdate, pvc, pvc),
      volumeAdded: (pv) => this.moveAll(PvAdd, null, pv),
      volumeUpdated: (pv) => this.moveAll(PvUpdate, pv, pv),
      classAdded: (sc) => this.moveAll(StorageClassAdd, null, sc),
      csiNodeAdded: (csi) => this.moveAll(CSINodeAdd, null, csi),
    });
  }

  // ---- watcher: informer events ------------------------------------------------------------------

  podAdded(pod: Pod): void {
    if (this.wantsScheduling(pod)) {
      this.queue.add(pod, this.sim.nowUs);
      this.wake();
    }
  }

  podUpdated(pod: Pod, change: PodChange): void {
    switch (change) {
      case 'bound':
        this.queue.remove(pod);
        this.unnominate(pod);
        this.assignedPodAdded(pod);
        break;
      case 'phase':
        if (pod.nodeName === null) break;
        if (pod.phase === 'Succeeded' || pod.phase === 'Failed')
          this.moveAll(AssignedPodDelete, podObject(pod), null);
        else this.assignedPodUpdated(pod);
        break;
      case 'ready':
      case 'deleting':
        if (pod.nodeName !== null) this.assignedPodUpdated(pod);
        break;
      case 'nominated': {
        const before = this.unnominate(pod);
        if (pod.nominatedNodeName !== null) this.nominator.add(pod, pod.nominatedNodeName);
        if (before !== null && before !== pod.nominatedNodeName) this.nominationReleased(pod, before);
        break;
      }
      default:
        break;
    }
  }

  podDeleted(pod: Pod): void {
    const cs = this.bindState.get(pod);
    if (cs !== undefined) {
      this.bindState.delete(pod);
      this.unreserve(pod, pod.assumedNode ?? '', cs);
    }
    this.queue.remove(pod);
    this.pendingPatch.delete(pod);
    const before = this.unnominate(pod);
    if (pod.nodeName !== null) {
      if (pod.phase !== 'Succeeded' && pod.phase !== 'Failed')
        this.moveAll(AssignedPodDelete, podObject(pod), null);
    } else if (before !== null) {
      this.nominationReleased(pod, before);
    }
  }

  nodeAdded(node: Node): void {
    this.seenNodes[node.idx] = { taints: node.taints, unschedulable: node.unschedulable };
    this.moveAll(NodeAdd, null, node, this.nodePreCheck(node));
  }

  /**
   * updateNodeInCache: the events NodeSchedulingPropertiesChange finds between the informer's previous
   * copy and the node now (so cordoning, and heartbeats, move nothing).
   */
  nodeUpdated(node: Node, change: NodeChange): void {
    if (change !== 'taints' && change !== 'spec') return;
    const seen = this.seenNodes[node.idx];
    this.seenNodes[node.idx] = { taints: node.taints, unschedulable: node.unschedulable };
    if (seen === undefined) return;
    const old: NodeObject = {
      name: node.name,
      labels: node.labels,
      allocatable: node.allocatable,
      taints: seen.taints,
      unschedulable: seen.unschedulable,
    };
    for (const ev of nodeSchedulingPropertiesChange(old, node))
      this.moveAll(ev, old, node, this.nodePreCheck(node));
  }

  nodeDeleted(node: Node): void {
    this.seenNodes[node.idx] = undefined;
    this.moveAll(NodeDelete, node, null);
  }

  /** preCheckForNode without queueing hints; none with them. */
  private nodePreCheck(node: Node): PreEnqueueCheck | undefined {
    return this.sim.config.scheduler.queueingHints ? undefined : preCheckForNode(node);
  }

  /**
   * addAssignedPodToCache: with queueing hints every pod is asked; without, the queue's
   * AssignedPodAdded pre-filters to cross-topology pods (getUnschedulablePodsWithCrossTopologyTerm).
   */
  private assignedPodAdded(pod: Pod): void {
    if (this.sim.config.scheduler.queueingHints) {
      this.moveAll(AssignedPodAdd, null, podObject(pod));
      return;
    }
    if (this.queue.movePodsWithCrossTopologyTerm(AssignedPodAdd, podObject(pod), this.sim.nowUs) > 0)
      this.wake();
    this.ensureTicks();
  }

  /**
   * updateAssignedPodInCache for an update that changes none of labels, requests or tolerations (all
   * the simulation makes): PodSchedulingPropertiesChange gives the "other" update, which no in-tree
   * plugin registers, so it moves nothing in either regime.
   */
  private assignedPodUpdated(pod: Pod): void {
    const obj = podObject(pod);
    if (this.sim.config.scheduler.queueingHints) this.moveAll(AssignedPodUpdate, obj, obj);
    else if (this.queue.movePodsWithCrossTopologyTerm(AssignedPodUpdate, obj, this.sim.nowUs) > 0)
      this.wake();
  }

  /**
   * A nominated pod deleted, or its nomination changed (deletePodFromSchedulingQueue,
   * updatePodInSchedulingQueue): treated as an AssignedPodDelete from the old nominated node, for pods
   * of lower or equal priority only (getLEPriorityPreCheck).
   */
  private nominationReleased(pod: Pod, nominatedBefore: string): void {
    const old: PodObject = { pod, nodeName: null, nominatedNodeName: nominatedBefore };
    const priority = pod.spec.priority;
    this.moveAll(AssignedPodDelete, old, null, (p) => p.spec.priority <= priority);
  }

  private wantsScheduling(pod: Pod): boolean {
    return (
      pod.nodeName === null &&
      pod.assumedNode === null &&
      pod.spec.nodeName === undefined &&
      pod.phase === 'Pending' &&
      pod.deletionUs === null &&
      pod.spec.schedulingGates.length === 0 &&
      this.frameworks.has(pod.spec.schedulerName)
    );
  }

  /** Drops the pod from the nominator; returns the node it was nominated to (the informer's old copy). */
  private unnominate(pod: Pod): string | null {
    return this.nominator.remove(pod);
  }

  /** MoveAllToActiveOrBackoffQueue for one cluster event. */
  private moveAll(ev: ClusterEvent, oldObj: unknown, newObj: unknown, preCheck?: PreEnqueueCheck): void {
    if (this.queue.moveAllForEvent(ev, oldObj, newObj, this.sim.nowUs, preCheck) > 0) this.wake();
    this.ensureTicks();
  }

  // ---- the loop ---------------------------------------------------------------------------------

  /** Schedules the next cycle if there is work and none is pending. */
  private wake(): void {
    if (this.cycleHandle !== null || !this.queue.hasWork()) return;
    const at = Math.max(this.sim.nowUs, this.busyUntilUs);
    this.cycleHandle = this.sim.engine.scheduleAt(at, { kind: 'SchedulingCycle' }, Lane.Scheduler);
  }

  onCycle(): void {
    this.cycleHandle = null;
    const info = this.queue.pop();
    if (info === null) return;
    const pod = info.pod;
    const fw = this.frameworks.get(pod.spec.schedulerName);
    // removedUs is set exactly when the store drops the pod (the same test as state.pod(key) !== pod for
    // a queued pod, without a lookup in the store's map of every pod).
    if (fw === undefined || !this.wantsScheduling(pod) || pod.removedUs !== null) {
      this.queue.remove(pod);
      this.wake();
      return;
    }
    const settings = this.sim.config.scheduler;
    const now = this.sim.nowUs;
    pod.schedulingAttempts++;
    this.sim.state.counters.schedulingAttempts++;
    const r = schedulePod(fw, pod, {
      percentage: fw.profile.percentageOfNodesToScore ?? settings.percentageOfNodesToScore,
      startIndex: this.nextStartNodeIndex,
      tieBreak: settings.tieBreak,
      rng: fw.rng,
      likelyUnschedulable: pod.scheduledCondition?.reason === 'Unschedulable',
    });
    const n = this.cache.nodes.length;
    if (n > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + r.processed) % n;
    const costUs =
      settings.cycleBaseUs +
      settings.perFilteredNodeUs * r.evaluated +
      settings.perScoredNodeUs * r.scoredNodes;
    const reserveFailure = r.selected !== null ? fw.runReserve(r.state, pod, r.selected.node.name) : null;
    if (r.selected !== null && reserveFailure !== null) {
      this.reserveFailed(info, reserveFailure.plugin, reserveFailure.reasons.join(', '));
      this.busyUntilUs = now + Math.round(costUs);
    } else if (r.selected !== null) {
      if (fw.preBindPlugins.length > 0 && pod.spec.volumes.length > 0) this.bindState.set(pod, r.state);
      this.assumeAndBind(info, r.selected.node, now + Math.round(costUs));
      this.busyUntilUs = now + Math.round(costUs);
    } else {
      this.busyUntilUs = this.handleFailure(fw, info, r, now + Math.round(costUs));
    }
    this.wake();
    this.ensureTicks();
  }

  private assumeAndBind(info: QueuedPodInfo, node: Node, cycleEndUs: number): void {
    const pod = info.pod;
    this.queue.remove(pod);
    this.unnominate(pod);
    this.sim.state.assumePod(pod, node);
    // The digest covers event kinds and times; placements are mixed in so that it also covers decisions.
    this.sim.trace.mixString(`${pod.key}>${node.name}`);
    this.binding.set(pod, info);
    const startUs = this.client.reserve(cycleEndUs);
    const at = startUs + this.sim.config.scheduler.bindLatencyUs;
    this.sim.engine.scheduleAt(
      at,
      { kind: 'PodBindingDone', pod: pod.key, uid: pod.uid, node: node.name },
      Lane.Scheduler,
    );
  }

  onBindingDone(podKey: string, uid: string, nodeName: string): void {
    const { state } = this.sim;
    const pod = state.pod(podKey);
    if (pod === undefined || pod.uid !== uid) return;
    const info = this.binding.get(pod);
    this.binding.delete(pod);
    if (pod.nodeName !== null) return;
    const cycleState = this.bindState.get(pod);
    this.bindState.delete(pod);
    // registry/core/pod/storage BindingREST (assignPod / setPodHostAndAnnotations) checks the pod, not the
    // node: a bind to a node deleted while the call waited succeeds, and PodGC removes the orphan later.
    const node = state.nodeRecord(nodeName);
    if (node === undefined || pod.deletionUs !== null || pod.assumedNode !== nodeName) {
      this.unreserve(pod, nodeName, cycleState);
      this.bindingFailed(pod, info, `pods "${pod.name}" is being deleted, cannot be assigned to a host`);
      return;
    }
    if (cycleState !== undefined && !this.preBound(pod, info, nodeName, cycleState)) return;
    state.bindPod(pod, node);
  }

  /**
   * PreBind before the Binding: true to bind now; on Wait the binding cycle polls again a second later
   * (the pod stays assumed), on failure it is forgotten and requeued.
   */
  private preBound(pod: Pod, info: QueuedPodInfo | undefined, nodeName: string, cs: CycleState): boolean {
    const fw = this.frameworks.get(pod.spec.schedulerName);
    if (fw === undefined) return true;
    const st = fw.runPreBind(cs, pod, nodeName, this.sim.nowUs);
    if (st === null) return true;
    if (st.code === Code.Wait) {
      if (info !== undefined) this.binding.set(pod, info);
      this.bindState.set(pod, cs);
      this.sim.engine.schedule(
        PREBIND_POLL_US,
        { kind: 'PodBindingDone', pod: pod.key, uid: pod.uid, node: nodeName },
        Lane.Scheduler,
      );
      return false;
    }
    fw.runUnreserve(cs, pod, nodeName);
    this.bindingFailed(pod, info, st.reasons.join(', '), `running PreBind plugin "${st.plugin}"`);
    return false;
  }

  private unreserve(pod: Pod, nodeName: string, cs: CycleState | undefined): void {
    if (cs !== undefined) this.frameworks.get(pod.spec.schedulerName)?.runUnreserve(cs, pod, nodeName);
  }

  /** A Reserve plugin failed: the pod goes back to the queue as after a failed binding cycle. */
  private reserveFailed(info: QueuedPodInfo, plugin: string, why: string): void {
    const pod = info.pod;
    const now = this.sim.nowUs;
    const message = `running Reserve plugin "${plugin}": ${why}`;
    this.sim.log.emit(now, 'Pod', 'FailedScheduling', pod.key, '', '', message);
    this.patchStatus(pod, 'SchedulerError', message, pod.nominatedNodeName, now, true);
    this.queue.requeueBindFailure(info, now);
  }

  /**
   * handleBindingCycleError: forget the assumed pod (an AssignedPodDelete for the others), then the
   * failure handler: FailedScheduling, the status PATCH (from the binding goroutine: the loop does not
   * wait), and the pod back in the queue with back-off, never an immediate retry.
   */
  private bindingFailed(
    pod: Pod,
    info: QueuedPodInfo | undefined,
    why: string,
    stage = 'running Bind plugin "DefaultBinder"',
  ): void {
    const now = this.sim.nowUs;
    // The event carries the assumed pod (still on its node); the hints read only the event's copy.
    const assumed = podObject(pod);
    this.sim.state.forgetPod(pod);
    this.moveAll(AssignedPodDelete, assumed, null);
    const message = `${stage}: ${why}`;
    this.sim.log.emit(now, 'Pod', 'FailedScheduling', pod.key, '', '', message);
    this.patchStatus(pod, 'SchedulerError', message, pod.nominatedNodeName, now, true);
    if (info !== undefined && this.wantsScheduling(pod)) {
      this.queue.requeueBindFailure(info, now);
      this.wake();
      this.ensureTicks();
    }
  }

  /**
   * handleSchedulingFailure -> updatePod (schedule_one.go): PATCH PodScheduled=False when the condition is
   * new or its reason or message changed, or the nominated node changed (podutil.UpdatePodCondition),
   * through the scheduler's client (the binds' token bucket). Returns when the caller may go on: in the
   * scheduling loop it waits for the call unless SchedulerAsyncAPICalls (or `async`, the binding
   * goroutine); the dispatcher merges a pod's queued calls.
   */
  private patchStatus(
    pod: Pod,
    reason: string,
    message: string,
    nominatedBefore: string | null,
    atUs: number,
    async = false,
  ): number {
    const c = pod.scheduledCondition;
    const changed = c === null || c.reason !== reason || c.message !== message;
    if (!changed && pod.nominatedNodeName === nominatedBefore) return atUs;
    this.sim.state.setScheduledCondition(pod, reason, message);
    const latencyUs = this.sim.config.scheduler.bindLatencyUs;
    if (!async && !this.sim.config.scheduler.asyncAPICalls) return this.client.reserve(atUs) + latencyUs;
    const queued = this.pendingPatch.get(pod);
    if (queued === undefined || queued <= atUs) this.pendingPatch.set(pod, this.client.reserve(atUs));
    return atUs;
  }

  /**
   * PostFilter (preemption), FailedScheduling, the status PATCH and requeue; returns when the scheduling
   * loop is free again (preemption dry runs and a synchronous PATCH keep it busy).
   */
  private handleFailure(fw: Framework, info: QueuedPodInfo, r: CycleResult, cycleEndUs: number): number {
    const pod = info.pod;
    const now = this.sim.nowUs;
    const nominatedBefore = pod.nominatedNodeName;
    let extraUs = 0;
    let postMsg = '';
    let message: string;
    let error = r.error !== null;
    if (r.numAllNodes === 0) {
      // schedulePod's ErrNoNodesAvailable: UnschedulableAndUnresolvable without a FitError, so no
      // PostFilter and no rejecting plugin: the pod waits in the error back-off queue.
      this.sim.state.setNominatedNode(pod, null);
      message = NoNodeAvailableMsg;
      error = true;
    } else if (r.error === null) {
      const post = fw.runPostFilter(r.state, pod, r.statuses) as PreemptionResult | null;
      if (post !== null) {
        postMsg = post.message;
        if (post.nominatedNodeName === '') this.sim.state.setNominatedNode(pod, null);
        else if (post.nominatedNodeName !== null) this.preempt(pod, post.nominatedNodeName, post.victims);
        extraUs += this.sim.config.scheduler.perFilteredNodeUs * r.numAllNodes * 0.1;
      }
      message = fitErrorMessage(r, postMsg);
    } else {
      // schedule_one.go schedulingCycle: a non-FitError failure returns clearNominatedNode.
      this.sim.state.setNominatedNode(pod, null);
      message = r.error.reasons.join(', ');
    }
    this.sim.log.emit(now, 'Pod', 'FailedScheduling', pod.key, '', '', message);
    const plugins = new Set<string>();
    if (r.numAllNodes > 0 && r.preFilterStatus?.plugin) plugins.add(r.preFilterStatus.plugin);
    for (const [st] of statusHistogram(r.statuses)) {
      if (st.plugin && (st.code === Code.Unschedulable || st.code === Code.UnschedulableAndUnresolvable))
        plugins.add(st.plugin);
    }
    this.queue.requeueFailed(info, now, plugins, error);
    const reason = r.error !== null ? 'SchedulerError' : 'Unschedulable';
    // PodScheduled=False, reason Unschedulable: what the cluster-autoscaler lists as unschedulable.
    if (reason === 'Unschedulable') this.sim.state.markUnschedulable(pod);
    return this.patchStatus(pod, reason, message, nominatedBefore, cycleEndUs + Math.round(extraUs));
  }

  /** prepareCandidate: delete the victims, clear lower-priority nominations on the node, nominate the pod. */
  private preempt(pod: Pod, nodeName: string, victims: readonly Pod[]): void {
    const { state } = this.sim;
    for (const v of victims) state.markPodDeleting(v, 'Preempted', `preempted by ${pod.key} on ${nodeName}`);
    for (const p of [...this.nominator.nominatedPods(nodeName)]) {
      if (p !== pod && p.spec.priority < pod.spec.priority) {
        state.setNominatedNode(p, null);
        if (this.queue.activate(p)) this.wake();
      }
    }
    state.setNominatedNode(pod, nodeName);
  }

  // ---- periodic flushes -------------------------------------------------------------------------

  private ensureTicks(): void {
    const now = this.sim.nowUs;
    if (this.backoffTick === null && this.queue.backoffSize > 0) {
      this.backoffTick = this.sim.engine.scheduleAt(
        nextTick(now, SCHEDULER_DEFAULTS.backoffFlushPeriodUs),
        { kind: 'SchedulerBackoffFlush' },
        Lane.Scheduler,
      );
    }
    if (this.unschedulableTick === null && this.queue.unschedulableSize > 0) {
      this.unschedulableTick = this.sim.engine.scheduleAt(
        nextTick(now, SCHEDULER_DEFAULTS.unschedulableFlushPeriodUs),
        { kind: 'SchedulerUnschedulableFlush' },
        Lane.Scheduler,
      );
    }
  }

  onBackoffFlush(): void {
    this.backoffTick = null;
    if (this.queue.flushBackoff(this.sim.nowUs) > 0) this.wake();
    this.ensureTicks();
  }

  onUnschedulableFlush(): void {
    this.unschedulableTick = null;
    if (this.queue.flushUnschedulable(this.sim.nowUs) > 0) this.wake();
    this.ensureTicks();
  }
}

/** The next instant of a ticker with this period started at t = 0, strictly after `nowUs`. */
function nextTick(nowUs: number, periodUs: number): number {
  return (Math.floor(nowUs / periodUs) + 1) * periodUs;
}

export function schedulerHandlers(scheduler: Scheduler): HandlersFor<SchedulerEvent> {
  return {
    SchedulingCycle: () => scheduler.onCycle(),
    PodBindingDone: (ev) => scheduler.onBindingDone(ev.pod, ev.uid, ev.node),
    SchedulerBackoffFlush: () => scheduler.onBackoffFlush(),
    SchedulerUnschedulableFlush: () => scheduler.onUnschedulableFlush(),
  };
}
