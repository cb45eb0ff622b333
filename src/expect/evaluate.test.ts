// Evaluation vectors: expectations (as users write them) against hand-made observations modelled on
// node-health-timing.md §9 S1 (a-01 fails at 100 s: Unknown at 145, NoExecute at 150, evictions at 450)
// and S8 (tainting 10 s apart per zone). Each vector gives the status and what the user will read.

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { SimEventRow } from '../model/event-log.js';
import { RowCollector } from './collect.js';
import { evaluateExpectations } from './evaluate.js';
import type { Observations, SampleRow } from './observations.js';
import type { ExpectationResult } from './result.js';
import { type Expectation, expectListSchema } from './schema.js';

const S = 1_000_000;

function row(t: number, kind: SimEventRow['kind'], reason: string, object: string, detail = ''): SimEventRow {
  const node = kind === 'Node' ? object : kind === 'Pod' ? 'a-01' : '';
  return { timeUs: Math.round(t * S), kind, reason, object, node, zone: 'zone-a', detail };
}

const ROWS: SimEventRow[] = [
  row(0, 'Node', 'RegisteredNode', 'a-01'),
  row(0, 'Node', 'RegisteredNode', 'a-02'),
  row(0, 'Node', 'NodeReady', 'a-01', 'KubeletReady'),
  row(0, 'Node', 'NodeReady', 'a-02', 'KubeletReady'),
  row(100, 'Fault', 'node-crash', 'a-01', 'start'),
  row(145, 'Node', 'NodeStatusUnknown', 'a-01', 'NodeStatusUnknown'),
  row(145, 'Node', 'TaintAdded', 'a-01', 'node.kubernetes.io/unreachable:NoSchedule'),
  row(150, 'Node', 'TaintAdded', 'a-01', 'node.kubernetes.io/unreachable:NoExecute'),
  row(160, 'Node', 'TaintAdded', 'a-02', 'node.kubernetes.io/unreachable:NoExecute'),
  ...Array.from({ length: 3 }, (_, i) => row(450, 'Pod', 'TaintManagerEviction', `default/web-${i}`)),
];

function samples(): SampleRow[] {
  const out: SampleRow[] = [];
  for (let t = 0; t <= 600; t += 30) {
    const unknown = t >= 145 ? 1 : 0;
    out.push({
      timeUs: t * S,
      values: {
        nodes_ready: 2 - unknown,
        nodes_unknown: unknown,
        pods_pending: t >= 450 ? 3 : 0,
        cpu_requested_ratio: 0.25,
      },
    });
  }
  return out;
}

function observations(rows = ROWS): Observations {
  return {
    rows: rows.map((r, index) => ({ index, row: r })),
    samples: samples(),
    summary: { scheduling_latency: { p99_s: 2.5, p50_s: null }, evictions: 3, scenario: 's1' },
    endUs: 600 * S,
  };
}

function check(yaml: string, obs = observations()): ExpectationResult {
  const list = expectListSchema.parse(parseYaml(`- ${yaml}`)) as Expectation[];
  return evaluateExpectations(list, obs)[0] as ExpectationResult;
}

type Vector = [
  yaml: string,
  status: 'pass' | 'fail' | 'invalid',
  observed: string,
  expected: string,
  explanation?: RegExp,
];

