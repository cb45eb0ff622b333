// spec.expect as users write it: every form parses into the expected tagged value, and mistakes come
// back as located messages (file:line, path) that say what to write instead.

import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../model/errors.js';
import { loadScenarioText } from '../scenario/load.js';
import type { Expectation } from './schema.js';

const HEAD = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  duration: 10m
  cluster: {nodePools: [{name: p, count: 1, capacity: {cpu: "1", memory: 1Gi}}]}
  expect:
    - {metric: nodes_total, at: 0s, equals: 1}
`;

function parse(item: string): Expectation {
  const list = loadScenarioText(`${HEAD}    - ${item}\n`, 'e.yaml').scenario.spec.expect ?? [];
  return list[1] as Expectation;
}

function problem(item: string): string {
  try {
    loadScenarioText(`${HEAD}    - ${item}\n`, 'e.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${item}`);
}

describe('spec.expect forms', () => {
  it('event at a time, with tolerance and occurrence', () => {
    expect(
      parse(
        '{event: {reason: NodeStatusUnknown, object: general-a-01}, at: 2m25s, tolerance: 5s, occurrence: last}',
      ),
    ).toEqual({
      type: 'eventTime',
      event: {
        reason: { mode: 'exact', text: 'NodeStatusUnknown', pattern: 'NodeStatusUnknown', flags: '' },
        object: { mode: 'exact', text: 'general-a-01', pattern: 'general-a-01', flags: '' },
      },
      occurrence: 'last',
      at: { kind: 'abs', us: 145_000_000 },
      toleranceUs: 5_000_000,
    });
  });

  it('event at an offset from another event (negative offsets too)', () => {
    const e = parse('{event: {reason: TaintAdded}, at: {after: {reason: NodeStatusUnknown}, by: -5s}}');
    expect(e.type === 'eventTime' && e.at).toMatchObject({
      kind: 'rel',
      byUs: -5_000_000,
      after: { reason: { text: 'NodeStatusUnknown' } },
    });
  });

  it('counts, never, windows with end', () => {
    expect(parse('{event: {reason: TaintManagerEviction}, count: 40, between: [15m, 16m]}')).toMatchObject({
      type: 'eventCount',
      count: { equals: 40 },
      never: false,
      between: [
        { kind: 'abs', us: 900_000_000 },
        { kind: 'abs', us: 960_000_000 },
      ],
    });
    expect(parse('{event: {reason: X}, count: {atLeast: 1, atMost: 3}}')).toMatchObject({
      count: { atLeast: 1, atMost: 3 },
      between: null,
    });
    expect(parse('{event: {reason: X}, never: true, between: [10m, end]}')).toMatchObject({
      type: 'eventCount',
      count: { equals: 0 },
      never: true,
      between: [{ kind: 'abs' }, { kind: 'end' }],
    });
  });

  it('order, window, metric and summary forms', () => {
    expect(parse('{event: {reason: A}, before: {reason: B}}')).toMatchObject({
      type: 'eventOrder',
      relation: 'before',
      occurrence: 1,
    });
    expect(parse('{event: {reason: A}, after: {reason: B}, occurrence: 2}')).toMatchObject({
      relation: 'after',
      occurrence: 2,
    });
    expect(parse('{event: {reason: A}, occurrence: last, between: [0s, 15m]}')).toMatchObject({
      type: 'eventWindow',
      occurrence: 'last',
    });
    expect(parse('{metric: pods_pending, at: 20m, equals: 0}')).toMatchObject({
      type: 'metric',
      bound: { equals: 0 },
      between: null,
    });
    expect(parse('{metric: nodes_ready, between: [1m, 5m], atLeast: 10, atMost: 12}')).toMatchObject({
      at: null,
      bound: { atLeast: 10, atMost: 12 },
    });
    expect(parse('{summary: scheduling_latency.p99_s, atMost: 5, description: "p99 bind latency"}')).toEqual({
      type: 'summary',
      path: 'scheduling_latency.p99_s',
      bound: { atMost: 5 },
      description: 'p99 bind latency',
    });
  });
});

