// What the autoscaler adds to a run's outputs: timeseries.csv columns per node group
// (nodegroup_<id>_target, _ready, _provisioning, _unneeded) and summary.json's `autoscaler` section:
// scale-ups and removals, peak nodes, node-hours and cost per group (instance lifetime, from creation
// until gone, at the group's pricePerHour), and pending episodes: from the first pod marked
// unschedulable (after a disruption, a burst, a scale-up of a workload) until no pod is Pending.

import type { TimeUs } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Pod } from '../model/types.js';
import type { ClusterAutoscaler } from './loop.js';
import type { AutoscalerSummary, GroupSummary } from './schema.js';

export interface Episode {
  readonly startUs: TimeUs;
  endUs: TimeUs | null;
}

/** Pending episodes, exact to the event: open at the first unschedulable pod, closed when nothing is Pending. */
export class PendingEpisodes {
  readonly list: Episode[] = [];
  private open: Episode | null = null;

  constructor(private readonly state: ClusterState) {}

  unschedulable(_pod: Pod): void {
    if (this.open !== null) return;
    this.open = { startUs: this.state.nowUs, endUs: null };
    this.list.push(this.open);
  }

  podChanged(): void {
    if (this.open === null || this.state.podBuckets.pending > 0) return;
    this.open.endUs = this.state.nowUs;
    this.open = null;
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function autoscalerSummary(
  ca: ClusterAutoscaler,
  episodes: PendingEpisodes,
  peakNodes: number,
): AutoscalerSummary {
  const groups: Record<string, GroupSummary> = {};
  let hours = 0;
  let cost = 0;
  let priced = false;
  let scaleUps = 0;
  let added = 0;
  let removed = 0;
  for (const g of ca.groups.values()) {
    const s = ca.stats.get(g.id);
    if (s === undefined) continue;
    const h = ca.instanceTimeUs(g.id) / 3.6e9;
    hours += h;
    const c = g.pricePerHour === null ? null : h * g.pricePerHour;
    if (c !== null) {
      cost += c;
      priced = true;
    }
    scaleUps += s.scaleUps;
    added += s.nodesAdded;
    removed += s.nodesRemoved;
    groups[g.id] = {
      min_size: g.minSize,
      max_size: g.maxSize,
      target_at_end: ca.cloud.targetSize(g.id),
      peak_target: s.peakTarget,
      scale_ups: s.scaleUps,
      nodes_added: s.nodesAdded,
      nodes_removed: s.nodesRemoved,
      node_hours: round6(h),
      cost: c === null ? null : round6(c),
    };
  }
  const eps = episodes.list.map((e) => ({
    start_s: round6(e.startUs / 1e6),
    end_s: e.endUs === null ? null : round6(e.endUs / 1e6),
    duration_s: e.endUs === null ? null : round6((e.endUs - e.startUs) / 1e6),
  }));
  const durations = eps.map((e) => e.duration_s);
  return {
    node_groups: groups,
    peak_nodes: peakNodes,
    node_hours: round6(hours),
    cost: priced ? round6(cost) : null,
    scale_ups: scaleUps,
    nodes_added: added,
    nodes_removed: removed,
    pending_episodes: eps,
    max_time_to_all_running_s: durations.some((d) => d === null)
      ? null
      : durations.reduce<number | null>((a, d) => (a === null || (d as number) > a ? d : a), null),
  };
}
