// The node lifecycle controller's in-memory view of each node (nodeHealthMap and knownNodeSet in
// pkg/controller/nodelifecycle/node_lifecycle_controller.go), as typed arrays indexed by Node.idx so
// the monitor pass over 5000 nodes is a tight loop over numbers. All times come from the controller's
// own clock (nc.now()), never from timestamps the kubelet wrote. Lost on a controller restart.

import type { TimeUs } from '../../engine/time.js';

export class HealthTable {
  capacity = 0;
  /** The controller has seen this node (knownNodeSet / nodeHealthMap entry exists). */
  known: Uint8Array = new Uint8Array(0);
  /** The saved status had a Ready condition. */
  savedHasReady: Uint8Array = new Uint8Array(0);
  /** lastHeartbeatTime of the saved Ready condition. */
  savedHeartbeatUs: Float64Array = new Float64Array(0);
  /** renewTime of the saved Lease, or -1 when none was seen. */
  savedLeaseUs: Float64Array = new Float64Array(0);
  probeUs: Float64Array = new Float64Array(0);
  /** The node is in its zone queue's unique set (waiting, or tainted and not yet removed). */
  queued: Uint8Array = new Uint8Array(0);

  ensure(idx: number): void {
    if (idx < this.capacity) return;
    const cap = Math.max(idx + 1, this.capacity * 2, 64);
    this.known = grow(this.known, new Uint8Array(cap));
    this.savedHasReady = grow(this.savedHasReady, new Uint8Array(cap));
    this.savedHeartbeatUs = grow(this.savedHeartbeatUs, new Float64Array(cap));
    this.savedLeaseUs = grow(this.savedLeaseUs, new Float64Array(cap));
    this.probeUs = grow(this.probeUs, new Float64Array(cap));
    this.queued = grow(this.queued, new Uint8Array(cap));
    this.capacity = cap;
  }

  /** A controller restart forgets everything. */
  clear(): void {
    this.known.fill(0);
    this.savedHasReady.fill(0);
    this.queued.fill(0);
  }
}

function grow<T extends Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * tryUpdateNodeHealth's probe bookkeeping for node `i` (node-health-timing.md §3.3): the first sighting
 * sets the probe to now (or to creationTimestamp when the node never posted a Ready condition); later,
 * the probe moves to now when the Ready condition's lastHeartbeatTime changed or when the lease's
 * renewTime moved strictly forward. A Ready condition that vanishes keeps the probe: upstream overwrites
 * the saved status before comparing, so its "ReadyCondition was removed" branch never runs and the node
 * is judged against the startup grace from its old probe (node_lifecycle_controller.go
 * tryUpdateNodeHealth; TestMonitorNodeHealth "Full Disruption: Ready condition removed from the Node";
 * node-health-timing.md §3.3). `heartbeatUs` is ignored when `hasReady` is false; `leaseUs` < 0 means
 * no Lease.
 */
export function refreshProbe(
  h: HealthTable,
  i: number,
  hasReady: boolean,
  heartbeatUs: TimeUs,
  leaseUs: TimeUs,
  creationUs: TimeUs,
  nowUs: TimeUs,
): void {
  if (h.known[i] === 0) {
    h.known[i] = 1;
    h.probeUs[i] = hasReady ? nowUs : creationUs;
    h.savedLeaseUs[i] = -1;
  } else if (hasReady && h.savedHasReady[i] === 0) {
    // First Ready condition after the controller knew the node: probe = now.
    h.probeUs[i] = nowUs;
  } else if (hasReady && h.savedHeartbeatUs[i] !== heartbeatUs) {
    h.probeUs[i] = nowUs;
  }
  h.savedHasReady[i] = hasReady ? 1 : 0;
  if (hasReady) h.savedHeartbeatUs[i] = heartbeatUs;
  if (leaseUs >= 0 && ((h.savedLeaseUs[i] as number) < 0 || (h.savedLeaseUs[i] as number) < leaseUs)) {
    h.savedLeaseUs[i] = leaseUs;
    h.probeUs[i] = nowUs;
  }
}

/** M2 (node-health-timing.md §9): stale when now - probe >= grace (zero-duration passes). */
export function isStale(probeUs: TimeUs, graceUs: TimeUs, nowUs: TimeUs): boolean {
  return nowUs - probeUs >= graceUs;
}
