// Scale-down decisions (core/scaledown): which nodes are unneeded and since when
// (unneeded/nodes.go), which of them may go now (RemovableAt: unneeded for --scale-down-unneeded-time,
// or unready for --scale-down-unready-time, strictly before now; the group stays above its min size
// counting deletions in progress; cluster totals stay at or above --cores-total / --memory-total mins),
// how many deletions may start (budgets/budgets.go CropNodes: --max-scale-down-parallelism for all,
// --max-drain-parallelism for nodes that need a drain, empty nodes first), how many candidates are worth
// simulating (planner.go unneededNodesLimit), and whether a node's pods fit elsewhere
// (simulator/cluster.go SimulateNodeRemoval with the snapshot: remove its pods, schedule them on the
// other destinations, keep the result for the next candidates when it succeeds).

import type { TimeUs } from '../engine/time.js';
import type { Pod } from '../model/types.js';
import { type DrainContext, type DrainOptions, podsToMove } from './drainability.js';
import { placementClassKey } from './groups.js';
import { placeRun, placeRunAt, type RoomIndex } from './placement.js';
import type { PredicateChecker, VerdictMemo } from './predicates.js';
import { type UtilizationInfo, underutilized } from './utilization.js';

export type UnremovableReason =
  | 'ScaleDownDisabledAnnotation'
  | 'ScaleDownUnreadyDisabled'
  | 'NotAutoscaled'
  | 'NotUnneededLongEnough'
  | 'NotUnreadyLongEnough'
  | 'NodeGroupMinSizeReached'
  | 'MinimalResourceLimitExceeded'
  | 'CurrentlyBeingDeleted'
  | 'NotUnderutilized'
  | 'RecentlyUnremovable'
  | 'NoPlaceToMovePods'
  | 'BlockedByPod';

export interface NodeToRemove {
  readonly node: string;
  readonly group: string;
  readonly podsToReschedule: readonly Pod[];
  readonly daemonSetPods: readonly Pod[];
}

/** actuation MaxCloudProviderNodeDeletionTime / MaxKubernetesEmptyNodeDeletionTime. */
export const MAX_CLOUD_PROVIDER_NODE_DELETION_US = 5 * 60_000_000;
export const MAX_KUBERNETES_EMPTY_NODE_DELETION_US = 3 * 60_000_000;

/** IsNodeBeingDeleted: a ToBeDeleted taint younger than the node-deletion bounds. */
export function isNodeBeingDeleted(toBeDeletedSinceUs: TimeUs | null, nowUs: TimeUs): boolean {
  if (toBeDeletedSinceUs === null) return false;
  const age = nowUs - toBeDeletedSinceUs;
  return age < MAX_CLOUD_PROVIDER_NODE_DELETION_US || age < MAX_KUBERNETES_EMPTY_NODE_DELETION_US;
}

export interface EligibilityFacts {
  readonly toBeDeletedSinceUs: TimeUs | null;
  readonly scaleDownDisabled: boolean;
  readonly autoscaled: boolean;
  readonly ready: boolean;
  readonly utilization: () => UtilizationInfo;
}

export interface EligibilityOptions {
  readonly scaleDownUnreadyEnabled: boolean;
  readonly scaleDownUtilizationThreshold: number;
  readonly scaleDownGpuUtilizationThreshold: number;
}

/**
 * eligibility.go unremovableReasonAndNodeUtilization, in its order: being deleted, the
 * scale-down-disabled annotation, not in an autoscaled group, unready with --scale-down-unready-enabled
 * off, utilization not below the threshold. null: the node is a candidate.
 */
export function unremovableReason(
  f: EligibilityFacts,
  o: EligibilityOptions,
  nowUs: TimeUs,
): UnremovableReason | null {
  if (isNodeBeingDeleted(f.toBeDeletedSinceUs, nowUs)) return 'CurrentlyBeingDeleted';
  if (f.scaleDownDisabled) return 'ScaleDownDisabledAnnotation';
  if (!f.autoscaled) return 'NotAutoscaled';
  if (!o.scaleDownUnreadyEnabled && !f.ready) return 'ScaleDownUnreadyDisabled';
  const u = f.utilization();
  if (!underutilized(u, o.scaleDownUtilizationThreshold, o.scaleDownGpuUtilizationThreshold))
    return 'NotUnderutilized';
  return null;
}

