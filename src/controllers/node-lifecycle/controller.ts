// The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go),
// node-health-timing.md §3 and §5, timed by virtual time under M1-M8 (§9):
// - monitorNodeHealth every nodeMonitorPeriod: probe from lease renewals and Ready heartbeats, Ready and
//   the pressure conditions set to Unknown once the grace period is over, pods marked NotReady, nodes
//   queued for NoExecute tainting based on the Ready condition *observed before* the pass, and
//   handleDisruption (zone states, limiter swaps, master disruption mode) at the end.
// - doNoExecuteTaintingPass on a 100 ms grid: one rate-limited queue per zone (taint-queue.ts). Ticks in
//   which no zone could take a token are skipped; the grid and token arithmetic make that exact.
// - doNoScheduleTaintingPass on every Node add/update (not rate-limited).
// The pass reads the flattened informer cache (node-mirror.ts) and touches Node objects only when a node
// needs a write, so a healthy 5000-node pass is a loop over typed arrays.

import { apiTimeUs, type TimeUs } from '../../engine/time.js';
import { Lane } from '../../kernel/lanes.js';
import type { NodeLeases } from '../../kernel/ports/node-agent.js';
import type { ClusterState } from '../../model/cluster-state.js';
import {
  type ConditionStatus,
  type Node,
  type Taint,
  TaintNodeNotReady,
  TaintNodeUnreachable,
} from '../../model/types.js';
import type { ControllerManagerConfig } from '../controller-manager-config.js';
import type { KcmController, KcmControllerModule, KcmKernel } from '../kcm-controller.js';
import type { NodeLifecycleEvent } from './events.js';
import { HealthTable, isStale, refreshProbe } from './health-table.js';
import { desiredNoScheduleKeys, noScheduleDiff, noScheduleInSync } from './no-schedule-taints.js';
import { NodeMirror, NoExec, READY_STATUS, Ready } from './node-mirror.js';
import { type TryResult, ZoneTaintQueue } from './taint-queue.js';
import { computeZoneState, planDisruption, type ZoneState, zoneLimiterQps } from './zone-state.js';

/** Retry after a failed cache read in doNoExecuteTaintingPass: 50 ms, plus RateLimitedTimedQueue's +1. */
const TAINT_RETRY_US = 50_000 + 1;
const CONDITIONS_SET_UNKNOWN = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** What the controller remembers about a zone (zoneStates + zoneNoExecuteTainter); lost on restart. */
interface ZoneMemory {
  queue: ZoneTaintQueue;
  /** undefined once handleDisruption dropped the zone (no non-excluded nodes in a pass). */
  state: ZoneState | undefined;
}

export class NodeLifecycleController implements KcmController<NodeLifecycleEvent> {
  readonly handlers = {
    NodeMonitorPass: () => this.onMonitorPass(),
    NoExecuteTaintingTick: () => this.onTaintingTick(),
    NoScheduleTaintPass: (ev: Extract<NodeLifecycleEvent, { kind: 'NoScheduleTaintPass' }>) =>
      this.onNoScheduleTaintPass(ev.node),
  };
  private readonly state: ClusterState;
  private readonly cfg: ControllerManagerConfig;
  private readonly cache: NodeMirror;
  private readonly health = new HealthTable();
  /** Zone memory by zone id (cache.zoneKeys); undefined until the controller sees the zone. */
  private zones: (ZoneMemory | undefined)[] = [];
  /** Zone ids in ascending key order, for deterministic per-zone loops and rows. */
  private zoneOrder: number[] = [];
  /** Per-pass counts of Ready and not-Ready non-excluded nodes, by zone id. */
  private readyCount = new Int32Array(0);
  private notReadyCount = new Int32Array(0);
  /** Last zone state written to events.csv (kept across restarts: it is the log's memory). */
  private readonly reported = new Map<string, ZoneState>();
  private readonly passEvent: NodeLifecycleEvent = { kind: 'NodeMonitorPass' };
  private readonly tickEvent: NodeLifecycleEvent = { kind: 'NoExecuteTaintingTick' };
  private passHandle = -1;
  private tickHandle = -1;
  private tickAtUs = -1;
  /** Start of the tainting loop's 100 ms grid (controller start). */
  private loopStartUs = 0;
  private readonly noSchedulePending = new Set<string>();
  private readonly taintAction = (name: string): TryResult => this.taintHead(name);

