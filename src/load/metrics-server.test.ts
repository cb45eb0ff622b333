// The metrics pipeline in a running simulation: when metrics-server serves a pod (two points, the
// fresh-container rule, nodes that cannot be scraped), what it reports (share of the demand over the
// window, idle use, noise, limits) and that a run's values do not depend on anything but the seed.

import { describe, expect, it } from 'vitest';
import { runUntil } from '../../test/helpers/run.js';
import { S, simFromYaml } from '../../test/helpers/scenario.js';
import type { Pod } from '../model/types.js';
import type { Sim } from '../sim/assemble.js';
import type { MetricsServer } from './metrics-server.js';

function scenario(
  opts: { start: string; replicas?: number; load?: string; faults?: string; limits?: string } = {
    start: '1s',
  },
) {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: ms}
spec:
  duration: 10m
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: n, count: 2, zones: [zone-a], capacity: {cpu: "8", memory: 32Gi, pods: 110}}]
  stages:
    - {name: pod-start, on: Scheduled, delay: {distribution: constant, value: ${opts.start}}}
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: ${opts.replicas ?? 2}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 500m, memory: 256Mi}${opts.limits ?? ''}}}]
  load:
    - workload: Deployment/web
      ${opts.load ?? 'demand: {constant: 100}\n      perUnit: {cpu: 10m, memory: 1Mi}\n      idle: {cpu: 20m, memory: 100Mi}'}
  faults: ${opts.faults ?? '[]'}
`;
}

const server = (sim: Sim) => sim.autoscaling.metrics as MetricsServer;
const webPods = (sim: Sim): Pod[] => [...sim.state.pods].filter((p) => p.name.startsWith('web-'));

describe('metrics-server availability (pkg/storage/pod.go)', () => {
  it('a container started 10 s to one resolution before the scrape is served after that one scrape', () => {
    const sim = simFromYaml(scenario({ start: '2s' })); // started at ~2 s: 13 s old at the 15 s scrape
    runUntil(sim, 15 * S);
    for (const p of webPods(sim)) {
      const s = server(sim).sample(p);
      expect(s?.timestampUs).toBe(15 * S);
      expect(s?.windowUs).toBe(15 * S - (p.startedUs as number));
    }
  });

  it('a younger container needs a second scrape; then the window is the scrape period', () => {
    const sim = simFromYaml(scenario({ start: '8s' })); // 7 s old at 15 s
    runUntil(sim, 15 * S);
    for (const p of webPods(sim)) expect(server(sim).sample(p)).toBeNull();
    runUntil(sim, 30 * S);
    for (const p of webPods(sim))
      expect(server(sim).sample(p)).toMatchObject({ timestampUs: 30 * S, windowUs: 15 * S });
  });

  it('a node that cannot be scraped loses its pods until two good scrapes', () => {
    const sim = simFromYaml(
      scenario({ start: '1s', faults: '[{at: 50s, action: node-crash, node: n-a-01, for: 20s}]' }),
    );
    runUntil(sim, 45 * S);
    const onNode = webPods(sim).filter((p) => p.nodeName === 'n-a-01');
    expect(onNode.length).toBeGreaterThan(0);
    for (const p of onNode) expect(server(sim).sample(p)).not.toBeNull();
    runUntil(sim, 60 * S);
    for (const p of onNode) expect(server(sim).sample(p)).toBeNull(); // down at the 60 s scrape
    runUntil(sim, 75 * S);
    for (const p of onNode) expect(server(sim).sample(p)).toBeNull(); // one good point: no rate yet
    runUntil(sim, 90 * S);
    for (const p of onNode) expect(server(sim).sample(p)).toMatchObject({ windowUs: 15 * S });
  });
});

describe('what metrics-server reports', () => {
  it('each ready pod serves an equal share: idle + perUnit x demand / pods', () => {
    const sim = simFromYaml(scenario({ start: '1s', replicas: 4 }));
    runUntil(sim, 60 * S);
    for (const p of webPods(sim)) {
      const s = server(sim).sample(p);
      expect(s?.cpuMilli).toBeCloseTo(20 + (10 * 100) / 4, 9);
      expect(s?.memoryBytes).toBeCloseTo(100 * 2 ** 20 + (2 ** 20 * 100) / 4, 3);
    }
    const m = server(sim).resourceMetrics('Deployment/default/web', 'cpu', '');
    expect(m.ok && [...m.metrics.values()].map((v) => v.value)).toEqual([270, 270, 270, 270]);
  });

  it('cpu averages the demand over the window (a step inside the window counts pro rata)', () => {
    const sim = simFromYaml(
      scenario({
        start: '1s',
        replicas: 1,
        load: 'demand: {steps: [{at: 0s, value: 0}, {at: 50s, value: 100}]}\n      perUnit: {cpu: 10m}',
      }),
    );
    runUntil(sim, 60 * S);
    // window [45 s, 60 s]: 5 s at 0, 10 s at 100
    expect(server(sim).sample(webPods(sim)[0] as Pod)?.cpuMilli).toBeCloseTo((10 * 100 * 10) / 15, 9);
  });

  it('cpu limits cap the usage (cfs quota)', () => {
    const sim = simFromYaml(scenario({ start: '1s', replicas: 1, limits: ', limits: {cpu: 600m}' }));
    runUntil(sim, 60 * S);
    expect(server(sim).sample(webPods(sim)[0] as Pod)?.cpuMilli).toBe(600);
  });

  it('noise is seeded: the same seed gives the same samples, another seed others', () => {
    const load = 'demand: {constant: 100}\n      perUnit: {cpu: 10m}\n      noise: 0.2';
    const values = (seed: number) => {
      const sim = simFromYaml(
        scenario({ start: '1s', replicas: 3, load }).replace(
          'duration: 10m',
          `duration: 10m\n  seed: ${seed}`,
        ),
      );
      runUntil(sim, 90 * S);
      return webPods(sim).map((p) => server(sim).sample(p)?.cpuMilli);
    };
    expect(values(1)).toEqual(values(1));
    expect(values(2)).not.toEqual(values(1));
    expect(new Set(values(1)).size).toBe(3);
  });

  it('pods metrics serve each pod its share of the demand; external and object metrics the total', () => {
    const sim = simFromYaml(
      scenario({
        start: '1s',
        replicas: 4,
        load: 'demand: {constant: 100}\n      perUnit: {cpu: 10m}\n      labels: {tier: front}',
      }),
    );
    runUntil(sim, 60 * S);
    const pods = server(sim).podsMetric('Deployment/default/web', 'requests_per_second');
    expect(pods.ok && [...pods.metrics.values()].map((v) => v.value)).toEqual([25000, 25000, 25000, 25000]);
    expect(
      server(sim).externalMetric('default', 'requests_per_second', { matchLabels: { tier: 'front' } }),
    ).toEqual({ ok: true, values: [100000] });
    expect(
      server(sim).externalMetric('default', 'requests_per_second', { matchLabels: { tier: 'back' } }).ok,
    ).toBe(false);
    expect(
      server(sim).objectMetric(
        { kind: 'Deployment', namespace: 'default', name: 'web' },
        'requests_per_second',
      ),
    ).toEqual({ ok: true, value: 100000 });
  });
});
