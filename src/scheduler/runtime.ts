// The framework runtime for one profile (pkg/scheduler/framework/runtime/framework.go): instantiates the
// profile's plugins from the registry and runs extension points in profile order: PreFilter (Skip drops
// the plugin's Filter; node-name results are intersected), Filter (first failure wins; nominated pods
// counted in a first pass), PreScore (Skip drops the plugin's Score), Score + NormalizeScore + weights,
// PostFilter, Reserve/Unreserve, Permit and Bind. It is also the plugins' Handle.

import type { Rng } from '../engine/rng.js';
import type { Pod } from '../model/types.js';
import type { PodDisruptionBudget } from '../workloads/pdb.js';
import type { NodeInfo, SchedulerCache } from './cache.js';
import {
  Code,
  type CycleState,
  type FilterPlugin,
  type Handle,
  type NodeBatch,
  type NodeStatusMap,
  type PluginInstance,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreBindPlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
  type Status,
  type StatusRecord,
  status,
} from './framework.js';
import { registry } from './plugins/registry.js';
import type { ResolvedProfile } from './profile.js';

export interface Nominator {
  /** Whether any pod is nominated anywhere (fast path for the filter loop). */
  readonly any: boolean;
  /** Pods nominated to run on `nodeName` (status.nominatedNodeName), in nomination order. */
  nominatedPods(nodeName: string): readonly Pod[];
  /** Every node with nominated pods, and its pods (nominatedPods of each). */
  readonly byNode: ReadonlyMap<string, readonly Pod[]>;
  /** A counter that moves whenever a pod of priority >= `priority` gains or loses a nomination. */
  changesAtOrAbove(priority: number): number;
}

/** The nominator of a scheduler without nominations (explain, the autoscaler's simulations, tests). */
export const noNominations: Nominator = {
  any: false,
  nominatedPods: () => [],
  byNode: new Map(),
  changesAtOrAbove: () => 0,
};

export interface FrameworkDeps {
  readonly cache: SchedulerCache;
  readonly minorVersion: number;
  readonly rng: Rng;
  readonly nominator: Nominator;
  /** The PodDisruptionBudget lister (DefaultPreemption's victim choice); none when absent. */
  readonly pdbs?: () => readonly PodDisruptionBudget[];
}

export interface PreFilterOutcome {
  /** A failure that applies to every node (null when PreFilter succeeded). */
  readonly status: StatusRecord | null;
  readonly nodeNames: ReadonlySet<string> | null;
  /** The plugins whose PreFilterResult named nodes (sorted), when nodeNames is set. */
  readonly plugins?: readonly string[];
}

