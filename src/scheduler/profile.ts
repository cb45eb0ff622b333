// Resolves spec.scheduler into scheduler profiles (pkg/scheduler/apis/config/v1/default_plugins.go
// mergePlugins, runtime/framework.go expandMultiPointPlugins and getScoreWeights): defaults are merged
// per extension point (disabled first, "*" clears the defaults, a re-listed default is replaced in place,
// new plugins are appended), MultiPoint is expanded to every point a plugin implements (explicit point
// entries first, then MultiPoint order, then the rest), and every plugin's args are parsed with its
// argsSchema. Any unknown plugin or bad args throws ScenarioPathError naming the YAML path.

import type { PathSegment } from '../model/errors.js';
import { ScenarioPathError } from '../model/errors.js';
import { explainIssue } from '../model/explain-issue.js';
import { EXTENSION_POINTS, type PluginsSpec, type ProfileSpec, type SchedulerSpec } from './config.js';
import {
  defaultMultiPoint,
  type PluginRef,
  PRESETS,
  SCHEDULER_DEFAULTS,
  TIMING_DEFAULTS,
} from './defaults.js';
import { registry } from './plugins/registry.js';
import type { ExtensionPoint } from './plugins/types.js';

export interface ResolvedProfile {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number | null;
  /** Enabled plugins per extension point, in execution order. */
  readonly points: Readonly<Record<ExtensionPoint, readonly string[]>>;
  readonly scoreWeights: ReadonlyMap<string, number>;
  /** Parsed args of every plugin the profile uses. */
  readonly args: ReadonlyMap<string, unknown>;
}

export interface SchedulerSettings {
  readonly profiles: readonly ResolvedProfile[];
  readonly percentageOfNodesToScore: number;
  readonly podInitialBackoffUs: number;
  readonly podMaxBackoffUs: number;
  readonly clientQps: number;
  readonly clientBurst: number;
  readonly tieBreak: 'random' | 'first';
  readonly cycleBaseUs: number;
  readonly perFilteredNodeUs: number;
  readonly perScoredNodeUs: number;
  readonly bindLatencyUs: number;
  /**
   * SchedulerAsyncAPICalls: the failed attempt's status PATCH is dispatched without blocking the
   * scheduling loop. Beta in 1.34, off by default in every release's current patch (disabled again in
   * 1.34.x by #134401 and in 1.35.x by #135904), so on only by `featureGates`.
   */
  readonly asyncAPICalls: boolean;
  /**
   * SchedulerQueueingHints (pkg/features/kube_features.go): beta off from 1.28, beta on from 1.32, GA
   * and locked on from 1.34; before 1.28 the gate does not exist and the queue works as it does with
   * the gate off (preCheck, default hints). Set by `featureGates` where the release allows it.
   */
  readonly queueingHints: boolean;
}

interface MergedSet {
  enabled: PluginRef[];
  disabled: string[];
}

/** mergePluginSet: the custom set over the defaults of one extension point. */
export function mergePluginSet(
  defaults: readonly PluginRef[],
  custom: PluginsSpec[keyof PluginsSpec],
): MergedSet {
  const disabled = (custom?.disabled ?? []).map((d) => d.name);
  const customEnabled = custom?.enabled ?? [];
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabled.includes('*')) {
    for (const d of defaults) {
      if (disabled.includes(d.name)) continue;
      const idx = customEnabled.findIndex((c) => c.name === d.name);
      if (idx >= 0) {
        replaced.add(idx);
        enabled.push(customEnabled[idx] as PluginRef);
      } else enabled.push(d);
    }
  }
  customEnabled.forEach((c, i) => {
    if (!replaced.has(i)) enabled.push(c);
  });
  return { enabled, disabled };
}

function checkName(name: string, path: readonly PathSegment[]): void {
  if (name === '*') return;
  if (!registry.has(name)) {
    const known = [...registry.keys()].join(', ');
    throw new ScenarioPathError(path, `unknown scheduler plugin "${name}" (known plugins: ${known})`);
  }
}

function expandPoints(
  merged: Map<string, MergedSet>,
  path: readonly PathSegment[],
): Record<ExtensionPoint, string[]> {
  const multi = merged.get('multiPoint') as MergedSet;
  const out = {} as Record<ExtensionPoint, string[]>;
  for (const point of EXTENSION_POINTS) {
    const set = merged.get(point) as MergedSet;
    const explicit = set.enabled.map((p) => p.name);
    explicit.forEach((n, j) => {
      if (!(registry.get(n)?.points ?? []).includes(point)) {
        throw new ScenarioPathError(
          [...path, 'plugins', point, 'enabled', j, 'name'],
          `plugin "${n}" does not extend ${point}`,
        );
      }
    });
    if (set.disabled.includes('*')) {
      out[point] = explicit;
      continue;
    }
    const overrides: string[] = [];
    const fromMulti: string[] = [];
    for (const p of multi.enabled) {
      if (!(registry.get(p.name)?.points ?? []).includes(point) || set.disabled.includes(p.name)) continue;
      if (explicit.includes(p.name)) overrides.push(p.name);
      else if (fromMulti.includes(p.name)) {
        throw new ScenarioPathError([...path, 'plugins', 'multiPoint'], `plugin "${p.name}" is listed twice`);
      } else fromMulti.push(p.name);
    }
    out[point] = [...overrides, ...fromMulti, ...explicit.filter((n) => !overrides.includes(n))];
  }
  return out;
}

