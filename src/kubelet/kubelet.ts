// Kubelet node agent, one per node (pkg/kubelet): registration status, the node lease
// (lease-loop.ts) and the node-status loop (status-loop.ts), plus what faults do to them: a crashed
// machine stops the kubelet, an unreachable API makes its calls fail (at once, or after the 10 s
// heartbeat client timeout), a broken container runtime makes it report Ready=False.
// node-health-timing.md §1-§2, §6 and §9 (M1, M4, M5).
//
// Two kinds of start:
// - warm: nodes of the initial cluster were running before t = 0. At t = 0 they report Ready and hold a
//   renewed lease; their loops run at a random phase (jitter on) or on the M1 grid (renewals at
//   t = 2 s mod 10 s, status ticks at 7 s mod 10 s).
// - cold: a booted or added node. The lease is synced and fastStatusUpdateOnce runs at once; regular
//   loops follow from the next period (or the next M1 grid point).
//
// Public API used by the pod workers: isUp(nodeName), the KubeletStart event, and a call to
// podWorkers.resumeNode(nodeName) whenever a kubelet becomes able to act again.

import type { TimeUs } from '../engine/time.js';
import type { HandlersFor } from '../kernel/handlers.js';
import type { EventCalendar, Kernel } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { PodMemoryUsage } from '../kernel/ports/metrics-api.js';
import type { ApiFailureMode, NodeAgent, NodeLeases, NodeLiveness } from '../kernel/ports/node-agent.js';
import type { StageSpec } from '../lifecycle/schema.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { HeartbeatReason, ReasonOf } from '../model/event-reasons.js';
import type { ConditionStatus, Node, Pod } from '../model/types.js';
import type { AgentContext } from './agent-context.js';
import type { KubeletConfig } from './config.js';
import type { KubeletEvent } from './events.js';
import { EvictionManager } from './eviction-manager.js';
import { M1_LEASE_PHASE, M1_STATUS_PHASE } from './heartbeat-timing.js';
import { LeaseLoop } from './lease-loop.js';
import type { NodeAgentEvent } from './node-agent-events.js';
import { NodeAgentTable, PostedReady } from './node-agent-table.js';
import type { PodWorkerLifecycleEvent } from './pod-events.js';
import { PodWorkers } from './pods.js';
import { StatusLoop } from './status-loop.js';
import { PerNodeUniforms } from './uniform-buffer.js';

export type { ApiFailureMode } from '../kernel/ports/node-agent.js';

/** The kernel slice the kubelet and its pod workers use: their own events and the kubelet config. */
export type KubeletKernel = Kernel<
  KubeletEvent | NodeAgentEvent | PodWorkerLifecycleEvent,
  { readonly kubelet: KubeletConfig; readonly durationUs: TimeUs }
>;

/** What the kubelet reads of other components. */
export interface KubeletPorts {
  /** The pods' working sets for the eviction manager (null: no pod uses memory). */
  readonly memoryUsage: () => PodMemoryUsage | null;
}

export class Kubelet implements AgentContext, NodeAgent, NodeLeases, NodeLiveness {
  readonly table = new NodeAgentTable();
  readonly engine: EventCalendar<KubeletEvent | NodeAgentEvent>;
  /** The pod workers of every node (pods.ts); they ask isUp() before acting. */
  readonly podWorkers: PodWorkers;
  readonly state: ClusterState;
  readonly config: KubeletConfig;
  private readonly lease: LeaseLoop;
  private readonly status: StatusLoop;
  /** The eviction manager, with spec.kubelet.evictionHard only. */
  readonly eviction: EvictionManager | null;
  private readonly warm = new Set<string>();
  /** Pods whose Ready the node lifecycle controller cleared, for the status manager to restore. */
  private readonly markedNotReady = new Set<Pod>();
  // One stream per node and loop: an idle status loop replays its skipped ticks' draws later, which
  // must not shift the lease loop's draws.
  private readonly leaseDraws = new PerNodeUniforms((i) =>
    this.sim.rng.stream(`kubelet/${this.table.nodes[i]!.name}/lease`),
  );
  private readonly statusDraws = new PerNodeUniforms((i) =>
    this.sim.rng.stream(`kubelet/${this.table.nodes[i]!.name}/status`),
  );
  private ownWrite = 0;

