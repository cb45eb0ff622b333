// JobController, the adapter around reconcileJob (pkg/controller/job/job_controller.go syncJob,
// manageJob, activePodsForRemoval, firstPendingIndexes; pkg/controller/ttlafterfinished): the plan of
// one sync and each API call, driven directly on a real Sim.
import { describe, expect, it } from 'vitest';
import { checkExpectationHooks } from '../../test/helpers/expectations.js';
import { runUntil } from '../../test/helpers/run.js';
import { S, simFromYaml } from '../../test/helpers/scenario.js';
import type { Pod } from '../model/types.js';
import type { Sim } from '../sim/assemble.js';
import type { Job } from '../workloads/objects.js';
import { type JobAction, JobCompletionIndexAnnotation, jobPodLabels, ttlDueUs } from './job.js';

function scenario(spec: string, podSpec = ''): string {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: job}
spec:
  duration: 1h
  kubelet: {jitter: false}
  controllerManager: {apiRateLimits: false}
  cluster:
    nodePools: [{name: p, count: 2, capacity: {cpu: "16", memory: 64Gi, pods: 110}}]
  stages:
    - {name: run, on: Running, selector: {ownerKinds: [Job]}, delay: {distribution: constant, value: 10m}, next: {phase: Succeeded}}
  workloads:
    - apiVersion: batch/v1
      kind: Job
      metadata: {name: work}
      spec:
