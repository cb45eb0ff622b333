// Build-time checks of spec.faults that the schema cannot express: a named zone must hold at least one
// node of the initial cluster, and actions aimed at nodes must name some.

import { zoneKeyOf } from '../model/factory.js';
import { LabelTopologyZone } from '../model/types.js';
import { type PathSegment, ScenarioPathError } from '../scenario/errors.js';
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
    const known = nodes.some((n) => n.labels[LabelTopologyZone] === zone || zoneKeyOf(n.labels) === zone);
    if (!known) {
      const zones = [
        ...new Set(nodes.map((n) => n.labels[LabelTopologyZone]).filter((z) => z !== undefined)),
      ];
      throw new ScenarioPathError(
        [...path, 'zone'],
        `no node in zone "${zone}"${zones.length > 0 ? ` (zones: ${zones.sort().join(', ')})` : ''}`,
      );
    }
  }
}
