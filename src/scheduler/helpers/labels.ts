// Label selectors (k8s.io/apimachinery labels, metav1.LabelSelectorAsSelector): compiled once per pod so
// the filter and score loops only do map lookups. A missing selector selects nothing; an empty one selects
// everything, as upstream.

import type { LabelSelector } from '../../model/types.js';

type Op = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

interface Requirement {
  readonly key: string;
  readonly op: Op;
  readonly values: readonly string[];
}

export interface Selector {
  /** labels.Nothing(): matches no label set. */
  readonly nothing: boolean;
  readonly requirements: readonly Requirement[];
}

export const NOTHING: Selector = { nothing: true, requirements: [] };
export const EVERYTHING: Selector = { nothing: false, requirements: [] };

export function compileSelector(sel: LabelSelector | undefined): Selector {
  if (sel === undefined) return NOTHING;
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) {
    requirements.push({ key, op: 'In', values: [value] });
  }
  for (const e of sel.matchExpressions ?? []) {
    requirements.push({ key: e.key, op: e.operator, values: e.values ?? [] });
  }
  return { nothing: false, requirements };
}

/** Adds `key In [v]` (or NotIn) requirements, as matchLabelKeys / mismatchLabelKeys do. */
export function withLabelRequirements(
  s: Selector,
  labels: Readonly<Record<string, string>>,
  keys: readonly string[] | undefined,
  op: 'In' | 'NotIn',
): Selector {
  if (!keys || keys.length === 0) return s;
  const extra: Requirement[] = [];
  for (const k of keys) {
    const v = labels[k];
    if (v !== undefined) extra.push({ key: k, op, values: [v] });
  }
  if (extra.length === 0) return s;
  return { nothing: false, requirements: [...extra, ...(s.nothing ? [] : s.requirements)] };
}

export function matches(s: Selector, labels: Readonly<Record<string, string>>): boolean {
  if (s.nothing) return false;
  const reqs = s.requirements;
  for (let i = 0; i < reqs.length; i++) {
    const r = reqs[i] as Requirement;
    const v = labels[r.key];
    switch (r.op) {
      case 'In':
        if (v === undefined || !r.values.includes(v)) return false;
        break;
      case 'NotIn':
        if (v !== undefined && r.values.includes(v)) return false;
        break;
      case 'Exists':
        if (v === undefined) return false;
        break;
      case 'DoesNotExist':
        if (v !== undefined) return false;
        break;
    }
  }
  return true;
}

/** A namespace's labels by namespace name. */
export type NamespaceLabels = (ns: string) => Readonly<Record<string, string>>;

/**
 * Namespace labels: the Namespace object's own labels (if the scenario has one) plus
 * kubernetes.io/metadata.name, which the API server sets on every namespace.
 */
export function namespaceLabels(
  ns: string,
  known?: ReadonlyMap<string, Readonly<Record<string, string>>>,
): Readonly<Record<string, string>> {
  return { ...(known?.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns };
}
