// Upstream vectors: kubernetes/kubernetes pkg/controller/podgc/gc_controller_test.go (TestGCTerminated,
// TestGCOrphaned, TestGCUnscheduledTerminating, TestGCTerminating, TestGCInspectingPatchedPodBeforeDeletion)
// against pkg/controller/podgc/gc_controller.go, node-health-timing.md §6. Facts only, replayed through
// kubesim's PodGC in small simulations (passes every 20 s from t = 0) and its pure deletion order.
// Not replayed: finalizer cases (kubesim has no finalizers), "node added to client/informer after
// quarantine" (a deleted Node never comes back under the same name), pods bound to a Node that never
// existed (rejected at input), and unscheduled terminating pods (the API removes them at once, as the
// apiserver's graceful-delete strategy does, so gcUnscheduledTerminating never finds one).
import { describe, expect, it } from 'vitest';
import { byEvictionAndCreation } from '../../src/controllers/pod-ranking.js';
import type { Pod, PodPhase } from '../../src/model/types.js';
import { buildScenario } from '../../src/scenario/build.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import { makeDispatch } from '../../src/sim/assemble.js';
import { createSim } from '../../src/sim/setup.js';
import { testPod } from '../helpers/pods.js';

const S = 1_000_000;
const H = 3_600 * S;

interface PodSpec {
  name: string;
  node?: string;
}

function sim(pods: PodSpec[], opts: { threshold?: number; faults?: string[] } = {}) {
  const workloads = pods
    .map(
      (p) =>
        `    - {apiVersion: v1, kind: Pod, metadata: {name: ${p.name}}, spec: {nodeName: ${p.node ?? 'node-a-01'}, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}`,
    )
    .join('\n');
  const faults = (opts.faults ?? []).map((f) => `    - ${f}`).join('\n');
  const { scenario } = loadScenarioText(`apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: podgc-vectors}
spec:
  duration: 10m
  kubelet: {jitter: false}
  controllerManager: {terminatedPodGCThreshold: ${opts.threshold ?? 12500}}
  cluster:
    nodePools:
      - {name: node, count: 3, zone: zone-a, capacity: {cpu: "8", memory: 32Gi}}
  workloads:
${workloads}
${faults ? `  faults:\n${faults}` : ''}
`);
  const s = createSim(buildScenario(scenario), { keepEventRows: true });
  const pod = (name: string) => s.state.pod(`default/${name}`) as Pod;
  const rows = (reason: string) =>
    s.log.keptRows.filter((r) => r.kind === 'Pod' && r.reason === reason).map((r) => r.object.slice(8));
  return {
    s,
    pod,
    run: (untilS: number) => s.engine.run({ untilUs: untilS * S, maxEvents: 1e7 }, makeDispatch(s)),
    deleted: () => rows('Deleted').sort(),
    /** Pods PodGC patched to Failed (a Failed row with PodGC's reason, or with none). */
    failedRows: () =>
      s.log.keptRows
        .filter((r) => r.kind === 'Pod' && r.reason === 'Failed')
        .map((r) => [r.object.slice(8), r.detail]),
  };
}

type Phase = 'Running' | 'Succeeded' | 'Failed' | 'Evicted';

function setPhase(h: ReturnType<typeof sim>, name: string, phase: Phase): void {
  if (phase === 'Running') return;
  if (phase === 'Evicted') h.s.state.setPodPhase(h.pod(name), 'Failed', 'Evicted');
  else h.s.state.setPodPhase(h.pod(name), phase as PodPhase);
}

