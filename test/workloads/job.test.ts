import { describe, expect, it } from 'vitest';
import { apiTimeUs } from '../../src/engine/time.js';
import { isJobFinished, type Job } from '../../src/workloads/objects.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

function jobScenario(job: string, stages = '', extra = ''): string {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: job}
spec:
  duration: 1h
  cluster:
    nodePools: [{name: p, count: 2, zones: [z-a], capacity: {cpu: "16", memory: 64Gi}}]
  stages:
${stages}
  workloads:
    - apiVersion: batch/v1
      kind: Job
      metadata: {name: work}
      spec:
${job}
        template:
          spec:
            restartPolicy: Never
            containers: [{name: w, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1"}}}]
${extra}`;
}

const run30s = `    - {name: run, on: Running, selector: {ownerKinds: [Job]}, delay: {distribution: constant, value: 30s}, next: {phase: Succeeded}}`;

describe('Job controller end to end', () => {
  it('finishes with exactly `completions` successes, never more than `parallelism` at once', () => {
    const sim = simFromYaml(jobScenario('        completions: 10\n        parallelism: 3', run30s));
    let maxActive = 0;
    sim.state.watch({
      podUpdated: () => {
        maxActive = Math.max(maxActive, sim.state.podBuckets.pending + sim.state.podBuckets.running);
      },
    });
    runUntil(sim, 30 * 60 * S);
    const job = sim.workloads.store.get('Job', 'default/work') as Job;
    expect(isJobFinished(job.status)).toBe(true);
    expect(job.status.conditions.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(job.status.succeeded).toBe(10);
    expect(sim.state.podHistory.filter((p) => p.phase === 'Succeeded')).toHaveLength(10);
    expect(sim.state.podHistory).toHaveLength(10);
    expect(maxActive).toBeLessThanOrEqual(3);
    const done = sim.log.keptRows.find((r) => r.kind === 'Workload' && r.reason === 'Completed');
    expect(done?.object).toBe('Job/default/work');
    // Each replacement is created by the sync syncJobBatchPeriod (1 s) after the first of the successes
    // batched into it, and the Job completes 1 s after the 10th pod succeeds.
    const finished = sim.state.podHistory.map((p) => p.finishedUs as number).sort((a, b) => a - b);
    const created = sim.state.podHistory.map((p) => p.createdUs);
    created.slice(3).forEach((c, i) => {
      const f = finished[i] as number;
      expect(c).toBeGreaterThan(f);
      expect(c).toBeLessThanOrEqual(f + S);
    });
    expect(done?.timeUs).toBe((finished[9] as number) + S);
    // Four waves of 30 s runs (3 + 3 + 3 + 1), each after a bind (~2 ms) and a ~1 s start.
    expect(done?.timeUs).toBeGreaterThan(120 * S);
    expect(done?.timeUs).toBeLessThan(140 * S);
  });

  it('backs off 10 s, 20 s after failures and fails past backoffLimit', () => {
    const fail = `    - {name: crash, on: Running, delay: {distribution: constant, value: 1s}, next: {phase: Failed, reason: Error}}`;
    const sim = simFromYaml(jobScenario('        backoffLimit: 2', fail));
    runUntil(sim, 10 * 60 * S);
    const job = sim.workloads.store.get('Job', 'default/work') as Job;
    expect(job.status.conditions.at(-1)).toMatchObject({ type: 'Failed', reason: 'BackoffLimitExceeded' });
    expect(job.status.failed).toBe(3);
    const created = sim.state.podHistory.map((p) => p.createdUs);
    const finished = sim.state.podHistory.map((p) => p.finishedUs as number);
    expect(created).toHaveLength(3);
    // A replacement comes 10 s, then 20 s, after the previous failure's finish time as the API stores it
    // (whole seconds: backoff_utils.go getFinishedTime reads the containers' finishedAt).
    expect((created[1] as number) - apiTimeUs(finished[0] as number)).toBe(10 * S);
    expect((created[2] as number) - apiTimeUs(finished[1] as number)).toBe(20 * S);
  });

  it('Indexed mode runs each index once, lowest first', () => {
    const sim = simFromYaml(
      jobScenario('        completions: 4\n        parallelism: 2\n        completionMode: Indexed', run30s),
    );
    runUntil(sim, 10 * 60 * S);
    const names = sim.state.podHistory.map((p) => p.name.replace(/-[a-z0-9]{5}$/, ''));
    expect(names).toEqual(['work-0', 'work-1', 'work-2', 'work-3']);
    const job = sim.workloads.store.get('Job', 'default/work') as Job;
    expect([...job.status.completedIndexes].sort()).toEqual([0, 1, 2, 3]);
  });

  it('activeDeadlineSeconds fails the Job and removes its running pods', () => {
    const long = `    - {name: run, on: Running, delay: {distribution: constant, value: 1h}, next: {phase: Succeeded}}`;
    const sim = simFromYaml(
      jobScenario('        parallelism: 2\n        completions: 2\n        activeDeadlineSeconds: 60', long),
    );
    runUntil(sim, 5 * 60 * S);
    const job = sim.workloads.store.get('Job', 'default/work') as Job;
    // FailureTarget at 60 s; Failed once the deleted pods are gone, seen by the sync batched 1 s after
    // the last pod removal (lastTransitionTime in whole seconds).
    const gone = Math.max(...sim.state.podHistory.map((p) => p.removedUs as number));
    expect(job.status.conditions.map((c) => [c.type, c.reason, c.lastTransitionUs])).toEqual([
      ['FailureTarget', 'DeadlineExceeded', 60 * S],
      ['Failed', 'DeadlineExceeded', apiTimeUs(gone + S)],
    ]);
    expect(sim.state.podCount).toBe(0);
  });

  it('ttlSecondsAfterFinished deletes the Job and the garbage collector its pods', () => {
    const sim = simFromYaml(jobScenario('        ttlSecondsAfterFinished: 100', run30s));
    runUntil(sim, 10 * 60 * S);
    expect(sim.workloads.store.get('Job', 'default/work')).toBeUndefined();
    expect(sim.state.podCount).toBe(0);
    expect(sim.state.podHistory[0]?.endReason).toBe('Completed');
  });
});
