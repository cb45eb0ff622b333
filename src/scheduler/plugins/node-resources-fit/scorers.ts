// NodeResourcesFit scoring strategies (noderesources/least_allocated.go, most_allocated.go,
// requested_to_capacity_ratio.go) and the per-resource request/allocatable pairs they read
// (resource_allocation.go). Pure integer arithmetic with Go's truncating division (scheduler.md §4.2-4.4).

import type { Pod, Resources } from '../../../model/types.js';
import type { NodeInfo } from '../../cache.js';
import { MaxNodeScore } from '../../framework.js';
import { idiv, mulDiv } from '../../helpers/scores.js';

export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

export interface ShapePoint {
  readonly utilization: number;
  readonly score: number;
}

/** Kinds of resources the scorers read: the three native ones and everything else as scalar. */
const CPU = 0;
const MEMORY = 1;
const EPHEMERAL = 2;
const SCALAR = 3;
const OTHER = 4;

export function resourceKind(name: string): number {
  if (name === 'cpu') return CPU;
  if (name === 'memory') return MEMORY;
  if (name === 'ephemeral-storage') return EPHEMERAL;
  if (name === 'pods' || name === 'storage') return OTHER;
  return SCALAR;
}

/** resourceKind of each resource, computed once per plugin instance. */
export function resourceKinds(resources: readonly ResourceSpec[]): Uint8Array {
  return Uint8Array.from(resources.map((r) => resourceKind(r.name)));
}

/** Pod request per resource: non-zero defaults for cpu/memory when `nonZero` (Least/Most/RTCR), else real. */
export function podRequestList(pod: Pod, resources: readonly ResourceSpec[], nonZero: boolean): Float64Array {
  const out = new Float64Array(resources.length);
  resources.forEach((r, i) => {
    const k = resourceKind(r.name);
    if (k === CPU) out[i] = nonZero ? pod.nonZeroRequests.milliCPU : pod.requests.milliCPU;
    else if (k === MEMORY) out[i] = nonZero ? pod.nonZeroRequests.memory : pod.requests.memory;
    else if (k === EPHEMERAL) out[i] = pod.requests.ephemeralStorage;
    else if (k === SCALAR) out[i] = pod.requests.scalar[r.name] ?? 0;
  });
  return out;
}

/**
 * Fills alloc[i] and req[i] (node requests + pod request) for each resource; both stay 0 where the resource
 * is skipped: allocatable 0, a scalar the pod does not request, or a resource the node does not have.
 * `useRequested`: real requests (BalancedAllocation) instead of the non-zero sums (Least/Most/RTCR).
 */
export function fillAllocatableRequested(
  ni: NodeInfo,
  resources: readonly ResourceSpec[],
  podReq: Float64Array,
  useRequested: boolean,
  alloc: Float64Array,
  req: Float64Array,
  withPod = true,
  kinds: Uint8Array = resourceKinds(resources),
): void {
  const a: Resources = ni.node.allocatable;
  const requested = ni.requested;
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i] as ResourceSpec;
    const p = withPod ? (podReq[i] as number) : 0;
    let al = 0;
    let rq = 0;
    switch (kinds[i]) {
      case CPU:
        al = a.milliCPU;
        rq = (useRequested ? requested.milliCPU : ni.nonZeroRequested.milliCPU) + p;
        break;
      case MEMORY:
        al = a.memory;
        rq = (useRequested ? requested.memory : ni.nonZeroRequested.memory) + p;
        break;
      case EPHEMERAL:
        al = a.ephemeralStorage;
        rq = requested.ephemeralStorage + p;
        break;
      case SCALAR:
        if ((podReq[i] as number) !== 0 && a.scalar[r.name] !== undefined) {
          al = a.scalar[r.name] as number;
          rq = (requested.scalar[r.name] ?? 0) + p;
        }
        break;
    }
    if (al === 0) rq = 0;
    alloc[i] = al;
    req[i] = rq;
  }
}

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return mulDiv(capacity - requested, MaxNodeScore, capacity);
}

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return mulDiv(Math.min(requested, capacity), MaxNodeScore, capacity);
}

export type Scorer = (req: Float64Array, alloc: Float64Array) => number;

function weightedMean(resources: readonly ResourceSpec[], one: (r: number, c: number) => number): Scorer {
  return (req, alloc) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      const c = alloc[i] as number;
      if (c === 0) continue;
      const w = (resources[i] as ResourceSpec).weight;
      nodeScore += one(req[i] as number, c) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : idiv(nodeScore, weightSum);
  };
}

export const leastAllocatedScorer = (resources: readonly ResourceSpec[]): Scorer =>
  weightedMean(resources, leastRequestedScore);
export const mostAllocatedScorer = (resources: readonly ResourceSpec[]): Scorer =>
  weightedMean(resources, mostRequestedScore);

/** helper.BuildBrokenLinearFunction over (utilization, score) points. */
export function brokenLinear(shape: readonly ShapePoint[], p: number): number {
  for (let i = 0; i < shape.length; i++) {
    const cur = shape[i] as ShapePoint;
    if (p <= cur.utilization) {
      if (i === 0) return cur.score;
      const prev = shape[i - 1] as ShapePoint;
      return (
        prev.score +
        idiv((cur.score - prev.score) * (p - prev.utilization), cur.utilization - prev.utilization)
      );
    }
  }
  return (shape[shape.length - 1] as ShapePoint).score;
}

/** Shape scores 0..10 are scaled by MaxNodeScore / MaxCustomPriorityScore (10). */
export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shapeIn: readonly ShapePoint[],
): Scorer {
  const shape = shapeIn.map((p) => ({ utilization: p.utilization, score: p.score * (MaxNodeScore / 10) }));
  const maxUtilization = 100;
  const resourceScore = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity
      ? brokenLinear(shape, maxUtilization)
      : brokenLinear(shape, mulDiv(requested, maxUtilization, capacity));
  return (req, alloc) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      const c = alloc[i] as number;
      if (c === 0) continue;
      const w = (resources[i] as ResourceSpec).weight;
      const s = resourceScore(req[i] as number, c);
      if (s > 0) {
        nodeScore += s * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : goRound(nodeScore / weightSum);
  };
}

/** Go math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
