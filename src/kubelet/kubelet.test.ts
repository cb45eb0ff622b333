import { describe, expect, it } from 'vitest';
import { runSimulation } from '../index.js';
import { buildScenario } from '../scenario/build.js';
import { loadScenarioText } from '../scenario/load.js';
import { makeDispatch } from '../sim/assemble.js';
import { createSim } from '../sim/setup.js';

const S = 1_000_000;

function run(kubelet: string, extra = '', version = '1.34', seed = 1) {
  const text = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: kubelet-test}
spec:
  seed: ${seed}
  duration: 20m
  kubernetesVersion: "${version}"
  kubelet: ${kubelet}
  cluster:
    nodePools:
      - {name: node, count: 6, zones: [zone-a, zone-b], capacity: {cpu: "8", memory: 32Gi}}
${extra}`;
  const { scenario } = loadScenarioText(text);
  return runSimulation(scenario, { keepEventRows: true }).sim;
}

const times = (sim: ReturnType<typeof run>, reason: string, object: string) =>
  sim.log.keptRows.filter((r) => r.reason === reason && r.object === object).map((r) => r.timeUs / S);

describe('kubelet heartbeats', () => {
  it('jitter: false puts every kubelet on the M1 grid (renewals at 2 s mod 10 s, no status post before 5 min)', () => {
    const sim = run('{jitter: false, heartbeatEvents: true}');
    for (const node of ['node-a-01', 'node-b-03']) {
      expect(times(sim, 'LeaseRenewed', node).slice(0, 5)).toEqual([0, 2, 12, 22, 32]);
      expect(times(sim, 'NodeStatusPosted', node).slice(0, 4)).toEqual([0, 307, 607, 907]);
    }
  });

  it('jitter on: renewals 10.0-10.4 s apart after the previous one, at a random phase per node', () => {
    const sim = run('{heartbeatEvents: true}');
    const firsts = new Set<number>();
    for (const node of ['node-a-01', 'node-a-02', 'node-b-01']) {
      const t = times(sim, 'LeaseRenewed', node);
      firsts.add(t[1] as number);
      for (let k = 2; k < t.length; k++) {
        const gap = (t[k] as number) - (t[k - 1] as number);
        expect(gap).toBeGreaterThanOrEqual(10);
        expect(gap).toBeLessThan(10.4);
      }
    }
    expect(firsts.size).toBe(3);
  });

  it('v1.34: the first unchanged report after start waits 300 s +- 50 %, later ones the plain 300 s', () => {
    const sim = run('{heartbeatEvents: true}', '', '1.34');
    for (const node of ['node-a-01', 'node-a-02', 'node-a-03', 'node-b-01']) {
      const posts = times(sim, 'NodeStatusPosted', node);
      const first = (posts[1] as number) - (posts[0] as number);
      expect(first).toBeGreaterThanOrEqual(150);
      expect(first).toBeLessThan(450 + 10.4);
      const second = (posts[2] as number) - (posts[1] as number);
      expect(second).toBeGreaterThanOrEqual(300);
      expect(second).toBeLessThan(310.4);
    }
  });

  it('v1.33: no report jitter, reports every 300 s (on the first status tick after it)', () => {
    const sim = run('{heartbeatEvents: true}', '', '1.33');
    const posts = times(sim, 'NodeStatusPosted', 'node-a-01');
    for (let k = 1; k < posts.length; k++) {
      const gap = (posts[k] as number) - (posts[k - 1] as number);
      expect(gap).toBeGreaterThanOrEqual(300);
      expect(gap).toBeLessThan(310.4);
    }
  });

  it('an explicit nodeStatusUpdateFrequency makes the report frequency follow it (a post every tick)', () => {
    const sim = run('{jitter: false, heartbeatEvents: true, nodeStatusUpdateFrequency: 4s}');
    // Ticks at 2.8, 6.8, ...: the 2.8 tick is within 4 s of the t = 0 post, every later one is not.
    expect(times(sim, 'NodeStatusPosted', 'node-a-01').slice(0, 4)).toEqual([0, 6.8, 10.8, 14.8]);
  });

  it('same seed, same heartbeats; another seed, other phases', () => {
    const a = run('{heartbeatEvents: true}', '', '1.34', 7).log.keptRows;
    const b = run('{heartbeatEvents: true}', '', '1.34', 7).log.keptRows;
    const c = run('{heartbeatEvents: true}', '', '1.34', 8).log.keptRows;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

describe('isUp and the pod workers', () => {
  const pod = `  workloads:
    - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {nodeName: node-a-01, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}
