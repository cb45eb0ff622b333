import { describe, expect, it } from 'vitest';
import { HealthTable, isStale, refreshProbe } from './health-table.js';

const S = 1_000_000;

describe('refreshProbe (tryUpdateNodeHealth probe bookkeeping)', () => {
  const fresh = () => {
    const h = new HealthTable();
    h.ensure(0);
    return h;
  };

  it('first sight with a Ready condition: probe = now, whatever the heartbeat says', () => {
    const h = fresh();
    refreshProbe(h, 0, true, 3 * S, -1, 0, 95 * S);
    expect(h.probeUs[0]).toBe(95 * S);
  });

  it('first sight without Ready: probe = creationTimestamp (startup grace counts from there)', () => {
    const h = fresh();
    refreshProbe(h, 0, false, 0, -1, 7 * S, 10 * S);
    expect(h.probeUs[0]).toBe(7 * S);
    refreshProbe(h, 0, false, 0, -1, 7 * S, 15 * S);
    expect(h.probeUs[0]).toBe(7 * S);
  });

  it('a lease renewed strictly later moves the probe; the same renewTime does not', () => {
    const h = fresh();
    refreshProbe(h, 0, true, 0, 82 * S, 0, 85 * S);
    refreshProbe(h, 0, true, 0, 92 * S, 0, 95 * S);
    expect(h.probeUs[0]).toBe(95 * S);
    refreshProbe(h, 0, true, 0, 92 * S, 0, 100 * S);
    refreshProbe(h, 0, true, 0, 92 * S, 0, 140 * S);
    expect(h.probeUs[0]).toBe(95 * S);
  });

  it('a changed Ready heartbeat moves the probe (status posts count as proof of life too)', () => {
    const h = fresh();
    refreshProbe(h, 0, true, 0, -1, 0, 0);
    refreshProbe(h, 0, true, 307 * S, -1, 0, 310 * S);
    expect(h.probeUs[0]).toBe(310 * S);
  });

  it('a node that renews its lease but never posts status is never stale', () => {
    const h = fresh();
    refreshProbe(h, 0, false, 0, 2 * S, 0, 5 * S);
    refreshProbe(h, 0, false, 0, 62 * S, 0, 65 * S);
    expect(h.probeUs[0]).toBe(65 * S);
  });

  it('the first Ready condition after the controller knew the node resets the probe', () => {
    const h = fresh();
    refreshProbe(h, 0, false, 0, -1, 0, 0);
    refreshProbe(h, 0, true, 33 * S, -1, 0, 35 * S);
    expect(h.probeUs[0]).toBe(35 * S);
  });

  it('clear() forgets everything (kube-controller-manager restart)', () => {
    const h = fresh();
    refreshProbe(h, 0, true, 0, 92 * S, 0, 95 * S);
    h.clear();
    refreshProbe(h, 0, true, 0, 92 * S, 0, 300 * S);
    expect(h.probeUs[0]).toBe(300 * S);
  });
});

describe('isStale (M2: >=)', () => {
  it.each([
    [95, 50, 140, false],
    [95, 50, 145, true],
    [95, 40, 135, true],
    [0, 60, 55, false],
    [0, 60, 60, true],
  ])('probe %i, grace %i, now %i -> %s', (probe, grace, now, want) => {
    expect(isStale(probe * S, grace * S, now * S)).toBe(want);
  });
});
