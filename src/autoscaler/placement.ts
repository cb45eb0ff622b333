// Placing a run of equivalent pods in the snapshot, first fit over the acceptable nodes (the
// simulator's SchedulePodOnAnyNodeMatching; upstream walks its snapshot's node list from the last node
// used, in the snapshot store's order, which is a Go map's: kubesim walks positions in order). For an
// unconstrained class the k pods a node still takes are computed at once, which places exactly what
// k one-by-one placements of identical pods would.

import type { Pod } from '../model/types.js';
import type { PredicateChecker, Prepared, VerdictMemo } from './predicates.js';

export interface PlaceResult {
  /** How many of the pods were placed (always a prefix of the run). */
  readonly placed: number;
  /** Positions that received pods, with counts, in order. */
  readonly at: ReadonlyArray<readonly [pos: number, count: number]>;
}

export interface PlaceRun {
  readonly classKey: string;
  readonly prepared: Prepared;
  /** The pods, in order (unconstrained runs may leave them out and give `count`). */
  readonly pods: readonly Pod[];
  /** Pods in the run when `pods` is not given in full (unconstrained runs only). */
  readonly count?: number;
  /** Place pods[first ..] (default 0) and at most `limit` of them (default all). */
  readonly first?: number;
  readonly limit?: number;
}

/** Positions [from, to) that `acceptable` allows, in order. */
export function positionsIn(
  from: number,
  to: number,
  acceptable: ((pos: number) => boolean) | null,
): number[] {
  const out: number[] = [];
  for (let pos = from; pos < to; pos++) if (acceptable === null || acceptable(pos)) out.push(pos);
  return out;
}

/**
 * Places pods of the run, in order, on positions [from, to) that `acceptable` allows, stopping at the
 * first pod that fits nowhere (equivalent pods after it would not fit either).
 */
export function placeRun(
  checker: PredicateChecker,
  memo: VerdictMemo,
  run: PlaceRun,
  from: number,
  to: number,
  acceptable: ((pos: number) => boolean) | null,
): PlaceResult {
  return placeRunAt(checker, memo, run, { length: to - from, at: (i) => from + i }, acceptable);
}

/** An order of positions to try. */
export interface PositionOrder {
  readonly length: number;
  at(i: number): number;
}

export function listOrder(list: readonly number[]): PositionOrder {
  return { length: list.length, at: (i) => list[i] as number };
}

/** placeRun over positions in the given order. */
export function placeRunAt(
  checker: PredicateChecker,
  memo: VerdictMemo,
  run: PlaceRun,
  order: PositionOrder,
  acceptable: ((pos: number) => boolean) | null,
): PlaceResult {
  const p = run.prepared;
  const at: [number, number][] = [];
  const first = run.first ?? 0;
  const total = Math.min((run.count ?? run.pods.length) - first, run.limit ?? Number.POSITIVE_INFINITY);
  if (p.state === null || total <= 0) return { placed: 0, at };
  const snap = checker.snapshot;
  const req = p.pod.requests;
  if (!p.constrained) {
    let left = total;
    for (let i = 0; i < order.length && left > 0; i++) {
      const pos = order.at(i);
      if (acceptable !== null && !acceptable(pos)) continue;
      const k = snap.fitCount(pos, req, checker.ignored);
      if (k === 0 || !memo.passes(run.classKey, p, pos)) continue;
      const take = Math.min(k, left);
      snap.charge(pos, req, take);
      at.push([pos, take]);
      left -= take;
    }
    return { placed: total - left, at };
  }
  // Constrained pods: PreFilter per pod over the snapshot as it is (upstream runs the framework's
  // PreFilter for every simulated pod), so nodes added and pods placed since are counted.
  let placed = 0;
  for (let j = first; j < first + total; j++) {
    const pod = run.pods[j] as Pod;
    const pp = checker.prepare(pod);
    if (pp === null || pp.state === null) break;
    let found = -1;
    for (let i = 0; i < order.length; i++) {
      const pos = order.at(i);
      if (acceptable !== null && !acceptable(pos)) continue;
      if (checker.fits(pp, pos)) {
        found = pos;
        break;
      }
    }
    if (found < 0) break;
    checker.place(pp, pod, found);
    const last = at[at.length - 1];
    if (last !== undefined && last[0] === found) last[1]++;
    else at.push([found, 1]);
    placed++;
  }
  return { placed, at };
}

/**
 * Per placement class, the positions where one more pod of the class fitted when the class was first
 * asked about, in order. Valid while room only shrinks, as within one scale-down simulation pass:
 * placements take room; the only node that gains room is the candidate whose pods are being moved, and
 * it is never a destination for them (nor later, once removed). A superset of where a pod fits now, so
 * a first fit over it finds what a scan of every position would, without visiting full nodes.
 */
export class RoomIndex {
  private readonly lists = new Map<string, number[]>();

  constructor(
    private readonly checker: PredicateChecker,
    private readonly memo: VerdictMemo,
  ) {}

  order(run: PlaceRun): PositionOrder {
    let list = this.lists.get(run.classKey);
    if (list === undefined) {
      list = [];
      const snap = this.checker.snapshot;
      const req = run.prepared.pod.requests;
      for (let pos = 0; pos < snap.size; pos++)
        if (
          snap.fitCount(pos, req, this.checker.ignored) > 0 &&
          this.memo.passes(run.classKey, run.prepared, pos)
        )
          list.push(pos);
      this.lists.set(run.classKey, list);
    }
    return listOrder(list);
  }
}
