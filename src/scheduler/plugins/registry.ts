// The only list of scheduler plugins (pkg/scheduler/framework/plugins/registry.go): name -> module.

import DefaultBinder from './default-binder/index.js';
import DefaultPreemption from './default-preemption/index.js';
import ImageLocality from './image-locality/index.js';
import InterPodAffinity from './inter-pod-affinity/index.js';
import NodeAffinity from './node-affinity/index.js';
import NodeName from './node-name/index.js';
import NodePorts from './node-ports/index.js';
import NodeResourcesBalancedAllocation from './node-resources-balanced-allocation/index.js';
import NodeResourcesFit from './node-resources-fit/index.js';
import NodeUnschedulable from './node-unschedulable/index.js';
import NodeVolumeLimits from './node-volume-limits/index.js';
import { DynamicResources, SchedulingGates } from './pass-through/index.js';
import PodTopologySpread from './pod-topology-spread/index.js';
import PrioritySort from './priority-sort/index.js';
import TaintToleration from './taint-toleration/index.js';
import type { PluginModule } from './types.js';
import VolumeBinding from './volume-binding/index.js';
import VolumeRestrictions from './volume-restrictions/index.js';
import VolumeZone from './volume-zone/index.js';

const modules: readonly PluginModule[] = [
  SchedulingGates,
  PrioritySort,
  NodeUnschedulable,
  NodeName,
  TaintToleration,
  NodeAffinity,
  NodePorts,
  NodeResourcesFit,
  VolumeRestrictions,
  NodeVolumeLimits,
  VolumeBinding,
  VolumeZone,
  PodTopologySpread,
  InterPodAffinity,
  DynamicResources,
  DefaultPreemption,
  NodeResourcesBalancedAllocation,
  ImageLocality,
  DefaultBinder,
] as readonly PluginModule[];

export const registry: ReadonlyMap<string, PluginModule> = new Map(modules.map((m) => [m.name, m]));
