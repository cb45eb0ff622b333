// summary.json: the headline numbers of one run (interfaces.md §3). Percentiles use the nearest-rank
// method on exact microsecond values; every number is rounded to 6 decimals so the file is stable.

import type { AutoscalerSummary } from '../autoscaler/schema.js';
import { US_PER_S } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Pod } from '../model/types.js';
import type { KubeVersion } from '../model/version.js';
import type { AvailabilityTracker } from './availability.js';
import type { Sample } from './recorder.js';

export interface LatencyStats {
  readonly count: number;
  readonly p50_s: number | null;
  readonly p90_s: number | null;
  readonly p99_s: number | null;
  readonly max_s: number | null;
}

/** One entry of spec.faults as the run saw it (see availability.ts for "disrupted" and "recovered"). */
export interface FaultSummary {
  readonly index: number;
  readonly action: string;
  /** The events.csv objects of its start rows: nodes, a zone, a pool. */
  readonly target: string;
  readonly start_s: number;
  /** When it stopped holding any node (`for`, node-recover), null if it held some at the end. */
  readonly end_s: number | null;
  readonly first_eviction_s: number | null;
  /** First instant at or after the start at which some Deployment/ReplicaSet had fewer Ready pods than desired. */
  readonly disrupted_s: number | null;
  /** First instant after that at which every one had its desired Ready pods again; null: not by the end. */
  readonly recovered_s: number | null;
  /** recovered_s - start_s; 0 when nothing was disrupted; null when not recovered by the end. */
  readonly time_to_recover_s: number | null;
}

export interface ZoneSummary {
  readonly nodes: number;
  readonly nodes_ready: number;
  /** Pods Running (not terminating) on the zone's nodes at the end, DaemonSet pods included. */
  readonly pods_running: number;
  readonly daemonset_pods_running: number;
}

/** summary.json drains[i]: one node of a drain operation (disruption.md §5). */
export interface DrainSummary {
  readonly node: string;
  readonly outcome: 'Drained' | 'DrainTimedOut' | 'DrainFailed';
  readonly start_s: number;
  readonly end_s: number;
  readonly duration_s: number;
  readonly evicted: number;
  readonly evictions_refused: number;
  /** kubectl's error, "" when drained. */
  readonly message: string;
}

export interface RunSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly kubernetesVersion: string;
  /** spec.duration. */
  readonly duration_s: number;
  /** Virtual time actually simulated: spec.duration, or less with --until. */
  readonly simulated_s: number;
  /** true when --until stopped the run before spec.duration. */
  readonly stopped_early: boolean;
  readonly nodes: { readonly total: number; readonly ready: number; readonly used: number };
  readonly pods: {
    readonly created: number;
    readonly scheduled: number;
    readonly unschedulable_at_end: number;
    readonly running_at_end: number;
    readonly succeeded: number;
    readonly failed: number;
    /** The most pods in phase Pending at once (exact, not sampled), and when first reached. */
    readonly pending_max: number;
    readonly pending_max_at_s: number;
  };
  readonly scheduling_latency: LatencyStats;
  readonly pod_startup_latency: LatencyStats;
  /** Time each pod spent in phase Pending (pods.csv pending_s), Pending pods counted to the end. */
  readonly pod_pending_duration: LatencyStats;
  readonly cpu_requested_ratio: { readonly mean: number; readonly peak: number };
  readonly memory_requested_ratio: { readonly mean: number; readonly peak: number };
  readonly evictions: number;
  readonly first_eviction_s: number | null;
  readonly preemptions: number;
  /** Deletions the Eviction API started, and the evictions it refused (disruption budgets). */
  readonly api_evictions: number;
  readonly evictions_refused: number;
  /** One entry per node a drain operation finished with (drained, timed out or failed). */
  readonly drains: readonly DrainSummary[];
  readonly scheduling_attempts: number;
  readonly event_count: number;
  readonly sim_events_dispatched: number;
  /** Nodes and pods per zone at the end (zone key as in events.csv; "" for nodes without a zone). */
  readonly zones: Readonly<Record<string, ZoneSummary>>;
  readonly faults: readonly FaultSummary[];
  /** HPAs and loaded workloads (only in scenarios with spec.load or HorizontalPodAutoscalers). */
  readonly autoscaling?: object;
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

/** What a summary reads of a finished run (the assembled Sim provides it). */
export interface RunView {
  readonly nowUs: number;
  readonly state: ClusterState;
  readonly config: {
    readonly scenarioName: string;
    readonly seed: number;
    readonly version: KubeVersion;
    readonly durationUs: number;
  };
  readonly metrics: {
    measure(): Sample;
    readonly samples: readonly Sample[];
    readonly availability: AvailabilityTracker;
  };
  /** The fault injector's record of each fault that started, in start order. */
  readonly faults: { readonly records: readonly FaultRun[] };
  readonly log: { readonly rowCount: number };
  readonly engine: { readonly eventsDispatched: number };
  readonly trace: { readonly digest: string };
  /** The cluster-autoscaler, when a node pool autoscales (its summary.json section). */
  readonly autoscaler: { summary(): AutoscalerSummary } | null;
  /** summary.json `autoscaling`, or null without spec.load and HPAs. */
  readonly autoscaling: { summary(): object | null };
  /** kubectl's record of each node a drain finished with, in finishing order. */
  readonly kubectl: { readonly reports: readonly DrainReportView[] };
}

/** A finished node of a drain, as kubectl reports it (src/kubectl/drain.ts DrainReport). */
export interface DrainReportView {
  readonly node: string;
  readonly startedUs: number;
  readonly finishedUs: number;
  readonly outcome: DrainSummary['outcome'];
  readonly message: string;
  readonly evicted: number;
  readonly refused: number;
}

