// utils/backoff/exponential_backoff_test.go, replayed; and clusterstate.go IsClusterHealthy.
import { describe, expect, it } from 'vitest';
import { RngRoot } from '../engine/rng.js';
import { CloudProvider } from './cloud.js';
import { resolveCloudProvider } from './cloud-config.js';
import { ClusterStateRegistry, ExponentialBackoff } from './clusterstate.js';

const MIN = 60_000_000;
const H = 60 * MIN;

describe('exponential_backoff_test.go', () => {
  it('TestBackoffTwoKeys', () => {
    const b = new ExponentialBackoff({ initialUs: 10 * MIN, maxUs: H, resetTimeoutUs: 3 * H });
    expect(b.isBackedOff('id1', 0)).toBe(false);
    b.backoff('id1', MIN, 'x');
    expect(b.isBackedOff('id1', 2 * MIN)).toBe(true);
    expect(b.isBackedOff('id2', 0)).toBe(false);
    expect(b.isBackedOff('id1', 11 * MIN)).toBe(false);
  });
  it('TestMaxBackoff', () => {
    const b = new ExponentialBackoff({ initialUs: MIN, maxUs: 3 * MIN, resetTimeoutUs: 3 * H });
    b.backoff('id1', 0, 'x');
    expect(b.isBackedOff('id1', 0)).toBe(true);
    expect(b.isBackedOff('id1', MIN)).toBe(false);
    b.backoff('id1', MIN, 'x');
    expect(b.isBackedOff('id1', MIN)).toBe(true);
    expect(b.isBackedOff('id1', 3 * MIN)).toBe(false);
    b.backoff('id1', 3 * MIN, 'x');
    expect(b.isBackedOff('id1', 3 * MIN)).toBe(true);
    expect(b.isBackedOff('id1', 6 * MIN)).toBe(false);
  });
  it('TestResetStaleBackoffData', () => {
    const b = new ExponentialBackoff({ initialUs: MIN, maxUs: 3 * MIN, resetTimeoutUs: 3 * H });
    b.backoff('id1', 0, 'x');
    b.backoff('id2', H, 'x');
    b.removeStale(H);
    expect([b.reason('id1'), b.reason('id2')]).toEqual(['x', 'x']);
    b.removeStale(4 * H);
    expect([b.reason('id1'), b.reason('id2')]).toEqual([null, 'x']);
    b.removeStale(5 * H);
    expect(b.reason('id2')).toBeNull();
  });
  it('doubling while not backed off, capped at the max (5, 10, 20, 30 min with the CA defaults)', () => {
    const b = new ExponentialBackoff({ initialUs: 5 * MIN, maxUs: 30 * MIN, resetTimeoutUs: 3 * H });
    let t = 0;
    const durations: number[] = [];
    for (let i = 0; i < 4; i++) {
      const until = b.backoff('g', t, 'x');
      durations.push((until - t) / MIN);
      t = until + 1;
    }
    expect(durations).toEqual([5, 10, 20, 30]);
  });
});

describe('clusterstate.go IsClusterHealthy (--ok-total-unready-count 3, --max-total-unready-percentage 45)', () => {
  const csr = () => {
    const cloud = new CloudProvider(resolveCloudProvider({}), new RngRoot(1).stream('c'));
    cloud.addGroup({ id: 'g', zone: 'z', minSize: 0, maxSize: 100, instanceName: (i) => `n${i}` }, []);
    return new ClusterStateRegistry(cloud, {
      okTotalUnreadyCount: 3,
      maxTotalUnreadyPercentage: 45,
      maxNodeProvisionTimeUs: 15 * MIN,
      maxNodeStartupTimeUs: 15 * MIN,
      backoff: { initialUs: 5 * MIN, maxUs: 30 * MIN, resetTimeoutUs: 3 * H },
    });
  };
  const nodes = (ready: number, unready: number) => [
    ...Array.from({ length: ready }, (_, i) => ({ name: `r${i}`, group: null, ready: true, creationUs: 0 })),
    ...Array.from({ length: unready }, (_, i) => ({
      name: `u${i}`,
      group: null,
      ready: false,
      creationUs: 0,
    })),
  ];
  const healthy = (ready: number, unready: number) => {
    const r = csr();
    r.updateNodes(nodes(ready, unready), H);
    return r.isClusterHealthy();
  };
  it('3 unready of 4 is healthy (at most okTotalUnreadyCount)', () => expect(healthy(1, 3)).toBe(true));
  it('4 unready of 10 is healthy (40% <= 45%)', () => expect(healthy(6, 4)).toBe(true));
  it('5 unready of 10 halts (above both)', () => expect(healthy(5, 5)).toBe(false));
  it('20 unready of 100 is healthy', () => expect(healthy(80, 20)).toBe(true));
  it('unready nodes younger than --max-node-startup-time are NotStarted, not unready', () => {
    const r = csr();
    r.updateNodes(
      nodes(0, 0).concat(
        [...Array(10)].map((_, i) => ({ name: `x${i}`, group: null, ready: false, creationUs: H - MIN })),
      ),
      H,
    );
    expect(r.isClusterHealthy()).toBe(true);
  });
});