  constructor(
    private readonly sim: KubeletKernel,
    stages: readonly StageSpec[],
    ports: KubeletPorts = { memoryUsage: () => null },
  ) {
    this.engine = sim.engine;
    this.state = sim.state;
    this.config = sim.config.kubelet;
    this.lease = new LeaseLoop(this, this.leaseDraws);
    this.status = new StatusLoop(this, this.statusDraws);
    const eviction = sim.config.kubelet.eviction;
    this.eviction =
      eviction === null
        ? null
        : new EvictionManager(
            {
              engine: sim.engine,
              state: sim.state,
              log: sim.log,
              table: this.table,
              durationUs: sim.config.durationUs,
              usage: ports.memoryUsage,
              isUp: (i) => this.isUpIdx(i),
              killDelayUs: (pod) => this.podWorkers.stages.next('Terminating', pod)?.delayUs ?? 0,
              pressureChanged: (i) => this.nudge(i, false),
            },
            eviction,
          );
    sim.state.watch({
      nodeUpdated: (node, change) => {
        if (change === 'conditions' && this.ownWrite === 0 && node.idx < this.table.capacity) {
          this.table.apiStatusDirty[node.idx] = 1;
          this.nudge(node.idx, false);
        }
      },
      nodeDeleted: (node) => this.stop(node),
      podUpdated: (pod, change) => {
        if (change === 'ready') this.podReadyChanged(pod);
      },
      podDeleted: (pod) => {
        this.markedNotReady.delete(pod);
      },
    });
    // After the kubelet's own watch: the kubelet sees a store change before its pod workers do.
    this.podWorkers = new PodWorkers(sim, stages, this);
  }

  /** Schedules the (warm) start of every node of the initial cluster at the current instant. */
  startAll(): void {
    for (const node of this.sim.state.nodes) {
      this.warm.add(node.name);
      this.sim.engine.schedule(0, { kind: 'KubeletStart', node: node.name }, Lane.External);
    }
    this.eviction?.start();
  }

  onStart(nodeName: string): void {
    const node = this.state.node(nodeName);
    if (!node) return;
    const i = this.table.bind(node);
    const warm = this.warm.delete(nodeName);
    if (this.table.started[i] === 1 || (this.table.machineDown[i] as number) > 0) return;
    this.table.started[i] = 1;
    if (warm) this.startWarm(i);
    else {
      this.lease.startNow(i);
      this.status.startNow(i);
    }
    if (this.isUpIdx(i)) this.podWorkers.resumeNode(nodeName);
  }

  /**
   * Whether this node's kubelet is running and can reach the API server, i.e. whether it can start
   * containers and confirm pod deletions now. The pod workers ask before every such step.
   */
  isUp(nodeName: string): boolean {
    const node = this.state.node(nodeName);
    if (node === undefined) return false;
    const i = node.idx;
    // An initial node's kubelet was running before t = 0: up from the start unless a fault says otherwise.
    if (this.warm.has(nodeName)) return i >= this.table.capacity || this.noFaults(i);
    return i < this.table.capacity && this.isUpIdx(i);
  }

  // ---- faults (src/faults) -------------------------------------------------------------------------

  /** The machine stops: no lease, no status, no container work. */
  crash(node: Node): void {
    const i = this.table.bind(node);
    if ((this.table.machineDown[i] as number) === 0) this.stop(node);
    this.table.machineDown[i] = (this.table.machineDown[i] as number) + 1;
  }

  /** The machine boots again (when no other crash holds it down): the kubelet starts cold. */
  boot(node: Node): void {
    const i = this.table.bind(node);
    if ((this.table.machineDown[i] as number) === 0) return;
    this.table.machineDown[i] = (this.table.machineDown[i] as number) - 1;
    if (this.table.machineDown[i] === 0) this.onStart(node.name);
  }

  /** The kubelet's API calls start failing (partition, or lease-renew-failures). */
  apiFaultStart(node: Node, mode: ApiFailureMode): void {
    const i = this.table.bind(node);
    const t = this.table;
    if (t.started[i] === 1) this.lease.wake(i);
    t.apiFaults[i] = (t.apiFaults[i] as number) + 1;
    if (mode === 'timeout') t.apiTimeoutFaults[i] = (t.apiTimeoutFaults[i] as number) + 1;
    this.nudge(i, true);
  }

