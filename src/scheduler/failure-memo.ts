// Per pod shape, the last filter search that found no node, reused while nothing it read has changed
// (issue 16, failure-path speed). In a failure-heavy run one event requeues thousands of pods of one
// ReplicaSet, each attempt filters every node and finds none, and nothing changes between attempts: no
// pod binds, no node changes. A second attempt of the same shape then gets the same statuses without
// filtering: the search's node statuses are kept in node-tree order and replayed from the new start
// index (a failed search visits every node, so only the order rotates).
//
// What a filter reads, and what makes the memo stale:
// - the pod: its spec, namespace, controller owner and labels (the queue's pod shape: pods of one
//   ReplicaSet share one spec object); pods with volumes are not memoised (the storage objects they read
//   change without touching a node), nor nominated pods (their nominated node is tried first);
// - the nominated pods Filter counts for the pod (framework/runtime addGENominatedPods: other pods of
//   priority >= the pod's, and the shape fixes the priority): an entry also holds the nominator's
//   change counter for that priority (nominator.ts), so nominating or releasing a pod of priority >=
//   the shape's invalidates it, and nomination changes of lower-priority pods do not;
// - the nodes and the pods on them: every change the cache's NodeTable logs (a pod charged, released or
//   marked terminating, a node added, removed, tainted, cordoned) invalidates every memo, since some
//   filters (PodTopologySpread's skew, InterPodAffinity) read pods on other nodes than the one filtered.
// Upstream does not memoise a failed search; the result is the same as filtering again, so no decision
// changes (the fidelity hashes and bench/fidelity's outputs are unchanged).

import type { Pod, PodSpec } from '../model/types.js';
import type { StatusRecord } from './framework.js';
import type { NodeTable } from './node-table.js';
import { labelsKey } from './queue/scheduling-queue.js';

const MAX_ENTRIES = 32;

export interface FailedSearch {
  /** cache.nodeOrder when recorded (a new array after any node add or delete). */
  readonly order: Int32Array;
  /** Status of the node at each position of `order`. */
  readonly statuses: readonly StatusRecord[];
  /** Distinct statuses, with the sorted positions that hold each. */
  readonly distinct: readonly StatusRecord[];
  readonly positions: readonly Int32Array[];
}

interface Entry {
  readonly epoch: number;
  readonly changeCount: number;
  /** The nominator's change counter for the shape's priority (Framework.nominationsVersion). */
  readonly nominations: number;
  readonly search: FailedSearch;
}

let nextSpecId = 1;
const specIds = new WeakMap<PodSpec, number>();

/** The memo key of a pod, or null when its search must not be memoised. */
export function shapeKeyOf(pod: Pod): string | null {
  if (pod.spec.volumes.length > 0 || pod.nominatedNodeName !== null) return null;
  let id = specIds.get(pod.spec);
  if (id === undefined) {
    id = nextSpecId++;
    specIds.set(pod.spec, id);
  }
  return `${id}\u0000${pod.namespace}\u0000${pod.owner?.uid ?? ''}\u0000${labelsKey(pod.labels)}`;
}

/**
 * Builds the failed search from the statuses in search order: `st[i]` is the status of the node at
 * position (start + i) mod n of `order`.
 */
export function failedSearch(order: Int32Array, st: readonly StatusRecord[], start: number): FailedSearch {
  const n = order.length;
  const statuses = new Array<StatusRecord>(n);
  for (let i = 0, p = start; i < n; i++, p++) {
    if (p === n) p = 0;
    statuses[p] = st[i] as StatusRecord;
  }
  const distinct: StatusRecord[] = [];
  const lists: number[][] = [];
  let last: StatusRecord | null = null;
  let list: number[] = [];
  for (let p = 0; p < n; p++) {
    const s = statuses[p] as StatusRecord;
    if (s !== last) {
      last = s;
      let k = distinct.indexOf(s);
      if (k < 0) {
        k = distinct.length;
        distinct.push(s);
        lists.push([]);
      }
      list = lists[k] as number[];
    }
    list.push(p);
  }
  return { order, statuses, distinct, positions: lists.map((l) => Int32Array.from(l)) };
}

/**
 * The distinct statuses with their node counts, in order of first occurrence when the search starts at
 * `start` (the order a search from there would meet them).
 */
export function rotatedHistogram(s: FailedSearch, start: number): [StatusRecord, number][] {
  const n = s.order.length;
  const ranked = s.distinct.map((st, k) => {
    const pos = s.positions[k] as Int32Array;
    // The first position >= start, else the first one (the search wraps around).
    let lo = 0;
    let hi = pos.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pos[mid] as number) < start) lo = mid + 1;
      else hi = mid;
    }
    const first = lo < pos.length ? (pos[lo] as number) : (pos[0] as number);
    return { st, count: pos.length, rank: (first - start + n) % n };
  });
  ranked.sort((a, b) => a.rank - b.rank);
  return ranked.map((r) => [r.st, r.count]);
}

export class FailureMemo {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly table: NodeTable) {}

  /**
   * The shape's failed search if nothing has changed since it was recorded over this node order, with
   * the same nominations counter.
   */
  lookup(key: string, order: Int32Array, nominations = 0): FailedSearch | null {
    const e = this.entries.get(key);
    if (e === undefined) return null;
    const t = this.table;
    if (
      e.epoch !== t.logEpoch ||
      e.changeCount !== t.changeCount ||
      e.search.order !== order ||
      e.nominations !== nominations
    ) {
      this.entries.delete(key);
      return null;
    }
    return e.search;
  }

  record(key: string, search: FailedSearch, nominations = 0): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    const t = this.table;
    this.entries.set(key, { epoch: t.logEpoch, changeCount: t.changeCount, nominations, search });
  }
}
