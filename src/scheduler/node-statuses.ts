// The filter statuses of a failed cycle (framework.NodeToStatus, schedule_one.go findNodesThatFitPod) as a
// Map from node name to status that is filled lazily (issue 16, failure-path speed). A failed cycle on
// 5000 nodes rejects 5000 nodes, but what reads their statuses in the scheduling loop needs only how many
// nodes each distinct status rejected: the FitError message ("0/5000 nodes are available: 3333 node(s)
// didn't match pod topology spread constraints, ..." , FitError.Error's reason histogram), the rejecting
// plugins (the pod's UnschedulablePlugins) and preemption's "is any node worth a dry run" count.
// Statuses are shared frozen records, so the histogram is kept per record while the search's (node idx,
// status) pairs are adopted; the name -> status entries are built only when something reads them as a
// Map (a preemption dry run, explain, tests). Read them within the cycle: names are looked up then.
// A few single lookups (PodEligibleToPreemptOthers reads the status of the pod's nominated node) scan
// the adopted rows instead of building the Map, when the owner says which row a node name is.

/** Node name -> node idx (row) of the cache's live NodeInfo, -1 when none. */
export type RowOf = (name: string) => number;

/** Single lookups answered from the adopted rows before the Map is built for good. */
const MAX_PENDING_LOOKUPS = 4;

import type { NodeStatusMap, StatusRecord } from './framework.js';

/** Node idx -> node name (the cache's live NodeInfo of that row). */
export type NameOf = (idx: number) => string;

export class NodeStatuses extends Map<string, StatusRecord> {
  /** Distinct statuses in order of first occurrence, and how many entries hold each. */
  private readonly distinct: StatusRecord[] = [];
  private readonly counts: number[] = [];
  /** Entries not yet in the Map: how many, and what adds them (in search order). */
  private pendingCount = 0;
  private pendingFill: ((set: (name: string, st: StatusRecord) => void) => void) | null = null;
  /** The pending entry of a node row, if any. */
  private pendingRow: ((row: number) => StatusRecord | undefined) | null = null;
  private pendingLookups = 0;

  constructor(private readonly rowOf: RowOf | null = null) {
    super();
  }

  /**
   * Adopts n (node idx, status) pairs of a search (copied), after any entries already set: they are
   * counted now and become Map entries when the Map is read.
   */
  adopt(idx: Int32Array, st: readonly StatusRecord[], n: number, nameOf: NameOf): void {
    const ids = idx.slice(0, n);
    const sts = st.slice(0, n);
    this.pend(
      n,
      (set) => {
        for (let i = 0; i < n; i++) set(nameOf(ids[i] as number), sts[i] as StatusRecord);
      },
      (row) => {
        // The last pair of a row wins, as the Map's set would.
        for (let i = n - 1; i >= 0; i--) if (ids[i] === row) return sts[i] as StatusRecord;
        return undefined;
      },
    );
    let last: StatusRecord | null = null;
    let slot = -1;
    for (let i = 0; i < n; i++) {
      const s = sts[i] as StatusRecord;
      if (s !== last) {
        last = s;
        slot = this.slotOf(s);
      }
      this.counts[slot] = (this.counts[slot] as number) + 1;
    }
  }

  /**
   * Adopts the statuses of every node of `order` (by position) in search order from `start`, given
   * their histogram in that order (failure-memo.ts): nothing per node until the Map is read.
   */
  adoptRotated(
    order: Int32Array,
    st: readonly StatusRecord[],
    start: number,
    histogram: ReadonlyArray<readonly [StatusRecord, number]>,
    nameOf: NameOf,
  ): void {
    const n = order.length;
    this.pend(
      n,
      (set) => {
        for (let i = 0, p = start; i < n; i++, p++) {
          if (p === n) p = 0;
          set(nameOf(order[p] as number), st[p] as StatusRecord);
        }
      },
      (row) => {
        const p = order.indexOf(row);
        return p < 0 ? undefined : (st[p] as StatusRecord);
      },
    );
    for (const [s, c] of histogram) {
      const slot = this.slotOf(s);
      this.counts[slot] = (this.counts[slot] as number) + c;
    }
  }