  apiFaultEnd(node: Node, mode: ApiFailureMode): void {
    const i = this.table.bind(node);
    if (this.table.apiFaults[i] === 0) return;
    const wasUp = this.isUpIdx(i);
    const t = this.table;
    t.apiFaults[i] = (t.apiFaults[i] as number) - 1;
    if (mode === 'timeout' && (t.apiTimeoutFaults[i] as number) > 0) {
      t.apiTimeoutFaults[i] = (t.apiTimeoutFaults[i] as number) - 1;
    }
    this.nudge(i, true);
    this.resumeIfUp(i, wasUp);
  }

  /** Container runtime down: the kubelet keeps heartbeating and reports Ready=False at its next tick. */
  runtimeDownStart(node: Node): void {
    const i = this.table.bind(node);
    this.table.runtimeDown[i] = (this.table.runtimeDown[i] as number) + 1;
    this.nudge(i, true);
  }

  runtimeDownEnd(node: Node): void {
    const i = this.table.bind(node);
    if (this.table.runtimeDown[i] === 0) return;
    const wasUp = this.isUpIdx(i);
    this.table.runtimeDown[i] = (this.table.runtimeDown[i] as number) - 1;
    this.nudge(i, true);
    this.resumeIfUp(i, wasUp);
  }

  /**
   * Brings every idle lease loop's renewTime up to now (renewals at now included, as kubelet writes
   * come first at one instant). Readers of leases call it first: the node lifecycle controller's pass.
   */
  flushLeases(): void {
    const t = this.table;
    const nowUs = this.engine.nowUs;
    const idle = t.leaseIdle;
    const next = t.leaseNextUs;
    // A loop whose next sync is after now has nothing to replay (about half of them at a 5 s pass).
    for (let i = 0; i < t.capacity; i++) {
      if (idle[i] === 1 && (next[i] as number) <= nowUs) this.lease.flush(i, nowUs, true);
    }
  }

  // ---- event dispatch -------------------------------------------------------------------------------

  onLeaseSync(i: number): void {
    if (this.table.started[i] === 1) this.lease.onEvent(i);
  }

  onStatusTick(i: number): void {
    if (this.table.started[i] === 1) this.status.onTick(i);
  }

  onFastStatus(i: number): void {
    if (this.table.started[i] === 1) this.status.onFastPoll(i);
  }

  // ---- AgentContext ---------------------------------------------------------------------------------

  failAfterUs(i: number): TimeUs {
    const t = this.table;
    if (t.apiFaults[i] === 0) return -1;
    return (t.apiTimeoutFaults[i] as number) > 0 ? this.config.heartbeatClientTimeoutUs : 0;
  }

  renewLease(i: number, atUs?: TimeUs): void {
    this.state.renewLease(i, atUs);
    if (this.config.heartbeatEvents) this.heartbeatRow(i, 'LeaseRenewed', '');
  }

  apiReadyStatus(i: number): ConditionStatus | null {
    return this.table.nodes[i]!.conditions.get('Ready')?.status ?? null;
  }

  beginOwnWrite(): void {
    this.ownWrite++;
  }

  endOwnWrite(): void {
    this.ownWrite--;
  }

  /** The status manager's reconcile: pods the node lifecycle controller marked NotReady get Ready back. */
  restorePodsReady(i: number): void {
    const node = this.table.nodes[i]!;
    this.table.podsNeedReady[i] = 0;
    for (const pod of node.pods) {
      if (!this.markedNotReady.delete(pod)) continue;
      if (pod.nodeName === node.name && pod.phase === 'Running' && pod.deletionUs === null && !pod.ready) {
        this.state.setPodReady(pod, true);
      }
    }
  }

  /**
   * A running pod losing Ready while its node is not Ready was marked by the node lifecycle controller
   * (MarkPodsNotReady): the kubelet still sees it ready and will write that back. Ready changes the
   * kubelet's own pod workers make (a crashed container) happen on a Ready node and are left alone.
   */
  private podReadyChanged(pod: Pod): void {
    if (pod.ready) {
      this.markedNotReady.delete(pod);
      return;
    }
    if (pod.phase !== 'Running' || pod.nodeName === null) return;
    const node = this.state.node(pod.nodeName);
    if (node === undefined || node.idx >= this.table.capacity) return;
    if (node.conditions.get('Ready')?.status === 'True') return;
    this.markedNotReady.add(pod);
    this.table.podsNeedReady[node.idx] = 1;
    this.nudge(node.idx, false);
  }

