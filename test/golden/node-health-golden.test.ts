// Golden timelines S1-S11 of node-health-timing.md §9, under its determinism model M1-M8, for the
// v1.32+ defaults (grace 50 s, scenario files say 1.34) and the v1.31 defaults (grace 40 s), checked
// against events.csv rows at exact times.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  NOEXEC_NOT_READY,
  NOEXEC_UNREACHABLE,
  NOSCHED_NOT_READY,
  NOSCHED_UNREACHABLE,
  rowsOf,
  runFile,
  series,
  timesOf,
} from './timeline.js';

const V31 = ['spec.kubernetesVersion="1.31"'];
/** Both version defaults; `d` is how much earlier detection-driven rows come with v1.31 (G 40 s). */
const VERSIONS = [
  { name: 'v1.34 (grace 50 s)', overrides: [] as string[], d: 0 },
  { name: 'v1.31 (grace 40 s)', overrides: V31, d: 10 },
];
const nodeNames = (zone: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => `node-${zone}-${String(from + k).padStart(2, '0')}`);

describe.each(VERSIONS)('S1 single node crash, $name', ({ overrides, d }) => {
  it('goes Unknown, is tainted NoSchedule then NoExecute, and its pod is evicted 300 s later', () => {
    const rows = runFile('s1-single-crash.yaml', overrides);
    expect(
      timesOf(rows, { reason: 'NodeStatusUnknown', object: 'node-a-01', detail: 'NodeStatusUnknown' }),
    ).toEqual([145 - d]);
    expect(timesOf(rows, { reason: 'TaintAdded', object: 'node-a-01', detail: NOSCHED_UNREACHABLE })).toEqual(
      [145 - d],
    );
    expect(timesOf(rows, { reason: 'TaintAdded', object: 'node-a-01', detail: NOEXEC_UNREACHABLE })).toEqual([
      150 - d,
    ]);
    expect(timesOf(rows, { reason: 'TaintManagerEviction', object: 'default/web-0' })).toEqual([450 - d]);
    expect(rowsOf(rows, { kind: 'Zone' })).toEqual([]);
  });
});

