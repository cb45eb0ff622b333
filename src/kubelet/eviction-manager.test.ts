// The eviction manager in a running simulation (eviction_manager.go, setters.go MemoryPressureCondition,
// the node lifecycle controller's TaintNodesByCondition): two 4Gi nodes, four pods of 1Gi request whose
// working set is 100Mi + their share of the demand x 1Mi. 7000 units fit (3700Mi a node); 8000 at 60 s
// (4200Mi a node, 104Mi over capacity) meet memory.available < 100Mi on both nodes at the grid sync of
// 60 s: one pod each is evicted, the next the moment the first is cleaned up, and so on while the rest
// take over its share; the status loop posts MemoryPressure at its next tick (7 s mod 10 s without
// jitter), the node lifecycle controller taints memory-pressure:NoSchedule and replacements stay
// Pending. The demand falls to 1000 at 90 s; one transition period (1m here) after the last met
// observation the nodes report sufficient memory, the taint goes and the pods run again.

import { describe, expect, it } from 'vitest';
import { runUntil } from '../../test/helpers/run.js';
import { S, simFromYaml } from '../../test/helpers/scenario.js';
import { ScenarioError } from '../model/errors.js';
import { loadScenarioText } from '../scenario/load.js';
import type { Sim } from '../sim/assemble.js';

function scenario(kubelet: string, priorityClass = ''): string {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: memory-pressure}
spec:
  duration: 5m
  kubelet: {jitter: false${kubelet}}
  cluster:
    nodePools: [{name: n, count: 2, zones: [zone-a], capacity: {cpu: "8", memory: 4Gi, pods: 110}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {${priorityClass}containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m, memory: 1Gi}}}]}
  load:
    - workload: Deployment/web
      demand: {steps: [{at: 0s, value: 7000}, {at: 60s, value: 8000}, {at: 90s, value: 1000}]}
      perUnit: {memory: 1Mi}
      idle: {memory: 100Mi}
`;
}

const EVICTION = ', evictionHard: {memory.available: 100Mi}, evictionPressureTransitionPeriod: 1m';
const rows = (sim: Sim, reason: string) => sim.log.keptRows.filter((r) => r.reason === reason);
const at = (sim: Sim, reason: string) => rows(sim, reason).map((r) => [r.timeUs / S, r.object]);

describe('memory pressure from the load model (spec.kubelet.evictionHard)', () => {
  it('evicts one pod per synchronize, reports MemoryPressure, taints the nodes and recovers', () => {
    const sim = simFromYaml(scenario(EVICTION));
    runUntil(sim, 59 * S);
    expect(rows(sim, 'Evicted')).toEqual([]);
    runUntil(sim, 60 * S);
    expect(at(sim, 'EvictionThresholdMet')).toEqual([
      [60, 'n-a-01'],
      [60, 'n-a-02'],
    ]);
    const first = rows(sim, 'Evicted')[0];
    expect(first?.timeUs).toBe(60 * S);
    expect(first?.detail).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: -104Mi. Container web was using 2100Mi, request is 1Gi, has larger consumption of memory. ',
    );
    runUntil(sim, 61 * S);
    const evicted = sim.state.pod(first?.object as string);
    expect(evicted?.phase).toBe('Failed');
    expect(evicted?.endReason).toBe('Evicted');
    runUntil(sim, 100 * S);
    // The status loop posts at 67 s; the taint follows at once.
    expect(at(sim, 'NodeHasInsufficientMemory')).toEqual([
      [67, 'n-a-01'],
      [67, 'n-a-02'],
    ]);
    expect(rows(sim, 'TaintAdded').map((r) => [r.timeUs / S, r.object, r.detail])).toEqual([
      [67, 'n-a-01', 'node.kubernetes.io/memory-pressure:NoSchedule'],
      [67, 'n-a-02', 'node.kubernetes.io/memory-pressure:NoSchedule'],
    ]);
    expect(sim.state.node('n-a-01')?.conditions.get('MemoryPressure')).toMatchObject({
      status: 'True',
      reason: 'KubeletHasInsufficientMemory',
      message: 'kubelet has insufficient memory available',
    });
    const pendingAfterTaint = rows(sim, 'FailedScheduling').filter((r) => r.timeUs > 67 * S);
    expect(pendingAfterTaint.length).toBeGreaterThan(0);
    for (const r of pendingAfterTaint)
      expect(r.detail).toContain('untolerated taint {node.kubernetes.io/memory-pressure: }');
    // Evictions come no sooner than a cleanup after the previous one on the same node.
    const byNode = new Map<string, number[]>();
    for (const r of rows(sim, 'Evicted')) byNode.set(r.node, [...(byNode.get(r.node) ?? []), r.timeUs]);
    for (const times of byNode.values())
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThan(S);
    runUntil(sim, 200 * S);
    // Last met observation ~80 s; the node syncs every 10 s from then; the first one a minute later clears
    // the pressure and the 147 s status tick posts it.
    expect(at(sim, 'NodeHasSufficientMemory')).toEqual([
      [147, 'n-a-02'],
      [147, 'n-a-01'],
    ]);
    expect(at(sim, 'TaintRemoved').map(([t]) => t)).toEqual([147, 147]);
    const running = [...sim.state.pods].filter((p) => p.phase === 'Running');
    expect(running).toHaveLength(4);
  });

  it('off unless evictionHard sets memory.available: the same load evicts nothing', () => {
    const sim = simFromYaml(scenario(''));
    runUntil(sim, 200 * S);
    expect(rows(sim, 'Evicted')).toEqual([]);
    expect(rows(sim, 'EvictionThresholdMet')).toEqual([]);
    expect(sim.state.node('n-a-01')?.conditions.get('MemoryPressure')?.status).toBe('False');
  });

  it('critical pods (priority >= 2000000000) are never evicted', () => {
    const sim = simFromYaml(scenario(EVICTION, 'priorityClassName: system-node-critical, '));
    runUntil(sim, 100 * S);
    expect(rows(sim, 'Evicted')).toEqual([]);
    expect(at(sim, 'EvictionThresholdMet')).toEqual([
      [60, 'n-a-01'],
      [60, 'n-a-02'],
    ]);
    expect(at(sim, 'NodeHasInsufficientMemory')).toEqual([
      [67, 'n-a-01'],
      [67, 'n-a-02'],
    ]);
  });
});

describe('evictionHard as the kubelet parses it', () => {
  const load = (kubelet: string) => () => loadScenarioText(scenario(kubelet), 'mp.yaml');
  it.each([
    [
      ', evictionHard: {mem.available: 100Mi}',
      /spec\.kubelet\.evictionHard\["mem\.available"\].*unsupported eviction signal mem\.available/,
    ],
    [', evictionHard: {memory.available: "150%"}', /must be <= 100%: 150%/],
    [', evictionHard: {memory.available: "0"}', /eviction threshold memory.available must be positive: 0/],
    [
      ', evictionPressureTransitionPeriod: 300',
      /spec\.kubelet\.evictionPressureTransitionPeriod.*duration string/,
    ],
  ])('%s', (kubelet, message) => {
    expect(load(kubelet)).toThrow(ScenarioError);
    expect(load(kubelet)).toThrow(message);
  });
});
