// More upstream queueing-hint vectors (kubernetes/kubernetes), replayed on kubesim's hints, event
// extraction and scheduling queue:
//   pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable_test.go
//     (TestIsSchedulableAfterNodeChange)
//   pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go (Test_isSchedulableAfterNodeChange)
//   pkg/scheduler/framework/plugins/nodeports/node_ports_test.go (Test_isSchedulableAfterPodDeleted)
//   pkg/scheduler/framework/plugins/interpodaffinity/plugin_test.go (Test_isSchedulableAfterPodChange)
//   pkg/scheduler/framework/events_test.go (TestNodeSchedulingPropertiesChange, TestNodeLabelsChange,
//     TestNodeTaintsChange, TestNodeAllocatableChange)
//   pkg/scheduler/backend/queue/scheduling_queue_test.go
//     (TestPriorityQueue_MoveAllToActiveOrBackoffQueueWithQueueingHint,
//      TestPriorityQueue_MoveAllToActiveOrBackoffQueueWithOutQueueingHint, TestPriorityQueue_AssignedPodAdded_)
// Each case keeps its upstream name. Not replayed: the backoff-wrong-* cases (typed hints cannot receive a
// wrong object), the node-annotation and node-condition events (no in-tree plugin registers them and the
// simulation raises neither), the scheduling-gate and PreEnqueue cases of the queue tests (kubesim keeps
// gated pods out of the queue), the "Queue queues pod to activeQ" case with PendingPlugins (no plugin
// returns Pending here), and Test_InFlightPods (a kubesim scheduling cycle decides at one instant, so no
// event can arrive while a pod is in flight).
import { describe, expect, it } from 'vitest';
import type { Pod, Taint } from '../../src/model/types.js';
import { emptyResources } from '../../src/model/types.js';
import {
  AssignedPodAdd,
  type ClusterEvent,
  NodeAdd,
  type NodeObject,
  nodeSchedulingPropertiesChange,
  podObject,
  QueueingHint,
} from '../../src/scheduler/cluster-events.js';
import { podChangeHint } from '../../src/scheduler/plugins/inter-pod-affinity/hints.js';
import { nodeAffinityHint } from '../../src/scheduler/plugins/node-affinity/hints.js';
import { isSchedulableAfterPodDeleted } from '../../src/scheduler/plugins/node-ports/hints.js';
import { conflicts, hostPorts } from '../../src/scheduler/plugins/node-ports/index.js';
import { isSchedulableAfterNodeChange as unschedNode } from '../../src/scheduler/plugins/node-unschedulable/hints.js';
import { less } from '../../src/scheduler/plugins/priority-sort/index.js';
import { type AnyHintFn, defaultQueueingHintFn } from '../../src/scheduler/queue/hint-map.js';
import { SchedulingQueue } from '../../src/scheduler/queue/scheduling-queue.js';
import { hintNode, hintPod, obj } from '../../src/scheduler/testing/hint-fixtures.js';

const { Queue, QueueSkip } = QueueingHint;
const S = 1_000_000;

describe('upstream nodeunschedulable TestIsSchedulableAfterNodeChange (node_unschedulable_test.go)', () => {
  const pod = hintPod({});
  const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
  it.each<[string, NodeObject | null, NodeObject, number]>([
    ['skip-queue-on-unschedulable-node-added', null, hintNode({ unschedulable: true }), QueueSkip],
    ['queue-on-schedulable-node-added', null, hintNode({ unschedulable: false }), Queue],
    [
      'skip-unrelated-change',
      hintNode({ unschedulable: true }),
      hintNode({ unschedulable: true, taints: [notReady] }),
      QueueSkip,
    ],
    [
      'queue-on-unschedulable-field-change',
      hintNode({ unschedulable: true }),
      hintNode({ unschedulable: false }),
      Queue,
    ],
  ])('%s', (_name, oldNode, newNode, want) => {
    expect(unschedNode(pod, oldNode, newNode)).toBe(want);
  });
});

