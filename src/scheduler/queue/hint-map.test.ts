// buildQueueingHintMap (pkg/scheduler/framework/runtime/framework.go): each plugin's EventsToRegister
// with its QueueingHintFn when SchedulerQueueingHints is on, defaultQueueingHintFn (Queue) otherwise or
// when the plugin gave none; a plugin registering Node/Add but not Node/UpdateNodeTaint also gets
// UpdateNodeTaint with the default hint (the #109437 mitigation), in either regime.
import { describe, expect, it } from 'vitest';
import {
  ActionType,
  AssignedPodDelete,
  clusterEvent,
  NodeAdd,
  NodeTaintChange,
  nodeEventWithHint,
  podEventWithHint,
  QueueingHint,
} from '../cluster-events.js';
import type { Plugin } from '../framework.js';
import { hintPod } from '../testing/hint-fixtures.js';
import { buildQueueingHintMap, defaultQueueingHintFn, matchingHints } from './hint-map.js';

const skip = () => QueueingHint.QueueSkip;
const plugin = (name: string, events?: Plugin['eventsToRegister']) =>
  ({ name, ...(events ? { eventsToRegister: events } : {}) }) as Plugin;
const NodeUpdate = clusterEvent('Node', ActionType.Update);

describe('buildQueueingHintMap', () => {
  const plugins = [
    plugin('NoEvents'),
    plugin('AddOnly', () => [nodeEventWithHint(ActionType.Add, skip), podEventWithHint(ActionType.Delete)]),
    plugin('AddAndUpdate', () => [nodeEventWithHint(ActionType.Add | ActionType.Update)]),
    plugin('TaintOnly', () => [nodeEventWithHint(ActionType.UpdateNodeTaint, skip)]),
    plugin('LabelOnly', () => [nodeEventWithHint(ActionType.UpdateNodeLabel)]),
  ];

  it('with queueing hints: the plugin hints, the default for none, UpdateNodeTaint added after Node/Add', () => {
    const map = buildQueueingHintMap(plugins, true);
    expect(map.map((e) => [e.plugin, e.event.resource, e.event.action])).toEqual([
      ['AddOnly', 'Node', ActionType.Add],
      ['AddOnly', 'Pod', ActionType.Delete],
      ['AddOnly', 'Node', ActionType.UpdateNodeTaint],
      ['AddAndUpdate', 'Node', ActionType.Add | ActionType.Update],
      ['TaintOnly', 'Node', ActionType.UpdateNodeTaint],
      ['LabelOnly', 'Node', ActionType.UpdateNodeLabel],
    ]);
    expect(map[0]?.fn).toBe(skip);
    expect(map[1]?.fn).toBe(defaultQueueingHintFn);
    expect(map[2]?.fn).toBe(defaultQueueingHintFn);
    expect(map[4]?.fn).toBe(skip);
    expect(map[2]?.event).toEqual(clusterEvent('Node', ActionType.UpdateNodeTaint));
  });

  it('only a Node/Add registration brings UpdateNodeTaint: a Pod/Add or PersistentVolume/Add does not', () => {
    const map = buildQueueingHintMap(
      [
        plugin('PodAdd', () => [podEventWithHint(ActionType.Add)]),
        plugin('PodAddAndNodeTaint', () => [podEventWithHint(ActionType.Add | ActionType.UpdateNodeTaint)]),
      ],
      true,
    );
    expect(map.map((e) => [e.plugin, e.event.resource, e.event.action])).toEqual([
      ['PodAdd', 'Pod', ActionType.Add],
      ['PodAddAndNodeTaint', 'Pod', ActionType.Add | ActionType.UpdateNodeTaint],
    ]);
  });

  it('without queueing hints every hint is the default, which says Queue', () => {
    const map = buildQueueingHintMap(plugins, false);
    expect(map.every((e) => e.fn === defaultQueueingHintFn)).toBe(true);
    expect(map).toHaveLength(6);
    expect(defaultQueueingHintFn(hintPod({}), null, null)).toBe(QueueingHint.Queue);
  });

  it('passes the regime to EventsToRegister', () => {
    const seen: boolean[] = [];
    buildQueueingHintMap(
      [
        plugin('P', (on) => {
          seen.push(on);
          return [];
        }),
      ],
      true,
    );
    expect(seen).toEqual([true]);
  });
});

describe('matchingHints', () => {
  it('groups the matching hints by plugin, in map order', () => {
    const a = () => QueueingHint.Queue;
    const b = () => QueueingHint.QueueSkip;
    const map = [
      { event: NodeAdd, plugin: 'X', fn: a },
      { event: NodeUpdate, plugin: 'Y', fn: b },
      { event: NodeAdd, plugin: 'X', fn: b },
      { event: AssignedPodDelete, plugin: 'Z', fn: a },
    ];
    const m = matchingHints(map, NodeAdd);
    expect([...m.keys()]).toEqual(['X']);
    expect(m.get('X')).toEqual([a, b]);
    expect([...matchingHints(map, NodeTaintChange).keys()]).toEqual(['Y']);
  });
});
