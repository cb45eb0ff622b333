// Node selection as in k8s.io/component-helpers/scheduling/corev1/nodeaffinity: nodeSelector labels,
// required node affinity (terms ORed, requirements ANDed, matchFields on metadata.name) and preferred
// terms (sum of the weights of matching terms). A term with no requirements matches nothing.

import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PreferredSchedulingTerm,
} from '../../model/types.js';

// A requirement labels.NewRequirement rejects (bad key, a value that is no label value, the wrong number of
// values for the operator, a non-integer Gt/Lt value) makes its term a parse error, and a term with a parse
// error matches no node (component-helpers nodeaffinity nodeSelectorRequirementsAsSelector /
// nodeSelectorTerm.match; the NodeAffinity plugin ignores the error). Checked once per requirement object.
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

function validLabelValue(v: string): boolean {
  return v === '' || (v.length <= 63 && LABEL_NAME.test(v));
}

const validity = new WeakMap<NodeSelectorRequirement, boolean>();

function validRequirement(r: NodeSelectorRequirement): boolean {
  let ok = validity.get(r);
  if (ok !== undefined) return ok;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      ok = values.length > 0;
      break;
    case 'Exists':
    case 'DoesNotExist':
      ok = values.length === 0;
      break;
    case 'Gt':
    case 'Lt':
      ok = values.length === 1 && /^[+-]?\d+$/.test(values[0] as string);
      break;
    default:
      ok = false;
  }
  ok = ok && validLabelKey(r.key) && values.every(validLabelValue);
  validity.set(r, ok);
  return ok;
}

function matchExpression(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  if (!validRequirement(r)) return false;
  const v = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return v !== undefined && values.includes(v);
    case 'NotIn':
      return v === undefined || !values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
    case 'Lt': {
      if (v === undefined || values.length !== 1) return false;
      const nodeVal = parseIntStrict(v);
      const want = parseIntStrict(values[0] as string);
      if (nodeVal === null || want === null) return false;
      return r.operator === 'Gt' ? nodeVal > want : nodeVal < want;
    }
  }
}

function parseIntStrict(s: string): number | null {
  return /^[+-]?\d+$/.test(s) ? Number(s) : null;
}

function matchField(r: NodeSelectorRequirement, node: NodeNameLabels): boolean {
  if (r.key !== 'metadata.name') return false;
  const values = r.values ?? [];
  if (r.operator === 'In') return values.length === 1 && values[0] === node.name;
  if (r.operator === 'NotIn') return values.length === 1 && values[0] !== node.name;
  return false;
}

export function termMatches(term: NodeSelectorTerm, node: NodeNameLabels): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const e of exprs) if (!matchExpression(e, node.labels)) return false;
  for (const f of fields) if (!matchField(f, node)) return false;
  return true;
}

/** RequiredNodeAffinity: the pod's nodeSelector and required terms (GetRequiredNodeAffinity). */
export interface RequiredNodeAffinity {
  readonly nodeSelector: ReadonlyArray<readonly [string, string]>;
  readonly terms: readonly NodeSelectorTerm[] | null;
}

const NO_REQUIRED: RequiredNodeAffinity = Object.freeze({ nodeSelector: Object.freeze([]), terms: null });

export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req === undefined && !hasKeys(pod.spec.nodeSelector)) return NO_REQUIRED; // the common pod: no allocation
  return {
    nodeSelector: Object.entries(pod.spec.nodeSelector),
    terms: req ? req.nodeSelectorTerms : null,
  };
}

function hasKeys(o: Readonly<Record<string, string>>): boolean {
  for (const _ in o) return true;
  return false;
}

export function isEmptyRequired(r: RequiredNodeAffinity): boolean {
  return r.nodeSelector.length === 0 && r.terms === null;
}

/** What node selection reads of a node (a Node, or a queueing hint's snapshot of one). */
export type NodeNameLabels = Pick<Node, 'name' | 'labels'>;

export function matchesRequired(r: RequiredNodeAffinity, node: NodeNameLabels): boolean {
  for (const [k, v] of r.nodeSelector) if (node.labels[k] !== v) return false;
  if (r.terms === null) return true;
  for (const t of r.terms) if (termMatches(t, node)) return true;
  return false;
}

export function preferredScore(terms: readonly PreferredSchedulingTerm[], node: Node): number {
  let sum = 0;
  for (const t of terms) {
    if (t.weight !== 0 && termMatches(t.preference, node)) sum += t.weight;
  }
  return sum;
}

/**
 * Node names pinned by `metadata.name In [...]` matchFields (NodeAffinity PreFilterResult): the union over
 * the terms, or null when some term does not pin names (then every node is a candidate).
 */
export function pinnedNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | null {
  const out = new Set<string>();
  for (const t of terms) {
    let termNames: Set<string> | null = null;
    for (const f of t.matchFields ?? []) {
      if (f.key !== 'metadata.name' || f.operator !== 'In') continue;
      const vals = new Set<string>(f.values ?? []);
      const prev = termNames as Set<string> | null;
      termNames = prev === null ? vals : new Set<string>(Array.from(prev).filter((n: string) => vals.has(n)));
    }
    if (termNames === null) return null;
    for (const n of termNames) out.add(n);
  }
  return out;
}