describe('upstream nodeaffinity Test_isSchedulableAfterNodeChange (node_affinity_test.go)', () => {
  // st.MakePod().NodeAffinityIn("foo", []string{"bar"}, NodeSelectorTypeMatchExpressions)
  const pod = hintPod({
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] }],
        },
      },
    },
  });
  const n = (labels: Record<string, string> = {}) => hintNode({ labels });
  const plain = nodeAffinityHint(null);
  // args.AddedAffinity: the same foo In [bar] requirement, enforced by the scheduler.
  const added = nodeAffinityHint({
    nodeSelector: [],
    terms: [{ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] }],
  });
  it.each<[string, typeof plain, NodeObject | null, NodeObject, number]>([
    ['skip-queue-on-add', plain, null, n(), QueueSkip],
    ['queue-on-add', plain, null, n({ foo: 'bar' }), Queue],
    [
      'skip-unrelated-changes',
      plain,
      n(),
      hintNode({ allocatable: { ...emptyResources(), allowedPodNumber: 32 } }),
      QueueSkip,
    ],
    ['skip-unrelated-changes-on-labels', plain, n(), n({ k: 'v' }), QueueSkip],
    [
      'skip-labels-changes-on-node-from-suitable-to-unsuitable',
      plain,
      n({ foo: 'bar' }),
      n({ k: 'v' }),
      QueueSkip,
    ],
    ['queue-on-labels-change-makes-pod-schedulable', plain, n(), n({ foo: 'bar' }), Queue],
    ['skip-queue-on-add-scheduler-enforced-node-affinity', added, null, n(), QueueSkip],
    ['queue-on-add-scheduler-enforced-node-affinity', added, null, n({ foo: 'bar' }), Queue],
  ])('%s', (_name, hint, oldNode, newNode, want) => {
    expect(hint(pod, oldNode, newNode)).toBe(want);
  });
});

describe('upstream nodeports Test_isSchedulableAfterPodDeleted (node_ports_test.go)', () => {
  const hint = isSchedulableAfterPodDeleted({ hostPorts, conflicts });
  const pod = hintPod({ hostPorts: [8080] });
  it.each<[string, Pod, number]>([
    ['skip-queue-on-unscheduled', hintPod({}), QueueSkip],
    ['skip-queue-on-non-hostport', hintPod({ nodeName: 'fake-node' }), QueueSkip],
    ['skip-queue-on-unrelated-hostport', hintPod({ nodeName: 'fake-node', hostPorts: [8081] }), QueueSkip],
    ['queue-on-released-hostport', hintPod({ nodeName: 'fake-node', hostPorts: [8080] }), Queue],
  ])('%s', (_name, deleted, want) => {
    expect(hint(pod, obj(deleted), null)).toBe(want);
  });
});

