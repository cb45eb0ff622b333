// `kubesim explain`'s library half (interfaces.md §1, §4): run the scenario up to a time, then evaluate one
// pod with a profile's plugins against the cluster as it stands, without placing it: per node the filter
// that rejected it or, per score plugin, raw / normalized / weighted scores, the total and the node that
// would be chosen. Every node is filtered and every feasible node scored (upstream stops at
// numFeasibleNodesToFind and skips scoring for a single feasible node; explain shows the whole picture).

import type { TimeUs } from '../engine/time.js';
import type { Kernel } from '../kernel/kernel.js';
import type { AdmissionConfig, PriorityClass } from '../model/admission.js';
import { ScenarioPathError } from '../model/errors.js';
import { makePod } from '../model/factory.js';
import type { PodManifest } from '../model/k8s-schema.js';
import type { OwnerReference, Pod } from '../model/types.js';
import type { KubeVersion } from '../model/version.js';
import { controllerRef, isControllerKind, type PodSeedInit } from '../workloads/inputs.js';
import { SchedulerCache } from './cache.js';
import { fitErrorMessage, schedulePod } from './cycle.js';
import type { SchedulerSettings } from './profile.js';
import { Framework, noNominations } from './runtime.js';

export class UnknownProfileError extends Error {
  override readonly name = 'UnknownProfileError';
}

export interface ExplainOptions {
  readonly atUs: TimeUs;
  /** schedulerName of the profile; default: the pod's spec.schedulerName. */
  readonly profile?: string;
  /** Score nodes that failed a filter too (upstream score-plugin unit tests score every node given). */
  readonly allNodes?: boolean;
}

export interface PluginScore {
  readonly raw: number;
  readonly normalized: number;
  readonly weight: number;
  readonly weighted: number;
  readonly skipped?: true;
}

export interface ExplainNode {
  readonly node: string;
  readonly feasible: boolean;
  readonly filter?: { readonly plugin: string; readonly reason: string; readonly code: string };
  readonly total?: number;
  readonly scores?: Record<string, PluginScore>;
}

export interface ExplainResult {
  readonly pod: string;
  readonly profile: string;
  readonly at_s: number;
  readonly feasible: number;
  readonly selected: string | null;
  readonly message?: string;
  readonly nodes: readonly ExplainNode[];
}

/** What explainPod reads: the store, a random stream, the scheduler settings and the version. */
export type ExplainKernel = Pick<
  Kernel<never, { readonly scheduler: SchedulerSettings; readonly version: KubeVersion }>,
  'state' | 'rng' | 'nowUs' | 'config'
>;

/** What buildExplainPod needs of a run (src/sim/simulate.ts simulateTo returns one). */
export interface ExplainWorld {
  readonly state: ExplainKernel['state'];
  readonly nowUs: TimeUs;
  readonly config: { readonly admission: AdmissionConfig };
  readonly built: { readonly priorityClasses: ReadonlyMap<string, PriorityClass> };
  /** The workload controllers' lookup of a pod's controller among the scenario's objects. */
  readonly workloads: { ownerFor(seed: PodSeedInit): OwnerReference | null };
}

/**
 * The explain pod's controller: its ownerReferences entry (controller: true, else the first) when that
 * object is in the scenario, as for the scenario's own pods; e.g. a ReplicaSet owner makes the
 * PodTopologySpread system default constraints apply.
 */
function explainOwner(sim: ExplainWorld, manifest: PodManifest, namespace: string): OwnerReference | null {
  const ref = controllerRef(manifest);
  if (ref === undefined || !isControllerKind(ref.kind)) return null;
  return sim.workloads.ownerFor({
    manifest,
    namespace,
    name: manifest.metadata.name ?? 'explain',
    path: [],
    owner: { kind: ref.kind, name: ref.name },
  });
}

export function buildExplainPod(sim: ExplainWorld, manifest: PodManifest): Pod {
  const namespace = manifest.metadata.namespace ?? 'default';
  try {
    return makePod({
      idx: sim.state.allocatePodIdx(),
      namespace,
      name: manifest.metadata.name ?? 'explain',
      labels: manifest.metadata.labels ?? {},
      annotations: manifest.metadata.annotations ?? {},
      owner: explainOwner(sim, manifest, namespace),
      spec: manifest.spec,
      createdUs: sim.nowUs,
      admission: sim.config.admission,
      priorityClasses: sim.built.priorityClasses,
    });
  } catch (e) {
    throw new ScenarioPathError(['spec'], (e as Error).message);
  }
}

