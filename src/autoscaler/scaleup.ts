// The scale-up orchestrator (core/scaleup/orchestrator/orchestrator.go ScaleUp): from the pods that
// stay unschedulable, per valid node group (not backed off, healthy, below max size, within the
// cluster's resource limits) the pod groups one template node could take (SchedulablePodGroups: the
// exemplar against a copy of the template), an expansion option from the binpacking estimator, the
// expanders' choice, caps (--max-nodes-total, --cores-total, --memory-total), and the split between
// similar node groups (balancing.ts); then IncreaseSize per group.

import type { Node, Pod } from '../model/types.js';
import { type BalanceInput, balanceScaleUp, type ScaleUpInfo } from './balancing.js';
import type { ExpanderName } from './config.js';
import { type EstimationLimits, estimate } from './estimator.js';
import { bestOption, type ExpanderContext, type ExpansionOption } from './expanders.js';
import type { PodGroup } from './groups.js';
import { applyLimits, capByMaxNodesTotal, exceededResources, type ResourcesLeft } from './limits.js';
import type { PlaceRun } from './placement.js';
import type { PredicateChecker, VerdictMemo } from './predicates.js';

export interface ScaleUpGroup {
  readonly id: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly targetSize: number;
  /** Template capacity (cpu millicores, memory bytes) for limits and expanders. */
  readonly cpuMilli: number;
  readonly memory: number;
  /** Template allocatable for the pod orderer. */
  readonly allocCpu: number;
  readonly allocMemory: number;
  /** A fresh template copy (Node with its own pod set, plus DaemonSet pods). */
  readonly copy: (name: string) => { node: Node; pods: readonly Pod[] };
  /** Why the group cannot scale up now (backoff, unhealthy), or null. */
  readonly notReady: string | null;
  /** Groups alike enough to balance with (already filtered by --balance-similar-node-groups). */
  readonly similar: readonly string[];
}

export interface ScaleUpInput {
  readonly checker: PredicateChecker;
  readonly memo: VerdictMemo;
  readonly groups: readonly PodGroup[];
  readonly nodeGroups: readonly ScaleUpGroup[];
  readonly expanders: readonly ExpanderName[];
  readonly expanderCtx: ExpanderContext;
  readonly resourcesLeft: ResourcesLeft;
  /** Nodes plus upcoming nodes. */
  readonly currentNodeCount: number;
  readonly maxNodesTotal: number;
  readonly maxNodesPerScaleUp: number;
  readonly fastpath: boolean;
  readonly runFor: (g: PodGroup) => PlaceRun | null;
}

export interface NoScaleUpReasons {
  /** Per pod group id: why each node group was rejected or skipped. */
  readonly byGroup: ReadonlyMap<string, readonly string[]>;
}

export type ScaleUpResult =
  | {
      readonly kind: 'scaled';
      readonly option: ExpansionOption;
      readonly infos: readonly ScaleUpInfo[];
      readonly remaining: NoScaleUpReasons;
    }
  | { readonly kind: 'noOptions'; readonly remaining: NoScaleUpReasons; readonly maxTotalReached?: boolean };

/** SchedulablePodGroups: pod groups whose exemplar fits a fresh copy of the template (and why not). */
function schedulableGroups(
  checker: PredicateChecker,
  groups: readonly PodGroup[],
  ng: ScaleUpGroup,
): { fit: PodGroup[]; rejected: Map<string, string> } {
  const snap = checker.snapshot;
  snap.fork();
  try {
    const copy = ng.copy(`template-node-for-${ng.id}`);
    const pos = snap.addVirtualNode(copy.node, copy.pods, ng.id);
    const fit: PodGroup[] = [];
    const rejected = new Map<string, string>();
    for (const g of groups) {
      const p = checker.prepare(g.exemplar);
      if (p !== null && checker.fits(p, pos)) fit.push(g);
      else rejected.set(g.id, rejectionReason(checker, g.exemplar, pos));
    }
    return { fit, rejected };
  } finally {
    snap.revert();
  }
}

/** The first filter that rejects the exemplar on the template (the predicate error's reasons). */
function rejectionReason(checker: PredicateChecker, pod: Pod, pos: number): string {
  const fw = checker.framework(pod);
  if (fw === undefined) return `no scheduler profile ${pod.spec.schedulerName}`;
  const snap = checker.snapshot;
  if (snap.fitCount(pos, pod.requests, checker.ignored) === 0) {
    const ni = snap.infoOf(pos);
    const a = ni.node.allocatable;
    const r = pod.requests;
    const why: string[] = [];
    if (ni.pods.size + 1 > a.allowedPodNumber) why.push('Too many pods');
    if (r.milliCPU > 0 && r.milliCPU > a.milliCPU - ni.requested.milliCPU) why.push('Insufficient cpu');
    if (r.memory > 0 && r.memory > a.memory - ni.requested.memory) why.push('Insufficient memory');
    for (const [k, q] of Object.entries(r.scalar))
      if (q > (a.scalar[k] ?? 0) - (ni.requested.scalar[k] ?? 0)) why.push(`Insufficient ${k}`);
    if (why.length > 0) return why.join(', ');
  }
  const p = checker.prepare(pod);
  if (p === null || p.state === null) return 'PreFilter rejected the pod';
  const st = p.fw.runFilter(p.state, pod, snap.infoOf(pos));
  return st === null ? 'unknown' : st.reasons.join(', ');
}

