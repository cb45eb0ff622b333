// Upstream unit-test vectors for taint-based eviction, replayed through kubesim:
//   pkg/controller/tainteviction/taint_eviction_test.go (TestCreatePod, TestUpdatePod, TestCreateNode,
//     TestUpdateNode, TestUpdateNodeWithMultipleTaints, TestUpdateNodeWithMultiplePods,
//     TestGetMinTolerationTime, TestEventualConsistency)
//   staging/src/k8s.io/api/core/v1/toleration_test.go (TestTolerationToleratesTaint, Exists/Equal cases)
// in kubernetes/kubernetes. Facts only: the upstream tests observe PATCH+DELETE calls on a fake client;
// here a deletion is the pod's deletionTimestamp (TaintManagerEviction) in a small simulated cluster, with
// taints written straight into the store the way the upstream tests write them into the node informer.
import { describe, expect, it } from 'vitest';
import { matchNoExecute, toleratesTaint } from '../../src/controllers/tolerations.js';
import type { Pod, Taint, Toleration } from '../../src/model/types.js';
import type { Sim } from '../../src/sim/assemble.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

// ---- pure matching ---------------------------------------------------------------------------------

describe('TestTolerationToleratesTaint (k8s.io/api core/v1 toleration_test.go)', () => {
  const cases: Array<[string, Toleration, Taint, boolean]> = [
    [
      'same key and effect, operator Exists, taint has no value',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'foo', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key and effect, operator Exists, taint has some value',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      true,
    ],
    [
      'same effect, empty key and operator Exists matches all taints',
      { operator: 'Exists', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key, effect and value, operator Equal',
      { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      true,
    ],
    [
      'same key and effect, different values, operator Equal',
      { key: 'foo', operator: 'Equal', value: 'value1', effect: 'NoSchedule' },
      { key: 'foo', value: 'value2', effect: 'NoSchedule' },
      false,
    ],
    [
      'same key and value, different effects, operator Equal',
      { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoExecute' },
      false,
    ],
  ];
  it.each(cases)('%s', (_name, toleration, taint, want) => {
    expect(toleratesTaint(toleration, taint)).toBe(want);
  });
});

describe('TestGetMinTolerationTime (taint_eviction_test.go)', () => {
  // Upstream feeds the used tolerations directly; here each toleration is the first match of its own
  // taint, which is how processPodOnNode builds that list (GetMatchingTolerations).
  const taints: Taint[] = [
    { key: 't1', effect: 'NoExecute' },
    { key: 't2', effect: 'NoExecute' },
  ];
  const tol = (key: string, seconds?: number): Toleration => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
  });
  const cases: Array<[string, Taint[], Toleration[], number]> = [
    ['one toleration without seconds: forever (-1)', taints.slice(0, 1), [tol('t1')], -1],
    ['1 s and 2 s: 1 s', taints, [tol('t1', 1), tol('t2', 2)], 1],
    ['1 s and nil: 1 s', taints, [tol('t1', 1), tol('t2')], 1],
    ['nil and 1 s: 1 s', taints, [tol('t1'), tol('t2', 1)], 1],
    // not upstream's table, the rule it states: tolerationSeconds <= 0 means now
    ['0 s and 100 s: now', taints, [tol('t1', 0), tol('t2', 100)], 0],
  ];
  it.each(cases)('%s', (_name, ts, tols, want) => {
    const m = matchNoExecute(ts, tols);
    expect(m.allTolerated).toBe(true);
    expect(m.minSeconds).toBe(want);
  });

  it('a taint no toleration matches: not all tolerated (delete now)', () => {
    expect(matchNoExecute(taints, [tol('t1', 100)]).allTolerated).toBe(false);
  });
});

// ---- the controller in a small cluster ---------------------------------------------------------------

interface PodIn {
  name: string;
  node?: string;
  tolerations?: Toleration[];
}

/** addToleration(pod, index, duration) of the upstream test: Equal on testTaint<i>=test<i>, NoExecute. */
const addToleration = (index: number, seconds: number): Toleration => ({
  key: `testTaint${index}`,
  operator: 'Equal',
  value: `test${index}`,
  effect: 'NoExecute',
  ...(seconds >= 0 ? { tolerationSeconds: seconds } : {}),
});
/** createNoExecuteTaint(index). */
const noExecuteTaint = (index: number, atUs: number): Taint => ({
  key: `testTaint${index}`,
  value: `test${index}`,
  effect: 'NoExecute',
  timeAddedUs: atUs,
});

function cluster(pods: PodIn[]): Sim {
  const docs = pods
    .map(
      (p) => `
    - apiVersion: v1
      kind: Pod
      metadata: {name: ${p.name}}
      spec:
        ${p.node ? `nodeName: ${p.node}` : 'schedulerName: nobody'}
        tolerations: ${JSON.stringify(p.tolerations ?? [])}
        containers: [{name: c, image: registry.k8s.io/pause:3.10}]`,
    )
    .join('');
  // Two zones, so a NoExecute taint on one node is never "every zone fully disrupted".
  return simFromYaml(`
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: taint-eviction-vectors}
spec:
  duration: 1h
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: p, count: 2, zones: [z-a, z-b], capacity: {cpu: "8", memory: 32Gi}}]
  workloads:${docs}
`);
}

const NODE = 'p-a-01';
const T0 = 20 * S;
const podNamed = (sim: Sim, name: string) => sim.state.podHistory.find((p) => p.name === name) as Pod;
/** Seconds after T0 at which the pod got its deletionTimestamp, or null. */
const deletedAfter = (sim: Sim, name: string) => {
  const d = podNamed(sim, name).deletionUs;
  return d === null ? null : (d - T0) / S;
};
const setTaints = (sim: Sim, taints: Taint[]) => {
  const node = sim.state.node(NODE);
  if (node === undefined) throw new Error('no node');
  for (const t of [...node.taints])
    if (t.key.startsWith('testTaint')) sim.state.removeTaint(node, t.key, t.effect);
  for (const t of taints) sim.state.addTaint(node, t);
};
/** handlePodUpdate after a toleration change (kubesim has no public path that edits a pod's spec). */
const podSpecUpdated = (sim: Sim, pod: Pod, tolerations: Toleration[]) => {
  (pod.spec as unknown as { tolerations: Toleration[] }).tolerations = tolerations;
  sim.kcm.controller<{ podUpdated(p: Pod): void }>('taint-eviction-controller').podUpdated(pod);
};

describe('TestCreateNode / TestUpdateNode (taint_eviction_test.go)', () => {
  const cases: Array<[string, Toleration[], number[], number | null]> = [
    ['Creating Node matching already assigned Pod (no taints)', [], [], null],
    ['Added taint, expect node patched and deleted', [], [1], 0],
    ['Creating tainted Node matching already assigned tolerating Pod', [addToleration(1, -1)], [1], null],
    ['Added tolerated taint (100 s)', [addToleration(1, 100)], [1], 100],
    ['Only one added taint tolerated', [addToleration(1, 100)], [1, 2], 0],
  ];
  it.each(cases)('%s', (_name, tolerations, taintIdx, want) => {
    const sim = cluster([{ name: 'pod1', node: NODE, tolerations }]);
    runUntil(sim, T0);
    setTaints(
      sim,
      taintIdx.map((i) => noExecuteTaint(i, T0)),
    );
    runUntil(sim, T0 + 200 * S);
    expect(deletedAfter(sim, 'pod1')).toBe(want);
  });

  it('Taint removed: the scheduled deletion is cancelled', () => {
    const sim = cluster([{ name: 'pod1', node: NODE, tolerations: [addToleration(1, 1)] }]);
    runUntil(sim, T0);
    setTaints(sim, [noExecuteTaint(1, T0)]);
    runUntil(sim, T0 + S / 2);
    setTaints(sim, []);
    runUntil(sim, T0 + 100 * S);
    expect(deletedAfter(sim, 'pod1')).toBeNull();
  });

  it('Pod with multiple tolerations are evicted when first one runs out', () => {
    const sim = cluster([
      { name: 'pod1', node: NODE, tolerations: [addToleration(1, 1), addToleration(2, 100)] },
    ]);
    runUntil(sim, T0);
    setTaints(sim, [noExecuteTaint(1, T0), noExecuteTaint(2, T0)]);
    runUntil(sim, T0 + 200 * S);
    expect(deletedAfter(sim, 'pod1')).toBe(1);
  });
});

describe('TestUpdateNodeWithMultiplePods (taint_eviction_test.go)', () => {
  it('Pods with different toleration times are evicted appropriately', () => {
    const sim = cluster([
      { name: 'pod1', node: NODE },
      { name: 'pod2', node: NODE, tolerations: [addToleration(1, 1)] },
      { name: 'pod3', node: NODE, tolerations: [addToleration(1, -1)] },
    ]);
    runUntil(sim, T0);
    setTaints(sim, [noExecuteTaint(1, T0)]);
    runUntil(sim, T0 + 100 * S);
    expect(['pod1', 'pod2', 'pod3'].map((n) => deletedAfter(sim, n))).toEqual([0, 1, null]);
  });

  it('Evict all pods not matching all taints instantly', () => {
    const sim = cluster([
      { name: 'pod1', node: NODE },
      { name: 'pod2', node: NODE, tolerations: [addToleration(1, 1)] },
      { name: 'pod3', node: NODE, tolerations: [addToleration(1, -1)] },
    ]);
    runUntil(sim, T0);
    setTaints(sim, [noExecuteTaint(1, T0), noExecuteTaint(2, T0)]);
    runUntil(sim, T0 + 100 * S);
    expect(['pod1', 'pod2', 'pod3'].map((n) => deletedAfter(sim, n))).toEqual([0, 0, 0]);
  });
});

describe('TestUpdateNodeWithMultipleTaints (taint_eviction_test.go)', () => {
  it('forever-tolerated taint, then a 60 s one, then back: queued only while the 60 s taint is there', () => {
    const tolerations: Toleration[] = [
      { key: 'testTaint1', operator: 'Exists', effect: 'NoExecute' },
      { key: 'testTaint2', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ];
    const sim = cluster([{ name: 'pod1', node: NODE, tolerations }]);
    runUntil(sim, T0);
    setTaints(sim, [noExecuteTaint(1, T0)]); // no taint -> infinitely tolerated taint
    runUntil(sim, T0 + 10 * S);
    setTaints(sim, [noExecuteTaint(1, T0), noExecuteTaint(2, T0 + 10 * S)]); // -> temporarily tolerated
    runUntil(sim, T0 + 20 * S);
    setTaints(sim, [noExecuteTaint(1, T0)]); // -> infinitely tolerated again: cancelled
    runUntil(sim, T0 + 300 * S);
    expect(deletedAfter(sim, 'pod1')).toBeNull();
  });

  it('control: the 60 s taint left in place deletes the pod 60 s after it was observed', () => {
    const tolerations: Toleration[] = [
      { key: 'testTaint1', operator: 'Exists', effect: 'NoExecute' },
      { key: 'testTaint2', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ];
    const sim = cluster([{ name: 'pod1', node: NODE, tolerations }]);
    runUntil(sim, T0);
    setTaints(sim, [noExecuteTaint(1, T0)]);
    runUntil(sim, T0 + 10 * S);
    setTaints(sim, [noExecuteTaint(1, T0), noExecuteTaint(2, T0 + 10 * S)]);
    runUntil(sim, T0 + 300 * S);
    expect(deletedAfter(sim, 'pod1')).toBe(70);
  });
});

describe('TestCreatePod / TestUpdatePod / TestEventualConsistency (taint_eviction_test.go)', () => {
  it('not scheduled - ignore', () => {
    const sim = cluster([{ name: 'pod1' }]);
    setTaints(sim, [noExecuteTaint(1, 0)]);
    runUntil(sim, T0 + 100 * S);
    expect(podNamed(sim, 'pod1').deletionUs).toBeNull();
  });

  const bound: Array<[string, Toleration[], number | null]> = [
    ['schedule on tainted Node', [], 0],
    ['schedule on tainted Node with finite toleration (100 s)', [addToleration(1, 100)], 100],
    ['schedule on tainted Node with infinite toleration', [addToleration(1, -1)], null],
    ['schedule on tainted Node with infinite invalid toleration', [addToleration(2, -1)], 0],
  ];
  it.each(bound)('%s (pod created bound to a tainted node)', (_name, tolerations, want) => {
    // The node is tainted before the pod exists; the pod then arrives bound (handlePodUpdate path).
    const late = cluster([{ name: 'pod1', node: NODE, tolerations }]);
    setTaints(late, [noExecuteTaint(1, 0)]);
    runUntil(late, T0 + 200 * S);
    const d = podNamed(late, 'pod1').deletionUs;
    // The pod is created and bound at t = 0 on a node already tainted at t = 0.
    expect(d === null ? null : d / S).toBe(want);
  });

  it('removing toleration: the pod is deleted at once', () => {
    const sim = cluster([{ name: 'pod1', node: NODE, tolerations: [addToleration(1, 100)] }]);
    runUntil(sim, T0);
    setTaints(sim, [noExecuteTaint(1, T0)]);
    runUntil(sim, T0 + 10 * S);
    podSpecUpdated(sim, podNamed(sim, 'pod1'), []);
    runUntil(sim, T0 + 20 * S);
    expect(deletedAfter(sim, 'pod1')).toBe(10);
  });

  it("lengthening toleration shouldn't work: the 1 s deletion stands", () => {
    const sim = cluster([{ name: 'pod1', node: NODE, tolerations: [addToleration(1, 1)] }]);
    runUntil(sim, T0);
    setTaints(sim, [noExecuteTaint(1, T0)]);
    runUntil(sim, T0 + S / 2);
    podSpecUpdated(sim, podNamed(sim, 'pod1'), [addToleration(1, 100)]);
    runUntil(sim, T0 + 200 * S);
    expect(deletedAfter(sim, 'pod1')).toBe(1);
  });

  it('existing pod2 scheduled onto tainted Node (eventual consistency): deleted when it is bound', () => {
    const sim = cluster([
      { name: 'pod1', node: NODE },
      { name: 'pod2', tolerations: [addToleration(1, 100)] },
    ]);
    runUntil(sim, T0);
    setTaints(sim, [noExecuteTaint(1, T0)]);
    runUntil(sim, T0 + 10 * S);
    expect(deletedAfter(sim, 'pod1')).toBe(0);
    const pod2 = podNamed(sim, 'pod2');
    expect(pod2.nodeName).toBeNull();
    const node = sim.state.node(NODE);
    if (node === undefined) throw new Error('no node');
    sim.state.bindPod(pod2, node);
    runUntil(sim, T0 + 200 * S);
    // Finite toleration: deleted 100 s after the controller saw the pod land on the tainted node.
    expect(deletedAfter(sim, 'pod2')).toBe(110);
  });
});
