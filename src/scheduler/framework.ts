// The scheduling framework's extension points as tiny interfaces (k8s.io/kube-scheduler framework/interface.go):
// PreFilter, Filter, PostFilter, PreScore, Score (+NormalizeScore), Reserve, Permit, Bind and QueueSort.
// A plugin instance implements any subset; the runtime (runtime.ts) finds them by method name. Status is
// null for Success, else an immutable record with the code, the reasons and the plugin that returned it.

import type { Pod } from '../model/types.js';
import type { PodDisruptionBudget } from '../workloads/pdb.js';
import type { NodeInfo, SchedulerCache } from './cache.js';
import type { ClusterEventWithHint } from './cluster-events.js';

/** Status codes (framework/interface.go Code). */
export const Code = {
  Success: 0,
  Error: 1,
  Unschedulable: 2,
  UnschedulableAndUnresolvable: 3,
  Wait: 4,
  Skip: 5,
  Pending: 6,
} as const;
export type CodeValue = (typeof Code)[keyof typeof Code];

export const CODE_NAMES: readonly string[] = [
  'Success',
  'Error',
  'Unschedulable',
  'UnschedulableAndUnresolvable',
  'Wait',
  'Skip',
  'Pending',
];

export interface StatusRecord {
  readonly code: CodeValue;
  readonly reasons: readonly string[];
  readonly plugin: string;
}
/** null means Success. */
export type Status = StatusRecord | null;

export function status(code: CodeValue, plugin: string, ...reasons: string[]): StatusRecord {
  return Object.freeze({ code, reasons: Object.freeze(reasons), plugin });
}

export const MaxNodeScore = 100;
export const MinNodeScore = 0;

/** Per-pod scratch shared by the plugins of one cycle; cloned for preemption dry runs. */
export interface StateData {
  clone(): StateData;
}

export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip (their Filter is not run). */
  readonly skipFilter = new Set<string>();
  /** Plugins whose PreScore returned Skip (their Score is not run). */
  readonly skipScore = new Set<string>();
  /** Filter plugins to run this cycle (the profile's, minus those skipped in PreFilter). */
  filters: readonly FilterPlugin[] = [];

  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    for (const s of this.skipFilter) c.skipFilter.add(s);
    for (const s of this.skipScore) c.skipScore.add(s);
    c.filters = this.filters;
    return c;
  }
}

/**
 * Nodes for the batch forms of Filter, PreScore, Score and NormalizeScore: entry i < n is the live node
 * whose NodeTable row (and Node.idx) is idx[i]; `cache.infoAt(idx[i])` gives its NodeInfo. Batches never
 * hold preemption clones (those go through the per-node methods).
 */
export interface NodeBatch {
  readonly idx: Int32Array;
  readonly n: number;
}

export interface PreFilterResult {
  readonly status: Status;
  /** Node names the pod may only go to (null: all nodes). */
  readonly nodeNames?: ReadonlySet<string> | null;
}

export interface Plugin {
  readonly name: string;
  /**
   * EnqueueExtensions.EventsToRegister: the cluster events that may make a pod this plugin rejected
   * schedulable, with their QueueingHintFn; `queueingHints` is the SchedulerQueueingHints gate (some
   * plugins register more events without it, upstream's mitigation for preCheck, #109437).
   */
  eventsToRegister?(queueingHints: boolean): readonly ClusterEventWithHint[];
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterResult;
  /** PreFilterExtensions.AddPod: `podToAdd` now counts on `nodeInfo` (nominated pods, reprieves). */
  addPod?(state: CycleState, pod: Pod, podToAdd: Pod, nodeInfo: NodeInfo): Status;
  /** PreFilterExtensions.RemovePod: `podToRemove` no longer counts on `nodeInfo` (preemption victims). */
  removePod?(state: CycleState, pod: Pod, podToRemove: Pod, nodeInfo: NodeInfo): Status;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
  /** Optional batch form: for i < n with out[i] === null, out[i] = filter(node i) (same results). */
  filterBatch?(state: CycleState, pod: Pod, nodes: NodeBatch, out: Status[]): void;
  /**
   * Optional: per NodeTable row, non-zero where this plugin's Filter surely rejects the pod now (valid
   * for the current cycle), or null when it cannot tell cheaply. A search that only needs the feasible
   * nodes skips the rows marked here (see cycle.ts searchPruned). The rejection must hold also with
   * more pods on the node (nominated pods added in RunFilterPluginsWithNominatedPods' first pass).
   */
  surelyRejects?(state: CycleState, pod: Pod): ArrayLike<number> | null;
}

