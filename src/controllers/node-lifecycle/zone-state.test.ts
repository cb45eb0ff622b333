import { describe, expect, it } from 'vitest';
import { computeZoneState, planDisruption, type ZoneState, zoneLimiterQps } from './zone-state.js';

describe('computeZoneState (ComputeZoneState)', () => {
  it.each([
    { ready: 20, notReady: 0, want: 'Normal' },
    { ready: 19, notReady: 1, want: 'Normal' },
    { ready: 0, notReady: 1, want: 'FullDisruption' },
    { ready: 0, notReady: 60, want: 'FullDisruption' },
    { ready: 1, notReady: 2, want: 'Normal' }, // 67 % but not more than 2 not ready
    { ready: 2, notReady: 3, want: 'PartialDisruption' }, // 60 %, 3 not ready
    { ready: 9, notReady: 11, want: 'PartialDisruption' }, // exactly 0.55 counts (float32)
    { ready: 10, notReady: 10, want: 'Normal' },
    { ready: 20, notReady: 40, want: 'PartialDisruption' },
    { ready: 30, notReady: 30, want: 'Normal' },
    { ready: 0, notReady: 0, want: 'Normal' },
  ])('$ready ready, $notReady not ready -> $want', ({ ready, notReady, want }) => {
    expect(computeZoneState(ready, notReady, 0.55)).toBe(want);
  });

  it('uses the configured threshold', () => {
    expect(computeZoneState(6, 4, 0.4)).toBe('PartialDisruption');
    expect(computeZoneState(6, 4, 0.41)).toBe('Normal');
  });
});

describe('zoneLimiterQps (setLimiterInZone)', () => {
  const rates = { nodeEvictionRate: 0.1, secondaryNodeEvictionRate: 0.01, largeClusterSizeThreshold: 50 };
  it.each([
    { state: 'Normal', size: 20, want: 0.1 },
    { state: 'Normal', size: 500, want: 0.1 },
    { state: 'FullDisruption', size: 20, want: 0.1 },
    { state: 'FullDisruption', size: 500, want: 0.1 },
    { state: 'PartialDisruption', size: 50, want: 0 },
    { state: 'PartialDisruption', size: 51, want: 0.01 },
    { state: 'PartialDisruption', size: 20, want: 0 },
  ] as const)('$state with $size nodes -> $want', ({ state, size, want }) => {
    expect(zoneLimiterQps(state, size, rates)).toBe(want);
  });
});

describe('planDisruption (handleDisruption)', () => {
  const m = (o: Readonly<Record<string, ZoneState | undefined>>) =>
    new Map(Object.entries(o).filter((e): e is [string, ZoneState] => e[1] !== undefined));
  it.each([
    {
      name: 'first pass, all healthy: per-zone Initial -> Normal',
      prev: { a: 'Initial', b: 'Initial' },
      next: { a: 'Normal', b: 'Normal' },
      want: { kind: 'perZone', changed: ['a', 'b'] },
    },
    {
      name: 'one zone partially disrupted',
      prev: { a: 'Normal', b: 'Normal' },
      next: { a: 'PartialDisruption', b: 'Normal' },
      want: { kind: 'perZone', changed: ['a'] },
    },
    {
      name: 'one zone fully down, another healthy: still per zone',
      prev: { a: 'Normal', b: 'Normal' },
      next: { a: 'FullDisruption', b: 'Normal' },
      want: { kind: 'perZone', changed: ['a'] },
    },
    {
      name: 'every zone fully down: enter master disruption mode',
      prev: { a: 'Normal', b: 'FullDisruption' },
      next: { a: 'FullDisruption', b: 'FullDisruption' },
      want: { kind: 'enterMasterDisruption' },
    },
    {
      name: 'still all down',
      prev: { a: 'FullDisruption', b: 'FullDisruption' },
      next: { a: 'FullDisruption', b: 'FullDisruption' },
      want: { kind: 'stay' },
    },
    {
      name: 'one zone back: exit master disruption mode',
      prev: { a: 'FullDisruption', b: 'FullDisruption' },
      next: { a: 'FullDisruption', b: 'Normal' },
      want: { kind: 'exitMasterDisruption' },
    },
    {
      name: 'single-zone cluster whose only node is down at the first pass',
      prev: { a: 'Initial' },
      next: { a: 'FullDisruption' },
      want: { kind: 'enterMasterDisruption' },
    },
    { name: 'no zones at all', prev: {}, next: {}, want: { kind: 'stay' } },
  ] as const)('$name', ({ prev, next, want }) => {
    expect(planDisruption(m(prev), m(next))).toEqual(want);
  });
});
