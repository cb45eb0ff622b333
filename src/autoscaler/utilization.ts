// Node utilization for scale-down (simulator/utilization/info.go Calculate): per resource, the pods'
// requests (component-helpers PodRequests) over the node's allocatable; the node's utilization is the
// larger of cpu and memory. Long-terminating pods (drainability.ts isPodLongTerminating) are left out;
// with --ignore-daemonsets-utilization / --ignore-mirror-pods-utilization those pods are left out of
// both the requests and the allocatable. A node with GPUs counts only its GPU utilization (and is held
// to --scale-down-gpu-utilization-threshold).

export const GPU_RESOURCE = 'nvidia.com/gpu';

export interface ResourceAmounts {
  readonly cpu: number;
  readonly memory: number;
  readonly gpu: number;
}

export interface UtilizationInfo {
  readonly cpu: number;
  readonly memory: number;
  readonly gpu: number;
  readonly resource: 'cpu' | 'memory' | typeof GPU_RESOURCE;
  readonly utilization: number;
}

/**
 * `requested`: all pods counted on the node; `ignored`: DaemonSet / mirror pods when the flags ignore
 * them (taken off both sides); `skipped`: long-terminating pods (taken off the requests only).
 */
export function utilization(
  allocatable: ResourceAmounts,
  requested: ResourceAmounts,
  ignored: ResourceAmounts,
  skipped: ResourceAmounts,
): UtilizationInfo {
  const one = (req: number, ign: number, skip: number, alloc: number) => {
    const denom = alloc - ign;
    return denom > 0 ? (req - ign - skip) / denom : 0;
  };
  if (allocatable.gpu > 0) {
    const g = one(requested.gpu, ignored.gpu, skipped.gpu, allocatable.gpu);
    return { cpu: 0, memory: 0, gpu: g, resource: GPU_RESOURCE, utilization: g };
  }
  const cpu = one(requested.cpu, ignored.cpu, skipped.cpu, allocatable.cpu);
  const memory = one(requested.memory, ignored.memory, skipped.memory, allocatable.memory);
  return cpu > memory
    ? { cpu, memory, gpu: 0, resource: 'cpu', utilization: cpu }
    : { cpu, memory, gpu: 0, resource: 'memory', utilization: memory };
}

/** isNodeBelowUtilizationThreshold: strictly below. */
export function underutilized(u: UtilizationInfo, threshold: number, gpuThreshold: number): boolean {
  return u.utilization < (u.resource === GPU_RESOURCE ? gpuThreshold : threshold);
}