`;
  it('a partitioned node keeps its evicted pod Terminating; the deletion completes when it can reach the API', () => {
    const sim = run(
      '{jitter: false}',
      `${pod}  faults:\n    - {at: 100s, action: network-partition, node: node-a-01, for: 400s}\n`,
    );
    expect(times(sim, 'TaintManagerEviction', 'default/p')).toEqual([450]);
    // The kubelet stops the containers once it reaches the API (within the 30 s grace period).
    const [deleted] = times(sim, 'Deleted', 'default/p');
    expect(deleted).toBeGreaterThanOrEqual(500);
    expect(deleted).toBeLessThanOrEqual(530);
  });

  it('the pod stays in the API (Terminating) while the kubelet cannot act', () => {
    const sim = run(
      '{jitter: false}',
      `${pod}  faults:\n    - {at: 100s, action: node-crash, node: node-a-01}\n`,
    );
    expect(times(sim, 'TaintManagerEviction', 'default/p')).toEqual([450]);
    expect(times(sim, 'Deleted', 'default/p')).toEqual([]);
    expect(sim.state.pod('default/p')?.deletionUs).toBe(450 * S);
    expect(sim.kubelet.isUp('node-a-01')).toBe(false);
    expect(sim.kubelet.isUp('node-a-02')).toBe(true);
    expect(sim.metrics.samples.at(-1)?.podsTerminating).toBe(1);
  });

  it('a node whose runtime is down cannot start or stop containers until it is back', () => {
    const sim = run(
      '{jitter: false}',
      `${pod}  faults:\n    - {at: 0s, action: kubelet-not-ready, node: node-a-01, for: 200s}\n`,
    );
    // Containers start once the runtime is back (after the pod workers' start-up latency, if any).
    const [started] = times(sim, 'Started', 'default/p');
    expect(started).toBeGreaterThanOrEqual(200);
    expect(started).toBeLessThanOrEqual(210);
    expect(times(sim, 'NodeNotReady', 'node-a-01')).toEqual([0]);
    expect(times(sim, 'NodeReady', 'node-a-01')).toEqual([207]);
  });

  // syncNodeStatus runs as soon as the status loop starts (JitterUntil calls f before its first wait,
  // node-health-timing.md §0) and posts: nothing was posted since the start. fastStatusUpdateOnce alone
  // would stay silent, as it only patches a node that became ready.
  it('a kubelet that boots with its runtime down posts Ready=False at once, then ticks on the M1 grid', () => {
    const sim = run(
      '{jitter: false, heartbeatEvents: true}',
      `${pod}  faults:
    - {at: 100s, action: node-crash, node: node-a-01, for: 100s}
    - {at: 150s, action: kubelet-not-ready, node: node-a-01, for: 100s}
`,
    );
    const posts = sim.log.keptRows
      .filter((r) => r.reason === 'NodeStatusPosted' && r.object === 'node-a-01' && r.timeUs > 100 * S)
      .map((r) => [r.timeUs / S, r.detail]);
    // Boot at 200: Ready=False at once, unchanged at the 207 ... 247 ticks; the runtime is back at 250,
    // while fastStatusUpdateOnce still polls (it keeps trying for nodeReadyGracePeriod): Ready at 250.
    expect(posts.slice(0, 2)).toEqual([
      [200, 'Ready=False'],
      [250, 'Ready=True'],
    ]);
    expect(times(sim, 'NodeNotReady', 'node-a-01')).toEqual([200]);
    expect(times(sim, 'NodeReady', 'node-a-01')).toEqual([0, 250]);
  });

  it('a kubelet that boots healthy posts Ready once at boot (fast path), not again at the start tick', () => {
    const sim = run(
      '{jitter: false, heartbeatEvents: true}',
      `${pod}  faults:
    - {at: 100s, action: node-crash, node: node-a-01, for: 100s}
