// Build-time checks of spec.faults that the schema cannot express: a named zone must hold at least one
// node of the initial cluster, and actions aimed at nodes must name some.

import { zoneKeyOf, zoneLabelOf } from '../model/factory.js';
import { poolNodes } from '../scenario/build.js';
import { type PathSegment, ScenarioPathError } from '../scenario/errors.js';
import type { NodePoolSpec } from '../scenario/schema.js';
import type { FaultSpec } from './schema.js';

export function checkFaultSemantics(
  f: FaultSpec,
  path: readonly PathSegment[],
  nodes: readonly { readonly labels: Readonly<Record<string, string>> }[],
): void {
  const rec = f as { node?: string; nodes?: readonly string[]; zone?: string };
  if (f.action === 'out-of-service' && rec.node === undefined && rec.nodes === undefined) {
    throw new ScenarioPathError(path, 'action out-of-service needs node or nodes');
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
 * Node names the add-nodes faults will register (in time order, numbered after each pool's nodes as
 * sim/node-ops.ts does), so that later faults may target them.
 */
export function namesAddedByFaults(
  faults: readonly FaultSpec[],
  pools: ReadonlyMap<string, { readonly spec: NodePoolSpec }>,
): string[] {
  const adds = faults
    .map((f, i) => ({ f, i }))
    .filter(
      (x): x is { f: Extract<FaultSpec, { action: 'add-nodes' }>; i: number } => x.f.action === 'add-nodes',
    )
    .sort((a, b) => a.f.at - b.f.at || a.i - b.i);
  const sizes = new Map<string, number>();
  const out: string[] = [];
  for (const { f } of adds) {
    const pool = pools.get(f.pool);
    if (pool === undefined) continue;
    const from = sizes.get(f.pool) ?? pool.spec.count;
    for (const n of poolNodes(pool.spec, from, f.count, () => 0)) out.push(n.name);
    sizes.set(f.pool, from + f.count);
  }
  return out;
}
