// Scheduling queue rules (scheduler.md §6): PrioritySort order, backoff 1 s doubling to 10 s, moves on
// cluster events by rejecting plugin, and the periodic flushes.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../model/types.js';
import { AssignedPodAdd, AssignedPodDelete, NodeAdd, podObject, QueueingHint } from '../cluster-events.js';
import { less } from '../plugins/priority-sort/index.js';
import { hintPod } from '../testing/hint-fixtures.js';
import { type AnyHintFn, defaultQueueingHintFn } from './hint-map.js';
import { backoffDurationUs, SchedulingQueue } from './scheduling-queue.js';

const S = 1_000_000;
const fakePod = (name: string, priority = 0) =>
  ({
    key: name,
    namespace: 'default',
    labels: {},
    spec: { priority, schedulerName: 'default-scheduler' },
  }) as unknown as Pod;
const entry = (event: typeof NodeAdd, plugin: string) => ({ event, plugin, fn: defaultQueueingHintFn });

function queue(popFromBackoff = false) {
  return new SchedulingQueue(
    {
      initialBackoffUs: 1 * S,
      maxBackoffUs: 10 * S,
      maxInUnschedulableUs: 300 * S,
      popFromBackoff,
      hints: new Map([
        [
          'default-scheduler',
          [
            entry(AssignedPodDelete, 'NodeResourcesFit'),
            entry(NodeAdd, 'NodeResourcesFit'),
            entry(NodeAdd, 'TaintToleration'),
          ],
        ],
      ]),
    },
    less,
  );
}

describe('backoffDurationUs', () => {
  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 4],
    [4, 8],
    [5, 10],
    [9, 10],
  ])('after %i failures: %i s', (n, want) => {
    expect(backoffDurationUs(n, S, 10 * S)).toBe(want * S);
  });
});

describe('SchedulingQueue', () => {
  it('pops higher priority first, then earlier queue time, then insertion order', () => {
    const q = queue();
    const a = fakePod('a');
    const b = fakePod('b', 10);
    const c = fakePod('c');
    const d = fakePod('d', 10);
    q.add(a, 0);
    q.add(b, 5);
    q.add(c, 0);
    q.add(d, 1);
    const order = [q.pop(), q.pop(), q.pop(), q.pop()].map((i) => i?.pod.key);
    expect(order).toEqual(['d', 'b', 'a', 'c']);
    expect(q.pop()).toBeNull();
  });

  it('moves unschedulable pods only on events their rejecting plugins registered', () => {
    const q = queue();
    const fit = fakePod('fit');
    const taint = fakePod('taint');
    q.add(fit, 0);
    q.add(taint, 0);
    q.requeueFailed(q.pop() as never, 0, new Set(['NodeResourcesFit']), false);
    q.requeueFailed(q.pop() as never, 0, new Set(['TaintToleration']), false);
    expect(q.unschedulableSize).toBe(2);
    expect(q.moveAllForEvent(AssignedPodDelete, null, null, 5 * S)).toBe(1);
    expect(q.info(fit)?.where).toBe('active');
    expect(q.info(taint)?.where).toBe('unschedulable');
    expect(q.moveAllForEvent(NodeAdd, null, null, 5 * S)).toBe(1);
    expect(q.info(taint)?.where).toBe('active');
  });

  it('a pod moved before its backoff expired waits in backoffQ until the flush', () => {
    const q = queue();
    const p = fakePod('p');
    q.add(p, 0);
    const info = q.pop();
    q.requeueFailed(info as never, 10 * S, new Set(['NodeResourcesFit']), false);
    q.moveAllForEvent(NodeAdd, null, null, 10 * S + 500_000);
    expect(q.info(p)?.where).toBe('backoff');
    expect(q.flushBackoff(10 * S + 900_000)).toBe(0);
    expect(q.flushBackoff(11 * S)).toBe(1);
    expect(q.info(p)?.where).toBe('active');
  });

  it('pops from backoffQ when activeQ is empty (SchedulerPopFromBackoffQ)', () => {
    const q = queue(true);
    const p = fakePod('p');
    q.add(p, 0);
    q.requeueFailed(q.pop() as never, 0, new Set(['NodeResourcesFit']), true);
    expect(q.info(p)?.where).toBe('backoff');
    expect(q.pop()?.pod).toBe(p);
  });

  it('never pops podErrorBackoffQ early: a pod that failed with no rejecting plugin waits out its backoff', () => {
    const q = queue(true);
    const p = fakePod('p');
    q.add(p, 0);
    q.requeueFailed(q.pop() as never, 0, new Set(), true);
    expect(q.info(p)?.where).toBe('backoff');
    expect(q.hasWork()).toBe(false);
    expect(q.pop()).toBeNull();
    expect(q.flushBackoff(1 * S)).toBe(0);
    expect(q.flushBackoff(2 * S)).toBe(1);
    expect(q.pop()?.pod).toBe(p);
  });

  it('retries pods left unschedulable for more than 5 minutes', () => {
    const q = queue();
    const p = fakePod('p');
    q.add(p, 0);
    q.requeueFailed(q.pop() as never, 0, new Set(['NodeResourcesFit']), false);
    expect(q.flushUnschedulable(300 * S)).toBe(0);
    expect(q.flushUnschedulable(330 * S)).toBe(1);
    expect(q.info(p)?.where).toBe('active');
  });

  it('remove forgets a pod wherever it is', () => {
    const q = queue();
    const p = fakePod('p');
    q.add(p, 0);
    q.remove(p);
    expect(q.pop()).toBeNull();
    expect(q.activeSize).toBe(0);
  });
});

