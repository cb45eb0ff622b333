// Test fixtures: small clusters described as Node and Pod manifests (the shapes a scenario accepts), built
// through the real loader and builder, and scheduling decisions explained with the real framework.
// Used by the plugin vectors and cross-cutting scheduler tests.

import { podManifestSchema } from '../../model/k8s-schema.js';
import { buildScenario } from '../../scenario/build.js';
import { loadScenarioText } from '../../scenario/load.js';
import type { Sim } from '../../sim/assemble.js';
import { simulateTo } from '../../sim/simulate.js';
import { buildExplainPod, type ExplainResult, explainPod } from '../explain.js';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: number;
  extra?: Record<string, string | number>;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  images?: Array<{ names: string[]; sizeBytes: number }>;
  unschedulable?: boolean;
}

export function node(name: string, o: NodeOpts = {}): object {
  const capacity: Record<string, string | number> = { ...(o.extra ?? {}) };
  if (o.cpu !== undefined) capacity.cpu = o.cpu;
  if (o.memory !== undefined) capacity.memory = o.memory;
  if (o.pods !== undefined) capacity.pods = o.pods;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: o.labels ?? {} },
    spec: { taints: o.taints ?? [], unschedulable: o.unschedulable ?? false },
    status: { capacity, images: o.images ?? [] },
  };
}

export interface PodOpts {
  requests?: Array<Record<string, string | number>>;
  nodeName?: string;
  labels?: Record<string, string>;
  namespace?: string;
  spec?: Record<string, unknown>;
  images?: string[];
}

export function pod(name: string, o: PodOpts = {}): Record<string, unknown> {
  const reqs = o.requests ?? [{}];
  const containers = reqs.map((r, i) => ({
    name: `c${i}`,
    // The API server requires an image; a pod that names none gets the pause image.
    image: o.images?.[i] ?? 'registry.k8s.io/pause:3.10',
    ...(Object.keys(r).length > 0 ? { resources: { requests: r } } : {}),
  }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', labels: o.labels ?? {} },
    spec: { containers, ...(o.nodeName !== undefined ? { nodeName: o.nodeName } : {}), ...(o.spec ?? {}) },
  };
}

export interface WorldOpts {
  nodes: object[];
  pods?: object[];
  scheduler?: object;
  kubernetesVersion?: string;
  duration?: string;
  nodePools?: object[];
  /**
   * spec.apiServer, e.g. `{ disableAdmissionPlugins: ['Priority'] }` for pods that carry spec.priority
   * themselves, as upstream's scheduler tests build them (the Priority plugin refuses such a pod).
   */
  apiServer?: object;
}

export function scenarioText(w: WorldOpts): string {
  return JSON.stringify({
    apiVersion: 'kubesim/v1alpha1',
    kind: 'Scenario',
    metadata: { name: 'fixture' },
    spec: {
      duration: w.duration ?? '1m',
      ...(w.kubernetesVersion ? { kubernetesVersion: w.kubernetesVersion } : {}),
      cluster: { nodes: w.nodes, ...(w.nodePools ? { nodePools: w.nodePools } : {}) },
      workloads: w.pods ?? [],
      ...(w.scheduler ? { scheduler: w.scheduler } : {}),
      ...(w.apiServer ? { apiServer: w.apiServer } : {}),
    },
  });
}

/**
 * The cluster at t = 0 with the initial objects placed. Upstream plugin tests build their nodes and pods
 * directly, without the API server, so the replay skips API validation (their pods often have no
 * containers, extended resources without limits, tolerations without operators).
 */
export function world(w: WorldOpts): Sim {
  const loaded = loadScenarioText(scenarioText(w), 'inline.yaml', { apiValidation: false });
  return simulateTo(buildScenario(loaded.scenario), 0);
}

export function explain(
  sim: Sim,
  manifest: object,
  opts: { allNodes?: boolean; profile?: string } = {},
): ExplainResult {
  const m = podManifestSchema.parse(manifest);
  return explainPod(sim, buildExplainPod(sim, m), { atUs: 0, ...opts });
}

/** node -> [raw, normalized] of one plugin. */
export function pluginScores(r: ExplainResult, plugin: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const n of r.nodes) {
    const s = n.scores?.[plugin];
    if (s) out[n.node] = [s.raw, s.normalized];
  }
  return out;
}

/** Only the named score plugin enabled (weight 1), as upstream plugin unit tests score one plugin. */
export function onlyScore(plugin: string, args?: object): object {
  return {
    profiles: [
      {
        plugins: { score: { disabled: [{ name: '*' }], enabled: [{ name: plugin, weight: 1 }] } },
        ...(args ? { pluginConfig: [{ name: plugin, args }] } : {}),
      },
    ],
  };
}

/** A score plugin's batch results and its node-by-node results for the same pod (they must be equal). */
export async function batchAndSingle(
  sim: Sim,
  plugin: string,
  manifest: object,
): Promise<[number[], number[]]> {
  const { SchedulerCache } = await import('../cache.js');
  const { Framework, noNominations } = await import('../runtime.js');
  const { CycleState } = await import('../framework.js');
  const cache = new SchedulerCache(sim.state);
  const profile = sim.config.scheduler.profiles[0];
  if (!profile) throw new Error('no profile');
  const fw = new Framework(profile, {
    cache,
    minorVersion: sim.config.version.minor,
    rng: sim.rng.stream('t'),
    nominator: noNominations,
  });
  const p = fw.plugins.get(plugin) as Required<import('../framework.js').PluginInstance>;
  const pod = buildExplainPod(sim, podManifestSchema.parse(manifest));
  const state = new CycleState();
  const nodes = cache.nodes;
  const all = allNodes(cache);
  p.preScore?.(state, pod, all);
  const batch = new Float64Array(nodes.length);
  p.scoreBatch(state, pod, all, batch);
  return [[...batch], nodes.map((ni) => p.score(state, pod, ni))];
}

/** Every live node of a cache as a NodeBatch, in node-tree order. */
export function allNodes(cache: import('../cache.js').SchedulerCache): import('../framework.js').NodeBatch {
  return { idx: cache.nodeOrder, n: cache.nodes.length };
}
