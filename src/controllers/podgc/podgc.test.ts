import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../scenario/build.js';
import { loadScenarioText } from '../../scenario/load.js';
import { makeDispatch } from '../../sim/assemble.js';
import { createSim } from '../../sim/setup.js';

const S = 1_000_000;

function sim(threshold: number) {
  const pods = Array.from(
    { length: 5 },
    (_, k) =>
      `    - {apiVersion: v1, kind: Pod, metadata: {name: p${k}}, spec: {nodeName: node-a-01, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}`,
  ).join('\n');
  const { scenario } = loadScenarioText(`apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: podgc}
spec:
  duration: 5m
  kubelet: {jitter: false}
  controllerManager: {terminatedPodGCThreshold: ${threshold}}
  cluster:
    nodePools:
      - {name: node, count: 2, zone: zone-a, capacity: {cpu: "8", memory: 32Gi}}
  workloads:
${pods}
`);
  const s = createSim(buildScenario(scenario), { keepEventRows: true });
  return {
    s,
    run: (untilS: number) => s.engine.run({ untilUs: untilS * S, maxEvents: 1e7 }, makeDispatch(s)),
  };
}

describe('PodGC gcTerminated', () => {
  it('deletes the oldest terminated pods beyond the threshold at the next 20 s pass', () => {
    const { s, run } = sim(2);
    run(30);
    for (const name of ['p3', 'p0', 'p4', 'p1'])
      s.state.setPodPhase(s.state.pod(`default/${name}`)!, 'Succeeded');
    run(60);
    const deleted = s.log.keptRows.filter((r) => r.reason === 'Deleted');
    // Four terminated, threshold 2: the two oldest (creation order, then name) go at the 40 s pass.
    expect(deleted.map((r) => [r.timeUs / S, r.object])).toEqual([
      [40, 'default/p0'],
      [40, 'default/p1'],
    ]);
    expect(s.state.pod('default/p2')?.phase).toBe('Running');
  });

  it('threshold 0 turns gcTerminated off', () => {
    const { s, run } = sim(0);
    run(30);
    for (const name of ['p0', 'p1']) s.state.setPodPhase(s.state.pod(`default/${name}`)!, 'Succeeded');
    run(100);
    expect(s.log.keptRows.filter((r) => r.reason === 'Deleted')).toEqual([]);
  });
});
