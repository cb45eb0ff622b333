// PodTopologySpread's PreFilter counts (filtering.go calPreFilterState: matching pods per topology pair
// over every eligible node) kept from cycle to cycle instead of recounted over every node's pods
// (issue 16, failure-path speed). In a failure-heavy run the same Deployment's pods fail one after
// another while the cluster barely changes; each attempt used to walk every node's pods. A memo per
// constraint shape (namespace, topology keys, selectors) keeps each node's contribution; on reuse only
// the rows the cache's NodeTable logged as changed are recounted (the same change log NodeMemo reads,
// the idea of upstream's NodeInfo.Generation that UpdateSnapshot compares, backend/cache/cache.go).
// The counts are the same sums as a full recount, so no decision changes.
//
// Only for constraints whose node inclusion depends on the node's labels alone (nodeTaintsPolicy Ignore,
// and nodeAffinityPolicy Honor with no required node affinity or nodeSelector, or Ignore): the pod's own
// affinity and tolerations then play no part, and node labels never change after registration.

import type { DomainIndex, SchedulerCache } from '../../cache.js';
import { isEmptyRequired, type RequiredNodeAffinity } from '../../helpers/node-affinity.js';
import { type Constraint, countOnNode, hasAllKeys, type SpreadSelector } from './constraints.js';

const MAX_MEMOS = 32;

/** Whether the constraints' counts can come from a memo (inclusion by node labels only). */
export function memoizable(constraints: readonly Constraint[], req: RequiredNodeAffinity): boolean {
  for (const c of constraints) {
    if (c.honorTaints) return false;
    if (c.honorAffinity && !isEmptyRequired(req)) return false;
  }
  return true;
}

function selectorKey(sel: SpreadSelector): string {
  return sel.kind === 'owner' ? `o:${sel.uid}` : `l:${JSON.stringify(sel.selector)}`;
}

const keys = new WeakMap<readonly Constraint[], { ns: string; key: string }>();

/** The memo key of a constraint list in a namespace: what the counts depend on (kept per list). */
export function shapeKey(ns: string, constraints: readonly Constraint[]): string {
  const known = keys.get(constraints);
  if (known !== undefined && known.ns === ns) return known.key;
  let key = ns;
  for (const c of constraints) key += `\u0002${c.topologyKey}\u0001${selectorKey(c.sel)}`;
  keys.set(constraints, { ns, key });
  return key;
}

/** Matching pods per domain of each constraint's key over the eligible nodes, kept up to date lazily. */
export class SpreadCounts {
  private epoch = -1;
  private seen = 0;
  private size = 0;
  private domains: DomainIndex[] = [];
  /** Per node idx: 1 while the node's contribution is in the counts (live, with every key). */
  private counted = new Uint8Array(0);
  /** Per constraint, per node idx: matching pods on the node, and the domain id they count in. */
  private contrib: Int32Array[] = [];
  private domainOf: Int32Array[] = [];
  /** Per constraint, per domain id: matching pods, and eligible nodes (a domain exists when > 0). */
  private counts: Float64Array[] = [];
  private nodesIn: Float64Array[] = [];

  constructor(
    private readonly constraints: readonly Constraint[],
    private readonly ns: string,
  ) {}

  /**
   * Brings the counts up to date with the cache: the rows its NodeTable logged since the last refresh
   * (a pod charged, released or marked terminating, a node added or removed) are recounted; a new log
   * epoch or a grown table rebuilds from scratch.
   */
  refresh(cache: SchedulerCache): void {
    const t = cache.table;
    if (t.logEpoch !== this.epoch || t.size !== this.size) {
      this.rebuild(cache);
      return;
    }
    const log = t.changeLog;
    for (let k = this.seen; k < t.changeCount; k++) this.recount(cache, log[k] as number);
    this.seen = t.changeCount;
  }

