import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION, type PriorityClass } from './admission.js';
import { makePod, type PodInit } from './factory.js';
import type { PodSpecManifest } from './k8s-schema.js';

const noClasses = new Map<string, PriorityClass>();

function init(spec: PodSpecManifest, idx: number, over: Partial<PodInit> = {}): PodInit {
  return {
    idx,
    namespace: 'default',
    name: `p-${idx}`,
    labels: {},
    annotations: {},
    owner: null,
    spec,
    createdUs: 0,
    admission: DEFAULT_ADMISSION,
    priorityClasses: noClasses,
    ...over,
  };
}

const template = (): PodSpecManifest => ({
  containers: [{ name: 'c', resources: { requests: { cpu: 250, memory: 256 * 2 ** 20 } } }],
});

describe('makePod', () => {
  it('shares the admitted spec and request sums among pods stamped from one manifest spec', () => {
    const spec = template();
    const a = makePod(init(spec, 0));
    const b = makePod(init(spec, 1));
    expect(b.spec).toBe(a.spec);
    expect(b.requests).toBe(a.requests);
    expect(a.requests.milliCPU).toBe(250);
    expect(a.nonZeroRequests).toEqual({ milliCPU: 250, memory: 256 * 2 ** 20 });
    // Per-pod fields stay per pod.
    expect([a.name, a.uid, b.name, b.uid]).toEqual(['p-0', 'pod-0', 'p-1', 'pod-1']);
  });

  it('admits again under another admission config (no default tolerations here)', () => {
    const spec = template();
    const a = makePod(init(spec, 0));
    const off = { ...DEFAULT_ADMISSION, defaultTolerationSeconds: false };
    const b = makePod(init(spec, 1, { admission: off }));
    expect(b.spec).not.toBe(a.spec);
    expect(a.spec.tolerations.map((t) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
    expect(b.spec.tolerations).toEqual([]);
  });

  it('keeps rejecting a spec admission refuses, every time', () => {
    const spec: PodSpecManifest = { ...template(), priorityClassName: 'missing' };
    expect(() => makePod(init(spec, 0))).toThrow(/missing/);
    expect(() => makePod(init(spec, 1))).toThrow(/missing/);
  });
});

describe('resource defaulting at admission', () => {
  const Mi = 2 ** 20;

  it('defaults each missing container request from its limit, key by key (SetDefaults_Pod)', () => {
    const spec: PodSpecManifest = {
      containers: [
        { name: 'c', resources: { requests: { cpu: 200 }, limits: { cpu: 500, memory: 64 * Mi } } },
      ],
    };
    const p = makePod(init(spec, 0));
    expect(p.requests.milliCPU).toBe(200);
    expect(p.requests.memory).toBe(64 * Mi);
  });

  it('pod-level requests replace the container aggregate for cpu and memory, overhead on top', () => {
    const spec: PodSpecManifest = {
      containers: [
        { name: 'a', resources: { requests: { cpu: 100, memory: 100 * Mi } } },
        { name: 'b', resources: { requests: { cpu: 100 } } },
      ],
      resources: { requests: { cpu: 1000 } },
      overhead: { cpu: 50 },
    };
    const p = makePod(init(spec, 0));
    expect(p.requests.milliCPU).toBe(1050);
    expect(p.requests.memory).toBe(100 * Mi); // no pod-level memory: the aggregate stays
    // Scoring's non-zero defaults apply per container first, then pod-level values win.
    expect(p.nonZeroRequests).toEqual({ milliCPU: 1050, memory: 300 * Mi });
  });

  it('pod-level limits alone: requests default to the containers aggregate where set, else to the limit', () => {
    const spec: PodSpecManifest = {
      containers: [{ name: 'a', resources: { requests: { cpu: 300 } } }],
      resources: { limits: { cpu: 2000, memory: 1024 * Mi } },
    };
    const p = makePod(init(spec, 0));
    expect(p.requests.milliCPU).toBe(300);
    expect(p.requests.memory).toBe(1024 * Mi);
  });

  it('is off before 1.34 (the API server drops spec.resources)', () => {
    const spec: PodSpecManifest = {
      containers: [{ name: 'a', resources: { requests: { cpu: 100 } } }],
      resources: { requests: { cpu: 4000 } },
    };
    const off = { ...DEFAULT_ADMISSION, podLevelResources: false };
    expect(makePod(init(spec, 0, { admission: off })).requests.milliCPU).toBe(100);
    expect(makePod(init(spec, 1)).requests.milliCPU).toBe(4000);
  });
});
