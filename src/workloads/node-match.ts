// Pod-to-node predicates the DaemonSet controller evaluates itself (daemon_controller.go predicates):
// spec.nodeName, nodeSelector plus required node affinity (component-helpers nodeaffinity: terms ORed,
// requirements ANDed, matchFields on metadata.name only), and taints against tolerations
// (v1helper.TolerationsTolerateTaint: an empty key with Exists tolerates every taint).

import type { PodSpecManifest } from '../model/k8s-schema.js';
import { anyTermMatches } from '../model/node-selector.js';
import type { Affinity, Node, NodeSelectorTerm, Taint, Toleration } from '../model/types.js';

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
  return anyTermMatches(required.nodeSelectorTerms as readonly NodeSelectorTerm[], node);
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