  private rebuild(cache: SchedulerCache): void {
    const t = cache.table;
    this.epoch = t.logEpoch;
    this.seen = t.changeCount;
    this.size = t.size;
    this.domains = this.constraints.map((c) => cache.domainIndex(c.topologyKey));
    this.counted = new Uint8Array(t.size);
    this.contrib = this.constraints.map(() => new Int32Array(t.size));
    this.domainOf = this.constraints.map(() => new Int32Array(t.size));
    this.counts = this.domains.map((d) => new Float64Array(d.values.length));
    this.nodesIn = this.domains.map((d) => new Float64Array(d.values.length));
    for (const ni of cache.nodes) this.recount(cache, ni.node.idx);
  }

  /** Takes row j's old contribution out and its current one in. */
  private recount(cache: SchedulerCache, j: number): void {
    const n = this.constraints.length;
    if (this.counted[j] === 1) {
      for (let i = 0; i < n; i++)
        this.add(
          i,
          (this.domainOf[i] as Int32Array)[j] as number,
          -((this.contrib[i] as Int32Array)[j] as number),
          -1,
        );
      this.counted[j] = 0;
    }
    if (cache.table.live[j] !== 1) return;
    const ni = cache.infoAt(j);
    if (!hasAllKeys(ni.node.labels, this.constraints)) return;
    for (let i = 0; i < n; i++) {
      const id = (this.domains[i] as DomainIndex).ids[j] as number;
      const cnt = countOnNode(ni, (this.constraints[i] as Constraint).sel, this.ns);
      (this.contrib[i] as Int32Array)[j] = cnt;
      (this.domainOf[i] as Int32Array)[j] = id;
      this.add(i, id, cnt, 1);
    }
    this.counted[j] = 1;
  }

  private add(i: number, id: number, pods: number, nodes: number): void {
    let counts = this.counts[i] as Float64Array;
    let nodesIn = this.nodesIn[i] as Float64Array;
    if (id >= counts.length) {
      const size = Math.max(id + 1, counts.length * 2);
      const c = new Float64Array(size);
      c.set(counts);
      const m = new Float64Array(size);
      m.set(nodesIn);
      this.counts[i] = counts = c;
      this.nodesIn[i] = nodesIn = m;
    }
    counts[id] = (counts[id] as number) + pods;
    nodesIn[id] = (nodesIn[id] as number) + nodes;
  }

  /**
   * The PreFilter state's pair counts: one entry per topology pair with an eligible node, the counts of
   * constraints on the same key added together (as the node-by-node count does).
   */
  pairCounts(pairKey: (key: string, value: string) => string): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = 0; i < this.constraints.length; i++) {
      const key = (this.constraints[i] as Constraint).topologyKey;
      const d = this.domains[i] as DomainIndex;
      const counts = this.counts[i] as Float64Array;
      const nodesIn = this.nodesIn[i] as Float64Array;
      for (let id = 0; id < nodesIn.length; id++) {
        if ((nodesIn[id] as number) === 0) continue;
        const k = pairKey(key, d.values[id] as string);
        out.set(k, (out.get(k) ?? 0) + (counts[id] as number));
      }
    }
    return out;
  }
}

/** The memos of one plugin instance, least recently used dropped first (at most MAX_MEMOS). */
export class SpreadCountMemos {
  private readonly memos = new Map<string, SpreadCounts>();

  /** Up-to-date counts for the constraints of a pod in `ns`. */
  counts(cache: SchedulerCache, ns: string, constraints: readonly Constraint[]): SpreadCounts {
    const key = shapeKey(ns, constraints);
    let memo = this.memos.get(key);
    if (memo === undefined) {
      memo = new SpreadCounts(constraints, ns);
      if (this.memos.size >= MAX_MEMOS) this.memos.delete(this.memos.keys().next().value as string);
    } else this.memos.delete(key);
    this.memos.set(key, memo);
    memo.refresh(cache);
    return memo;
  }
}
