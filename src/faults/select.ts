// `select:` in spec.faults: nodes chosen by pool, zone and label selector, then by position, so one
// scenario names "the first node of pool general in zone-a" whatever the pool's size (12 or 5000
// nodes). Candidates are taken in registration order (pools in spec order, zone-major, numbered within
// each zone, then explicit nodes, then nodes added later), so `index: 0` with a pool and a zone is that
// zone's node number 01. Pure: the injector resolves it when the fault starts, the builder checks it
// against the initial cluster.

import { zoneKeyOf } from '../model/factory.js';
import { type LabelSelector, LabelTopologyZone } from '../model/types.js';
import { matchesSelector } from '../workloads/labels.js';

export interface NodeSelect {
  readonly pool?: string | undefined;
  /** The topology.kubernetes.io/zone label value, or the zone key (region:zone). */
  readonly zone?: string | undefined;
  readonly labelSelector?: LabelSelector | undefined;
  /** 0-based position among the matching nodes. */
  readonly index?: number | undefined;
  /** The first N matching nodes (all of them when fewer match). */
  readonly count?: number | undefined;
  /** That share of the matching nodes, rounded up (at least one). */
  readonly percent?: number | undefined;
}

interface Candidate {
  readonly pool: string;
  readonly labels: Readonly<Record<string, string>>;
}

export function matchesSelect(node: Candidate, sel: NodeSelect): boolean {
  if (sel.pool !== undefined && node.pool !== sel.pool) return false;
  if (
    sel.zone !== undefined &&
    node.labels[LabelTopologyZone] !== sel.zone &&
    zoneKeyOf(node.labels) !== sel.zone
  )
    return false;
  return sel.labelSelector === undefined || matchesSelector(node.labels, sel.labelSelector);
}

/** How many of `matching` nodes the position fields pick. */
export function pickedCount(sel: NodeSelect, matching: number): number {
  if (sel.index !== undefined) return sel.index < matching ? 1 : 0;
  if (sel.count !== undefined) return Math.min(sel.count, matching);
  if (sel.percent !== undefined)
    return Math.min(matching, Math.max(1, Math.ceil((sel.percent * matching) / 100)));
  return matching;
}

export function selectNodes<N extends Candidate>(nodes: readonly N[], sel: NodeSelect): N[] {
  const matching = nodes.filter((n) => matchesSelect(n, sel));
  if (sel.index !== undefined) return matching.slice(sel.index, sel.index + 1);
  return matching.slice(0, pickedCount(sel, matching.length));
}

/** "pool general, zone zone-a" for messages. */
export function describeSelect(sel: NodeSelect): string {
  const parts = [
    ...(sel.pool !== undefined ? [`pool ${sel.pool}`] : []),
    ...(sel.zone !== undefined ? [`zone ${sel.zone}`] : []),
    ...(sel.labelSelector !== undefined ? [`labelSelector ${JSON.stringify(sel.labelSelector)}`] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : 'any node';
}
