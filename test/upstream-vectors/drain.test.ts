// kubectl drain, replayed against kubesim's DrainProcess on a fake clock (src/kubectl/drain.ts):
//   staging/src/k8s.io/kubectl/pkg/cmd/drain/drain_test.go TestDrain: which pods each filter lets
//     through and the fatal errors (RC/ReplicaSet/Job-managed, DaemonSet-managed with and without
//     --ignore-daemonsets, orphaned DaemonSet pod with and without --force, terminated DaemonSet pod,
//     naked pod with and without --force, emptyDir with and without --delete-emptydir-data, empty node);
//   staging/src/k8s.io/kubectl/pkg/drain/drain_test.go TestDeletePods (wait for deletion, a replacement
//     with a new uid counts as deleted, skip pods deleting for longer than --skip-wait-for-delete-timeout,
//     the timeout), TestDeleteOrEvict (eviction vs --disable-eviction, grace period passed on);
//   drain.go evictPods' timing: a 429 is retried 5 s after its answer, GETs on a 1 s ticker, the global
//     timeout, and the client's 5 QPS / burst 10 per API group.
// Not replayed: TestCheckEvictionSupport (discovery; every modelled version serves policy/v1 evictions),
// TestFilterPods' AdditionalFilters (no hook), dry-run and namespace-terminating cases.
import { describe, expect, it } from 'vitest';
import type { TimeUs } from '../../src/engine/time.js';
import type { DrainOptions } from '../../src/kernel/ports/node-drains.js';
import { DRAIN_DEFAULTS } from '../../src/kubectl/config.js';
import { type DrainEnv, DrainProcess, type DrainReport } from '../../src/kubectl/drain.js';
import type { Node, OwnerReference, Pod } from '../../src/model/types.js';
import type { EvictionResult } from '../../src/workloads/eviction.js';
import { testPod } from '../helpers/pods.js';

const S = 1_000_000;

/** A fake cluster and clock: pods vanish `graceUs` after a granted eviction; budgets are a refusal list. */
class Fake implements DrainEnv {
  nowUs = 0;
  private queue: Array<{ at: TimeUs; seq: number; fn: () => void }> = [];
  private seq = 0;
  readonly pods = new Map<string, Pod>();
  readonly reports: DrainReport[] = [];
  readonly calls: Array<[number, string]> = [];
  readonly daemonSets = new Set<string>();
  /** Pod key -> the times its evictions are refused until (429 before that). */
  readonly refuseUntil = new Map<string, TimeUs>();
  graceUs = 3 * S;
  readonly n1: Node = { name: 'n1', unschedulable: false } as Node;

  at(atUs: TimeUs, fn: () => void): void {
    this.queue.push({ at: atUs, seq: this.seq++, fn });
  }
  runAll(limitUs = 3_600 * S): void {
    while (this.queue.length > 0) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const e = this.queue.shift() as (typeof this.queue)[number];
      if (e.at > limitUs) return;
      this.nowUs = e.at;
      e.fn();
    }
  }
  node(name: string): Node | undefined {
    return name === 'n1' ? this.n1 : undefined;
  }
  cordon(n: Node): void {
    n.unschedulable = true;
    this.calls.push([this.nowUs, 'cordon']);
  }
  podsOnNode(): Pod[] {
    return [...this.pods.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  }
  pod(key: string): Pod | undefined {
    return this.pods.get(key);
  }
  daemonSetExists(ns: string, name: string): boolean {
    return this.daemonSets.has(`${ns}/${name}`);
  }
  evict(key: string, grace: number | null): EvictionResult {
    this.calls.push([this.nowUs, `evict ${key} grace=${grace}`]);
    const pod = this.pods.get(key);
    if (pod === undefined)
      return { ok: false, code: 404, reason: 'NotFound', message: 'not found', cause: null };
    if (this.nowUs < (this.refuseUntil.get(key) ?? 0))
      return { ok: false, code: 429, reason: 'TooManyRequests', message: 'Cannot evict', cause: null };
    this.remove(pod);
    return { ok: true, pod };
  }
  deletePod(key: string, grace: number | null): boolean {
    this.calls.push([this.nowUs, `delete ${key} grace=${grace}`]);
    const pod = this.pods.get(key);
    if (pod === undefined) return false;
    this.remove(pod);
    return true;
  }
  private remove(pod: Pod): void {
    pod.deletionUs = this.nowUs;
    this.at(this.nowUs + this.graceUs, () => this.pods.delete(pod.key));
  }
  report(r: DrainReport): void {
    this.reports.push(r);
  }
}

