// The Job controller on the failure paths, end to end (pkg/controller/job: job_controller.go,
// backoff_utils.go; ttlafterfinished):
// - pod-failure back-off is timed from the newest failed pod's finish time (getFinishedTime): pods
//   evicted from a crashed node finished when the node lifecycle controller marked them Ready=False;
// - from 1.31 a failing Job first gets FailureTarget and its pods are deleted; Failed (with the event,
//   and the ttlSecondsAfterFinished clock) follows once no pod is terminating; before 1.31 at once;
// - the same for success: SuccessCriteriaMet, then Complete once the terminating pods are gone;
// - pod events reach the controller batched by syncJobBatchPeriod (1 s).

import { beforeAll, describe, expect, it } from 'vitest';
import { type PublicRun, rows, runPublic, S, times } from './public-run.js';

const job = (
  spec: string,
  stages: string,
  opts: { version?: string; faults?: string; nodes?: number } = {},
) => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: job-failure-paths}
spec:
  seed: 1
  duration: 20m
  kubernetesVersion: "${opts.version ?? '1.34'}"
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: node, count: ${opts.nodes ?? 2}, capacity: {cpu: "16", memory: 64Gi}}]
  stages:
${stages}
  workloads:
    - apiVersion: batch/v1
      kind: Job
      metadata: {name: work}
      spec:
