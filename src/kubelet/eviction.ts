// The kubelet eviction manager's decisions for memory, as pure functions (kubernetes/kubernetes
// pkg/kubelet/eviction: eviction_manager.go synchronize, helpers.go, api/types.go; the threshold parser
// of helpers.go parseThresholdStatement). The manager (eviction-manager.ts) feeds them what the
// summary API would show: the node's capacity and allocatable memory and the pods' working sets.
//
// - Signals (makeSignalObservations): memory.available = capacity - working set of the node;
//   allocatableMemory.available = the pods cgroup's limit - the pods' working set. The kubelet adds an
//   allocatableMemory.available threshold equal to each memory.available one (addAllocatableThresholds,
//   enforceNodeAllocatable: [pods] by default). The pods cgroup's limit is capacity - kubeReserved -
//   systemReserved (GetNodeAllocatableAbsolute), i.e. status.allocatable plus the hard memory threshold.
// - A threshold is met when its quantity is more than what is available (thresholdsMet: Cmp > 0); a
//   percentage is taken of the signal's capacity, truncated (GetThresholdQuantity).
// - MemoryPressure holds while a threshold was met within --eviction-pressure-transition-period
//   (nodeConditionsObservedSince: now - lastObserved < period).
// - Pods are ranked by rankMemoryPressure: usage above requests first, then lower priority, then the
//   larger usage minus requests. Go's sort.Sort is not stable; kubesim keeps the kubelet's pod order for
//   ties (pods in the order they were bound), so a tie is broken the same way every run.
// - One pod per synchronize, never a critical one (IsCriticalPod: priority >= 2000000000; kubesim has
//   no static or mirror pods), killed with immediateEvictionGracePeriodSeconds (1 s) for a hard
//   threshold, message evictionMessage's.

import { formatBytes } from '../model/quantity.js';

/** The eviction signals the kubelet accepts (pkg/kubelet/eviction/api/types.go signalToResource). */
export const EVICTION_SIGNALS = [
  'memory.available',
  'allocatableMemory.available',
  'nodefs.available',
  'nodefs.inodesFree',
  'imagefs.available',
  'imagefs.inodesFree',
  'containerfs.available',
  'containerfs.inodesFree',
  'pid.available',
] as const;

/** A threshold's value: a quantity (bytes) or a fraction of the signal's capacity (float32, as parsed). */
export type ThresholdValue = { readonly bytes: number } | { readonly percentage: number };

/** kubelet.go evictionMonitoringPeriod: the manager's loop sleeps this long after a sync that evicts nothing. */
export const EVICTION_MONITORING_PERIOD_US = 10_000_000;
/** eviction_manager.go podCleanupPollFreq: after an eviction, the next sync comes when the pod is cleaned up. */
export const POD_CLEANUP_POLL_US = 1_000_000;
/** immediateEvictionGracePeriodSeconds: the grace period of a hard-threshold eviction. */
export const IMMEDIATE_EVICTION_GRACE_US = 1_000_000;
/** pkg/apis/scheduling SystemCriticalPriority: pods at or above it are never evicted. */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/**
 * parseThresholdStatement for one evictionHard entry: null when the value is ignored (0 % and 100 %),
 * else the value, or an error message as the kubelet reports it.
 */
