// The kube-scheduler component (pkg/scheduler/scheduler.go, schedule_one.go): one scheduling loop over
// one queue shared by every profile. Each SchedulingCycle pops a pod, runs the profile's framework
// (cycle.ts) at that instant, assumes the pod on the chosen node, and keeps the loop busy for the
// modelled cycle cost; binding then waits for the client's token bucket (clientConnection QPS/burst) and
// the bind latency before the Binding is written. Failures run PostFilter (preemption), emit
// FailedScheduling and requeue the pod; cluster events move unschedulable pods back (scheduler.md §1, §6).

import { TokenBucket } from '../controllers/rate-limiter.js';
import type { EventHandle } from '../engine/event-queue.js';
import type { ClusterWatcher, NodeChange, PodChange } from '../model/cluster-state.js';
import type { Node, Pod } from '../model/types.js';
import type { Sim } from '../sim/context.js';
import { Lane } from '../sim/events.js';
import type { HandlersFor } from '../sim/wiring.js';
import { SchedulerCache } from './cache.js';
import { type CycleResult, fitErrorMessage, schedulePod } from './cycle.js';
import { SCHEDULER_DEFAULTS } from './defaults.js';
import type { SchedulerEvent } from './events.js';
import { type ClusterEvent, Code } from './framework.js';
import type { PreemptionResult } from './plugins/default-preemption/index.js';
import { less as prioritySortLess } from './plugins/priority-sort/index.js';
import { type QueuedPodInfo, SchedulingQueue } from './queue/scheduling-queue.js';
import { Framework } from './runtime.js';

export class Scheduler implements ClusterWatcher {
  readonly cache: SchedulerCache;
  readonly frameworks = new Map<string, Framework>();
  readonly queue: SchedulingQueue;
  private readonly nominated = new Map<string, Pod[]>();
  private readonly nominator = {
    scheduler: this,
    get any(): boolean {
      return this.scheduler.nominated.size > 0;
    },
    nominatedPods(n: string): readonly Pod[] {
      return this.scheduler.nominated.get(n) ?? [];
    },
  };
  private readonly client: TokenBucket;
  private nextStartNodeIndex = 0;
  private cycleHandle: EventHandle | null = null;
  private busyUntilUs = 0;
  private backoffTick: EventHandle | null = null;
  private unschedulableTick: EventHandle | null = null;
  /** Pods whose Binding is in flight, by key (uid checked on completion). */
  private readonly binding = new Set<Pod>();

