// Pure timing rules of the kubelet's heartbeats (node-health-timing.md §1-§2): the lease controller's
// retry and back-off constants, the jittered sliding period of apimachinery's JitterUntil, the M1 grid
// phases used when jitter is off, and the v1.34 one-time status-report delay. No state, no clock.
//
// Upstream: staging/src/k8s.io/component-helpers/apimachinery/lease/controller.go (maxUpdateRetries,
// backoffEnsureLease, maxBackoff), pkg/kubelet/kubelet.go (nodeStatusUpdateRetry, fastStatusUpdateOnce),
// staging/src/k8s.io/apimachinery/pkg/util/wait/backoff.go (Jitter).

import type { TimeUs } from '../engine/time.js';

/** Back-to-back PUTs per lease sync before falling back to GET (lease controller maxUpdateRetries). */
export const LEASE_MAX_UPDATE_RETRIES = 5;
/** backoffEnsureLease doubles its sleep from this seed before the first sleep (so the first is 200 ms). */
export const LEASE_BACKOFF_SEED_US = 100_000;
/** backoffEnsureLease cap (maxBackoff). */
export const LEASE_BACKOFF_MAX_US = 7_000_000;
/** Attempts per node-status tick, back to back (pkg/kubelet nodeStatusUpdateRetry). */
export const NODE_STATUS_UPDATE_RETRY = 5;
/** fastStatusUpdateOnce polls every 100 ms... */
export const FAST_STATUS_POLL_US = 100_000;
/** ...for at most nodeReadyGracePeriod after start-up. */
export const NODE_READY_GRACE_PERIOD_US = 120_000_000;
/**
 * M1 grid (node-health-timing.md §9): with jitter off, renewals land at 0.2 x period and status ticks at
 * 0.7 x period into every period (t = 2 s and 7 s mod 10 s with the defaults).
 */
export const M1_LEASE_PHASE = 0.2;
export const M1_STATUS_PHASE = 0.7;

/** Next back-off sleep after a failed GET/CREATE of the lease: double, then cap (no jitter). */
export function nextLeaseBackoffUs(previousSleepUs: TimeUs): TimeUs {
  return Math.min(2 * previousSleepUs, LEASE_BACKOFF_MAX_US);
}

/** The first `n` sleeps of a lease back-off run: 200 ms, 400 ms, ..., 6.4 s, then 7 s forever. */
export function leaseBackoffSequenceUs(n: number): TimeUs[] {
  const out: TimeUs[] = [];
  let sleep = LEASE_BACKOFF_SEED_US;
  for (let i = 0; i < n; i++) {
    sleep = nextLeaseBackoffUs(sleep);
    out.push(sleep);
  }
  return out;
}

/**
 * The wait of JitterUntil(f, period, factor, sliding): wait.Jitter(period, factor) = period x (1 + factor x u)
 * with u in [0, 1), rounded to a whole microsecond. Jitter only ever lengthens the wait. Factor 0 gives the
 * plain period because JitterUntil's backoff manager only calls Jitter for a positive factor (wait.Jitter
 * itself would read a factor <= 0 as 1.0; apimachinery pkg/util/wait, node-health-timing.md §0).
 */
export function jitteredPeriodUs(periodUs: TimeUs, factor: number, u: number): TimeUs {
  return factor > 0 ? Math.round(periodUs * (1 + factor * u)) : periodUs;
}

/** First instant strictly after `afterUs` that sits `phase` x period into a period counted from 0. */
export function nextGridPointUs(afterUs: TimeUs, periodUs: TimeUs, phase: number): TimeUs {
  const offsetUs = Math.round(periodUs * phase);
  const k = Math.floor((afterUs - offsetUs) / periodUs) + 1;
  return k * periodUs + offsetUs;
}

/**
 * v1.34+ (PR #130919): after a real status change or a kubelet (re)start, the next unchanged report waits
 * reportFrequency + U[-0.5, 0.5) x reportFrequency, once; u in [0, 1).
 */
export function reportDelayUs(reportFrequencyUs: TimeUs, u: number): TimeUs {
  return Math.round((u - 0.5) * reportFrequencyUs);
}

/**
 * tryUpdateNodeStatus's posting rule: post when the status changed (conditions other than
 * lastHeartbeatTime), when nothing was posted since the kubelet started, or when the report period
 * (plus the one-time delay) has run out since the last post.
 */
export function shouldPostStatus(
  changed: boolean,
  postedSinceStart: boolean,
  nowUs: TimeUs,
  lastPostUs: TimeUs,
  reportFrequencyUs: TimeUs,
  reportDelayUs: TimeUs,
): boolean {
  if (changed || !postedSinceStart) return true;
  return nowUs >= lastPostUs + reportFrequencyUs + reportDelayUs;
}