describe('upstream interpodaffinity Test_isSchedulableAfterPodChange (plugin_test.go)', () => {
  const inTerm = (key: string, topologyKey: string, values: string[]) => ({
    labelSelector: { matchExpressions: [{ key, operator: 'In' as const, values }] },
    topologyKey,
  });
  const existsTerm = (key: string, topologyKey: string) => ({
    labelSelector: { matchExpressions: [{ key, operator: 'Exists' as const }] },
    topologyKey,
  });
  const securityscan = inTerm('service', 'region', ['securityscan', 'value2']);
  const withAffinity = (...terms: object[]) =>
    hintPod({
      uid: 'p',
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } as never,
    });
  const withAnti = (o: { uid?: string; labels?: Record<string, string>; nodeName?: string } = {}) =>
    hintPod({
      ...o,
      affinity: {
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [securityscan] },
      } as never,
    });
  const other = (labels: Record<string, string>, nodeName: string | null = 'fake-node') =>
    hintPod({ uid: 'other', labels, nodeName });
  const affinityPod = withAffinity(securityscan);
  const twoTerms = withAffinity(existsTerm('aaa', 'hostname'), existsTerm('bbb', 'hostname'));
  const antiPod = withAnti({ uid: 'p' });
  // The cases before kubernetes#135325, the same from 1.32 to 1.35.
  const hint135 = podChangeHint(false);
  const hint136 = podChangeHint(true);
  it.each<[string, Pod, Pod | null, Pod | null, number]>([
    [
      'add a pod which matches the pod affinity',
      affinityPod,
      null,
      other({ service: 'securityscan' }),
      Queue,
    ],
    ['add an un-scheduled pod', affinityPod, null, other({ service: 'securityscan' }, null), QueueSkip],
    ["add a pod which doesn't match the pod affinity", affinityPod, null, other({ aaa: 'a' }), QueueSkip],
    [
      'update a pod from non-match to match pod affinity',
      affinityPod,
      other({ aaa: 'a' }),
      other({ service: 'securityscan' }),
      Queue,
    ],
    [
      "the updating pod matches target pod's affinity both before and after label changes",
      affinityPod,
      other({ service: 'value2' }),
      other({ service: 'securityscan' }),
      QueueSkip,
    ],
    [
      'update an un-scheduled pod',
      affinityPod,
      other({ aaa: 'a' }, null),
      other({ service: 'securityscan' }, null),
      QueueSkip,
    ],
    [
      'update a pod from match to non-match the pod affinity',
      affinityPod,
      other({ service: 'securityscan' }),
      other({ aaa: 'a' }),
      QueueSkip,
    ],
    [
      "update a pod from match to non-match pod's affinity - multiple terms case",
      twoTerms,
      other({ aaa: 'a' }),
      other({ service: 'securityscan' }),
      QueueSkip,
    ],
    [
      "update a pod from non-match to match pod's affinity - multiple terms case",
      twoTerms,
      other({ aaa: 'a' }),
      other({ aaa: '', bbb: '' }),
      Queue,
    ],
    [
      'updated pod is the target pod',
      hintPod({ uid: 'p', labels: { foo: 'baz' } }),
      hintPod({ uid: 'p', labels: { foo: 'bar' } }),
      hintPod({ uid: 'p', labels: { foo: 'baz' } }),
      Queue,
    ],
    [
      'modify pod label to change it from satisfying pod anti-affinity to not satisfying anti-affinity',
      antiPod,
      other({ service: 'securityscan' }),
      other({ service: 'aaaa' }),
      Queue,
    ],
    [
      'modify pod label to change it from not satisfying pod anti-affinity to satisfying anti-affinity',
      antiPod,
      other({ service: 'bbb' }),
      other({ service: 'securityscan' }),
      QueueSkip,
    ],
    ["delete a pod which doesn't match pod's anti-affinity", antiPod, other({ aaa: 'a' }), null, QueueSkip],
    [
      "delete a pod which matches pod's anti-affinity",
      antiPod,
      other({ service: 'securityscan' }),
      null,
      Queue,
    ],
    [
      "delete a pod with anti-affinity that doesn't match pending pod",
      hintPod({ labels: { service: 'foo' } }),
      withAnti({ nodeName: 'fake-node' }),
      null,
      QueueSkip,
    ],
    [
      "delete a pod which doesn't match pending pod's anti-affinity and has anti-affinity that doesn't match pending pod",
      withAnti({ labels: { service: 'foo' } }),
      withAnti({ nodeName: 'fake-node', labels: { service: 'foo' } }),
      null,
      QueueSkip,
    ],
  ])('%s', (_name, pod, oldPod, newPod, want) => {
    const o = oldPod === null ? null : obj(oldPod);
    const n = newPod === null ? null : obj(newPod);
    expect(hint135(pod, o, n)).toBe(want);
    expect(hint136(pod, o, n)).toBe(want);
  });

  it('delete a pod with anti-affinity that matches pending pod (kubernetes#135325: Queue from 1.36, QueueSkip before)', () => {
    const pod = hintPod({ labels: { service: 'securityscan' } });
    const deleted = obj(withAnti({ nodeName: 'fake-node' }));
    expect(hint136(pod, deleted, null)).toBe(Queue);
    expect(hint135(pod, deleted, null)).toBe(QueueSkip);
  });
});