function parseArgs(
  profile: ProfileSpec,
  used: ReadonlySet<string>,
  path: readonly PathSegment[],
): Map<string, unknown> {
  const args = new Map<string, unknown>();
  (profile.pluginConfig ?? []).forEach((pc, j) => {
    const at = [...path, 'pluginConfig', j];
    checkName(pc.name, [...at, 'name']);
    if (args.has(pc.name))
      throw new ScenarioPathError([...at, 'name'], `duplicate pluginConfig for ${pc.name}`);
    const mod = registry.get(pc.name);
    const parsed = mod?.argsSchema.safeParse(untypedArgs(pc.name, pc.args ?? {}, [...at, 'args']));
    if (parsed && !parsed.success) {
      const issue = parsed.error.issues[0];
      const ex = issue ? explainIssue(issue, mod!.argsSchema)[0] : undefined;
      throw new ScenarioPathError([...at, 'args', ...(ex?.path ?? [])], ex?.message ?? 'invalid args');
    }
    args.set(pc.name, parsed?.data);
  });
  for (const name of used) {
    if (!args.has(name)) args.set(name, registry.get(name)?.argsSchema.parse({}));
  }
  return args;
}

const CONFIG_GROUP = 'kubescheduler.config.k8s.io';

/**
 * Typed args as a real KubeSchedulerConfiguration writes them (`args: {apiVersion:
 * kubescheduler.config.k8s.io/v1, kind: NodeResourcesFitArgs, ...}`): the TypeMeta is checked and
 * dropped. As upstream's decoding (k8s.io/kube-scheduler/config/v1 PluginConfig decodeNestedObjects),
 * the args decode as kind <plugin name>Args of the v1 API, a missing apiVersion or kind defaulting to
 * those, and another kind or group is rejected: "args for plugin X were not of type XArgs.<group>".
 */
function untypedArgs(plugin: string, args: unknown, at: readonly PathSegment[]): unknown {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return args;
  const { apiVersion, kind, ...rest } = args as Record<string, unknown>;
  if (apiVersion === undefined && kind === undefined) return args;
  const want = `${plugin}Args`;
  const version = typeof apiVersion === 'string' ? apiVersion : `${CONFIG_GROUP}/v1`;
  const slash = version.lastIndexOf('/');
  const group = slash < 0 ? '' : version.slice(0, slash);
  const gotKind = typeof kind === 'string' ? kind : want;
  if (gotKind !== want || group !== CONFIG_GROUP) {
    const gk = (k: string, g: string) => (g === '' ? k : `${k}.${g}`);
    throw new ScenarioPathError(
      [...at, gotKind !== want ? 'kind' : 'apiVersion'],
      `args for plugin ${plugin} were not of type ${gk(want, CONFIG_GROUP)}, got ${gk(gotKind, group)}`,
    );
  }
  if (version !== `${CONFIG_GROUP}/v1`) {
    throw new ScenarioPathError(
      [...at, 'apiVersion'],
      `decoding args for plugin ${plugin}: no kind "${want}" is registered for version "${version}" (kubesim reads ${CONFIG_GROUP}/v1)`,
    );
  }
  return rest;
}

/** A preset's plugins and pluginConfig under the profile's own (the profile's entries win). */
function withPreset(p: ProfileSpec, path: readonly PathSegment[]): ProfileSpec {
  if (p.preset === undefined) return p;
  const preset = PRESETS[p.preset];
  if (!preset) {
    throw new ScenarioPathError(
      [...path, 'preset'],
      `unknown preset "${p.preset}" (known: ${Object.keys(PRESETS).join(', ')})`,
    );
  }
  const plugins: Record<string, { enabled?: PluginRef[]; disabled?: { name: string }[] }> = {};
  for (const key of ['multiPoint', ...EXTENSION_POINTS] as const) {
    const a = preset.plugins?.[key];
    const b = p.plugins?.[key];
    if (!a && !b) continue;
    plugins[key] = {
      enabled: [...(a?.enabled ?? []), ...(b?.enabled ?? [])],
      disabled: [...(a?.disabled ?? []), ...(b?.disabled ?? [])],
    };
  }
  const own = new Set((p.pluginConfig ?? []).map((c) => c.name));
  return {
    ...p,
    plugins: plugins as PluginsSpec,
    pluginConfig: [...(preset.pluginConfig ?? []).filter((c) => !own.has(c.name)), ...(p.pluginConfig ?? [])],
  };
}

