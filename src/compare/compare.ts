// `kubesim compare`'s library half (interfaces.md §1, §3 compare.csv): the same scenario run under several
// scheduler profiles and seeds, one row of headline metrics per (profile, seed), and the mean and spread
// per profile. A profile choice replaces the profile serving `default-scheduler` (the scenario's other
// profiles stay); global KubeSchedulerConfiguration fields from a file apply too.

import { runBuilt } from '../index.js';
import type { Pod } from '../model/types.js';
import { buildScenario } from '../scenario/build.js';
import type { Scenario } from '../scenario/schema.js';
import type { ProfileSpec, SchedulerSpec } from '../scheduler/config.js';
import { SCHEDULER_DEFAULTS } from '../scheduler/defaults.js';
import type { Sim } from '../sim/assemble.js';
import {
  type Placement,
  placementDiff,
  placementsOf,
  skewOf,
  utilisationSpread,
  type WorkloadOf,
  zoneCounts,
  zoneSkew,
} from './compare-spread.js';

export interface ProfileChoice {
  /** Label in the table and compare.csv. */
  readonly label: string;
  readonly profile: ProfileSpec;
  /** Global fields (percentageOfNodesToScore, backoff, clientConnection, ...) from a configuration file. */
  readonly globals?: Omit<SchedulerSpec, 'profiles'>;
}

export const COMPARE_HEADER = [
  'profile',
  'seed',
  'pods_scheduled',
  'pods_unschedulable',
  'scheduling_latency_p50_s',
  'scheduling_latency_p99_s',
  'nodes_used',
  'cpu_requested_ratio_mean',
  'cpu_requested_ratio_peak',
  'memory_requested_ratio_mean',
  'memory_requested_ratio_peak',
  'fragmentation_ratio',
  'preemptions',
  'evictions',
  'zone_skew_max',
  'zone_skew_mean',
  'zone_skew_all',
  'node_cpu_ratio_stddev',
  'node_cpu_ratio_range',
  'node_memory_ratio_stddev',
  'placement_diff_nodes',
  'placement_diff_zones',
] as const;

export type MetricName = Exclude<(typeof COMPARE_HEADER)[number], 'profile' | 'seed'>;
export type CompareRow = { readonly profile: string; readonly seed: number } & Record<MetricName, number>;

/** The scenario with `choice` serving default-scheduler. */
export function withProfile(scenario: Scenario, choice: ProfileChoice): Scenario {
  const base = scenario.spec.scheduler ?? {};
  const name = SCHEDULER_DEFAULTS.schedulerName;
  const others = (base.profiles ?? []).filter((p) => (p.schedulerName ?? name) !== name);
  const scheduler: SchedulerSpec = {
    ...base,
    ...(choice.globals ?? {}),
    profiles: [{ ...choice.profile, schedulerName: name }, ...others],
  };
  return { ...scenario, spec: { ...scenario.spec, scheduler } };
}

/** The most common pod request shape (cpu, memory) among non-DaemonSet pods; ties: the smaller shape. */
export function commonShape(pods: readonly Pod[]): { milliCPU: number; memory: number } | null {
  const counts = new Map<string, { milliCPU: number; memory: number; n: number }>();
  for (const p of pods) {
    if (p.daemonSet) continue;
    const key = `${p.requests.milliCPU}/${p.requests.memory}`;
    const c = counts.get(key) ?? { milliCPU: p.requests.milliCPU, memory: p.requests.memory, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  const sorted = [...counts.values()].sort(
    (a, b) => b.n - a.n || a.milliCPU - b.milliCPU || a.memory - b.memory,
  );
  return sorted[0] ?? null;
}

/** Share of free allocatable CPU on used nodes that cannot host one more pod of the common shape. */
export function fragmentationRatio(sim: Sim): number {
  const shape = commonShape(sim.state.podHistory);
  if (shape === null) return 0;
  let free = 0;
  let stranded = 0;
  for (const n of sim.state.nodes) {
    if (![...n.pods].some((p) => !p.daemonSet)) continue;
    const cpu = n.allocatable.milliCPU - n.requested.milliCPU;
    const mem = n.allocatable.memory - n.requested.memory;
    free += Math.max(0, cpu);
    const fits =
      cpu >= shape.milliCPU && mem >= shape.memory && n.pods.size + 1 <= n.allocatable.allowedPodNumber;
    if (!fits) stranded += Math.max(0, cpu);
  }
  return free === 0 ? 0 : stranded / free;
}

/** One run of `compare`: its compare.csv row and what placement diffs and compare-zones.csv need. */
export interface CompareRun {
  readonly row: CompareRow;
  readonly placements: readonly Placement[];
  /** Pods per zone by workload ("*": all), as zoneCounts returns them, as plain pairs. */
  readonly zones: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, number]>]>;
}