  constructor(
    private readonly sim: KcmKernel<NodeLifecycleEvent>,
    private readonly leases: NodeLeases,
  ) {
    this.state = sim.state;
    this.cfg = sim.config.controllerManager;
    this.cache = new NodeMirror(sim.state);
    sim.state.watch({
      nodeAdded: (node) => this.noScheduleCheck(node),
      nodeUpdated: (node, change) => {
        if (change === 'conditions' || change === 'spec') this.noScheduleCheck(node);
      },
    });
  }

  /** A restart drops the probes, zone states and queues; start() rebuilds them from nothing. */
  restart(): void {
    this.start();
  }

  /** Starts (or, after a kube-controller-manager restart, restarts) the loops at the current instant. */
  start(): void {
    const nowUs = this.sim.nowUs;
    if (this.passHandle >= 0) this.sim.engine.cancel(this.passHandle);
    if (this.tickHandle >= 0) this.sim.engine.cancel(this.tickHandle);
    this.tickHandle = -1;
    this.tickAtUs = -1;
    this.health.clear();
    this.zones = [];
    this.zoneOrder = [];
    this.loopStartUs = nowUs;
    this.passHandle = this.sim.engine.scheduleAt(nowUs, this.passEvent, Lane.MonitorPass);
  }

  // ---- monitorNodeHealth ----------------------------------------------------------------------------

  onMonitorPass(): void {
    const nowUs = this.sim.nowUs;
    this.passHandle = this.sim.engine.schedule(
      this.cfg.nodeMonitorPeriodUs,
      this.passEvent,
      Lane.MonitorPass,
    );
    const zoneCount = this.cache.zoneKeys.length;
    if (this.readyCount.length < zoneCount) {
      this.readyCount = new Int32Array(zoneCount * 2);
      this.notReadyCount = new Int32Array(zoneCount * 2);
    }
    this.readyCount.fill(0);
    this.notReadyCount.fill(0);
    // The lease informer: kubelets in steady state write their renewals when leases are read.
    this.leases.flushLeases();
    const live = this.cache.live;
    this.health.ensure(this.cache.capacity - 1);
    for (let k = 0; k < live.length; k++) {
      const i = live[k] as number;
      if (!this.steadyNode(i, nowUs)) this.monitorNode(i, nowUs);
    }
    this.handleDisruption(nowUs);
    this.armTick(nowUs, false);
  }

  /**
   * monitorNode's outcome for the common case, without its calls: a known node whose cached Ready is
   * True, without NoExecute taints, not queued, in a zone with a state, and not stale after the probe
   * refresh only counts as Ready in its zone. Returns false (having at most refreshed the probe, which
   * monitorNode's own refresh then leaves as it is) for every other node.
   */
  private steadyNode(i: number, nowUs: TimeUs): boolean {
    const c = this.cache;
    const h = this.health;
    if (h.known[i] === 0 || c.ready[i] !== Ready.True || c.noExecute[i] !== 0 || h.queued[i] !== 0) {
      return false;
    }
    const z = c.zoneId[i] as number;
    if (this.zones[z]?.state === undefined) return false;
    refreshProbe(h, i, true, c.readyHeartbeatUs[i] as number, c.leaseUs[i] as number, 0, nowUs);
    if (isStale(h.probeUs[i] as number, this.cfg.nodeMonitorGracePeriodUs, nowUs)) return false;
    if (c.excluded[i] === 0) this.readyCount[z] = (this.readyCount[z] as number) + 1;
    return true;
  }

