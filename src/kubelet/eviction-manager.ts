// The kubelet's eviction manager for memory (pkg/kubelet/eviction/eviction_manager.go Start and
// synchronize), run only when spec.kubelet.evictionHard sets memory.available. Decisions are the pure
// functions of eviction.ts; this class keeps the per-node state and the loop's timing:
// - synchronize every evictionMonitoringPeriod (10 s). Nodes share one grid from t = 0 (one pass over
//   the load model's pods fills every node's working set); after an eviction a node leaves the grid: the
//   manager waits for the pod to be cleaned up (the kill, then the next 1 s cleanup poll), synchronizes
//   at once, and sleeps 10 s after a sync that evicts nothing, on its own timer from then on;
// - MemoryPressure is a flag of the node agent's table that the status loop posts at its next tick
//   (the node lifecycle controller then taints the node memory-pressure:NoSchedule);
// - an eviction writes the Pod row Evicted (message evictionMessage's) and Killing, and after the kill
//   (the Terminating stage, at most the 1 s grace) the pod is Failed with reason Evicted; its controller
//   replaces it. One EvictionThresholdMet row on the Node per episode of met thresholds (the event
//   recorder folds the repeats into a count).
// A stopped kubelet's manager forgets everything; a kubelet that starts again joins the grid. Working
// sets come from the load model (noise-free); pods without a load entry use no memory, and system
// daemons are not modelled.

import type { TimeUs } from '../engine/time.js';
import type { EventCalendar, EventHandle } from '../kernel/kernel.js';
import { Lane } from '../kernel/lanes.js';
import type { PodMemoryUsage } from '../kernel/ports/metrics-api.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { EventLog } from '../model/event-log.js';
import type { Node, Pod } from '../model/types.js';
import type { EvictionConfig } from './config.js';
import {
  type ContainerUsage,
  EVICTION_MONITORING_PERIOD_US,
  type EvictionCandidate,
  evictionMessage,
  IMMEDIATE_EVICTION_GRACE_US,
  metSignal,
  observeMemory,
  POD_CLEANUP_POLL_US,
  rankMemoryPressure,
  SYSTEM_CRITICAL_PRIORITY,
  underPressure,
} from './eviction.js';
import type { NodeAgentTable } from './node-agent-table.js';

export type EvictionEvent =
  /** The grid's synchronize for every node on it. */
  | { readonly kind: 'KubeletEvictionSync' }
  /** One node's synchronize, off the grid since it evicted a pod. */
  | { readonly kind: 'KubeletEvictionNodeSync'; readonly node: string; readonly idx: number }
  /** An evicted pod's containers are killed: the pod is Failed (reason Evicted). */
  | { readonly kind: 'PodEvictionKilled'; readonly pod: string; readonly uid: string };

export interface EvictionHost {
  readonly engine: EventCalendar<EvictionEvent>;
  readonly state: ClusterState;
  readonly log: EventLog;
  readonly table: NodeAgentTable;
  readonly durationUs: TimeUs;
  readonly usage: () => PodMemoryUsage | null;
  /** Whether the node's kubelet runs and can act (started, no fault). */
  isUp(i: number): boolean;
  /** How long stopping the pod's containers takes (the Terminating stage). */
  killDelayUs(pod: Pod): TimeUs;
  /** The MemoryPressure flag changed: wake the status loop. */
  pressureChanged(i: number): void;
}

export class EvictionManager {
  /** Working set per node index, filled by the grid pass. */
  private ws = new Float64Array(0);
  /** When a threshold was last met, per node index (thresholdsFirstObservedAt / nodeConditionsLastObservedAt). */
  private readonly lastMetUs = new Map<number, TimeUs>();
  /** Nodes whose thresholds were met at their last synchronize (one EvictionThresholdMet row per episode). */
  private readonly met = new Set<number>();
  /** Nodes on their own timer, with its handle. */
  private readonly offGrid = new Map<number, EventHandle>();
  /** Pods being killed (uid). */
  private readonly killing = new Set<string>();

  constructor(
    private readonly host: EvictionHost,
    private readonly config: EvictionConfig,
  ) {}

  start(): void {
    this.host.engine.schedule(0, { kind: 'KubeletEvictionSync' }, Lane.External);
  }

  onGridSync(): void {
    const h = this.host;
    const now = h.engine.nowUs;
    const t = h.table;
    if (this.ws.length < t.capacity) this.ws = new Float64Array(t.capacity);
    else this.ws.fill(0);
    h.usage()?.forEachWorkingSet(now, (pod, bytes) => {
      const node = pod.nodeName === null ? undefined : h.state.node(pod.nodeName);
      if (node !== undefined && node.idx < this.ws.length)
        this.ws[node.idx] = (this.ws[node.idx] as number) + bytes;
    });
    for (let i = 0; i < t.capacity; i++) {
      if (t.nodes[i] === undefined || this.offGrid.has(i)) continue;
      if (h.isUp(i)) this.synchronize(i, this.ws[i] as number);
    }
    const next = now + EVICTION_MONITORING_PERIOD_US;
    if (next <= h.durationUs) h.engine.scheduleAt(next, { kind: 'KubeletEvictionSync' }, Lane.External);
  }