describe('upstream TestNodeSchedulingPropertiesChange and the extract*Change tests (framework/events_test.go)', () => {
  const names = (evs: ClusterEvent[]) => evs.map((e) => e.label);
  const unschedTaint = (value: string): Taint => ({
    key: 'node.kubernetes.io/unschedulable',
    value,
    effect: 'NoSchedule',
  });
  const alloc = (foo: number) => ({
    ...emptyResources(),
    milliCPU: 1000,
    allowedPodNumber: 110,
    scalar: { 'example.com/foo': foo },
  });
  it.each<[string, NodeObject, NodeObject, string[]]>([
    ['no specific changed applied', hintNode({}), hintNode({}), []],
    [
      'only node spec unavailable changed',
      hintNode({ unschedulable: true }),
      hintNode({ unschedulable: false }),
      ['NodeSpecUnschedulableChange'],
    ],
    // kubesim: the reverse (a cordon) is no event either (extractNodeSpecUnschedulableChange).
    ['a cordon is no event', hintNode({ unschedulable: false }), hintNode({ unschedulable: true }), []],
    [
      'only node allocatable changed',
      hintNode({ allocatable: alloc(2) }),
      hintNode({ allocatable: alloc(1) }),
      ['NodeAllocatableChange'],
    ],
    [
      'only node label changed',
      hintNode({ labels: { foo: 'fuz' } }),
      hintNode({ labels: { foo: 'bar' } }),
      ['NodeLabelChange'],
    ],
    [
      'only node taint changed',
      hintNode({ taints: [unschedTaint('foo')] }),
      hintNode({ taints: [unschedTaint('')] }),
      ['NodeTaintChange'],
    ],
    [
      'both node label and node taint changed',
      hintNode({ taints: [unschedTaint('foo')] }),
      hintNode({ labels: { foo: 'bar' }, taints: [unschedTaint('')] }),
      ['NodeLabelChange', 'NodeTaintChange'],
    ],
    // TestNodeLabelsChange, TestNodeTaintsChange, TestNodeAllocatableChange "no ... changed": equal copies.
    ['no labels changed', hintNode({ labels: { foo: 'bar' } }), hintNode({ labels: { foo: 'bar' } }), []],
    [
      'new object has more labels',
      hintNode({ labels: { foo: 'bar' } }),
      hintNode({ labels: { foo: 'bar', test: 'value' } }),
      ['NodeLabelChange'],
    ],
    [
      'no taint changed',
      hintNode({ taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] }),
      hintNode({ taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] }),
      [],
    ],
    [
      'no allocatable resources changed',
      hintNode({ allocatable: alloc(1) }),
      hintNode({ allocatable: alloc(1) }),
      [],
    ],
  ])('%s', (_name, oldNode, newNode, want) => {
    expect(names(nodeSchedulingPropertiesChange(oldNode, newNode))).toEqual(want);
  });
});

function queueWith(entries: { event: ClusterEvent; plugin: string; fn: AnyHintFn }[]) {
  return new SchedulingQueue(
    {
      initialBackoffUs: 1 * S,
      maxBackoffUs: 10 * S,
      maxInUnschedulableUs: 300 * S,
      popFromBackoff: false,
      hints: new Map([['default-scheduler', entries]]),
    },
    less,
  );
}

/** Add, pop and fail `pod` at `atUs`, rejected by `plugins` (none: a failure no plugin is blamed for). */
function reject(q: SchedulingQueue, pod: Pod, atUs: number, ...plugins: string[]) {
  q.add(pod, atUs);
  const info = q.pop();
  expect(info?.pod).toBe(pod);
  q.requeueFailed(info as never, atUs, new Set(plugins), false);
}

const where = (q: SchedulingQueue, pod: Pod) => q.info(pod)?.where;

describe('upstream TestPriorityQueue_MoveAllToActiveOrBackoffQueueWithQueueingHint (scheduling_queue_test.go)', () => {
  const queueHint: AnyHintFn = () => Queue;
  const skipHint: AnyHintFn = () => QueueSkip;
  it.each<[string, AnyHintFn, number, string]>([
    ['Queue queues pod to backoffQ if Pod is backing off', queueHint, 0, 'backoff'],
    ['Queue queues pod to activeQ if Pod is not backing off', queueHint, 1 * S, 'active'],
    ['Skip queues pod to unschedulablePods', skipHint, 0, 'unschedulable'],
  ])('%s', (_name, fn, durationUs, want) => {
    const q = queueWith([{ event: NodeAdd, plugin: 'foo', fn }]);
    const p = hintPod({ uid: '1', namespace: 'ns1', labels: { foo: 'bar' } });
    reject(q, p, 0, 'foo');
    q.moveAllForEvent(NodeAdd, null, null, durationUs);
    expect(where(q, p)).toBe(want);
  });
});