  /** tryUpdateNodeHealth + processTaintBaseEviction + MarkPodsNotReady for node index `i`. */
  private monitorNode(i: number, nowUs: TimeUs): void {
    const c = this.cache;
    const h = this.health;
    const zone = this.zoneMemory(c.zoneId[i] as number, nowUs);
    if (h.known[i] === 0) this.markNodeAsReachable(i, zone); // "Controller observed a new Node"
    const readyCode = c.ready[i] as number;
    const hasReady = readyCode !== Ready.None;
    // creationTimestamp is a metav1.Time, which the API serializes in whole seconds
    // (apimachinery meta/v1 time_proto.go drops the nanos), so the startup-grace probe of a node
    // added at 40.5 s is 40 s (node-health-timing.md S11: "creationTimestamp has 1 s granularity").
    const creationUs = hasReady || h.known[i] === 1 ? 0 : apiTimeUs((c.nodes[i] as Node).creationUs);
    refreshProbe(h, i, hasReady, c.readyHeartbeatUs[i] as number, c.leaseUs[i] as number, creationUs, nowUs);
    const graceUs = hasReady ? this.cfg.nodeMonitorGracePeriodUs : this.cfg.nodeStartupGracePeriodUs;
    // observed: the Ready condition before this pass writes (a missing one reads as Unknown).
    const observed = hasReady ? readyCode : Ready.Unknown;
    let current = readyCode;
    if (isStale(h.probeUs[i] as number, graceUs, nowUs)) current = this.markUnknown(i);
    if (c.excluded[i] === 0) {
      const z = c.zoneId[i] as number;
      if (current === Ready.True) this.readyCount[z] = (this.readyCount[z] as number) + 1;
      else this.notReadyCount[z] = (this.notReadyCount[z] as number) + 1;
    }
    if (current === Ready.None) return;
    if (observed === Ready.True) {
      if (c.noExecute[i] !== 0 || h.queued[i] !== 0) this.markNodeAsReachable(i, zone);
      if (current !== Ready.True) this.markPodsNotReady(c.nodes[i] as Node);
    } else {
      this.processNotReady(i, zone, observed, nowUs);
    }
  }

  /** Sets Ready and the pressure conditions to Unknown; writes only if Ready changes. */
  private markUnknown(i: number): number {
    if (this.cache.ready[i] === Ready.Unknown) return Ready.Unknown;
    const node = this.cache.nodes[i] as Node;
    for (const type of CONDITIONS_SET_UNKNOWN) {
      const cond = node.conditions.get(type);
      if (cond === undefined) {
        this.state.setNodeCondition(
          node,
          type,
          'Unknown',
          'NodeStatusNeverUpdated',
          'Kubelet never posted node status.',
        );
      } else if (cond.status !== 'Unknown') {
        this.state.setNodeCondition(
          node,
          type,
          'Unknown',
          'NodeStatusUnknown',
          'Kubelet stopped posting node status.',
        );
      }
    }
    // The saved status is the one just written (its heartbeat is this controller's write).
    this.health.savedHasReady[i] = 1;
    this.health.savedHeartbeatUs[i] = this.cache.readyHeartbeatUs[i] as number;
    return Ready.Unknown;
  }

  /** processTaintBaseEviction for an observed Ready of False or Unknown. */
  private processNotReady(i: number, zone: ZoneMemory, observed: number, nowUs: TimeUs): void {
    const node = this.cache.nodes[i] as Node;
    const bits = this.cache.noExecute[i] as number;
    if (observed === Ready.False) {
      if (bits & NoExec.Unreachable) {
        this.state.swapTaint(node, noExecute(TaintNodeNotReady, nowUs), TaintNodeUnreachable, 'NoExecute');
      } else this.markNodeForTainting(i, zone, (bits & NoExec.NotReady) !== 0, nowUs);
    } else if (bits & NoExec.NotReady) {
      this.state.swapTaint(node, noExecute(TaintNodeUnreachable, nowUs), TaintNodeNotReady, 'NoExecute');
    } else {
      this.markNodeForTainting(i, zone, (bits & NoExec.Unreachable) !== 0, nowUs);
    }
  }

  /** markNodeForTainting: an untainted node is re-queued with processAt = now every pass. */
  private markNodeForTainting(i: number, zone: ZoneMemory, tainted: boolean, nowUs: TimeUs): void {
    const name = (this.cache.nodes[i] as Node).name;
    if (!tainted) zone.queue.remove(name);
    zone.queue.add(name, nowUs);
    this.health.queued[i] = 1;
  }

  /** markNodeAsReachable: both NoExecute taints off at once (not rate-limited), out of the queue. */
  private markNodeAsReachable(i: number, zone: ZoneMemory): void {
    const node = this.cache.nodes[i] as Node;
    const bits = this.cache.noExecute[i] as number;
    if (bits & NoExec.Unreachable) this.state.removeTaint(node, TaintNodeUnreachable, 'NoExecute');
    if (bits & NoExec.NotReady) this.state.removeTaint(node, TaintNodeNotReady, 'NoExecute');
    if (this.health.queued[i] === 1) zone.queue.remove(node.name);
    this.health.queued[i] = 0;
  }