export function explainPod(sim: ExplainKernel, pod: Pod, opts: ExplainOptions): ExplainResult {
  const settings = sim.config.scheduler;
  const profileName = opts.profile ?? pod.spec.schedulerName;
  const profile = settings.profiles.find((p) => p.schedulerName === profileName);
  if (!profile) {
    const known = settings.profiles.map((p) => p.schedulerName).join(', ');
    throw new UnknownProfileError(
      `no scheduler profile "${profileName}" (profiles in the scenario: ${known})`,
    );
  }
  const cache = new SchedulerCache(sim.state);
  const rng = sim.rng.stream(`scheduler/explain/${profileName}`);
  const fw = new Framework(profile, {
    cache,
    minorVersion: sim.config.version.minor,
    rng,
    nominator: noNominations,
  });
  const r = schedulePod(fw, pod, {
    percentage: profile.percentageOfNodesToScore ?? settings.percentageOfNodesToScore,
    startIndex: 0,
    tieBreak: settings.tieBreak,
    rng,
    explain: true,
    scoreAllNodes: opts.allNodes ?? false,
  });
  const rows = new Map<string, ExplainNode>();
  const table = r.scores;
  const index = new Map(table?.nodes.map((ni, i) => [ni.name, i]) ?? []);
  const feasibleNames = new Set(r.feasible.map((ni) => ni.name));
  const scoreOf = (name: string): { total: number; scores: Record<string, PluginScore> } | null => {
    const i = index.get(name);
    if (table === null || i === undefined) return null;
    const scores: Record<string, PluginScore> = {};
    fw.scorePlugins.forEach((p, idx) => {
      const weight = fw.scoreWeights[idx] as number;
      const row = table.plugins.indexOf(idx);
      if (row < 0) {
        scores[p.name] = { raw: 0, normalized: 0, weight, weighted: 0, skipped: true };
        return;
      }
      const raw = (table.raw[row] as Float64Array)[i] as number;
      const normalized = (table.normalized[row] as Float64Array)[i] as number;
      scores[p.name] = { raw, normalized, weight, weighted: normalized * weight };
    });
    return { total: table.totals[i] as number, scores };
  };
  for (const node of sim.state.nodes) {
    const st = r.statuses.get(node.name);
    const s = scoreOf(node.name);
    const filter = st
      ? { plugin: st.plugin, reason: st.reasons.join(', '), code: codeName(st.code) }
      : undefined;
    const feasible = st === undefined && feasibleNames.has(node.name);
    rows.set(node.name, {
      node: node.name,
      feasible,
      ...(filter ? { filter } : {}),
      ...(s ? { total: s.total, scores: s.scores } : {}),
    });
  }
  const message = r.feasible.length === 0 ? fitErrorMessage(r, '') : undefined;
  return {
    pod: pod.key,
    profile: profileName,
    at_s: sim.nowUs / 1e6,
    feasible: r.feasible.length,
    selected: r.selected?.name ?? null,
    ...(message !== undefined ? { message } : {}),
    nodes: [...rows.values()],
  };
}

function codeName(code: number): string {
  return (
    ['Success', 'Error', 'Unschedulable', 'UnschedulableAndUnresolvable', 'Wait', 'Skip', 'Pending'][code] ??
    String(code)
  );
}

/** Plain-text table of an explain result (the CLI's default output). */
export function formatExplain(r: ExplainResult): string {
  const lines: string[] = [];
  lines.push(
    `pod ${r.pod}, profile ${r.profile}, at ${r.at_s.toFixed(6)}s: ${r.feasible}/${r.nodes.length} nodes feasible`,
  );
  const plugins = [...new Set(r.nodes.flatMap((n) => Object.keys(n.scores ?? {})))];
  const head = ['NODE', 'FEASIBLE', ...plugins, 'TOTAL'];
  const rows = r.nodes.map((n) => [
    n.node,
    n.feasible ? 'yes' : `no: ${n.filter?.plugin ?? ''}: ${n.filter?.reason ?? ''}`,
    ...plugins.map((p) => {
      const s = n.scores?.[p];
      if (!s) return '-';
      return s.skipped ? 'skip' : `${s.raw}/${s.normalized}x${s.weight}=${s.weighted}`;
    }),
    n.total === undefined ? '-' : String(n.total),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const fmt = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  lines.push(fmt(head), ...rows.map(fmt));
  lines.push('scores: raw/normalized x weight = weighted');
  if (r.message) lines.push(r.message);
  lines.push(`selected: ${r.selected ?? '(none)'}`);
  return `${lines.join('\n')}\n`;
}
