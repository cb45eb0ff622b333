// Node selection as in k8s.io/component-helpers/scheduling/corev1/nodeaffinity: nodeSelector labels,
// required node affinity (terms ORed, requirements ANDed, matchFields on metadata.name) and preferred
// terms (sum of the weights of matching terms). A term with no requirements matches nothing.

import { anyTermMatches, type NodeNameLabels, termMatches } from '../../model/node-selector.js';
import type { Node, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from '../../model/types.js';

export { type NodeNameLabels, termMatches };

/** RequiredNodeAffinity: the pod's nodeSelector and required terms (GetRequiredNodeAffinity). */
export interface RequiredNodeAffinity {
  readonly nodeSelector: ReadonlyArray<readonly [string, string]>;
  readonly terms: readonly NodeSelectorTerm[] | null;
}

const NO_REQUIRED: RequiredNodeAffinity = Object.freeze({ nodeSelector: Object.freeze([]), terms: null });

export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req === undefined && !hasKeys(pod.spec.nodeSelector)) return NO_REQUIRED; // the common pod: no allocation
  return {
    nodeSelector: Object.entries(pod.spec.nodeSelector),
    terms: req ? req.nodeSelectorTerms : null,
  };
}

function hasKeys(o: Readonly<Record<string, string>>): boolean {
  for (const _ in o) return true;
  return false;
}

export function isEmptyRequired(r: RequiredNodeAffinity): boolean {
  return r.nodeSelector.length === 0 && r.terms === null;
}

export function matchesRequired(r: RequiredNodeAffinity, node: NodeNameLabels): boolean {
  for (const [k, v] of r.nodeSelector) if (node.labels[k] !== v) return false;
  return r.terms === null || anyTermMatches(r.terms, node);
}

export function preferredScore(terms: readonly PreferredSchedulingTerm[], node: Node): number {
  let sum = 0;
  for (const t of terms) {
    if (t.weight !== 0 && termMatches(t.preference, node)) sum += t.weight;
  }
  return sum;
}

/**
 * Node names pinned by `metadata.name In [...]` matchFields (NodeAffinity PreFilterResult): the union over
 * the terms, or null when some term does not pin names (then every node is a candidate).
 */
export function pinnedNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | null {
  const out = new Set<string>();
  for (const t of terms) {
    let termNames: Set<string> | null = null;
    for (const f of t.matchFields ?? []) {
      if (f.key !== 'metadata.name' || f.operator !== 'In') continue;
      const vals = new Set<string>(f.values ?? []);
      const prev = termNames as Set<string> | null;
      termNames = prev === null ? vals : new Set<string>(Array.from(prev).filter((n: string) => vals.has(n)));
    }
    if (termNames === null) return null;
    for (const n of termNames) out.add(n);
  }
  return out;
}