describe('TestGCTerminated (gc_controller_test.go): oldest terminated pods beyond the threshold', () => {
  // Upstream creates the pods one hour apart in list order; here they are created together and the
  // name breaks the tie, which gives the same order (names follow creation order in every row).
  const cases: { name: string; pods: [string, Phase][]; threshold: number; deleted: string[] }[] = [
    {
      name: 'delete pod a which is PodFailed and pod b which is PodSucceeded',
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
        ['c', 'Failed'],
      ],
      threshold: 1,
      deleted: ['a', 'b'],
    },
    {
      name: 'threshold = 0, disables terminated pod deletion',
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
      ],
      threshold: 0,
      deleted: [],
    },
    {
      name: 'threshold = 1, delete pod b which is PodSucceeded',
      pods: [
        ['a', 'Running'],
        ['b', 'Succeeded'],
        ['c', 'Failed'],
      ],
      threshold: 1,
      deleted: ['b'],
    },
    {
      name: 'threshold = 1, delete pod a which is PodFailed',
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
      ],
      threshold: 1,
      deleted: ['a'],
    },
    {
      name: "threshold = 5, don't delete pod",
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
      ],
      threshold: 5,
      deleted: [],
    },
    {
      name: 'evicted pod c goes first, then the oldest (a)',
      pods: [
        ['a', 'Failed'],
        ['b', 'Succeeded'],
        ['c', 'Evicted'],
      ],
      threshold: 1,
      deleted: ['a', 'c'],
    },
    {
      name: 'evicted pod c goes first (running a does not count)',
      pods: [
        ['a', 'Running'],
        ['b', 'Succeeded'],
        ['c', 'Evicted'],
      ],
      threshold: 1,
      deleted: ['c'],
    },
  ];
  it.each(cases)('$name', ({ pods, threshold, deleted }) => {
    const h = sim(
      pods.map(([name]) => ({ name })),
      { threshold },
    );
    h.run(30);
    for (const [name, phase] of pods) setPhase(h, name, phase);
    h.run(45); // the pass at 40 s
    expect(h.deleted()).toEqual(deleted);
    // Terminated pods are deleted as they are: no Failed patch.
    expect(h.failedRows().filter(([, d]) => d === 'DeletionByPodGC')).toEqual([]);
  });
});

describe('byEvictionAndCreationTimestamp (gc_controller.go): the deletion order', () => {
  const mk = (name: string, createdUs: number, phase: PodPhase = 'Succeeded', reason: string | null = null) =>
    testPod({ name, key: `default/${name}`, createdUs, phase, endReason: reason });
  it('older creationTimestamp first (pods one hour apart, as in TestGCTerminated)', () => {
    const pods = [mk('c', 3 * H, 'Failed'), mk('a', 1 * H, 'Failed'), mk('b', 2 * H)];
    expect(pods.sort(byEvictionAndCreation).map((p) => p.name)).toEqual(['a', 'b', 'c']);
  });
  it('evicted pods first, whatever their age', () => {
    const pods = [mk('a', 1 * H, 'Failed'), mk('b', 2 * H), mk('c', 3 * H, 'Failed', 'Evicted')];
    expect(pods.sort(byEvictionAndCreation).map((p) => p.name)).toEqual(['c', 'a', 'b']);
  });
  it('creationTimestamp has whole seconds: within one second the name decides', () => {
    const pods = [mk('b', 5 * S + 100_000), mk('a', 5 * S + 900_000), mk('c', 4 * S + 999_999)];
    expect(pods.sort(byEvictionAndCreation).map((p) => p.name)).toEqual(['c', 'a', 'b']);
  });
});

describe('TestGCOrphaned (gc_controller_test.go): pods of a deleted Node, after the 40 s quarantine', () => {
  const pods = [
    { name: 'a', node: 'node-a-01' },
    { name: 'b', node: 'node-a-01' },
    { name: 'c', node: 'node-a-01' },
    { name: 'd', node: 'node-a-02' },
  ];
  const run = (faults: string[], untilS: number) => {
    const h = sim(pods, { faults });
    h.run(25);
    setPhase(h, 'a', 'Failed');
    setPhase(h, 'b', 'Succeeded');
    h.run(untilS);
    return h;
  };

  it('nodes present in lister: nothing is deleted', () => {
    expect(run([], 200).deleted()).toEqual([]);
  });

  it("no nodes, one running pod: all of the node's pods deleted, only the running one patched", () => {
    // Deleted at 30 s; the 40 s pass quarantines it, the 80 s pass confirms: 50 s after the deletion.
    const h = run(['{at: 30s, action: delete-node, node: node-a-01}'], 200);
    expect(h.deleted()).toEqual(['a', 'b', 'c']);
    expect(h.failedRows().filter(([n]) => n === 'c')).toEqual([['c', 'DeletionByPodGC']]);
    const at = h.s.log.keptRows.filter((r) => r.reason === 'Deleted').map((r) => r.timeUs / S);
    expect(at).toEqual([80, 80, 80]);
  });

  it('quarantine not finished: nothing deleted before the quarantine has run out', () => {
    const h = run(['{at: 30s, action: delete-node, node: node-a-01}'], 79);
    expect(h.deleted()).toEqual([]);
  });

  it('some nodes missing: only pods of the missing node go', () => {
    const h = run(['{at: 30s, action: delete-node, node: node-a-01}'], 200);
    expect(h.pod('d')?.phase).toBe('Running');
    expect(h.deleted()).not.toContain('d');
  });

  it('node deleted from informer after the first pass: quarantined from the next pass (40-60 s)', () => {
    // Deleted at 41 s, just after a pass: the 60 s pass quarantines, the 100 s pass confirms (59 s).
    const h = run(['{at: 41s, action: delete-node, node: node-a-01}'], 200);
    const at = h.s.log.keptRows.filter((r) => r.reason === 'Deleted').map((r) => r.timeUs / S);
    expect(at).toEqual([100, 100, 100]);
  });
});

