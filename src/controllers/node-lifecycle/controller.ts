// The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go),
// node-health-timing.md §3 and §5, timed by virtual time under M1-M8 (§9):
// - monitorNodeHealth every nodeMonitorPeriod: probe from lease renewals and Ready heartbeats, Ready and
//   the pressure conditions set to Unknown once the grace period is over, pods marked NotReady, nodes
//   queued for NoExecute tainting based on the Ready condition *observed before* the pass, and
//   handleDisruption (zone states, limiter swaps, master disruption mode) at the end.
// - doNoExecuteTaintingPass on a 100 ms grid: one rate-limited queue per zone (taint-queue.ts). Ticks in
//   which no zone could take a token are skipped; the grid and token arithmetic make that exact.
// - doNoScheduleTaintingPass on every Node add/update (not rate-limited).

import type { TimeUs } from '../../engine/time.js';
import type { ClusterState } from '../../model/cluster-state.js';
import {
  type ConditionStatus,
  LabelExcludeDisruption,
  type Node,
  type Taint,
  TaintNodeNotReady,
  TaintNodeUnreachable,
} from '../../model/types.js';
import type { Sim } from '../../sim/context.js';
import { Lane } from '../../sim/events.js';
import type { ControllerManagerConfig } from '../controller-manager-config.js';
import type { KcmEvent } from './events.js';
import { HealthTable, isStale, refreshProbe } from './health-table.js';
import { desiredNoScheduleKeys, noScheduleDiff } from './no-schedule-taints.js';
import { type TryResult, ZoneTaintQueue } from './taint-queue.js';
import { computeZoneState, planDisruption, type ZoneState, zoneLimiterQps } from './zone-state.js';

/** retry after a failed cache read in doNoExecuteTaintingPass: 50 ms, plus RateLimitedTimedQueue's +1. */
const TAINT_RETRY_US = 50_000 + 1;
const CONDITIONS_SET_UNKNOWN = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

interface Zone {
  readonly key: string;
  queue: ZoneTaintQueue;
  /** zoneStates[key]; undefined once the zone had no (non-excluded) nodes in a pass. */
  state: ZoneState | undefined;
  ready: number;
  notReady: number;
}

export class NodeLifecycleController {
  private readonly state: ClusterState;
  private readonly cfg: ControllerManagerConfig;
  private readonly health = new HealthTable();
  private zones = new Map<string, Zone>();
  private zoneOrder: Zone[] = [];
  /** Last zone state written to events.csv (kept across restarts: it is the log's memory). */
  private readonly reported = new Map<string, ZoneState>();
  private readonly passEvent: KcmEvent = { kind: 'NodeMonitorPass' };
  private readonly tickEvent: KcmEvent = { kind: 'NoExecuteTaintingTick' };
  private passHandle = -1;
  private tickHandle = -1;
  private tickAtUs = -1;
  /** Start of the tainting loop's 100 ms grid (controller start). */
  private loopStartUs = 0;
  private readonly noSchedulePending = new Set<string>();
  private readonly taintAction = (name: string): TryResult => this.taintHead(name);

  constructor(private readonly sim: Sim) {
    this.state = sim.state;
    this.cfg = sim.config.controllerManager;
    sim.state.watch({
      nodeAdded: (node) => this.noScheduleCheck(node),
      nodeUpdated: (node, change) => {
        if (change === 'conditions' || change === 'spec') this.noScheduleCheck(node);
      },
    });
  }

  /** Starts (or, after a kube-controller-manager restart, restarts) the loops at the current instant. */
  start(): void {
    const nowUs = this.sim.nowUs;
    if (this.passHandle >= 0) this.sim.engine.cancel(this.passHandle);
    if (this.tickHandle >= 0) this.sim.engine.cancel(this.tickHandle);
    this.tickHandle = -1;
    this.tickAtUs = -1;
    this.health.clear();
    this.zones = new Map();
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
    for (const z of this.zoneOrder) {
      z.ready = 0;
      z.notReady = 0;
    }
    const nodes = this.state.nodes;
    for (const node of nodes) this.monitorNode(node, nowUs);
    this.handleDisruption(nodes, nowUs);
    this.armTick(nowUs, false);
  }

