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
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
  status,
} from '../../framework.js';
import { defaultNormalize } from '../../helpers/scores.js';
import { toleratedByAny, untoleratedScheduleTaint } from '../../helpers/taints.js';
import { definePlugin, noArgs } from '../types.js';

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
const reasonCache = new WeakMap<Taint, ReturnType<typeof status>>();

export function filter(_s: unknown, pod: Pod, ni: NodeInfo): Status {
  const taints = ni.node.taints;
  if (taints.length === 0) return null;
  const t = untoleratedScheduleTaint(taints, pod.spec.tolerations);
  if (t === null) return null;
  let st = reasonCache.get(t);
  if (st === undefined) {
    st = status(Code.UnschedulableAndUnresolvable, name, taintReason(t));
    reasonCache.set(t, st);
  }
  return st;
}

export function filterBatch(
  _s: unknown,
  pod: Pod,
  nodes: readonly NodeInfo[],
  n: number,
  out: Status[],
): void {
  for (let i = 0; i < n; i++) {
    const ni = nodes[i] as NodeInfo;
    if (out[i] === null && ni.node.taints.length > 0) out[i] = filter(_s, pod, ni);
  }
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

export default definePlugin({
  name,
  points: ['filter', 'preScore', 'score'],
  argsSchema: noArgs,
  create: () =>
    ({
      name,
      events: ['NodeAdd', 'NodeTaintChange'] as const,
      filter,
      filterBatch,
      preScore(state: CycleState, pod: Pod): Status {
        const tols = pod.spec.tolerations.filter(
          (t) => t.effect === undefined || t.effect === 'PreferNoSchedule',
        );
        state.write(KEY, new PreScoreState(tols));
        return null;
      },
      score(state: CycleState, pod: Pod, ni: NodeInfo): number {
        if (ni.node.taints.length === 0) return 0;
        const tols = state.read<PreScoreState>(KEY)?.tolerations ?? pod.spec.tolerations;
        return countIntolerablePreferNoSchedule(ni.node.taints, tols);
      },
      scoreBatch(
        state: CycleState,
        pod: Pod,
        nodes: readonly NodeInfo[],
        n: number,
        out: Float64Array,
      ): void {
        const tols = state.read<PreScoreState>(KEY)?.tolerations ?? pod.spec.tolerations;
        for (let i = 0; i < n; i++) {
          const taints = (nodes[i] as NodeInfo).node.taints;
          out[i] = taints.length === 0 ? 0 : countIntolerablePreferNoSchedule(taints, tols);
        }
      },
      normalize(_s: CycleState, _p: Pod, _n: readonly NodeInfo[], scores: Float64Array, n: number): Status {
        defaultNormalize(scores, n, true);
        return null;
      },
    }) satisfies FilterPlugin & PreScorePlugin & ScorePlugin,
});