  /** MarkPodsNotReady (pkg/controller/util/node/controller_utils.go). */
  private markPodsNotReady(node: Node): void {
    for (const pod of node.pods) if (pod.nodeName === node.name) this.state.setPodReady(pod, false);
  }

  // ---- handleDisruption -----------------------------------------------------------------------------

  private handleDisruption(nowUs: TimeUs): void {
    const keys = this.cache.zoneKeys;
    const next = new Map<string, ZoneState>();
    const previous = new Map<string, ZoneState>();
    for (const z of this.zoneOrder) {
      const mem = this.zones[z] as ZoneMemory;
      const ready = this.readyCount[z] as number;
      const notReady = this.notReadyCount[z] as number;
      if (ready + notReady === 0) {
        mem.state = undefined;
        continue;
      }
      next.set(keys[z] as string, computeZoneState(ready, notReady, this.cfg.unhealthyZoneThreshold));
      mem.state ??= 'Initial';
      previous.set(keys[z] as string, mem.state);
    }
    const plan = planDisruption(previous, next);
    if (plan.kind === 'enterMasterDisruption') {
      for (const i of this.cache.live)
        this.markNodeAsReachable(i, this.zones[this.cache.zoneId[i] as number] as ZoneMemory);
      for (const z of this.zoneOrder) {
        const mem = this.zones[z] as ZoneMemory;
        if (mem.state === undefined) continue;
        mem.queue.swapLimiter(0, nowUs);
        mem.state = 'FullDisruption';
      }
    } else if (plan.kind === 'exitMasterDisruption') {
      for (const i of this.cache.live) if (this.health.known[i] === 1) this.health.probeUs[i] = nowUs;
      for (const z of this.zoneOrder) {
        if (this.zones[z]?.state !== undefined) this.setZoneState(z, next.get(keys[z] as string)!, nowUs);
      }
    } else if (plan.kind === 'perZone') {
      for (const z of this.zoneOrder) {
        const key = keys[z] as string;
        if (plan.changed.includes(key)) this.setZoneState(z, next.get(key)!, nowUs);
      }
    }
    this.reportZoneStates(nowUs);
  }

  /** setLimiterInZone + zoneStates[zone] = state. */
  private setZoneState(z: number, state: ZoneState, nowUs: TimeUs): void {
    const mem = this.zones[z] as ZoneMemory;
    const size = (this.readyCount[z] as number) + (this.notReadyCount[z] as number);
    mem.queue.swapLimiter(zoneLimiterQps(state, size, this.cfg), nowUs);
    mem.state = state;
  }

  private reportZoneStates(nowUs: TimeUs): void {
    for (const z of this.zoneOrder) {
      const state = this.zones[z]?.state;
      if (state === undefined) continue;
      const key = this.cache.zoneKeys[z] as string;
      const shown = state === 'Initial' ? 'Normal' : state;
      if ((this.reported.get(key) ?? 'Normal') === shown) continue;
      this.reported.set(key, shown);
      const label = this.cache.zoneLabels[z] as string;
      this.sim.log.emit(nowUs, 'Zone', 'ZoneStateChanged', key, '', label, shown);
    }
  }

  /**
   * addPodEvictorForNewZone: a zone without a remembered state (new, or dropped by handleDisruption
   * because it had no non-excluded nodes) gets state Initial and a new queue with a full bucket.
   */
  private zoneMemory(z: number, nowUs: TimeUs): ZoneMemory {
    let mem = this.zones[z];
    if (mem === undefined) {
      mem = { queue: new ZoneTaintQueue(this.cfg.nodeEvictionRate, nowUs), state: 'Initial' };
      this.zones[z] = mem;
      const keys = this.cache.zoneKeys;
      this.zoneOrder.push(z);
      this.zoneOrder.sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
    } else if (mem.state === undefined) {
      mem.queue = new ZoneTaintQueue(this.cfg.nodeEvictionRate, nowUs);
      mem.state = 'Initial';
    }
    return mem;
  }