export class Framework implements Handle {
  readonly cache: SchedulerCache;
  readonly minorVersion: number;
  readonly plugins = new Map<string, PluginInstance>();
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: ScorePlugin[] = [];
  readonly scoreWeights: number[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  readonly preBindPlugins: PreBindPlugin[] = [];
  readonly queueSort: QueueSortPlugin;
  readonly rng: Rng;
  private readonly nominator: Nominator;
  private readonly pdbLister: (() => readonly PodDisruptionBudget[]) | undefined;
  /**
   * Equivalence tests only: run the reference forms (Filter node by node, Score node by node, no
   * scoreInto), which read NodeInfo objects rather than the NodeTable. Results must not change.
   */
  plainPaths = false;

  constructor(
    readonly profile: ResolvedProfile,
    deps: FrameworkDeps,
  ) {
    this.cache = deps.cache;
    this.minorVersion = deps.minorVersion;
    this.rng = deps.rng;
    this.nominator = deps.nominator;
    this.pdbLister = deps.pdbs;
    const instance = (name: string): PluginInstance => {
      let p = this.plugins.get(name);
      if (p === undefined) {
        const mod = registry.get(name);
        if (!mod) throw new Error(`unknown plugin ${name}`);
        p = mod.create(profile.args.get(name) ?? mod.argsSchema.parse({}), this);
        this.plugins.set(name, p);
      }
      return p;
    };
    const pts = profile.points;
    for (const n of pts.preFilter)
      if (instance(n).preFilter) this.preFilterPlugins.push(instance(n) as PreFilterPlugin);
    for (const n of pts.filter) if (instance(n).filter) this.filterPlugins.push(instance(n) as FilterPlugin);
    for (const n of pts.postFilter)
      if (instance(n).postFilter) this.postFilterPlugins.push(instance(n) as PostFilterPlugin);
    for (const n of pts.preScore)
      if (instance(n).preScore) this.preScorePlugins.push(instance(n) as PreScorePlugin);
    for (const n of pts.score) {
      if (!instance(n).score) continue;
      this.scorePlugins.push(instance(n) as ScorePlugin);
      this.scoreWeights.push(profile.scoreWeights.get(n) ?? 1);
    }
    for (const n of pts.reserve)
      if (instance(n).reserve) this.reservePlugins.push(instance(n) as ReservePlugin);
    for (const n of pts.preBind)
      if (instance(n).preBind) this.preBindPlugins.push(instance(n) as PreBindPlugin);
    for (const n of [...pts.permit, ...pts.bind, ...pts.preEnqueue]) instance(n);
    this.queueSort = instance(pts.queueSort[0] as string) as QueueSortPlugin;
  }

  get name(): string {
    return this.profile.schedulerName;
  }

  /** RunReservePluginsReserve: the first failure unreserves every plugin and is returned. */
  runReserve(state: CycleState, pod: Pod, nodeName: string): StatusRecord | null {
    for (const p of this.reservePlugins) {
      const st = p.reserve(state, pod, nodeName);
      if (st !== null) {
        this.runUnreserve(state, pod, nodeName);
        return st;
      }
    }
    return null;
  }

  /** RunReservePluginsUnreserve, in reverse order. */
  runUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--)
      (this.reservePlugins[i] as ReservePlugin).unreserve(state, pod, nodeName);
  }

  /** RunPreBindPlugins: the first non-success status (Wait: poll again). */
  runPreBind(state: CycleState, pod: Pod, nodeName: string, nowUs: number): StatusRecord | null {
    for (const p of this.preBindPlugins) {
      const st = p.preBind(state, pod, nodeName, nowUs);
      if (st !== null) return st;
    }
    return null;
  }

  intBelow(n: number): number {
    return this.rng.intBelow(n);
  }

  podDisruptionBudgets(): readonly PodDisruptionBudget[] {
    return this.pdbLister?.() ?? [];
  }

  nominatedPods(nodeName: string): readonly Pod[] {
    return this.nominator.nominatedPods(nodeName);
  }

  /** RunPreFilterPlugins: sets the cycle's Filter list; Unschedulable keeps going, the rest abort. */
  runPreFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterOutcome {
    let names: Set<string> | null = null;
    let failure: StatusRecord | null = null;
    let skippedMask = 0;
    let withNodes: string[] | null = null;
    for (let i = 0; i < this.preFilterPlugins.length; i++) {
      const p = this.preFilterPlugins[i] as PreFilterPlugin;
      const r = p.preFilter(state, pod, nodes);
      const st = r.status;
      if (st !== null && st.code === Code.Skip) {
        state.skipFilter.add(p.name);
        skippedMask |= 2 ** Math.min(i, 30);
        continue;
      }
      if (st !== null) {
        if (st.code !== Code.Unschedulable) return { status: st, nodeNames: null };
        failure ??= st;
        continue;
      }
      if (r.nodeNames) {
        withNodes ??= [];
        withNodes.push(p.name);
        names = intersect(names, r.nodeNames);
        if (names.size === 0) {
          // framework.go RunPreFilterPlugins: one plugin -> "plugin X", several -> "plugin(s) [A B] simultaneously".
          const list = [...withNodes].sort();
          const why =
            list.length === 1
              ? `node(s) didn't satisfy plugin ${list[0]}`
              : `node(s) didn't satisfy plugin(s) [${list.join(' ')}] simultaneously`;
          return { status: status(Code.UnschedulableAndUnresolvable, p.name, why), nodeNames: null };
        }
      }
    }
    state.filters = this.filtersWithout(state.skipFilter, skippedMask);
    if (withNodes === null) return { status: failure, nodeNames: names };
    return { status: failure, nodeNames: names, plugins: withNodes.sort() };
  }

  /**
   * The profile's Filter plugins minus those skipped in PreFilter, cached by the mask of skipped
   * PreFilter plugins (bit i: preFilterPlugins[i]; profiles with more than 30 share bit 30 and are
   * not cached).
   */
  private filtersWithout(skipped: ReadonlySet<string>, mask: number): readonly FilterPlugin[] {
    let list = this.filterLists.get(mask);
    if (list === undefined) {
      list = this.filterPlugins.filter((f) => !skipped.has(f.name));
      if (this.preFilterPlugins.length <= 30) this.filterLists.set(mask, list);
    }
    return list;
  }

  private readonly filterLists = new Map<number, readonly FilterPlugin[]>();

  /** RunFilterPlugins: the first non-success status, or null. */
  runFilter(state: CycleState, pod: Pod, ni: NodeInfo): Status {
    const fs = state.filters;
    for (let i = 0; i < fs.length; i++) {
      const st = (fs[i] as FilterPlugin).filter(state, pod, ni);
      if (st !== null) return st;
    }
    return null;
  }

  /**
   * RunFilterPlugins over a batch of nodes at once, plugin by plugin (each node keeps its first failure),
   * for the filter loop when no pod is nominated anywhere. Same statuses as runFilter node by node.
   */
  runFilterBatch(state: CycleState, pod: Pod, nodes: NodeBatch, out: Status[]): void {
    const n = nodes.n;
    for (let i = 0; i < n; i++) out[i] = null;
    const fs = state.filters;
    for (let j = 0; j < fs.length; j++) {
      const f = fs[j] as FilterPlugin;
      if (f.filterBatch) {
        f.filterBatch(state, pod, nodes, out);
        continue;
      }
      const idx = nodes.idx;
      for (let i = 0; i < n; i++)
        if (out[i] === null) out[i] = f.filter(state, pod, this.cache.infoAt(idx[i] as number));
    }
  }

  /** The first filter in this cycle's list that can mark rows it surely rejects (surelyRejects). */
  surelyRejected(state: CycleState, pod: Pod): ArrayLike<number> | null {
    const fs = state.filters;
    for (let j = 0; j < fs.length; j++) {
      const rows = (fs[j] as FilterPlugin).surelyRejects?.(state, pod) ?? null;
      if (rows !== null) return rows;
    }
    return null;
  }

  /**
   * The node rows where Filter for `pod` counts nominated pods (addGENominatedPods: another pod of
   * priority >= the pod's nominated there), flagged 1 in a per-row array, or null when there is none.
   * On every other node runFilterWithNominated is runFilter. Valid until the next call.
   */
  nominatedRows(pod: Pod): Uint8Array | null {
    const flags = this.nominatedFlags;
    for (const row of this.flaggedRows) flags[row] = 0;
    this.flaggedRows.length = 0;
    if (!this.nominator.any) return null;
    const priority = pod.spec.priority;
    for (const [nodeName, pods] of this.nominator.byNode) {
      let counts = false;
      for (const p of pods) if (p !== pod && p.spec.priority >= priority) counts = true;
      const ni = counts ? this.cache.get(nodeName) : undefined;
      if (ni === undefined) continue;
      const row = ni.node.idx;
      if (row >= this.nominatedFlags.length) {
        const grown = new Uint8Array(Math.max(row + 1, this.nominatedFlags.length * 2));
        grown.set(this.nominatedFlags);
        this.nominatedFlags = grown;
      }
      this.nominatedFlags[row] = 1;
      this.flaggedRows.push(row);
    }
    return this.flaggedRows.length === 0 ? null : this.nominatedFlags;
  }

  private nominatedFlags = new Uint8Array(256);
  private readonly flaggedRows: number[] = [];

  /** A counter that moves whenever the nominated pods Filter counts for `pod` may change. */
  nominationsVersion(pod: Pod): number {
    return this.nominator.changesAtOrAbove(pod.spec.priority);
  }

  /**
   * RunFilterPlugins over a batch (runFilterBatch), then RunFilterPluginsWithNominatedPods on the
   * batch's nodes flagged in `nominated` (nominatedRows): the statuses of runFilterWithNominated node by
   * node, with the nominated pods' copies made only where they count.
   */
  runFilterBatchWithNominated(
    state: CycleState,
    pod: Pod,
    nodes: NodeBatch,
    out: Status[],
    nominated: Uint8Array | null,
  ): void {
    this.runFilterBatch(state, pod, nodes, out);
    if (nominated === null) return;
    const idx = nodes.idx;
    for (let i = 0, n = nodes.n; i < n; i++) {
      const row = idx[i] as number;
      if (nominated[row] === 1) out[i] = this.runFilterWithNominated(state, pod, this.cache.infoAt(row));
    }
  }

  /** RunFilterPluginsWithNominatedPods: pass 1 with higher-or-equal priority nominated pods added. */
  runFilterWithNominated(state: CycleState, pod: Pod, ni: NodeInfo): Status {
    if (!this.nominator.any) return this.runFilter(state, pod, ni);
    const nominated = this.nominator.nominatedPods(ni.name);
    if (nominated.length === 0) return this.runFilter(state, pod, ni);
    let copy: NodeInfo | null = null;
    let stateCopy: CycleState | null = null;
    const added = this.addedPods;
    added.length = 0;
    for (const p of nominated) {
      if (p === pod || p.spec.priority < pod.spec.priority || ni.pods.has(p)) continue;
      copy ??= this.scratchCopy(ni);
      stateCopy ??= this.stateChangesWithPods(state, pod) ? state.clone() : state;
      copy.addPod(p);
      added.push(p);
      this.runPreFilterAddPod(stateCopy, pod, p, copy);
    }
    if (copy !== null && stateCopy !== null) {
      let st: Status;
      try {
        st = this.runFilter(stateCopy, pod, copy);
      } finally {
        // Back to the node as it is, for the next pass (NodeInfo.removePod undoes addPod exactly, but
        // for extended resources it leaves a 0 entry: that copy is dropped).
        let scalar = false;
        for (let i = added.length - 1; i >= 0; i--) {
          const p = added[i] as Pod;
          copy.removePod(p);
          for (const _ in p.requests.scalar) scalar = true;
        }
        if (scalar) this.scratchCopies.delete(ni.node.idx);
      }
      if (st !== null) return st;
    }
    return this.runFilter(state, pod, ni);
  }

  private readonly addedPods: Pod[] = [];

  /**
   * A copy of `ni` for one filter pass, equal to `ni`: read by the filters of that pass only (no plugin
   * keeps a NodeInfo it was handed) and handed back unchanged (the pass removes what it added). For a
   * live node it is kept per node and brought up to date (NodeInfo.resetTo) only when the cache synced
   * the node's row since (NodeTable.rowVersion: every change of its pods, sums or owner counts); a
   * preemption dry run's private copy is cloned.
   */
  private scratchCopy(ni: NodeInfo): NodeInfo {
    if (ni.isClone) return ni.clone();
    const row = ni.node.idx;
    const version = this.cache.table.rowVersion[row] as number;
    const e = this.scratchCopies.get(row);
    if (e === undefined || e.copy.node !== ni.node) {
      const copy = ni.clone();
      this.scratchCopies.set(row, { copy, version });
      return copy;
    }
    if (e.version !== version) {
      e.copy.resetTo(ni);
      e.version = version;
    }
    return e.copy;
  }

  private readonly scratchCopies = new Map<number, { copy: NodeInfo; version: number }>();

  /**
   * Whether AddPod can change this cycle's state: some PreFilter plugin not skipped this cycle has
   * PreFilterExtensions.AddPod (PodTopologySpread, InterPodAffinity, VolumeRestrictions). Else the
   * first pass reads the same state as the second, so it needs no copy. Pods with volumes always copy
   * (VolumeBinding's Filter records per-node decisions in the state).
   */
  private stateChangesWithPods(state: CycleState, pod: Pod): boolean {
    if (pod.spec.volumes.length > 0) return true;
    for (const p of this.preFilterPlugins) if (p.addPod && !state.skipFilter.has(p.name)) return true;
    return false;
  }

  runPreFilterAddPod(state: CycleState, pod: Pod, podToAdd: Pod, ni: NodeInfo): void {
    for (const p of this.preFilterPlugins) {
      if (!state.skipFilter.has(p.name)) p.addPod?.(state, pod, podToAdd, ni);
    }
  }

  runPreFilterRemovePod(state: CycleState, pod: Pod, podToRemove: Pod, ni: NodeInfo): void {
    for (const p of this.preFilterPlugins) {
      if (!state.skipFilter.has(p.name)) p.removePod?.(state, pod, podToRemove, ni);
    }
  }

  runPostFilter(state: CycleState, pod: Pod, statuses: NodeStatusMap): PostFilterResult | null {
    let last: PostFilterResult | null = null;
    for (const p of this.postFilterPlugins) {
      const r = p.postFilter(state, pod, statuses);
      last = r;
      if (
        r.status === null ||
        r.status.code === Code.UnschedulableAndUnresolvable ||
        r.status.code === Code.Error
      ) {
        return r;
      }
    }
    return last;
  }

  /** RunPreScorePlugins: indices (into scorePlugins) of the plugins to run this cycle. */
  runPreScore(state: CycleState, pod: Pod, nodes: NodeBatch, out: number[]): StatusRecord | null {
    for (const p of this.preScorePlugins) {
      const st = p.preScore(state, pod, nodes);
      if (st === null) continue;
      if (st.code === Code.Skip) state.skipScore.add(p.name);
      else return st;
    }
    out.length = 0;
    for (let i = 0; i < this.scorePlugins.length; i++) {
      if (!state.skipScore.has((this.scorePlugins[i] as ScorePlugin).name)) out.push(i);
    }
    return null;
  }

  /**
   * Score then NormalizeScore of one plugin over the batch: raw scores into `raw` (when given; explain
   * keeps them), normalized ones into `scores`. The caller checks the [0, 100] range (checkScore).
   */
  runScorePlugin(
    idx: number,
    state: CycleState,
    pod: Pod,
    nodes: NodeBatch,
    raw: Float64Array | null,
    scores: Float64Array,
  ): StatusRecord | null {
    const p = this.scorePlugins[idx] as ScorePlugin;
    const n = nodes.n;
    const into = raw ?? scores;
    if (p.scoreBatch && !this.plainPaths) p.scoreBatch(state, pod, nodes, into);
    else for (let i = 0; i < n; i++) into[i] = p.score(state, pod, this.cache.infoAt(nodes.idx[i] as number));
    if (raw !== null) for (let i = 0; i < n; i++) scores[i] = raw[i] as number;
    return p.normalize ? p.normalize(state, pod, nodes, scores) : null;
  }

  /** The Error status for a normalized score outside [0, MaxNodeScore]. */
  invalidScore(idx: number, s: number): StatusRecord {
    const name = (this.scorePlugins[idx] as ScorePlugin).name;
    return status(
      Code.Error,
      name,
      `plugin "${name}" returns an invalid score ${s}, it should in the range of [0, 100] after normalizing`,
    );
  }

  private readonly buffers: Float64Array[] = [new Float64Array(256), new Float64Array(256)];

  /** Reusable scratch buffer `i` with room for n entries (contents are stale). */
  buffer(i: number, n: number): Float64Array {
    let b = this.buffers[i] as Float64Array;
    if (b.length < n) {
      b = new Float64Array(Math.max(n, b.length * 2));
      this.buffers[i] = b;
    }
    return b;
  }

  get hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }
}

function intersect(a: ReadonlySet<string> | null, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const n of b) if (a === null || a.has(n)) out.add(n);
  return out;
}