  /** A per-heartbeat events.csv row, only with kubelet.heartbeatEvents: true. */
  heartbeatRow(i: number, reason: HeartbeatReason, detail: string): void {
    if (!this.config.heartbeatEvents) return;
    const node = this.table.nodes[i]!;
    this.sim.log.emit(this.engine.nowUs, 'Node', reason, node.name, node.name, node.zone, detail);
  }

  nodeRow(i: number, reason: ReasonOf<'Node'>, detail: string): void {
    const node = this.table.nodes[i]!;
    this.sim.log.emit(this.engine.nowUs, 'Node', reason, node.name, node.name, node.zone, detail);
  }

  // ---- internals ------------------------------------------------------------------------------------

  /** Wakes an idle status loop whose next tick may now have something to do. */
  private nudge(i: number, seenThisInstant: boolean): void {
    if (this.table.started[i] === 1) this.status.nudge(i, seenThisInstant);
  }

  private isUpIdx(i: number): boolean {
    return this.table.started[i] === 1 && this.noFaults(i);
  }

  private noFaults(i: number): boolean {
    const t = this.table;
    return t.machineDown[i] === 0 && t.apiFaults[i] === 0 && t.runtimeDown[i] === 0;
  }

  private resumeIfUp(i: number, wasUp: boolean): void {
    if (!wasUp && this.isUpIdx(i)) this.podWorkers.resumeNode(this.table.nodes[i]!.name);
  }

  private startWarm(i: number): void {
    const nowUs = this.engine.nowUs;
    const cfg = this.config;
    const jitter = cfg.jitterFactor > 0;
    // A running cluster's kubelets are at arbitrary phases; M1 puts them all on one grid.
    const leasePhase = jitter ? this.leaseDraws.next(i) : M1_LEASE_PHASE;
    const statusPhase = jitter ? this.statusDraws.next(i) : M1_STATUS_PHASE;
    this.status.startWarm(i, nowUs + Math.round(statusPhase * cfg.nodeStatusUpdateFrequencyUs));
    this.lease.startWarm(i, nowUs + Math.round(leasePhase * cfg.leaseRenewIntervalUs));
  }

  private stop(node: Node): void {
    if (node.idx >= this.table.capacity) return;
    const i = node.idx;
    const t = this.table;
    // Renewals before the stop happened; replay them before the loop is gone.
    this.lease.flush(i, this.engine.nowUs, false);
    t.leaseIdle[i] = 0;
    t.started[i] = 0;
    this.cancel(t.leaseHandle, i);
    this.cancel(t.statusHandle, i);
    this.cancel(t.fastHandle, i);
    t.leaseCached[i] = 0;
    t.postedSinceStart[i] = 0;
    t.postedReady[i] = PostedReady.None;
    t.postedMemoryPressure[i] = 0;
    this.eviction?.stop(i);
  }

  private cancel(handles: Float64Array, i: number): void {
    const h = handles[i] as number;
    if (h >= 0) this.engine.cancel(h);
    handles[i] = -1;
  }
}

type NodeAgentDispatch =
  | Extract<
      KubeletEvent,
      { kind: 'KubeletStart' | 'KubeletEvictionSync' | 'KubeletEvictionNodeSync' | 'PodEvictionKilled' }
    >
  | NodeAgentEvent;

export function kubeletHandlers(kubelet: Kubelet): HandlersFor<NodeAgentDispatch> {
  return {
    KubeletStart: (ev) => kubelet.onStart(ev.node),
    KubeletLeaseSync: (ev) => kubelet.onLeaseSync(ev.idx),
    KubeletStatusTick: (ev) => kubelet.onStatusTick(ev.idx),
    KubeletFastStatus: (ev) => kubelet.onFastStatus(ev.idx),
    KubeletEvictionSync: () => kubelet.eviction?.onGridSync(),
    KubeletEvictionNodeSync: (ev) => kubelet.eviction?.onNodeSync(ev.idx),
    PodEvictionKilled: (ev) => kubelet.eviction?.onKilled(ev.pod, ev.uid),
  };
}
