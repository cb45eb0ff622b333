// Kubelet timing configuration: KubeletConfiguration field names (k8s.io/kubelet/config/v1beta1) plus
// `jitter`, and the defaults from pkg/kubelet/apis/config/v1beta1/defaults.go
// (SetDefaults_KubeletConfiguration), node-health-timing.md §1-§2.

import { z } from 'zod';
import type { TimeUs } from '../engine/time.js';
import { periodUs, strictDurationUs } from '../model/fields.js';
import { parseQuantity } from '../model/quantity.js';
import type { KubeVersion } from '../model/version.js';
import { parseThreshold, type ThresholdValue } from './eviction.js';

/** KubeletConfiguration evictionHard: signal -> "100Mi" or "10%", checked as the kubelet parses it. */
const evictionHardSchema = z.record(z.string(), z.string()).superRefine((map, ctx) => {
  for (const [signal, value] of Object.entries(map)) {
    const r = parseThreshold(signal, value, parseQuantity);
    if (r !== null && 'error' in r) ctx.addIssue({ code: 'custom', path: [signal], message: r.error });
  }
});

export const kubeletSchema = z.strictObject({
  /** Lease.spec.leaseDurationSeconds; the renew interval is 0.25 x this (NewMainKubelet). */
  nodeLeaseDurationSeconds: z.number().int().positive().optional(),
  nodeStatusUpdateFrequency: periodUs(strictDurationUs(), '10s').optional(),
  nodeStatusReportFrequency: periodUs(strictDurationUs(), '5m').optional(),
  /**
   * false puts every kubelet on the M1 grid of node-health-timing.md §9: lease renewals at t = 2 s mod
   * 10 s, status ticks at 7 s mod 10 s, no jitter. Default true: 0-4 % sliding jitter per loop.
   */
  jitter: z.boolean().optional(),
  /** Emit a LeaseRenewed / NodeStatusPosted row per heartbeat in events.csv (off: they are many). */
  heartbeatEvents: z.boolean().optional(),
  /**
   * Hard eviction thresholds. kubesim runs the eviction manager only when this is set (the kubelet's
   * default is memory.available: 100Mi); only memory.available acts, from the load model's usage.
   */
  evictionHard: evictionHardSchema.optional(),
  evictionPressureTransitionPeriod: strictDurationUs().optional(),
});

/** The eviction manager's settings, or null when it does not run. */
export interface EvictionConfig {
  /** The hard memory.available threshold (and, with it, allocatableMemory.available). */
  readonly memoryAvailable: ThresholdValue;
  /** --eviction-pressure-transition-period. */
  readonly pressureTransitionPeriodUs: TimeUs;
}

export interface KubeletConfig {
  readonly nodeLeaseDurationUs: TimeUs;
  /** 0.25 x nodeLeaseDurationSeconds (pkg/kubelet/kubelet.go nodeLeaseRenewIntervalFraction). */
  readonly leaseRenewIntervalUs: TimeUs;
  readonly nodeStatusUpdateFrequencyUs: TimeUs;
  readonly nodeStatusReportFrequencyUs: TimeUs;
  /** 0.04 for both loops (lease controller JitterUntil; kubelet.Run since v1.23), 0 with jitter: false. */
  readonly jitterFactor: number;
  /** v1.34+: one-time U[-0.5, 0.5] x report frequency after a status change or restart (PR #130919). */
  readonly statusReportJitter: boolean;
  /** Heartbeat client timeout: min(nodeStatusUpdateFrequency, lease duration) (cmd/kubelet/app/server.go). */
  readonly heartbeatClientTimeoutUs: TimeUs;
  readonly heartbeatEvents: boolean;
  readonly eviction: EvictionConfig | null;
}

export const KUBELET_DEFAULTS = {
  nodeLeaseDurationSeconds: 40,
  nodeStatusUpdateFrequencyUs: 10_000_000,
  nodeStatusReportFrequencyUs: 300_000_000,
  leaseRenewFraction: 0.25,
  jitterFactor: 0.04,
  /** defaults.go: EvictionPressureTransitionPeriod 5m. */
  evictionPressureTransitionPeriodUs: 300_000_000,
} as const;

export function resolveKubeletConfig(
  raw: z.output<typeof kubeletSchema>,
  version: KubeVersion,
): KubeletConfig {
  const leaseS = raw.nodeLeaseDurationSeconds ?? KUBELET_DEFAULTS.nodeLeaseDurationSeconds;
  const updateUs = raw.nodeStatusUpdateFrequency ?? KUBELET_DEFAULTS.nodeStatusUpdateFrequencyUs;
  // defaults.go: an unset report frequency follows an explicitly set update frequency.
  const reportUs =
    raw.nodeStatusReportFrequency ??
    (raw.nodeStatusUpdateFrequency !== undefined ? updateUs : KUBELET_DEFAULTS.nodeStatusReportFrequencyUs);
  const jitter = raw.jitter ?? true;
  return {
    nodeLeaseDurationUs: leaseS * 1_000_000,
    leaseRenewIntervalUs: Math.round(leaseS * 1_000_000 * KUBELET_DEFAULTS.leaseRenewFraction),
    nodeStatusUpdateFrequencyUs: updateUs,
    nodeStatusReportFrequencyUs: reportUs,
    jitterFactor: jitter ? KUBELET_DEFAULTS.jitterFactor : 0,
    statusReportJitter: jitter && version.minor >= 34,
    heartbeatClientTimeoutUs: Math.min(updateUs, leaseS * 1_000_000),
    heartbeatEvents: raw.heartbeatEvents ?? false,
    eviction: resolveEviction(raw),
  };
}

function resolveEviction(raw: z.output<typeof kubeletSchema>): EvictionConfig | null {
  const value = raw.evictionHard?.['memory.available'];
  if (value === undefined) return null;
  const t = parseThreshold('memory.available', value, parseQuantity);
  if (t === null || 'error' in t) return null; // 0 % and 100 % are ignored; errors were reported by the schema
  return {
    memoryAvailable: t,
    pressureTransitionPeriodUs:
      raw.evictionPressureTransitionPeriod ?? KUBELET_DEFAULTS.evictionPressureTransitionPeriodUs,
  };
}