export interface PostFilterResult {
  readonly status: Status;
  /**
   * NominatingInfo: a node name nominates the pod there, '' clears its nomination (ModeOverride with an
   * empty name), null leaves it as it is (ModeNoop).
   */
  readonly nominatedNodeName: string | null;
  /** Message appended to the FailedScheduling summary ("preemption: ..."). */
  readonly message: string;
}

/** Filter statuses of one failed cycle: node name -> the status that rejected it. */
export type NodeStatusMap = ReadonlyMap<string, StatusRecord>;

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, statuses: NodeStatusMap): PostFilterResult;
}

export interface PreScorePlugin extends Plugin {
  /** `nodes`: the feasible nodes about to be scored. */
  preScore(state: CycleState, pod: Pod, nodes: NodeBatch): Status;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /** Optional batch form: out[i] = score of node i for i < n (same results, one call per cycle). */
  scoreBatch?(state: CycleState, pod: Pod, nodes: NodeBatch, out: Float64Array): void;
  /** NormalizeScore over scores[0..n) of the batch's nodes, in place. */
  normalize?(state: CycleState, pod: Pod, nodes: NodeBatch, scores: Float64Array): Status;
  /**
   * Optional fast form for the scheduling loop (explain keeps the raw and normalized rows and does not
   * use it): Score, NormalizeScore and x weight in one go, added into totals[i] for each node i of the
   * batch. Must add exactly what scoreBatch + normalize + weight give (equivalence-tested), and may only
   * be implemented where every normalized score is in [0, MaxNodeScore] by construction. A contribution
   * that is the same for every node of the batch may be left out: these totals only feed host
   * selection, which depends on their differences (integer sums, so exact either way).
   */
  scoreInto?(state: CycleState, pod: Pod, nodes: NodeBatch, weight: number, totals: Float64Array): Status;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

/**
 * PreBind runs in the binding cycle, before Bind. Code.Wait means "not yet": the binding cycle polls
 * again after PREBIND_POLL_US (VolumeBinding's BindPodVolumes waits for the PV controller this way,
 * binder.go: wait.PollUntilContextTimeout with a 1 s interval); Success goes on to Bind; any other
 * status fails the binding cycle.
 */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string, nowUs: number): Status;
}

/** Interval between PreBind polls (binder.go checkBindings every second). */
export const PREBIND_POLL_US = 1_000_000;

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): Status;
}

export interface BindPlugin extends Plugin {
  /** Returns Skip to let the next binder try; the scheduler performs the API call for DefaultBinder. */
  bind(state: CycleState, pod: Pod, nodeName: string): Status;
}

export interface QueuedPodView {
  readonly pod: Pod;
  readonly timestampUs: number;
  readonly seq: number;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodView, b: QueuedPodView): boolean;
}

/** What plugins may use from the framework (framework.Handle). */
export interface Handle {
  readonly cache: SchedulerCache;
  /** Kubernetes minor version (version-dependent behaviour, e.g. BalancedAllocation's formula). */
  readonly minorVersion: number;
  /** Runs every Filter (with nominated pods) on a node, for PostFilter dry runs. */
  runFilterWithNominated(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
  /** PreFilterExtensions of every enabled PreFilter plugin. */
  runPreFilterAddPod(state: CycleState, pod: Pod, podToAdd: Pod, nodeInfo: NodeInfo): void;
  runPreFilterRemovePod(state: CycleState, pod: Pod, podToRemove: Pod, nodeInfo: NodeInfo): void;
  /** Seeded draws for the plugin (DefaultPreemption's random offset). */
  intBelow(n: number): number;
  /** Pods nominated to a node (the nominator). */
  nominatedPods(nodeName: string): readonly Pod[];
  /** Every PodDisruptionBudget (the informer's lister, getPodDisruptionBudgets). */
  podDisruptionBudgets(): readonly PodDisruptionBudget[];
}

export type PluginInstance = Plugin &
  Partial<
    Omit<PreFilterPlugin, 'name'> &
      Omit<FilterPlugin, 'name'> &
      Omit<PostFilterPlugin, 'name'> &
      Omit<PreScorePlugin, 'name'> &
      Omit<ScorePlugin, 'name'> &
      Omit<ReservePlugin, 'name'> &
      Omit<PermitPlugin, 'name'> &
      Omit<PreBindPlugin, 'name'> &
      Omit<BindPlugin, 'name'> &
      Omit<QueueSortPlugin, 'name'>
  >;
