// Scenario -> the initial objects and resolved configuration of one run. Pure: no files, no clock, no
// randomness; the same scenario and seed always build the same thing. Semantic problems (duplicate
// names, references to nodes that do not exist) throw ScenarioPathError with the path to blame.

import { type AutoscalerSetup, buildAutoscaler, checkAutoscalerMetrics } from '../autoscaler/setup.js';
import { resolveControllerManagerConfig } from '../controllers/controller-manager-config.js';
import { checkFaultSemantics, checkSelect, nodesAddedByFaults } from '../faults/validate.js';
import { resolveKubeletConfig } from '../kubelet/config.js';
import type { StageSpec } from '../lifecycle/schema.js';
import {
  type AdmissionConfig,
  DEFAULT_ADMISSION,
  type PriorityClass,
  SYSTEM_PRIORITY_CLASSES,
} from '../model/admission.js';
import { DEFAULT_MAX_PODS, type NodeInit, resourcesFromList } from '../model/factory.js';
import { LabelHostname, LabelTopologyRegion, LabelTopologyZone, type Taint } from '../model/types.js';
import { resolveSchedulerConfig } from '../scheduler/profile.js';
import { DEFAULT_MAX_EVENTS, DEFAULT_METRICS_INTERVAL_US, type SimConfig } from '../sim/config.js';
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from '../sim/version.js';
import { type BuiltArrival, type BuiltOperation, buildTimeline } from './build-timeline.js';
import {
  buildWorkloads,
  type PodSeedInit,
  type ScenarioWarning,
  type WorkloadSeed,
} from './build-workloads.js';
import { type PathSegment, ScenarioPathError } from './errors.js';
import type { NodeManifest } from './k8s-schema.js';
import type { NodePoolSpec, Scenario } from './schema.js';

export type PodSeed = PodSeedInit;

export interface BuiltScenario {
  readonly config: SimConfig;
  readonly nodes: readonly NodeInit[];
  readonly pools: ReadonlyMap<string, { readonly spec: NodePoolSpec; readonly path: readonly PathSegment[] }>;
  readonly pods: readonly PodSeed[];
  readonly priorityClasses: ReadonlyMap<string, PriorityClass>;
  /** Labels of the scenario's Namespace objects, by name (namespaces without one have none). */
  readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly faults: NonNullable<Scenario['spec']['faults']>;
  /** Deployments, ReplicaSets, DaemonSets and Jobs in spec.workloads. */
  readonly workloads: readonly WorkloadSeed[];
  readonly stages: readonly StageSpec[];
  readonly arrivals: readonly BuiltArrival[];
  readonly operations: readonly BuiltOperation[];
  /** Things accepted but not simulated; the CLI prints them on stderr. */
  readonly warnings: readonly ScenarioWarning[];
  /** The cluster-autoscaler's options and node groups, or null when no pool autoscales. */
  readonly autoscaler: AutoscalerSetup | null;
}

/** Label on generated nodes naming their pool, for nodeSelectors. */
export const LabelNodePool = 'kubesim.io/pool';

