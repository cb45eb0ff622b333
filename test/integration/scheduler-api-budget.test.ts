// The scheduler's API calls on its failure paths, end to end (pkg/scheduler/schedule_one.go,
// registry/core/pod/storage):
// - a failed attempt PATCHes the pod's PodScheduled=False condition (first failure, and whenever the
//   message or nominated node changes) through the same client as the binds, 50 QPS / burst 100; with
//   SchedulerAsyncAPICalls off (its default in every modelled release) the scheduling loop waits for it;
// - a bind whose node was deleted while it waited for the rate limiter succeeds (the binding subresource
//   does not look the node up), and PodGC removes the orphaned pod after its 40 s quarantine;
// - with no nodes at all: "no nodes available to schedule pods", no preemption attempt, and the pod
//   retried from the error back-off queue (1 s, 2 s, 4 s, 8 s, then 10 s).

import { beforeAll, describe, expect, it } from 'vitest';
import { type PublicRun, rows, runPublic, times } from './public-run.js';

const scenario = (trace: string, extra = '', nodes = 10, scheduler = '') => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: api-budget}
spec:
  seed: 1
  duration: 3m
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: node, count: ${nodes}, capacity: {cpu: "64", memory: 256Gi, pods: 500}}]
${scheduler}
  arrivals:
    - name: burst
      trace:
        text: |
${trace
  .trim()
  .split('\n')
  .map((l) => `          ${l}`)
  .join('\n')}
${extra}`;

describe('failed attempts spend the API budget before the binds', () => {
  const trace = `submit_time,cpu,memory,duration,count,priority
0,200,1Gi,,150,1000
0,100m,64Mi,,50,0`;

  it('150 unschedulable pods PATCH first: the 50 binds run from ~1.02 s to ~2.0 s', () => {
    const run = runPublic(scenario(trace));
    const failed = rows(run, { reason: 'FailedScheduling' });
    expect(new Set(failed.map((r) => r.object)).size).toBe(150);
    const bound = times(run, { reason: 'Scheduled' }).sort((a, b) => a - b);
    expect(bound).toHaveLength(50);
    expect(bound[0]).toBeCloseTo(1.022, 2);
    expect(bound[49]).toBeCloseTo(2.002, 2);
  });

  it('with SchedulerAsyncAPICalls the loop does not wait, but the budget is shared all the same', () => {
    const run = runPublic(
      scenario(trace, '', 10, '  scheduler: {featureGates: {SchedulerAsyncAPICalls: true}}'),
    );
    const bound = times(run, { reason: 'Scheduled' }).sort((a, b) => a - b);
    expect(bound).toHaveLength(50);
    // The 150 patches are queued first (no wait in the loop), the binds get the tokens after them.
    expect(bound[0]).toBeCloseTo(1.022, 2);
    expect(bound[49]).toBeCloseTo(2.002, 2);
  });
});

describe('a bind whose node is deleted while it waits for the rate limiter', () => {
  const trace = `submit_time,cpu,memory,duration,count,priority
0,100m,64Mi,,200,0`;
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  beforeAll(() => {
    run = runPublic(scenario(trace, '  operations:\n    - {at: 1s, action: delete-node, node: node-02}', 2));
  });

  it('still binds: the binding subresource does not look the node up', () => {
    const late = rows(run, { reason: 'Scheduled', node: 'node-02' }).filter((r) => r.t > 1_000_000);
    expect(late.length).toBeGreaterThan(0);
    // No pod bound to node-02 is scheduled a second time.
    const again = new Set(late.map((r) => r.object));
    expect(rows(run, { reason: 'Scheduled' }).filter((r) => again.has(r.object))).toHaveLength(late.length);
  });

  it('PodGC removes the orphans after the 40 s quarantine (passes every 20 s: at 60 s)', () => {
    const late = rows(run, { reason: 'Scheduled', node: 'node-02' }).filter((r) => r.t > 1_000_000);
    const gc = times(run, { reason: 'Deleted', node: 'node-02' });
    expect(gc.length).toBeGreaterThanOrEqual(late.length);
    expect(new Set(gc)).toEqual(new Set([60]));
  });
});

describe('no nodes at all', () => {
  const trace = `submit_time,cpu,memory,duration,count,priority
1,100m,64Mi,,1,0`;
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  beforeAll(() => {
    run = runPublic(scenario(trace, '  operations:\n    - {at: 0s, action: delete-node, node: node-01}', 1));
  });

  it('says "no nodes available to schedule pods" without a preemption attempt', () => {
    const failed = rows(run, { reason: 'FailedScheduling' });
    expect(failed.length).toBeGreaterThan(3);
    expect(new Set(failed.map((r) => r.detail))).toEqual(new Set(['no nodes available to schedule pods']));
  });

  it('retries from the error back-off queue: back-off 1 s, 2 s, 4 s, 8 s, then 10 s', () => {
    // podErrorBackoffQ is not popped early when activeQ is empty; from 1.33 a pod leaves back-off at the
    // first 1 s flush after the ordering window its expiry falls in (backoff_queue.go), so each retry
    // comes one second after its back-off: gaps of 2, 3, 5, 9, 11, 11 s.
    const t = times(run, { reason: 'FailedScheduling' });
    const gaps = t.slice(1, 7).map((x, i) => Math.round(x - (t[i] as number)));
    expect(gaps).toEqual([2, 3, 5, 9, 11, 11]);
  });

  it('1.32 (no ordering window): a retry as soon as each back-off expires', () => {
    const old = runPublic(
      scenario(trace, '  operations:\n    - {at: 0s, action: delete-node, node: node-01}', 1).replace(
        '  seed: 1',
        '  seed: 1\n  kubernetesVersion: "1.32"',
      ),
    );
    const t = times(old, { reason: 'FailedScheduling' });
    const gaps = t.slice(1, 7).map((x, i) => Math.ceil(x - (t[i] as number)));
    expect(gaps).toEqual([1, 2, 4, 8, 10, 10]);
  });
});
