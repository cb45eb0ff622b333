// Scenario -> the initial objects and resolved configuration of one run. Pure: no files, no clock, no
// randomness; the same scenario and seed always build the same thing. Semantic problems (duplicate
// names, references to nodes that do not exist) throw ScenarioPathError with the path to blame.

import { AUTOSCALER_COLUMN_RE, autoscalerColumns } from '../autoscaler/schema.js';
import { type AutoscalerSetup, buildAutoscaler } from '../autoscaler/setup-config.js';
import { DEFAULT_START_TIME, parseRfc3339Us } from '../engine/wall-clock.js';
import type { Expectation } from '../expect/schema.js';
import { checkFaultSemantics, checkSelect, nodesAddedByFaults } from '../faults/validate.js';
import { type AdmissionConfig, DEFAULT_ADMISSION, SYSTEM_PRIORITY_CLASSES } from '../model/admission.js';
import { type PathSegment, ScenarioPathError } from '../model/errors.js';
import { DEFAULT_MAX_PODS, type NodeInit, resourcesFromList } from '../model/factory.js';
import type { NodeManifest } from '../model/k8s-schema.js';
import { type NodePoolSpec, poolNodes, toTaint } from '../model/node-pools.js';
import { LabelHostname } from '../model/types.js';
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from '../model/version.js';
import type { BuiltScenario, PodSeed } from '../sim/built.js';
import {
  DEFAULT_MAX_EVENTS,
  DEFAULT_METRICS_INTERVAL_US,
  resolveComponentConfig,
  type SimConfig,
} from '../sim/config.js';
import { buildAutoscaling, resolveMetricResolutionUs } from './build-autoscaling.js';
import { buildTimeline } from './build-timeline.js';
import { buildWorkloads } from './build-workloads.js';
import type { Scenario } from './schema.js';

export type { BuiltScenario, PodSeed } from '../sim/built.js';

export function buildScenario(scenario: Scenario, seedOverride?: number): BuiltScenario {
  const spec = scenario.spec;
  let version: ReturnType<typeof parseKubeVersion>;
  try {
    version = parseKubeVersion(spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  } catch (e) {
    throw new ScenarioPathError(['spec', 'kubernetesVersion'], (e as Error).message);
  }
  const admission = resolveAdmission(spec.apiServer, version.minor);
  const components = resolveComponentConfig(spec, version, admission);
  const config: SimConfig = {
    scenarioName: scenario.metadata.name,
    seed: seedOverride ?? spec.seed ?? 1,
    durationUs: spec.duration,
    maxEvents: spec.maxEvents ?? DEFAULT_MAX_EVENTS,
    version,
    kubelet: components.kubelet,
    controllerManager: components.controllerManager,
    admission,
    metricsIntervalUs: spec.metrics?.interval ?? DEFAULT_METRICS_INTERVAL_US,
    scheduler: components.scheduler,
    hpa: components.hpa,
    metricResolutionUs: resolveMetricResolutionUs(spec),
    wallClock: { startUnixUs: resolveStartTime(spec.startTime) },
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
  const autoscaling = buildAutoscaling(spec, built.hpas);
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
    limitRanges: built.limitRanges,
    faults,
    workloads: built.workloads,
    volumes: built.volumes,
    pdbs: built.pdbs,
    stages: spec.stages ?? [],
    arrivals: timeline.arrivals,
    operations: timeline.operations,
    load: autoscaling.load,
    hpas: autoscaling.hpas,
    warnings: [...built.warnings, ...timeline.warnings],
    autoscaler,
  };
}

/** spec.startTime: the wall-clock instant of t = 0 (RFC 3339), DEFAULT_START_TIME when absent. */
function resolveStartTime(text: string | undefined): number {
  const us = parseRfc3339Us(text ?? DEFAULT_START_TIME);
  if (us === null)
    throw new ScenarioPathError(
      ['spec', 'startTime'],
      `expected an RFC 3339 time such as "2025-03-09T06:00:00Z", got ${JSON.stringify(text)}`,
    );
  return us;
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
    podDisruptionConditions: graduatedGate(api, 'PodDisruptionConditions', minor),
    pdbUnhealthyPodEvictionPolicy: graduatedGate(api, 'PDBUnhealthyPodEvictionPolicy', minor),
  };
}

/**
 * A gate that was beta and on by default in 1.27-1.30, GA and locked to true in 1.31-1.32, and removed
 * in 1.33 (pkg/features kube_features.go: PodDisruptionConditions, PDBUnhealthyPodEvictionPolicy).
 * Setting it where it is locked or gone is refused with component-base featuregate's message.
 */
function graduatedGate(
  api: Scenario['spec']['apiServer'],
  name: 'PodDisruptionConditions' | 'PDBUnhealthyPodEvictionPolicy',
  minor: number,
): boolean {
  const set = api?.featureGates?.[name];
  if (set === undefined) return true;
  const path = ['spec', 'apiServer', 'featureGates', name];
  if (minor >= 33) throw new ScenarioPathError(path, `unrecognized feature gate: ${name}`);
  if (minor >= 31 && !set)
    throw new ScenarioPathError(path, `cannot set feature gate ${name} to false, feature is locked to true`);
  return set;
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

/** A metric expectation on a node group column must name an existing group (else it matches nothing). */
function checkAutoscalerMetrics(expectations: readonly Expectation[], setup: AutoscalerSetup | null): void {
  const known = new Set(autoscalerColumns(setup));
  expectations.forEach((e, i) => {
    if (e.type !== 'metric' || !AUTOSCALER_COLUMN_RE.test(e.metric) || known.has(e.metric)) return;
    const groups =
      setup === null ? 'none: no node pool autoscales' : setup.groups.map((g) => g.id).join(', ');
    throw new ScenarioPathError(
      ['spec', 'expect', i, 'metric'],
      `no node group column "${e.metric}" (node groups: ${groups})`,
    );
  });
}
