// NodeSelector matching as k8s.io/component-helpers/scheduling/corev1/nodeaffinity does it, shared by the
// scheduler (NodeAffinity, PodTopologySpread's node inclusion), the DaemonSet controller's predicates and the
// volume layer (volume.CheckNodeAffinity): terms ORed, requirements ANDed, matchFields on metadata.name only,
// and a term with no requirements or with one the label parser rejects matches no node.

import type { Node, NodeSelectorRequirement, NodeSelectorTerm } from './types.js';
import { isQualifiedName, isValidLabelValue } from './validation/content.js';

// A requirement labels.NewRequirement rejects (bad key, a value that is no label value, the wrong number of
// values for the operator, a non-integer Gt/Lt value) makes its term a parse error, and a term with a parse
// error matches no node (component-helpers nodeaffinity nodeSelectorRequirementsAsSelector /
// nodeSelectorTerm.match; the NodeAffinity plugin ignores the error). Checked once per requirement object.
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
  ok = ok && isQualifiedName(r.key).length === 0 && values.every((v) => isValidLabelValue(v).length === 0);
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

/** What node selection reads of a node (a Node, or a queueing hint's snapshot of one). */
export type NodeNameLabels = Pick<Node, 'name' | 'labels'>;

/** A NodeSelectorTerm against a node (component-helpers nodeSelectorTerm.match). */
export function termMatches(term: NodeSelectorTerm, node: NodeNameLabels): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const e of exprs) if (!matchExpression(e, node.labels)) return false;
  for (const f of fields) if (!matchField(f, node)) return false;
  return true;
}

/** MatchNodeSelectorTerms: terms are ORed; no terms match nothing. */
export function anyTermMatches(terms: readonly NodeSelectorTerm[], node: NodeNameLabels): boolean {
  for (const t of terms) if (termMatches(t, node)) return true;
  return false;
}
