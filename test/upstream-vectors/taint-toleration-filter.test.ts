// Upstream kube-scheduler unit-test vectors for TaintToleration Filter, replayed through kubesim explain with
// only TaintToleration enabled. Inputs and expected statuses come from
//   pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go (TestTaintTolerationFilter)
// in kubernetes/kubernetes.
import { describe, expect, it } from 'vitest';
import { filterStatuses, fpod, lnode, ok, unresolvable, type Want } from './filter-vectors.js';

type Taint = { key: string; value?: string; effect: string };
type Toleration = { key?: string; operator?: string; value?: string; effect?: string };

const cases: Array<[string, Toleration[], Taint[], Want]> = [
  [
    "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
    [],
    [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    unresolvable('node(s) had untolerated taint {dedicated: user1}'),
  ],
  [
    'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
    [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    ok,
  ],
  [
    "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
    [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
    [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    unresolvable('node(s) had untolerated taint {dedicated: user1}'),
  ],
  [
    'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
    [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
    [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    ok,
  ],
  [
    'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
    [
      { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
    ],
    [
      { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
    ],
    ok,
  ],
  [
    "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
    [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
    [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    unresolvable('node(s) had untolerated taint {foo: bar}'),
  ],
  [
    'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
    [{ key: 'foo', operator: 'Equal', value: 'bar' }],
    [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    ok,
  ],
  [
    "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
    [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
    [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
    ok,
  ],
  [
    'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node',
    [],
    [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
    ok,
  ],
];

describe('upstream TestTaintTolerationFilter (taint_toleration_test.go)', () => {
  it.each(cases)('%s', (_name, tolerations, taints, want) => {
    const got = filterStatuses({
      plugin: 'TaintToleration',
      noPreFilter: true,
      nodes: [lnode('nodeA', {}, taints)],
      pod: fpod('pod1', { tolerations }),
    });
    expect(got.nodeA).toEqual(want);
  });
});
