// Label selectors (apimachinery pkg/apis/meta/v1 LabelSelector, pkg/labels): matchLabels ANDed with
// matchExpressions (In, NotIn, Exists, DoesNotExist). An empty selector matches everything, as
// LabelSelectorAsSelector does; a null selector is handled by callers (it matches nothing upstream).

import type { LabelSelector, LabelSelectorRequirement } from './types.js';

type Labels = Readonly<Record<string, string>>;

export function matchesRequirement(labels: Labels, r: LabelSelectorRequirement): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(labels[r.key] as string);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(labels[r.key] as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

export function matchesSelector(labels: Labels, selector: LabelSelector): boolean {
  for (const key in selector.matchLabels ?? {}) {
    if (labels[key] !== selector.matchLabels?.[key]) return false;
  }
  for (const r of selector.matchExpressions ?? []) if (!matchesRequirement(labels, r)) return false;
  return true;
}

/** True when the selector selects nothing-in-particular (no labels, no expressions). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0
  );
}
