// Build-time checks of spec.faults that the schema cannot express: a named zone must hold at least one
// node of the initial cluster, and actions aimed at nodes must name some.

import { type PathSegment, ScenarioPathError } from '../model/errors.js';
import { type NodeInit, zoneKeyOf, zoneLabelOf } from '../model/factory.js';
import type { NodePoolSpec } from '../model/node-pools.js';
import { poolNodes } from '../model/node-pools.js';
import type { FaultSpec } from './schema.js';
import { describeSelect, matchesSelect, type NodeSelect } from './select.js';

export function checkFaultSemantics(
  f: FaultSpec,
  path: readonly PathSegment[],
  nodes: readonly { readonly labels: Readonly<Record<string, string>> }[],
): void {
  const rec = f as { node?: string; nodes?: readonly string[]; zone?: string };
  if (
    f.action === 'out-of-service' &&
    rec.node === undefined &&
    rec.nodes === undefined &&
    !('select' in f && f.select !== undefined)
  ) {
    throw new ScenarioPathError(path, 'action out-of-service needs node, nodes or select');
  }
  if (rec.zone !== undefined) {
    const zone = rec.zone;
    const known = nodes.some((n) => zoneLabelOf(n.labels) === zone || zoneKeyOf(n.labels) === zone);
    if (!known) {
      const zones = [...new Set(nodes.map((n) => zoneLabelOf(n.labels)).filter((z) => z !== ''))];
      throw new ScenarioPathError(
        [...path, 'zone'],
        `no node in zone "${zone}"${zones.length > 0 ? ` (zones: ${zones.sort().join(', ')})` : ''}`,
      );
    }
  }
}

/**
 * Nodes the add-nodes faults will register (in time order, numbered after each pool's nodes as
 * sim/node-ops.ts does), so that later faults may target them.
 */
export function nodesAddedByFaults(
  faults: readonly FaultSpec[],
  pools: ReadonlyMap<string, { readonly spec: NodePoolSpec }>,
): NodeInit[] {
  const adds = faults
    .map((f, i) => ({ f, i }))
    .filter(
      (x): x is { f: Extract<FaultSpec, { action: 'add-nodes' }>; i: number } => x.f.action === 'add-nodes',
    )
    .sort((a, b) => a.f.at - b.f.at || a.i - b.i);
  const sizes = new Map<string, number>();
  const out: NodeInit[] = [];
  for (const { f } of adds) {
    const pool = pools.get(f.pool);
    if (pool === undefined) continue;
    const from = sizes.get(f.pool) ?? pool.spec.count;
    out.push(...poolNodes(pool.spec, from, f.count, () => 0));
    sizes.set(f.pool, from + f.count);
  }
  return out;
}

export function namesAddedByFaults(
  faults: readonly FaultSpec[],
  pools: ReadonlyMap<string, { readonly spec: NodePoolSpec }>,
): string[] {
  return nodesAddedByFaults(faults, pools).map((n) => n.name);
}

/**
 * A `select:` must be able to pick a node: at least one node of the cluster (initial, or added by an
 * add-nodes fault) matches it, and `index` is within the matches. One of index, count, percent at most.
 */
export function checkSelect(
  sel: NodeSelect,
  path: readonly PathSegment[],
  nodes: readonly { readonly pool: string; readonly labels: Readonly<Record<string, string>> }[],
): void {
  const positional = (['index', 'count', 'percent'] as const).filter((k) => sel[k] !== undefined);
  if (positional.length > 1)
    throw new ScenarioPathError(
      [...path, positional[1] as string],
      `give one of index, count or percent, not ${positional.join(' and ')}`,
    );
  const matching = nodes.filter((n) => matchesSelect(n, sel)).length;
  if (matching === 0) {
    const pools = [...new Set(nodes.map((n) => n.pool).filter((p) => p !== ''))];
    throw new ScenarioPathError(
      path,
      `no node matches ${describeSelect(sel)}${pools.length > 0 ? ` (pools: ${pools.join(', ')})` : ''}`,
    );
  }
  if (sel.index !== undefined && sel.index >= matching) {
    throw new ScenarioPathError(
      [...path, 'index'],
      `index ${sel.index} but only ${matching} node${matching === 1 ? '' : 's'} match ${describeSelect(sel)} (indexes start at 0)`,
    );
  }
}
