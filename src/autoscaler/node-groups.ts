// Node groups from node pools: a pool with `autoscaling: {minSize, maxSize, pricePerHour}` is one
// cluster-autoscaler node group per zone (as a managed instance group or auto scaling group per zone),
// named <pool>-<zone suffix> (just <pool> for a pool with one zone or none), each with the pool's node
// template, min and max size, and the pool's initial nodes of its zone. New nodes are named like the
// pool's generated nodes, numbered on within their zone.

import type { PathSegment } from '../model/errors.js';
import { DEFAULT_MAX_PODS, type NodeInit, resourcesFromList } from '../model/factory.js';
import type { NodePoolSpec } from '../model/node-pools.js';
import {
  LabelHostname,
  LabelTopologyRegion,
  LabelTopologyZone,
  type Resources,
  type Taint,
} from '../model/types.js';

export interface NodeGroupDef {
  readonly id: string;
  readonly pool: string;
  /** The zone label value ('' for a pool without zones). */
  readonly zone: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly pricePerHour: number | null;
  readonly initialNodes: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly capacity: Resources;
  readonly allocatable: Resources;
  readonly taints: readonly Taint[];
  /** Node name of the group's index-th node (0-based within the zone). */
  readonly nodeName: (index: number) => string;
  /** Where the pool is in the scenario. */
  readonly path: readonly PathSegment[];
}

/** Labels a generated node of the pool gets (build.ts poolNodes), without the hostname. */
/** As scenario/build.ts numbers a pool's nodes: at least two digits, whatever the pool's size. */
const NODE_NUMBER_MIN_DIGITS = 2;

function templateLabels(pool: NodePoolSpec, zone: string): Record<string, string> {
  return {
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/os': 'linux',
    'kubesim.io/pool': pool.name,
    ...(zone ? { [LabelTopologyZone]: zone } : {}),
    ...(pool.region ? { [LabelTopologyRegion]: pool.region } : {}),
    ...(pool.labels ?? {}),
  };
}

function zoneSuffix(zone: string): string {
  const parts = zone.split('-');
  return (parts[parts.length - 1] as string) || zone;
}

export function nodeGroupsOf(
  pools: ReadonlyMap<string, { readonly spec: NodePoolSpec; readonly path: readonly PathSegment[] }>,
  nodes: readonly NodeInit[],
): NodeGroupDef[] {
  const out: NodeGroupDef[] = [];
  for (const { spec: pool, path } of pools.values()) {
    const a = pool.autoscaling;
    if (a === undefined) continue;
    const zones = pool.zones ?? (pool.zone ? [pool.zone] : ['']);
    const suffixes = zones.map(zoneSuffix);
    const label = new Set(suffixes).size === suffixes.length ? suffixes : zones;
    const capacity = resourcesFromList(pool.capacity, DEFAULT_MAX_PODS);
    const allocatable = pool.allocatable
      ? resourcesFromList({ ...pool.capacity, ...pool.allocatable }, DEFAULT_MAX_PODS)
      : capacity;
    const taints = (pool.taints ?? []).map((t) => ({
      key: t.key,
      ...(t.value !== undefined ? { value: t.value } : {}),
      effect: t.effect,
    }));
    zones.forEach((zone, zi) => {
      const prefix = zone ? `${pool.name}-${label[zi]}` : pool.name;
      const initial = nodes
        .filter((n) => n.pool === pool.name && (n.labels[LabelTopologyZone] ?? '') === zone)
        .map((n) => n.name);
      out.push({
        id: zones.length > 1 ? prefix : pool.name,
        pool: pool.name,
        zone,
        minSize: a.minSize,
        maxSize: a.maxSize,
        pricePerHour: a.pricePerHour ?? null,
        initialNodes: initial,
        labels: templateLabels(pool, zone),
        capacity,
        allocatable,
        taints,
        nodeName: (i) => `${prefix}-${String(i + 1).padStart(NODE_NUMBER_MIN_DIGITS, '0')}`,
        path,
      });
    });
  }
  return out;
}

/** The NodeInit of a new node of the group (registered through the kubelet path). */
export function nodeInitFor(g: NodeGroupDef, name: string, idx: number, creationUs: number): NodeInit {
  return {
    idx,
    name,
    pool: g.pool,
    labels: { [LabelHostname]: name, ...g.labels },
    capacity: g.capacity,
    allocatable: g.allocatable,
    taints: g.taints,
    unschedulable: false,
    images: [],
    creationUs,
  };
}
