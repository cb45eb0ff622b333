// The HPA replica calculator as pure functions: desired replica counts from metric values, pods and
// tolerances, following pkg/controller/podautoscaler/replica_calculator.go and metrics/utilization.go
// (v1.33+ shape with directional Tolerances). Values are Quantity.MilliValue() integers (cpu millicores,
// memory milli-bytes, custom metrics milli-units), times are virtual microseconds. Nothing here reads
// the simulation: callers pass the pods the HPA's selector matches and the metrics the metrics APIs
// returned, so upstream's unit-test cases replay directly (test/upstream-vectors/hpa-*.test.ts).

import type { TimeUs } from '../../engine/time.js';
import type { MetricsFetch, PodMetric, PodMetricsInfo, Result } from '../../kernel/ports/metrics-api.js';
import { divTrunc, type Int, mulDivFloor, sumInts, toFloat } from './int.js';

export type { MetricsFetch, PodMetric, PodMetricsInfo, Result } from '../../kernel/ports/metrics-api.js';

/** Metric usage-ratio tolerances (replica_calculator.go Tolerances): no change while within them. */
export interface Tolerances {
  readonly scaleDown: number;
  readonly scaleUp: number;
}

export function isWithin(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** The fields of a pod the calculator reads (status.phase, PodReady, status.startTime, requests). */
export interface CalcPod {
  readonly name: string;
  readonly phase: PodPhase;
  /** metadata.deletionTimestamp is set. */
  readonly deleting: boolean;
  /** The PodReady condition, or null when the pod has none. */
  readonly ready: { readonly status: 'True' | 'False' | 'Unknown'; readonly lastTransitionUs: TimeUs } | null;
  /** status.startTime, or null when unset. */
  readonly startTimeUs: TimeUs | null;
  /** Regular containers followed by restartable (sidecar) init containers, requests as milli-values. */
  readonly containers: readonly {
    readonly name: string;
    readonly requests: Readonly<Record<string, number>>;
  }[];
  /** Pod-level requests (spec.resources, PodLevelResources), milli-values; absent when unset. */
  readonly podLevelRequests?: Readonly<Record<string, number>>;
  /**
   * Optional memo of calculateRequests' per-pod result by (container, resource, pod-level gate): the
   * spec is immutable, so a caller that keeps its CalcPods can let it fill this once per pod.
   */
  readonly requestMemo?: RequestMemo;
}

/** A memo of per-pod request results by key (a Map will do). */
export interface RequestMemo {
  get(key: string): number | string | undefined;
  set(key: string, value: number | string): void;
}

export function fail(error: string): { readonly ok: false; readonly error: string } {
  return { ok: false, error };
}

/** The controller flags the calculator reads (NewReplicaCalculator) and the clock. */
export interface CalcParams {
  readonly cpuInitializationPeriodUs: TimeUs;
  readonly delayOfInitialReadinessStatusUs: TimeUs;
  readonly nowUs: TimeUs;
  /** Ignore Succeeded pods like Failed ones (PR #141302, after v1.36); kubesim's versions ignore only Failed. */
  readonly ignoreSucceededPods?: boolean;
  /** PodLevelResources feature gate: pod-level requests replace the containers' sum. */
  readonly podLevelResources?: boolean;
}

export interface PodGroups {
  readyPodCount: number;
  readonly unready: Set<string>;
  readonly missing: Set<string>;
  readonly ignored: Set<string>;
}

/**
 * groupPods: deleted and failed pods are ignored, Pending pods are unready, pods without a metric are
 * missing; for cpu a pod is also unready while it may still be initialising (cpuInitializationPeriod
 * after startTime: not ready, or its metric window does not start after the last readiness change),
 * and afterwards only when it is not ready and has never been ready (went unready within
 * delayOfInitialReadinessStatus of starting).
 */
export function groupPods(
  pods: readonly CalcPod[],
  metrics: PodMetricsInfo,
  resource: string,
  p: CalcParams,
): PodGroups {
  const g: PodGroups = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const terminal = pod.phase === 'Failed' || (p.ignoreSucceededPods === true && pod.phase === 'Succeeded');
    if (pod.deleting || terminal) {
      g.ignored.add(pod.name);
      continue;
    }
    if (pod.phase === 'Pending') {
      g.unready.add(pod.name);
      continue;
    }
    const metric = metrics.get(pod.name);
    if (metric === undefined) {
      g.missing.add(pod.name);
      continue;
    }
    if (resource === 'cpu' && cpuUnready(pod, metric, p)) {
      g.unready.add(pod.name);
      continue;
    }
    g.readyPodCount++;
  }
  return g;
}