describe('TestGCTerminating (gc_controller_test.go): terminating pods on a not-Ready out-of-service node', () => {
  // node-a-01's container runtime goes down at 12 s (Ready=False at its 17 s status tick; no deletion is
  // confirmed); at 30 s pods a and b are deleted and b then fails, c stays; at 50 s the out-of-service
  // taint arrives. Upstream: every terminating pod of such a node is force-deleted, and only the
  // non-terminal ones are patched Failed (without a DisruptionTarget condition).
  const setup = (faults: string[]) => {
    const h = sim(
      [
        { name: 'a' },
        { name: 'b' },
        { name: 'c' },
        { name: 'd', node: 'node-a-02' },
        { name: 'e', node: 'node-a-02' },
      ],
      { faults: ['{at: 12s, action: kubelet-not-ready, node: node-a-01}', ...faults] },
    );
    h.run(30);
    for (const n of ['a', 'b']) h.s.state.markPodDeleting(h.pod(n), 'Deleted');
    // b fails after its deletion started (the API removes a pod deleted when already Failed at once, so
    // a terminating Failed pod, as upstream's fixture has, is one that failed while terminating).
    setPhase(h, 'b', 'Failed');
    return h;
  };

  it('pods have deletion timestamp set and the corresponding nodes are not ready: kept without the taint', () => {
    const h = setup([]);
    h.run(200);
    expect(h.pod('a')?.deletionUs).not.toBeNull();
    expect(h.pod('b')?.deletionUs).not.toBeNull();
  });

  it('pods deleted from node tainted out-of-service (terminating ones only, at the next pass)', () => {
    const h = setup(['{at: 50s, action: out-of-service, node: node-a-01}']);
    h.run(200);
    // c has no deletion timestamp at 50 s, but the out-of-service taint is NoExecute: taint eviction
    // deletes it at once, so it is terminating too at the 60 s pass.
    const at = (n: string) =>
      h.s.log.keptRows.filter((r) => r.object === `default/${n}` && r.reason === 'Deleted');
    expect(at('a').map((r) => r.timeUs / S)).toEqual([30, 60]);
    expect(at('b').map((r) => r.timeUs / S)).toEqual([30, 60]);
    expect(at('c').map((r) => r.timeUs / S)).toEqual([60]);
    expect(h.s.state.pod('default/b')).toBeUndefined();
    // Only the non-terminal ones are patched Failed, with no DisruptionTarget reason.
    expect(h.failedRows().filter(([n]) => n !== 'b')).toEqual([
      ['a', ''],
      ['c', ''],
    ]);
    expect(h.failedRows().filter(([n]) => n === 'b')).toEqual([['b', '']]); // its own Failed at 30 s
  });

  it('a Ready node with the taint: PodGC leaves it to the kubelet', () => {
    // node-a-02 stays Ready: its terminating pod is finished by its own kubelet, never patched by PodGC.
    const h = setup(['{at: 50s, action: out-of-service, node: node-a-02}']);
    h.s.state.markPodDeleting(h.pod('d'), 'Deleted');
    h.run(200);
    expect(h.failedRows().filter(([n]) => n === 'd')).toEqual([]);
  });
});

describe('API graceful deletion (pkg/registry/core/pod/strategy.go CheckGracefulDelete)', () => {
  it('a pod that has already terminated is removed at once, even on a node whose kubelet is down', () => {
    const h = sim([{ name: 'done' }, { name: 'live' }], {
      faults: ['{at: 12s, action: node-crash, node: node-a-01}'],
    });
    h.run(20);
    setPhase(h, 'done', 'Succeeded');
    h.s.state.markPodDeleting(h.pod('done'), 'Deleted');
    h.s.state.markPodDeleting(h.pod('live'), 'Deleted');
    expect(h.s.state.pod('default/done')).toBeUndefined();
    // A running pod waits for its kubelet (grace period), so it stays Terminating on the dead node.
    expect(h.s.state.pod('default/live')?.deletionUs).not.toBeNull();
  });
});
