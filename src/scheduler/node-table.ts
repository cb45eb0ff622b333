// The scheduler cache's per-node numbers as flat typed arrays (the data behind framework.NodeInfo's
// Allocatable, Requested, NonZeroRequested and pod count, node.Spec.Unschedulable and node.Spec.Taints),
// indexed by the store's dense node index (Node.idx). The filter and score loops read these columns
// instead of chasing Node -> Resources objects, so a pass over 5000 nodes touches a few contiguous
// arrays. Rows are copied from the store's Node objects (which keep the sums incrementally) whenever
// the cache sees a watch event that can change them (SchedulerCache calls sync), and every sync appends
// the row to a change log, so plugins can memoise per-node results (NodeMemo) and redo only the rows
// that changed since they last looked.
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
  /**
   * Rows synced or removed, in order: changeLog[0..changeCount). When the log is full it starts again
   * empty under a new logEpoch, and memos that had not caught up rebuild from scratch.
   */
  changeLog = new Int32Array(4096);
  changeCount = 0;
  logEpoch = 0;
  /** Per row, how often it was synced or removed (a copy of a node taken at version v is current while equal). */
  rowVersion = new Uint32Array(0);

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
    this.logChange(i);
    this.count(i, 1);
  }

  /** The node left the cache. */
  remove(node: Node): void {
    const i = node.idx;
    if (i >= this.size || this.live[i] !== 1) return;
    this.count(i, -1);
    this.live[i] = 0;
    this.logChange(i);
  }

  private logChange(i: number): void {
    if (this.changeCount === this.changeLog.length) {
      if (this.changeLog.length < 4 * this.size) this.changeLog = new Int32Array(this.changeLog.length * 2);
      this.changeCount = 0;
      this.logEpoch++;
    }
    this.changeLog[this.changeCount++] = i;
    this.rowVersion[i] = (this.rowVersion[i] as number) + 1;
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
    const v = new Uint32Array(size);
    v.set(this.rowVersion);
    this.rowVersion = v;
    const t = new Int32Array(size);
    t.set(this.taintSet);
    this.taintSet = t;
    this.size = size;
  }
}

/**
 * A per-node memo of one number that a plugin computes from a node's row and a pod "shape" (the one or
 * two request values the number depends on, e.g. the pod's non-zero cpu and memory). value[j] is valid
 * for every live row j while the shape stays the same: each refresh recomputes only the rows the table
 * logged as changed since the previous one. Pods of one ReplicaSet share a shape and leave the queue one
 * after another, and a cycle changes a node or two, so on a large cluster a cycle recomputes almost
 * nothing. A shape seen for the first time is not memoised (refresh returns null and the plugin computes
 * its batch directly), so pods that all differ never pay for rebuilding every row; the memo is rebuilt
 * for a shape seen twice in a row.
 */
export class NodeMemo {
  value = new Float64Array(0);
  private a = Number.NaN;
  private b = Number.NaN;
  private lastA = Number.NaN;
  private lastB = Number.NaN;
  private epoch = -1;
  private seen = 0;

  /** The up-to-date values for shape (a, b), or null when the caller should compute its batch itself. */
  refresh(t: NodeTable, a: number, b: number, compute: (j: number) => number): Float64Array | null {
    const value = this.value;
    if (a === this.a && b === this.b && this.epoch === t.logEpoch && value.length >= t.size) {
      const log = t.changeLog;
      const live = t.live;
      for (let k = this.seen; k < t.changeCount; k++) {
        const j = log[k] as number;
        if (live[j] === 1) value[j] = compute(j);
      }
      this.seen = t.changeCount;
      return value;
    }
    const repeated = a === this.lastA && b === this.lastB;
    this.lastA = a;
    this.lastB = b;
    if (!repeated) return null;
    if (value.length < t.size) this.value = new Float64Array(t.size);
    const fresh = this.value;
    const live = t.live;
    for (let j = 0; j < t.size; j++) if (live[j] === 1) fresh[j] = compute(j);
    this.a = a;
    this.b = b;
    this.epoch = t.logEpoch;
    this.seen = t.changeCount;
    return fresh;
  }
}
