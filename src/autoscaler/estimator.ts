// The binpacking estimator (estimator/binpacking_estimator.go): how many nodes of a node group's
// template the pending pods need. First-fit decreasing over equivalence groups ordered by
// DecreasingPodOrderer (score = cpu/allocatable cpu + memory/allocatable memory of the exemplar's
// container requests); each group first fills the nodes already added in this estimation, then the last
// added node, then new template copies, until the limiter refuses another node. A node added for a pod
// that then did not fit stays, empty, and stops the group (a new copy would not help either). The
// estimate is the number of added nodes that received pods.
//
// Limits (estimator/threshold_based_limiter.go and its thresholds): --max-nodes-per-scaleup,
// the node group's and its similar groups' room below max size (sng_capacity_threshold.go), and
// --max-nodes-total minus the current node count (cluster_capacity_threshold.go). The binpacking time
// limit (--max-nodegroup-binpacking-duration) is wall-clock time and is not modelled.

import type { Node, Pod } from '../model/types.js';
import { LabelHostname } from '../model/types.js';
import { compileSelector, matches } from '../scheduler/helpers/labels.js';
import type { PodGroup } from './groups.js';
import { listOrder, type PlaceResult, type PlaceRun, placeRun, placeRunAt } from './placement.js';
import type { PredicateChecker, Prepared, VerdictMemo } from './predicates.js';

export interface TemplateCopy {
  /** A fresh Node object (its own pod set) built from the node group's template. */
  readonly node: Node;
  /** Pods every new node of the group runs (DaemonSet pods), charged to the copy. */
  readonly pods: readonly Pod[];
}

export interface EstimationLimits {
  /** --max-nodes-per-scaleup (0: none). */
  readonly maxNodesPerScaleUp: number;
  /** Room below max size in this group plus its similar groups; <= 0: none at all. */
  readonly groupCapacity: number | null;
  /** --max-nodes-total minus current nodes, or null when there is no total limit. */
  readonly clusterCapacity: number | null;
}

/** The largest number of nodes one estimation may add: 0 = none allowed, Infinity = no limit. */
export function nodeLimit(l: EstimationLimits): number {
  let limit = Number.POSITIVE_INFINITY;
  if (l.maxNodesPerScaleUp > 0) limit = Math.min(limit, l.maxNodesPerScaleUp);
  for (const c of [l.groupCapacity, l.clusterCapacity]) {
    if (c === null) continue;
    if (c <= 0) return 0;
    limit = Math.min(limit, c);
  }
  return limit;
}

export interface EstimateInput {
  readonly groups: readonly PodGroup[];
  /** Template allocatable cpu (millicores) and memory (bytes), for the pod orderer. */
  readonly templateCpu: number;
  readonly templateMemory: number;
  readonly newCopy: (index: number) => TemplateCopy;
  readonly nodeGroupId: string;
  readonly limits: EstimationLimits;
  readonly fastpath: boolean;
}

export interface Estimate {
  readonly nodeCount: number;
  /** Pods the new nodes would take, in the order they were placed. */
  readonly pods: readonly Pod[];
  /** Pods placed per added node (in order of addition), for tests and reports. */
  readonly podsPerNode: readonly number[];
}

function containerRequest(pod: Pod, which: 'milliCPU' | 'memory'): number {
  let sum = 0;
  for (const c of pod.spec.containers) sum += c.requests[which] ?? 0;
  return sum;
}