${spec}
        template:
          spec:
            restartPolicy: Never
            ${podSpec}
            containers: [{name: w, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]
`;
}

const KEY = 'default/work';

function jobOf(sim: Sim): Job {
  const j = sim.workloads.store.get('Job', KEY);
  if (j === undefined) throw new Error('no Job');
  return j;
}

function podsOf(sim: Sim): Pod[] {
  return [...(sim.workloads.pods.owned(jobOf(sim).uid)?.pods ?? [])];
}

function running(spec = '        parallelism: 3\n        completions: 6'): Sim {
  const sim = simFromYaml(scenario(spec));
  runUntil(sim, 10 * S);
  return sim;
}

describe('jobPodLabels (batch/v1 Job defaulting)', () => {
  it('controller-uid and job-name, both spellings, and the completion index when Indexed', () => {
    const sim = running();
    const job = jobOf(sim);
    expect(jobPodLabels(job, null)).toStrictEqual({
      'batch.kubernetes.io/controller-uid': job.uid,
      'batch.kubernetes.io/job-name': 'work',
      'controller-uid': job.uid,
      'job-name': 'work',
    });
    expect(jobPodLabels(job, 4)['batch.kubernetes.io/job-completion-index']).toBe('4');
  });
});

describe('JobController.sync', () => {
  it('a Job that is gone: no plan, its expectations forgotten', () => {
    const sim = running();
    const c = sim.workloads.jobs;
    c.expectations.expect('default/gone', 1, 0, sim.nowUs);
    expect(c.sync('default/gone', sim.nowUs)).toBeNull();
    expect(c.expectations.satisfied('default/gone', sim.nowUs)).toBe(true);
  });

  it('a Job being deleted: no plan', () => {
    const sim = running();
    jobOf(sim).deletionUs = sim.nowUs;
    expect(sim.workloads.jobs.sync(KEY, sim.nowUs)).toBeNull();
  });

  it('running at parallelism: no calls', () => {
    const sim = running();
    expect(podsOf(sim)).toHaveLength(3);
    expect(sim.workloads.jobs.sync(KEY, sim.nowUs)).toStrictEqual({ steps: [] });
  });

  it('more parallelism: creations in slow-start batches, each a NonIndexed create', () => {
    const sim = running();
    const job = jobOf(sim);
    job.parallelism = 6;
    const plan = sim.workloads.jobs.sync(KEY, sim.nowUs);
    const creates = plan?.steps.filter((s) => s.some((a) => a.op === 'create')) ?? [];
    expect(creates.map((s) => s.map((a) => a.op))).toEqual([['create'], ['create', 'create']]);
    expect(creates.flat().every((a) => a.op === 'create' && a.index === null)).toBe(true);
    expect(sim.workloads.jobs.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
  });

  it('less parallelism: deletes in ActivePods order (not ready first), and the expectation of them', () => {
    const sim = running();
    const job = jobOf(sim);
    const pods = podsOf(sim);
    const victim = pods[0] as Pod;
    victim.ready = false;
    sim.workloads.pods.updated(victim);
    job.parallelism = 2;
    const plan = sim.workloads.jobs.sync(KEY, sim.nowUs);
    const deletes = (plan?.steps[0] ?? []) as JobAction[];
    expect(deletes.map((a) => a.op === 'delete' && a.pod)).toEqual([victim]);
    expect(sim.workloads.jobs.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
  });

  it.each([0, 1, 2])(
    'less parallelism: the pod that is scheduled last in order (#%i, unscheduled) goes first',
    (i) => {
      const sim = running();
      const job = jobOf(sim);
      const pods = podsOf(sim);
      const victim = pods[i] as Pod;
      victim.nodeName = null;
      job.parallelism = 2;
      const plan = sim.workloads.jobs.sync(KEY, sim.nowUs);
      const deletes = (plan?.steps[0] ?? []) as JobAction[];
      expect(deletes.map((a) => a.op === 'delete' && a.pod)).toEqual([victim]);
    },
  );

  it('suspend: every active pod deleted, the Suspended condition and event in the status write', () => {
    const sim = running();
    const job = jobOf(sim);
    job.suspend = true;
    const plan = sim.workloads.jobs.sync(KEY, sim.nowUs);
    if (plan === null) throw new Error('no plan');
    const ops = plan.steps.map((s) => s.map((a) => a.op));
    expect(ops).toEqual([['delete', 'delete', 'delete'], ['status']]);
    const status = plan.steps[1]?.[0];
    if (status?.op !== 'status') throw new Error('no status');
    expect(status.events).toEqual([{ reason: 'Suspended', message: 'Job suspended' }]);
    expect(status.status.conditions.find((c) => c.type === 'Suspended')).toMatchObject({
      status: 'True',
      reason: 'JobSuspended',
    });
    expect(status.status.active).toBe(0);
  });

  it('Indexed: pods carry their index, creations take the lowest free indexes', () => {
    const sim = simFromYaml(
      scenario('        parallelism: 2\n        completions: 5\n        completionMode: Indexed'),
    );
    runUntil(sim, 10 * S);
    const pods = podsOf(sim);
    expect(pods.map((p) => p.annotations[JobCompletionIndexAnnotation]).sort()).toEqual(['0', '1']);
    for (const p of pods) {
      const idx = p.annotations[JobCompletionIndexAnnotation];
      expect(p.name).toMatch(new RegExp(`^work-${idx}-[a-z0-9]{5}$`));
      expect(p.labels['batch.kubernetes.io/job-completion-index']).toBe(idx);
    }
    const job = jobOf(sim);
    job.status.completedIndexes.add(2);
    job.parallelism = 4;
    const plan = sim.workloads.jobs.sync(KEY, sim.nowUs);
    const creates = plan?.steps.flat().filter((a) => a.op === 'create') ?? [];
    expect(creates.map((a) => a.op === 'create' && a.index)).toEqual([3, 4]);
  });

  it('NonIndexed pods are named <job>-<5 chars> and carry no index annotation', () => {
    const sim = running();
    for (const p of podsOf(sim)) {
      expect(p.name).toMatch(/^work-[a-z0-9]{5}$/);
      expect(p.annotations[JobCompletionIndexAnnotation]).toBeUndefined();
      expect(p.labels['job-name']).toBe('work');
    }
  });
});

describe('JobController.apply', () => {
  it('calls for a stale Job object are dropped', () => {
    const sim = running();
    const job = jobOf(sim);
    const [pod] = podsOf(sim);
    if (pod === undefined) throw new Error('pods');
    expect(sim.workloads.jobs.apply({ op: 'delete', job: { ...job }, pod }, sim.nowUs)).toBe(true);
    expect(pod.deletionUs).toBeNull();
  });

  it('delete: SuccessfulDelete from Job/<name>; NotFound lowers the expectation', () => {
    const sim = running();
    const c = sim.workloads.jobs;
    const job = jobOf(sim);
    const [a, b] = podsOf(sim);
    if (a === undefined || b === undefined) throw new Error('pods');
    c.expectations.expect(KEY, 0, 2, sim.nowUs);
    expect(c.apply({ op: 'delete', job, pod: a }, sim.nowUs)).toBe(true);
    expect(a.deletionUs).toBe(sim.nowUs);
    expect(sim.log.keptRows.find((r) => r.reason === 'SuccessfulDelete')?.detail).toBe('Job/work');
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
    b.deletionUs = sim.nowUs; // already being deleted by someone else
    sim.workloads.pods.updated(b);
    c.apply({ op: 'delete', job, pod: b }, sim.nowUs);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
  });

  it('create for a finished Job is skipped (expectation lowered, no pod)', () => {
    const sim = running();
    const c = sim.workloads.jobs;
    const job = jobOf(sim);
    job.status = {
      ...job.status,
      conditions: [
        {
          type: 'Complete',
          status: 'True',
          reason: '',
          message: '',
          lastUpdateUs: sim.nowUs,
          lastTransitionUs: sim.nowUs,
        },
      ],
    };
    const before = sim.state.podHistory.length;
    c.expectations.expect(KEY, 1, 0, sim.nowUs);
    expect(c.apply({ op: 'create', job, index: null }, sim.nowUs)).toBe(true);
    expect(sim.state.podHistory.length).toBe(before);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
  });

  it('create rejected by admission: FailedCreate and the call fails', () => {
    const sim = simFromYaml(
      scenario('        parallelism: 1\n        completions: 1', 'priorityClassName: missing'),
    );
    runUntil(sim, 1);
    const c = sim.workloads.jobs;
    const job = jobOf(sim);
    c.expectations.expect(KEY, 1, 0, sim.nowUs);
    const rows = sim.log.keptRows.length;
    expect(c.apply({ op: 'create', job, index: null }, sim.nowUs)).toBe(false);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
    const row = sim.log.keptRows.slice(rows).find((r) => r.reason === 'FailedCreate');
    expect(row?.object).toBe('Job/default/work');
    expect(row?.detail).toMatch(/^Error creating: pods "work-[a-z0-9]{5}" is forbidden: /);
  });

  it('status: records the events and a status update', () => {
    const sim = running();
    const c = sim.workloads.jobs;
    const job = jobOf(sim);
    const changes: string[] = [];
    sim.workloads.store.listen((obj, change) => {
      if (obj === job) changes.push(change);
    });
    const rows = sim.log.keptRows.length;
    c.apply(
      {
        op: 'status',
        job,
        status: { ...job.status, succeeded: 9 },
        counting: { pods: [], indexes: [7], backoff: { failuresAfterLastSuccess: 0, lastFailureUs: null } },
        events: [{ reason: 'Suspended', message: 'Job suspended' }],
      },
      sim.nowUs,
    );
    expect(job.status.succeeded).toBe(9);
    expect(job.status.completedIndexes.has(7)).toBe(true);
    expect(changes).toEqual(['status']);
    expect(sim.log.keptRows.slice(rows).map((r) => [r.kind, r.reason, r.object, r.detail])).toEqual([
      ['Workload', 'Suspended', 'Job/default/work', 'Job suspended'],
    ]);
  });
});

describe('TTL after finished', () => {
  const finished = (sim: Sim, atUs: number) => {
    const job = jobOf(sim);
    job.status = {
      ...job.status,
      conditions: [
        {
          type: 'Failed',
          status: 'True',
          reason: 'x',
          message: '',
          lastUpdateUs: atUs,
          lastTransitionUs: atUs,
        },
      ],
    };
    return job;
  };

  it('ttlDueUs: the terminal condition time + ttl; none without ttl, a terminal condition, or once deleting', () => {
    const sim = simFromYaml(scenario('        ttlSecondsAfterFinished: 30\n        completions: 1'));
    runUntil(sim, 5 * S);
    const job = jobOf(sim);
    expect(ttlDueUs(job)).toBeNull();
    finished(sim, 3 * S);
    expect(ttlDueUs(job)).toBe(33 * S);
    job.status = {
      ...job.status,
      conditions: job.status.conditions.map((c) => ({ ...c, status: 'False' as const })),
    };
    expect(ttlDueUs(job)).toBeNull();
    finished(sim, 3 * S);
    job.deletionUs = sim.nowUs;
    expect(ttlDueUs(job)).toBeNull();
    const noTtl = running();
    finished(noTtl, 3 * S);
    expect(ttlDueUs(jobOf(noTtl))).toBeNull();
  });

  it('a finished Job waits out its ttl, then is deleted with a Deleted row', () => {
    const sim = simFromYaml(scenario('        ttlSecondsAfterFinished: 30\n        completions: 1'));
    runUntil(sim, 5 * S);
    const c = sim.workloads.jobs;
    const job = finished(sim, 3 * S);
    expect(c.sync(KEY, sim.nowUs)).toStrictEqual({ steps: [], requeueAfterUs: 33 * S - sim.nowUs });
    const plan = c.sync(KEY, 33 * S);
    expect(plan).toStrictEqual({ steps: [[{ op: 'ttlDelete', job }]] });
    const rows = sim.log.keptRows.length;
    expect(c.apply({ op: 'ttlDelete', job }, sim.nowUs)).toBe(true);
    expect(sim.log.keptRows.slice(rows)[0]).toMatchObject({
      kind: 'Workload',
      reason: 'Deleted',
      object: 'Job/default/work',
      detail: 'ttlSecondsAfterFinished: propagationPolicy=Foreground',
    });
    expect(job.deletionUs).toBe(sim.nowUs);
  });

  it('a finished Job without ttl is not synced', () => {
    const sim = running();
    finished(sim, 3 * S);
    expect(sim.workloads.jobs.sync(KEY, sim.nowUs)).toBeNull();
  });
});

describe('JobController expectations hooks', () => {
  it('abandoned creations lower the add expectation; podAdded/podDeletionStarted count Job pods only', () => {
    const sim = running();
    const job = jobOf(sim);
    const [pod] = podsOf(sim);
    if (pod === undefined) throw new Error('pods');
    checkExpectationHooks<JobAction>(sim.workloads.jobs, {
      key: KEY,
      nowUs: sim.nowUs,
      pod,
      abandonedDelete: { op: 'delete', job, pod },
      abandonedCreate: { op: 'create', job, index: null },
      otherKind: 'ReplicaSet',
    });
  });
});
