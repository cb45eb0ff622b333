import { describe, expect, it } from 'vitest';
import type { PodSpecManifest } from '../scenario/k8s-schema.js';
import { DEFAULT_ADMISSION, type PriorityClass } from './admission.js';
import { makePod, type PodInit } from './factory.js';

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
