// Cluster-wide limits (core/scaleup/resource/manager.go, core/scaledown/resource/limits.go,
// orchestrator.go GetCappedNewNodeCount): --cores-total and --memory-total as min:max, with the
// cluster's total counted as each node group's target size x its template (cores rounded up, memory
// in bytes: utils.GetNodeCoresAndMemory) plus the nodes no group owns; --max-nodes-total caps the node
// count.

export interface GroupSize {
  readonly targetSize: number;
  /** Template capacity: cpu millicores, memory bytes. */
  readonly cpuMilli: number;
  readonly memory: number;
}

export interface ClusterTotals {
  readonly cores: number;
  readonly memory: number;
}

export function coresOf(cpuMilli: number): number {
  return Math.ceil(cpuMilli / 1000);
}

export function clusterTotals(
  groups: readonly GroupSize[],
  unmanagedNodes: readonly { cpuMilli: number; memory: number }[],
): ClusterTotals {
  let cores = 0;
  let memory = 0;
  for (const g of groups) {
    if (g.targetSize <= 0) continue;
    cores += g.targetSize * coresOf(g.cpuMilli);
    memory += g.targetSize * g.memory;
  }
  for (const n of unmanagedNodes) {
    cores += coresOf(n.cpuMilli);
    memory += n.memory;
  }
  return { cores, memory };
}

export interface ResourcesLeft {
  readonly cores: number;
  readonly memory: number;
}

export function resourcesLeft(totals: ClusterTotals, maxCores: number, maxMemory: number): ResourcesLeft {
  // computeBelowMax; a max of 0 means no limit.
  return {
    cores: maxCores > 0 ? Math.max(0, maxCores - totals.cores) : Number.POSITIVE_INFINITY,
    memory: maxMemory > 0 ? Math.max(0, maxMemory - totals.memory) : Number.POSITIVE_INFINITY,
  };
}

/** IsNodeGroupResourceExceeded: the resources `numNodes` more nodes would need exceed what is left. */
export function exceededResources(
  left: ResourcesLeft,
  cpuMilli: number,
  memory: number,
  numNodes = 1,
): string[] {
  const out: string[] = [];
  if (coresOf(cpuMilli) * numNodes > left.cores) out.push('cpu');
  if (memory * numNodes > left.memory) out.push('memory');
  return out;
}

/** ApplyLimits: newCount capped so that its cores and memory fit in what is left. */
export function applyLimits(newCount: number, left: ResourcesLeft, cpuMilli: number, memory: number): number {
  let n = newCount;
  const cores = coresOf(cpuMilli);
  if (cores > 0 && n * cores > left.cores) n = Math.floor(left.cores / cores);
  if (memory > 0 && n * memory > left.memory) n = Math.floor(left.memory / memory);
  return n;
}

/** GetCappedNewNodeCount: --max-nodes-total. */
export function capByMaxNodesTotal(newCount: number, currentCount: number, maxNodesTotal: number): number {
  if (maxNodesTotal > 0 && newCount + currentCount > maxNodesTotal) return maxNodesTotal - currentCount;
  return newCount;
}

/** Scale-down side (scaledown/resource/limits.go): removing a node must keep totals at or above the mins. */
export function scaleDownAllowed(
  totals: { cores: number; memory: number },
  minCores: number,
  minMemory: number,
  cpuMilli: number,
  memory: number,
): boolean {
  return totals.cores - coresOf(cpuMilli) >= minCores && totals.memory - memory >= minMemory;
}
