// Pod-to-node predicates the DaemonSet controller evaluates itself (daemon_controller.go predicates):
// spec.nodeName, nodeSelector plus required node affinity (component-helpers nodeaffinity: terms ORed,
// requirements ANDed, matchFields on metadata.name only), and taints against tolerations
// (v1helper.TolerationsTolerateTaint: an empty key with Exists tolerates every taint).

import type { PodSpecManifest } from '../model/k8s-schema.js';
import type {
  Affinity,
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Taint,
  Toleration,
} from '../model/types.js';

function matchesNodeRequirement(value: string | undefined, r: NodeSelectorRequirement): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const have = Number(value);
      const want = Number(values[0]);
      if (!Number.isInteger(have) || !Number.isInteger(want)) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
  }
}

export function matchesNodeSelectorTerm(node: Node, term: NodeSelectorTerm): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false; // an empty term matches nothing
  for (const r of exprs) if (!matchesNodeRequirement(node.labels[r.key], r)) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name' || !matchesNodeRequirement(node.name, r)) return false;
  }
  return true;
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution both hold. */
export function fitsNodeAffinity(
  spec: Pick<PodSpecManifest, 'nodeSelector'> & { readonly affinity?: Affinity | undefined },
  node: Node,
): boolean {
  for (const key in spec.nodeSelector ?? {}) {
    if (node.labels[key] !== spec.nodeSelector?.[key]) return false;
  }
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return true;
  return required.nodeSelectorTerms.some((t) => matchesNodeSelectorTerm(node, t as NodeSelectorTerm));
}

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** The first taint with one of `effects` that no toleration tolerates, if any. */
export function untoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly Taint['effect'][],
): Taint | undefined {
  return taints.find(
    (taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)),
  );
}
