// The headline metrics of a run as sweep.csv columns, read from summary.json by path. Names follow
// compare.csv (interfaces.md §3) where the two overlap, so sweeps and comparisons read alike.

import type { RunSummary } from '../metrics/summary.js';

export const HEADLINE: ReadonlyArray<readonly [column: string, path: string]> = [
  ['pods_created', 'pods.created'],
  ['pods_scheduled', 'pods.scheduled'],
  ['pods_unschedulable', 'pods.unschedulable_at_end'],
  ['pods_running_at_end', 'pods.running_at_end'],
  ['scheduling_latency_p50_s', 'scheduling_latency.p50_s'],
  ['scheduling_latency_p99_s', 'scheduling_latency.p99_s'],
  ['scheduling_latency_max_s', 'scheduling_latency.max_s'],
  ['pod_startup_latency_p50_s', 'pod_startup_latency.p50_s'],
  ['pod_startup_latency_p99_s', 'pod_startup_latency.p99_s'],
  ['nodes_ready_at_end', 'nodes.ready'],
  ['nodes_used', 'nodes.used'],
  ['cpu_requested_ratio_mean', 'cpu_requested_ratio.mean'],
  ['cpu_requested_ratio_peak', 'cpu_requested_ratio.peak'],
  ['memory_requested_ratio_mean', 'memory_requested_ratio.mean'],
  ['memory_requested_ratio_peak', 'memory_requested_ratio.peak'],
  ['evictions', 'evictions'],
  ['preemptions', 'preemptions'],
  ['scheduling_attempts', 'scheduling_attempts'],
  ['event_count', 'event_count'],
  ['trace_digest', 'manifest.trace_digest'],
  ['pods_pending_max', 'pods.pending_max'],
  ['first_eviction_s', 'first_eviction_s'],
  // The first entry of spec.faults (summary.json faults.0); empty without faults, or when not recovered.
  ['fault_disrupted_s', 'faults.0.disrupted_s'],
  ['time_to_recover_s', 'faults.0.time_to_recover_s'],
];

export type Headline = Record<string, number | string | null>;

export function headline(summary: RunSummary): Headline {
  const out: Headline = {};
  for (const [column, path] of HEADLINE) {
    let v: unknown = summary;
    for (const key of path.split('.'))
      v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[key];
    out[column] = typeof v === 'number' || typeof v === 'string' ? v : null;
  }
  return out;
}
