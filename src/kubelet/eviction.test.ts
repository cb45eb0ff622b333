// The eviction manager's memory decisions: threshold parsing as the kubelet reports errors
// (helpers.go parseThresholdStatement), GetThresholdQuantity, the two memory signals, the transition
// period, and pod ranking replayed from pkg/kubelet/eviction/helpers_test.go (TestOrderedByExceedsRequestMemory,
// TestOrderedByMemory, TestOrderedByPriorityMemory) with the pods' names, requests and working sets.

import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../model/quantity.js';
import {
  binarySI,
  byMemory,
  type EvictionCandidate,
  evictionMessage,
  exceedMemoryRequests,
  metSignal,
  observeMemory,
  orderedBy,
  parseThreshold,
  rankMemoryPressure,
  thresholdBytes,
  underPressure,
} from './eviction.js';

const Mi = 2 ** 20;
const Gi = 2 ** 30;
const parse = (signal: string, value: string) => parseThreshold(signal, value, parseQuantity);

describe('parseThresholdStatement', () => {
  it.each([
    ['memory.available', '100Mi', { bytes: 100 * Mi }],
    ['memory.available', '10%', { percentage: Math.fround(0.1) }],
    ['nodefs.available', '10%', { percentage: Math.fround(0.1) }],
    ['memory.available', '0%', null],
    ['memory.available', '100%', null],
    [
      'memory.available',
      '150%',
      { error: 'eviction percentage threshold memory.available must be <= 100%: 150%' },
    ],
    [
      'memory.available',
      '-15%',
      { error: 'eviction percentage threshold memory.available must be >= 0%: -15%' },
    ],
    ['memory.available', '0', { error: 'eviction threshold memory.available must be positive: 0' }],
    ['memory.available', '-150Mi', { error: 'eviction threshold memory.available must be positive: -150Mi' }],
    ['mem.available', '100Mi', { error: 'unsupported eviction signal mem.available' }],
  ] as const)('%s: %s', (signal, value, want) => {
    expect(parse(signal, value)).toEqual(want);
  });

  it('a value that is no quantity is an error', () => {
    expect(parse('memory.available', 'lots')).toHaveProperty('error');
  });
});

describe('GetThresholdQuantity', () => {
  it('a quantity is itself; a percentage is int64(float64(capacity) * float32 fraction)', () => {
    expect(thresholdBytes({ bytes: 100 * Mi }, 4 * Gi)).toBe(100 * Mi);
    // float32(10)/100 = 0.10000000149011612: 10 % of 1Gi is 107374184, not 107374182.
    expect(thresholdBytes({ percentage: Math.fround(0.1) }, Gi)).toBe(107374184);
  });
});

describe('memory signals', () => {
  const hard = { bytes: 100 * Mi };
  it('memory.available = capacity - working set, met when the threshold is more than what is available', () => {
    const [mem] = observeMemory(4 * Gi, 4 * Gi, 4 * Gi - 100 * Mi, hard);
    expect(mem.availableBytes).toBe(100 * Mi);
    expect(metSignal(observeMemory(4 * Gi, 4 * Gi, 4 * Gi - 100 * Mi, hard))).toBeNull(); // equal: not met
    expect(metSignal(observeMemory(4 * Gi, 4 * Gi, 4 * Gi - 100 * Mi + 1, hard))?.signal).toBe(
      'memory.available',
    );
  });

  it('allocatableMemory.available: the pods cgroup (allocatable + the hard threshold) minus the pods', () => {
    // capacity 4Gi, allocatable 3Gi (1Gi reserved): the pods may use 3Gi + 100Mi before the signal fires,
    // while memory.available alone would allow 4Gi - 100Mi.
    const obs = observeMemory(4 * Gi, 3 * Gi, 3 * Gi + 1, hard);
    expect(obs[1]).toEqual({
      signal: 'allocatableMemory.available',
      availableBytes: 100 * Mi - 1,
      capacityBytes: 3 * Gi + 100 * Mi,
      thresholdBytes: 100 * Mi,
    });
    expect(metSignal(obs)?.signal).toBe('allocatableMemory.available');
    expect(metSignal(observeMemory(4 * Gi, 3 * Gi, 3 * Gi, hard))).toBeNull();
  });

  it('MemoryPressure holds while the last met observation is younger than the transition period', () => {
    const period = 300_000_000;
    expect(underPressure(null, 0, period)).toBe(false);
    expect(underPressure(10, 10 + period - 1, period)).toBe(true);
    expect(underPressure(10, 10 + period, period)).toBe(false);
  });
});

