// The cluster state registry (clusterstate/clusterstate.go) and node-group back-off
// (utils/backoff/exponential_backoff.go). Per node group: readiness of its registered nodes (Ready,
// Unready, NotStarted = not ready within --max-node-startup-time of creation, Deleted = gone from the
// cloud), instances that have not registered (LongUnregistered after --max-node-provision-time),
// scale-up requests that must be fulfilled within --max-node-provision-time (else ScaleUpTimedOut and a
// back-off), instance creation errors (ScaleUpFailed and a back-off), the acceptable size range,
// upcoming nodes (target minus ready, unready and long-unregistered), and cluster health
// (--ok-total-unready-count, --max-total-unready-percentage).

import type { TimeUs } from '../engine/time.js';
import type { CloudProvider, Instance } from './cloud.js';

export interface NodeReadinessInput {
  readonly name: string;
  readonly group: string | null;
  readonly ready: boolean;
  readonly creationUs: TimeUs;
}

export interface Readiness {
  ready: string[];
  unready: string[];
  notStarted: string[];
  deleted: string[];
  registered: string[];
  unregistered: string[];
  longUnregistered: string[];
}

function emptyReadiness(): Readiness {
  return {
    ready: [],
    unready: [],
    notStarted: [],
    deleted: [],
    registered: [],
    unregistered: [],
    longUnregistered: [],
  };
}

export interface ScaleUpRequest {
  increase: number;
  timeUs: TimeUs;
  expectedAddUs: TimeUs;
}

export interface BackoffOptions {
  readonly initialUs: TimeUs;
  readonly maxUs: TimeUs;
  readonly resetTimeoutUs: TimeUs;
}

interface BackoffInfo {
  durationUs: TimeUs;
  untilUs: TimeUs;
  lastFailedUs: TimeUs;
  reason: string;
}

/** exponentialBackoff: 5 min, doubling (only when not backed off right now) to 30 min, reset after 3 h. */
export class ExponentialBackoff {
  private readonly info = new Map<string, BackoffInfo>();
  constructor(private readonly o: BackoffOptions) {}

  backoff(key: string, nowUs: TimeUs, reason: string): TimeUs {
    let duration = this.o.initialUs;
    const prev = this.info.get(key);
    if (prev !== undefined) {
      duration = prev.untilUs < nowUs ? Math.min(2 * prev.durationUs, this.o.maxUs) : prev.durationUs;
    }
    const untilUs = nowUs + duration;
    this.info.set(key, { durationUs: duration, untilUs, lastFailedUs: nowUs, reason });
    return untilUs;
  }

  isBackedOff(key: string, nowUs: TimeUs): boolean {
    const i = this.info.get(key);
    return i !== undefined && i.untilUs > nowUs;
  }

  reason(key: string): string | null {
    return this.info.get(key)?.reason ?? null;
  }

  /** RemoveStaleBackoffData. */
  removeStale(nowUs: TimeUs): void {
    for (const [k, i] of this.info) if (i.lastFailedUs + this.o.resetTimeoutUs < nowUs) this.info.delete(k);
  }
}

export interface ClusterStateOptions {
  readonly okTotalUnreadyCount: number;
  readonly maxTotalUnreadyPercentage: number;
  readonly maxNodeProvisionTimeUs: TimeUs;
  readonly maxNodeStartupTimeUs: TimeUs;
  readonly backoff: BackoffOptions;
}

/** Something the registry wants the event log to show (CA's own event reasons). */
export interface ClusterStateEvent {
  readonly reason: 'ScaleUpTimedOut' | 'ScaleUpFailed';
  readonly group: string;
  readonly message: string;
}

export class ClusterStateRegistry {
  readonly scaleUpRequests = new Map<string, ScaleUpRequest>();
  private perGroup = new Map<string, Readiness>();
  private total: Readiness = emptyReadiness();
  private readonly unregisteredSince = new Map<string, TimeUs>();
  private readonly seenErrors = new Set<string>();
  readonly backoff: ExponentialBackoff;
  private nodesCount = 0;
  private acceptable = new Map<string, { min: number; max: number; target: number }>();
  private readonly incorrectSize = new Map<string, { current: number; expected: number; firstUs: TimeUs }>();

  constructor(
    private readonly cloud: CloudProvider,
    private readonly o: ClusterStateOptions,
  ) {
    this.backoff = new ExponentialBackoff(o.backoff);
  }

  /** RegisterScaleUp (registerOrUpdateScaleUpNoLock). */
  registerScaleUp(group: string, delta: number, nowUs: TimeUs): void {
    const r = this.scaleUpRequests.get(group);
    if (r === undefined) {
      if (delta > 0)
        this.scaleUpRequests.set(group, {
          increase: delta,
          timeUs: nowUs,
          expectedAddUs: nowUs + this.o.maxNodeProvisionTimeUs,
        });
      return;
    }
    if (r.increase + delta <= 0) {
      this.scaleUpRequests.delete(group);
      return;
    }
    r.increase += delta;
    if (delta > 0) {
      r.timeUs = nowUs;
      r.expectedAddUs = nowUs + this.o.maxNodeProvisionTimeUs;
    }
  }

