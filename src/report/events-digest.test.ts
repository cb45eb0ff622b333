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
    expect(d.interesting.map((r) => r[2])).toEqual(['node-crash', 'NodeStatusUnknown']);
    expect(d.interestingTotal).toBe(5); // crash, Unknown, taint, recovery NodeReady, eviction
    expect(d.faultStartsS).toEqual([100]);
  });
});