  private monitorNode(node: Node, nowUs: TimeUs): void {
    const h = this.health;
    const i = node.idx;
    h.ensure(i);
    const zone = this.zoneOf(node.zone, nowUs);
    if (h.known[i] === 0) this.markNodeAsReachable(node, zone); // "Controller observed a new Node"
    const cond = node.conditions.get('Ready');
    const observed: ConditionStatus = cond?.status ?? 'Unknown';
    refreshProbe(
      h,
      i,
      cond !== undefined,
      cond?.lastHeartbeatUs ?? 0,
      node.leaseRenewUs ?? -1,
      node.creationUs,
      nowUs,
    );
    const graceUs =
      cond === undefined ? this.cfg.nodeStartupGracePeriodUs : this.cfg.nodeMonitorGracePeriodUs;
    let current: ConditionStatus | null = cond?.status ?? null;
    if (isStale(h.probeUs[i] as number, graceUs, nowUs)) current = this.markUnknown(node, i);
    if (node.labels[LabelExcludeDisruption] === undefined) {
      if (current === 'True') zone.ready++;
      else zone.notReady++;
    }
    if (current === null) return;
    this.processTaintBaseEviction(node, zone, observed, nowUs);
    if (current !== 'True' && observed === 'True') this.markPodsNotReady(node);
  }