function envWith(pods: Array<Partial<Pod> & { name: string }>): Fake {
  const f = new Fake();
  for (const p of pods) {
    const pod = testPod({ phase: 'Running', ready: true, nodeName: 'n1', ...p, key: `default/${p.name}` });
    f.pods.set(pod.key, pod);
  }
  return f;
}

const rs: OwnerReference = { kind: 'ReplicaSet', name: 'web-1', uid: 'rs', controller: true };
const ds: OwnerReference = { kind: 'DaemonSet', name: 'agent', uid: 'ds', controller: true };

function drain(f: Fake, o: Partial<DrainOptions> = {}): DrainReport {
  new DrainProcess(f, [f.n1], { ...DRAIN_DEFAULTS, ...o }).start();
  f.runAll();
  expect(f.reports).toHaveLength(1);
  return f.reports[0] as DrainReport;
}

describe('drain_test.go TestDrain: filters', () => {
  const cases: Array<
    [string, Array<Partial<Pod> & { name: string }>, Partial<DrainOptions>, string, string[]]
  > = [
    [
      'RC-managed pod',
      [{ name: 'bar', owner: { ...rs, kind: 'ReplicationController' } }],
      {},
      '',
      ['default/bar'],
    ],
    ['Job-managed pod', [{ name: 'bar', owner: { ...rs, kind: 'Job' } }], {}, '', ['default/bar']],
    [
      'DS-managed pod',
      [{ name: 'bar', owner: ds, daemonSet: true }],
      { ignoreDaemonsets: false },
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/bar',
      [],
    ],
    ['DS-managed pod with --ignore-daemonsets', [{ name: 'bar', owner: ds, daemonSet: true }], {}, '', []],
    [
      'orphaned DS-managed pod',
      [{ name: 'bar', owner: { ...ds, name: 'gone' }, daemonSet: true }],
      {},
      'cannot delete daemonsets.apps "gone" not found: default/bar',
      [],
    ],
    [
      'orphaned DS-managed pod with --force',
      [{ name: 'bar', owner: { ...ds, name: 'gone' }, daemonSet: true }],
      { force: true },
      '',
      ['default/bar'],
    ],
    [
      'DS-managed terminated pod',
      [{ name: 'bar', owner: ds, daemonSet: true, phase: 'Succeeded' }],
      {},
      '',
      ['default/bar'],
    ],
    [
      'naked pod',
      [{ name: 'bar' }],
      {},
      'cannot delete Pods that declare no controller (use --force to override): default/bar',
      [],
    ],
    ['naked pod with --force', [{ name: 'bar' }], { force: true }, '', ['default/bar']],
    [
      'pod with EmptyDir',
      [{ name: 'bar', owner: rs, spec: { ...testPod().spec, emptyDirVolumes: ['scratch'] } }],
      {},
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/bar',
      [],
    ],
    [
      'pod with EmptyDir and --delete-emptydir-data',
      [{ name: 'bar', owner: rs, spec: { ...testPod().spec, emptyDirVolumes: ['scratch'] } }],
      { deleteEmptydirData: true },
      '',
      ['default/bar'],
    ],
    ['empty node', [], {}, '', []],
    [
      'two fatal errors aggregate (sorted by message)',
      [{ name: 'a' }, { name: 'b', owner: rs, spec: { ...testPod().spec, emptyDirVolumes: ['x'] } }],
      {},
      '[cannot delete Pods that declare no controller (use --force to override): default/a, cannot delete Pods with local storage (use --delete-emptydir-data to override): default/b]',
      [],
    ],
  ];
  it.each(cases)('%s', (_name, pods, o, fatal, evicted) => {
    const f = envWith(pods);
    f.daemonSets.add('default/agent');
    const r = drain(f, o);
    expect(r.message).toBe(fatal);
    expect(r.outcome).toBe(fatal === '' ? 'Drained' : 'DrainFailed');
    expect(f.calls.filter(([, c]) => c.startsWith('evict')).map(([, c]) => c.split(' ')[1])).toEqual(evicted);
    expect(f.n1.unschedulable).toBe(true);
  });

  it('a mirror pod is skipped', () => {
    const f = envWith([{ name: 'static', annotations: { 'kubernetes.io/config.mirror': 'x' } }]);
    expect(drain(f).outcome).toBe('Drained');
    expect(f.calls.some(([, c]) => c.startsWith('evict'))).toBe(false);
  });
});

