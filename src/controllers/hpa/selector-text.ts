// How Go prints a *metav1.LabelSelector with %+v (its generated String() in apimachinery
// pkg/apis/meta/v1/generated.pb.go): horizontal.go puts it in external metric names, which end up in
// SuccessfulRescale events ("reason: external metric queue(&LabelSelector{...}) above target").

import type { LabelSelector } from '../../model/types.js';

export function goLabelSelector(selector: LabelSelector | undefined): string {
  if (selector === undefined) return 'nil';
  const labels = selector.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  const map = `map[string]string{${keys.map((k) => `${k}: ${labels[k]},`).join('')}}`;
  const exprs = (selector.matchExpressions ?? [])
    .map(
      (r) =>
        `LabelSelectorRequirement{Key:${r.key},Operator:${r.operator},Values:[${(r.values ?? []).join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:${map},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
