// Replays upstream kube-scheduler score-plugin unit-test vectors through kubesim explain (in process):
// nodes as manifests, existing pods bound with spec.nodeName, only the plugin under test enabled
// (weight 1), every node given scored and normalized together (explain --all-nodes), as the upstream
// tests call PreScore/Score/NormalizeScore on the node list they are given. Nodes upstream leaves out of
// the scored list ("failedNodes") are cordoned here and the explain runs without --all-nodes, so they
// still hold pods but are neither scored nor part of the normalization.
import type { ExplainResult } from '../../src/scheduler/explain.js';
import { explain, node, onlyScore, pod, world } from '../../src/scheduler/testing/fixtures.js';

export interface VNode {
  name: string;
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  /** Upstream failedNodes: present in the snapshot, not scored. */
  failed?: boolean;
  /**
   * spec.unschedulable, which keeps a node.kubernetes.io/unschedulable:NoSchedule taint on the node (the
   * node lifecycle controller removes it from schedulable nodes, as upstream's TaintNodesByCondition does).
   */
  unschedulable?: boolean;
}

export interface VPod {
  name?: string;
  node?: string;
  labels?: Record<string, string>;
  namespace?: string;
  spec?: Record<string, unknown>;
}

export interface Vector {
  nodes: VNode[];
  pods?: VPod[];
  pod: VPod;
  plugin: string;
  args?: object;
  /** Extra workload manifests (ReplicaSets, Namespaces). */
  objects?: object[];
}

export function replay(v: Vector): ExplainResult {
  const anyFailed = v.nodes.some((n) => n.failed);
  const sim = world({
    nodes: v.nodes.map((n) =>
      node(n.name, {
        cpu: '10',
        memory: '10Gi',
        pods: 110,
        labels: n.labels ?? {},
        taints: n.taints ?? [],
        unschedulable: n.failed === true || n.unschedulable === true,
      }),
    ),
    pods: [
      ...(v.objects ?? []),
      ...(v.pods ?? []).map((p, i) =>
        pod(p.name ?? `existing-${i}`, {
          nodeName: p.node as string,
          labels: p.labels ?? {},
          ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
          ...(p.spec !== undefined ? { spec: p.spec } : {}),
        }),
      ),
    ],
    scheduler: onlyScore(v.plugin, v.args),
  });
  return explain(
    sim,
    pod(v.pod.name ?? 'p', {
      labels: v.pod.labels ?? {},
      ...(v.pod.namespace !== undefined ? { namespace: v.pod.namespace } : {}),
      ...(v.pod.spec !== undefined ? { spec: v.pod.spec } : {}),
    }),
    { allNodes: !anyFailed },
  );
}

/** Normalized scores of the plugin on the nodes upstream scores (skipped plugins score 0), in order. */
export function normalizedScores(v: Vector): Record<string, number> {
  const r = replay(v);
  const out: Record<string, number> = {};
  for (const n of v.nodes) {
    if (n.failed) continue;
    const row = r.nodes.find((x) => x.node === n.name);
    const s = row?.scores?.[v.plugin];
    out[n.name] = s === undefined ? Number.NaN : s.normalized;
  }
  return out;
}
