// The scheduler cache's per-node numbers as flat typed arrays (the data behind framework.NodeInfo's
// Allocatable, Requested, NonZeroRequested and pod count, node.Spec.Unschedulable and node.Spec.Taints),
// indexed by the store's dense node index (Node.idx). The filter and score loops read these columns
// instead of chasing Node -> Resources objects, so a pass over 5000 nodes touches a few contiguous
// arrays. Rows are copied from the store's Node objects (which keep the sums incrementally) whenever
// the cache sees a watch event that can change them (SchedulerCache calls sync), and every sync bumps
// the row's version, so plugins can memoise per-node results and notice when a node changed.
//
// Taints are interned: equal taint lists (same key, value and effect, in the same order) share one small
// integer id, so a plugin decides "does this pod tolerate the taints" once per distinct list per cycle
// and each node costs one array read.

import type { Node, Taint } from '../model/types.js';

export class NodeTable {
  /** Rows allocated (a power of two >= every idx seen). */
  size = 0;
  allocMilliCPU = new Float64Array(0);
  allocMemory = new Float64Array(0);
  allocPods = new Float64Array(0);
  /** Requested (real requests of the pods charged to the node). */
  reqMilliCPU = new Float64Array(0);
  reqMemory = new Float64Array(0);
  /** NonZeroRequested (100m / 200Mi defaults for containers without requests). */
  nzMilliCPU = new Float64Array(0);
  nzMemory = new Float64Array(0);
  podCount = new Float64Array(0);
  unschedulable = new Uint8Array(0);
  /** Interned taint list id (0 = no taints). */
  taintSet = new Int32Array(0);
  /** 1 while the node is live (in the cache). */
  live = new Uint8Array(0);
  /** Bumped on every sync (never 0); memos keyed by (idx, version) stay valid while the node is unchanged. */
  version = new Uint32Array(0);

  /** Distinct taint lists by id; taintSets[0] is the empty list. */
  readonly taintSets: (readonly Taint[])[] = [[]];
  private readonly taintIds = new Map<string, number>([['', 0]]);
  /** Live nodes, live nodes that are unschedulable, and live nodes per taint set id. */
  liveCount = 0;
  unschedulableCount = 0;
  private readonly taintSetNodes: number[] = [0];

  /** Live nodes with at least one taint (taint plugins skip their loops when there are none). */
  get taintedCount(): number {
    return this.liveCount - (this.taintSetNodes[0] as number);
  }

  /** Copies a node's row from the store's Node object (node added, pods charged or released, spec changes). */
  sync(node: Node): void {
    const i = node.idx;
    if (i >= this.size) this.grow(i);
    const wasLive = this.live[i] === 1;
    if (wasLive) this.count(i, -1);
    const a = node.allocatable;
    const r = node.requested;
    this.allocMilliCPU[i] = a.milliCPU;
    this.allocMemory[i] = a.memory;
    this.allocPods[i] = a.allowedPodNumber;
    this.reqMilliCPU[i] = r.milliCPU;
    this.reqMemory[i] = r.memory;
    this.nzMilliCPU[i] = node.nonZeroRequested.milliCPU;
    this.nzMemory[i] = node.nonZeroRequested.memory;
    this.podCount[i] = node.pods.size;
    this.unschedulable[i] = node.unschedulable ? 1 : 0;
    this.taintSet[i] = this.internTaints(node.taints);
    this.live[i] = 1;
    this.bump(i);
    this.count(i, 1);
  }

  /** The node left the cache. */
  remove(node: Node): void {
    const i = node.idx;
    if (i >= this.size || this.live[i] !== 1) return;
    this.count(i, -1);
    this.live[i] = 0;
    this.bump(i);
  }

  private bump(i: number): void {
    this.version[i] = ((this.version[i] as number) + 1) >>> 0 || 1;
  }

  private count(i: number, by: 1 | -1): void {
    this.liveCount += by;
    if (this.unschedulable[i] === 1) this.unschedulableCount += by;
    const t = this.taintSet[i] as number;
    this.taintSetNodes[t] = (this.taintSetNodes[t] as number) + by;
  }

  private internTaints(taints: readonly Taint[]): number {
    if (taints.length === 0) return 0;
    let key = '';
    for (const t of taints) key += `${t.key}\u0000${t.value ?? ''}\u0000${t.effect}\u0001`;
    let id = this.taintIds.get(key);
    if (id === undefined) {
      id = this.taintSets.length;
      this.taintSets.push(taints);
      this.taintSetNodes.push(0);
      this.taintIds.set(key, id);
    }
    return id;
  }

  private grow(idx: number): void {
    let size = Math.max(256, this.size);
    while (size <= idx) size *= 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(size);
      b.set(a);
      return b;
    };
    this.allocMilliCPU = f64(this.allocMilliCPU);
    this.allocMemory = f64(this.allocMemory);
    this.allocPods = f64(this.allocPods);
    this.reqMilliCPU = f64(this.reqMilliCPU);
    this.reqMemory = f64(this.reqMemory);
    this.nzMilliCPU = f64(this.nzMilliCPU);
    this.nzMemory = f64(this.nzMemory);
    this.podCount = f64(this.podCount);
    this.unschedulable = u8(this.unschedulable);
    this.live = u8(this.live);
    const t = new Int32Array(size);
    t.set(this.taintSet);
    this.taintSet = t;
    const v = new Uint32Array(size);
    v.set(this.version);
    this.version = v;
    this.size = size;
  }
}

/**
 * A per-node memo of one number that a plugin computes from a node's row and a pod "shape" (the one or
 * two request values the number depends on, e.g. the pod's non-zero cpu and memory): an entry is valid
 * while the node's version equals the version stored with it and the shape is unchanged. Pods of one
 * ReplicaSet share a shape and come out of the queue one after another, and a cycle changes one node,
 * so on a large cluster nearly every lookup hits. The arrays are public for the plugins' inner loops:
 *
 *   if (memo.version[j] === table.version[j]) v = memo.value[j];
 *   else { v = compute(j); memo.version[j] = table.version[j] as number; memo.value[j] = v; }
 */
export class NodeMemo {
  version = new Uint32Array(0);
  value = new Float64Array(0);
  private a = Number.NaN;
  private b = Number.NaN;

  /** Sizes the memo to the table and selects the shape (a, b); another shape drops every entry. */
  use(table: NodeTable, a: number, b: number): void {
    if (this.version.length < table.size) {
      this.version = new Uint32Array(table.size);
      this.value = new Float64Array(table.size);
    } else if (a !== this.a || b !== this.b) {
      this.version.fill(0);
    }
    this.a = a;
    this.b = b;
  }
}
