// Pod equivalence groups (core/scaleup/equivalence/groups.go): pods with the same controller, the same
// labels and a semantically equal spec are scheduled alike, so scale-up checks one exemplar per group.
// Pods without a controller and DaemonSet pods are groups of one; a controller has at most
// maxEquivalenceGroupsByController (10) groups, further pods of it stay alone. Upstream keeps the groups
// in a Go map (random order); here they are in order of their first pod.
//
// Placement classes go one step further for simulation speed: pods whose placement depends only on
// their requests and on per-node verdicts (no topology spread, pod affinity or host ports) place exactly
// alike when their requests and node constraints are equal, whatever their owner; a class places its
// pods in one arithmetic step.

import type { Pod } from '../model/types.js';

export const MAX_EQUIVALENCE_GROUPS_BY_CONTROLLER = 10;

export interface PodGroup {
  /** Stable id within one build (first pod's key). */
  readonly id: string;
  readonly exemplar: Pod;
  readonly pods: Pod[];
}

/** The spec and labels the equivalence compares (PodSpecSemanticallyEqual ignores nodeName). */
export function equivalenceSignature(pod: Pod): string {
  const { nodeName: _n, ...spec } = pod.spec;
  return JSON.stringify([pod.namespace, pod.labels, spec]);
}

/** BuildPodGroups over pods in the given order. */
export function buildPodGroups(pods: Iterable<Pod>): PodGroup[] {
  const out: PodGroup[] = [];
  const byController = new Map<string, { sig: string; group: PodGroup }[]>();
  for (const pod of pods) {
    const owner = pod.owner?.controller ? pod.owner : null;
    if (owner === null || pod.daemonSet) {
      out.push({ id: pod.key, exemplar: pod, pods: [pod] });
      continue;
    }
    const sig = equivalenceSignature(pod);
    const list = byController.get(owner.uid) ?? [];
    const hit = list.find((g) => g.sig === sig);
    if (hit !== undefined) {
      hit.group.pods.push(pod);
      continue;
    }
    const group: PodGroup = { id: pod.key, exemplar: pod, pods: [pod] };
    out.push(group);
    if (list.length < MAX_EQUIVALENCE_GROUPS_BY_CONTROLLER) {
      list.push({ sig, group });
      byController.set(owner.uid, list);
    }
  }
  return out;
}

/**
 * The placement class of an unconstrained pod: everything its filter verdicts and resource fit read.
 * Labels and namespace count only when some placed pod's anti-affinity could select them.
 */
export function placementClassKey(pod: Pod, withLabels: boolean): string {
  const s = pod.spec;
  return JSON.stringify([
    s.schedulerName,
    pod.requests,
    s.nodeSelector,
    s.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null,
    s.tolerations,
    withLabels ? [pod.namespace, pod.labels] : null,
  ]);
}
