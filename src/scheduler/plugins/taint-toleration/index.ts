// TaintToleration (pkg/scheduler/framework/plugins/tainttoleration): Filter rejects nodes with a
// NoSchedule/NoExecute taint the pod does not tolerate (unresolvable); Score counts the node's
// PreferNoSchedule taints not tolerated by the pod's PreferNoSchedule (or effect-less) tolerations, and
// NormalizeScore reverses it so the node with the fewest gets 100 (scheduler.md §4.7).

import type { Pod, Taint, Toleration } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import {
  Code,
  type CycleState,
  type FilterPlugin,
  type NodeBatch,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
  type StatusRecord,
  status,
} from '../../framework.js';
import { defaultNormalize } from '../../helpers/scores.js';
import { toleratedByAny, untoleratedScheduleTaint } from '../../helpers/taints.js';
import { definePlugin, noArgs } from '../types.js';
import { taintEventsToRegister } from './hints.js';

export const name = 'TaintToleration';
const KEY = `PreScore${name}`;

export function taintReason(t: Taint): string {
  return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
}

class PreScoreState implements StateData {
  constructor(readonly tolerations: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

/** Statuses are cached per taint so the filter loop allocates nothing. */
const reasonCache = new WeakMap<Taint, StatusRecord>();

function reasonFor(t: Taint): StatusRecord {
  let st = reasonCache.get(t);
  if (st === undefined) {
    st = status(Code.UnschedulableAndUnresolvable, name, taintReason(t));
    reasonCache.set(t, st);
  }
  return st;
}

export function filter(_s: unknown, pod: Pod, ni: NodeInfo): Status {
  const taints = ni.node.taints;
  if (taints.length === 0) return null;
  const t = untoleratedScheduleTaint(taints, pod.spec.tolerations);
  return t === null ? null : reasonFor(t);
}

const NO_TOLERATIONS: readonly Toleration[] = Object.freeze([]);

/** The tolerations with effect PreferNoSchedule or none (PreScore); shared arrays when none or all qualify. */
function preferNoScheduleTolerations(tolerations: readonly Toleration[]): readonly Toleration[] {
  let kept = 0;
  for (const t of tolerations) if (t.effect === undefined || t.effect === 'PreferNoSchedule') kept++;
  if (kept === 0) return NO_TOLERATIONS;
  if (kept === tolerations.length) return tolerations;
  return tolerations.filter((t) => t.effect === undefined || t.effect === 'PreferNoSchedule');
}

export function countIntolerablePreferNoSchedule(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect === 'PreferNoSchedule' && !toleratedByAny(tolerations, taint)) n++;
  }
  return n;
}

/**
 * The filter's answer for each distinct taint list of the NodeTable (by taint set id) for one pod's
 * tolerations: the batch loop then reads one array entry per node.
 */
function filterBySet(
  sets: readonly (readonly Taint[])[],
  tolerations: readonly Toleration[],
  out: Status[],
): void {
  out.length = sets.length;
  out[0] = null;
  for (let id = 1; id < sets.length; id++) {
    const t = untoleratedScheduleTaint(sets[id] as readonly Taint[], tolerations);
    out[id] = t === null ? null : reasonFor(t);
  }
}

export default definePlugin({
  name,
  points: ['filter', 'preScore', 'score'],
  argsSchema: noArgs,
  create: (_args, handle) => {
    const bySet: Status[] = [];
    const rawBySet: number[] = [];
    let scratch = new Float64Array(0);
    /** Raw counts per distinct taint list, then one array read per node; all 0 without taints. */
    const scoreBatch = (state: CycleState, pod: Pod, nodes: NodeBatch, out: Float64Array): void => {
      const table = handle.cache.table;
      const n = nodes.n;
      if (table.taintedCount === 0) {
        out.fill(0, 0, n);
        return;
      }
      const tols = state.read<PreScoreState>(KEY)?.tolerations ?? pod.spec.tolerations;
      const sets = table.taintSets;
      rawBySet.length = sets.length;
      for (let id = 0; id < sets.length; id++)
        rawBySet[id] = countIntolerablePreferNoSchedule(sets[id] as readonly Taint[], tols);
      const setOf = table.taintSet;
      const idx = nodes.idx;
      for (let i = 0; i < n; i++) out[i] = rawBySet[setOf[idx[i] as number] as number] as number;
    };
    return {
      name,
      eventsToRegister: taintEventsToRegister,
      filter,
      filterBatch(_s: unknown, pod: Pod, nodes: NodeBatch, out: Status[]): void {
        const table = handle.cache.table;
        if (table.taintedCount === 0) return;
        filterBySet(table.taintSets, pod.spec.tolerations, bySet);
        const sets = table.taintSet;
        const idx = nodes.idx;
        for (let i = 0, end = nodes.n; i < end; i++) {
          if (out[i] !== null) continue;
          const set = sets[idx[i] as number] as number;
          if (set !== 0) out[i] = bySet[set] as Status;
        }
      },
      preScore(state: CycleState, pod: Pod): Status {
        state.write(KEY, new PreScoreState(preferNoScheduleTolerations(pod.spec.tolerations)));
        return null;
      },
      score(state: CycleState, pod: Pod, ni: NodeInfo): number {
        if (ni.node.taints.length === 0) return 0;
        const tols = state.read<PreScoreState>(KEY)?.tolerations ?? pod.spec.tolerations;
        return countIntolerablePreferNoSchedule(ni.node.taints, tols);
      },
      scoreBatch,
      normalize(_s: CycleState, _p: Pod, nodes: NodeBatch, scores: Float64Array): Status {
        defaultNormalize(scores, nodes.n, true);
        return null;
      },
      /**
       * Without tainted nodes every raw score is 0, which the reversed normalization makes 100 for every
       * node: the same for all, so nothing is added (see ScorePlugin.scoreInto).
       */
      scoreInto(state: CycleState, pod: Pod, nodes: NodeBatch, weight: number, totals: Float64Array): Status {
        const n = nodes.n;
        if (handle.cache.table.taintedCount === 0) return null;
        if (scratch.length < n) scratch = new Float64Array(n * 2);
        scoreBatch(state, pod, nodes, scratch);
        defaultNormalize(scratch, n, true);
        for (let i = 0; i < n; i++) totals[i] = (totals[i] as number) + (scratch[i] as number) * weight;
        return null;
      },
    } satisfies FilterPlugin & PreScorePlugin & ScorePlugin;
  },
});
