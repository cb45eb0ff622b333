// Toleration matching (k8s.io/api/core/v1 Toleration.ToleratesTaint, component-helpers
// FindMatchingUntoleratedTaint): an empty toleration effect matches every effect, an empty key with
// Exists matches every taint, an empty operator means Equal.

import type { Taint, Toleration } from '../../model/types.js';

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export function toleratedByAny(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (let i = 0; i < tolerations.length; i++)
    if (tolerates(tolerations[i] as Toleration, taint)) return true;
  return false;
}

/** First NoSchedule/NoExecute taint the tolerations do not tolerate, or null. */
export function untoleratedScheduleTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): Taint | null {
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i] as Taint;
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!toleratedByAny(tolerations, taint)) return taint;
  }
  return null;
}
