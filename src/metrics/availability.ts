// What summary.json says about disruption and recovery, kept incrementally from the store's watch
// notifications (O(1) per pod write, nothing per event otherwise):
//
// - "whole": every replica workload (a Deployment, or a ReplicaSet no Deployment owns) has at least its
//   desired `spec.replicas` pods Ready (phase Running, PodReady true, no deletionTimestamp), the count
//   `kubectl get deploy` shows as READY n/n. DaemonSets are left out (their desired count includes the
//   failed nodes, whose pods cannot be Ready until the node is back), and so are Jobs and bare pods (they
//   are not replaced). The intervals in which the cluster was not whole are kept.
// - the most pods Pending at once (the timeseries' pods_pending, exact rather than sampled) and when;
// - every eviction's time (TaintManagerEviction), for first_eviction_s overall and per fault.
//
// A fault's recovery (summary.ts) is then read off the intervals: the first not-whole interval that is
// open at or starts after the fault's start, and its end.

import type { TimeUs } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Pod } from '../model/types.js';
import type { Workload } from '../workloads/objects.js';
import type { WorkloadStore } from '../workloads/store.js';

interface Unit {
  ready: number;
  desired: number;
}

export interface Gap {
  readonly fromUs: TimeUs;
  /** null while still open at the end of the run. */
  toUs: TimeUs | null;
}

export class AvailabilityTracker {
  private readonly units = new Map<string, Unit>();
  private readonly counted = new Map<Pod, Unit>();
  private store: WorkloadStore | null = null;
  private short = 0;
  readonly gaps: Gap[] = [];
  readonly evictionsUs: TimeUs[] = [];
  pendingMax = 0;
  pendingMaxUs: TimeUs = 0;

  constructor(private readonly state: ClusterState) {
    state.watch({
      podAdded: (pod) => this.podChanged(pod),
      podUpdated: (pod, change) => {
        // markPodDeleting counts TaintManagerEviction deletions before it notifies.
        if (change === 'deleting' && state.counters.evictions > this.evictionsUs.length)
          this.evictionsUs.push(state.nowUs);
        if (change === 'phase' || change === 'ready' || change === 'deleting' || change === 'bound')
          this.podChanged(pod);
      },
      podDeleted: (pod) => this.podChanged(pod),
    });
  }

  /** Starts following the workload objects (they exist from here on): desired counts and their changes. */
  attach(store: WorkloadStore): void {
    this.store = store;
    for (const d of store.list('Deployment')) this.workloadChanged(d, 'added');
    for (const rs of store.list('ReplicaSet')) this.workloadChanged(rs, 'added');
    store.listen((obj, change) => this.workloadChanged(obj, change));
    for (const pod of this.state.pods) this.podChanged(pod);
  }

  private unitKey(obj: Workload): string | null {
    if (obj.kind === 'Deployment') return obj.uid;
    if (obj.kind === 'ReplicaSet' && obj.owner?.kind !== 'Deployment') return obj.uid;
    return null;
  }

  private workloadChanged(obj: Workload, change: string): void {
    if (change === 'status' || change === 'meta') return;
    const key = this.unitKey(obj);
    if (key === null || (obj.kind !== 'Deployment' && obj.kind !== 'ReplicaSet')) return;
    let unit = this.units.get(key);
    if (unit === undefined) {
      if (change === 'deleted') return;
      unit = { ready: 0, desired: 0 };
      this.units.set(key, unit);
    }
    const desired = change === 'deleted' || obj.deletionUs !== null ? 0 : obj.replicas;
    this.update(unit, unit.ready, desired);
    if (change === 'deleted') this.units.delete(key);
  }

  private unitOf(pod: Pod): Unit | undefined {
    if (this.store === null || pod.owner === null || pod.owner.kind !== 'ReplicaSet') return undefined;
    const rs = this.store.byUidOf(pod.owner.uid);
    if (rs === undefined) return undefined;
    const key = rs.owner?.kind === 'Deployment' ? rs.owner.uid : rs.uid;
    return this.units.get(key);
  }

  private podChanged(pod: Pod): void {
    const pending = this.state.podBuckets.pending;
    if (pending > this.pendingMax) {
      this.pendingMax = pending;
      this.pendingMaxUs = this.state.nowUs;
    }
    const available =
      pod.ready && pod.phase === 'Running' && pod.deletionUs === null && pod.removedUs === null;
    const was = this.counted.get(pod);
    if (available && was === undefined) {
      const unit = this.unitOf(pod);
      if (unit === undefined) return;
      this.counted.set(pod, unit);
      this.update(unit, unit.ready + 1, unit.desired);
    } else if (!available && was !== undefined) {
      this.counted.delete(pod);
      this.update(was, was.ready - 1, was.desired);
    }
  }

  private update(unit: Unit, ready: number, desired: number): void {
    const wasShort = unit.ready < unit.desired;
    unit.ready = ready;
    unit.desired = desired;
    const isShort = ready < desired;
    if (wasShort === isShort) return;
    this.short += isShort ? 1 : -1;
    if (isShort && this.short === 1) this.gaps.push({ fromUs: this.state.nowUs, toUs: null });
    else if (!isShort && this.short === 0) {
      const open = this.gaps[this.gaps.length - 1];
      // A pod replaced within one instant (old one gone, new one Ready) is no gap.
      if (open !== undefined && open.fromUs === this.state.nowUs) this.gaps.pop();
      else if (open !== undefined) open.toUs = this.state.nowUs;
    }
  }

  /** Whether every replica workload has its desired pods Ready right now. */
  get whole(): boolean {
    return this.short === 0;
  }

  /** The first not-whole interval that is open at `fromUs` or starts after it. */
  gapFrom(fromUs: TimeUs): Gap | undefined {
    return this.gaps.find((g) => g.toUs === null || g.toUs > fromUs);
  }

  /** The first eviction at or after `fromUs`. */
  firstEvictionFrom(fromUs: TimeUs): TimeUs | null {
    return this.evictionsUs.find((t) => t >= fromUs) ?? null;
  }
}