// movePodsWithCrossTopologyTerm without queueing hints (scheduling_queue.go AssignedPodAdded /
// AssignedPodUpdated -> getUnschedulablePodsWithCrossTopologyTerm): PodTopologySpread rejects in the
// assigned pod's namespace, and pods with a required affinity term the assigned pod matches
// (podMatchesAllAffinityTerms is not required: any one term, affinity.go); then isPodWorthRequeuing.
describe('movePodsWithCrossTopologyTerm', () => {
  const term = (labels: Record<string, string>, namespaceSelector?: object) => ({
    labelSelector: { matchLabels: labels },
    topologyKey: 'zone',
    ...(namespaceSelector ? { namespaceSelector } : {}),
  });
  const withTerms = (uid: string, ...terms: object[]) =>
    hintPod({
      uid,
      namespace: 'ns1',
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } as never,
    });
  const crossQueue = (ptsHint: AnyHintFn = defaultQueueingHintFn) =>
    new SchedulingQueue(
      {
        initialBackoffUs: 1 * S,
        maxBackoffUs: 10 * S,
        maxInUnschedulableUs: 300 * S,
        popFromBackoff: false,
        hints: new Map([
          [
            'default-scheduler',
            [
              { event: AssignedPodAdd, plugin: 'PodTopologySpread', fn: ptsHint },
              { event: AssignedPodAdd, plugin: 'InterPodAffinity', fn: defaultQueueingHintFn },
            ],
          ],
        ]),
      },
      less,
    );
  const reject = (q: SchedulingQueue, pod: Pod, ...plugins: string[]) => {
    q.add(pod, 0);
    q.requeueFailed(q.pop() as never, 0, new Set(plugins), false);
  };
  const assigned = (namespace: string, labels: Record<string, string>) =>
    podObject(hintPod({ uid: 'a', namespace, labels, nodeName: 'n1' }), 'n1');

  it('counts a pod found both by its spread rejection and by its affinity term once', () => {
    const q = crossQueue();
    const p = withTerms('p', term({ app: 'db' }));
    reject(q, p, 'PodTopologySpread', 'InterPodAffinity');
    expect(q.movePodsWithCrossTopologyTerm(AssignedPodAdd, assigned('ns1', { app: 'db' }), 2 * S)).toBe(1);
    expect(q.info(p)?.where).toBe('active');
  });

  it('any one matching required term is enough', () => {
    const q = crossQueue();
    const p = withTerms('p', term({ app: 'cache' }), term({ app: 'db' }));
    reject(q, p, 'InterPodAffinity');
    expect(q.movePodsWithCrossTopologyTerm(AssignedPodAdd, assigned('ns1', { app: 'web' }), 2 * S)).toBe(0);
    expect(q.movePodsWithCrossTopologyTerm(AssignedPodAdd, assigned('ns1', { app: 'db' }), 2 * S)).toBe(1);
  });

  it('an empty namespaceSelector matches every namespace, even without namespace labels configured', () => {
    const q = crossQueue();
    const p = withTerms('p', term({ app: 'db' }, {}));
    reject(q, p, 'InterPodAffinity');
    expect(q.movePodsWithCrossTopologyTerm(AssignedPodAdd, assigned('other', { app: 'db' }), 2 * S)).toBe(1);
  });

  it('a candidate is still moved only when the event is worth requeuing it for', () => {
    const q = crossQueue(() => QueueingHint.QueueSkip);
    const p = hintPod({ uid: 'p', namespace: 'ns1' });
    reject(q, p, 'PodTopologySpread');
    expect(q.movePodsWithCrossTopologyTerm(AssignedPodAdd, assigned('ns1', {}), 2 * S)).toBe(0);
    expect(q.info(p)?.where).toBe('unschedulable');
  });

  it('a namespaceSelector with labels matches no namespace when none has labels configured', () => {
    const q = crossQueue();
    const p = withTerms('p', term({ app: 'db' }, { matchLabels: { team: 'a' } }));
    reject(q, p, 'InterPodAffinity');
    expect(q.movePodsWithCrossTopologyTerm(AssignedPodAdd, assigned('other', { app: 'db' }), 2 * S)).toBe(0);
    expect(q.info(p)?.where).toBe('unschedulable');
  });

  it('pods of one shape ask the spread hint once per event', () => {
    let calls = 0;
    const q = crossQueue(() => {
      calls++;
      return QueueingHint.QueueSkip;
    });
    const p = hintPod({ uid: 'p', namespace: 'ns1' });
    const twin = { ...p, key: 'twin' } as Pod;
    reject(q, p, 'PodTopologySpread');
    reject(q, twin, 'PodTopologySpread');
    expect(q.movePodsWithCrossTopologyTerm(AssignedPodAdd, assigned('ns1', {}), 2 * S)).toBe(0);
    expect(calls).toBe(1);
    expect(q.movePodsWithCrossTopologyTerm(AssignedPodAdd, assigned('ns1', {}), 3 * S)).toBe(0);
    expect(calls).toBe(2);
  });
});

