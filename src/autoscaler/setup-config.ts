// spec.autoscaler and the pools' autoscaling blocks, resolved when the scenario is built: the flags
// with their defaults and the node groups. A scenario gets a cluster-autoscaler when a pool autoscales.
// Data only (the scenario builder calls it): src/sim/assemble.ts builds the component from the result.

import { type PathSegment, ScenarioPathError } from '../model/errors.js';
import type { NodeInit } from '../model/factory.js';
import type { NodePoolSpec } from '../model/node-pools.js';
import type { KubeVersion } from '../model/version.js';
import {
  AutoscalerConfigError,
  type AutoscalerOptions,
  type AutoscalerSpec,
  resolveAutoscalerOptions,
} from './config.js';
import { type NodeGroupDef, nodeGroupsOf } from './node-groups.js';

export interface AutoscalerSetup {
  readonly options: AutoscalerOptions;
  readonly groups: readonly NodeGroupDef[];
}

export function buildAutoscaler(
  raw: AutoscalerSpec | undefined,
  pools: ReadonlyMap<string, { readonly spec: NodePoolSpec; readonly path: readonly PathSegment[] }>,
  nodes: readonly NodeInit[],
  version: KubeVersion,
): AutoscalerSetup | null {
  const groups = nodeGroupsOf(pools, nodes);
  if (groups.length === 0) {
    if (raw !== undefined)
      throw new ScenarioPathError(
        ['spec', 'autoscaler'],
        'spec.autoscaler needs at least one node pool with an autoscaling block (minSize, maxSize)',
      );
    return null;
  }
  let options: AutoscalerOptions;
  try {
    options = resolveAutoscalerOptions(raw ?? {}, version);
  } catch (e) {
    if (e instanceof AutoscalerConfigError)
      throw new ScenarioPathError(['spec', 'autoscaler', ...e.path], e.message);
    throw e;
  }
  const ids = new Set(groups.map((g) => g.id));
  options.cloud.failures.forEach((f, i) => {
    if (f.nodeGroup !== null && !ids.has(f.nodeGroup))
      throw new ScenarioPathError(
        ['spec', 'autoscaler', 'cloudProvider', 'failures', i, 'nodeGroup'],
        `no node group named "${f.nodeGroup}" (node groups: ${[...ids].join(', ')})`,
      );
    if (f.zone !== null && !groups.some((g) => g.zone === f.zone))
      throw new ScenarioPathError(
        ['spec', 'autoscaler', 'cloudProvider', 'failures', i, 'zone'],
        `no autoscaled node pool has zone "${f.zone}"`,
      );
  });
  return { options, groups };
}
