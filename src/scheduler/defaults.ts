// Defaults kept as data: the default profile's plugins and score weights
// (pkg/scheduler/apis/config/v1/default_plugins.go getDefaultPlugins, scheduler.md §2), the
// KubeSchedulerConfiguration defaults (config/v1/defaults.go), kubesim's timing model defaults, and the
// built-in presets, each written as the profile it expands to.

import type { ProfileSpec } from './config.js';

export interface PluginRef {
  readonly name: string;
  readonly weight?: number;
}

/** MultiPoint order = execution order at every extension point a plugin implements. */
export function defaultMultiPoint(minorVersion: number): PluginRef[] {
  const list: PluginRef[] = [
    { name: 'SchedulingGates' },
    { name: 'PrioritySort' },
    { name: 'NodeUnschedulable' },
    { name: 'NodeName' },
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeAffinity', weight: 2 },
    { name: 'NodePorts' },
    { name: 'NodeResourcesFit', weight: 1 },
    { name: 'VolumeRestrictions' },
    { name: 'NodeVolumeLimits' },
    { name: 'VolumeBinding' },
    { name: 'VolumeZone' },
    { name: 'PodTopologySpread', weight: 2 },
    { name: 'InterPodAffinity', weight: 2 },
    { name: 'DefaultPreemption' },
    { name: 'NodeResourcesBalancedAllocation', weight: 1 },
    { name: 'ImageLocality', weight: 1 },
    { name: 'DefaultBinder' },
  ];
  // DynamicResources joins before DefaultPreemption when the DRA gate is on (GA, on by default, in 1.34).
  if (minorVersion >= 34) list.splice(14, 0, { name: 'DynamicResources' });
  return list;
}

export const SCHEDULER_DEFAULTS = {
  schedulerName: 'default-scheduler',
  /** 0 = adaptive (numFeasibleNodesToFind). */
  percentageOfNodesToScore: 0,
  podInitialBackoffSeconds: 1,
  podMaxBackoffSeconds: 10,
  parallelism: 16,
  clientQps: 50,
  clientBurst: 100,
  /** podMaxInUnschedulablePodsDuration (scheduling_queue.go). */
  podMaxInUnschedulablePodsDurationUs: 5 * 60_000_000,
  backoffFlushPeriodUs: 1_000_000,
  unschedulableFlushPeriodUs: 30_000_000,
} as const;

/**
 * kubesim's cost model of one scheduling cycle and one bind, calibrated so a 5000-node cluster schedules
 * ~830 pods/s (500 nodes filtered and scored per pod: 200 + 500 x 1 + 500 x 1 = 1200 us), in the range
 * of scheduler_perf's SchedulingBasic/5000Nodes floors (680-830 pods/s, scheduler.md §8).
 */
export const TIMING_DEFAULTS = {
  cycleBaseUs: 200,
  perFilteredNodeUs: 1,
  perScoredNodeUs: 1,
  /** Binding POST round trip once the client's token bucket lets it through. */
  bindLatencyUs: 2_000,
} as const;

/** Built-in presets by name: the profile (plugins + pluginConfig) each expands to. */
export const PRESETS: Readonly<Record<string, Omit<ProfileSpec, 'schedulerName'>>> = {
  default: {},
  'bin-packing': {
    pluginConfig: [
      {
        name: 'NodeResourcesFit',
        args: {
          scoringStrategy: {
            type: 'MostAllocated',
            resources: [
              { name: 'cpu', weight: 1 },
              { name: 'memory', weight: 1 },
            ],
          },
        },
      },
    ],
  },
  spread: {
    plugins: { score: { enabled: [{ name: 'NodeResourcesFit', weight: 3 }] } },
    pluginConfig: [
      { name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'LeastAllocated' } } },
      {
        name: 'PodTopologySpread',
        args: {
          defaultingType: 'List',
          defaultConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
          ],
        },
      },
    ],
  },
  'first-fit': {
    plugins: { score: { disabled: [{ name: '*' }] } },
  },
};