  constructor(private readonly sim: Sim) {
    const settings = sim.config.scheduler;
    this.cache = new SchedulerCache(sim.state);
    for (const profile of settings.profiles) {
      const rng = sim.rng.stream(`scheduler/${profile.schedulerName}`);
      const fw = new Framework(profile, {
        cache: this.cache,
        minorVersion: sim.config.version.minor,
        rng,
        nominator: this.nominator,
      });
      this.frameworks.set(profile.schedulerName, fw);
    }
    const interested = new Map<ClusterEvent, string[]>();
    for (const fw of this.frameworks.values()) {
      for (const p of fw.plugins.values()) {
        for (const ev of p.events ?? []) {
          const list = interested.get(ev) ?? [];
          if (!list.includes(p.name)) list.push(p.name);
          interested.set(ev, list);
        }
      }
    }
    this.queue = new SchedulingQueue(
      {
        initialBackoffUs: settings.podInitialBackoffUs,
        maxBackoffUs: settings.podMaxBackoffUs,
        maxInUnschedulableUs: SCHEDULER_DEFAULTS.podMaxInUnschedulablePodsDurationUs,
        popFromBackoff: sim.config.version.minor >= 33,
        interested,
      },
      prioritySortLess,
    );
    this.client = new TokenBucket(settings.clientQps, settings.clientBurst, 0);
    sim.state.watch(this);
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
        this.clusterEvent('AssignedPodAdd');
        break;
      case 'phase':
        if ((pod.phase === 'Succeeded' || pod.phase === 'Failed') && pod.nodeName !== null) {
          this.clusterEvent('AssignedPodDelete');
        }
        break;
      case 'nominated':
        this.unnominate(pod);
        if (pod.nominatedNodeName !== null) {
          const list = this.nominated.get(pod.nominatedNodeName) ?? [];
          list.push(pod);
          this.nominated.set(pod.nominatedNodeName, list);
        }
        break;
      default:
        break;
    }
  }

  podDeleted(pod: Pod): void {
    this.queue.remove(pod);
    this.unnominate(pod);
    if (pod.nodeName !== null && pod.phase !== 'Succeeded' && pod.phase !== 'Failed') {
      this.clusterEvent('AssignedPodDelete');
    }
  }

  nodeAdded(_node: Node): void {
    this.clusterEvent('NodeAdd');
  }

  nodeUpdated(_node: Node, change: NodeChange): void {
    if (change === 'taints') this.clusterEvent('NodeTaintChange');
    else if (change === 'spec') this.clusterEvent('NodeSpecChange');
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

  private unnominate(pod: Pod): void {
    for (const [node, list] of this.nominated) {
      const i = list.indexOf(pod);
      if (i < 0) continue;
      list.splice(i, 1);
      if (list.length === 0) this.nominated.delete(node);
    }
  }

  private clusterEvent(ev: ClusterEvent): void {
    if (this.queue.moveAllForEvent(ev, this.sim.nowUs) > 0) this.wake();
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
    });
    const n = this.cache.nodes.length;
    if (n > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + r.processed) % n;
    let costUs =
      settings.cycleBaseUs +
      settings.perFilteredNodeUs * r.evaluated +
      settings.perScoredNodeUs * r.scoredNodes;
    if (r.selected !== null) this.assumeAndBind(info, r.selected.node, now + Math.round(costUs));
    else costUs += this.handleFailure(fw, info, r);
    this.busyUntilUs = now + Math.round(costUs);
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
    this.binding.add(pod);
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
    this.binding.delete(pod);
    const node = state.node(nodeName);
    if (pod.nodeName !== null) return;
    if (node === undefined || pod.deletionUs !== null || pod.assumedNode !== nodeName) {
      // The binding failed: forget the assumed pod and try again after backoff.
      state.forgetPod(pod);
      if (pod.deletionUs === null && this.wantsScheduling(pod)) {
        this.queue.add(pod, this.sim.nowUs);
        this.wake();
      }
      return;
    }
    state.bindPod(pod, node);
  }

  /** PostFilter (preemption), FailedScheduling and requeue; returns extra cost (preemption dry runs). */
  private handleFailure(fw: Framework, info: QueuedPodInfo, r: CycleResult): number {
    const pod = info.pod;
    const now = this.sim.nowUs;
    let extraUs = 0;
    let postMsg = '';
    if (r.error === null) {
      const post = fw.runPostFilter(r.state, pod, r.statuses) as PreemptionResult | null;
      if (post !== null) {
        postMsg = post.message;
        if (post.nominatedNodeName === '') this.sim.state.setNominatedNode(pod, null);
        else if (post.nominatedNodeName !== null) this.preempt(pod, post.nominatedNodeName, post.victims);
        extraUs += this.sim.config.scheduler.perFilteredNodeUs * r.numAllNodes * 0.1;
      }
    } else {
      // schedule_one.go schedulingCycle: a non-FitError failure returns clearNominatedNode.
      this.sim.state.setNominatedNode(pod, null);
    }
    const message = r.error !== null ? r.error.reasons.join(', ') : fitErrorMessage(r, postMsg);
    // handleSchedulingFailure: a FitError sets PodScheduled=False, reason Unschedulable.
    if (r.error === null) this.sim.state.markUnschedulable(pod);
    this.sim.log.emit(now, 'Pod', 'FailedScheduling', pod.key, '', '', message);
    const plugins = new Set<string>();
    if (r.preFilterStatus?.plugin) plugins.add(r.preFilterStatus.plugin);
    for (const st of r.statuses.values()) {
      if (st.plugin && (st.code === Code.Unschedulable || st.code === Code.UnschedulableAndUnresolvable))
        plugins.add(st.plugin);
    }
    this.queue.requeueFailed(info, now, plugins, r.error !== null);
    return extraUs;
  }

  /** prepareCandidate: delete the victims, clear lower-priority nominations on the node, nominate the pod. */
  private preempt(pod: Pod, nodeName: string, victims: readonly Pod[]): void {
    const { state } = this.sim;
    for (const v of victims) state.markPodDeleting(v, 'Preempted', `preempted by ${pod.key} on ${nodeName}`);
    for (const p of [...(this.nominated.get(nodeName) ?? [])]) {
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

export const schedulerHandlers: HandlersFor<SchedulerEvent> = {
  SchedulingCycle: (_ev, sim) => sim.scheduler.onCycle(),
  PodBindingDone: (ev, sim) => sim.scheduler.onBindingDone(ev.pod, ev.uid, ev.node),
  SchedulerBackoffFlush: (_ev, sim) => sim.scheduler.onBackoffFlush(),
  SchedulerUnschedulableFlush: (_ev, sim) => sim.scheduler.onUnschedulableFlush(),
};
