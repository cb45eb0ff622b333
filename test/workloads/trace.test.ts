// Replays the Alibaba openb GPU trace (test/fixtures, from hkust-adsl/kubernetes-scheduler-simulator) on
// its own 1213-node cluster, compressed 10 000x in time.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunDurationAnnotation } from '../../src/lifecycle/stages.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

function openbNodes(): string {
  const lines = readFileSync('test/fixtures/openb_node_list_gpu_node.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return lines
    .map((l) => {
      const [name, cpu, mem, gpu, model] = l.split(',');
      return `      - {apiVersion: v1, kind: Node, metadata: {name: ${name}, labels: {gpu-model: "${model}"}}, status: {capacity: {cpu: "${Number(cpu) / 1000}", memory: ${mem}Mi, nvidia.com/gpu: "${gpu}", pods: "110"}}}`;
    })
    .join('\n');
}

describe('openb trace replay', () => {
  it('replays every row at its (scaled) submit time with its requests and run time', () => {
    const trace = JSON.stringify(readFileSync('test/fixtures/openb_pod_list_default.csv', 'utf8'));
    const sim = simFromYaml(`
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: openb}
spec:
  duration: 25m
  controllerManager: {apiRateLimits: false}
  cluster:
    nodes:
${openbNodes()}
  arrivals:
    - name: openb
      trace: {text: ${trace}, format: openb, timeScale: 0.0001, gpuResource: nvidia.com/gpu, qosPriority: {LS: 1000, Guaranteed: 1000}}
`);
    expect(sim.state.nodes).toHaveLength(1213);
    runUntil(sim, 25 * 60 * S);
    const pods = sim.state.podHistory;
    expect(pods).toHaveLength(8152);
    const p1 = sim.state.podHistory.find((p) => p.name === 'openb-pod-0001');
    // creation_time 427061 s x 1e-4; 6000 millicores, 12288 MiB, 1 GPU; LS -> priority 1000.
    expect(p1?.createdUs).toBe(42_706_100);
    expect(p1?.requests).toMatchObject({
      milliCPU: 6000,
      memory: 12288 * 2 ** 20,
      scalar: { 'nvidia.com/gpu': 1 },
    });
    expect(p1?.spec.priority).toBe(1000);
    // Run time = (deletion - creation) x 1e-4, from the pod's start.
    const done = pods.filter((p) => p.phase === 'Succeeded');
    expect(done.length).toBeGreaterThan(1000);
    for (const p of done.slice(0, 200)) {
      const us = Number((p.annotations[RunDurationAnnotation] as string).replace('us', ''));
      expect((p.finishedUs as number) - (p.startedUs as number)).toBe(us);
    }
  });
});
