import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/model/types.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

// Two zones, so that a fault on p-a-01 is not a full disruption of every zone (which stops evictions).
const scenario = (stages: string, podSpec: string, faults = '[]', operations = '[]') => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: life}
spec:
  duration: 1h
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: p, count: 2, zones: [z-a, z-b], capacity: {cpu: "8", memory: 32Gi}}]
  faults: ${faults}
  operations: ${operations}
  stages:
${stages}
  workloads:
    - apiVersion: v1
      kind: Pod
      metadata: {name: app, labels: {app: x}}
      spec:
        nodeName: p-a-01
${podSpec}
        containers: [{name: c, image: registry.k8s.io/pause:3.10}]
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
    runUntil(sim, 100 * S);
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
    runUntil(sim, 60 * S);
    expect(reasons(sim)).toEqual(['0 Created', '0 Scheduled', '1 Started', '6 Failed OOMKilled']);
  });

  it('spec.activeDeadlineSeconds fails a running pod with DeadlineExceeded', () => {
    const sim = simFromYaml(scenario(start1s, '        activeDeadlineSeconds: 30'));
    runUntil(sim, 60 * S);
    expect(pod(sim).phase).toBe('Failed');
    expect(reasons(sim)).toContain('30 Failed DeadlineExceeded');
  });

  it('deletion: Killing, then removal after the Terminating stage, never beyond the grace period', () => {
    // The pod is deleted through a public path, a drain of its node (Eviction API), instead of a store
    // write: the deletion row's reason is EvictionByEvictionAPI; the Terminating timeline is the same.
    // A bare pod needs kubectl drain --force.
    const slowStop = `${start1s}\n    - {name: pod-delete, on: Terminating, delay: {distribution: constant, value: 1m}}`;
    const sim = simFromYaml(
      scenario(
        slowStop,
        '        terminationGracePeriodSeconds: 5',
        '[]',
        '[{at: 10s, action: drain, node: p-a-01, force: true}]',
      ),
    );
    runUntil(sim, 60 * S);
    expect(reasons(sim).slice(3)).toEqual([
      '10 EvictionByEvictionAPI drain p-a-01',
      '10 Killing',
      '15 Deleted',
    ]);
  });

  it('a kubelet that is cut off confirms nothing: the evicted pod stays Terminating until the partition heals', () => {
    // p-a-01 is cut off from 10 s to 410 s. On the M1 grid its last renewal is at 2 s (probe 5 s), so it
    // goes Unknown at 55 s, is tainted unreachable:NoExecute at 60 s and its pod is evicted at 360 s.
    const sim = simFromYaml(
      scenario(start1s, '', '[{at: 10s, action: network-partition, node: p-a-01, for: 400s}]'),
    );
    runUntil(sim, 400 * S);
    expect(pod(sim).deletionUs).toBe(360 * S);
    expect(pod(sim).removedUs).toBeNull();
    expect(sim.state.podBuckets.terminating).toBe(1);
    runUntil(sim, 500 * S);
    // The kubelet acts again when the partition heals at 410 s: it stops the containers (Killing) and
    // confirms the deletion after the default pod-delete stage.
    expect(reasons(sim).filter((r) => /Killing|Deleted|Eviction/.test(r))[1]).toBe('410 Killing');
    expect(pod(sim).removedUs).toBeGreaterThan(410 * S);
    expect(pod(sim).endReason).toBe('TaintManagerEviction');
  });

  it('an exit that happens while the kubelet is cut off is reported when it is back', () => {
    const run = `${start1s}\n    - {name: run, on: Running, delay: {distribution: constant, value: 20s}, next: {phase: Succeeded}}`;
    // The containers exit at 21 s, while p-a-01 is cut off (10 s to 50 s).
    const sim = simFromYaml(
      scenario(
        run,
        '        restartPolicy: Never',
        '[{at: 10s, action: network-partition, node: p-a-01, for: 40s}]',
      ),
    );
    runUntil(sim, 49 * S);
    expect(pod(sim).phase).toBe('Running');
    runUntil(sim, 60 * S);
    expect(pod(sim).phase).toBe('Succeeded');
    expect(pod(sim).finishedUs).toBe(50 * S);
  });
});
