// Replays kube-scheduler's Filter-plugin unit-test vectors through kubesim explain (in process): nodes as
// manifests, existing pods bound with spec.nodeName, only the plugin under test enabled at PreFilter and
// Filter (no score plugins), every node filtered. Upstream's tests call PreFilter once, then Filter on each
// node and compare the returned Status (code + reasons); here that is explain's per-node
// `filter: {plugin, reason, code}`, with reasons joined by ", " (explain's format), or feasible.

import type { ExplainResult } from '../../src/scheduler/explain.js';
import { explain, node, pod, world } from '../../src/scheduler/testing/fixtures.js';

export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** What upstream expects on one node: feasible (null) or a status code with its reasons. */
export type Want = null | { code: Code; reasons: string[] };

export const ok: Want = null;
export const unsched = (...reasons: string[]): Want => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): Want => ({
  code: 'UnschedulableAndUnresolvable',
  reasons,
});

/** A profile with only `plugin` at PreFilter (when it has one) and Filter, nothing scored. */
export function onlyFilter(plugin: string, args?: object, preFilter = true): object {
  const off = [{ name: '*' }];
  return {
    profiles: [
      {
        plugins: {
          preFilter: { disabled: off, enabled: preFilter ? [{ name: plugin }] : [] },
          filter: { disabled: off, enabled: [{ name: plugin }] },
          postFilter: { disabled: off },
          preScore: { disabled: off },
          score: { disabled: off },
        },
        ...(args ? { pluginConfig: [{ name: plugin, args }] } : {}),
      },
    ],
  };
}

export interface FilterVector {
  readonly plugin: string;
  readonly args?: object;
  /** The plugin has no PreFilter (NodeUnschedulable, NodeName, TaintToleration). */
  readonly noPreFilter?: boolean;
  readonly nodes: object[];
  /** Existing pods (manifests with spec.nodeName) and other workload objects (Namespaces). */
  readonly existing?: object[];
  readonly pod: Record<string, unknown>;
  readonly kubernetesVersion?: string;
}

export function replayFilter(v: FilterVector): ExplainResult {
  const sim = world({
    nodes: v.nodes,
    pods: v.existing ?? [],
    scheduler: onlyFilter(v.plugin, v.args, v.noPreFilter !== true),
    ...(v.kubernetesVersion ? { kubernetesVersion: v.kubernetesVersion } : {}),
  });
  return explain(sim, v.pod);
}

/** node -> null (feasible) or {code, reasons}: the shape to compare with upstream's wanted statuses. */
export function filterStatuses(v: FilterVector): Record<string, Want> {
  const r = replayFilter(v);
  const out: Record<string, Want> = {};
  for (const n of r.nodes) {
    if (n.feasible) out[n.node] = null;
    else if (n.filter) out[n.node] = { code: n.filter.code as Code, reasons: n.filter.reason.split(', ') };
    else out[n.node] = { code: 'Unschedulable', reasons: ['(not feasible, no filter status)'] };
  }
  return out;
}

/** A bare node (fixtures.node) with labels / taints; 10 cpu, 10Gi, 110 pods. */
export function lnode(
  name: string,
  labels: Record<string, string> = {},
  taints: Array<{ key: string; value?: string; effect: string }> = [],
): object {
  return node(name, { cpu: '10', memory: '10Gi', pods: 110, labels, taints });
}

/** A pod manifest (fixtures.pod) with a spec fragment. */
export function fpod(
  name: string,
  spec: Record<string, unknown> = {},
  labels: Record<string, string> = {},
  extra: { nodeName?: string; namespace?: string } = {},
): Record<string, unknown> {
  return pod(name, { spec: { containers: [], ...spec }, labels, ...extra });
}
