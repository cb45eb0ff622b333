// Preemption's pure parts (pkg/scheduler/framework/preemption/preemption.go, defaultpreemption):
// victim selection on one node with reprieve, PDB-violating victims reprieved first
// (filterPodsWithPDBViolation), and pickOneNodeForPreemption's lexicographic order (scheduler.md §5).

import type { Pod } from '../../../model/types.js';
import { type PodDisruptionBudget, pdbSelectsForPreemption } from '../../../workloads/pdb.js';
import type { NodeInfo } from '../../cache.js';
import { Code, type CycleState, type Handle, type Status, status } from '../../framework.js';

export const ErrNoVictims = 'No preemption victims found for incoming pod';
const MAX_INT32 = 2147483647;

/** Start time for ordering: pods that never started count as starting now (latest). */
function startUs(p: Pod): number {
  return p.startedUs ?? Number.POSITIVE_INFINITY;
}

/** util.MoreImportantPod, with the pod key as the final tie-break so the order is total. */
export function moreImportant(a: Pod, b: Pod): number {
  if (a.spec.priority !== b.spec.priority) return b.spec.priority - a.spec.priority;
  const sa = startUs(a);
  const sb = startUs(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export interface Candidate {
  readonly node: string;
  readonly victims: readonly Pod[];
  readonly numPDBViolations: number;
}

/**
 * filterPodsWithPDBViolation: splits pods (kept in order) into those whose eviction would take a
 * matching budget's disruptionsAllowed below 0, counted cumulatively over the list, and the others. A
 * pod already in a budget's disruptedPods does not count against it.
 */
export function filterPodsWithPDBViolation(
  pods: readonly Pod[],
  pdbs: readonly PodDisruptionBudget[],
): { violating: Pod[]; nonViolating: Pod[] } {
  const allowed = pdbs.map((p) => p.status.disruptionsAllowed);
  const violating: Pod[] = [];
  const nonViolating: Pod[] = [];
  for (const pod of pods) {
    let violated = false;
    pdbs.forEach((pdb, i) => {
      if (!pdbSelectsForPreemption(pdb, pod) || pdb.status.disruptedPods.has(pod.name)) return;
      allowed[i] = (allowed[i] as number) - 1;
      if ((allowed[i] as number) < 0) violated = true;
    });
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

/** SelectVictimsOnNode on a private copy of the node and cycle state. */
export function selectVictimsOnNode(
  handle: Handle,
  state: CycleState,
  pod: Pod,
  ni: NodeInfo,
  pdbs: readonly PodDisruptionBudget[] = [],
): { victims: Pod[]; numPDBViolations: number; status: Status } {
  const potential: Pod[] = [];
  for (const p of ni.pods) if (p.spec.priority < pod.spec.priority) potential.push(p);
  if (potential.length === 0) {
    return {
      victims: [],
      numPDBViolations: 0,
      status: status(Code.UnschedulableAndUnresolvable, 'DefaultPreemption', ErrNoVictims),
    };
  }
  for (const p of potential) {
    ni.removePod(p);
    handle.runPreFilterRemovePod(state, pod, p, ni);
  }
  const st = handle.runFilterWithNominated(state, pod, ni);
  if (st !== null) return { victims: [], numPDBViolations: 0, status: st };
  potential.sort(moreImportant);
  // Reprieve PDB-violating victims first, then the others, each from the most important down.
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: Pod[] = [];
  const reprieve = (p: Pod): boolean => {
    ni.addPod(p);
    handle.runPreFilterAddPod(state, pod, p, ni);
    if (handle.runFilterWithNominated(state, pod, ni) === null) return true;
    ni.removePod(p);
    handle.runPreFilterRemovePod(state, pod, p, ni);
    victims.push(p);
    return false;
  };
  let numPDBViolations = 0;
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  if (violating.length > 0 && nonViolating.length > 0) victims.sort(moreImportant);
  return { victims, numPDBViolations, status: null };
}

/** Earliest start among the highest-priority victims (GetEarliestPodStartTime). */
function earliestTopStart(victims: readonly Pod[]): number {
  const top = Math.max(...victims.map((v) => v.spec.priority));
  let earliest = Number.POSITIVE_INFINITY;
  for (const v of victims) if (v.spec.priority === top && startUs(v) < earliest) earliest = startUs(v);
  return earliest;
}

/** pickOneNodeForPreemption: each criterion keeps the ties of the one before; then the first remaining. */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | null {
  if (candidates.length === 0) return null;
  const criteria: Array<(c: Candidate) => number> = [
    (c) => -c.numPDBViolations,
    (c) => -Math.max(...c.victims.map((v) => v.spec.priority)),
    (c) => -c.victims.reduce((s, v) => s + v.spec.priority + MAX_INT32 + 1, 0),
    (c) => -c.victims.length,
    (c) => earliestTopStart(c.victims),
  ];
  let remaining = candidates;
  for (const score of criteria) {
    let best = Number.NEGATIVE_INFINITY;
    let next: Candidate[] = [];
    for (const c of remaining) {
      const s = score(c);
      if (s > best) {
        best = s;
        next = [c];
      } else if (s === best) next.push(c);
    }
    remaining = next;
    if (remaining.length === 1) break;
  }
  return remaining[0] ?? null;
}