  registerFailedScaleUp(group: string, reason: string, nowUs: TimeUs): void {
    this.backoff.backoff(group, nowUs, reason);
  }

  /** UpdateNodes: readiness, requests, creation errors, acceptable ranges, incorrect sizes. */
  updateNodes(nodes: readonly NodeReadinessInput[], nowUs: TimeUs): ClusterStateEvent[] {
    const events: ClusterStateEvent[] = [];
    this.nodesCount = nodes.length;
    const registered = new Set(nodes.map((n) => n.name));
    const perGroup = new Map<string, Readiness>();
    const total = emptyReadiness();
    const of = (g: string) => {
      let r = perGroup.get(g);
      if (r === undefined) {
        r = emptyReadiness();
        perGroup.set(g, r);
      }
      return r;
    };
    const deletedInCloud = (n: NodeReadinessInput): boolean => {
      if (n.group === null) return false;
      const inst = this.cloud.instance(n.name);
      return inst === undefined || inst.state === 'deleting';
    };
    for (const n of nodes) {
      const kind = deletedInCloud(n)
        ? 'deleted'
        : n.ready
          ? 'ready'
          : n.creationUs + this.o.maxNodeStartupTimeUs > nowUs
            ? 'notStarted'
            : 'unready';
      for (const r of n.group === null ? [total] : [of(n.group), total]) {
        r.registered.push(n.name);
        r[kind].push(n.name);
      }
    }
    // Unregistered: instances the cloud has (not deleting, no creation error) without a Node.
    const stillUnregistered = new Set<string>();
    for (const g of this.cloud.groupIds) {
      for (const inst of this.cloud.instances(g)) {
        if (registered.has(inst.id) || inst.state === 'deleting' || inst.error !== null) continue;
        stillUnregistered.add(inst.id);
        const since = this.unregisteredSince.get(inst.id) ?? nowUs;
        this.unregisteredSince.set(inst.id, since);
        const long = since + this.o.maxNodeProvisionTimeUs < nowUs;
        of(g)[long ? 'longUnregistered' : 'unregistered'].push(inst.id);
        total[long ? 'longUnregistered' : 'unregistered'].push(inst.id);
      }
    }
    for (const k of [...this.unregisteredSince.keys()])
      if (!stillUnregistered.has(k)) this.unregisteredSince.delete(k);
    this.perGroup = perGroup;
    this.total = total;
    this.updateAcceptableRanges();
    this.updateScaleRequests(nowUs, events);
    this.handleInstanceCreationErrors(nowUs, events);
    this.updateAcceptableRanges();
    this.updateIncorrectSizes(nowUs);
    return events;
  }

  private updateAcceptableRanges(): void {
    const out = new Map<string, { min: number; max: number; target: number }>();
    for (const g of this.cloud.groupIds) {
      const size = this.cloud.targetSize(g);
      const r = this.perGroup.get(g);
      out.set(g, { min: size - (r?.longUnregistered.length ?? 0), max: size, target: size });
    }
    for (const [g, req] of this.scaleUpRequests) {
      const a = out.get(g);
      if (a !== undefined) a.min -= req.increase;
    }
    this.acceptable = out;
  }

  private provisioned(group: string): { provisioned: number; target: number } {
    const target = this.acceptable.get(group)?.target ?? this.cloud.targetSize(group);
    const r = this.perGroup.get(group);
    return { provisioned: r === undefined ? 0 : r.registered.length - r.notStarted.length, target };
  }

  upcomingInGroup(group: string): boolean {
    const p = this.provisioned(group);
    return p.target > p.provisioned;
  }

  private updateScaleRequests(nowUs: TimeUs, events: ClusterStateEvent[]): void {
    this.backoff.removeStale(nowUs);
    for (const [g, req] of [...this.scaleUpRequests]) {
      if (!this.upcomingInGroup(g)) {
        this.scaleUpRequests.delete(g);
        continue;
      }
      if (req.expectedAddUs < nowUs) {
        const waited = Math.round((nowUs - req.timeUs) / 1_000_000);
        events.push({
          reason: 'ScaleUpTimedOut',
          group: g,
          message: `Nodes added to group ${g} failed to register within ${waited}s`,
        });
        this.registerFailedScaleUp(g, 'timeout', nowUs);
        this.scaleUpRequests.delete(g);
      }
    }
  }

