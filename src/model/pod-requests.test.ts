import { describe, expect, it } from 'vitest';
import { podNonZeroRequests, podRequests } from './pod-requests.js';
import type { Container, PodSpec } from './types.js';

const c = (name: string, cpu?: number, mem?: number, sidecar = false): Container => ({
  name,
  requests: {
    ...(cpu !== undefined ? { milliCPU: cpu } : {}),
    ...(mem !== undefined ? { memory: mem } : {}),
  },
  limits: {},
  ports: [],
  ...(sidecar ? { restartPolicy: 'Always' as const } : {}),
});

const spec = (
  containers: Container[],
  initContainers: Container[] = [],
  overhead?: { milliCPU: number },
): PodSpec => ({
  schedulerName: 'default-scheduler',
  priority: 0,
  preemptionPolicy: 'PreemptLowerPriority',
  nodeSelector: {},
  tolerations: [],
  topologySpreadConstraints: [],
  containers,
  initContainers,
  ...(overhead ? { overhead } : {}),
  terminationGracePeriodSeconds: 30,
  restartPolicy: 'Always',
  schedulingGates: [],
  volumes: [],
});

describe('podRequests', () => {
  it('sums regular containers', () => {
    const r = podRequests(spec([c('a', 100, 1000), c('b', 200, 500)]));
    expect([r.milliCPU, r.memory]).toEqual([300, 1500]);
  });

  it('takes the max of init containers and the running sum', () => {
    const r = podRequests(spec([c('a', 100, 1000)], [c('init', 500, 10)]));
    expect([r.milliCPU, r.memory]).toEqual([500, 1000]);
  });

  it('adds sidecars to the running sum and to later init containers', () => {
    // sidecar 50m starts first; init 400m runs beside it (450m); then app 100m + sidecar = 150m.
    const r = podRequests(spec([c('a', 100)], [c('side', 50, undefined, true), c('init', 400)]));
    expect(r.milliCPU).toBe(450);
  });

  it('adds overhead', () => {
    expect(podRequests(spec([c('a', 100)], [], { milliCPU: 250 })).milliCPU).toBe(350);
  });
});

describe('podNonZeroRequests', () => {
  it('defaults absent cpu to 100m and memory to 200Mi per container; explicit 0 stays 0', () => {
    expect(podNonZeroRequests(spec([c('a'), c('b', 0, 0)]))).toEqual({ milliCPU: 100, memory: 209715200 });
  });
});