describe('drain.go evictPods and waitForDelete timing', () => {
  it('evicts at once, polls at once and every 1 s: drained at the first poll after the pod is gone', () => {
    const f = envWith([{ name: 'a', owner: rs }]);
    f.graceUs = 2_500_000;
    const r = drain(f);
    // GET at 0 (pending), ticks at 1, 2, 3: the pod left at 2.5 s.
    expect(r).toMatchObject({ outcome: 'Drained', finishedUs: 3 * S, evicted: 1, refused: 0 });
  });

  it('a refused eviction is retried 5 s after its answer', () => {
    const f = envWith([{ name: 'a', owner: rs }]);
    f.refuseUntil.set('default/a', 12 * S);
    f.graceUs = 0;
    const r = drain(f);
    expect(f.calls.filter(([, c]) => c.startsWith('evict')).map(([t]) => t / S)).toEqual([0, 5, 10, 15]);
    expect(r).toMatchObject({ outcome: 'Drained', refused: 3, finishedUs: 15 * S });
  });

  it('--timeout: the refused pod sees the deadline at its next retry', () => {
    const f = envWith([{ name: 'a', owner: rs }]);
    f.refuseUntil.set('default/a', 1_000 * S);
    const r = drain(f, { timeoutUs: 12 * S });
    expect(r).toMatchObject({
      outcome: 'DrainTimedOut',
      finishedUs: 15 * S,
      message: 'error when evicting pods/"a" -n "default": global timeout reached: 12s',
    });
  });

  it('--timeout: a pod still terminating fails at the first poll at or past the deadline', () => {
    const f = envWith([{ name: 'a', owner: rs }]);
    f.graceUs = 100 * S;
    const r = drain(f, { timeoutUs: 2_500_000 });
    expect(r).toMatchObject({
      outcome: 'DrainTimedOut',
      finishedUs: 3 * S,
      message:
        'error when waiting for pod "a" in namespace "default" to terminate: global timeout reached: 2.5s',
    });
  });

  it('TestDeletePods "Skip Deleted Pod": deleting for longer than --skip-wait-for-delete-timeout', () => {
    const f = envWith([{ name: 'a', owner: rs }]);
    f.graceUs = 1_000 * S;
    // Deleting since -200 s with grace 30 s: deletionTimestamp -170 s, 170 > 10: skipped by the filter.
    const pod = f.pods.get('default/a') as Pod;
    pod.deletionUs = -200 * S;
    const r = drain(f, { skipWaitForDeleteTimeoutSeconds: 10 });
    expect(r).toMatchObject({ outcome: 'Drained', finishedUs: 0, evicted: 0 });
  });

  it('TestDeletePods "Wait for deleting to complete": a replacement with a new uid counts as deleted', () => {
    const f = envWith([{ name: 'a', owner: rs }]);
    f.graceUs = 1_000 * S;
    new DrainProcess(f, [f.n1], DRAIN_DEFAULTS).start();
    f.at(1_500_000, () => f.pods.set('default/a', testPod({ name: 'a', key: 'default/a', uid: 'new' })));
    f.runAll(10 * S);
    expect(f.reports[0]).toMatchObject({ outcome: 'Drained', finishedUs: 2 * S });
  });

  it('TestDeleteOrEvict: --disable-eviction deletes with the grace period; evictions carry it too', () => {
    for (const disableEviction of [false, true]) {
      const f = envWith([
        { name: 'mypod-1', owner: rs },
        { name: 'mypod-2', owner: rs },
      ]);
      const r = drain(f, { disableEviction, gracePeriodSeconds: 10 });
      const verb = disableEviction ? 'delete' : 'evict';
      expect(f.calls.filter(([, c]) => !c.startsWith('cordon')).map(([, c]) => c)).toEqual([
        `${verb} default/mypod-1 grace=10`,
        `${verb} default/mypod-2 grace=10`,
      ]);
      expect(r.outcome).toBe('Drained');
    }
  });

  it('the client: 10 evictions at once, then one per 200 ms (5 QPS, burst 10)', () => {
    const f = envWith(
      Array.from({ length: 13 }, (_, i) => ({ name: `p${String(i).padStart(2, '0')}`, owner: rs })),
    );
    f.graceUs = 0;
    drain(f);
    const times = f.calls.filter(([, c]) => c.startsWith('evict')).map(([t]) => t);
    expect(times).toEqual([...Array(10).fill(0), 200_000, 400_000, 600_000]);
  });

  it('a failing node stops the command; --ignore-errors goes on to the next', () => {
    for (const ignoreErrors of [false, true]) {
      const f = envWith([{ name: 'naked' }]);
      const n2 = { name: 'n2', unschedulable: false } as Node;
      new DrainProcess(f, [f.n1, n2], { ...DRAIN_DEFAULTS, ignoreErrors }).start();
      f.runAll();
      expect(f.reports.map((r) => r.outcome)).toEqual(
        ignoreErrors ? ['DrainFailed', 'DrainFailed'] : ['DrainFailed'],
      );
      expect(n2.unschedulable).toBe(true);
    }
  });
});