// isPodWorthRequeuing (scheduling_queue.go) calls each rejecting plugin's QueueingHintFn with the pod and
// the event's old and new objects, for every event: an answer holds for one event only. The plugin's
// hints for one event are tried in turn and any Queue requeues the pod (QueueSkip goes on to the next).
// preCheck (preCheckForNode) is likewise evaluated for the event's own node.
describe('queueing hints are asked per event, with its objects', () => {
  type Obj = { ready: boolean };
  const ready: AnyHintFn = (_pod, _old, next) =>
    (next as Obj | null)?.ready === true ? QueueingHint.Queue : QueueingHint.QueueSkip;
  const hinted = (...fns: AnyHintFn[]) =>
    new SchedulingQueue(
      {
        initialBackoffUs: 1 * S,
        maxBackoffUs: 10 * S,
        maxInUnschedulableUs: 300 * S,
        popFromBackoff: false,
        hints: new Map([
          ['default-scheduler', fns.map((fn) => ({ event: NodeAdd, plugin: 'NodeAffinity', fn }))],
        ]),
      },
      less,
    );
  const rejected = (q: SchedulingQueue, pod: Pod) => {
    q.add(pod, 0);
    q.requeueFailed(q.pop() as never, 0, new Set(['NodeAffinity']), false);
  };

  it('a hint that said QueueSkip for one node is asked again for the next', () => {
    const q = hinted(ready);
    const p = fakePod('p');
    const twin = { ...p, key: 'twin' } as Pod; // same spec object, namespace and labels: one shape
    rejected(q, p);
    rejected(q, twin);
    expect(q.moveAllForEvent(NodeAdd, null, { ready: false }, 2 * S)).toBe(0);
    expect(q.moveAllForEvent(NodeAdd, null, { ready: true }, 3 * S)).toBe(2);
    expect(q.info(p)?.where).toBe('active');
    expect(q.info(twin)?.where).toBe('active');
  });

  it('the hint reads the pod, the old and the new object of the event', () => {
    const seen: unknown[] = [];
    const q = hinted((pod, old, next) => {
      seen.push(pod.key, old, next);
      return QueueingHint.Queue;
    });
    const p = fakePod('p');
    rejected(q, p);
    const before = { ready: false };
    const after = { ready: true };
    expect(q.moveAllForEvent(NodeAdd, before, after, 2 * S)).toBe(1);
    expect(seen).toEqual(['p', before, after]);
  });

  it('any Queue among the plugin hints for the event requeues, in either order', () => {
    const skip: AnyHintFn = () => QueueingHint.QueueSkip;
    const queueIt: AnyHintFn = () => QueueingHint.Queue;
    for (const fns of [
      [skip, queueIt],
      [queueIt, skip],
    ]) {
      const q = hinted(...fns);
      rejected(q, fakePod('p'));
      expect(q.moveAllForEvent(NodeAdd, null, null, 2 * S)).toBe(1);
    }
    const q = hinted(skip, skip);
    rejected(q, fakePod('p'));
    expect(q.moveAllForEvent(NodeAdd, null, null, 2 * S)).toBe(0);
  });

  it('preCheck is asked again for each event', () => {
    const q = hinted(() => QueueingHint.Queue);
    const p = fakePod('p');
    rejected(q, p);
    expect(q.moveAllForEvent(NodeAdd, null, null, 2 * S, () => false)).toBe(0);
    expect(q.info(p)?.where).toBe('unschedulable');
    expect(q.moveAllForEvent(NodeAdd, null, null, 3 * S, () => true)).toBe(1);
  });
});

