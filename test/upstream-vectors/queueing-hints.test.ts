// Upstream queueing-hint vectors, replayed on kubesim's QueueingHintFns. Inputs and expected hints come
// from kubernetes/kubernetes:
//   pkg/scheduler/framework/plugins/noderesources/fit_test.go (Test_isSchedulableAfterNodeChange,
//     Test_isSchedulableAfterPodEvent)
//   pkg/scheduler/framework/plugins/interpodaffinity/plugin_test.go (Test_isSchedulableAfterNodeChange)
//   pkg/scheduler/framework/plugins/podtopologyspread/plugin_test.go (Test_isSchedulableAfterNodeChange,
//     Test_isSchedulableAfterPodChange)
//   pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go (TestIsSchedulableAfterNodeChange,
//     Test_isSchedulableAfterPodChange)
// Each case keeps its upstream name. Upstream's st.MakeNode().Capacity also gives 32 pod slots; its
// st.MakePod() has namespace "" and no UID unless set. Not replayed: the backoff-wrong-* cases (a
// QueueingHintFn here is typed, a wrong object cannot reach it), pod-level-resources scale-down cases
// (kubesim folds pod-level requests into the pod's requests before the queue sees them), the DRA
// device-class hints (no DeviceClass objects), "skip-updates-not-toleration" (a label-only update never
// reaches the toleration hint: it is registered for UpdatePodToleration only, checked below).
// NodeUnschedulable, NodeAffinity, NodePorts, InterPodAffinity's pod hint, the node event extraction and
// the queue's requeueing are replayed in queueing-hints-more.test.ts.
import { describe, expect, it } from 'vitest';
import type { Pod, Resources, Taint } from '../../src/model/types.js';
import {
  ActionType,
  clusterEvent,
  matchEvent,
  type NodeObject,
  QueueingHint,
} from '../../src/scheduler/cluster-events.js';
import { isSchedulableAfterNodeChange as ipaNode } from '../../src/scheduler/plugins/inter-pod-affinity/hints.js';
import {
  isSchedulableAfterNodeChange as fitNode,
  isSchedulableAfterPodEvent as fitPod,
} from '../../src/scheduler/plugins/node-resources-fit/hints.js';
import { podConstraints } from '../../src/scheduler/plugins/pod-topology-spread/constraints.js';
import { nodeChangeHint, podChangeHint } from '../../src/scheduler/plugins/pod-topology-spread/hints.js';
import {
  taintEventsToRegister,
  isSchedulableAfterNodeChange as taintNode,
  isSchedulableAfterPodTolerationChange as taintPod,
} from '../../src/scheduler/plugins/taint-toleration/hints.js';
import { hintNode, hintPod, obj } from '../../src/scheduler/testing/hint-fixtures.js';

const { Queue, QueueSkip } = QueueingHint;
const cap = (r: Partial<Resources>): Resources => ({
  milliCPU: 0,
  memory: 0,
  ephemeralStorage: 0,
  allowedPodNumber: 32,
  scalar: {},
  ...r,
});
const A = 'example.com/aaa';
const B = 'example.com/bbb';
const resPod = (r: Partial<Resources>) => hintPod({ requests: { ...cap(r), allowedPodNumber: 0 } });
const capNode = (r: Partial<Resources>) => hintNode({ allocatable: cap(r) });