function cpuUnready(pod: CalcPod, metric: PodMetric, p: CalcParams): boolean {
  const cond = pod.ready;
  if (cond === null || pod.startTimeUs === null) return true;
  if (pod.startTimeUs + p.cpuInitializationPeriodUs > p.nowUs) {
    return cond.status === 'False' || metric.timestampUs < cond.lastTransitionUs + metric.windowUs;
  }
  return (
    cond.status === 'False' && pod.startTimeUs + p.delayOfInitialReadinessStatusUs > cond.lastTransitionUs
  );
}

/** Whether the calculator will change the metrics: pods to drop, or missing and unready ones to fill in. */
function needsCopy(g: PodGroups): boolean {
  return g.ignored.size > 0 || g.unready.size > 0 || g.missing.size > 0;
}

function removeMetricsForPods(metrics: PodMetricsInfo, pods: Set<string>): void {
  for (const name of pods) metrics.delete(name);
}

/**
 * calculateRequests: per pod, the named container's request, or pod-level requests when set (and
 * the feature is on), or the sum over containers and restartable init containers.
 */
export function calculateRequests(
  pods: readonly CalcPod[],
  container: string,
  resource: string,
  podLevelResources: boolean,
): Result<{ requests: Map<string, number> }> {
  const requests = new Map<string, number>();
  const memoKey = `${container}\u0000${resource}\u0000${podLevelResources}`;
  for (const pod of pods) {
    const memo = pod.requestMemo?.get(memoKey);
    if (memo !== undefined) {
      if (typeof memo === 'string') return fail(memo);
      requests.set(pod.name, memo);
      continue;
    }
    const r = podRequest(pod, container, resource, podLevelResources);
    pod.requestMemo?.set(memoKey, r);
    if (typeof r === 'string') return fail(r);
    requests.set(pod.name, r);
  }
  return { ok: true, requests };
}

/** One pod's request for the resource, or the error message. */
function podRequest(
  pod: CalcPod,
  container: string,
  resource: string,
  podLevelResources: boolean,
): number | string {
  if (podLevelResources && pod.podLevelRequests !== undefined && container === '') {
    const r = pod.podLevelRequests[resource];
    return r === undefined ? `missing pod-level request for ${resource} in Pod ${pod.name}` : r;
  }
  let sum = 0;
  for (const c of pod.containers) {
    if (container === '' || container === c.name) {
      const r = c.requests[resource];
      if (r === undefined) return `missing request for ${resource} in container ${c.name} of Pod ${pod.name}`;
      sum += r;
    }
    // container names are unique inside the pod
    if (container === c.name) return sum;
  }
  if (container !== '') return `container ${container} not found in Pod ${pod.name}`;
  return sum;
}

/**
 * GetResourceUtilizationRatio: utilization = int32(sum(metrics) * 100 / sum(requests)) over pods that
 * have both, the ratio to the target, and the raw average (sum(metrics) / entries, truncated).
 */
export function getResourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): Result<{ usageRatio: number; utilization: number; rawAverage: number }> {
  const values: number[] = [];
  const reqs: number[] = [];
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue; // extraneous metric: missing requests are checked elsewhere
    values.push(m.value);
    reqs.push(r);
  }
  const requestsTotal = sumInts(reqs);
  if (requestsTotal === 0) return fail('no metrics returned matched known pods');
  const metricsTotal = sumInts(values);
  const utilization = mulDivFloor(metricsTotal, 100, requestsTotal);
  return {
    ok: true,
    usageRatio: utilization / targetUtilization,
    utilization,
    rawAverage: divTrunc(metricsTotal, values.length),
  };
}

/** GetMetricUsageRatio: the average value (truncated) and its ratio to the target. */
export function getMetricUsageRatio(
  metrics: PodMetricsInfo,
  targetUsage: number,
): { usageRatio: number; usage: number } {
  const total: Int = sumInts([...metrics.values()].map((m) => m.value));
  const usage = divTrunc(total, metrics.size);
  return { usageRatio: usage / targetUsage, usage };
}

/** What the resource metrics API returned: pod metrics and the first item's timestamp, or an error. */
export interface ResourceReplicasInput {
  readonly currentReplicas: number;
  readonly targetUtilization: number;
  readonly resource: string;
  readonly container: string;
  readonly tolerances: Tolerances;
  readonly pods: readonly CalcPod[];
  readonly fetch: MetricsFetch;
  readonly params: CalcParams;
}

