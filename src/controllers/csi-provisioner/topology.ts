// Where a dynamically provisioned zonal volume goes (kubernetes-csi/external-provisioner
// pkg/controller/topology.go GenerateAccessibilityRequirements), reduced to the zone key: with a
// selected node (WaitForFirstConsumer) the node's zone, which must be one the class allows; without one
// (Immediate) a zone the class's allowedTopologies allow or, with none, a zone of some node. The
// driver takes the first preferred segment; upstream orders the preferred ones by a hash of the claim
// name, here the choice is a seeded draw.

import type { TopologySelectorTerm } from '../../model/volumes.js';
import { ZONE_TOPOLOGY_KEY } from './config.js';

export type ZoneChoice = { readonly zone: string } | { readonly error: string };

/** The zones allowedTopologies names for the zone key (null: no constraint on zones). */
export function allowedZones(terms: readonly TopologySelectorTerm[]): Set<string> | null {
  if (terms.length === 0) return null;
  const out = new Set<string>();
  for (const t of terms)
    for (const e of t.matchLabelExpressions)
      if (e.key === ZONE_TOPOLOGY_KEY) for (const v of e.values) out.add(v);
  return out;
}

export function chooseZone(
  selectedNodeZone: string | null,
  allowed: readonly TopologySelectorTerm[],
  clusterZones: readonly string[],
  pick: (n: number) => number,
): ZoneChoice {
  const zones = allowedZones(allowed);
  if (selectedNodeZone !== null) {
    if (zones !== null && !zones.has(selectedNodeZone))
      return {
        error: `error generating accessibility requirements: topology ${ZONE_TOPOLOGY_KEY}=${selectedNodeZone} is not in allowed topologies`,
      };
    return { zone: selectedNodeZone };
  }
  const candidates = (zones === null ? clusterZones : [...zones].sort()).filter((z) => z !== '');
  if (candidates.length === 0)
    return { error: 'error generating accessibility requirements: no available topology found' };
  return { zone: candidates[pick(candidates.length)] as string };
}
