// Affinity terms in the scheduler's parsed form (framework.AffinityTerm / WeightedAffinityTerm): the label
// selector with matchLabelKeys / mismatchLabelKeys merged in, the namespaces (the owning pod's own
// namespace when neither namespaces nor namespaceSelector is given) and the topology key. Parsed once per
// pod and cached, since existing pods' terms are read on every cycle.

import type { Pod, PodAffinityTerm } from '../../../model/types.js';
import {
  compileSelector,
  matches,
  type NamespaceLabels,
  type Selector,
  withLabelRequirements,
} from '../../helpers/labels.js';

export interface AffinityTerm {
  readonly selector: Selector;
  readonly namespaces: ReadonlySet<string>;
  readonly nsSelector: Selector | null;
  readonly topologyKey: string;
}

export interface WeightedTerm extends AffinityTerm {
  readonly weight: number;
}

export interface PodAffinityInfo {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedTerm[];
  readonly preferredAntiAffinity: readonly WeightedTerm[];
}

function parseTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  let selector = compileSelector(t.labelSelector);
  selector = withLabelRequirements(selector, pod.labels, t.matchLabelKeys, 'In');
  selector = withLabelRequirements(selector, pod.labels, t.mismatchLabelKeys, 'NotIn');
  const explicit = t.namespaces ?? [];
  const namespaces = new Set(
    explicit.length === 0 && t.namespaceSelector === undefined ? [pod.namespace] : explicit,
  );
  return {
    selector,
    namespaces,
    nsSelector: t.namespaceSelector !== undefined ? compileSelector(t.namespaceSelector) : null,
    topologyKey: t.topologyKey,
  };
}

const cache = new WeakMap<Pod, PodAffinityInfo>();
const EMPTY: PodAffinityInfo = {
  requiredAffinity: [],
  requiredAntiAffinity: [],
  preferredAffinity: [],
  preferredAntiAffinity: [],
};

export function affinityInfo(pod: Pod): PodAffinityInfo {
  const a = pod.spec.affinity;
  if (a === undefined || (a.podAffinity === undefined && a.podAntiAffinity === undefined)) return EMPTY;
  let info = cache.get(pod);
  if (info !== undefined) return info;
  const weighted = (list: readonly { weight: number; podAffinityTerm: PodAffinityTerm }[] | undefined) =>
    (list ?? []).map((w) => ({ ...parseTerm(pod, w.podAffinityTerm), weight: w.weight }));
  info = {
    requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      parseTerm(pod, t),
    ),
    requiredAntiAffinity: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      parseTerm(pod, t),
    ),
    preferredAffinity: weighted(a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
  cache.set(pod, info);
  return info;
}

/**
 * AffinityTerm.Matches: the pod's namespace is selected (listed, or its labels match the
 * namespaceSelector: the labels of the scenario's Namespace object, framework/types.go
 * AffinityTerm.Matches with GetNamespaceLabelsSnapshot) and its labels match.
 */
export function termMatches(t: AffinityTerm, pod: Pod, nsLabels: NamespaceLabels): boolean {
  const nsOk =
    t.namespaces.has(pod.namespace) ||
    (t.nsSelector !== null && matches(t.nsSelector, nsLabels(pod.namespace)));
  return nsOk && matches(t.selector, pod.labels);
}

/** podMatchesAllAffinityTerms: false for no terms. */
export function matchesAllTerms(
  terms: readonly AffinityTerm[],
  pod: Pod,
  nsLabels: NamespaceLabels,
): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, nsLabels)) return false;
  return true;
}