describe.each(VERSIONS)('S2 crash and recovery before the tolerations run out, $name', ({ overrides, d }) => {
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let rows: ReturnType<typeof runFile>;
  beforeAll(() => {
    rows = runFile('s2-crash-recover.yaml', overrides);
  });
  it('comes back Ready at 302, loses NoSchedule at once and NoExecute at the 305 pass, keeps its pods', () => {
    expect(timesOf(rows, { reason: 'TaintAdded', object: 'node-a-01', detail: NOEXEC_UNREACHABLE })).toEqual([
      150 - d,
    ]);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-a-01' })).toEqual([0, 302]);
    expect(
      timesOf(rows, { reason: 'TaintRemoved', object: 'node-a-01', detail: NOSCHED_UNREACHABLE }),
    ).toEqual([302]);
    expect(
      timesOf(rows, { reason: 'TaintRemoved', object: 'node-a-01', detail: NOEXEC_UNREACHABLE }),
    ).toEqual([305]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' })).toEqual([]);
  });

  it('M3 boundary: Ready written at 445 - d saves the pods, at 446 - d it is too late', () => {
    const early = runFile('s2-crash-recover.yaml', [...overrides, `spec.faults[0].for=${345 - d}s`]);
    expect(rowsOf(early, { reason: 'TaintManagerEviction' })).toEqual([]);
    expect(timesOf(early, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual([445 - d]);
    const late = runFile('s2-crash-recover.yaml', [...overrides, `spec.faults[0].for=${346 - d}s`]);
    expect(timesOf(late, { reason: 'TaintManagerEviction' })).toEqual([450 - d, 450 - d]);
    expect(timesOf(late, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual([450 - d]);
  });
});

describe.each(VERSIONS)('S3 per-pod tolerationSeconds, $name', ({ overrides, d }) => {
  it('deletes each pod after its own toleration, never the ones that tolerate forever', () => {
    const rows = runFile('s3-toleration-seconds.yaml', overrides);
    const evicted = (pod: string) =>
      timesOf(rows, { reason: 'TaintManagerEviction', object: `default/${pod}` });
    expect(evicted('p-none')).toEqual([150 - d]);
    expect(evicted('p-0')).toEqual([150 - d]);
    expect(evicted('p-60')).toEqual([210 - d]);
    expect(evicted('p-default')).toEqual([450 - d]);
    expect(evicted('p-inf')).toEqual([]);
    expect(evicted('ds')).toEqual([]);
  });

  it('variant: Ready at 182 removes the taint at 185; only p-none and p-0 are lost', () => {
    const rows = runFile('s3-toleration-seconds.yaml', [...overrides, 'spec.faults[0].for=82s']);
    expect(timesOf(rows, { reason: 'TaintRemoved', detail: NOEXEC_UNREACHABLE })).toEqual([185]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' }).map((r) => r.object)).toEqual([
      'default/p-none',
      'default/p-0',
    ]);
  });
});

describe.each(VERSIONS)('S4 large zone, partial disruption, $name', ({ overrides, d }) => {
  const doomed = nodeNames('a', 1, 40);
  it('taints one node every 100 s at the secondary rate, in name order, without draining', () => {
    const rows = runFile('s4-large-zone-partial.yaml', overrides);
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => [r.timeUs / 1e6, r.object, r.detail])).toEqual([
      [145 - d, 'zone-a', 'PartialDisruption'],
    ]);
    const taints = rowsOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE });
    expect(taints.map((r) => r.object)).toEqual(doomed);
    expect(taints.map((r) => r.timeUs / 1e6)).toEqual(series(150 - d, 100, 40));
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual(series(450 - d, 100, 40));
  });

  it('variant (b): 30 of 60 (0.50) stays Normal and taints every 10 s', () => {
    const rows = runFile('s4-large-zone-partial.yaml', [
      ...overrides,
      `spec.faults[0].nodes=[${nodeNames('a', 1, 30).join(',')}]`,
      'spec.duration=800s',
    ]);
    expect(rowsOf(rows, { kind: 'Zone' })).toEqual([]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual(
      series(150 - d, 10, 30),
    );
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual(series(450 - d, 10, 30));
  });

  it('variant (c): all of zone-a down is FullDisruption, drained at the normal 0.1/s', () => {
    const rows = runFile('s4-large-zone-partial.yaml', [
      ...overrides,
      'spec.faults[0]={at: 100s, action: zone-outage, zone: zone-a}',
      'spec.duration=1100s',
    ]);
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => r.detail)).toEqual(['FullDisruption']);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual(
      series(150 - d, 10, 60),
    );
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual(series(450 - d, 10, 40));
  });
});

describe.each(VERSIONS)('S5 full disruption of all zones, $name', ({ overrides, d }) => {
  it('enters master disruption mode (no NoExecute taint, no eviction) and leaves it at the 405 pass', () => {
    const rows = runFile('s5-full-disruption.yaml', overrides);
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => [r.timeUs / 1e6, r.object, r.detail])).toEqual([
      [145 - d, 'zone-a', 'FullDisruption'],
      [145 - d, 'zone-b', 'FullDisruption'],
      [145 - d, 'zone-c', 'FullDisruption'],
      [405, 'zone-a', 'Normal'],
      [405, 'zone-b', 'Normal'],
      [405, 'zone-c', 'Normal'],
    ]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOSCHED_UNREACHABLE })).toHaveLength(60);
    expect(rowsOf(rows, { detail: NOEXEC_UNREACHABLE })).toEqual([]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' })).toEqual([]);
    expect(new Set(timesOf(rows, { reason: 'NodeReady' }).filter((t) => t > 0))).toEqual(new Set([402]));
  });

  it('S5b: only zone-a comes back at 402; zones b and c are tainted in parallel from 415 (drained limiters)', () => {
    const rows = runFile('s5-full-disruption.yaml', [
      ...overrides,
      'spec.faults[1].for=2000s',
      'spec.faults[2].for=2000s',
      'spec.duration=1000s',
    ]);
    for (const zone of ['b', 'c']) {
      const taints = rowsOf(rows, {
        reason: 'TaintAdded',
        detail: NOEXEC_UNREACHABLE,
        object: new RegExp(`^node-${zone}-`),
      });
      expect(taints.map((r) => r.object)).toEqual(nodeNames(zone, 1, 20));
      expect(taints.map((r) => r.timeUs / 1e6)).toEqual(series(415, 10, 20));
    }
    const evictions = rowsOf(rows, { reason: 'TaintManagerEviction' });
    expect(evictions.map((r) => [r.timeUs / 1e6, r.object])).toEqual([[715, 'default/node-b-01-p0']]);
  });
});

