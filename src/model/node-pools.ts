// Node pools: spec.cluster.nodePools[] (a count of identical nodes spread over zones) and the nodes a
// pool generates, named <pool>-<zone suffix>-<nn>. The scenario builder generates a pool's first nodes;
// add-nodes (a fault or a timed operation) generates the next ones the same way.

import { z } from 'zod';
import { DEFAULT_MAX_PODS, type NodeInit, resourcesFromList } from './factory.js';
import { k8sName, stringMap } from './fields.js';
import { resourceListSchema, taintSchema } from './k8s-schema.js';
import { LabelHostname, LabelTopologyRegion, LabelTopologyZone, type Taint } from './types.js';

/**
 * A pool's `autoscaling` block: the pool becomes cluster-autoscaler node groups (one per zone) with these
 * sizes (src/autoscaler/node-groups.ts). Data only, so the pool schema stays below the components.
 */
export const nodePoolAutoscalingSchema = z
  .strictObject({
    minSize: z.number().int().nonnegative(),
    maxSize: z.number().int().positive(),
    /** Price of one node per hour (the price expander; summary cost). */
    pricePerHour: z.number().nonnegative().optional(),
  })
  .refine((g) => g.minSize <= g.maxSize, { error: 'minSize is above maxSize', path: ['minSize'] });

const capacitySchema = resourceListSchema.superRefine((list, ctx) => {
  for (const required of ['cpu', 'memory'] as const) {
    if (list[required] === undefined) {
      ctx.addIssue({ code: 'custom', message: `capacity needs ${required} (e.g. cpu: "8", memory: 32Gi)` });
    }
  }
});

export const nodePoolSchema = z
  .strictObject({
    name: k8sName(),
    count: z.number().int().nonnegative(),
    zone: z.string().min(1).optional(),
    zones: z.array(z.string().min(1)).min(1).optional(),
    region: z.string().min(1).optional(),
    capacity: capacitySchema,
    allocatable: resourceListSchema.optional(),
    labels: stringMap().optional(),
    taints: z.array(taintSchema).optional(),
    images: z
      .array(z.strictObject({ names: z.array(z.string()).min(1), sizeBytes: z.number().int().nonnegative() }))
      .optional(),
    /** Makes the pool's nodes cluster-autoscaler node groups, one per zone (src/autoscaler). */
    autoscaling: nodePoolAutoscalingSchema.optional(),
  })
  .refine((p) => !(p.zone && p.zones), { error: 'give either zone or zones, not both', path: ['zones'] });

export type NodePoolSpec = z.output<typeof nodePoolSchema>;

/** Label on generated nodes naming their pool, for nodeSelectors. */
export const LabelNodePool = 'kubesim.io/pool';

/** Suffix that names a zone in generated node names: "zone-a" -> "a", "us-east-1a" -> "1a". */
export function zoneSuffix(zone: string): string {
  const parts = zone.split('-');
  return (parts[parts.length - 1] as string) || zone;
}

/** Digits a node number is zero-padded to: 01 .. 99, then 100, 101, ... (kind numbers worker2, worker10). */
export const NODE_NUMBER_MIN_DIGITS = 2;

/**
 * Nodes `from` .. `from + count - 1` of a pool, spread round-robin over its zones and numbered within
 * each zone: <pool>-<zone suffix>-<nn>, or <pool>-<nn> for a pool without zones. A node's name depends
 * only on its pool, zone and number, never on the pool's size, so general-a-01 is the same node at 12
 * nodes and at 5000 (a fault or expectation naming it keeps working when a sweep grows the pool).
 * Numbers have at least two digits; within a zone name order is numeric order up to 99 nodes, and
 * beyond that the string order Kubernetes itself uses (general-a-100 sorts before general-a-11).
 */
export function poolNodes(
  pool: NodePoolSpec,
  from: number,
  count: number,
  nextIdx: () => number,
  creationUs = 0,
): NodeInit[] {
  const zones = pool.zones ?? (pool.zone ? [pool.zone] : ['']);
  const suffixes = zones.map(zoneSuffix);
  const label = new Set(suffixes).size === suffixes.length ? suffixes : zones;
  const total = from + count;
  const out: Array<NodeInit & { readonly zoneRank: string; readonly number: number }> = [];
  for (let i = from; i < total; i++) {
    const zone = zones[i % zones.length] as string;
    const n = Math.floor(i / zones.length) + 1;
    const number = String(n).padStart(NODE_NUMBER_MIN_DIGITS, '0');
    const name = zone ? `${pool.name}-${label[i % zones.length]}-${number}` : `${pool.name}-${number}`;
    const labels: Record<string, string> = {
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      [LabelHostname]: name,
      [LabelNodePool]: pool.name,
      ...(zone ? { [LabelTopologyZone]: zone } : {}),
      ...(pool.region ? { [LabelTopologyRegion]: pool.region } : {}),
      ...(pool.labels ?? {}),
    };
    const capacity = resourcesFromList(pool.capacity, DEFAULT_MAX_PODS);
    out.push({
      idx: 0, // assigned below, in registration order
      name,
      pool: pool.name,
      labels,
      capacity,
      allocatable: pool.allocatable
        ? resourcesFromList({ ...pool.capacity, ...pool.allocatable }, DEFAULT_MAX_PODS)
        : capacity,
      taints: (pool.taints ?? []).map(toTaint),
      unschedulable: false,
      images: pool.images ?? [],
      creationUs,
      zoneRank: zone ? (label[i % zones.length] as string) : '',
      number: n,
    });
  }
  // Zone-major registration order (a-01, a-02, ..., a-100, ..., b-01, ...): zones by their name label,
  // numbers numerically within a zone.
  return out
    .sort((a, b) => (a.zoneRank !== b.zoneRank ? (a.zoneRank < b.zoneRank ? -1 : 1) : a.number - b.number))
    .map(({ zoneRank: _z, number: _n, ...n }, k) => ({ ...n, idx: nextIdx() + k }));
}

export function toTaint(t: { key: string; value?: string | undefined; effect: Taint['effect'] }): Taint {
  return { key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect };
}
