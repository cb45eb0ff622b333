// InterPodAffinity's PreFilter counts (filtering.go getExistingAntiAffinityCounts and
// getIncomingAffinityAntiAffinityCounts: pods per (topologyKey, value) pair over every node) kept from
// cycle to cycle instead of recounted over every pod (issue 16, failure-path speed). Pods of one
// Deployment leave the queue one after another with the same labels and terms while a cycle changes a
// node or two; a full count walks every pod on every node (or every pod with required anti-affinity),
// so a run of N such pods cost O(N x pods). A memo per count shape keeps each node's contribution and,
// on reuse, recounts only the rows the cache's NodeTable logged as changed (a pod charged, released or
// marked terminating, a node added or removed: the idea of upstream's NodeInfo.Generation that the
// snapshot update compares, backend/cache/cache.go UpdateSnapshot). The sums equal a full recount, so
// no decision changes.
//
// What a count reads besides the rows: pod labels, node labels and namespace labels, none of which
// change once the object exists (a pod or node with new labels is a new object, whose row is logged).
// Node inclusion is every live node, as upstream's allNodes.

import type { Pod } from '../../../model/types.js';
import type { NodeInfo, SchedulerCache } from '../../cache.js';
import type { Selector } from '../../helpers/labels.js';
import type { AffinityTerm } from './terms.js';

/**
 * Pods per topology pair, by topology key then value; only non-zero counts are kept and a key without
 * any is dropped, so `size === 0` means "no pair counted" (upstream's empty topologyToMatchedTermCount).
 * Nested by key so that Filter reads a node's pair without building a pair string per node.
 */
export type Counts = Map<string, Map<string, number>>;

export function bump(m: Counts, key: string, value: string, by: number): void {
  let inner = m.get(key);
  if (inner === undefined) {
    if (by === 0) return;
    inner = new Map();
    m.set(key, inner);
  }
  const v = (inner.get(value) ?? 0) + by;
  if (v !== 0) inner.set(value, v);
  else if (inner.delete(value) && inner.size === 0) m.delete(key);
}

/** The count at (key, value), 0 when none. */
export function countAt(m: Counts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

/** A private copy (a cycle's state before AddPod / RemovePod change it). */
export function copyCounts(m: Counts): Counts {
  const out: Counts = new Map();
  for (const [k, inner] of m) out.set(k, new Map(inner));
  return out;
}

/** Adds every count of `from`, times `sign`, to `m`. */
function addAll(m: Counts, from: Counts, sign: number): void {
  for (const [k, inner] of from) for (const [v, n] of inner) bump(m, k, v, sign * n);
}

/** Adds one node's contribution (pairs of its own labels) to `out`. */
export type RowCounter = (ni: NodeInfo, out: Counts) => void;

const MAX_MEMOS = 32;

/** Pair counts over every live node, kept up to date from the NodeTable's change log. */
export class PairCounts {
  private epoch = -1;
  private seen = 0;
  private size = 0;
  /** Per node idx: the pairs the node contributes (undefined for none). */
  private rows: (Counts | undefined)[] = [];
  /** The sums over rows (only non-zero entries). Read-only for callers; valid until the next refresh. */
  counts: Counts = new Map();

  constructor(private readonly countRow: RowCounter) {}

  /** Recounts the rows logged since the last refresh (rebuilds on a new log epoch or a grown table). */
  refresh(cache: SchedulerCache): Counts {
    const t = cache.table;
    if (t.logEpoch !== this.epoch || t.size !== this.size) {
      this.epoch = t.logEpoch;
      this.seen = t.changeCount;
      this.size = t.size;
      this.rows = new Array(t.size);
      this.counts = new Map();
      for (const ni of cache.nodes) this.recount(cache, ni.node.idx);
      return this.counts;
    }
    const log = t.changeLog;
    for (let k = this.seen; k < t.changeCount; k++) this.recount(cache, log[k] as number);
    this.seen = t.changeCount;
    return this.counts;
  }

  /** Takes row j's old contribution out and its current one in. */
  private recount(cache: SchedulerCache, j: number): void {
    const old = this.rows[j];
    if (old !== undefined) {
      addAll(this.counts, old, -1);
      this.rows[j] = undefined;
    }
    if (cache.table.live[j] !== 1) return;
    const row: Counts = new Map();
    this.countRow(cache.infoAt(j), row);
    if (row.size === 0) return;
    this.rows[j] = row;
    addAll(this.counts, row, 1);
  }
}

/**
 * The memos of one plugin instance by shape key, least recently used dropped first. A key is memoised
 * from its second request on, while it is among the last MAX_MEMOS keys that were not (pods that all
 * differ, e.g. a StatefulSet's pods with their own pod-name label, keep the direct count instead of
 * rebuilding a memo per pod; a few Deployments whose pods alternate in the queue each get one).
 */
export class PairCountMemos {
  private readonly memos = new Map<string, PairCounts>();
  private readonly misses = new Set<string>();

  /** Up-to-date counts for `key`, or null when the caller should count directly. */
  counts(cache: SchedulerCache, key: string, countRow: RowCounter): Counts | null {
    let memo = this.memos.get(key);
    if (memo === undefined) {
      if (!this.misses.delete(key)) {
        if (this.misses.size >= MAX_MEMOS) this.misses.delete(this.misses.values().next().value as string);
        this.misses.add(key);
        return null;
      }
      memo = new PairCounts(countRow);
      if (this.memos.size >= MAX_MEMOS) this.memos.delete(this.memos.keys().next().value as string);
    } else this.memos.delete(key);
    this.memos.set(key, memo);
    return memo.refresh(cache);
  }
}

const selectorKey = (s: Selector | null) => (s === null ? '-' : JSON.stringify(s));

const termKeys = new WeakMap<readonly AffinityTerm[], string>();

/** What counting against a term list depends on: each term's selectors, namespaces, key (and weight). */
export function termsKey(terms: readonly AffinityTerm[]): string {
  let key = termKeys.get(terms);
  if (key !== undefined) return key;
  key = '';
  for (const t of terms)
    key += `${t.topologyKey}\u0001${selectorKey(t.selector)}\u0001${[...t.namespaces].sort().join('\u0003')}\u0001${selectorKey(t.nsSelector)}\u0001${(t as { weight?: number }).weight ?? ''}\u0002`;
  termKeys.set(terms, key);
  return key;
}

/** What matching a pod against other pods' terms depends on: its namespace and labels. */
export function podKey(pod: Pod): string {
  const ks = Object.keys(pod.labels).sort();
  let key = pod.namespace;
  for (const k of ks) key += `\u0001${k}\u0002${pod.labels[k]}`;
  return key;
}