/** GetResourceReplicas: replicas for a target utilization (percentage of requests). */
export function getResourceReplicas(
  input: ResourceReplicasInput,
): Result<{ replicas: number; utilization: number; rawUtilization: number }> {
  const { resource, params, tolerances, currentReplicas, targetUtilization } = input;
  if (!input.fetch.ok) return fail(`unable to get metrics for resource ${resource}: ${input.fetch.error}`);
  if (input.pods.length === 0) return fail('no pods returned by selector while calculating replica count');
  const g = groupPods(input.pods, input.fetch.metrics, resource, params);
  // The fetched map is the caller's: copy it before removing or filling in entries.
  const metrics: PodMetricsInfo = needsCopy(g) ? new Map(input.fetch.metrics) : input.fetch.metrics;
  removeMetricsForPods(metrics, g.ignored);
  removeMetricsForPods(metrics, g.unready);
  if (metrics.size === 0) return fail('did not receive metrics for targeted pods (pods might be unready)');
  const req = calculateRequests(input.pods, input.container, resource, params.podLevelResources ?? false);
  if (!req.ok) return req;
  const first = getResourceUtilizationRatio(metrics, req.requests, targetUtilization);
  if (!first.ok) return first;
  const { usageRatio, utilization, rawAverage } = first;
  const done = (replicas: number) => ({
    ok: true as const,
    replicas,
    utilization,
    rawUtilization: rawAverage,
  });

  if (!needsRebalance(g, usageRatio)) {
    if (isWithin(tolerances, usageRatio)) return done(currentReplicas);
    return done(Math.ceil(usageRatio * g.readyPodCount));
  }
  // Scale-down: missing pods count as using 100 % of their request, or the target when above 100 %
  // (PR #112178).
  const fallback = Math.max(100, targetUtilization);
  fillIn(metrics, g, usageRatio, (name) => mulDivFloor(req.requests.get(name) ?? 0, fallback, 100));
  const second = getResourceUtilizationRatio(metrics, req.requests, targetUtilization);
  if (!second.ok) return second;
  return rebalanced(usageRatio, second.usageRatio, metrics.size, currentReplicas, tolerances, done);
}

const ZERO: PodMetric = { value: 0, timestampUs: 0, windowUs: 0 };

/** Missing pods, or unready pods on a scale-up: the ratio is recomputed with them filled in. */
function needsRebalance(g: PodGroups, usageRatio: number): boolean {
  return g.missing.size > 0 || (g.unready.size > 0 && usageRatio > 1.0);
}

/**
 * The fill-in before the second ratio: missing pods at `scaleDownValue` on a scale-down and at 0 on a
 * scale-up (none at exactly 1), unready pods at 0 on a scale-up.
 */
function fillIn(
  metrics: PodMetricsInfo,
  g: PodGroups,
  usageRatio: number,
  scaleDownValue: (podName: string) => number,
): void {
  if (usageRatio < 1.0)
    for (const name of g.missing)
      metrics.set(name, { value: scaleDownValue(name), timestampUs: 0, windowUs: 0 });
  else if (usageRatio > 1.0) for (const name of g.missing) metrics.set(name, ZERO);
  if (g.unready.size > 0 && usageRatio > 1.0) for (const name of g.unready) metrics.set(name, ZERO);
}

/** The re-run after filling in missing and unready pods: keep the current count if the direction flips. */
function rebalanced<T>(
  usageRatio: number,
  newUsageRatio: number,
  counted: number,
  currentReplicas: number,
  tolerances: Tolerances,
  done: (replicas: number) => T,
): T {
  if (
    isWithin(tolerances, newUsageRatio) ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  )
    return done(currentReplicas);
  const newReplicas = Math.ceil(newUsageRatio * counted);
  if (
    (newUsageRatio < 1.0 && newReplicas > currentReplicas) ||
    (newUsageRatio > 1.0 && newReplicas < currentReplicas)
  )
    return done(currentReplicas);
  return done(newReplicas);
}

export interface PlainReplicasInput {
  readonly currentReplicas: number;
  readonly targetUsage: number;
  /** "" for custom (Pods) metrics, the resource name for AverageValue resource targets. */
  readonly resource: string;
  readonly tolerances: Tolerances;
  readonly pods: readonly CalcPod[];
  readonly metrics: PodMetricsInfo;
  readonly params: CalcParams;
}

