// The events.csv digest behind the report: counts per reason, events of interest, fault markers.

import { describe, expect, it } from 'vitest';
import { type EventCells, EventDigest } from './events-digest.js';

const e = (t: string, kind: string, reason: string, object = 'x', detail = ''): EventCells => [
  t,
  kind,
  reason,
  object,
  '',
  '',
  detail,
];

describe('EventDigest', () => {
  it('counts everything, lists only events of interest, and collects fault starts', () => {
    const d = new EventDigest(2);
    for (const row of [
      e('0.000000', 'Node', 'RegisteredNode'),
      e('0.000000', 'Node', 'NodeReady'),
      e('0.000000', 'Pod', 'Created'),
      e('100.000000', 'Fault', 'node-crash', 'a-01', 'start'),
      e('145.000000', 'Node', 'NodeStatusUnknown'),
      e('150.000000', 'Node', 'TaintAdded'),
      e('302.000000', 'Node', 'NodeReady'),
      e('450.000000', 'Pod', 'TaintManagerEviction'),
    ]) {
      d.add(row);
    }
    expect([...d.counts.values()].map((c) => `${c.kind}/${c.reason}=${c.n}`)).toEqual([
      'Node/RegisteredNode=1',
      'Node/NodeReady=2',
      'Pod/Created=1',
      'Fault/node-crash=1',
      'Node/NodeStatusUnknown=1',
      'Node/TaintAdded=1',
      'Pod/TaintManagerEviction=1',
    ]);
    // The first 2 groups, then the eviction anyway (always listed); the taint and NodeReady are not.
    expect(d.interesting.map((r) => r[2])).toEqual([
      'node-crash',
      'NodeStatusUnknown',
      'TaintManagerEviction',
    ]);
    expect(d.interestingTotal).toBe(5); // crash, Unknown, taint, recovery NodeReady, eviction
    expect(d.groupsTotal).toBe(5);
    expect(d.faultStartsS).toEqual([100]);
  });

  it('groups consecutive rows with the same kind, reason, zone and detail', () => {
    const d = new EventDigest(10);
    const taint = (t: string, node: string, zone: string): EventCells => [
      t,
      'Node',
      'TaintAdded',
      node,
      node,
      zone,
      'k:NoExecute',
    ];
    for (const row of [
      taint('10.000000', 'a-01', 'zone-a'),
      taint('10.100000', 'a-02', 'zone-a'),
      taint('10.200000', 'a-03', 'zone-a'),
      taint('10.200000', 'b-01', 'zone-b'),
      taint('10.300000', 'a-04', 'zone-a'),
      e('11.000000', 'Fault', 'node-recover', 'a-01', 'start'),
      e('12.000000', 'Fault', 'node-crash', 'a-01', 'end'),
    ])
      d.add(row);
    expect(d.groups.map((g) => [g.first[0], g.last[0], g.count, g.first[3], g.last[3]])).toEqual([
      ['10.000000', '10.200000', 3, 'a-01', 'a-03'],
      ['10.200000', '10.200000', 1, 'b-01', 'b-01'],
      ['10.300000', '10.300000', 1, 'a-04', 'a-04'],
      ['11.000000', '11.000000', 1, 'a-01', 'a-01'],
      ['12.000000', '12.000000', 1, 'a-01', 'a-01'],
    ]);
    expect(d.faultEndsS).toEqual([12]);
  });
});