describe('spec.expect mistakes', () => {
  it.each([
    [
      '{evnt: {reason: X}, at: 5s}',
      'spec.expect[1]: an expectation needs one of event:, metric: or summary:; did you mean "event"?',
    ],
    [
      '{event: {reason: X}}',
      'spec.expect[1]: say what to expect of the event: at, between, count, never, before, after',
    ],
    [
      '{event: {reason: X}, at: 5s, count: 3}',
      'spec.expect[1].count: count cannot be combined with at (at goes with tolerance and occurrence)',
    ],
    [
      '{event: {reasn: X}, at: 5s}',
      'spec.expect[1].event.reasn: unknown field "reasn"; did you mean "reason"?',
    ],
    [
      '{event: {}, at: 5s}',
      'spec.expect[1].event: an event selector needs at least one of reason, kind, object, node, zone, detail',
    ],
    [
      '{event: {reason: X}, at: five}',
      'spec.expect[1].at: expected a time: a duration such as "5m50s", end, or {after: {reason: ...}, by: 5s}; time: invalid duration "five"',
    ],
    [
      '{event: {reason: X}, at: {after: {reason: Y}, by: 5q}}',
      'spec.expect[1].at.by: time: unknown unit "q" in duration "5q"',
    ],
    [
      '{event: {reason: X}, at: {aftr: {reason: Y}}}',
      'spec.expect[1].at.aftr: unknown field "aftr"; did you mean "after"?',
    ],
    ['{event: {reason: "/[/"}, at: 5s}', 'spec.expect[1].event.reason: invalid regular expression /[/'],
    [
      '{metric: pods_pendng, at: 5s, equals: 0}',
      'spec.expect[1].metric: unknown timeseries column "pods_pendng"; did you mean "pods_pending"?',
    ],
    ['{metric: pods_pending, equals: 0}', 'spec.expect[1]: give exactly one of at (one sample) or between'],
    [
      '{metric: pods_pending, at: 5s}',
      'spec.expect[1]: say what pods_pending should be: equals, atLeast and/or atMost',
    ],
    [
      '{metric: pods_pending, at: 5s, equals: 0, atMost: 3}',
      'spec.expect[1].equals: equals cannot be combined with atLeast or atMost',
    ],
    [
      '{metric: pods_pending, at: 5s, atLeast: 4, atMost: 3}',
      'spec.expect[1].atMost: atMost (3) is below atLeast (4)',
    ],
    ['{summary: "a..b", atMost: 3}', 'spec.expect[1].summary: expected a dotted path into summary.json'],
    [
      '{event: {reason: X}, between: [5m, 1m]}',
      'spec.expect[1].between[1]: the window ends before it starts',
    ],
    [
      '{event: {reason: X}, count: {atleast: 1}}',
      'spec.expect[1].count.atleast: unknown field "atleast"; did you mean "atLeast"?',
    ],
    [
      '{event: {reason: X}, tolerance: 5s, count: 1}',
      'spec.expect[1].tolerance: tolerance cannot be combined with count',
    ],
    [
      '{event: {reason: X}, at: 5s, occurrence: zero}',
      'spec.expect[1].occurrence: expected first, last, or a match number',
    ],
    ['{event: {reason: X}, never: false}', 'spec.expect[1].never: never: true is the only form'],
    ['5', 'spec.expect[1]: expected a mapping with event:, metric: or summary:'],
    [
      '{event: {reason: X}, metric: pods_pending, at: 5s}',
      'spec.expect[1]: an expectation is about one thing; found event and metric',
    ],
  ])('%s', (item, message) => {
    expect(problem(item)).toContain(`e.yaml:9: ${message}`);
  });

  it('names the line of a block-style item', () => {
    const text = `${HEAD}    - event:\n        reason: NodeReady\n      at: 1m\n      tolerence: 1s\n`;
    expect(() => loadScenarioText(text, 'e.yaml')).toThrow(
      /e\.yaml:12: spec\.expect\[1\]\.tolerence: unknown field "tolerence"; did you mean "tolerance"\?/,
    );
  });
});