describe('upstream TestPriorityQueue_MoveAllToActiveOrBackoffQueueWithOutQueueingHint (scheduling_queue_test.go)', () => {
  it('NodeAdd moves the fooPlugin pods to backoffQ, a pod no plugin rejected is there already, barPlugin pod stays', () => {
    const q = queueWith([{ event: NodeAdd, plugin: 'fooPlugin', fn: defaultQueueingHintFn }]);
    const up = hintPod({ uid: 'upns1', namespace: 'ns1', priority: 0 });
    const hpp = hintPod({ uid: 'hppns1', namespace: 'ns1', priority: 1000 });
    const hpp1 = hintPod({ uid: 'hpp1ns1', namespace: 'ns1', priority: 1000 });
    const hpp2 = hintPod({ uid: 'hpp2ns1', namespace: 'ns1', priority: 1000 });
    const mpp = hintPod({ uid: 'mppns2', namespace: 'ns2', priority: 500 });
    reject(q, up, 0, 'fooPlugin');
    reject(q, hpp, 0, 'fooPlugin');
    reject(q, hpp1, 0);
    reject(q, hpp2, 0, 'barPlugin');
    q.add(mpp, 0);
    expect(where(q, hpp1)).toBe('backoff');
    q.moveAllForEvent(NodeAdd, null, null, 0);
    expect(q.activeSize).toBe(1);
    expect(q.pop()?.pod).toBe(mpp);
    expect(q.backoffSize).toBe(3);
    expect(where(q, hpp2)).toBe('unschedulable');
    // "hpp2 won't be moved regardless of its backoff timer."
    q.flushBackoff(10 * S);
    q.moveAllForEvent(NodeAdd, null, null, 10 * S);
    expect(q.activeSize).toBe(3);
    expect(where(q, hpp2)).toBe('unschedulable');
  });
});

describe('upstream TestPriorityQueue_AssignedPodAdded_ (scheduling_queue_test.go)', () => {
  const q0 = () =>
    queueWith(
      ['fakePlugin', 'InterPodAffinity', 'PodTopologySpread'].map((plugin) => ({
        event: AssignedPodAdd,
        plugin,
        fn: () => Queue,
      })),
    );
  const affinityPod = () =>
    hintPod({
      uid: 'afp',
      namespace: 'ns1',
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchExpressions: [{ key: 'service', operator: 'Exists' }] },
              topologyKey: 'region',
            },
          ],
        },
      } as never,
    });
  const spreadPod = () =>
    hintPod({
      uid: 'tsp',
      namespace: 'ns1',
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
      ] as never,
    });
  const lbp = (namespace: string, labels: Record<string, string>) =>
    hintPod({ uid: 'lbp', namespace, labels, nodeName: 'node1' });
  it.each<[string, () => Pod, string, Pod, boolean]>([
    [
      "Pod rejected by pod affinity is requeued with matching Pod's update",
      affinityPod,
      'InterPodAffinity',
      lbp('ns1', { service: 'securityscan' }),
      true,
    ],
    [
      "Pod rejected by pod affinity isn't requeued with unrelated Pod's update",
      affinityPod,
      'InterPodAffinity',
      lbp('unrelated', { unrelated: 'unrelated' }),
      false,
    ],
    [
      "Pod rejected by pod topology spread is requeued with Pod's update in the same namespace",
      spreadPod,
      'PodTopologySpread',
      lbp('ns1', { service: 'securityscan' }),
      true,
    ],
    [
      "Pod rejected by pod topology spread isn't requeued with unrelated Pod's update",
      affinityPod,
      'PodTopologySpread',
      lbp('unrelated', { unrelated: 'unrelated' }),
      false,
    ],
    [
      "Pod rejected by other plugins isn't requeued with any Pod's update",
      () => hintPod({ uid: 'afp', namespace: 'ns1' }),
      'fakePlugin',
      lbp('unrelated', { unrelated: 'unrelated' }),
      false,
    ],
  ])('%s', (_name, make, plugin, assigned, wantToRequeue) => {
    const q = q0();
    const pod = make();
    reject(q, pod, 0, plugin);
    // "Move clock to make the unschedulable pods complete backoff."
    q.movePodsWithCrossTopologyTerm(AssignedPodAdd, podObject(assigned, 'node1'), 2 * S);
    expect(where(q, pod) === 'active').toBe(wantToRequeue);
  });
});