  onNodeSync(i: number): void {
    this.offGrid.delete(i);
    const h = this.host;
    const node = h.table.nodes[i];
    if (node === undefined || !h.isUp(i)) return;
    const usage = h.usage();
    let ws = 0;
    if (usage !== null)
      for (const pod of this.activePods(node)) ws += usage.workingSetOf(pod, h.engine.nowUs);
    if (!this.synchronize(i, ws)) this.scheduleNode(i, EVICTION_MONITORING_PERIOD_US);
  }

  /** The kubelet stopped: the manager's state for the node is gone, and so is the pressure it reported. */
  stop(i: number): void {
    const handle = this.offGrid.get(i);
    if (handle !== undefined) this.host.engine.cancel(handle);
    this.offGrid.delete(i);
    this.lastMetUs.delete(i);
    this.met.delete(i);
    if (i < this.host.table.capacity) this.host.table.memoryPressure[i] = 0;
  }

  onKilled(podKey: string, uid: string): void {
    this.killing.delete(uid);
    const h = this.host;
    const pod = h.state.pod(podKey);
    if (pod === undefined || pod.uid !== uid || pod.phase === 'Succeeded' || pod.phase === 'Failed') return;
    if (pod.ready) h.state.setPodReady(pod, false);
    h.state.setPodPhase(pod, 'Failed', 'Evicted');
  }

  /** synchronize for one node with its working set now; returns whether it evicted a pod. */
  private synchronize(i: number, workingSetBytes: number): boolean {
    const h = this.host;
    const t = h.table;
    const node = t.nodes[i] as Node;
    const now = h.engine.nowUs;
    const observations = observeMemory(
      node.capacity.memory,
      node.allocatable.memory,
      workingSetBytes,
      this.config.memoryAvailable,
    );
    const met = metSignal(observations);
    if (met !== null) this.lastMetUs.set(i, now);
    const pressure = underPressure(this.lastMetUs.get(i) ?? null, now, this.config.pressureTransitionPeriodUs)
      ? 1
      : 0;
    if (pressure === 0) this.lastMetUs.delete(i);
    if (t.memoryPressure[i] !== pressure) {
      t.memoryPressure[i] = pressure;
      h.pressureChanged(i);
    }
    if (met === null) {
      this.met.delete(i);
      return false;
    }
    if (!this.met.has(i)) {
      this.met.add(i);
      h.log.emit(
        now,
        'Node',
        'EvictionThresholdMet',
        node.name,
        node.name,
        node.zone,
        'Attempting to reclaim memory',
      );
    }
    const victim = this.pickVictim(node);
    if (victim === null) return false;
    this.evict(i, node, victim.pod, evictionMessage(met, this.containerUsage(victim)));
    return true;
  }

  /** The first non-critical pod in rankMemoryPressure order, or null. */
  private pickVictim(node: Node): EvictionCandidate<Pod> | null {
    const usage = this.host.usage();
    const now = this.host.engine.nowUs;
    const candidates: EvictionCandidate<Pod>[] = [];
    for (const pod of this.activePods(node))
      candidates.push({
        pod,
        workingSetBytes: usage === null ? 0 : usage.workingSetOf(pod, now),
        requestBytes: pod.requests.memory,
        priority: pod.spec.priority,
      });
    for (const c of rankMemoryPressure(candidates)) if (c.priority < SYSTEM_CRITICAL_PRIORITY) return c;
    return null;
  }

  /** The kubelet's active pods on the node: bound, not terminal, not being deleted or killed. */
  private activePods(node: Node): Pod[] {
    const out: Pod[] = [];
    for (const pod of node.pods)
      if (
        pod.nodeName === node.name &&
        pod.deletionUs === null &&
        (pod.phase === 'Pending' || pod.phase === 'Running') &&
        !this.killing.has(pod.uid)
      )
        out.push(pod);
    return out;
  }

  private containerUsage(c: EvictionCandidate<Pod>): ContainerUsage[] {
    const shares = this.host.usage()?.containerShares(c.pod);
    return c.pod.spec.containers.map((k, j) => ({
      name: k.name,
      workingSetBytes: Math.trunc(c.workingSetBytes * ((shares?.[j] as number | undefined) ?? 0)),
      requestBytes: k.requests.memory ?? 0,
    }));
  }

  /** evictPod with the 1 s grace of a hard threshold; the next synchronize after the cleanup poll. */
  private evict(i: number, node: Node, pod: Pod, message: string): void {
    const h = this.host;
    const now = h.engine.nowUs;
    h.log.emit(now, 'Pod', 'Evicted', pod.key, node.name, node.zone, message);
    if (pod.phase === 'Running') h.log.emit(now, 'Pod', 'Killing', pod.key, node.name, node.zone);
    const killUs = Math.min(h.killDelayUs(pod), IMMEDIATE_EVICTION_GRACE_US);
    this.killing.add(pod.uid);
    h.engine.schedule(killUs, { kind: 'PodEvictionKilled', pod: pod.key, uid: pod.uid }, Lane.External);
    this.scheduleNode(i, killUs + POD_CLEANUP_POLL_US);
  }

  private scheduleNode(i: number, delayUs: TimeUs): void {
    const h = this.host;
    const node = h.table.nodes[i] as Node;
    if (h.engine.nowUs + delayUs > h.durationUs) return;
    this.offGrid.set(
      i,
      h.engine.schedule(delayUs, { kind: 'KubeletEvictionNodeSync', node: node.name, idx: i }, Lane.External),
    );
  }
}