describe.each(VERSIONS)('S6 small zone, partial disruption, $name', ({ overrides, d }) => {
  it('rate 0 while 60 % are down; after three boot, Normal at 605 and taints from 615', () => {
    const rows = runFile('s6-small-zone-partial.yaml', overrides);
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => [r.timeUs / 1e6, r.detail])).toEqual([
      [145 - d, 'PartialDisruption'],
      [605, 'Normal'],
    ]);
    const taints = rowsOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE });
    expect(taints.map((r) => r.object)).toEqual(nodeNames('a', 4, 12));
    expect(taints.map((r) => r.timeUs / 1e6)).toEqual(series(615, 10, 9));
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual(series(915, 10, 9));
  });

  it('contrast: 10 of 20 (50 %) stays Normal and taints from 150', () => {
    const rows = runFile('s6-small-zone-partial.yaml', [
      ...overrides,
      `spec.faults[0].nodes=[${nodeNames('a', 4, 10).join(',')}]`,
      'spec.faults[1].for=2000s',
    ]);
    expect(rowsOf(rows, { kind: 'Zone' })).toEqual([]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual(
      series(150 - d, 10, 10),
    );
  });
});

describe('S7 lease renewal failures with back-off', () => {
  it('v1.34: back-off GETs at 102 ... 128.6, renewal at 135.6, then 145.6; the node never leaves Ready', () => {
    const rows = runFile('s7-lease-failures.yaml');
    expect(timesOf(rows, { reason: 'LeaseRenewFailed', object: 'node-a-01', detail: 'update' })).toEqual([
      102, 102, 102, 102, 102,
    ]);
    expect(timesOf(rows, { reason: 'LeaseRenewFailed', object: 'node-a-01', detail: 'get' })).toEqual([
      102, 102.2, 102.6, 103.4, 105, 108.2, 114.6, 121.6, 128.6,
    ]);
    const renewals = timesOf(rows, { reason: 'LeaseRenewed', object: 'node-a-01' });
    expect(renewals.filter((t) => t > 90 && t < 160)).toEqual([92, 135.6, 145.6, 155.6]);
    expect(timesOf(rows, { reason: 'NodeStatusUpdateFailed', object: 'node-a-01' })).toEqual([
      ...Array(5).fill(107),
      ...Array(5).fill(117),
      ...Array(5).fill(127),
    ]);
    expect(rowsOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([]);
    expect(rowsOf(rows, { object: 'node-a-01', reason: 'TaintAdded' })).toEqual([]);
  });

  it('v1.31: a flap without eviction (Unknown at 135, Ready again at the 137 status tick)', () => {
    const rows = runFile('s7-lease-failures.yaml', V31);
    expect(timesOf(rows, { reason: 'NodeStatusUnknown', object: 'node-a-01' })).toEqual([135]);
    expect(timesOf(rows, { reason: 'TaintAdded', object: 'node-a-01' })).toEqual([135]);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-a-01' })).toEqual([0, 137]);
    expect(
      timesOf(rows, { reason: 'TaintRemoved', object: 'node-a-01', detail: NOSCHED_UNREACHABLE }),
    ).toEqual([137]);
    expect(rowsOf(rows, { detail: NOEXEC_UNREACHABLE })).toEqual([]);
  });
});

describe.each(VERSIONS)('S8 many nodes at once, the 0.1/s per-zone limit, $name', ({ overrides, d }) => {
  it('taints one node per zone every 10 s, and deletes each node pods together', () => {
    const rows = runFile('s8-two-zones-rate-limit.yaml', overrides);
    for (const zone of ['a', 'b']) {
      const taints = rowsOf(rows, {
        reason: 'TaintAdded',
        detail: NOEXEC_UNREACHABLE,
        object: new RegExp(`^node-${zone}-`),
      });
      expect(taints.map((r) => r.object)).toEqual(nodeNames(zone, 1, 8));
      expect(taints.map((r) => r.timeUs / 1e6)).toEqual(series(150 - d, 10, 8));
    }
    const evictions = timesOf(rows, { reason: 'TaintManagerEviction' });
    expect(evictions).toEqual(series(450 - d, 10, 8).flatMap((t) => Array(6).fill(t)));
  });
});

describe.each(VERSIONS)('S9 gradual failure crossing the threshold, $name', ({ overrides, d }) => {
  it('drains the new 0.01/s bucket at 245: taint #11 at 345, then one every 100 s', () => {
    const rows = runFile('s9-threshold-drain.yaml', overrides);
    expect(rowsOf(rows, { kind: 'Zone' }).map((r) => [r.timeUs / 1e6, r.detail])).toEqual([
      [245 - d, 'PartialDisruption'],
    ]);
    const taints = timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE });
    expect(taints).toEqual([...series(150 - d, 10, 10), ...series(345 - d, 100, 30)]);
    const evictions = timesOf(rows, { reason: 'TaintManagerEviction' });
    expect(evictions.slice(0, 11)).toEqual([...series(450 - d, 10, 10), 645 - d]);
    expect(evictions).toHaveLength(40);
    expect(evictions[39]).toBe(3545 - d);
  });
});