  /** Sets Ready and the pressure conditions to Unknown; writes only if Ready changes. */
  private markUnknown(node: Node, i: number): ConditionStatus {
    const ready = node.conditions.get('Ready');
    if (ready?.status === 'Unknown') return 'Unknown';
    for (const type of CONDITIONS_SET_UNKNOWN) {
      const c = node.conditions.get(type);
      if (c === undefined) {
        this.state.setNodeCondition(
          node,
          type,
          'Unknown',
          'NodeStatusNeverUpdated',
          'Kubelet never posted node status.',
        );
      } else if (c.status !== 'Unknown') {
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
    this.health.savedHeartbeatUs[i] = node.conditions.get('Ready')?.lastHeartbeatUs ?? 0;
    return 'Unknown';
  }

  /** processTaintBaseEviction: acts on the Ready status observed before this pass. */
  private processTaintBaseEviction(node: Node, zone: Zone, observed: ConditionStatus, nowUs: TimeUs): void {
    switch (observed) {
      case 'False':
        if (this.state.hasTaint(node, TaintNodeUnreachable, 'NoExecute')) {
          this.state.swapTaint(node, noExecute(TaintNodeNotReady, nowUs), TaintNodeUnreachable, 'NoExecute');
        } else this.markNodeForTainting(node, zone, TaintNodeNotReady, nowUs);
        return;
      case 'Unknown':
        if (this.state.hasTaint(node, TaintNodeNotReady, 'NoExecute')) {
          this.state.swapTaint(node, noExecute(TaintNodeUnreachable, nowUs), TaintNodeNotReady, 'NoExecute');
        } else this.markNodeForTainting(node, zone, TaintNodeUnreachable, nowUs);
        return;
      case 'True':
        this.markNodeAsReachable(node, zone);
        return;
    }
  }

  /** markNodeForTainting: an untainted node is re-queued with processAt = now every pass. */
  private markNodeForTainting(node: Node, zone: Zone, taintKey: string, nowUs: TimeUs): void {
    if (!this.state.hasTaint(node, taintKey, 'NoExecute')) zone.queue.remove(node.name);
    zone.queue.add(node.name, nowUs);
  }

  /** markNodeAsReachable: both NoExecute taints off at once (not rate-limited), out of the queue. */
  private markNodeAsReachable(node: Node, zone: Zone): void {
    if (node.taints.length > 0) {
      this.state.removeTaint(node, TaintNodeUnreachable, 'NoExecute');
      this.state.removeTaint(node, TaintNodeNotReady, 'NoExecute');
    }
    zone.queue.remove(node.name);
  }

  /** MarkPodsNotReady (pkg/controller/util/node/controller_utils.go). */
  private markPodsNotReady(node: Node): void {
    for (const pod of node.pods) if (pod.nodeName === node.name) this.state.setPodReady(pod, false);
  }

  // ---- handleDisruption -----------------------------------------------------------------------------

  private handleDisruption(nodes: readonly Node[], nowUs: TimeUs): void {
    const next = new Map<string, ZoneState>();
    const previous = new Map<string, ZoneState>();
    for (const z of this.zoneOrder) {
      if (z.ready + z.notReady === 0) {
        z.state = undefined;
        continue;
      }
      next.set(z.key, computeZoneState(z.ready, z.notReady, this.cfg.unhealthyZoneThreshold));
      z.state ??= 'Initial';
      previous.set(z.key, z.state);
    }
    const plan = planDisruption(previous, next);
    if (plan.kind === 'enterMasterDisruption') {
      for (const node of nodes) this.markNodeAsReachable(node, this.zones.get(node.zone)!);
      for (const z of this.zoneOrder) {
        if (z.state === undefined) continue;
        z.queue.swapLimiter(0, nowUs);
        z.state = 'FullDisruption';
      }
    } else if (plan.kind === 'exitMasterDisruption') {
      for (const node of nodes) {
        if (node.idx < this.health.capacity && this.health.known[node.idx] === 1)
          this.health.probeUs[node.idx] = nowUs;
      }
      for (const z of this.zoneOrder)
        if (z.state !== undefined) this.setZoneState(z, next.get(z.key)!, nowUs);
    } else if (plan.kind === 'perZone') {
      for (const key of plan.changed) this.setZoneState(this.zones.get(key)!, next.get(key)!, nowUs);
    }
    this.reportZoneStates(nowUs);
  }

  /** setLimiterInZone + zoneStates[zone] = state. */
  private setZoneState(z: Zone, state: ZoneState, nowUs: TimeUs): void {
    z.queue.swapLimiter(zoneLimiterQps(state, z.ready + z.notReady, this.cfg), nowUs);
    z.state = state;
  }

  private reportZoneStates(nowUs: TimeUs): void {
    for (const z of this.zoneOrder) {
      if (z.state === undefined) continue;
      const shown = z.state === 'Initial' ? 'Normal' : z.state;
      if ((this.reported.get(z.key) ?? 'Normal') === shown) continue;
      this.reported.set(z.key, shown);
      this.sim.log.emit(nowUs, 'Zone', 'ZoneStateChanged', z.key, '', z.key, shown);
    }
  }

  /**
   * addPodEvictorForNewZone: a zone without a remembered state (new, or dropped by handleDisruption
   * because it had no non-excluded nodes) gets state Initial and a new queue with a full bucket.
   */
  private zoneOf(key: string, nowUs: TimeUs): Zone {
    let z = this.zones.get(key);
    if (z === undefined) {
      z = { key, queue: this.newQueue(nowUs), state: 'Initial', ready: 0, notReady: 0 };
      this.zones.set(key, z);
      this.zoneOrder = [...this.zones.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } else if (z.state === undefined) {
      z.queue = this.newQueue(nowUs);
      z.state = 'Initial';
    }
    return z;
  }

  private newQueue(nowUs: TimeUs): ZoneTaintQueue {
    return new ZoneTaintQueue(this.cfg.nodeEvictionRate, nowUs);
  }

  // ---- doNoExecuteTaintingPass ----------------------------------------------------------------------

  onTaintingTick(): void {
    const nowUs = this.sim.nowUs;
    this.tickHandle = -1;
    this.tickAtUs = -1;
    for (const z of this.zoneOrder) if (z.queue.waitingCount > 0) z.queue.try(nowUs, this.taintAction);
    this.armTick(nowUs, true);
  }

  /** The action on a queue head: taint by the Ready condition in the cache, or drop it if Ready. */
  private taintHead(name: string): TryResult {
    const node = this.state.node(name);
    if (node === undefined) return true;
    const nowUs = this.sim.nowUs;
    const ready = node.conditions.get('Ready');
    if (ready === undefined) return { retryAtUs: nowUs + TAINT_RETRY_US };
    if (ready.status === 'False') {
      this.state.swapTaint(node, noExecute(TaintNodeNotReady, nowUs), TaintNodeUnreachable, 'NoExecute');
    } else if (ready.status === 'Unknown') {
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
    for (const z of this.zoneOrder)
      if (z.queue.waitingCount > 0) earliest = Math.min(earliest, z.queue.nextTokenUs());
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
    if (this.noSchedulePending.has(node.name)) return;
    const diff = noScheduleDiff(desiredNoScheduleKeys(node.conditions, node.unschedulable), node.taints);
    if (diff.add.length === 0 && diff.remove.length === 0) return;
    this.noSchedulePending.add(node.name);
    this.sim.engine.schedule(0, { kind: 'NoScheduleTaintPass', node: node.name }, Lane.External);
  }

  onNoScheduleTaintPass(nodeName: string): void {
    this.noSchedulePending.delete(nodeName);
    const node = this.state.node(nodeName);
    if (node === undefined) return;
    const diff = noScheduleDiff(desiredNoScheduleKeys(node.conditions, node.unschedulable), node.taints);
    if (diff.add.length === 1 && diff.remove.length === 1) {
      this.state.swapTaint(
        node,
        noSchedule(diff.add[0] as string, this.sim.nowUs),
        diff.remove[0] as string,
        'NoSchedule',
      );
      return;
    }
    for (const key of diff.remove) this.state.removeTaint(node, key, 'NoSchedule');
    for (const key of diff.add) this.state.addTaint(node, noSchedule(key, this.sim.nowUs));
  }
}

function noExecute(key: string, nowUs: TimeUs): Taint {
  return { key, effect: 'NoExecute', timeAddedUs: nowUs };
}

function noSchedule(key: string, nowUs: TimeUs): Taint {
  return { key, effect: 'NoSchedule', timeAddedUs: nowUs };
}