describe('upstream noderesources Test_isSchedulableAfterNodeChange (fit_test.go)', () => {
  const pod2 = () => resPod({ memory: 2, scalar: { [A]: 1 } });
  it.each<[string, Pod, NodeObject | null, NodeObject, number]>([
    [
      'skip-queue-on-node-add-without-sufficient-resources',
      resPod({ memory: 2 }),
      null,
      capNode({ memory: 1 }),
      QueueSkip,
    ],
    [
      'skip-queue-on-node-add-without-required-resource-type',
      resPod({ scalar: { [A]: 1 } }),
      null,
      capNode({ scalar: { [B]: 1 } }),
      QueueSkip,
    ],
    [
      'queue-on-node-add-with-sufficient-resources',
      pod2(),
      null,
      capNode({ memory: 4, scalar: { [A]: 2 } }),
      Queue,
    ],
    [
      'skip-queue-on-node-unrelated-changes',
      pod2(),
      capNode({ memory: 2, scalar: { [A]: 2 } }),
      capNode({ memory: 2, scalar: { [A]: 1, [B]: 2 } }),
      QueueSkip,
    ],
    [
      'queue-on-pod-requested-resources-increase',
      pod2(),
      capNode({ memory: 2, scalar: { [A]: 1 } }),
      capNode({ memory: 2, scalar: { [A]: 2 } }),
      Queue,
    ],
    [
      'skip-queue-on-node-changes-from-suitable-to-unsuitable',
      pod2(),
      capNode({ memory: 4, scalar: { [A]: 2 } }),
      capNode({ memory: 1, scalar: { [A]: 2 } }),
      QueueSkip,
    ],
    [
      'queue-on-node-changes-from-unsuitable-to-suitable',
      pod2(),
      capNode({ memory: 1, scalar: { [A]: 2 } }),
      capNode({ memory: 4, scalar: { [A]: 2 } }),
      Queue,
    ],
  ])('%s', (_name, pod, oldNode, newNode, want) => {
    expect(fitNode(pod, oldNode, newNode)).toBe(want);
  });
});

describe('upstream noderesources Test_isSchedulableAfterPodEvent (fit_test.go)', () => {
  const cpu = (uid: string, milliCPU: number, nodeName: string | null) =>
    hintPod({ uid, nodeName, requests: { ...cap({ milliCPU }), allowedPodNumber: 0 } });
  it.each<[string, boolean, Pod, Pod | null, Pod | null, number]>([
    ['skip-queue-on-unscheduled-pod-deleted', true, hintPod({}), hintPod({ uid: 'x' }), null, QueueSkip],
    [
      'skip-queue-on-disable-inplace-pod-vertical-scaling',
      false,
      cpu('pod1', 1000, null),
      cpu('pod2', 2000, 'fake'),
      cpu('pod2', 1000, 'fake'),
      QueueSkip,
    ],
    [
      'skip-queue-on-other-unscheduled-pod',
      true,
      cpu('uid0', 1000, null),
      cpu('uid1', 2000, null),
      cpu('uid1', 1000, null),
      QueueSkip,
    ],
    [
      'skip-queue-on-other-pod-unrelated-resource-scaled-down',
      true,
      cpu('pod1', 1000, null),
      hintPod({ uid: 'pod2', nodeName: 'fake', requests: { ...cap({ memory: 2 }), allowedPodNumber: 0 } }),
      hintPod({ uid: 'pod2', nodeName: 'fake', requests: { ...cap({ memory: 1 }), allowedPodNumber: 0 } }),
      QueueSkip,
    ],
    [
      'queue-on-other-pod-some-resource-scale-down',
      true,
      cpu('pod1', 1000, null),
      cpu('pod2', 2000, 'fake'),
      cpu('pod2', 1000, 'fake'),
      Queue,
    ],
    [
      'queue-on-target-pod-some-resource-scale-down',
      true,
      cpu('pod1', 1000, null),
      cpu('pod1', 2000, null),
      cpu('pod1', 1000, null),
      Queue,
    ],
  ])('%s', (_name, inPlace, pod, oldPod, newPod, want) => {
    expect(fitPod(inPlace)(pod, oldPod && obj(oldPod), newPod && obj(newPod))).toBe(want);
  });
});