/** calcPlainMetricReplicas: replicas for a target average value (GetRawResourceReplicas, GetMetricReplicas). */
export function calcPlainMetricReplicas(
  input: PlainReplicasInput,
): Result<{ replicas: number; usage: number }> {
  const { currentReplicas, targetUsage, tolerances } = input;
  if (input.pods.length === 0) return fail('no pods returned by selector while calculating replica count');
  const g = groupPods(input.pods, input.metrics, input.resource, input.params);
  const metrics: PodMetricsInfo = needsCopy(g) ? new Map(input.metrics) : input.metrics;
  removeMetricsForPods(metrics, g.ignored);
  removeMetricsForPods(metrics, g.unready);
  if (metrics.size === 0) return fail('did not receive metrics for targeted pods (pods might be unready)');
  const { usageRatio, usage } = getMetricUsageRatio(metrics, targetUsage);
  const done = (replicas: number) => ({ ok: true as const, replicas, usage });

  if (!needsRebalance(g, usageRatio)) {
    if (isWithin(tolerances, usageRatio)) return done(currentReplicas);
    return done(Math.ceil(usageRatio * g.readyPodCount));
  }
  // Scale-down: missing pods count as using exactly the target.
  fillIn(metrics, g, usageRatio, () => targetUsage);
  const newUsageRatio = getMetricUsageRatio(metrics, targetUsage).usageRatio;
  return rebalanced(usageRatio, newUsageRatio, metrics.size, currentReplicas, tolerances, done);
}

/** getReadyPodsCount: Running pods whose PodReady condition is True (deleting ones included, as upstream). */
export function readyPodsCount(pods: readonly CalcPod[]): Result<{ count: number }> {
  if (pods.length === 0) return fail('no pods returned by selector while calculating replica count');
  let count = 0;
  for (const pod of pods) if (pod.phase === 'Running' && pod.ready?.status === 'True') count++;
  return { ok: true, count };
}

/**
 * getUsageRatioReplicaCount (Object Value and External Value targets): ready pods x ratio, except from
 * zero replicas, where the ratio itself (rounded up) is the count and the tolerance does not apply.
 */
export function usageRatioReplicaCount(
  currentReplicas: number,
  usageRatio: number,
  tolerances: Tolerances,
  pods: readonly CalcPod[],
): Result<{ replicas: number }> {
  if (currentReplicas === 0) return { ok: true, replicas: Math.ceil(usageRatio) };
  if (isWithin(tolerances, usageRatio)) return { ok: true, replicas: currentReplicas };
  const ready = readyPodsCount(pods);
  if (!ready.ok) return fail(`unable to calculate ready pods: ${ready.error}`);
  return { ok: true, replicas: clampInt32(Math.ceil(usageRatio * ready.count)) };
}

const MAX_INT32 = 2_147_483_647;

function clampInt32(n: number): number {
  return n > MAX_INT32 ? MAX_INT32 : n;
}

/** GetObjectMetricReplicas / GetExternalMetricReplicas after the fetch: total usage against a target value. */
export function valueTargetReplicas(
  currentReplicas: number,
  usage: number,
  targetUsage: number,
  tolerances: Tolerances,
  pods: readonly CalcPod[],
): Result<{ replicas: number; usage: number }> {
  const r = usageRatioReplicaCount(currentReplicas, usage / targetUsage, tolerances, pods);
  return r.ok ? { ok: true, replicas: r.replicas, usage } : r;
}

/**
 * GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas: total usage against a per-pod target,
 * relative to status.replicas; the reported usage is the per-pod average (rounded up).
 */
export function perPodTargetReplicas(
  statusReplicas: number,
  usage: number,
  targetPerPod: number,
  tolerances: Tolerances,
): { replicas: number; usage: number } {
  let replicas = statusReplicas;
  const usageRatio = usage / (targetPerPod * statusReplicas);
  if (!isWithin(tolerances, usageRatio)) replicas = clampInt32(Math.ceil(usage / targetPerPod));
  const perPod = statusReplicas === 0 ? 0 : Math.ceil(usage / statusReplicas);
  return { replicas, usage: perPod };
}

/** Sum of an external metric's series (GetExternalMetricReplicas sums every value the selector returns). */
export function externalUsage(values: readonly number[]): number {
  return toFloat(sumInts(values));
}