  private handleInstanceCreationErrors(nowUs: TimeUs, events: ClusterStateEvent[]): void {
    for (const g of this.cloud.groupIds) {
      const byCode = new Map<string, Instance[]>();
      for (const inst of this.cloud.instances(g)) {
        if (inst.state !== 'creating' || inst.error === null || this.seenErrors.has(inst.id)) continue;
        const key = `${inst.error.errorClass}.${inst.error.errorCode}`;
        byCode.set(key, [...(byCode.get(key) ?? []), inst]);
      }
      for (const [code, list] of byCode) {
        for (const i of list) this.seenErrors.add(i.id);
        if (!this.isScalingUp(g)) continue;
        events.push({
          reason: 'ScaleUpFailed',
          group: g,
          message: `Failed adding ${list.length} nodes to group ${g} due to ${code}`,
        });
        this.registerScaleUp(g, -list.length, nowUs);
        this.registerFailedScaleUp(g, code, nowUs);
      }
    }
  }

  /** GetCreatedNodesWithErrors: instances stuck in Creating with an error, by group. */
  createdNodesWithErrors(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const g of this.cloud.groupIds) {
      const list = this.cloud
        .instances(g)
        .filter((i) => i.state === 'creating' && i.error !== null)
        .map((i) => i.id);
      if (list.length > 0) out.set(g, list);
    }
    return out;
  }

  /** GetUnregisteredNodes with the time each was first seen. */
  unregisteredNodes(): { name: string; group: string; sinceUs: TimeUs }[] {
    const out: { name: string; group: string; sinceUs: TimeUs }[] = [];
    for (const [name, sinceUs] of this.unregisteredSince) {
      const group = this.cloud.groupOfInstance(name);
      if (group !== null) out.push({ name, group, sinceUs });
    }
    return out;
  }

  isScalingUp(group: string): boolean {
    return this.upcomingInGroup(group) && this.scaleUpRequests.has(group);
  }

  /** IsClusterHealthy. */
  isClusterHealthy(): boolean {
    const unready = this.total.unready.length;
    return !(
      unready > this.o.okTotalUnreadyCount &&
      unready > (this.o.maxTotalUnreadyPercentage / 100) * this.nodesCount
    );
  }

  /** IsNodeGroupHealthy: not too many nodes missing below the acceptable minimum. */
  isNodeGroupHealthy(group: string): boolean {
    const a = this.acceptable.get(group);
    if (a === undefined) return false;
    const r = this.perGroup.get(group);
    if (r === undefined) return a.target === 0 || (a.min === 0 && a.target > 0);
    let unjustified = 0;
    if (r.ready.length < a.min) unjustified += a.min - r.ready.length;
    const size = r.ready.length + r.unready.length + r.notStarted.length;
    return !(
      unjustified > this.o.okTotalUnreadyCount &&
      unjustified > (this.o.maxTotalUnreadyPercentage / 100) * size
    );
  }

  /** NodeGroupScaleUpSafety. */
  safeToScaleUp(group: string, nowUs: TimeUs): { safe: boolean; healthy: boolean; backedOff: boolean } {
    const healthy = this.isNodeGroupHealthy(group);
    const backedOff = this.backoff.isBackedOff(group, nowUs);
    return { safe: healthy && !backedOff, healthy, backedOff };
  }

  /** GetUpcomingNodes: counts, and the names already registered (NotStarted). */
  upcoming(): { counts: Map<string, number>; registered: Map<string, string[]> } {
    const counts = new Map<string, number>();
    const registered = new Map<string, string[]>();
    for (const g of this.cloud.groupIds) {
      const r = this.perGroup.get(g) ?? emptyReadiness();
      const a = this.acceptable.get(g);
      const n = (a?.target ?? 0) - (r.ready.length + r.unready.length + r.longUnregistered.length);
      if (n <= 0) continue;
      counts.set(g, n);
      registered.set(g, r.notStarted);
    }
    return { counts, registered };
  }

  readiness(group: string): Readiness {
    return this.perGroup.get(group) ?? emptyReadiness();
  }

  get totalReadiness(): Readiness {
    return this.total;
  }

  private updateIncorrectSizes(nowUs: TimeUs): void {
    for (const g of this.cloud.groupIds) {
      const a = this.acceptable.get(g);
      const r = this.perGroup.get(g);
      if (a === undefined || r === undefined) {
        this.incorrectSize.delete(g);
        continue;
      }
      const unregistered = r.unregistered.length + r.longUnregistered.length;
      const wrong = r.registered.length > a.target || r.registered.length < a.target - unregistered;
      if (!wrong) {
        this.incorrectSize.delete(g);
        continue;
      }
      const prev = this.incorrectSize.get(g);
      if (prev !== undefined && prev.current === r.registered.length && prev.expected === a.target) continue;
      this.incorrectSize.set(g, { current: r.registered.length, expected: a.target, firstUs: nowUs });
    }
  }

  /** GetIncorrectNodeGroupSize. */
  incorrectNodeGroupSize(group: string): { current: number; expected: number; firstUs: TimeUs } | null {
    return this.incorrectSize.get(group) ?? null;
  }
}
