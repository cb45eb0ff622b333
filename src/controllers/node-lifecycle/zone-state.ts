// Zone disruption rules of the node lifecycle controller, as pure functions (node-health-timing.md §5):
// ComputeZoneState, the limiter QPS per state (HealthyQPSFunc, ReducedQPSFunc, setLimiterInZone) and
// handleDisruption's choice between entering / leaving "master disruption mode" and per-zone swaps.
// Upstream: pkg/controller/nodelifecycle/node_lifecycle_controller.go.

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

export interface ZoneRates {
  /** --node-eviction-rate */
  readonly nodeEvictionRate: number;
  /** --secondary-node-eviction-rate */
  readonly secondaryNodeEvictionRate: number;
  /** --large-cluster-size-threshold, compared with the zone's size (issue #119499) */
  readonly largeClusterSizeThreshold: number;
}

/**
 * ComputeZoneState: FullDisruption when no node is Ready (and some are not); PartialDisruption when more
 * than 2 are not Ready and their share reaches the threshold (float32 arithmetic, so exactly 0.55
 * counts); Normal otherwise. "Not Ready" includes False, Unknown and a missing Ready condition.
 */
export function computeZoneState(ready: number, notReady: number, unhealthyZoneThreshold: number): ZoneState {
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  const share = Math.fround(Math.fround(notReady) / Math.fround(notReady + ready));
  if (notReady > 2 && share >= Math.fround(unhealthyZoneThreshold)) return 'PartialDisruption';
  return 'Normal';
}

/**
 * setLimiterInZone: the NoExecute tainting rate for a zone in `state` with `zoneSize` (non-excluded)
 * nodes. A fully disrupted zone is drained at the normal rate (HealthyQPSFunc); a partially disrupted
 * one at the secondary rate if it is larger than the threshold, else not at all (ReducedQPSFunc).
 */
export function zoneLimiterQps(state: ZoneState, zoneSize: number, r: ZoneRates): number {
  if (state === 'PartialDisruption') {
    return zoneSize > r.largeClusterSizeThreshold ? r.secondaryNodeEvictionRate : 0;
  }
  return r.nodeEvictionRate;
}

export type DisruptionPlan =
  /** Every zone is fully disrupted now but was not before: strip NoExecute taints, stop all tainting. */
  | { readonly kind: 'enterMasterDisruption' }
  /** Some zone recovered after all were down: reset every probe, give every zone its state's limiter. */
  | { readonly kind: 'exitMasterDisruption' }
  /** Ordinary pass: swap the limiter of each zone whose state changed. */
  | { readonly kind: 'perZone'; readonly changed: readonly string[] }
  /** Still all fully disrupted (or no zones at all): nothing changes. */
  | { readonly kind: 'stay' };

/**
 * handleDisruption's decision. `previous` holds the controller's remembered states for the zones seen
 * in this pass ('Initial' for a zone it did not know), `next` the states computed now for them.
 */
export function planDisruption(
  previous: ReadonlyMap<string, ZoneState>,
  next: ReadonlyMap<string, ZoneState>,
): DisruptionPlan {
  let allAre = true;
  for (const s of next.values()) if (s !== 'FullDisruption') allAre = false;
  let allWere = true;
  for (const s of previous.values()) if (s !== 'FullDisruption') allWere = false;
  if (allAre && allWere) return { kind: 'stay' };
  if (allAre) return { kind: 'enterMasterDisruption' };
  if (allWere) return { kind: 'exitMasterDisruption' };
  const changed: string[] = [];
  for (const [zone, s] of previous) if (next.get(zone) !== s) changed.push(zone);
  return { kind: 'perZone', changed };
}
