// A Job with completions > parallelism, run end to end with the real scheduler: pods run 20-40 s and a
// quarter of them fail (stage failProbability), each failure is retried (restartPolicy Never: a new
// pod), and the Job completes with exactly `completions` successes as long as failures stay within
// backoffLimit (job_controller.go: the Job fails when failed > backoffLimit). Seed 1 draws exactly 6
// failures (= backoffLimit, not past it); seed 5 draws a 7th and the Job fails.

import { describe, expect, it } from 'vitest';
import { type PodRow, rows, runPublic, S, us } from './public-run.js';

const scenario = `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: job-e2e}
spec:
  duration: 20m
  cluster:
    nodePools: [{name: node, count: 3, zones: [zone-a], capacity: {cpu: "4", memory: 16Gi}}]
  stages:
    - name: work
      on: Running
      selector: {ownerKinds: [Job]}
      delay: {distribution: uniform, min: 20s, max: 40s}
      next: {phase: Succeeded, failProbability: 0.25, reason: Error}
  workloads:
    - apiVersion: batch/v1
      kind: Job
      metadata: {name: batch}
      spec:
        completions: 12
        parallelism: 4
        backoffLimit: 6
        template:
          spec:
            restartPolicy: Never
            containers: [{name: w, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1", memory: 1Gi}}}]
`;

/** The largest number of pods alive (created, not finished) at any instant, from pods.csv. */
function maxActive(pods: readonly PodRow[]): number {
  const edges: [number, number][] = [];
  for (const p of pods) {
    edges.push([us(p.created_s), 1]);
    if (p.finished_s) edges.push([us(p.finished_s), -1]);
  }
  // At one instant, finishes before creations: a replacement created when a pod ends does not overlap it.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let live = 0;
  let peak = 0;
  for (const [, d] of edges) {
    live += d;
    peak = Math.max(peak, live);
  }
  return peak;
}

describe('Job with failures and the real scheduler', () => {
  it('completes with exactly `completions` successes when failures stay within backoffLimit', () => {
    const run = runPublic(scenario, { seed: 1 });
    const succeeded = run.pods.filter((p) => p.end_reason === 'Completed');
    const failed = run.pods.filter((p) => p.end_reason === 'Error');
    expect(succeeded).toHaveLength(12);
    expect(failed).toHaveLength(6);
    expect(run.pods).toHaveLength(18);
    expect(rows(run, { reason: 'Failed', detail: 'Error' })).toHaveLength(6);
    const done = rows(run, { kind: 'Workload', object: 'Job/default/batch' });
    expect(done.map((r) => r.reason)).toEqual(['Completed']);
    // The Job completes one syncJobBatchPeriod (1 s) after its 12th pod succeeds.
    const lastSuccess = Math.max(...succeeded.map((p) => us(p.finished_s)));
    expect(done[0]?.t).toBe(lastSuccess + S);
    // Never more than parallelism pods at once; every pod was bound by the scheduler.
    expect(maxActive(run.pods)).toBe(4);
    for (const p of run.pods) {
      expect(us(p.scheduled_s) - us(p.created_s)).toBeGreaterThanOrEqual(2_000);
      expect(p.scheduling_attempts).toBe('1');
    }
    expect(run.summary.pods).toMatchObject({ created: 18, succeeded: 12, failed: 6, running_at_end: 0 });
    const job = run.sim.workloads.store.get('Job', 'default/batch');
    expect(job?.kind === 'Job' && job.status).toMatchObject({ succeeded: 12, failed: 6 });
  });

  it('fails with BackoffLimitExceeded at the 7th failure (seed 5)', () => {
    const run = runPublic(scenario, { seed: 5 });
    const failures = rows(run, { reason: 'Failed', detail: 'Error' });
    expect(failures).toHaveLength(7);
    const end = rows(run, { kind: 'Workload', object: 'Job/default/batch' });
    expect(end.map((r) => r.reason)).toEqual(['BackoffLimitExceeded']);
    // Fewer than 12 successes; the Job's remaining active pods are deleted.
    expect(run.pods.filter((p) => p.end_reason === 'Completed').length).toBeLessThan(12);
    expect(end[0]?.t).toBeGreaterThanOrEqual(failures[6]?.t as number);
    expect(run.summary.pods.running_at_end).toBe(0);
    expect(end[0]?.t).toBeLessThan(20 * 60 * S);
  });
});
