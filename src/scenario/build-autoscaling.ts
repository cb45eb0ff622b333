// spec.load, spec.metricsServer and the HorizontalPodAutoscalers of spec.workloads -> what the load
// model, the metrics pipeline and the HPA controller start from. Semantic checks that need the whole
// scenario: a load entry must name a Deployment or ReplicaSet the scenario creates (in spec.workloads
// or by an apply operation) and at most one entry per workload (traces are checked by the schema), and
// HPA manifests are defaulted and validated as the API server does (src/hpa/schema.ts).

import {
  type HpaManifest,
  type HpaObject,
  HpaValidationError,
  hpaSpecFromManifest,
} from '../controllers/hpa/schema.js';
import {
  DEFAULT_METRIC_RESOLUTION_US,
  type LoadEntrySpec,
  MIN_METRIC_RESOLUTION_US,
  parseWorkloadRef,
  workloadKey,
} from '../load/schema.js';
import { type PathSegment, ScenarioPathError } from '../model/errors.js';
import type { ScenarioSpec } from './schema.js';

export interface BuiltAutoscaling {
  readonly load: readonly LoadEntrySpec[];
  readonly hpas: readonly HpaObject[];
}

/** metrics-server --metric-resolution; options.go Validate wants at least 10 s. */
export function resolveMetricResolutionUs(spec: ScenarioSpec): number {
  const us = spec.metricsServer?.metricResolution ?? DEFAULT_METRIC_RESOLUTION_US;
  if (us < MIN_METRIC_RESOLUTION_US)
    throw new ScenarioPathError(
      ['spec', 'metricsServer', 'metricResolution'],
      'metric-resolution should be a time duration at least 10s',
    );
  return us;
}

export function buildAutoscaling(
  spec: ScenarioSpec,
  hpaSeeds: readonly { manifest: HpaManifest; namespace: string; path: readonly PathSegment[] }[],
): BuiltAutoscaling {
  const known = workloadKeys(spec);
  const seen = new Set<string>();
  (spec.load ?? []).forEach((entry, i) => {
    const path = ['spec', 'load', i];
    const key = workloadKey(parseWorkloadRef(entry.workload));
    if (!known.has(key))
      throw new ScenarioPathError(
        [...path, 'workload'],
        `no ${key.replace(/\/([^/]+)\//, ' $1/')} in spec.workloads (or an apply operation)`,
      );
    if (seen.has(key))
      throw new ScenarioPathError([...path, 'workload'], `a second load entry for ${entry.workload}`);
    seen.add(key);
  });
  const hpas = hpaSeeds.map((seed) => {
    try {
      return {
        namespace: seed.namespace,
        name: seed.manifest.metadata.name,
        spec: hpaSpecFromManifest(seed.manifest),
      };
    } catch (e) {
      if (!(e instanceof HpaValidationError)) throw e;
      const first = e.issues[0] as HpaValidationError['issues'][number];
      throw new ScenarioPathError([...seed.path, ...first.path], first.message);
    }
  });
  return { load: spec.load ?? [], hpas };
}

/** Kind/namespace/name of every Deployment and ReplicaSet the scenario creates. */
function workloadKeys(spec: ScenarioSpec): Set<string> {
  const keys = new Set<string>();
  const add = (m: { kind: string; metadata?: { name?: string; namespace?: string } }) => {
    if ((m.kind === 'Deployment' || m.kind === 'ReplicaSet') && m.metadata?.name !== undefined)
      keys.add(`${m.kind}/${m.metadata.namespace ?? 'default'}/${m.metadata.name}`);
  };
  for (const w of spec.workloads ?? []) add(w);
  for (const op of spec.operations ?? []) if (op.action === 'apply') add(op.manifest);
  return keys;
}
