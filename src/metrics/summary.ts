// summary.json: the headline numbers of one run (interfaces.md §3). Percentiles use the nearest-rank
// method on exact microsecond values; every number is rounded to 6 decimals so the file is stable.

import type { AutoscalerSummary } from '../autoscaler/outputs.js';
import { US_PER_S } from '../engine/time.js';
import type { Sim } from '../sim/context.js';

export interface LatencyStats {
  readonly count: number;
  readonly p50_s: number | null;
  readonly p90_s: number | null;
  readonly p99_s: number | null;
  readonly max_s: number | null;
}

export interface RunSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly kubernetesVersion: string;
  readonly duration_s: number;
  readonly nodes: { readonly total: number; readonly ready: number; readonly used: number };
  readonly pods: {
    readonly created: number;
    readonly scheduled: number;
    readonly unschedulable_at_end: number;
    readonly running_at_end: number;
    readonly succeeded: number;
    readonly failed: number;
  };
  readonly scheduling_latency: LatencyStats;
  readonly pod_startup_latency: LatencyStats;
  readonly cpu_requested_ratio: { readonly mean: number; readonly peak: number };
  readonly memory_requested_ratio: { readonly mean: number; readonly peak: number };
  readonly evictions: number;
  readonly preemptions: number;
  readonly scheduling_attempts: number;
  readonly event_count: number;
  readonly sim_events_dispatched: number;
  /** The cluster-autoscaler's outputs, when a node pool autoscales. */
  readonly autoscaler?: AutoscalerSummary;
  readonly manifest: {
    readonly seed: number;
    readonly scenario_sha256: string;
    readonly kubesim_version: string;
    readonly trace_digest: string;
  };
}

export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

export function latencyStats(valuesUs: number[]): LatencyStats {
  const sorted = Float64Array.from(valuesUs).sort();
  const arr = Array.from(sorted);
  const s = (v: number | null) => (v === null ? null : round6(v / US_PER_S));
  return {
    count: arr.length,
    p50_s: s(percentile(arr, 0.5)),
    p90_s: s(percentile(arr, 0.9)),
    p99_s: s(percentile(arr, 0.99)),
    max_s: s(arr.length ? (arr[arr.length - 1] as number) : null),
  };
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function summarize(sim: Sim, meta: { scenarioSha256: string; kubesimVersion: string }): RunSummary {
  const { state, config } = sim;
  const sched: number[] = [];
  const startup: number[] = [];
  let scheduled = 0;
  let succeeded = 0;
  let failed = 0;
  for (const pod of state.podHistory) {
    if (pod.scheduledUs !== null) {
      scheduled++;
      sched.push(pod.scheduledUs - pod.createdUs);
    }
    if (pod.startedUs !== null) startup.push(pod.startedUs - pod.createdUs);
    if (pod.phase === 'Succeeded') succeeded++;
    if (pod.phase === 'Failed') failed++;
  }
  let unschedulable = 0;
  let running = 0;
  for (const pod of state.pods) {
    if (pod.nodeName === null && pod.deletionUs === null && pod.phase === 'Pending') unschedulable++;
    if (pod.phase === 'Running' && pod.deletionUs === null) running++;
  }
  const used = state.nodes.filter((n) => [...n.pods].some((p) => !p.daemonSet)).length;
  const last = sim.metrics.measure();
  const samples = sim.metrics.samples;
  const ratio = (pick: (s: (typeof samples)[number]) => number) => ({
    mean: round6(samples.length ? samples.reduce((a, s) => a + pick(s), 0) / samples.length : 0),
    peak: round6(samples.reduce((a, s) => Math.max(a, pick(s)), 0)),
  });
  return {
    scenario: config.scenarioName,
    seed: config.seed,
    kubernetesVersion: config.version.text,
    duration_s: round6(config.durationUs / US_PER_S),
    nodes: { total: last.nodesTotal, ready: last.nodesReady, used },
    pods: {
      created: state.podHistory.length,
      scheduled,
      unschedulable_at_end: unschedulable,
      running_at_end: running,
      succeeded,
      failed,
    },
    scheduling_latency: latencyStats(sched),
    pod_startup_latency: latencyStats(startup),
    cpu_requested_ratio: ratio((s) => s.cpuRequestedRatio),
    memory_requested_ratio: ratio((s) => s.memoryRequestedRatio),
    evictions: state.counters.evictions,
    preemptions: state.counters.preemptions,
    scheduling_attempts: state.counters.schedulingAttempts,
    event_count: sim.log.rowCount,
    sim_events_dispatched: sim.engine.eventsDispatched,
    ...(sim.autoscaler !== null ? { autoscaler: sim.autoscaler.summary() } : {}),
    manifest: {
      seed: config.seed,
      scenario_sha256: meta.scenarioSha256,
      kubesim_version: meta.kubesimVersion,
      trace_digest: sim.trace.digest,
    },
  };
}