const vectors: Vector[] = [
  // exact times and tolerance
  [
    '{event: {reason: NodeStatusUnknown, object: a-01}, at: 2m25s}',
    'pass',
    '2m25s',
    '2m25s',
    /on time; events\.csv line 7: 145\.000000,Node,NodeStatusUnknown,a-01/,
  ],
  [
    '{event: {reason: NodeStatusUnknown, object: a-01}, at: 140s}',
    'fail',
    '2m25s',
    '2m20s',
    /^5s late; events\.csv line 7/,
  ],
  [
    '{event: {reason: NodeStatusUnknown, object: a-01}, at: 150s, tolerance: 5s}',
    'pass',
    '2m25s',
    '2m30s ± 5s',
  ],
  [
    '{event: {reason: NodeStatusUnknown, object: a-01}, at: 151s, tolerance: 5s}',
    'fail',
    '2m25s',
    '2m31s ± 5s',
    /6s early/,
  ],
  // glob, regex, detail, occurrence
  ['{event: {reason: TaintAdded, detail: "*:NoExecute"}, at: 150s}', 'pass', '2m30s', '2m30s'],
  [
    '{event: {reason: TaintAdded, detail: "/NoExecute$/"}, occurrence: last, at: 160s}',
    'pass',
    '2m40s',
    '2m40s',
  ],
  ['{event: {reason: TaintAdded, node: "a-*"}, occurrence: 2, at: 150s}', 'pass', '2m30s', '2m30s'],
  [
    '{event: {reason: TaintAdded, object: a-01}, occurrence: 3, at: 150s}',
    'fail',
    'never happened',
    '2m30s',
    /only 2 matches, so there is no 3rd one/,
  ],
  // no match: the hint lists what did happen
  [
    '{event: {reason: NodeStatusUnknown, object: a-02}, at: 145s}',
    'fail',
    'never happened',
    '2m25s',
    /1 NodeStatusUnknown event, none matching \(seen: object a-01\)/,
  ],
  [
    '{event: {reason: NodeNotReady}, at: 145s}',
    'fail',
    'never happened',
    '2m25s',
    /no NodeNotReady event at all/,
  ],
  // offsets from another event
  [
    '{event: {reason: TaintAdded, detail: "*NoExecute"}, at: {after: {reason: NodeStatusUnknown, object: a-01}, by: 5s}}',
    'pass',
    '2m30s',
    '2m30s',
  ],
  [
    '{event: {reason: TaintManagerEviction}, at: {after: {reason: TaintAdded, detail: "*NoExecute"}, by: 5m}}',
    'pass',
    '7m30s',
    '7m30s',
  ],
  [
    '{event: {reason: NodeStatusUnknown}, at: {after: {reason: node-crash}, by: 50s}}',
    'fail',
    '2m25s',
    '2m30s',
    /5s early/,
  ],
  [
    '{event: {reason: TaintAdded}, at: {after: {reason: NodeReady, object: a-01}, by: -5s}}',
    'fail',
    '2m25s',
    '-5s',
  ],
  [
    '{event: {reason: NodeStatusUnknown}, at: {after: {reason: Nope}, by: 5s}}',
    'fail',
    'reference never happened',
    '5s after first Nope',
    /the reference event first Nope never happened/,
  ],
  // windows
  ['{event: {reason: TaintManagerEviction}, between: [7m, 8m]}', 'pass', '7m30s', 'in [7m0s, 8m0s]'],
  [
    '{event: {reason: TaintManagerEviction}, occurrence: last, between: [0s, 5m]}',
    'fail',
    '7m30s',
    'in [0s, 5m0s]',
    /2m30s after the window closes/,
  ],
  // counts and never
  [
    '{event: {reason: TaintManagerEviction}, count: 3, between: [7m, 8m]}',
    'pass',
    '3',
    'exactly 3',
    /first match|3 matches/,
  ],
  [
    '{event: {reason: TaintManagerEviction}, count: 40, between: [15m, 16m]}',
    'fail',
    '0',
    'exactly 40',
    /no match between 15m0s and 16m0s \(the run ends at 10m0s\); 3 matches in the run, all outside the window: 7m30s \(x3\)/,
  ],
  [
    '{event: {reason: TaintAdded, detail: "*:NoExecute"}, count: {atLeast: 1, atMost: 1}}',
    'fail',
    '2',
    'between 1 and 1',
    /2 matches between 0s and 10m0s, at 2m30s, 2m40s/,
  ],
  [
    '{event: {reason: TaintManagerEviction}, count: {atMost: 2}}',
    'fail',
    '3',
    'at most 2',
    /at 7m30s \(x3\)/,
  ],
  ['{event: {reason: TaintManagerEviction}, never: true, between: [0s, 7m]}', 'pass', '0', '0'],
  [
    '{event: {reason: TaintManagerEviction}, never: true}',
    'fail',
    '3',
    '0',
    /first match between 0s and 10m0s: events\.csv line 11: 450\.000000,Pod,TaintManagerEviction,default\/web-0/,
  ],
  [
    '{event: {reason: TaintManagerEviction}, count: 3, between: [{after: {reason: node-crash}, by: 0s}, end]}',
    'pass',
    '3',
    'exactly 3',
  ],
  // order (simulation order breaks ties at one instant)
  [
    '{event: {reason: NodeStatusUnknown}, before: {reason: TaintAdded}}',
    'pass',
    '2m25s (line 7) vs 2m25s (line 8)',
    'earlier in events.csv',
    /same instant; simulation order decides/,
  ],
  [
    '{event: {reason: TaintAdded}, before: {reason: NodeStatusUnknown}}',
    'fail',
    '2m25s (line 8) vs 2m25s (line 7)',
    'earlier in events.csv',
  ],
  [
    '{event: {reason: TaintManagerEviction}, after: {reason: TaintAdded}}',
    'pass',
    '7m30s (line 11) vs 2m25s (line 8)',
    'later in events.csv',
    /^5m5s later than first TaintAdded$/,
  ],
  [
    '{event: {reason: TaintAdded}, after: {reason: TaintManagerEviction}}',
    'fail',
    '2m25s (line 8) vs 7m30s (line 11)',
    'later in events.csv',
    /^5m5s earlier than first TaintManagerEviction$/,
  ],
  [
    '{event: {reason: Preempted}, before: {reason: TaintAdded}}',
    'fail',
    'Preempted never happened',
    'earlier in events.csv',
    /cannot order events that did not both happen; Preempted: no Preempted event at all/,
  ],
  // metrics
  ['{metric: nodes_unknown, at: 150s, equals: 1}', 'pass', '1', '= 1'],
  [
    '{metric: nodes_unknown, at: 140s, equals: 1}',
    'fail',
    '0 (sample at 2m0s, the last one at or before 2m20s)',
    '= 1',
  ],
  ['{metric: pods_pending, at: end, equals: 0}', 'fail', '3', '= 0', /pods_pending was 3 at 10m0s/],
  [
    '{metric: nodes_ready, between: [0s, 2m], atLeast: 2}',
    'pass',
    '2 at all 5 samples',
    '>= 2 at every sample',
  ],
  [
    '{metric: nodes_ready, between: [0s, end], atLeast: 2}',
    'fail',
    'from 1 to 2 over 21 samples',
    '>= 2 at every sample',
    /16 of 21 samples out of bounds; first at 2m30s: 1/,
  ],
  [
    '{metric: cpu_requested_ratio, between: [1m, 2m], atLeast: 0.2, atMost: 0.3}',
    'pass',
    '0.25 at all 3 samples',
    'in [0.2, 0.3] at every sample',
  ],
  [
    '{metric: nodes_ready, between: [{after: {reason: NodeStatusUnknown}, by: 0s}, end], equals: 1}',
    'pass',
    '1 at all 16 samples',
    '= 1 at every sample',
  ],
  [
    '{metric: pods_pending, at: 20m, equals: 0}',
    'fail',
    'after the end of the run',
    '= 0',
    /20m0s is after the end of the run \(10m0s\)/,
  ],
  // summary
  ['{summary: scheduling_latency.p99_s, atMost: 5}', 'pass', '2.5', '<= 5'],
  [
    '{summary: scheduling_latency.p99_s, atMost: 2}',
    'fail',
    '2.5',
    '<= 2',
    /scheduling_latency.p99_s is 2.5/,
  ],
  ['{summary: scheduling_latency.p50_s, atMost: 2}', 'fail', 'null', '<= 2', /is null: nothing was measured/],
  ['{summary: scenario, equals: s1}', 'pass', '"s1"', '= "s1"'],
  [
    '{summary: scheduling_latency.p99, atMost: 5}',
    'invalid',
    'no such field',
    '<= 5',
    /did you mean "scheduling_latency.p99_s"\?/,
  ],
  [
    '{summary: scheduling_latency, atMost: 5}',
    'invalid',
    'an object',
    '<= 5',
    /name one of its fields \(scheduling_latency.p99_s, scheduling_latency.p50_s\)/,
  ],
];

