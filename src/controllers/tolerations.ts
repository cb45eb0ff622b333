// Toleration matching for NoExecute taints, as the taint eviction controller does it
// (k8s.io/api/core/v1 Toleration.ToleratesTaint, pkg/apis/core/v1/helper GetMatchingTolerations,
// pkg/controller/tainteviction getMinTolerationTime), node-health-timing.md §4.3. Pure functions.

import type { Taint, Toleration } from '../model/types.js';

/** Toleration.ToleratesTaint: effect and key must match when set; Exists ignores the value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export interface NoExecuteMatch {
  /** Every taint is tolerated by some toleration. */
  readonly allTolerated: boolean;
  /**
   * getMinTolerationTime over the first toleration matching each taint, in seconds: -1 = forever (none
   * of them sets tolerationSeconds), 0 = now (one sets tolerationSeconds <= 0), else the smallest.
   */
  readonly minSeconds: number;
}

/** GetMatchingTolerations + getMinTolerationTime. Only the first toleration matching a taint counts. */
export function matchNoExecute(taints: readonly Taint[], tolerations: readonly Toleration[]): NoExecuteMatch {
  let min = Number.POSITIVE_INFINITY;
  for (const taint of taints) {
    const used = tolerations.find((t) => toleratesTaint(t, taint));
    if (used === undefined) return { allTolerated: false, minSeconds: 0 };
    if (used.tolerationSeconds !== undefined) min = Math.min(min, Math.max(0, used.tolerationSeconds));
  }
  return { allTolerated: true, minSeconds: min === Number.POSITIVE_INFINITY ? -1 : min };
}