describe('upstream interpodaffinity Test_isSchedulableAfterNodeChange (plugin_test.go)', () => {
  const affinity = (topologyKey: string) =>
    hintPod({
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: {
                matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }],
              },
              topologyKey,
            },
          ],
        },
      },
    });
  const anti = hintPod({
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { another: 'label' } }, topologyKey: 'zone' },
        ],
      },
    },
  });
  const n = (labels: Record<string, string>) => hintNode({ name: 'node-a', labels });
  it.each<[string, Pod, NodeObject | null, NodeObject, number]>([
    [
      'add a new node with matched pod affinity topologyKey',
      affinity('zone'),
      null,
      n({ zone: 'zone1' }),
      Queue,
    ],
    ['add a new node without matched topologyKey', affinity('region'), null, n({ zone: 'zone1' }), QueueSkip],
    ['update node label but not topologyKey', affinity('zone'), n({ aaa: 'a' }), n({ aaa: 'b' }), QueueSkip],
    [
      "update node label that isn't related to the pod affinity",
      affinity('zone'),
      n({ zone: 'zone1' }),
      n({ zone: 'zone1', 'unrelated-label': 'unrelated' }),
      QueueSkip,
    ],
    [
      'update node with different affinity topologyKey value',
      affinity('zone'),
      n({ zone: 'zone1' }),
      n({ zone: 'zone2' }),
      Queue,
    ],
    [
      'update node to have the affinity topology label',
      affinity('zone'),
      n({ aaa: 'a' }),
      n({ zone: 'zone1' }),
      Queue,
    ],
    ['add a new node with matched pod anti-affinity topologyKey', anti, null, n({ zone: 'zone1' }), Queue],
    ['add a new node without matched pod anti-affinity topologyKey', anti, null, n({}), Queue],
    [
      "update node label that isn't related to the pod anti-affinity",
      anti,
      n({ zone: 'zone1' }),
      n({ zone: 'zone1', 'unrelated-label': 'unrelated' }),
      QueueSkip,
    ],
    [
      'update node with different anti-affinity topologyKey value',
      anti,
      n({ zone: 'zone1' }),
      n({ zone: 'zone2' }),
      Queue,
    ],
    [
      'update node to have the anti-affinity topology label',
      anti,
      n({ aaa: 'a' }),
      n({ zone: 'zone1' }),
      QueueSkip,
    ],
    [
      'update node label not to have anti-affinity topology label',
      anti,
      n({ zone: 'zone1' }),
      n({ aaa: 'a' }),
      Queue,
    ],
  ])('%s', (_name, pod, oldNode, newNode, want) => {
    expect(ipaNode(pod, oldNode, newNode)).toBe(want);
  });
});