/** The workload a pod counts under in compare's skew (compare-spread.ts). */
export function workloadResolver(sim: Sim): WorkloadOf {
  return (pod) => {
    const o = pod.owner;
    if (o === null) {
      const app = pod.labels['app.kubernetes.io/name'] ?? pod.labels.app;
      return app === undefined ? '' : `app=${app}`;
    }
    const owner = sim.workloads.store.byUidOf(o.uid);
    const top = owner?.owner?.kind === 'Deployment' ? owner.owner : o;
    return `${top.kind}/${pod.namespace}/${top.name}`;
  };
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function runOne(scenario: Scenario, choice: ProfileChoice, seed: number): CompareRun {
  const built = buildScenario(withProfile(scenario, choice), seed);
  const { sim, summary } = runBuilt(built);
  const placements = placementsOf(sim.state.pods, sim.state.nodes, workloadResolver(sim));
  const counts = zoneCounts(
    placements,
    sim.state.nodes.map((n) => n.zone),
  );
  const skew = zoneSkew(counts);
  const util = utilisationSpread(sim.state.nodes);
  const row: CompareRow = {
    profile: choice.label,
    seed,
    pods_scheduled: summary.pods.scheduled,
    pods_unschedulable: summary.pods.unschedulable_at_end,
    scheduling_latency_p50_s: summary.scheduling_latency.p50_s ?? 0,
    scheduling_latency_p99_s: summary.scheduling_latency.p99_s ?? 0,
    nodes_used: summary.nodes.used,
    cpu_requested_ratio_mean: summary.cpu_requested_ratio.mean,
    cpu_requested_ratio_peak: summary.cpu_requested_ratio.peak,
    memory_requested_ratio_mean: summary.memory_requested_ratio.mean,
    memory_requested_ratio_peak: summary.memory_requested_ratio.peak,
    fragmentation_ratio: r6(fragmentationRatio(sim)),
    preemptions: summary.preemptions,
    evictions: summary.evictions,
    zone_skew_max: skew.max,
    zone_skew_mean: r6(skew.mean),
    zone_skew_all: skew.all,
    node_cpu_ratio_stddev: r6(util.cpuStddev),
    node_cpu_ratio_range: r6(util.cpuRange),
    node_memory_ratio_stddev: r6(util.memoryStddev),
    placement_diff_nodes: 0,
    placement_diff_zones: 0,
  };
  return {
    row,
    placements,
    zones: [...counts].map(([w, m]) => [w, [...m]] as const),
  };
}

/**
 * The rows with placement_diff_* filled: each run against the run of the first profile with the same
 * seed (so the first profile's rows are 0). `runs` are in compare order (profile-major).
 */
export function withPlacementDiffs(runs: readonly CompareRun[]): CompareRow[] {
  const first = new Map<number, CompareRun>();
  for (const r of runs) if (!first.has(r.row.seed)) first.set(r.row.seed, r);
  return runs.map((r) => {
    const base = first.get(r.row.seed) as CompareRun;
    const d = placementDiff(base.placements, r.placements);
    return { ...r.row, placement_diff_nodes: d.nodes, placement_diff_zones: d.zones };
  });
}

/** compare-zones.csv: profile, seed, workload ("*" = all pods), zone, pods, and the workload's skew. */
export const COMPARE_ZONES_HEADER = ['profile', 'seed', 'workload', 'zone', 'pods', 'zone_skew'] as const;

export function compareZoneRows(runs: readonly CompareRun[]): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  for (const r of runs) {
    for (const [workload, zones] of r.zones) {
      const skew = skewOf(new Map(zones));
      for (const [zone, pods] of zones) out.push([r.row.profile, r.row.seed, workload, zone, pods, skew]);
    }
  }
  return out;
}

export interface Spread {
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

/** Per profile (in the given order), per metric: mean, sample standard deviation, min and max over seeds. */
export function summarizeRows(rows: readonly CompareRow[]): Map<string, Record<MetricName, Spread>> {
  const out = new Map<string, Record<MetricName, Spread>>();
  const labels = [...new Set(rows.map((r) => r.profile))];
  for (const label of labels) {
    const mine = rows.filter((r) => r.profile === label);
    const rec = {} as Record<MetricName, Spread>;
    for (const m of COMPARE_HEADER.slice(2) as readonly MetricName[])
      rec[m] = spreadOf(mine.map((r) => r[m]));
    out.set(label, rec);
  }
  return out;
}

/** Side-by-side table: one column per profile, "mean ± sd" per metric. */
export function formatCompareTable(
  summary: Map<string, Record<MetricName, Spread>>,
  seeds: readonly number[],
): string {
  const labels = [...summary.keys()];
  const fmt = (m: MetricName, s: Spread) => {
    const digits = m.includes('ratio') || m.includes('latency') || m === 'zone_skew_mean' ? 3 : 1;
    return seeds.length > 1 ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}` : s.mean.toFixed(digits);
  };
  const rows = (COMPARE_HEADER.slice(2) as readonly MetricName[]).map((m) => [
    m,
    ...labels.map((l) => fmt(m, (summary.get(l) as Record<MetricName, Spread>)[m])),
  ]);
  const head = [`metric (seeds ${seeds.join(',')})`, ...labels];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}
