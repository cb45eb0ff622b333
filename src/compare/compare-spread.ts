// How `kubesim compare` tells spreading apart from packing, at the end of each run (pure functions over
// the final pods and nodes):
//
// - zone skew: for each workload, the most minus the fewest of its pods in any zone of the cluster (the
//   `skew` PodTopologySpread's maxSkew bounds, over topology.kubernetes.io/zone domains: every zone with
//   a live node counts, an empty one as 0); and the same over all pods together;
// - node utilisation spread: the standard deviation and range of requested / allocatable cpu (and the
//   standard deviation for memory) over the Ready nodes, the empty ones included;
// - placement differences: pods bound to another node (or zone) than in another run, by pod name.
//
// Counted pods are bound, not terminating and not terminal, DaemonSet pods left out (they go to every
// node whatever the profile). A pod's workload is its controller (a ReplicaSet's Deployment, a
// ReplicaSet, a Job); a pod without one is grouped by its app.kubernetes.io/name or app label.

import type { Node, Pod } from '../model/types.js';

export interface Placement {
  readonly pod: string;
  readonly workload: string;
  readonly node: string;
  readonly zone: string;
}

/** The controller a pod counts under, given its owner; "" when it has none and no app label. */
export type WorkloadOf = (pod: Pod) => string;

export function placementsOf(
  pods: Iterable<Pod>,
  nodes: readonly Node[],
  workloadOf: WorkloadOf,
): Placement[] {
  const zoneOf = new Map(nodes.map((n) => [n.name, n.zone]));
  const out: Placement[] = [];
  for (const p of pods) {
    if (p.daemonSet || p.nodeName === null || p.deletionUs !== null) continue;
    if (p.phase === 'Succeeded' || p.phase === 'Failed') continue;
    const zone = zoneOf.get(p.nodeName);
    if (zone === undefined) continue;
    out.push({ pod: p.key, workload: workloadOf(p), node: p.nodeName, zone });
  }
  return out;
}

/** Pods per zone for each workload (in first-seen order; "*" is all pods), zones in sorted order. */
export function zoneCounts(
  placements: readonly Placement[],
  zones: readonly string[],
): Map<string, Map<string, number>> {
  const sorted = [...new Set(zones)].sort();
  const out = new Map<string, Map<string, number>>();
  const row = (w: string) => {
    let m = out.get(w);
    if (m === undefined) {
      m = new Map(sorted.map((z) => [z, 0]));
      out.set(w, m);
    }
    return m;
  };
  row('*');
  for (const p of placements) {
    for (const w of p.workload === '' ? ['*'] : ['*', p.workload]) {
      const m = row(w);
      m.set(p.zone, (m.get(p.zone) ?? 0) + 1);
    }
  }
  return out;
}

export function skewOf(counts: ReadonlyMap<string, number>): number {
  const values = [...counts.values()];
  return values.length === 0 ? 0 : Math.max(...values) - Math.min(...values);
}

export interface SkewSummary {
  /** The largest zone skew of any workload. */
  readonly max: number;
  /** The mean zone skew over workloads. */
  readonly mean: number;
  /** The zone skew of all counted pods together. */
  readonly all: number;
}

export function zoneSkew(counts: ReadonlyMap<string, ReadonlyMap<string, number>>): SkewSummary {
  const perWorkload = [...counts].filter(([w]) => w !== '*').map(([, m]) => skewOf(m));
  return {
    max: perWorkload.length === 0 ? 0 : Math.max(...perWorkload),
    mean: perWorkload.length === 0 ? 0 : perWorkload.reduce((a, b) => a + b, 0) / perWorkload.length,
    all: skewOf(counts.get('*') ?? new Map()),
  };
}

export interface UtilisationSpread {
  readonly cpuStddev: number;
  readonly cpuRange: number;
  readonly memoryStddev: number;
}

/** Population standard deviation (every Ready node is in the population, none is a sample). */
export function stddev(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
}

export function utilisationSpread(nodes: readonly Node[]): UtilisationSpread {
  const cpu: number[] = [];
  const mem: number[] = [];
  for (const n of nodes) {
    if (n.conditions.get('Ready')?.status !== 'True') continue;
    cpu.push(n.allocatable.milliCPU > 0 ? n.requested.milliCPU / n.allocatable.milliCPU : 0);
    mem.push(n.allocatable.memory > 0 ? n.requested.memory / n.allocatable.memory : 0);
  }
  return {
    cpuStddev: stddev(cpu),
    cpuRange: cpu.length === 0 ? 0 : Math.max(...cpu) - Math.min(...cpu),
    memoryStddev: stddev(mem),
  };
}

/** Pods (by name, in either run) bound to a different node, and to a different zone, or missing in one. */
export function placementDiff(
  a: readonly Placement[],
  b: readonly Placement[],
): { readonly nodes: number; readonly zones: number } {
  const inA = new Map(a.map((p) => [p.pod, p]));
  let nodes = 0;
  let zones = 0;
  const seen = new Set<string>();
  for (const p of b) {
    seen.add(p.pod);
    const q = inA.get(p.pod);
    if (q === undefined || q.node !== p.node) nodes++;
    if (q === undefined || q.zone !== p.zone) zones++;
  }
  for (const p of a) {
    if (seen.has(p.pod)) continue;
    nodes++;
    zones++;
  }
  return { nodes, zones };
}