export function resolveProfile(
  raw: ProfileSpec,
  minorVersion: number,
  path: readonly PathSegment[],
): ResolvedProfile {
  const p = withPreset(raw, path);
  const merged = new Map<string, MergedSet>();
  for (const key of ['multiPoint', ...EXTENSION_POINTS] as const) {
    const custom = p.plugins?.[key];
    custom?.enabled?.forEach((e, j) => {
      checkName(e.name, [...path, 'plugins', key, 'enabled', j, 'name']);
    });
    custom?.disabled?.forEach((e, j) => {
      checkName(e.name, [...path, 'plugins', key, 'disabled', j, 'name']);
    });
    merged.set(key, mergePluginSet(key === 'multiPoint' ? defaultMultiPoint(minorVersion) : [], custom));
  }
  const points = expandPoints(merged, path);
  if (points.queueSort.length !== 1) {
    throw new ScenarioPathError(
      [...path, 'plugins', 'queueSort'],
      'exactly one queueSort plugin must be enabled',
    );
  }
  if (points.bind.length === 0)
    throw new ScenarioPathError([...path, 'plugins', 'bind'], 'at least one bind plugin must be enabled');
  const scoreWeights = new Map<string, number>();
  for (const ref of [...(merged.get('score')?.enabled ?? []), ...(merged.get('multiPoint')?.enabled ?? [])]) {
    if (!points.score.includes(ref.name) || scoreWeights.has(ref.name)) continue;
    scoreWeights.set(ref.name, ref.weight === undefined || ref.weight === 0 ? 1 : ref.weight);
  }
  const used = new Set(EXTENSION_POINTS.flatMap((pt) => points[pt]));
  return {
    schedulerName: p.schedulerName ?? SCHEDULER_DEFAULTS.schedulerName,
    percentageOfNodesToScore: p.percentageOfNodesToScore ?? null,
    points,
    scoreWeights,
    args: parseArgs(p, used, path),
  };
}

export function resolveSchedulerConfig(
  spec: SchedulerSpec | undefined,
  minorVersion: number,
  path: readonly PathSegment[] = ['spec', 'scheduler'],
): SchedulerSettings {
  const s = spec ?? {};
  const rawProfiles = s.profiles && s.profiles.length > 0 ? s.profiles : [{}];
  const profiles = rawProfiles.map((p, i) => resolveProfile(p, minorVersion, [...path, 'profiles', i]));
  const seen = new Set<string>();
  profiles.forEach((p, i) => {
    if (seen.has(p.schedulerName)) {
      throw new ScenarioPathError(
        [...path, 'profiles', i, 'schedulerName'],
        `duplicate profile "${p.schedulerName}"`,
      );
    }
    seen.add(p.schedulerName);
  });
  const initial = s.podInitialBackoffSeconds ?? SCHEDULER_DEFAULTS.podInitialBackoffSeconds;
  const max = s.podMaxBackoffSeconds ?? SCHEDULER_DEFAULTS.podMaxBackoffSeconds;
  if (max < initial) {
    throw new ScenarioPathError(
      [...path, 'podMaxBackoffSeconds'],
      'podMaxBackoffSeconds must be >= podInitialBackoffSeconds',
    );
  }
  return {
    profiles,
    percentageOfNodesToScore: s.percentageOfNodesToScore ?? SCHEDULER_DEFAULTS.percentageOfNodesToScore,
    podInitialBackoffUs: initial * 1_000_000,
    podMaxBackoffUs: max * 1_000_000,
    clientQps: s.clientConnection?.qps ?? SCHEDULER_DEFAULTS.clientQps,
    clientBurst: s.clientConnection?.burst ?? SCHEDULER_DEFAULTS.clientBurst,
    tieBreak: s.tieBreak ?? 'random',
    cycleBaseUs: s.cycleCost?.base ?? TIMING_DEFAULTS.cycleBaseUs,
    perFilteredNodeUs: s.cycleCost?.perFilteredNode ?? TIMING_DEFAULTS.perFilteredNodeUs,
    perScoredNodeUs: s.cycleCost?.perScoredNode ?? TIMING_DEFAULTS.perScoredNodeUs,
    bindLatencyUs: s.bindLatency ?? TIMING_DEFAULTS.bindLatencyUs,
    asyncAPICalls: s.featureGates?.SchedulerAsyncAPICalls ?? false,
    queueingHints: queueingHintsGate(s.featureGates?.SchedulerQueueingHints, minorVersion, [
      ...path,
      'featureGates',
      'SchedulerQueueingHints',
    ]),
  };
}

/** The gate's value; kube-scheduler refuses to start on an unknown gate or a locked one set otherwise. */
function queueingHintsGate(set: boolean | undefined, minor: number, path: readonly PathSegment[]): boolean {
  if (set !== undefined && minor < 28) {
    throw new ScenarioPathError(path, 'unrecognized feature gate: SchedulerQueueingHints');
  }
  if (set === false && minor >= 34) {
    throw new ScenarioPathError(
      path,
      'cannot set feature gate SchedulerQueueingHints to false, feature is locked to true',
    );
  }
  return set ?? minor >= 32;
}