export function scaleUp(input: ScaleUpInput): ScaleUpResult {
  const reasons = new Map<string, string[]>();
  const note = (groupId: string, reason: string) => {
    const list = reasons.get(groupId) ?? [];
    list.push(reason);
    reasons.set(groupId, list);
  };
  const noteAll = (reason: string) => {
    for (const g of input.groups) note(g.id, reason);
  };
  // filterValidScaleUpNodeGroups.
  const valid: ScaleUpGroup[] = [];
  for (const ng of input.nodeGroups) {
    if (ng.notReady !== null) noteAll(ng.notReady);
    else if (ng.targetSize >= ng.maxSize) noteAll('max node group size reached');
    else {
      const exceeded = exceededResources(input.resourcesLeft, ng.cpuMilli, ng.memory, 1);
      if (exceeded.length > 0) noteAll(`exceeded max limit for ${exceeded.join(', ')}`);
      else valid.push(ng);
    }
  }
  const schedulable = new Map<string, PodGroup[]>();
  for (const ng of valid) {
    const s = schedulableGroups(input.checker, input.groups, ng);
    schedulable.set(ng.id, s.fit);
    for (const [gid, why] of s.rejected) note(gid, why);
  }
  const byId = new Map(input.nodeGroups.map((n) => [n.id, n]));
  const options: ExpansionOption[] = [];
  for (const ng of valid) {
    const pods = schedulable.get(ng.id) ?? [];
    if (pods.length === 0) continue;
    const similar = similarGroups(ng, schedulable, byId);
    const groupCapacity = [ng.id, ...similar].reduce((a, id) => {
      const g = byId.get(id) as ScaleUpGroup;
      return a + Math.max(0, g.maxSize - g.targetSize);
    }, 0);
    const limits: EstimationLimits = {
      maxNodesPerScaleUp: input.maxNodesPerScaleUp,
      groupCapacity,
      clusterCapacity: input.maxNodesTotal > 0 ? input.maxNodesTotal - input.currentNodeCount : null,
    };
    const est = estimate(input.checker, input.memo, input.runFor, {
      groups: pods,
      templateCpu: ng.allocCpu,
      templateMemory: ng.allocMemory,
      newCopy: (i) => ng.copy(`template-node-for-${ng.id}-e-${i}`),
      nodeGroupId: ng.id,
      limits,
      fastpath: input.fastpath,
    });
    if (est.nodeCount > 0 && est.pods.length > 0)
      options.push({
        nodeGroup: ng.id,
        nodeCount: est.nodeCount,
        pods: est.pods,
        similarNodeGroups: similar,
      });
  }
  const remaining = (chosen: ExpansionOption | null): NoScaleUpReasons => {
    // GetRemainingPods: groups no valid node group could take.
    const taken = new Set<string>();
    for (const list of schedulable.values()) for (const g of list) taken.add(g.id);
    const byGroup = new Map<string, string[]>();
    for (const g of input.groups) if (!taken.has(g.id)) byGroup.set(g.id, reasons.get(g.id) ?? []);
    void chosen;
    return { byGroup };
  };
  if (options.length === 0) return { kind: 'noOptions', remaining: remaining(null) };
  const best = bestOption(input.expanders, options, input.expanderCtx);
  if (best === null || best.nodeCount <= 0) return { kind: 'noOptions', remaining: remaining(null) };
  const bestGroup = byId.get(best.nodeGroup) as ScaleUpGroup;
  let newNodes = capByMaxNodesTotal(best.nodeCount, input.currentNodeCount, input.maxNodesTotal);
  if (newNodes < 1) return { kind: 'noOptions', remaining: remaining(null), maxTotalReached: true };
  newNodes = applyLimits(newNodes, input.resourcesLeft, bestGroup.cpuMilli, bestGroup.memory);
  if (newNodes < 1) return { kind: 'noOptions', remaining: remaining(null) };
  // balanceScaleUps: the similar groups recomputed, then the split.
  const targets = [
    bestGroup,
    ...similarGroups(bestGroup, schedulable, byId).map((id) => byId.get(id) as ScaleUpGroup),
  ];
  const infos = balanceScaleUp(
    targets.map((g): BalanceInput => ({ id: g.id, currentSize: g.targetSize, maxSize: g.maxSize })),
    newNodes,
  );
  if (infos.length === 0) return { kind: 'noOptions', remaining: remaining(null) };
  return { kind: 'scaled', option: best, infos, remaining: remaining(best) };
}

/** ComputeSimilarNodeGroups: similar groups that can scale now and take the same pod groups. */
function similarGroups(
  ng: ScaleUpGroup,
  schedulable: ReadonlyMap<string, readonly PodGroup[]>,
  byId: ReadonlyMap<string, ScaleUpGroup>,
): string[] {
  const mine = schedulable.get(ng.id) ?? [];
  if (mine.length === 0) return [];
  const out: string[] = [];
  for (const id of ng.similar) {
    const other = byId.get(id);
    if (other === undefined || other.notReady !== null) continue;
    const theirs = new Set((schedulable.get(id) ?? []).map((g) => g.id));
    if (mine.every((g) => theirs.has(g.id))) out.push(id);
  }
  return out;
}
