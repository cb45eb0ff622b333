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

  it('a Ready condition that vanishes keeps the probe (upstream compares against the overwritten saved status)', () => {
    // TestMonitorNodeHealth "Full Disruption: Ready condition removed from the Node": the node is then
    // judged against the startup grace from its old probe.
    const h = fresh();
    refreshProbe(h, 0, true, 3 * S, -1, 0, 5 * S);
    refreshProbe(h, 0, true, 13 * S, -1, 0, 15 * S);
    expect(h.probeUs[0]).toBe(15 * S);
    refreshProbe(h, 0, false, 0, -1, 0, 20 * S);
    refreshProbe(h, 0, false, 0, -1, 0, 25 * S);
    expect(h.probeUs[0]).toBe(15 * S);
    // The same heartbeat coming back is a first Ready condition again: probe = now.
    refreshProbe(h, 0, true, 13 * S, -1, 0, 30 * S);
    expect(h.probeUs[0]).toBe(30 * S);
    refreshProbe(h, 0, true, 13 * S, -1, 0, 35 * S);
    expect(h.probeUs[0]).toBe(30 * S);
  });

  it('a first Lease seen after the node is known moves the probe, even one renewed at t = 0', () => {
    const h = fresh();
    refreshProbe(h, 0, false, 0, -1, 0, 0);
    expect(h.probeUs[0]).toBe(0);
    refreshProbe(h, 0, false, 0, 0, 0, 10 * S);
    expect(h.probeUs[0]).toBe(10 * S);
    refreshProbe(h, 0, false, 0, 0, 0, 20 * S);
    expect(h.probeUs[0]).toBe(10 * S);
  });

  it('the probes of several nodes are independent', () => {
    const h = new HealthTable();
    h.ensure(2);
    refreshProbe(h, 0, true, 1 * S, 1 * S, 0, 5 * S);
    refreshProbe(h, 2, true, 1 * S, 1 * S, 0, 5 * S);
    refreshProbe(h, 0, true, 1 * S, 1 * S, 0, 10 * S);
    refreshProbe(h, 2, true, 1 * S, 8 * S, 0, 10 * S);
    expect([h.probeUs[0], h.probeUs[1], h.probeUs[2]]).toEqual([5 * S, 0, 10 * S]);
    expect([...h.known.subarray(0, 3)]).toEqual([1, 0, 1]);
  });

  it('clear() forgets everything (kube-controller-manager restart)', () => {
    const h = fresh();
    refreshProbe(h, 0, true, 0, 92 * S, 0, 95 * S);
    h.clear();
    refreshProbe(h, 0, true, 0, 92 * S, 0, 300 * S);
    expect(h.probeUs[0]).toBe(300 * S);
  });
});

describe('HealthTable.ensure', () => {
  it('makes every index up to the one asked for addressable, keeping what was written', () => {
    const h = new HealthTable();
    for (const idx of [0, 63, 64, 200, 129, 1000]) {
      h.ensure(idx);
      expect(h.capacity).toBeGreaterThan(idx);
      for (const a of [h.known, h.savedHasReady, h.savedHeartbeatUs, h.savedLeaseUs, h.probeUs, h.queued])
        expect(a.length).toBe(h.capacity);
      h.known[idx] = 1;
      h.savedHasReady[idx] = 1;
      h.savedHeartbeatUs[idx] = idx;
      h.savedLeaseUs[idx] = idx + 1;
      h.probeUs[idx] = idx + 2;
      h.queued[idx] = 1;
    }
    for (const idx of [0, 63, 64, 200, 129, 1000]) {
      expect([h.known[idx], h.savedHasReady[idx], h.queued[idx]]).toEqual([1, 1, 1]);
      expect([h.savedHeartbeatUs[idx], h.savedLeaseUs[idx], h.probeUs[idx]]).toEqual([idx, idx + 1, idx + 2]);
    }
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
