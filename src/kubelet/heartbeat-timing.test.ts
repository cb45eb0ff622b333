import { describe, expect, it } from 'vitest';
import {
  jitteredPeriodUs,
  LEASE_BACKOFF_MAX_US,
  leaseBackoffSequenceUs,
  M1_LEASE_PHASE,
  M1_STATUS_PHASE,
  nextGridPointUs,
  nextLeaseBackoffUs,
  reportDelayUs,
  shouldPostStatus,
} from './heartbeat-timing.js';

const S = 1_000_000;

describe('lease back-off (backoffEnsureLease)', () => {
  it('sleeps 200 ms, 400 ms, 800 ms, 1.6 s, 3.2 s, 6.4 s, then 7 s forever', () => {
    expect(leaseBackoffSequenceUs(10).map((us) => us / S)).toEqual([
      0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 7, 7, 7, 7,
    ]);
  });

  it('total wait after the first failed GET: 0.2, 0.6, 1.4, 3.0, 6.2, 12.6, 19.6, 26.6, 33.6 s', () => {
    const sleeps = leaseBackoffSequenceUs(9);
    const totals = sleeps.map((_, k) => sleeps.slice(0, k + 1).reduce((a, b) => a + b, 0) / S);
    expect(totals).toEqual([0.2, 0.6, 1.4, 3, 6.2, 12.6, 19.6, 26.6, 33.6]);
  });

  it.each([
    [100_000, 200_000],
    [3_200_000, 6_400_000],
    [6_400_000, LEASE_BACKOFF_MAX_US],
    [LEASE_BACKOFF_MAX_US, LEASE_BACKOFF_MAX_US],
  ])('after %i us sleeps %i us', (prev, next) => {
    expect(nextLeaseBackoffUs(prev)).toBe(next);
  });
});

describe('jitteredPeriodUs (wait.Jitter)', () => {
  it.each([
    [10 * S, 0.04, 0, 10 * S],
    [10 * S, 0.04, 0.5, 10.2 * S],
    [10 * S, 0.04, 0.999_999, 10_399_999.6],
    [10 * S, 0, 0.7, 10 * S],
  ])('period %i, factor %f, u %f -> %i', (period, factor, u, want) => {
    expect(jitteredPeriodUs(period, factor, u)).toBe(Math.round(want));
  });

  it('only ever lengthens the wait, by less than factor x period', () => {
    for (let u = 0; u < 1; u += 0.01) {
      const d = jitteredPeriodUs(10 * S, 0.04, u);
      expect(d).toBeGreaterThanOrEqual(10 * S);
      expect(d).toBeLessThanOrEqual(10.4 * S);
    }
  });
});

describe('M1 grid points', () => {
  it.each([
    [0, M1_LEASE_PHASE, 2 * S],
    [2 * S, M1_LEASE_PHASE, 12 * S],
    [302 * S, M1_LEASE_PHASE, 312 * S],
    [305 * S, M1_LEASE_PHASE, 312 * S],
    [0, M1_STATUS_PHASE, 7 * S],
    [302 * S, M1_STATUS_PHASE, 307 * S],
    [307 * S, M1_STATUS_PHASE, 317 * S],
  ])('after %i with phase %f: %i', (after, phase, want) => {
    expect(nextGridPointUs(after, 10 * S, phase)).toBe(want);
  });
});

describe('v1.34 one-time report delay', () => {
  it('spans -50 % .. +50 % of the report frequency', () => {
    expect(reportDelayUs(300 * S, 0)).toBe(-150 * S);
    expect(reportDelayUs(300 * S, 0.5)).toBe(0);
    expect(reportDelayUs(300 * S, 0.75)).toBe(75 * S);
  });
});

describe('shouldPostStatus (tryUpdateNodeStatus)', () => {
  it.each([
    {
      name: 'a change is posted at once',
      changed: true,
      since: true,
      now: 20,
      last: 10,
      delay: 0,
      want: true,
    },
    {
      name: 'first tick after start posts',
      changed: false,
      since: false,
      now: 20,
      last: 10,
      delay: 0,
      want: true,
    },
    {
      name: 'unchanged within the period: no post',
      changed: false,
      since: true,
      now: 309,
      last: 10,
      delay: 0,
      want: false,
    },
    { name: 'unchanged, period over', changed: false, since: true, now: 310, last: 10, delay: 0, want: true },
    {
      name: 'one-time delay extends the period',
      changed: false,
      since: true,
      now: 310,
      last: 10,
      delay: 60,
      want: false,
    },
    {
      name: 'negative delay shortens it',
      changed: false,
      since: true,
      now: 200,
      last: 10,
      delay: -110,
      want: true,
    },
  ])('$name', ({ changed, since, now, last, delay, want }) => {
    expect(shouldPostStatus(changed, since, now * S, last * S, 300 * S, delay * S)).toBe(want);
  });
});
