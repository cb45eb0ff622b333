// Upstream vectors for the kubelet heartbeats, node-health-timing.md §1-§2. Facts only, replayed through
// kubesim's pure timing rules (src/kubelet/heartbeat-timing.ts) and config resolution:
// - kubernetes/kubernetes staging/src/k8s.io/component-helpers/apimachinery/lease/controller_test.go
//   (TestRetryUpdateNodeLease, TestUpdateUsingLatestLease) and controller.go (maxUpdateRetries,
//   backoffEnsureLease, maxBackoff, Run = JitterUntil(sync, renewInterval, 0.04, sliding));
// - staging/src/k8s.io/apimachinery/pkg/util/wait (Jitter, JitterUntil's jittered backoff manager);
// - pkg/kubelet/kubelet_node_status.go (tryUpdateNodeStatus, fastNodeStatusUpdate) as exercised by
//   kubelet_node_status_test.go (TestUpdateNodeStatusWithLease, TestFastStatusUpdateOnce);
// - pkg/kubelet/apis/config/v1beta1/defaults.go (nodeStatusReportFrequency defaulting).
// Not replayed: 409 Conflict handling and onRepeatedHeartbeatFailure (only the kubelet writes its lease
// in kubesim and it has no connections to close), owner references of TestNewNodeLease, and the
// status fields other than conditions (capacity, images, volumes: TestUpdateNewNodeStatusTooLargeReservation).
import { describe, expect, it } from 'vitest';
import { resolveKubeletConfig } from '../../src/kubelet/config.js';
import {
  FAST_STATUS_POLL_US,
  jitteredPeriodUs,
  LEASE_BACKOFF_MAX_US,
  LEASE_BACKOFF_SEED_US,
  LEASE_MAX_UPDATE_RETRIES,
  leaseBackoffSequenceUs,
  NODE_READY_GRACE_PERIOD_US,
  NODE_STATUS_UPDATE_RETRY,
  reportDelayUs,
  shouldPostStatus,
} from '../../src/kubelet/heartbeat-timing.js';
import { parseKubeVersion } from '../../src/model/version.js';

const S = 1_000_000;
const MIN = 60 * S;

describe('lease controller constants (controller.go)', () => {
  it('TestRetryUpdateNodeLease: 5 back-to-back PUTs (maxUpdateRetries) before falling back to GET', () => {
    expect(LEASE_MAX_UPDATE_RETRIES).toBe(5);
  });
  it('backoffEnsureLease: seed 100 ms doubled before the first sleep, cap maxBackoff = 7 s', () => {
    expect(LEASE_BACKOFF_SEED_US).toBe(100_000);
    expect(LEASE_BACKOFF_MAX_US).toBe(7 * S);
  });
  it.each([
    [1, [0.2]],
    [3, [0.2, 0.4, 0.8]],
    [8, [0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 7, 7]],
  ])('backoffEnsureLease: first %i sleeps', (n, want) => {
    expect(leaseBackoffSequenceUs(n).map((us) => us / S)).toEqual(want);
  });
  it('renewInterval = 0.25 x nodeLeaseDurationSeconds (NewMainKubelet): 10 s for 40 s, 2.5 s for 10 s', () => {
    const v = parseKubeVersion('1.34');
    expect(resolveKubeletConfig({}, v).leaseRenewIntervalUs).toBe(10 * S);
    expect(resolveKubeletConfig({ nodeLeaseDurationSeconds: 10 }, v).leaseRenewIntervalUs).toBe(2.5 * S);
  });
});

describe('wait.JitterUntil(f, period, 0.04, sliding=true): the wait after each run', () => {
  it.each([
    ['u = 0 gives the plain period', 10 * S, 0.04, 0, 10 * S],
    ['u = 0.5 adds 2 %', 10 * S, 0.04, 0.5, 10.2 * S],
    ['jitter only lengthens: below period x 1.04', 10 * S, 0.04, 0.999_999, 10.4 * S - 0.4],
    ['factor 0: JitterUntil does not call Jitter (no jitter)', 10 * S, 0, 0.9, 10 * S],
    ['status loop: nodeStatusUpdateFrequency 10 s', 10 * S, 0.04, 0.25, 10.1 * S],
  ])('%s', (_name, period, factor, u, want) => {
    expect(jitteredPeriodUs(period, factor, u)).toBe(Math.round(want));
  });
  it('both loops use factor 0.04 (lease controller Run, kubelet.Run); jitter: false gives 0', () => {
    const v = parseKubeVersion('1.34');
    expect(resolveKubeletConfig({}, v).jitterFactor).toBe(0.04);
    expect(resolveKubeletConfig({ jitter: false }, v).jitterFactor).toBe(0);
  });
});