${spec}
        template:
          spec:
            restartPolicy: Never
            containers: [{name: w, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1"}}}]
${opts.faults ?? ''}`;

const runsFor = (d: string) =>
  `    - {name: run, on: Running, selector: {ownerKinds: [Job]}, delay: {distribution: constant, value: ${d}}, next: {phase: Succeeded}}`;
const stopsIn = (d: string) =>
  `    - {name: stop, on: Terminating, selector: {ownerKinds: [Job]}, delay: {distribution: constant, value: ${d}}}`;

describe('Job back-off after pods are evicted from a crashed node (backoff_utils.go getFinishedTime)', () => {
  // Six pods pinned to node-01, which crashes at 60 s: Unknown (and its pods Ready=False) at 105 s,
  // unreachable:NoExecute at 110 s, evicted at 410 s (tolerationSeconds 300). Six failures at once:
  // back-off 10 s x 2^5 = 320 s from their finish time, the Ready=False transition at 105 s.
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  beforeAll(() => {
    run = runPublic(
      job(
        `        completions: 6\n        parallelism: 6\n        backoffLimit: 20\n        template: {}`.replace(
          '\n        template: {}',
          '',
        ),
        runsFor('1h'),
        { faults: '  faults:\n    - {at: 60s, action: node-crash, node: node-01}' },
      ).replace(
        'restartPolicy: Never',
        'restartPolicy: Never\n            nodeSelector: {kubernetes.io/hostname: node-01}',
      ),
    );
  });

  it('evicts the six pods at 410 s', () => {
    expect(times(run, { reason: 'TaintManagerEviction' })).toEqual([410, 410, 410, 410, 410, 410]);
  });

  it('creates the replacements at 105 + 320 = 425 s, not 320 s after the eviction', () => {
    const created = times(run, { reason: 'Created', detail: 'Job/work' });
    expect(created.slice(0, 6).every((t) => t < 1)).toBe(true);
    expect(created.slice(6)).toHaveLength(6);
    expect(created[6]).toBeCloseTo(425, 0);
  });
});

describe('activeDeadlineSeconds with pods that take 20 s to stop', () => {
  const spec =
    '        parallelism: 2\n        completions: 2\n        activeDeadlineSeconds: 60\n        ttlSecondsAfterFinished: 10';
  const stages = `${runsFor('1h')}\n${stopsIn('20s')}`;

  it('1.34: FailureTarget and the deletions at 60 s, Failed and the event once the pods are gone', () => {
    const run = runPublic(job(spec, stages));
    expect(
      times(run, { kind: 'Condition', reason: 'DeadlineExceeded', detail: /^FailureTarget=True/ }),
    ).toEqual([60]);
    expect(times(run, { reason: 'SuccessfulDelete', detail: 'Job/work' })).toEqual([60, 60]);
    const gone = Math.max(...times(run, { reason: 'Deleted', object: /^default\/work-/ }));
    expect(gone).toBe(80);
    // Pod deletions reach the Job controller batched by 1 s.
    const failed = times(run, { kind: 'Condition', reason: 'DeadlineExceeded', detail: /^Failed=True/ });
    expect(failed).toEqual([81]);
    expect(times(run, { kind: 'Workload', reason: 'DeadlineExceeded' })).toEqual([81]);
    // ttlSecondsAfterFinished runs from the Failed condition's lastTransitionTime (whole seconds).
    expect(times(run, { kind: 'Workload', reason: 'Deleted', object: 'Job/default/work' })).toEqual([91]);
  });

  it('1.30: Failed and the event at once (no delayTerminalCondition before 1.31)', () => {
    const run = runPublic(job(spec, stages, { version: '1.30' }));
    expect(rows(run, { kind: 'Condition', detail: /^FailureTarget/ })).toEqual([]);
    expect(times(run, { kind: 'Condition', reason: 'DeadlineExceeded', detail: /^Failed=True/ })).toEqual([
      60,
    ]);
    expect(times(run, { kind: 'Workload', reason: 'DeadlineExceeded' })).toEqual([60]);
    expect(times(run, { kind: 'Workload', reason: 'Deleted', object: 'Job/default/work' })).toEqual([70]);
  });
});

describe('a Job that succeeds while one of its pods is stuck Terminating on a crashed node', () => {
  // Two pods on two nodes; node-01 crashes at 30 s for 10 min: its pod is evicted at 380 s and stays
  // Terminating until the kubelet is back (630 s). Its replacement and the other pod succeed.
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  beforeAll(() => {
    run = runPublic(
      job('        completions: 2\n        parallelism: 2\n        backoffLimit: 6', runsFor('100s'), {
        faults: '  faults:\n    - {at: 30s, action: node-crash, node: node-01, for: 10m}',
      }).replace(
        'restartPolicy: Never',
        'restartPolicy: Never\n            topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {job-name: work}}}]',
      ),
    );
  });

  it('gets SuccessCriteriaMet when the completions are reached', () => {
    const met = times(run, {
      kind: 'Condition',
      reason: 'CompletionsReached',
      detail: /^SuccessCriteriaMet/,
    });
    expect(met).toHaveLength(1);
    expect(met[0]).toBeLessThan(630);
  });

  it('gets Complete (and the Completed event) only after the evicted pod is gone', () => {
    const gone = times(run, { reason: 'Deleted', object: /^default\/work-/, node: 'node-01' });
    expect(gone).toHaveLength(1);
    expect(gone[0]).toBeGreaterThanOrEqual(630);
    const complete = times(run, { kind: 'Condition', detail: /^Complete=True/ });
    expect(complete).toHaveLength(1);
    expect(complete[0]).toBeCloseTo((gone[0] as number) + 1, 5);
    expect(times(run, { kind: 'Workload', reason: 'Completed', object: 'Job/default/work' })).toEqual(
      complete,
    );
  });
});

describe('syncJobBatchPeriod', () => {
  it('a Job completes 1 s after its last pod succeeds', () => {
    const run = runPublic(job('        completions: 1', runsFor('10s')));
    const podDone = times(run, { kind: 'Pod', reason: 'Completed', object: /^default\/work-/ });
    expect(podDone).toHaveLength(1);
    const jobDone = times(run, { kind: 'Workload', reason: 'Completed', object: 'Job/default/work' });
    expect(jobDone).toHaveLength(1);
    expect(jobDone[0]).toBeCloseTo((podDone[0] as number) + 1, 5);
    expect(S).toBe(1_000_000);
  });
});
