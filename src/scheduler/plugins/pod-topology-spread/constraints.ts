// PodTopologySpread's internal constraint form (podtopologyspread/common.go): the parsed selector
// (matchLabelKeys merged in), minDomains and the node inclusion policies with their defaults, plus the
// system default constraints and the selector they use. The default selector (helper.DefaultSelector:
// Services, ReplicationControllers, ReplicaSets, StatefulSets selecting the pod) is modelled as "pods
// with the same controller owner" for pods owned by a ReplicaSet, StatefulSet or ReplicationController;
// Services are not modelled.

import type { Pod, TopologySpreadConstraint } from '../../../model/types.js';
import { LabelHostname, LabelTopologyZone } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import { controllerUid, type OwnerIds } from '../../cache.js';
import { compileSelector, matches, type Selector, withLabelRequirements } from '../../helpers/labels.js';
import { matchesRequired, type RequiredNodeAffinity } from '../../helpers/node-affinity.js';
import { untoleratedScheduleTaint } from '../../helpers/taints.js';

export type SpreadSelector =
  | { readonly kind: 'labels'; readonly selector: Selector }
  | { readonly kind: 'owner'; readonly uid: string; readonly id: number };

export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly sel: SpreadSelector;
  readonly minDomains: number;
  readonly honorAffinity: boolean;
  readonly honorTaints: boolean;
}

export interface DefaultConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
}

/** PodTopologySpread system defaults (plugins/podtopologyspread/plugin.go systemDefaultConstraints). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly DefaultConstraint[] = [
  { topologyKey: LabelTopologyZone, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
  { topologyKey: LabelHostname, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
];

const DEFAULT_SELECTOR_KINDS = new Set(['ReplicaSet', 'StatefulSet', 'ReplicationController']);

export function podConstraints(
  pod: Pod,
  action: TopologySpreadConstraint['whenUnsatisfiable'],
): Constraint[] {
  const out: Constraint[] = [];
  for (const c of pod.spec.topologySpreadConstraints) {
    if (c.whenUnsatisfiable !== action) continue;
    const selector = withLabelRequirements(
      compileSelector(c.labelSelector),
      pod.labels,
      c.matchLabelKeys,
      'In',
    );
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      sel: { kind: 'labels', selector },
      minDomains: c.minDomains ?? 1,
      honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
    });
  }
  return out;
}

const bySpec = {
  DoNotSchedule: new WeakMap<object, Constraint[]>(),
  ScheduleAnyway: new WeakMap<object, Constraint[]>(),
};

/**
 * podConstraints, kept per spec object when no constraint has matchLabelKeys (the list then depends on
 * the spec alone, and pods of one ReplicaSet share their spec object): a failed pod retried thousands
 * of times compiles its selectors once. The same list object comes back, which also keys the memos.
 */
export function podConstraintsOf(
  pod: Pod,
  action: TopologySpreadConstraint['whenUnsatisfiable'],
): Constraint[] {
  const spec = pod.spec;
  if (spec.topologySpreadConstraints.some((c) => (c.matchLabelKeys?.length ?? 0) > 0))
    return podConstraints(pod, action);
  const cache = bySpec[action];
  let out = cache.get(spec);
  if (out === undefined) {
    out = podConstraints(pod, action);
    cache.set(spec, out);
  }
  return out;
}

export function defaultConstraints(
  owners: OwnerIds,
  pod: Pod,
  defaults: readonly DefaultConstraint[],
  action: DefaultConstraint['whenUnsatisfiable'],
): Constraint[] {
  const chosen = defaults.filter((d) => d.whenUnsatisfiable === action);
  if (chosen.length === 0) return [];
  const uid = controllerUid(pod);
  if (uid === null || !DEFAULT_SELECTOR_KINDS.has(pod.owner?.kind ?? '')) return [];
  return chosen.map((d) => ({
    maxSkew: d.maxSkew,
    topologyKey: d.topologyKey,
    sel: { kind: 'owner', uid, id: owners.id(uid) },
    minDomains: 1,
    honorAffinity: true,
    honorTaints: false,
  }));
}

export function selectorMatches(sel: SpreadSelector, pod: Pod): boolean {
  return sel.kind === 'owner' ? controllerUid(pod) === sel.uid : matches(sel.selector, pod.labels);
}

/** countPodsMatchSelector: non-terminating pods of `ns` on the node that the selector matches. */
export function countOnNode(ni: NodeInfo, sel: SpreadSelector, ns: string): number {
  if (sel.kind === 'owner') return ni.ownerCounts.get(sel.id) ?? 0;
  let n = 0;
  for (const p of ni.pods) {
    if (p.deletionUs !== null || p.namespace !== ns) continue;
    if (matches(sel.selector, p.labels)) n++;
  }
  return n;
}

export function hasAllKeys(labels: Readonly<Record<string, string>>, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

export function matchInclusionPolicies(
  c: Constraint,
  pod: Pod,
  ni: NodeInfo,
  req: RequiredNodeAffinity,
): boolean {
  if (c.honorAffinity && !matchesRequired(req, ni.node)) return false;
  if (c.honorTaints && untoleratedScheduleTaint(ni.node.taints, pod.spec.tolerations) !== null) return false;
  return true;
}
