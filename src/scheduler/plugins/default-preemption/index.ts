// DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption): when no node fits, find nodes where
// evicting lower-priority pods would make room. Only nodes whose filter status was Unschedulable are
// tried; a dry run starts at a seeded random offset and stops after enough candidates (max(10 %, 100),
// capped at the node count) once one of them violates no PodDisruptionBudget; the best candidate is
// nominated and its victims are returned for deletion.

import { z } from 'zod';
import type { Pod } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import {
  Code,
  type CycleState,
  type Handle,
  type NodeStatusMap,
  type PostFilterPlugin,
  type PostFilterResult,
  type StatusRecord,
  status,
} from '../../framework.js';
import { statusHistogram } from '../../node-statuses.js';
import { definePlugin } from '../types.js';
import { type Candidate, ErrNoVictims, pickOneNodeForPreemption, selectVictimsOnNode } from './victims.js';

export const name = 'DefaultPreemption';
export const NotHelpful = 'Preemption is not helpful for scheduling';

export const argsSchema = z.strictObject({
  minCandidateNodesPercentage: z.number().int().min(0).max(100).default(10),
  minCandidateNodesAbsolute: z.number().int().min(0).default(100),
});

export interface PreemptionResult extends PostFilterResult {
  readonly victims: readonly Pod[];
}

export function numCandidates(n: number, pct: number, abs: number): number {
  let k = Math.trunc((n * pct) / 100);
  if (k < abs) k = abs;
  return Math.min(k, n);
}

function hasLowerPriorityPod(pods: Iterable<Pod>, priority: number): boolean {
  for (const p of pods) if (p.spec.priority < priority) return true;
  return false;
}

function histogram(reasons: Map<string, number>): string {
  return [...reasons.entries()]
    .map(([r, n]) => `${n} ${r}`)
    .sort()
    .join(', ');
}

export default definePlugin({
  name,
  points: ['postFilter'],
  argsSchema,
  create(args, handle) {
    // default_preemption.go PostFilter prefixes every message of Evaluator.Preempt with "preemption: ".
    // A pod not eligible to preempt gets no nominating info (its nomination stays); when no candidate
    // is found, Evaluator.Preempt returns NewPostFilterResultWithNominatedNode(""), which clears the
    // pod's nominatedNodeName (framework/preemption/preemption.go Preempt; TestPostFilter vectors).
    const fail = (message: string, clear: boolean): PreemptionResult => ({
      status: status(Code.Unschedulable, name, `preemption: ${message}`),
      nominatedNodeName: clear ? '' : null,
      message: `preemption: ${message}`,
      victims: [],
    });
    return {
      name,
      postFilter(state: CycleState, pod: Pod, statuses: NodeStatusMap): PreemptionResult {
        const notEligible = podEligibleToPreemptOthers(pod, statuses, handle.cache);
        if (notEligible !== null) return fail(notEligible, false);
        const all = handle.cache.nodes;
        const reasons = new Map<string, number>();
        // No pod anywhere has a lower priority: every dry run would end in ErrNoVictims. The same
        // counts and the same offset draw, without visiting the nodes.
        if (!handle.cache.hasPodBelowPriority(pod.spec.priority)) {
          let unschedulable = 0;
          for (const [st, nodes] of statusHistogram(statuses))
            if (st.code === Code.Unschedulable) unschedulable += nodes;
          if (all.length > unschedulable) reasons.set(NotHelpful, all.length - unschedulable);
          if (unschedulable > 0) {
            handle.intBelow(unschedulable);
            reasons.set(ErrNoVictims, unschedulable);
          }
          return fail(`0/${all.length} nodes are available: ${histogram(reasons)}.`, true);
        }
        const potential = all.filter((ni) => {
          const st = statuses.get(ni.name);
          if (st !== undefined && st.code === Code.Unschedulable) return true;
          reasons.set(NotHelpful, (reasons.get(NotHelpful) ?? 0) + 1);
          return false;
        });
        let candidates: Candidate[] = [];
        if (potential.length > 0) {
          const want = numCandidates(
            potential.length,
            args.minCandidateNodesPercentage,
            args.minCandidateNodesAbsolute,
          );
          const offset = handle.intBelow(potential.length);
          candidates = dryRunPreemption(handle, state, pod, potential, offset, want, reasons);
        }
        const best = pickOneNodeForPreemption(candidates);
        if (best === null) return fail(`0/${all.length} nodes are available: ${histogram(reasons)}.`, true);
        return { status: null, nominatedNodeName: best.node, message: '', victims: best.victims };
      },
    } satisfies PostFilterPlugin;
  },
});

/**
 * DryRunPreemption: victims on each node from `offset` on, with the budgets of the handle's lister.
 * Candidates that violate no budget come first; the search stops once there is one and numCandidates
 * in all, and each of the two lists keeps at most numCandidates (so it may look past numCandidates
 * nodes until a non-violating one turns up). Failing nodes' reasons are counted into `reasons`.
 */
export function dryRunPreemption(
  handle: Handle,
  state: CycleState,
  pod: Pod,
  potential: readonly NodeInfo[],
  offset: number,
  want: number,
  reasons: Map<string, number>,
): Candidate[] {
  const pdbs = handle.podDisruptionBudgets();
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  for (let i = 0; i < potential.length; i++) {
    if (nonViolating.length > 0 && nonViolating.length + violating.length >= want) break;
    const ni = potential[(offset + i) % potential.length] as NodeInfo;
    // SelectVictimsOnNode's first step, before the copies: a node without a lower-priority pod fails
    // with ErrNoVictims whatever the filters say, so no state or node copy is needed.
    if (!hasLowerPriorityPod(ni.pods, pod.spec.priority)) {
      reasons.set(ErrNoVictims, (reasons.get(ErrNoVictims) ?? 0) + 1);
      continue;
    }
    const r = selectVictimsOnNode(handle, state.clone(), pod, ni.clone(), pdbs);
    if (r.status === null && r.victims.length > 0) {
      const list = r.numPDBViolations === 0 ? nonViolating : violating;
      if (list.length < want)
        list.push({ node: ni.name, victims: r.victims, numPDBViolations: r.numPDBViolations });
      continue;
    }
    for (const reason of (r.status as StatusRecord | null)?.reasons ?? [])
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return [...nonViolating, ...violating];
}

/**
 * PodEligibleToPreemptOthers: null when the pod may preempt, else the reason. Not for
 * preemptionPolicy Never; and wait while a lower-priority pod on the nominated node is terminating
 * because the scheduler preempted it (podTerminatingByPreemption: DisruptionTarget with reason
 * PreemptionByScheduler, scheduler.md §5.1), unless the nominated node is now
 * UnschedulableAndUnresolvable for the pod. Pods terminating for any other reason (scale-down,
 * eviction, drain) do not hold the preemptor back.
 */
export function podEligibleToPreemptOthers(
  pod: Pod,
  statuses: NodeStatusMap,
  cache: import('../../cache.js').SchedulerCache,
): string | null {
  if (pod.spec.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.nominatedNodeName;
  if (nominated === null) return null;
  const ni = cache.get(nominated);
  if (ni === undefined) return null;
  let terminating = false;
  for (const p of ni.pods) {
    if (p.deletionUs !== null && p.endReason === 'Preempted' && p.spec.priority < pod.spec.priority)
      terminating = true;
  }
  // The node's status is read only when it matters (a single lookup, node-statuses.ts).
  if (!terminating || statuses.get(nominated)?.code === Code.UnschedulableAndUnresolvable) return null;
  return 'not eligible due to a terminating pod on the nominated node.';
}
