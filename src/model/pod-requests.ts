// What a pod charges to a node (k8s.io/component-helpers/resource PodRequests, as used by
// NodeResourcesFit): per resource, the larger of (regular containers + restartable sidecar init
// containers) and each init container's request while it runs (plus sidecars started before it), then
// pod-level requests in place of the aggregate for the resources they set (PodLevelResources: cpu,
// memory, hugepages-*), then pod overhead. The non-zero variant (pkg/scheduler/util/pod_resources.go)
// first gives each container without a cpu request 100m and without a memory request 200Mi; it feeds
// scoring only.

import { type Container, emptyResources, type PodSpec, type Resources } from './types.js';

export const DefaultMilliCPURequest = 100;
export const DefaultMemoryRequest = 200 * 1024 * 1024;

type Req = Container['requests'];

function add(into: Resources, r: Req): void {
  into.milliCPU += r.milliCPU ?? 0;
  into.memory += r.memory ?? 0;
  into.ephemeralStorage += r.ephemeralStorage ?? 0;
  for (const [k, v] of Object.entries(r.scalar ?? {})) into.scalar[k] = (into.scalar[k] ?? 0) + v;
}

function maxInto(into: Resources, r: Resources): void {
  into.milliCPU = Math.max(into.milliCPU, r.milliCPU);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  for (const [k, v] of Object.entries(r.scalar)) into.scalar[k] = Math.max(into.scalar[k] ?? 0, v);
}

function copy(r: Resources): Resources {
  return { ...r, scalar: { ...r.scalar } };
}

type ContainerSpecs = Pick<PodSpec, 'containers' | 'initContainers'>;

function aggregateWith(spec: ContainerSpecs, requestOf: (c: Container) => Req): Resources {
  const total = emptyResources();
  for (const c of spec.containers) add(total, requestOf(c));
  const sidecars = emptyResources();
  const initMax = emptyResources();
  for (const c of spec.initContainers) {
    if (c.restartPolicy === 'Always') {
      add(sidecars, requestOf(c));
      maxInto(initMax, sidecars);
    } else {
      const during = copy(sidecars);
      add(during, requestOf(c));
      maxInto(initMax, during);
    }
  }
  add(total, sidecars);
  maxInto(total, initMax);
  return total;
}

/** The containers' effective requests (AggregateContainerRequests): no pod-level values, no overhead. */
export function aggregateContainerRequests(spec: ContainerSpecs): Resources {
  return aggregateWith(spec, (c) => c.requests);
}

function podRequestsWith(spec: PodSpec, requestOf: (c: Container) => Req): Resources {
  const total = aggregateWith(spec, requestOf);
  // component-helpers resource.PodRequests: pod-level values replace the aggregate per resource.
  const pod = spec.podLevelRequests;
  if (pod !== undefined) {
    if (pod.milliCPU !== undefined) total.milliCPU = pod.milliCPU;
    if (pod.memory !== undefined) total.memory = pod.memory;
    for (const [k, v] of Object.entries(pod.scalar ?? {})) total.scalar[k] = v;
  }
  if (spec.overhead) add(total, spec.overhead);
  return total;
}

export function podRequests(spec: PodSpec): Resources {
  return podRequestsWith(spec, (c) => c.requests);
}

export function podNonZeroRequests(spec: PodSpec): { milliCPU: number; memory: number } {
  const r = podRequestsWith(spec, (c) => ({
    ...c.requests,
    milliCPU: c.requests.milliCPU ?? DefaultMilliCPURequest,
    memory: c.requests.memory ?? DefaultMemoryRequest,
  }));
  return { milliCPU: r.milliCPU, memory: r.memory };
}