export function parseThreshold(
  signal: string,
  value: string,
  parseBytes: (v: string) => number,
): ThresholdValue | null | { readonly error: string } {
  if (!(EVICTION_SIGNALS as readonly string[]).includes(signal))
    return { error: `unsupported eviction signal ${signal}` };
  if (value.endsWith('%')) {
    if (value === '0%' || value === '100%') return null;
    const n = Number(value.slice(0, -1));
    if (value.length < 2 || !Number.isFinite(n)) return { error: `invalid percentage: ${value}` };
    // parsePercentage: float32(value) / 100, in float32.
    const percentage = Math.fround(Math.fround(n) / 100);
    if (percentage < 0) return { error: `eviction percentage threshold ${signal} must be >= 0%: ${value}` };
    if (percentage > 1) return { error: `eviction percentage threshold ${signal} must be <= 100%: ${value}` };
    return { percentage };
  }
  const positive = { error: `eviction threshold ${signal} must be positive: ${value}` };
  if (value.trim().startsWith('-')) return positive;
  let bytes: number;
  try {
    bytes = parseBytes(value);
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (bytes <= 0) return positive;
  return { bytes };
}

/** GetThresholdQuantity: the quantity, or int64(float64(capacity) * float64(percentage)). */
export function thresholdBytes(v: ThresholdValue, capacityBytes: number): number {
  return 'bytes' in v ? v.bytes : Math.trunc(capacityBytes * v.percentage);
}

/** One memory signal as the manager observes it (signalObservation). */
export interface MemoryObservation {
  readonly signal: 'memory.available' | 'allocatableMemory.available';
  readonly availableBytes: number;
  readonly capacityBytes: number;
  /** The threshold's quantity against this signal's capacity. */
  readonly thresholdBytes: number;
}

/** Both memory signals of a node (makeSignalObservations), with the hard memory.available threshold. */
export function observeMemory(
  capacityBytes: number,
  allocatableBytes: number,
  workingSetBytes: number,
  threshold: ThresholdValue,
): [MemoryObservation, MemoryObservation] {
  const podsLimit = allocatableBytes + thresholdBytes(threshold, capacityBytes);
  return [
    {
      signal: 'memory.available',
      availableBytes: capacityBytes - workingSetBytes,
      capacityBytes,
      thresholdBytes: thresholdBytes(threshold, capacityBytes),
    },
    {
      signal: 'allocatableMemory.available',
      availableBytes: podsLimit - workingSetBytes,
      capacityBytes: podsLimit,
      thresholdBytes: thresholdBytes(threshold, podsLimit),
    },
  ];
}

/** The first met signal (thresholdsMet keeps config order; memory.available comes first), or null. */
export function metSignal(observations: readonly MemoryObservation[]): MemoryObservation | null {
  for (const o of observations) if (o.thresholdBytes > o.availableBytes) return o;
  return null;
}

/** nodeConditionsObservedSince: MemoryPressure while the last met observation is younger than the period. */
export function underPressure(lastMetUs: number | null, nowUs: number, transitionPeriodUs: number): boolean {
  return lastMetUs !== null && nowUs - lastMetUs < transitionPeriodUs;
}

/** A pod the eviction manager may rank: its working set now, its memory request and priority. */
export interface EvictionCandidate<P> {
  readonly pod: P;
  readonly workingSetBytes: number;
  readonly requestBytes: number;
  readonly priority: number;
}

/** A comparison of two candidates (cmpFunc): negative ranks `a` first. */
export type CandidateCmp<P> = (a: EvictionCandidate<P>, b: EvictionCandidate<P>) => number;

/** cmpBool: true first. */
function cmpBool(a: boolean, b: boolean): number {
  return a === b ? 0 : a ? -1 : 1;
}

/** exceedMemoryRequests: pods using more than their memory request first. */
export function exceedMemoryRequests<P>(a: EvictionCandidate<P>, b: EvictionCandidate<P>): number {
  return cmpBool(a.workingSetBytes > a.requestBytes, b.workingSetBytes > b.requestBytes);
}

/** priority: lower priority first. */
export function byPriority<P>(a: EvictionCandidate<P>, b: EvictionCandidate<P>): number {
  return a.priority === b.priority ? 0 : a.priority < b.priority ? -1 : 1;
}

/** memory: the larger consumer relative to its request first. */
export function byMemory<P>(a: EvictionCandidate<P>, b: EvictionCandidate<P>): number {
  const da = a.workingSetBytes - a.requestBytes;
  const db = b.workingSetBytes - b.requestBytes;
  return da === db ? 0 : da > db ? -1 : 1;
}

/** orderedBy(cmp...).Sort: the first comparison that tells two pods apart decides; ties keep the input order. */
export function orderedBy<P>(
  pods: readonly EvictionCandidate<P>[],
  ...cmps: CandidateCmp<P>[]
): EvictionCandidate<P>[] {
  return [...pods].sort((a, b) => {
    for (const c of cmps) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return 0;
  });
}

/**
 * rankMemoryPressure: orderedBy(exceedMemoryRequests, priority, memory). Every candidate has stats (a
 * bound pod's sandbox is always measured), so the "no stats first" rule never applies.
 */
export function rankMemoryPressure<P>(pods: readonly EvictionCandidate<P>[]): EvictionCandidate<P>[] {
  return orderedBy(pods, exceedMemoryRequests, byPriority, byMemory);
}

/** A container's part of an evicted pod, for the message. */
export interface ContainerUsage {
  readonly name: string;
  readonly workingSetBytes: number;
  readonly requestBytes: number;
}

/**
 * evictionMessage: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. "
 * and, for each container using more than its request, "Container web was using 1Gi, request is 512Mi,
 * has larger consumption of memory. ". Quantities print as BinarySI Quantities do.
 */
export function evictionMessage(met: MemoryObservation, containers: readonly ContainerUsage[]): string {
  let m = 'The node was low on resource: memory. ';
  m += `Threshold quantity: ${binarySI(met.thresholdBytes)}, available: ${binarySI(met.availableBytes)}. `;
  for (const c of containers)
    if (c.workingSetBytes > c.requestBytes)
      m += `Container ${c.name} was using ${binarySI(c.workingSetBytes)}, request is ${binarySI(c.requestBytes)}, has larger consumption of memory. `;
  return m;
}

/**
 * A BinarySI Quantity's String() (quantity.go CanonicalizeBytes): the largest exact binary suffix
 * ("100Mi", "-50Mi", "2901060266"); below 1024 in magnitude it prints as DecimalSI ("0", "512", "1k").
 */
export function binarySI(bytes: number): string {
  const b = Math.trunc(bytes);
  const abs = Math.abs(b);
  const text = abs === 1000 ? '1k' : formatBytes(abs);
  return b < 0 ? `-${text}` : text;
}
