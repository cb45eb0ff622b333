// A load entry resolved for the run: the workload it targets (by Kind/namespace/name), its demand curve
// and what serving demand costs a pod. Pure data plus the share rule: a ready pod serves demand in
// proportion to its weight, which grows linearly from 0 to 1 over `warmup` after it becomes ready (a
// load balancer's slow start); pods that are not ready serve nothing but still use their idle amount.

import type { TimeUs } from '../engine/time.js';
import { buildCurve, type Curve } from './curve.js';
import { DEFAULT_METRIC_NAME, type LoadEntrySpec, parseWorkloadRef, type WorkloadRef } from './schema.js';

export { parseWorkloadRef, type WorkloadRef, workloadKey } from './schema.js';

export interface LoadProfile {
  readonly workload: WorkloadRef;
  readonly curve: Curve;
  readonly perUnitCpuMilli: number;
  readonly perUnitMemoryBytes: number;
  readonly idleCpuMilli: number;
  readonly idleMemoryBytes: number;
  readonly noise: number;
  readonly warmupUs: TimeUs;
  readonly metricName: string;
  /** Labels of the demand's external metric series: workload=<name> plus the entry's labels. */
  readonly labels: Readonly<Record<string, string>>;
}

export function resolveLoadProfile(spec: LoadEntrySpec): LoadProfile {
  const workload = parseWorkloadRef(spec.workload);
  return {
    workload,
    curve: buildCurve(spec.demand, spec.spikes ?? []),
    perUnitCpuMilli: spec.perUnit.cpu ?? 0,
    perUnitMemoryBytes: spec.perUnit.memory ?? 0,
    idleCpuMilli: spec.idle?.cpu ?? 0,
    idleMemoryBytes: spec.idle?.memory ?? 0,
    noise: spec.noise ?? 0,
    warmupUs: spec.warmup ?? 0,
    metricName: spec.metricName ?? DEFAULT_METRIC_NAME,
    labels: { workload: workload.name, ...(spec.labels ?? {}) },
  };
}

/** A ready pod's serving weight `sinceReadyUs` after it became ready. */
export function servingWeight(sinceReadyUs: TimeUs, warmupUs: TimeUs): number {
  if (warmupUs <= 0 || sinceReadyUs >= warmupUs) return 1;
  return sinceReadyUs <= 0 ? 0 : sinceReadyUs / warmupUs;
}

/**
 * The sum of the serving weights of a workload's ready pods, kept so that reading it costs only the
 * pods still warming up: pods past their warmup are folded into a count.
 */
export class ServingSet {
  private warm = 0;
  private readonly ramping = new Map<string, TimeUs>();
  private readonly readyAt = new Map<string, TimeUs>();

  constructor(private readonly warmupUs: TimeUs) {}

  ready(uid: string, nowUs: TimeUs): void {
    if (this.readyAt.has(uid)) return;
    this.readyAt.set(uid, nowUs);
    if (this.warmupUs > 0) this.ramping.set(uid, nowUs);
    else this.warm++;
  }

  notReady(uid: string): void {
    if (!this.readyAt.delete(uid)) return;
    if (!this.ramping.delete(uid)) this.warm--;
  }

  /** When the pod last became ready, or undefined if it is not ready. */
  readySince(uid: string): TimeUs | undefined {
    return this.readyAt.get(uid);
  }

  get readyCount(): number {
    return this.readyAt.size;
  }

  /** Total weight at `nowUs` (non-decreasing calls). */
  totalWeight(nowUs: TimeUs): number {
    let sum = 0;
    for (const [uid, at] of this.ramping) {
      const w = servingWeight(nowUs - at, this.warmupUs);
      if (w >= 1) {
        this.ramping.delete(uid);
        this.warm++;
      } else sum += w;
    }
    return this.warm + sum;
  }
}