describe('evaluateExpectations', () => {
  it.each(vectors)('%s -> %s', (yaml, status, observed, expected, explanation) => {
    const r = check(yaml);
    expect({ status: r.status, observed: r.observed, expected: r.expected }).toEqual({
      status,
      observed,
      expected,
    });
    if (explanation) expect(r.explanation).toMatch(explanation);
  });

  it('describes each expectation in one readable line', () => {
    const list = expectListSchema.parse(
      parseYaml(`
- {event: {reason: NodeStatusUnknown, object: general-a-01}, at: 2m25s}
- {event: {reason: TaintAdded, detail: "*:NoExecute"}, at: {after: {reason: NodeStatusUnknown}, by: 5s}, tolerance: 100ms}
- {event: {reason: TaintManagerEviction}, count: 40, between: [15m, 16m]}
- {event: {reason: TaintManagerEviction}, never: true}
- {event: {reason: NodeStatusUnknown}, before: {reason: TaintManagerEviction}}
- {metric: pods_pending, at: 20m, equals: 0}
- {metric: nodes_ready, between: [1m, end], atLeast: 10}
- {summary: scheduling_latency.p99_s, atMost: 5}
- {summary: evictions, equals: 0, description: "nothing is evicted"}
`),
    ) as Expectation[];
    expect(evaluateExpectations(list, observations()).map((r) => r.description)).toEqual([
      'first NodeStatusUnknown (object general-a-01) at 2m25s',
      'first TaintAdded (detail *:NoExecute) at 5s after first NodeStatusUnknown ± 100ms',
      'TaintManagerEviction happens exactly 40 times between 15m0s and 16m0s',
      'TaintManagerEviction never happens',
      'first NodeStatusUnknown before first TaintManagerEviction',
      'pods_pending = 0 at 20m0s',
      'nodes_ready >= 10 at every sample between 1m0s and end',
      'summary scheduling_latency.p99_s <= 5',
      'nothing is evicted',
    ]);
  });

  it('offers the value --update writes for failed exact times only', () => {
    expect(check('{event: {reason: NodeStatusUnknown}, at: 140s}').rebaseline).toEqual({
      path: ['at'],
      us: 145 * S,
    });
    expect(check('{event: {reason: NodeStatusUnknown}, at: 145s}').rebaseline).toBeUndefined();
    expect(
      check('{event: {reason: TaintManagerEviction}, at: {after: {reason: TaintAdded}, by: 1s}}').rebaseline,
    ).toEqual({
      path: ['at', 'by'],
      us: 305 * S,
    });
    expect(check('{event: {reason: Nope}, at: 1s}').rebaseline).toBeUndefined();
  });

  it('gives the same results on the rows a RowCollector keeps as on all rows', () => {
    const list = expectListSchema.parse(
      parseYaml(`
- {event: {reason: NodeStatusUnknown, object: a-02}, at: 145s}
- {event: {reason: TaintManagerEviction}, after: {reason: TaintAdded}}
- {metric: nodes_unknown, between: [{after: {reason: node-crash}, by: 45s}, end], equals: 1}
`),
    ) as Expectation[];
    const collector = new RowCollector(list);
    for (const r of ROWS) collector.onRow(r);
    expect(collector.rows.length).toBeLessThan(ROWS.length);
    const kept = { ...observations(), rows: collector.rows };
    expect(evaluateExpectations(list, kept)).toEqual(evaluateExpectations(list, observations()));
  });
});