function pod(name: string, priority: number, requestMi: number, usageMi: number): EvictionCandidate<string> {
  return { pod: name, priority, requestBytes: requestMi * Mi, workingSetBytes: usageMi * Mi };
}
const names = (c: EvictionCandidate<string>[]) => c.map((p) => p.pod);

describe('pod ranking (helpers_test.go)', () => {
  it('TestOrderedByExceedsRequestMemory', () => {
    const below = pod('below-requests', -1, 200, 199);
    const exceeds = pod('exceeds-requests', 1, 100, 101);
    expect(names(orderedBy([below, exceeds], exceedMemoryRequests))).toEqual([
      'exceeds-requests',
      'below-requests',
    ]);
  });

  it('TestOrderedByMemory', () => {
    const pods = [
      pod('best-effort-high', 0, 0, 500),
      pod('best-effort-low', 0, 0, 300),
      pod('burstable-high', 0, 100, 800),
      pod('burstable-low', 0, 100, 300),
      pod('guaranteed-high', 0, 1024, 800),
      pod('guaranteed-low', 0, 1024, 200),
    ];
    expect(names(orderedBy(pods, byMemory))).toEqual([
      'burstable-high',
      'best-effort-high',
      'best-effort-low',
      'burstable-low',
      'guaranteed-high',
      'guaranteed-low',
    ]);
  });

  it('TestOrderedByPriorityMemory', () => {
    const low = -1;
    const high = 1;
    const pods = [
      pod('below-requests-high-priority-low-usage', high, 1024, 200),
      pod('below-requests-high-priority-high-usage', high, 1024, 800),
      pod('below-requests-low-priority-low-usage', low, 1024, 200),
      pod('below-requests-low-priority-high-usage', low, 1024, 800),
      pod('above-requests-high-priority-low-usage', high, 100, 150),
      pod('above-requests-high-priority-high-usage', high, 100, 600),
      pod('above-requests-low-priority-low-usage', low, 0, 50),
      pod('above-requests-low-priority-high-usage', low, 0, 500),
    ];
    expect(names(rankMemoryPressure(pods))).toEqual([
      'above-requests-low-priority-high-usage',
      'above-requests-low-priority-low-usage',
      'above-requests-high-priority-high-usage',
      'above-requests-high-priority-low-usage',
      'below-requests-low-priority-high-usage',
      'below-requests-low-priority-low-usage',
      'below-requests-high-priority-high-usage',
      'below-requests-high-priority-low-usage',
    ]);
  });

  it('ties keep the kubelet’s order of the pods (kubesim: Go’s sort.Sort is not stable)', () => {
    const pods = [pod('a', 0, 100, 100), pod('b', 0, 100, 100), pod('c', 0, 100, 100)];
    expect(names(rankMemoryPressure(pods))).toEqual(['a', 'b', 'c']);
  });
});

describe('evictionMessage', () => {
  it('names the threshold, what is available and each container above its request, in BinarySI', () => {
    const [mem] = observeMemory(4 * Gi, 4 * Gi, 4 * Gi - 50 * Mi, { bytes: 100 * Mi });
    expect(
      evictionMessage(mem, [
        { name: 'web', workingSetBytes: Gi, requestBytes: 512 * Mi },
        { name: 'sidecar', workingSetBytes: 10 * Mi, requestBytes: 64 * Mi },
      ]),
    ).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. Container web was using 1Gi, request is 512Mi, has larger consumption of memory. ',
    );
  });

  it('BinarySI: the largest exact binary suffix, negative values too, plain bytes otherwise, DecimalSI under 1Ki', () => {
    expect([100 * Mi, -51200 * 1024, 0, 512, 1000.7, 2901060266, 3 * 1024].map((b) => binarySI(b))).toEqual([
      '100Mi',
      '-50Mi',
      '0',
      '512',
      '1k',
      '2901060266',
      '3Ki',
    ]);
  });
});