describe('pods that left the queue during their attempt', () => {
  it('a pod deleted while in flight is not requeued by its failure (handleSchedulingFailure: not in the informer cache)', () => {
    const q = queue();
    const p = fakePod('p');
    q.add(p, 0);
    const info = q.pop();
    q.remove(p);
    q.requeueFailed(info as never, 1 * S, new Set(['NodeResourcesFit']), false);
    q.requeueFailed(info as never, 1 * S, new Set(), true);
    expect([q.activeSize, q.backoffSize, q.unschedulableSize]).toEqual([0, 0, 0]);
    expect(q.info(p)).toBeUndefined();
    expect(q.moveAllForEvent(NodeAdd, null, null, 2 * S)).toBe(0);
  });

  it('activate moves only unschedulable or backing-off pods (activeQ and in-flight pods stay put)', () => {
    const q = queue();
    const a = fakePod('a');
    const b = fakePod('b');
    q.add(a, 0);
    q.add(b, 0);
    expect(q.activate(a)).toBe(false);
    expect(q.activeSize).toBe(2);
    const first = q.pop();
    expect(first?.pod).toBe(a);
    expect(q.activate(a)).toBe(false);
    expect(q.info(a)?.where).toBe('inflight');
    expect(q.activate(fakePod('unknown'))).toBe(false);
    q.requeueFailed(first as never, 1 * S, new Set(['NodeResourcesFit']), false);
    expect(q.activate(a)).toBe(true);
    expect(q.info(a)?.where).toBe('active');
    expect([q.activeSize, q.unschedulableSize]).toEqual([2, 0]);
  });
});

// The queue's cost contract (header of scheduling-queue.ts): pods of one shape (spec object, namespace,
// controller, labels) are grouped under each rejecting plugin, so an event asks each plugin's hint once
// per group, not once per pod, and a group whose pods all left costs nothing.
describe('one hint call per shape and event', () => {
  const counting = () => {
    const calls: string[] = [];
    const fn: AnyHintFn = (pod) => {
      calls.push(pod.key);
      return QueueingHint.QueueSkip;
    };
    const q = new SchedulingQueue(
      {
        initialBackoffUs: 1 * S,
        maxBackoffUs: 10 * S,
        maxInUnschedulableUs: 300 * S,
        popFromBackoff: false,
        hints: new Map([
          [
            'default-scheduler',
            [
              { event: NodeAdd, plugin: 'NodeAffinity', fn },
              { event: NodeAdd, plugin: 'TaintToleration', fn },
            ],
          ],
        ]),
      },
      less,
    );
    return { q, calls };
  };
  const rejected = (q: SchedulingQueue, pod: Pod, ...plugins: string[]) => {
    q.add(pod, 0);
    q.requeueFailed(q.pop() as never, 0, new Set(plugins), false);
  };

  it('three pods of one shape cost one call, a pod of another shape one more', () => {
    const { q, calls } = counting();
    const a = fakePod('a');
    const b = { ...a, key: 'b' } as Pod;
    const c = { ...a, key: 'c' } as Pod;
    const other = { ...a, key: 'other', labels: { app: 'x' } } as Pod;
    for (const p of [a, b, c, other]) rejected(q, p, 'NodeAffinity');
    expect(q.moveAllForEvent(NodeAdd, null, null, 2 * S)).toBe(0);
    expect(calls).toEqual(['a', 'other']);
  });

  it('a group whose pods all left costs no call; one left under two plugins costs one per plugin', () => {
    const { q, calls } = counting();
    const a = fakePod('a');
    const b = { ...a, key: 'b', namespace: 'ns2' } as Pod;
    rejected(q, a, 'NodeAffinity', 'TaintToleration');
    rejected(q, b, 'NodeAffinity');
    q.remove(b);
    expect(q.moveAllForEvent(NodeAdd, null, null, 2 * S)).toBe(0);
    expect(calls).toEqual(['a', 'a']);
    expect(q.activate(a)).toBe(true);
    expect(q.pop()?.pod).toBe(a); // in flight now: in no group
    calls.length = 0;
    rejected(q, fakePod('d'), 'TaintToleration');
    expect(q.moveAllForEvent(NodeAdd, null, null, 3 * S)).toBe(0);
    expect(calls).toEqual(['d']);
  });

  it('requeueBindFailure of a pod still in the queue changes nothing (AddUnschedulableIfNotPresent)', () => {
    const { q } = counting();
    const p = fakePod('p');
    q.add(p, 0);
    const info = q.info(p);
    q.requeueBindFailure(info as never, 1 * S);
    expect(q.info(p)?.where).toBe('active');
    expect([q.activeSize, q.backoffSize, q.unschedulableSize]).toEqual([1, 0, 0]);
    expect(q.pop()?.pod).toBe(p);
    expect(q.pop()).toBeNull();
  });
});