/** unneeded.Nodes: nodes found unneeded, each since the first loop that found it so. */
export class UnneededNodes {
  private byName = new Map<string, { ntbr: NodeToRemove; sinceUs: TimeUs }>();

  update(nodes: readonly NodeToRemove[], nowUs: TimeUs): void {
    const next = new Map<string, { ntbr: NodeToRemove; sinceUs: TimeUs }>();
    for (const n of nodes) next.set(n.node, { ntbr: n, sinceUs: this.byName.get(n.node)?.sinceUs ?? nowUs });
    this.byName = next;
  }

  clear(): void {
    this.byName = new Map();
  }

  drop(name: string): void {
    this.byName.delete(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  sinceUs(name: string): TimeUs | undefined {
    return this.byName.get(name)?.sinceUs;
  }

  get size(): number {
    return this.byName.size;
  }

  entries(): IterableIterator<[string, { ntbr: NodeToRemove; sinceUs: TimeUs }]> {
    return this.byName.entries();
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

/** unremovable.Nodes: nodes that failed the simulation are not simulated again before a timeout. */
export class UnremovableNodes {
  private readonly until = new Map<string, TimeUs>();
  readonly reasons = new Map<string, UnremovableReason>();

  add(name: string, reason: UnremovableReason, untilUs?: TimeUs): void {
    this.reasons.set(name, reason);
    if (untilUs !== undefined) this.until.set(name, untilUs);
  }

  isRecent(name: string, nowUs: TimeUs): boolean {
    const u = this.until.get(name);
    return u !== undefined && u > nowUs;
  }

  /** Update(): forgets expired timeouts and nodes that left the cluster. */
  update(live: (name: string) => boolean, nowUs: TimeUs): void {
    for (const [n, u] of this.until) if (u <= nowUs || !live(n)) this.until.delete(n);
    this.reasons.clear();
  }
}

/**
 * unneededNodesLimit: how many removable nodes a loop looks for. N = --max-scale-down-parallelism;
 * unneeded + 2N, at most N x (unneeded time / loop interval) + N.
 */
export function unneededNodesLimit(
  unneeded: number,
  maxParallelism: number,
  unneededTimeUs: TimeUs,
  loopIntervalUs: TimeUs,
): number {
  const n = maxParallelism;
  const limit = unneeded + 2 * n;
  const interval = Math.max(1, loopIntervalUs);
  const u = Math.max(unneededTimeUs, interval);
  const upper = n * Math.floor(u / interval) + n;
  return Math.min(limit, upper);
}

export interface RemovalFacts {
  readonly ready: boolean;
  readonly scaleDownDisabled: boolean;
  readonly group: string | null;
  /** Template or node capacity for the cores / memory minimum. */
  readonly cpuMilli: number;
  readonly memory: number;
}

export interface RemovableAtInput {
  readonly nowUs: TimeUs;
  readonly unneededTimeUs: TimeUs;
  readonly unreadyTimeUs: TimeUs;
  readonly facts: (name: string) => RemovalFacts | null;
  readonly groupTarget: (group: string) => number;
  readonly groupMin: (group: string) => number;
  readonly deletionsInProgress: (group: string) => number;
  /** Cluster cores and memory above the configured minimums (decremented as nodes are accepted). */
  readonly coresLeft: number;
  readonly memoryLeft: number;
}

/** RemovableAt: empty and drain lists in unneeded-set order, plus why the others must wait. */
export function removableAt(
  unneeded: UnneededNodes,
  input: RemovableAtInput,
): { empty: NodeToRemove[]; drain: NodeToRemove[]; unremovable: [string, UnremovableReason][] } {
  const sizes = new Map<string, number>();
  let cores = input.coresLeft;
  let memory = input.memoryLeft;
  const empty: NodeToRemove[] = [];
  const drain: NodeToRemove[] = [];
  const unremovable: [string, UnremovableReason][] = [];
  const all = [...unneeded.entries()];
  // splitEmptyAndNonEmptyNodes: empty nodes are considered first.
  const ordered = [
    ...all.filter(([, v]) => v.ntbr.podsToReschedule.length === 0),
    ...all.filter(([, v]) => v.ntbr.podsToReschedule.length > 0),
  ];
  for (const [name, v] of ordered) {
    const f = input.facts(name);
    let reason: UnremovableReason | null = null;
    if (f === null || f.group === null) reason = 'NotAutoscaled';
    else if (f.scaleDownDisabled) reason = 'ScaleDownDisabledAnnotation';
    else if (f.ready && !(v.sinceUs + input.unneededTimeUs < input.nowUs)) reason = 'NotUnneededLongEnough';
    else if (!f.ready && !(v.sinceUs + input.unreadyTimeUs < input.nowUs)) reason = 'NotUnreadyLongEnough';
    else {
      const g = f.group;
      const size = sizes.get(g) ?? input.groupTarget(g);
      if (size - input.deletionsInProgress(g) <= input.groupMin(g)) reason = 'NodeGroupMinSizeReached';
      else if (Math.ceil(f.cpuMilli / 1000) > cores || f.memory > memory)
        reason = 'MinimalResourceLimitExceeded';
      else {
        sizes.set(g, size - 1);
        cores -= Math.ceil(f.cpuMilli / 1000);
        memory -= f.memory;
      }
    }
    if (reason !== null) unremovable.push([name, reason]);
    else if (v.ntbr.podsToReschedule.length === 0) empty.push(v.ntbr);
    else drain.push(v.ntbr);
  }
  return { empty, drain, unremovable };
}

/** CropNodes for groups that scale node by node: empty nodes first within the parallelism budget. */
export function cropNodes(
  empty: readonly NodeToRemove[],
  drain: readonly NodeToRemove[],
  inProgress: { readonly empty: number; readonly drain: number },
  maxScaleDownParallelism: number,
  maxDrainParallelism: number,
): { empty: NodeToRemove[]; drain: NodeToRemove[] } {
  let parallelism = maxScaleDownParallelism - inProgress.empty - inProgress.drain;
  let drainBudget = maxDrainParallelism - inProgress.drain;
  const crop = (nodes: readonly NodeToRemove[], budget: number): NodeToRemove[] => {
    // Grouped by node group (first appearance), each group cropped in turn.
    const groups = new Map<string, NodeToRemove[]>();
    for (const n of nodes) {
      const list = groups.get(n.group) ?? [];
      list.push(n);
      groups.set(n.group, list);
    }
    const out: NodeToRemove[] = [];
    let left = budget;
    for (const list of groups.values()) {
      if (left < 1) break;
      const take = list.slice(0, left);
      out.push(...take);
      left -= take.length;
    }
    return out;
  };
  const e = crop(empty, parallelism);
  parallelism -= e.length;
  drainBudget = Math.min(parallelism, drainBudget);
  return { empty: e, drain: crop(drain, drainBudget) };
}

export interface SimulateInput {
  readonly checker: PredicateChecker;
  readonly memo: VerdictMemo;
  readonly drain: DrainOptions;
  readonly ctx: DrainContext;
  /** Snapshot position of the candidate. */
  readonly pos: number;
  /** Positions pods may move to (other destinations). */
  readonly destination: (pos: number) => boolean;
  /** Whether placement classes must include labels (placed pods' anti-affinity could select them). */
  readonly classLabels: boolean;
  /** Where each class had room at the start of this pass (RoomIndex): full nodes are not visited. */
  readonly room?: RoomIndex;
  /**
   * Pods earlier successful simulations of this pass moved, by destination position. Unconstrained
   * pods are placed by charging their requests only (no NodeInfo entry), so the snapshot alone would
   * show their destination as it was: upstream persists the moved pods in the snapshot (canPersist)
   * and GetPodsToMove on that node lists them, so a node that received pods is not empty and its
   * pods, those included, must find room again. Updated here when a simulation succeeds.
   */
  readonly moved?: Map<number, Pod[]>;
}

export type Simulation =
  | { readonly removable: true; readonly podsToReschedule: Pod[]; readonly daemonSetPods: Pod[] }
  | {
      readonly removable: false;
      readonly reason: 'NoPlaceToMovePods' | 'BlockedByPod';
      readonly blocking?: string;
    };

/** A pod as findPlaceFor schedules it: spec.nodeName cleared (utils/pod ClearPodNodeNames). */
export function withoutNodeName(pod: Pod): Pod {
  if (pod.spec.nodeName === undefined) return pod;
  const { nodeName: _, ...spec } = pod.spec;
  return { ...pod, spec };
}

/**
 * SimulateNodeRemoval: GetPodsToMove, then (in a fork of the snapshot) take the pods off the node and
 * schedule them on the destinations, in order, all or nothing; a success is kept (canPersist), so the
 * next candidates see where these pods went.
 */
export function simulateNodeRemoval(s: SimulateInput): Simulation {
  const snap = s.checker.snapshot;
  const ni = snap.infoOf(s.pos);
  const onNode = [...ni.pods].sort((a, b) => a.idx - b.idx);
  // Pods moved here by this pass that are only charged (placed constrained pods are in ni.pods).
  const charged = (s.moved?.get(s.pos) ?? []).filter((p) => !ni.pods.has(p));
  const m = podsToMove(charged.length > 0 ? [...onNode, ...charged] : onNode, s.drain, s.ctx);
  if (m.blocking !== null)
    return {
      removable: false,
      reason: 'BlockedByPod',
      blocking: `${m.blocking.pod.key}: ${m.blocking.reason}`,
    };
  snap.fork();
  const chargedSet = new Set(charged);
  for (const p of m.pods) {
    if (chargedSet.has(p)) snap.charge(s.pos, p.requests, -1);
    else snap.removePod(s.pos, p);
  }
  // findPlaceFor: the pods are scheduled as copies without spec.nodeName (ClearPodNodeNames).
  const pods = m.pods.map(withoutNodeName);
  const accept = (p: number) => p !== s.pos && s.destination(p);
  let ok = true;
  const placedAt: Array<[number, Pod]> = [];
  // Pods grouped into runs of one placement class (consecutive equivalent pods), tried in order.
  let i = 0;
  while (i < pods.length && ok) {
    const first = pods[i] as Pod;
    const prepared = s.checker.prepare(first);
    if (prepared === null || prepared.state === null) {
      ok = false;
      break;
    }
    const key = prepared.constrained ? `pod:${first.key}` : placementClassKey(first, s.classLabels);
    let j = i + 1;
    if (!prepared.constrained) {
      while (j < pods.length && placementClassKey(pods[j] as Pod, s.classLabels) === key) j++;
    }
    const run = { classKey: key, prepared, pods, first: i, limit: j - i };
    const r =
      s.room !== undefined && !prepared.constrained
        ? placeRunAt(s.checker, s.memo, run, s.room.order(run), accept)
        : placeRun(s.checker, s.memo, run, 0, snap.size, accept);
    if (r.placed < j - i) ok = false;
    let k = i;
    for (const [dest, count] of r.at) for (let c = 0; c < count; c++) placedAt.push([dest, pods[k++] as Pod]);
    i = j;
  }
  if (!ok) {
    snap.revert();
    return { removable: false, reason: 'NoPlaceToMovePods' };
  }
  snap.commit();
  if (s.moved !== undefined) {
    s.moved.delete(s.pos);
    for (const [dest, pod] of placedAt) {
      const list = s.moved.get(dest);
      if (list === undefined) s.moved.set(dest, [pod]);
      else list.push(pod);
    }
  }
  return { removable: true, podsToReschedule: m.pods, daemonSetPods: m.daemonSetPods };
}