/** One started fault as the summary reads it (src/faults/injector.ts FaultRecord). */
export interface FaultRun {
  readonly index: number;
  readonly action: string;
  readonly startUs: number;
  readonly endUs: number | null;
  readonly objects: readonly string[];
}

/** Time in phase Pending: creation to Running, or to the end (finished, deleted, run end) if it never ran. */
export function pendingUs(pod: Pod, endUs: number): number {
  const until = pod.startedUs ?? pod.finishedUs ?? pod.deletionUs ?? pod.removedUs ?? endUs;
  return until - pod.createdUs;
}

const s6 = (us: number | null) => (us === null ? null : round6(us / US_PER_S));

function zoneSummaries(sim: RunView): Record<string, ZoneSummary> {
  const zones = new Map<
    string,
    { nodes: number; nodes_ready: number; pods_running: number; daemonset_pods_running: number }
  >();
  const sorted = [...sim.state.nodes].sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
  for (const n of sorted) {
    let z = zones.get(n.zone);
    if (z === undefined) {
      z = { nodes: 0, nodes_ready: 0, pods_running: 0, daemonset_pods_running: 0 };
      zones.set(n.zone, z);
    }
    z.nodes++;
    if (n.conditions.get('Ready')?.status === 'True') z.nodes_ready++;
    for (const p of n.pods) {
      if (p.nodeName !== n.name || p.phase !== 'Running' || p.deletionUs !== null) continue;
      z.pods_running++;
      if (p.daemonSet) z.daemonset_pods_running++;
    }
  }
  return Object.fromEntries(zones);
}

function faultSummaries(sim: RunView): FaultSummary[] {
  const av = sim.metrics.availability;
  return sim.faults.records.map((r) => {
    const gap = av.gapFrom(r.startUs);
    const recoveredUs = gap === undefined ? null : gap.toUs;
    const ttr = gap === undefined ? 0 : recoveredUs === null ? null : recoveredUs - r.startUs;
    const shown = r.objects.slice(0, 5).join(',');
    return {
      index: r.index,
      action: r.action,
      target: r.objects.length > 5 ? `${shown},... (${r.objects.length})` : shown,
      start_s: s6(r.startUs) as number,
      end_s: s6(r.endUs),
      first_eviction_s: s6(av.firstEvictionFrom(r.startUs)),
      disrupted_s: gap === undefined ? null : s6(Math.max(gap.fromUs, r.startUs)),
      recovered_s: s6(recoveredUs),
      time_to_recover_s: s6(ttr),
    };
  });
}

export function summarize(
  sim: RunView,
  meta: { scenarioSha256: string; kubesimVersion: string },
): RunSummary {
  const { state, config } = sim;
  const endUs = sim.nowUs;
  const sched: number[] = [];
  const startup: number[] = [];
  const pending: number[] = [];
  let scheduled = 0;
  let succeeded = 0;
  let failed = 0;
  for (const pod of state.podHistory) {
    if (pod.scheduledUs !== null) {
      scheduled++;
      sched.push(pod.scheduledUs - pod.createdUs);
    }
    if (pod.startedUs !== null) startup.push(pod.startedUs - pod.createdUs);
    pending.push(pendingUs(pod, endUs));
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
  const autoscaling = sim.autoscaling.summary();
  return {
    scenario: config.scenarioName,
    seed: config.seed,
    kubernetesVersion: config.version.text,
    duration_s: round6(config.durationUs / US_PER_S),
    simulated_s: round6(endUs / US_PER_S),
    stopped_early: endUs < config.durationUs,
    nodes: { total: last.nodesTotal, ready: last.nodesReady, used },
    pods: {
      created: state.podHistory.length,
      scheduled,
      unschedulable_at_end: unschedulable,
      running_at_end: running,
      succeeded,
      failed,
      pending_max: sim.metrics.availability.pendingMax,
      pending_max_at_s: round6(sim.metrics.availability.pendingMaxUs / US_PER_S),
    },
    scheduling_latency: latencyStats(sched),
    pod_startup_latency: latencyStats(startup),
    pod_pending_duration: latencyStats(pending),
    cpu_requested_ratio: ratio((s) => s.cpuRequestedRatio),
    memory_requested_ratio: ratio((s) => s.memoryRequestedRatio),
    evictions: state.counters.evictions,
    first_eviction_s: s6(sim.metrics.availability.evictionsUs[0] ?? null),
    preemptions: state.counters.preemptions,
    api_evictions: state.counters.apiEvictions,
    evictions_refused: state.counters.evictionsRefused,
    drains: sim.kubectl.reports.map((r) => ({
      node: r.node,
      outcome: r.outcome,
      start_s: round6(r.startedUs / US_PER_S),
      end_s: round6(r.finishedUs / US_PER_S),
      duration_s: round6((r.finishedUs - r.startedUs) / US_PER_S),
      evicted: r.evicted,
      evictions_refused: r.refused,
      message: r.message,
    })),
    scheduling_attempts: state.counters.schedulingAttempts,
    event_count: sim.log.rowCount,
    sim_events_dispatched: sim.engine.eventsDispatched,
    zones: zoneSummaries(sim),
    faults: faultSummaries(sim),
    ...(autoscaling !== null ? { autoscaling } : {}),
    ...(sim.autoscaler !== null ? { autoscaler: sim.autoscaler.summary() } : {}),
    manifest: {
      seed: config.seed,
      scenario_sha256: meta.scenarioSha256,
      kubesim_version: meta.kubesimVersion,
      trace_digest: sim.trace.digest,
    },
  };
}
