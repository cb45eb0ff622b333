// spec.autoscaler and the pools' autoscaling blocks, resolved when the scenario is built: the flags
// with their defaults and the node groups. A scenario gets a cluster-autoscaler when a pool autoscales.

import type { Expectation } from '../expect/schema.js';
import type { NodeInit } from '../model/factory.js';
import { type PathSegment, ScenarioPathError } from '../scenario/errors.js';
import type { NodePoolSpec } from '../scenario/schema.js';
import type { KubeVersion } from '../sim/version.js';
import {
  AutoscalerConfigError,
  type AutoscalerOptions,
  type AutoscalerSpec,
  resolveAutoscalerOptions,
} from './config.js';
import { type NodeGroupDef, nodeGroupsOf } from './node-groups.js';
import { AUTOSCALER_COLUMN_RE, autoscalerColumns } from './outputs.js';

export interface AutoscalerSetup {
  readonly options: AutoscalerOptions;
  readonly groups: readonly NodeGroupDef[];
}

/** A metric expectation on a node group column must name an existing group (else it matches nothing). */
export function checkAutoscalerMetrics(
  expectations: readonly Expectation[],
  setup: AutoscalerSetup | null,
): void {
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