/** DecreasingPodOrderer: by exemplar score, largest first (ties keep their order). */
export function orderGroups(groups: readonly PodGroup[], cpu: number, memory: number): PodGroup[] {
  const score = (g: PodGroup) =>
    (cpu > 0 ? containerRequest(g.exemplar, 'milliCPU') / cpu : 0) +
    (memory > 0 ? containerRequest(g.exemplar, 'memory') / memory : 0);
  return groups
    .map((g, i) => ({ g, i, s: score(g) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.g);
}

/** Whether fastpath may pack the group (shouldUseFastPath): no topology spread, no non-hostname anti-affinity. */
function fastpathAllowed(pod: Pod): boolean {
  if (pod.spec.topologySpreadConstraints.length > 0) return false;
  const anti = pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  return anti.every((t) => t.topologyKey === LabelHostname);
}

/**
 * determineBestPEGToFastpath: the group whose fastpath saves the most simulations, pods - pods/nodes,
 * with nodes = max(ceil(pods x cpu / capacity cpu), the same for memory (first container's requests),
 * pods when the exemplar has hostname anti-affinity to itself); ties go to the later group; -1 for none.
 */
export function bestFastpathGroup(
  groups: readonly PodGroup[],
  capacity: { cpu: number; memory: number },
): number {
  let best = -1;
  let bestSaved = 0;
  groups.forEach((g, i) => {
    const e = g.exemplar;
    const n = g.pods.length;
    let byAnti = 0;
    for (const t of e.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (
        t.topologyKey === LabelHostname &&
        t.labelSelector !== undefined &&
        matches(compileSelector(t.labelSelector), e.labels)
      )
        byAnti = n;
    }
    const req = e.spec.containers[0]?.requests;
    const byCpu =
      req?.milliCPU !== undefined && capacity.cpu > 0 ? Math.ceil((n * req.milliCPU) / capacity.cpu) : 0;
    const byMem =
      req?.memory !== undefined && capacity.memory > 0 ? Math.ceil((n * req.memory) / capacity.memory) : 0;
    const nodes = Math.max(byAnti, byCpu, byMem);
    const saved = nodes > 0 ? n - Math.floor(n / nodes) : 0;
    if (saved >= bestSaved && fastpathAllowed(e)) {
      best = i;
      bestSaved = saved;
    }
  });
  return best;
}

class Binpacking {
  readonly added: number[] = [];
  readonly podsOn = new Map<number, number>();
  readonly scheduled: Pod[] = [];
  /** Nodes counted without being added (fastpath). */
  fakeNodes = 0;
  private last = -1;
  private nodesAllowed: number;
  private copies = 0;

  constructor(
    private readonly checker: PredicateChecker,
    private readonly memo: VerdictMemo,
    private readonly input: EstimateInput,
  ) {
    this.nodesAllowed = nodeLimit(input.limits);
  }

  private permission(): boolean {
    if (this.nodesAllowed <= 0) return false;
    this.nodesAllowed--;
    return true;
  }

  private addNode(): number {
    const copy = this.input.newCopy(this.copies++);
    const pos = this.checker.snapshot.addVirtualNode(copy.node, copy.pods, this.input.nodeGroupId);
    this.added.push(pos);
    this.last = pos;
    return pos;
  }

  /** Records placements of run.pods[first ..] (in order) made by one placeRun. */
  private track(run: PlaceRun, first: number, r: PlaceResult): number {
    let i = first;
    for (const [pos, n] of r.at) {
      this.podsOn.set(pos, (this.podsOn.get(pos) ?? 0) + n);
      for (let k = 0; k < n; k++) this.scheduled.push(run.pods[i++] as Pod);
    }
    return r.placed;
  }

  /**
   * Places run.pods[first ..] (at most `limit`) on the nodes added so far, those with pods first and
   * the newest first within each kind (what upstream's "pods from later groups go to the last node
   * while it has room", "empty last node doesn't take pods that fit on a node with pods" and "pods go
   * to an earlier node when the last node is full" require), or on every position `acceptable` allows.
   */
  private place(run: PlaceRun, first: number, limit?: number, acceptable?: (pos: number) => boolean): number {
    const sub: PlaceRun = { ...run, first, ...(limit !== undefined ? { limit } : {}) };
    if (acceptable !== undefined)
      return this.track(
        run,
        first,
        placeRun(this.checker, this.memo, sub, 0, this.checker.snapshot.size, acceptable),
      );
    const order = [...this.added].sort(
      (a, b) => Number((this.podsOn.get(b) ?? 0) > 0) - Number((this.podsOn.get(a) ?? 0) > 0) || b - a,
    );
    return this.track(run, first, placeRunAt(this.checker, this.memo, sub, listOrder(order), null));
  }

  private placeOn(run: PlaceRun, first: number, pos: number, limit?: number): number {
    const sub: PlaceRun = { ...run, first, ...(limit !== undefined ? { limit } : {}) };
    return this.track(run, first, placeRun(this.checker, this.memo, sub, pos, pos + 1, null));
  }

  /** tryToScheduleOnExistingNodes then tryToScheduleOnNewNodes (or tryFastPath); false: no more nodes. */
  group(run: PlaceRun, newNodesAvailable: boolean, fastpath: boolean): boolean {
    const next = this.place(run, 0);
    if (!newNodesAvailable || next === run.pods.length) return newNodesAvailable;
    return fastpath ? this.fastPath(run, next) : this.onNewNodes(run, next);
  }

  private onNewNodes(run: PlaceRun, first: number): boolean {
    const hostnameSpread = run.pods[0]?.spec.topologySpreadConstraints.some(
      (c) => c.topologyKey === LabelHostname,
    );
    const n = run.pods.length;
    let i = first;
    while (i < n) {
      if (this.last >= 0) {
        i += this.placeOn(run, i, this.last);
        if (i === n) break;
        // A pod spread by hostname that the last node rejects may fit another node: upstream tries any
        // node but the last one, existing nodes included, and counts that node among the new ones
        // (replayed as is: "hostname topology spreading with maxSkew=1 with a large scaleup").
        if (hostnameSpread && run.prepared.constrained) {
          const last = this.last;
          if (this.place(run, i, 1, (p) => p !== last) > 0) {
            i++;
            continue;
          }
        }
        if ((this.podsOn.get(this.last) ?? 0) === 0) return true;
      }
      if (!this.permission()) return false;
      const pos = this.addNode();
      if (this.placeOn(run, i, pos, 1) === 0) return true;
      i++;
    }
    return true;
  }

  /** tryFastPath: pack one new node, then count the remaining pods on nodes that are not simulated. */
  private fastPath(run: PlaceRun, first: number): boolean {
    if (!this.permission()) return false;
    const pos = this.addNode();
    const perNode = this.placeOn(run, first, pos);
    if (perNode === 0) return true;
    const left = run.pods.length - first;
    let i = first + perNode;
    const nodes = Math.ceil(left / perNode);
    for (let j = 1; j < nodes; j++) {
      if (!this.permission()) return false;
      const take = Math.min(perNode, run.pods.length - i);
      for (let k = 0; k < take; k++) this.scheduled.push(run.pods[i + k] as Pod);
      this.fakeNodes++;
      this.podsOn.set(-this.fakeNodes, take);
      i += take;
    }
    return true;
  }
}

/** Estimate: node count and pods for one node group; the snapshot is left as it was. */
export function estimate(
  checker: PredicateChecker,
  memo: VerdictMemo,
  prepare: (g: PodGroup) => PlaceRun | null,
  input: EstimateInput,
): Estimate {
  let groups = orderGroups(input.groups, input.templateCpu, input.templateMemory);
  let fastLast = false;
  if (input.fastpath) {
    const copy = input.newCopy(-1);
    const best = bestFastpathGroup(groups, {
      cpu: copy.node.capacity.milliCPU,
      memory: copy.node.capacity.memory,
    });
    if (best >= 0) {
      groups = [...groups.slice(0, best), ...groups.slice(best + 1), groups[best] as PodGroup];
      fastLast = true;
    }
  }
  const snap = checker.snapshot;
  snap.fork();
  try {
    const b = new Binpacking(checker, memo, input);
    let more = true;
    groups.forEach((g, i) => {
      const run = prepare(g);
      if (run === null) return;
      more = b.group(run, more, fastLast && i === groups.length - 1);
    });
    const perNode = [
      ...b.added.map((p) => b.podsOn.get(p) ?? 0),
      ...Array.from({ length: b.fakeNodes }, (_, k) => b.podsOn.get(-(k + 1)) ?? 0),
    ];
    let withPods = 0;
    for (const n of b.podsOn.values()) if (n > 0) withPods++;
    return { nodeCount: withPods, pods: b.scheduled, podsPerNode: perNode };
  } finally {
    snap.revert();
  }
}

export type { Prepared };