describe('upstream podtopologyspread Test_isSchedulableAfterNodeChange (plugin_test.go)', () => {
  const exists = (key: string) => ({ matchExpressions: [{ key, operator: 'Exists' as const }] });
  const spread = (keys: string[], selectors = keys.map(() => exists('foo')), honor?: 'Honor' | 'Ignore') =>
    hintPod({
      uid: 'p',
      labels: { foo: '' },
      topologySpreadConstraints: keys.map((topologyKey, i) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: 'DoNotSchedule' as const,
        labelSelector: selectors[i],
        ...(i === 0 && honor !== undefined ? { nodeTaintsPolicy: honor } : {}),
      })),
    });
  const hint = nodeChangeHint((p) => podConstraints(p, 'DoNotSchedule'));
  const n = (labels: Record<string, string>, taints: Taint[] = []) =>
    hintNode({ name: 'node-a', labels, taints });
  const t = (key: string): Taint[] => [{ key, value: 'bbb', effect: 'NoSchedule' }];
  const zn = ['zone', 'node'];
  it.each<[string, Pod, NodeObject | null, NodeObject | null, number]>([
    [
      'node updates label which matches topologyKey',
      spread(['zone']),
      n({ zone: 'zone1' }),
      n({ zone: 'zone2' }),
      Queue,
    ],
    [
      "node that doesn't match topologySpreadConstraints updates non-related label",
      spread(['zone']),
      n({ foo: 'bar1' }),
      n({ foo: 'bar2' }),
      QueueSkip,
    ],
    [
      'node that match topologySpreadConstraints adds non-related label',
      spread(zn),
      n({ zone: 'zone1', node: 'node1', foo: 'bar' }),
      n({ zone: 'zone1', node: 'node1' }),
      QueueSkip,
    ],
    ['create node with non-related labels', spread(['zone']), null, n({ foo: 'bar' }), QueueSkip],
    ['create node with related labels', spread(['zone']), null, n({ zone: 'zone1' }), Queue],
    ['delete node with non-related labels', spread(['zone']), n({ foo: 'bar' }), null, QueueSkip],
    ['delete node with related labels', spread(['zone']), n({ zone: 'zone1' }), null, Queue],
    [
      'add node with related labels that only match one of topologySpreadConstraints',
      spread(zn),
      null,
      n({ zone: 'zone1' }),
      QueueSkip,
    ],
    [
      'add node with related labels that match all topologySpreadConstraints',
      spread(zn),
      null,
      n({ zone: 'zone1', node: 'node1' }),
      Queue,
    ],
    [
      'update node with related labels that only match one of topologySpreadConstraints',
      spread(zn),
      n({ zone: 'zone1' }),
      n({ zone: 'zone1' }),
      QueueSkip,
    ],
    [
      'update node with related labels that match all topologySpreadConstraints',
      spread(zn),
      n({ zone: 'zone1', node: 'node1' }),
      n({ zone: 'zone1', node: 'node2' }),
      Queue,
    ],
    [
      'update node with different taints that match all topologySpreadConstraints',
      spread(zn),
      n({ zone: 'zone1', node: 'node1' }, t('aaa')),
      n({ zone: 'zone1', node: 'node1' }, t('ccc')),
      Queue,
    ],
    [
      'update node with different taints that only match one of topologySpreadConstraints',
      spread(zn),
      n({ node: 'node1' }, t('aaa')),
      n({ node: 'node1' }, t('ccc')),
      QueueSkip,
    ],
  ])('%s', (_name, pod, oldNode, newNode, want) => {
    expect(hint(pod, oldNode, newNode)).toBe(want);
  });

  describe('Test_isSchedulableAfterPodChange', () => {
    const podHint = podChangeHint((p) => podConstraints(p, 'DoNotSchedule'));
    const foo = spread(['zone']);
    const fooBar = spread(['zone', 'node'], [exists('foo'), exists('bar')]);
    const other = (
      labels: Record<string, string>,
      o: { nodeName?: string | null; namespace?: string } = {},
    ) =>
      hintPod({
        uid: 'p2',
        labels,
        nodeName: o.nodeName === undefined ? 'fake-node' : o.nodeName,
        ...(o.namespace ? { namespace: o.namespace } : {}),
      });
    it.each<[string, Pod, Pod | null, Pod | null, number]>([
      ['add pod with labels match topologySpreadConstraints selector', foo, null, other({ foo: '' }), Queue],
      ['add un-scheduled pod', foo, null, other({ foo: '' }, { nodeName: null }), QueueSkip],
      [
        'update un-scheduled pod',
        foo,
        other({ bar: '' }, { nodeName: null }),
        other({ foo: '' }, { nodeName: null }),
        QueueSkip,
      ],
      ['delete un-scheduled pod', foo, other({ foo: '' }, { nodeName: null }), null, QueueSkip],
      [
        'add pod with different namespace',
        foo,
        null,
        other({ foo: '' }, { namespace: 'fake-namespace' }),
        QueueSkip,
      ],
      [
        "add pod with labels don't match topologySpreadConstraints selector",
        foo,
        null,
        other({ bar: '' }),
        QueueSkip,
      ],
      [
        'delete pod with labels that match topologySpreadConstraints selector',
        foo,
        other({ foo: '' }),
        null,
        Queue,
      ],
      [
        "delete pod with labels that don't match topologySpreadConstraints selector",
        foo,
        other({ bar: '' }),
        null,
        QueueSkip,
      ],
      [
        "update pod's non-related label",
        foo,
        other({ foo: '', bar: 'bar1' }),
        other({ foo: '', bar: 'bar2' }),
        QueueSkip,
      ],
      [
        "add pod's label that matches topologySpreadConstraints selector",
        foo,
        other({}),
        other({ foo: '' }),
        Queue,
      ],
      [
        'delete pod label that matches topologySpreadConstraints selector',
        foo,
        other({ foo: '' }),
        other({}),
        Queue,
      ],
      [
        "change pod's label that matches topologySpreadConstraints selector",
        foo,
        other({ foo: 'foo1' }),
        other({ foo: 'foo2' }),
        QueueSkip,
      ],
      [
        "change pod's label that doesn't match topologySpreadConstraints selector",
        foo,
        other({ foo: '', bar: 'bar1' }),
        other({ foo: '', bar: 'bar2' }),
        QueueSkip,
      ],
      [
        "add pod's label that matches topologySpreadConstraints selector with multi topologySpreadConstraints",
        fooBar,
        other({ foo: '' }),
        other({ foo: '', bar: 'bar2' }),
        Queue,
      ],
      [
        "change pod's label that doesn't match topologySpreadConstraints selector with multi topologySpreadConstraints",
        fooBar,
        other({ foo: '' }),
        other({ foo: '', baz: '' }),
        QueueSkip,
      ],
      [
        "change pod's label that match topologySpreadConstraints selector with multi topologySpreadConstraints",
        fooBar,
        other({ foo: '', bar: '' }),
        other({ foo: '', bar: 'bar2' }),
        QueueSkip,
      ],
    ])('%s', (_name, pod, oldPod, newPod, want) => {
      expect(podHint(pod, oldPod && obj(oldPod), newPod && obj(newPod))).toBe(want);
    });

    it('the unschedulable Pod has topologySpreadConstraint with NodeTaintsPolicy:Honor and has got a new toleration', () => {
      const pod = spread(['zone', 'node'], [exists('foo'), exists('bar')], 'Honor');
      const before = hintPod({ uid: 'p', labels: { foo: '' } });
      const after = hintPod({
        uid: 'p',
        labels: { foo: '' },
        tolerations: [{ key: 'node.kubernetes.io/unschedulable' }],
      });
      expect(podHint(pod, obj(before), obj(after))).toBe(Queue);
    });
    it('the unschedulable Pod has topologySpreadConstraint without NodeTaintsPolicy:Honor and has got a new toleration', () => {
      const pod = spread(['zone', 'node'], [exists('foo'), exists('bar')], 'Ignore');
      const before = hintPod({ uid: 'p', labels: { foo: '' } });
      const after = hintPod({
        uid: 'p',
        labels: { foo: '' },
        tolerations: [{ key: 'node.kubernetes.io/unschedulable' }],
      });
      expect(podHint(pod, obj(before), obj(after))).toBe(QueueSkip);
    });
    it('the unschedulable Pod has topologySpreadConstraint and has got a new label matching the selector of the constraint', () => {
      const pod = spread(['zone', 'node'], [exists('foo'), exists('bar')], 'Ignore');
      expect(podHint(pod, obj(hintPod({ uid: 'p' })), obj(hintPod({ uid: 'p', labels: { foo: '' } })))).toBe(
        Queue,
      );
    });
    it('the unschedulable Pod has topologySpreadConstraint and has got a new unrelated label', () => {
      const pod = spread(['zone', 'node'], [exists('foo'), exists('bar')], 'Ignore');
      expect(
        podHint(pod, obj(hintPod({ uid: 'p' })), obj(hintPod({ uid: 'p', labels: { unrelated: '' } }))),
      ).toBe(QueueSkip);
    });
  });
});