export function buildScenario(scenario: Scenario, seedOverride?: number): BuiltScenario {
  const spec = scenario.spec;
  let version: ReturnType<typeof parseKubeVersion>;
  try {
    version = parseKubeVersion(spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  } catch (e) {
    throw new ScenarioPathError(['spec', 'kubernetesVersion'], (e as Error).message);
  }
  const admission = resolveAdmission(spec.apiServer, version.minor);
  const config: SimConfig = {
    scenarioName: scenario.metadata.name,
    seed: seedOverride ?? spec.seed ?? 1,
    durationUs: spec.duration,
    maxEvents: spec.maxEvents ?? DEFAULT_MAX_EVENTS,
    version,
    kubelet: resolveKubeletConfig(spec.kubelet ?? {}, version),
    controllerManager: resolveControllerManagerConfig(spec.controllerManager ?? {}, version),
    admission,
    metricsIntervalUs: spec.metrics?.interval ?? DEFAULT_METRICS_INTERVAL_US,
    scheduler: resolveSchedulerConfig(spec.scheduler, version.minor),
  };

  const nodes: NodeInit[] = [];
  const names = new Map<string, readonly PathSegment[]>();
  const addNode = (n: NodeInit, path: readonly PathSegment[]) => {
    const clash = names.get(n.name);
    if (clash)
      throw new ScenarioPathError(path, `duplicate node name "${n.name}" (also at ${clash.join('.')})`);
    names.set(n.name, path);
    nodes.push(n);
  };
  const pools = new Map<string, { spec: NodePoolSpec; path: readonly PathSegment[] }>();
  (spec.cluster.nodePools ?? []).forEach((pool, i) => {
    const path = ['spec', 'cluster', 'nodePools', i];
    if (pools.has(pool.name))
      throw new ScenarioPathError([...path, 'name'], `duplicate node pool name "${pool.name}"`);
    pools.set(pool.name, { spec: pool, path });
    for (const n of poolNodes(pool, 0, pool.count, () => nodes.length)) addNode(n, path);
  });
  (spec.cluster.nodes ?? []).forEach((m, i) => {
    addNode(nodeFromManifest(m, nodes.length), ['spec', 'cluster', 'nodes', i]);
  });

  const built = buildWorkloads(spec.workloads ?? [], new Set(names.keys()));
  const pods: PodSeed[] = built.pods;

  const priorityClasses = new Map(SYSTEM_PRIORITY_CLASSES.map((pc) => [pc.name, pc]));
  for (const pc of built.priorityClasses) priorityClasses.set(pc.name, pc);
  const faults = spec.faults ?? [];
  const faultTargets = new Map(names);
  const added = nodesAddedByFaults(faults, pools);
  for (const n of added) faultTargets.set(n.name, []);
  faults.forEach((f, i) => {
    checkFaultTargets(f, ['spec', 'faults', i], faultTargets, pools, config.durationUs);
    checkFaultSemantics(f, ['spec', 'faults', i], nodes);
    if ('select' in f && f.select !== undefined)
      checkSelect(f.select, ['spec', 'faults', i, 'select'], [...nodes, ...added]);
  });
  const timeline = buildTimeline(spec, pools, config.durationUs);
  const autoscaler = buildAutoscaler(spec.autoscaler, pools, nodes, version);
  checkAutoscalerMetrics(spec.expect ?? [], autoscaler);
  return {
    config,
    nodes,
    pools,
    pods,
    priorityClasses,
    namespaceLabels: built.namespaceLabels,
    faults,
    workloads: built.workloads,
    stages: spec.stages ?? [],
    arrivals: timeline.arrivals,
    operations: timeline.operations,
    warnings: [...built.warnings, ...timeline.warnings],
    autoscaler,
  };
}

function resolveAdmission(api: Scenario['spec']['apiServer'], minor: number): AdmissionConfig {
  const disabled = new Set(api?.disableAdmissionPlugins ?? []);
  return {
    // PodLevelResources: alpha (off) in 1.32-1.33, beta and on by default from 1.34.
    podLevelResources: api?.featureGates?.PodLevelResources ?? minor >= 34,
    defaultTolerationSeconds: !disabled.has('DefaultTolerationSeconds'),
    defaultNotReadyTolerationSeconds:
      api?.defaultNotReadyTolerationSeconds ?? DEFAULT_ADMISSION.defaultNotReadyTolerationSeconds,
    defaultUnreachableTolerationSeconds:
      api?.defaultUnreachableTolerationSeconds ?? DEFAULT_ADMISSION.defaultUnreachableTolerationSeconds,
    priority: !disabled.has('Priority'),
  };
}

/** Suffix that names a zone in generated node names: "zone-a" -> "a", "us-east-1a" -> "1a". */
export function zoneSuffix(zone: string): string {
  const parts = zone.split('-');
  return (parts[parts.length - 1] as string) || zone;
}

/** Digits a node number is zero-padded to: 01 .. 99, then 100, 101, ... (kind numbers worker2, worker10). */
export const NODE_NUMBER_MIN_DIGITS = 2;

/**
 * Nodes `from` .. `from + count - 1` of a pool, spread round-robin over its zones and numbered within
 * each zone: <pool>-<zone suffix>-<nn>, or <pool>-<nn> for a pool without zones. A node's name depends
 * only on its pool, zone and number, never on the pool's size, so general-a-01 is the same node at 12
 * nodes and at 5000 (a fault or expectation naming it keeps working when a sweep grows the pool).
 * Numbers have at least two digits; within a zone name order is numeric order up to 99 nodes, and
 * beyond that the string order Kubernetes itself uses (general-a-100 sorts before general-a-11).
 */
export function poolNodes(
  pool: NodePoolSpec,
  from: number,
  count: number,
  nextIdx: () => number,
  creationUs = 0,
): NodeInit[] {
  const zones = pool.zones ?? (pool.zone ? [pool.zone] : ['']);
  const suffixes = zones.map(zoneSuffix);
  const label = new Set(suffixes).size === suffixes.length ? suffixes : zones;
  const total = from + count;
  const out: Array<NodeInit & { readonly zoneRank: string; readonly number: number }> = [];
  for (let i = from; i < total; i++) {
    const zone = zones[i % zones.length] as string;
    const n = Math.floor(i / zones.length) + 1;
    const number = String(n).padStart(NODE_NUMBER_MIN_DIGITS, '0');
    const name = zone ? `${pool.name}-${label[i % zones.length]}-${number}` : `${pool.name}-${number}`;
    const labels: Record<string, string> = {
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      [LabelHostname]: name,
      [LabelNodePool]: pool.name,
      ...(zone ? { [LabelTopologyZone]: zone } : {}),
      ...(pool.region ? { [LabelTopologyRegion]: pool.region } : {}),
      ...(pool.labels ?? {}),
    };
    const capacity = resourcesFromList(pool.capacity, DEFAULT_MAX_PODS);
    out.push({
      idx: 0, // assigned below, in registration order
      name,
      pool: pool.name,
      labels,
      capacity,
      allocatable: pool.allocatable
        ? resourcesFromList({ ...pool.capacity, ...pool.allocatable }, DEFAULT_MAX_PODS)
        : capacity,
      taints: (pool.taints ?? []).map(toTaint),
      unschedulable: false,
      images: pool.images ?? [],
      creationUs,
      zoneRank: zone ? (label[i % zones.length] as string) : '',
      number: n,
    });
  }
  // Zone-major registration order (a-01, a-02, ..., a-100, ..., b-01, ...): zones by their name label,
  // numbers numerically within a zone.
  return out
    .sort((a, b) => (a.zoneRank !== b.zoneRank ? (a.zoneRank < b.zoneRank ? -1 : 1) : a.number - b.number))
    .map(({ zoneRank: _z, number: _n, ...n }, k) => ({ ...n, idx: nextIdx() + k }));
}

function toTaint(t: { key: string; value?: string | undefined; effect: Taint['effect'] }): Taint {
  return { key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect };
}

export function nodeFromManifest(m: NodeManifest, idx: number): NodeInit {
  const capacity = resourcesFromList(m.status?.capacity, DEFAULT_MAX_PODS);
  const allocatable = m.status?.allocatable
    ? resourcesFromList({ ...m.status.capacity, ...m.status.allocatable }, DEFAULT_MAX_PODS)
    : capacity;
  return {
    idx,
    name: m.metadata.name,
    pool: '',
    labels: { [LabelHostname]: m.metadata.name, ...(m.metadata.labels ?? {}) },
    capacity,
    allocatable,
    taints: (m.spec?.taints ?? []).map(toTaint),
    unschedulable: m.spec?.unschedulable ?? false,
    images: (m.status?.images ?? []).map((img) => ({
      names: img.names ?? [],
      sizeBytes: img.sizeBytes ?? 0,
    })),
    creationUs: 0,
  };
}

function checkFaultTargets(
  f: NonNullable<Scenario['spec']['faults']>[number],
  path: readonly PathSegment[],
  nodes: ReadonlyMap<string, unknown>,
  pools: ReadonlyMap<string, unknown>,
  durationUs: number,
): void {
  if (f.at > durationUs)
    throw new ScenarioPathError([...path, 'at'], 'fault starts after the end of spec.duration');
  const rec = f as Record<string, unknown>;
  if (typeof rec.node === 'string' && !nodes.has(rec.node)) {
    throw new ScenarioPathError([...path, 'node'], `no node named "${rec.node}" in spec.cluster`);
  }
  if (Array.isArray(rec.nodes)) {
    rec.nodes.forEach((n, j) => {
      if (!nodes.has(n as string))
        throw new ScenarioPathError([...path, 'nodes', j], `no node named "${String(n)}" in spec.cluster`);
    });
  }
  if (f.action === 'add-nodes' && !pools.has(f.pool)) {
    throw new ScenarioPathError(
      [...path, 'pool'],
      `no node pool named "${f.pool}" in spec.cluster.nodePools`,
    );
  }
  const needsTarget = [
    'node-crash',
    'node-recover',
    'network-partition',
    'lease-renew-failures',
    'kubelet-not-ready',
    'delete-node',
  ];
  if (
    needsTarget.includes(f.action) &&
    rec.node === undefined &&
    rec.nodes === undefined &&
    rec.zone === undefined &&
    rec.select === undefined
  ) {
    throw new ScenarioPathError(
      path,
      `action ${f.action} needs node, nodes${f.action === 'delete-node' || f.action === 'node-crash' ? ' or select' : ', select or zone'}`,
    );
  }
}