  private pend(
    n: number,
    fill: (set: (name: string, st: StatusRecord) => void) => void,
    rowStatus: (row: number) => StatusRecord | undefined,
  ): void {
    this.materialize();
    this.pendingCount = n;
    this.pendingFill = fill;
    this.pendingRow = rowStatus;
    this.pendingLookups = 0;
  }

  /** [status, number of nodes] for each distinct status, in order of first occurrence. */
  histogram(): ReadonlyArray<readonly [StatusRecord, number]> {
    const out: [StatusRecord, number][] = [];
    for (let i = 0; i < this.distinct.length; i++)
      if ((this.counts[i] as number) > 0)
        out.push([this.distinct[i] as StatusRecord, this.counts[i] as number]);
    return out;
  }

  private slotOf(s: StatusRecord): number {
    const d = this.distinct;
    for (let i = d.length - 1; i >= 0; i--) if (d[i] === s) return i;
    d.push(s);
    this.counts.push(0);
    return d.length - 1;
  }

  private materialize(): void {
    const fill = this.pendingFill;
    if (fill === null) return;
    this.pendingFill = null;
    this.pendingRow = null;
    this.pendingCount = 0;
    fill((name, st) => super.set(name, st));
  }

  override set(name: string, st: StatusRecord): this {
    this.materialize();
    const old = super.get(name);
    if (old !== undefined) {
      const slot = this.slotOf(old);
      this.counts[slot] = (this.counts[slot] as number) - 1;
    }
    const slot = this.slotOf(st);
    this.counts[slot] = (this.counts[slot] as number) + 1;
    return super.set(name, st);
  }

  override get(name: string): StatusRecord | undefined {
    const rowStatus = this.pendingRow;
    if (rowStatus !== null && this.rowOf !== null && this.pendingLookups < MAX_PENDING_LOOKUPS) {
      this.pendingLookups++;
      // Pending entries are set after the Map's, so they win.
      const row = this.rowOf(name);
      const st = row < 0 ? undefined : rowStatus(row);
      return st ?? super.get(name);
    }
    this.materialize();
    return super.get(name);
  }
  override has(name: string): boolean {
    this.materialize();
    return super.has(name);
  }
  override delete(name: string): boolean {
    this.materialize();
    const old = super.get(name);
    if (old !== undefined) {
      const slot = this.slotOf(old);
      this.counts[slot] = (this.counts[slot] as number) - 1;
    }
    return super.delete(name);
  }
  override clear(): void {
    this.pendingFill = null;
    this.pendingRow = null;
    this.pendingCount = 0;
    this.distinct.length = 0;
    this.counts.length = 0;
    super.clear();
  }
  override get size(): number {
    return super.size + this.pendingCount;
  }
  override forEach(
    fn: (v: StatusRecord, k: string, m: Map<string, StatusRecord>) => void,
    self?: unknown,
  ): void {
    this.materialize();
    super.forEach(fn, self);
  }
  override entries(): MapIterator<[string, StatusRecord]> {
    this.materialize();
    return super.entries();
  }
  override keys(): MapIterator<string> {
    this.materialize();
    return super.keys();
  }
  override values(): MapIterator<StatusRecord> {
    this.materialize();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[string, StatusRecord]> {
    return this.entries();
  }
}

/** [status, nodes] per distinct status of a status map (kept by NodeStatuses, else counted). */
export function statusHistogram(statuses: NodeStatusMap): ReadonlyArray<readonly [StatusRecord, number]> {
  if (statuses instanceof NodeStatuses) return statuses.histogram();
  const counts = new Map<StatusRecord, number>();
  for (const st of statuses.values()) counts.set(st, (counts.get(st) ?? 0) + 1);
  return [...counts];
}