describe('upstream tainttoleration TestIsSchedulableAfterNodeChange (taint_toleration_test.go)', () => {
  const pod = hintPod({
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
  });
  const n = (...values: string[]) =>
    hintNode({
      name: 'nodeA',
      taints: values.map((value) => ({ key: 'dedicated', value, effect: 'NoSchedule' as const })),
    });
  it.each<[string, NodeObject | null, NodeObject, number]>([
    ['skip-queue-on-untoleratedtaint-node-added', null, n('user1'), QueueSkip],
    ['queue-on-toleratedtaint-node-added', null, n('user2'), Queue],
    ['skip-unrelated-change', n('user1'), n('user1', 'user3'), QueueSkip],
    ['queue-on-taint-change', n('user1'), n('user2'), Queue],
  ])('%s', (_name, oldNode, newNode, want) => {
    expect(taintNode(pod, oldNode, newNode)).toBe(want);
  });

  describe('Test_isSchedulableAfterPodChange', () => {
    it('skip-updates-other-pod', () => {
      const target = hintPod({ uid: 'uid0' });
      const other = hintPod({ uid: 'uid1', tolerations: [{ key: 'foo', effect: 'NoSchedule' }] });
      expect(taintPod(target, obj(hintPod({ uid: 'uid1' })), obj(other))).toBe(QueueSkip);
    });
    it('queue-on-toleration-added', () => {
      const target = hintPod({ uid: 'pod-1' });
      const after = hintPod({ uid: 'pod-1', tolerations: [{ key: 'foo', effect: 'NoSchedule' }] });
      expect(taintPod(target, obj(target), obj(after))).toBe(Queue);
    });
    it('skip-updates-not-toleration: a label update does not match the UpdatePodToleration registration', () => {
      const reg = taintEventsToRegister(true).find((e) => e.event.resource === 'Pod');
      const labelUpdate = clusterEvent('UnschedulablePod', ActionType.UpdatePodLabel);
      expect(reg && matchEvent(reg.event, labelUpdate)).toBe(false);
      expect(
        reg && matchEvent(reg.event, clusterEvent('UnschedulablePod', ActionType.UpdatePodToleration)),
      ).toBe(true);
    });
  });
});