describe('tryUpdateNodeStatus posting rule (TestUpdateNodeStatusWithLease, report frequency 1 min)', () => {
  // changed, postedSinceStart, now, lastPost, reportFrequency, oneTimeDelay -> post?
  const F = 1 * MIN;
  it.each([
    ['first update after start posts', false, false, 0, 0, F, 0, true],
    ['nothing changed, within the report frequency: no patch', false, true, 30 * S, 0, F, 0, false],
    ['only the heartbeat would change: no patch', false, true, 59 * S, 0, F, 0, false],
    ['nothing changed, report frequency elapsed (>=): patch', false, true, 60 * S, 0, F, 0, true],
    ['status changed (e.g. capacity, a condition): patch at once', true, true, 1 * S, 0, F, 0, true],
    ['changed after a recent post: still patched', true, true, 61 * S, 60 * S, F, 0, true],
    ['unchanged again after the last post: wait a full period', false, true, 100 * S, 60 * S, F, 0, false],
    ['v1.34 one-time delay -30 s: due 30 s early', false, true, 30 * S, 0, F, -30 * S, true],
    ['v1.34 one-time delay +30 s: not yet at 60 s', false, true, 60 * S, 0, F, 30 * S, false],
  ])('%s', (_name, changed, posted, now, last, freq, delay, want) => {
    expect(shouldPostStatus(changed, posted, now, last, freq, delay)).toBe(want);
  });
  it('nodeStatusUpdateRetry: 5 attempts per tick', () => {
    expect(NODE_STATUS_UPDATE_RETRY).toBe(5);
  });
});

describe('delayAfterNodeStatusChange (v1.34, PR #130919): uniform over [-0.5, 0.5] x report frequency', () => {
  it.each([
    [0, -2.5 * MIN],
    [0.5, 0],
    [0.75, 1.25 * MIN],
  ])('u = %f -> %i us', (u, want) => {
    expect(reportDelayUs(5 * MIN, u)).toBe(want);
  });
  it('only from 1.34, and only with jitter on', () => {
    expect(resolveKubeletConfig({}, parseKubeVersion('1.33')).statusReportJitter).toBe(false);
    expect(resolveKubeletConfig({}, parseKubeVersion('1.34')).statusReportJitter).toBe(true);
    expect(resolveKubeletConfig({ jitter: false }, parseKubeVersion('1.34')).statusReportJitter).toBe(false);
  });
});

describe('fastStatusUpdateOnce (TestFastStatusUpdateOnce)', () => {
  it('polls every 100 ms (wait.Until) for at most nodeReadyGracePeriod = 120 s', () => {
    expect(FAST_STATUS_POLL_US).toBe(100_000);
    expect(NODE_READY_GRACE_PERIOD_US).toBe(120 * S);
  });
});

describe('SetDefaults_KubeletConfiguration: nodeStatusReportFrequency', () => {
  const v = parseKubeVersion('1.34');
  it.each([
    ['both unset: 5 min', {}, 5 * MIN],
    ['update frequency set explicitly: report follows it', { nodeStatusUpdateFrequency: 20 * S }, 20 * S],
    [
      'report frequency set: kept',
      { nodeStatusUpdateFrequency: 20 * S, nodeStatusReportFrequency: MIN },
      MIN,
    ],
  ])('%s', (_name, raw, want) => {
    expect(resolveKubeletConfig(raw, v).nodeStatusReportFrequencyUs).toBe(want);
  });
  it('heartbeat client timeout = min(nodeStatusUpdateFrequency, lease duration)', () => {
    expect(resolveKubeletConfig({}, v).heartbeatClientTimeoutUs).toBe(10 * S);
    expect(resolveKubeletConfig({ nodeLeaseDurationSeconds: 5 }, v).heartbeatClientTimeoutUs).toBe(5 * S);
  });
});