describe.each(VERSIONS)('S10 kubelet reports NotReady while heartbeating, $name', ({ overrides }) => {
  it('NotReady at the 107 tick, not-ready:NoExecute in the 110 pass, eviction at 410', () => {
    const rows = runFile('s10-kubelet-not-ready.yaml', overrides);
    expect(timesOf(rows, { reason: 'NodeNotReady', object: 'node-a-01', detail: 'KubeletNotReady' })).toEqual(
      [107],
    );
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOSCHED_NOT_READY })).toEqual([107]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_NOT_READY })).toEqual([110]);
    expect(timesOf(rows, { reason: 'TaintManagerEviction' })).toEqual([410]);
    expect(rowsOf(rows, { reason: 'NodeStatusUnknown' })).toEqual([]);
  });

  it('Ready posted at 207: NoSchedule off at 207, NoExecute off at 210, deletions cancelled', () => {
    const rows = runFile('s10-kubelet-not-ready.yaml', [...overrides, 'spec.faults[0].for=107s']);
    expect(timesOf(rows, { reason: 'NodeReady', object: 'node-a-01' })).toEqual([0, 207]);
    expect(timesOf(rows, { reason: 'TaintRemoved', detail: NOSCHED_NOT_READY })).toEqual([207]);
    expect(timesOf(rows, { reason: 'TaintRemoved', detail: NOEXEC_NOT_READY })).toEqual([210]);
    expect(rowsOf(rows, { reason: 'TaintManagerEviction' })).toEqual([]);
  });
});

describe.each(VERSIONS)('S11 a node that never posts status, $name', ({ overrides }) => {
  it('startup grace from creationTimestamp: conditions created Unknown at 60 and tainted in that pass', () => {
    const rows = runFile('s11-never-posts.yaml', overrides);
    expect(
      rowsOf(rows, { reason: 'NodeStatusUnknown' }).map((r) => [r.timeUs / 1e6, r.object, r.detail]),
    ).toEqual([[60, 'node-a-01', 'NodeStatusNeverUpdated']]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOSCHED_UNREACHABLE })).toEqual([60]);
    expect(timesOf(rows, { reason: 'TaintAdded', detail: NOEXEC_UNREACHABLE })).toEqual([60]);
  });
});