`,
    );
    const posts = times(sim, 'NodeStatusPosted', 'node-a-01').filter((t) => t > 100);
    expect(posts[0]).toBe(200);
    expect(posts[1]).toBeGreaterThanOrEqual(200 + 150);
  });
});

describe('idle status ticks', () => {
  // Another writer (as the node lifecycle controller does) sets Ready=Unknown on a healthy node while
  // its status loop is idle; the kubelet must post Ready=True at its next tick, exactly as when every
  // tick is an event. Ticks are at 7 s mod 10 s; a write at 147 s comes after the 147 s tick.
  it.each([
    [147, 157],
    [150, 157],
    [156.9, 157],
  ])('Unknown written at %f s is overwritten at the %f s tick', (writeS, postS) => {
    for (const heartbeatEvents of [false, true]) {
      const text = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: idle}
spec:
  duration: 10m
  kubelet: {jitter: false, heartbeatEvents: ${heartbeatEvents}}
  cluster:
    nodePools:
      - {name: node, count: 2, zone: zone-a, capacity: {cpu: "8", memory: 32Gi}}
`;
      const sim = createSim(buildScenario(loadScenarioText(text).scenario), { keepEventRows: true });
      const dispatch = makeDispatch(sim);
      sim.engine.run({ untilUs: writeS * S, maxEvents: 1e7 }, dispatch);
      const node = sim.state.node('node-a-01')!;
      sim.state.setNodeCondition(node, 'Ready', 'Unknown', 'NodeStatusUnknown');
      sim.engine.run({ untilUs: 300 * S, maxEvents: 1e7 }, dispatch);
      const ready = sim.log.keptRows.filter((r) => r.reason === 'NodeReady' && r.object === 'node-a-01');
      expect(ready.map((r) => r.timeUs / S)).toEqual([0, postS]);
    }
  });
});

describe('pod readiness after a node outage', () => {
  it('the kubelet restores Ready only on pods the node lifecycle controller marked NotReady', () => {
    const text = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: ready}
spec:
  duration: 10m
  kubernetesVersion: "1.31"
  kubelet: {jitter: false}
  cluster:
    nodePools:
      - {name: node, count: 4, zone: zone-a, capacity: {cpu: "8", memory: 32Gi}}
  workloads:
    - {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {nodeName: node-a-01, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}
    - {apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {nodeName: node-a-02, containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}
  faults:
    - {at: 100s, action: lease-renew-failures, node: node-a-01, for: 30s}
`;
    const sim = createSim(buildScenario(loadScenarioText(text).scenario), { keepEventRows: true });
    const dispatch = makeDispatch(sim);
    const a = () => sim.state.pod('default/a')!;
    const b = () => sim.state.pod('default/b')!;
    sim.engine.run({ untilUs: 50 * S, maxEvents: 1e7 }, dispatch);
    // A container of b crashes on a healthy node (the pod workers' own write): not the controller's.
    sim.state.setPodReady(b(), false);
    // v1.31: node-a-01 flaps Unknown at 135 (pods marked NotReady) and posts Ready at 137.
    sim.engine.run({ untilUs: 136 * S, maxEvents: 1e7 }, dispatch);
    expect(a().ready).toBe(false);
    sim.engine.run({ untilUs: 200 * S, maxEvents: 1e7 }, dispatch);
    expect(a().ready).toBe(true);
    expect(b().ready).toBe(false);
  });
});
