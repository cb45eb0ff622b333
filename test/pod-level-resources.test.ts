// PodLevelResources as a user meets it: the gate follows kubernetesVersion (beta, on from 1.34) unless
// spec.apiServer.featureGates says otherwise, and the scheduler charges the pod-level request.
import { describe, expect, it } from 'vitest';
import { buildScenario } from '../src/scenario/build.js';
import { loadScenarioText } from '../src/scenario/load.js';
import { makeDispatch } from '../src/sim/assemble.js';
import { createSim } from '../src/sim/setup.js';

function scenario(version: string, gates = ''): string {
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: plr}
spec:
  duration: 1m
  kubernetesVersion: "${version}"
${gates}  cluster:
    nodePools: [{name: n, count: 2, zones: [a], capacity: {cpu: "4", memory: 16Gi}}]
  workloads:
${['big', 'second', 'third']
  .map(
    (name) => `    - apiVersion: v1
      kind: Pod
      metadata: {name: ${name}}
      spec:
        resources: {requests: {cpu: "3"}}
        containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]
`,
  )
  .join('')}`;
}

function pendingAtEnd(text: string): number {
  const built = buildScenario(loadScenarioText(text, 'plr.yaml').scenario);
  const sim = createSim(built);
  sim.engine.run({ untilUs: built.config.durationUs, maxEvents: 1e6 }, makeDispatch(sim));
  return sim.state.podBuckets.pending;
}

describe('PodLevelResources', () => {
  it('1.34: three pods asking 3 cpu at pod level fit two 4-cpu nodes only twice', () => {
    expect(pendingAtEnd(scenario('1.34'))).toBe(1);
  });

  it('1.33: the gate is off, the 100m container requests count and all three fit', () => {
    expect(pendingAtEnd(scenario('1.33'))).toBe(0);
  });

  it('spec.apiServer.featureGates overrides the version default', () => {
    const on = '  apiServer: {featureGates: {PodLevelResources: true}}\n';
    const off = '  apiServer: {featureGates: {PodLevelResources: false}}\n';
    expect(pendingAtEnd(scenario('1.33', on))).toBe(1);
    expect(pendingAtEnd(scenario('1.34', off))).toBe(0);
  });
});
