// Upstream vectors: kubernetes/kubernetes pkg/api/v1/pod/util_test.go TestIsPodAvailable (newPod(
// lastTransitionTime, ready, ...) with now = metav1.Now()), plus the API's whole-second timestamps the
// controllers read: the Ready condition's lastTransitionTime is stored in seconds, and the comparison is
// strict (lastTransitionTime + minReadySeconds before now).
import { describe, expect, it } from 'vitest';
import { isPodAvailable } from '../../src/workloads/pod-index.js';

const S = 1_000_000;
const now = 1000 * S + 300_000;

describe('TestIsPodAvailable (pkg/api/v1/pod/util_test.go)', () => {
  const cases: [string, { ready: boolean; readyTransitionUs: number | null }, number, boolean][] = [
    ['#0 not ready, minReadySeconds 0', { ready: false, readyTransitionUs: now }, 0, false],
    ['#1 ready now, minReadySeconds 1', { ready: true, readyTransitionUs: now }, 1, false],
    ['#2 ready now, minReadySeconds 0', { ready: true, readyTransitionUs: now }, 0, true],
    ['#3 ready 2 s ago, minReadySeconds 1', { ready: true, readyTransitionUs: now - 2 * S }, 1, true],
  ];
  for (const [name, pod, min, want] of cases) {
    it(name, () => expect(isPodAvailable(pod, min, now)).toBe(want));
  }
});

describe('IsPodAvailable on API timestamps', () => {
  it('counts minReadySeconds from the whole second the Ready transition is stored as', () => {
    const pod = { ready: true, readyTransitionUs: 10 * S + 700_000 };
    // Stored as 10 s: available once 10 + 60 is strictly before now, not at 10.7 + 60.
    expect(isPodAvailable(pod, 60, 70 * S)).toBe(false);
    expect(isPodAvailable(pod, 60, 70 * S + 1)).toBe(true);
  });
  it('a ready pod without a Ready lastTransitionTime is available only with minReadySeconds 0', () => {
    expect(isPodAvailable({ ready: true, readyTransitionUs: null }, 0, now)).toBe(true);
    expect(isPodAvailable({ ready: true, readyTransitionUs: null }, 5, now)).toBe(false);
  });
});
