import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/model/types.js';
import { runWithBinder } from '../helpers/first-fit-binder.js';
import { S, simFromYaml } from '../helpers/scenario.js';

const scenario = (stages: string, podSpec: string) => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: life}
spec:
  duration: 1h
  cluster:
    nodePools: [{name: p, count: 1, zones: [z-a], capacity: {cpu: "8", memory: 32Gi}}]
  stages:
${stages}
  workloads:
    - apiVersion: v1
      kind: Pod
      metadata: {name: app, labels: {app: x}}
      spec:
        nodeName: p-a-01
${podSpec}
        containers: [{name: c}]
`;

const start1s = `    - {name: pod-start, on: Scheduled, delay: {distribution: constant, value: 1s}}`;
const pod = (sim: ReturnType<typeof simFromYaml>) => sim.state.podHistory[0] as Pod;
const reasons = (sim: ReturnType<typeof simFromYaml>) =>
  sim.log.keptRows
    .filter((r) => r.kind === 'Pod')
    .map((r) => `${r.timeUs / S} ${r.reason}${r.detail ? ` ${r.detail}` : ''}`);

describe('pod lifecycle (kubelet pod workers + stages)', () => {
  it('restartPolicy Always: an exiting container restarts after CrashLoopBackOff 10 s, 20 s, 40 s; the pod stays Running', () => {
    const crash = `${start1s}\n    - {name: crash, on: Running, delay: {distribution: constant, value: 5s}, next: {phase: Failed}}`;
    const sim = simFromYaml(scenario(crash, ''));
    const readyFlips: string[] = [];
    sim.state.watch({
      podUpdated: (p, c) => c === 'ready' && readyFlips.push(`${sim.nowUs / S}:${p.ready}`),
    });
    runWithBinder(sim, 100 * S);
    // start 1, crash 6, restart 16, crash 21, restart 41, crash 46, restart 86, crash 91
    expect(readyFlips).toEqual([
      '1:true',
      '6:false',
      '16:true',
      '21:false',
      '41:true',
      '46:false',
      '86:true',
      '91:false',
    ]);
    expect(pod(sim).phase).toBe('Running');
    expect(sim.podWorkers.restartCount(pod(sim))).toBe(3);
  });

  it('restartPolicy Never: the pod ends Failed with the stage reason', () => {
    const oom = `${start1s}\n    - {name: oom, on: Running, delay: {distribution: constant, value: 5s}, next: {phase: Failed, reason: OOMKilled}}`;
    const sim = simFromYaml(scenario(oom, '        restartPolicy: Never'));
    runWithBinder(sim, 60 * S);
    expect(reasons(sim)).toEqual(['0 Created', '0 Scheduled', '1 Started', '6 Failed OOMKilled']);
  });

  it('spec.activeDeadlineSeconds fails a running pod with DeadlineExceeded', () => {
    const sim = simFromYaml(scenario(start1s, '        activeDeadlineSeconds: 30'));
    runWithBinder(sim, 60 * S);
    expect(pod(sim).phase).toBe('Failed');
    expect(reasons(sim)).toContain('30 Failed DeadlineExceeded');
  });

  it('deletion: Killing, then removal after the Terminating stage, never beyond the grace period', () => {
    const slowStop = `${start1s}\n    - {name: pod-delete, on: Terminating, delay: {distribution: constant, value: 1m}}`;
    const sim = simFromYaml(scenario(slowStop, '        terminationGracePeriodSeconds: 5'));
    runWithBinder(sim, 10 * S);
    sim.state.markPodDeleting(pod(sim), 'Deleted');
    runWithBinder(sim, 60 * S);
    expect(reasons(sim).slice(3)).toEqual(['10 Deleted', '10 Killing', '15 Deleted']);
  });

  it('a kubelet that is down confirms nothing: the pod stays Terminating until resumeNode', () => {
    const sim = simFromYaml(scenario(start1s, ''));
    runWithBinder(sim, 10 * S);
    let up = false;
    sim.kubelet.isUp = () => up;
    sim.state.markPodDeleting(pod(sim), 'TaintManagerEviction');
    runWithBinder(sim, 100 * S);
    expect(pod(sim).removedUs).toBeNull();
    expect(sim.state.podBuckets.terminating).toBe(1);
    up = true;
    sim.podWorkers.resumeNode('p-a-01');
    runWithBinder(sim, 200 * S);
    expect(pod(sim).removedUs).toBeGreaterThan(100 * S);
    expect(pod(sim).endReason).toBe('TaintManagerEviction');
  });

  it('an exit that happens while the kubelet is cut off is reported when it is back', () => {
    const run = `${start1s}\n    - {name: run, on: Running, delay: {distribution: constant, value: 20s}, next: {phase: Succeeded}}`;
    const sim = simFromYaml(scenario(run, '        restartPolicy: Never'));
    runWithBinder(sim, 10 * S);
    let up = false;
    sim.kubelet.isUp = () => up;
    runWithBinder(sim, 50 * S);
    expect(pod(sim).phase).toBe('Running');
    up = true;
    sim.podWorkers.resumeNode('p-a-01');
    runWithBinder(sim, 60 * S);
    expect(pod(sim).phase).toBe('Succeeded');
    expect(pod(sim).finishedUs).toBe(50 * S);
  });
});