  // ---- doNoExecuteTaintingPass ----------------------------------------------------------------------

  onTaintingTick(): void {
    const nowUs = this.sim.nowUs;
    this.tickHandle = -1;
    this.tickAtUs = -1;
    for (const z of this.zoneOrder) {
      const queue = (this.zones[z] as ZoneMemory).queue;
      if (queue.waitingCount > 0) queue.try(nowUs, this.taintAction);
    }
    this.armTick(nowUs, true);
  }

  /** The action on a queue head: taint by the Ready condition in the cache, or drop it if Ready. */
  private taintHead(name: string): TryResult {
    const node = this.state.node(name);
    if (node === undefined) return true;
    const nowUs = this.sim.nowUs;
    const ready = READY_STATUS[this.cache.ready[node.idx] as number] as ConditionStatus | null;
    if (ready === null) return { retryAtUs: nowUs + TAINT_RETRY_US };
    if (ready === 'False') {
      this.state.swapTaint(node, noExecute(TaintNodeNotReady, nowUs), TaintNodeUnreachable, 'NoExecute');
    } else if (ready === 'Unknown') {
      this.state.swapTaint(node, noExecute(TaintNodeUnreachable, nowUs), TaintNodeNotReady, 'NoExecute');
    }
    return true;
  }

  /**
   * Schedules the next tainting tick on the 100 ms grid: the first tick at which some zone with waiting
   * nodes can take a token. Ticks before it would change nothing, so skipping them is exact.
   */
  private armTick(nowUs: TimeUs, afterTick: boolean): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const z of this.zoneOrder) {
      const queue = (this.zones[z] as ZoneMemory).queue;
      if (queue.waitingCount > 0) earliest = Math.min(earliest, queue.nextTokenUs());
    }
    let atUs = -1;
    if (earliest !== Number.POSITIVE_INFINITY) {
      const periodUs = this.cfg.nodeEvictionPeriodUs;
      const from = Math.max(earliest, afterTick ? nowUs + periodUs : nowUs);
      atUs = this.loopStartUs + Math.ceil((from - this.loopStartUs) / periodUs) * periodUs;
    }
    if (atUs === this.tickAtUs) return;
    if (this.tickHandle >= 0) this.sim.engine.cancel(this.tickHandle);
    this.tickHandle = atUs < 0 ? -1 : this.sim.engine.scheduleAt(atUs, this.tickEvent, Lane.TaintingTick);
    this.tickAtUs = atUs;
  }

  // ---- doNoScheduleTaintingPass ---------------------------------------------------------------------

  /** Watch handler: if the node's NoSchedule condition taints are out of date, react right after. */
  private noScheduleCheck(node: Node): void {
    if (noScheduleInSync(node.conditions, node.unschedulable, node.taints)) return;
    if (this.noSchedulePending.has(node.name)) return;
    this.noSchedulePending.add(node.name);
    this.sim.engine.schedule(0, { kind: 'NoScheduleTaintPass', node: node.name }, Lane.External);
  }

  onNoScheduleTaintPass(nodeName: string): void {
    this.noSchedulePending.delete(nodeName);
    const node = this.state.node(nodeName);
    if (node === undefined) return;
    const nowUs = this.sim.nowUs;
    const diff = noScheduleDiff(desiredNoScheduleKeys(node.conditions, node.unschedulable), node.taints);
    if (diff.add.length === 1 && diff.remove.length === 1) {
      this.state.swapTaint(
        node,
        noSchedule(diff.add[0] as string, nowUs),
        diff.remove[0] as string,
        'NoSchedule',
      );
      return;
    }
    for (const key of diff.remove) this.state.removeTaint(node, key, 'NoSchedule');
    for (const key of diff.add) this.state.addTaint(node, noSchedule(key, nowUs));
  }
}

function noExecute(key: string, nowUs: TimeUs): Taint {
  return { key, effect: 'NoExecute', timeAddedUs: nowUs };
}

function noSchedule(key: string, nowUs: TimeUs): Taint {
  return { key, effect: 'NoSchedule', timeAddedUs: nowUs };
}

export const nodeLifecycleController: KcmControllerModule<NodeLifecycleEvent> = {
  name: 'nodelifecycle',
  create: (kernel, ports) => new NodeLifecycleController(kernel, ports.leases),
};
