// One scheduling decision (pkg/scheduler/schedule_one.go schedulePod, findNodesThatFitPod,
// findNodesThatPassFilters, prioritizeNodes, selectHost), deterministic (scheduler.md §1.3, §9): filter
// sequentially from the rotating start index and stop at the k-th feasible node; a nominated node that
// fits is taken alone; exactly one feasible node skips scoring; ties at the top total are broken by
// seeded reservoir sampling (or "first" in feasible order). Pure over the cache: nothing is written.
//
// Representation: nodes travel as NodeBatch lists of node idx (rows of the cache's NodeTable), not as
// NodeInfo objects. Filters run plugin by plugin over a chunk of the rotating order (each node keeps the
// first failure in profile order, as node by node); outside explain, score plugins with a scoreInto form
// add their normalized, weighted scores straight into the totals. Framework.plainPaths selects the
// node-by-node reference forms, which the equivalence tests compare against.

import type { Rng } from '../engine/rng.js';
import type { Pod } from '../model/types.js';
import type { NodeInfo } from './cache.js';
import { FailureMemo, failedSearch, rotatedHistogram, shapeKeyOf } from './failure-memo.js';
import {
  Code,
  CycleState,
  MaxNodeScore,
  type NodeBatch,
  type ScorePlugin,
  type Status,
  type StatusRecord,
  status,
} from './framework.js';
import { NodeStatuses, statusHistogram } from './node-statuses.js';
import type { Framework } from './runtime.js';

export const minFeasibleNodesToFind = 100;
export const minFeasibleNodesPercentageToFind = 5;
export const NoNodeAvailableMsg = 'no nodes available to schedule pods';

/** numFeasibleNodesToFind: all below 100 nodes, else an adaptive (or configured) share, at least 100. */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let pct = percentage;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < minFeasibleNodesPercentageToFind) pct = minFeasibleNodesPercentageToFind;
  }
  const k = Math.trunc((numAllNodes * pct) / 100);
  return k < minFeasibleNodesToFind ? minFeasibleNodesToFind : k;
}

export interface CycleOptions {
  /** Profile value, else the global one; 0 = adaptive. */
  readonly percentage: number;
  readonly startIndex: number;
  readonly tieBreak: 'random' | 'first';
  readonly rng: Rng;
  /** explain: filter every node and score every feasible node (even one). */
  readonly explain?: boolean;
  /** explain --all-nodes: also score nodes that failed a filter, normalizing over all of them. */
  readonly scoreAllNodes?: boolean;
  /**
   * The pod's previous attempt found no node: go straight to the full search, which builds the
   * statuses a failed cycle reads, instead of a pruned search that would be redone when nothing fits.
   * Both searches give the same feasible list and count, so this changes cost only.
   */
  readonly likelyUnschedulable?: boolean;
}

export interface ScoreTable {
  /** Nodes in scoring order; rows of raw/normalized are per score plugin (indexes into fw.scorePlugins). */
  readonly nodes: readonly NodeInfo[];
  readonly plugins: readonly number[];
  readonly raw: readonly Float64Array[];
  readonly normalized: readonly Float64Array[];
  readonly totals: Float64Array;
  /** Plugins skipped in PreScore. */
  readonly skipped: readonly string[];
}

export interface CycleResult {
  readonly state: CycleState;
  readonly selected: NodeInfo | null;
  readonly feasibleCount: number;
  /** The feasible nodes in feasible order: filled in explain mode only (empty otherwise). */
  readonly feasible: readonly NodeInfo[];
  /** Filter failures by node name (every node when PreFilter failed), built when read (node-statuses.ts). */
  readonly statuses: NodeStatuses;
  readonly numAllNodes: number;
  /** Nodes run through Filter (cost model) and scored. */
  readonly evaluated: number;
  readonly scoredNodes: number;
  /** Feasible + failed nodes of the rotating search (advances the start index). */
  readonly processed: number;
  readonly preFilterStatus: StatusRecord | null;
  readonly error: StatusRecord | null;
  readonly scores: ScoreTable | null;
}

/** A growable list of node idx (a NodeBatch); the cycle's scratch lists are reused from cycle to cycle. */
export class IdxList implements NodeBatch {
  constructor(
    public idx: Int32Array = new Int32Array(256),
    public n = 0,
  ) {}
  /**
   * A batch over existing idx values (never pushed to). Every batch the cycle hands to plugins is an
   * IdxList, so their loops see one object shape.
   */
  static view(idx: Int32Array, n: number): IdxList {
    return new IdxList(idx, n);
  }
  push(v: number): void {
    if (this.n === this.idx.length) {
      const b = new Int32Array(this.idx.length * 2);
      b.set(this.idx);
      this.idx = b;
    }
    this.idx[this.n++] = v;
  }
}

const feasibleScratch = new IdxList();

/**
 * The nodes a filter search rejected, as (node idx, status) pairs in search order. They become the
 * cycle's statuses map (node name -> status) only when something reads it: a failed cycle (FitError
 * message, PostFilter, the rejecting plugins) or explain. A successful cycle on a cluster of mostly
 * full nodes rejects thousands of nodes, and nothing reads their statuses.
 */
export class FailedNodes {
  readonly idx = new IdxList();
  private readonly st: Status[] = [];

  clear(): void {
    this.idx.n = 0;
  }

  /** The statuses, in push order (entries past idx.n are stale). */
  get statuses(): readonly StatusRecord[] {
    return this.st as StatusRecord[];
  }

  push(idx: number, st: Status): void {
    this.st[this.idx.n] = st;
    this.idx.push(idx);
  }

  /** Appends the pairs to `statuses` in search order (after any PreFilter-absent nodes already there). */
  flushInto(fw: Framework, statuses: NodeStatuses): void {
    const cache = fw.cache;
    statuses.adopt(this.idx.idx, this.st as StatusRecord[], this.idx.n, (idx) => cache.infoAt(idx).name);
    this.clear();
  }
}

const failedScratch = new FailedNodes();

const failureMemos = new WeakMap<Framework, FailureMemo>();
function failureMemoOf(fw: Framework): FailureMemo {
  let m = failureMemos.get(fw);
  if (m === undefined) {
    m = new FailureMemo(fw.cache.table);
    failureMemos.set(fw, m);
  }
  return m;
}

type Draft = { -readonly [K in keyof CycleResult]: CycleResult[K] };

/** The cycle's result with every field at its default (one object shape; the cycle fills it in). */
function draft(state: CycleState, statuses: NodeStatuses, numAllNodes: number): Draft {
  return {
    state,
    statuses,
    numAllNodes,
    selected: null,
    feasibleCount: 0,
    feasible: [],
    evaluated: 0,
    scoredNodes: 0,
    processed: 0,
    preFilterStatus: null,
    error: null,
    scores: null,
  };
}

export function schedulePod(fw: Framework, pod: Pod, opts: CycleOptions): CycleResult {
  const state = new CycleState();
  const cache = fw.cache;
  const all = cache.nodes;
  const statuses = new NodeStatuses((name) => cache.get(name)?.node.idx ?? -1);
  const numAll = all.length;
  const r = draft(state, statuses, numAll);
  if (numAll === 0) {
    r.preFilterStatus = status(Code.UnschedulableAndUnresolvable, '', NoNodeAvailableMsg);
    return r;
  }
  const pre = fw.runPreFilter(state, pod, all);
  if (pre.status !== null) {
    for (const ni of all) statuses.set(ni.name, pre.status);
    const error = pre.status.code === Code.Error ? pre.status : null;
    r.preFilterStatus = pre.status;
    r.error = error;
    return r;
  }
  let candidates: NodeBatch = IdxList.view(cache.nodeOrder, numAll);
  if (pre.nodeNames !== null) {
    const kept = new IdxList();
    const absent = notInPreFilterResult(pre.plugins ?? []);
    for (const ni of all) {
      if (pre.nodeNames.has(ni.name)) kept.push(ni.node.idx);
      else statuses.set(ni.name, absent);
    }
    candidates = kept;
  }

  // A node nominated by an earlier preemption is tried first and taken alone if it fits.
  const nominated =
    !opts.explain && pod.nominatedNodeName !== null ? cache.get(pod.nominatedNodeName) : undefined;
  if (nominated !== undefined && (pre.nodeNames === null || pre.nodeNames.has(nominated.name))) {
    if (fw.runFilterWithNominated(state, pod, nominated) === null) {
      r.selected = nominated;
      r.feasibleCount = 1;
      r.evaluated = 1;
      return r;
    }
  }

  const n = candidates.n;
  const start = n === 0 ? 0 : opts.startIndex % n;
  // The nodes where Filter counts nominated pods (the others are filtered as without nominations).
  const nominatedRows = fw.plainPaths ? null : fw.nominatedRows(pod);
  // A shape whose last search over these nodes found none, with nothing changed since (failure-memo.ts).
  const memoKey = pre.nodeNames === null && !opts.explain && !fw.plainPaths && n > 0 ? shapeKeyOf(pod) : null;
  const memo = memoKey === null ? null : failureMemoOf(fw);
  const nominations = memoKey === null ? 0 : fw.nominationsVersion(pod);
  if (memoKey !== null && memo !== null) {
    const hit = memo.lookup(memoKey, candidates.idx, nominations);
    if (hit !== null) {
      const cache = fw.cache;
      statuses.adoptRotated(
        hit.order,
        hit.statuses,
        start,
        rotatedHistogram(hit, start),
        (idx) => cache.infoAt(idx).name,
      );
      r.evaluated = n;
      r.processed = n;
      return r;
    }
  }
  let k = opts.explain ? n : numFeasibleNodesToFind(opts.percentage, n);
  if (!fw.hasScorePlugins && !opts.explain) k = Math.min(k, 1);
  const scratch = opts.explain ? new IdxList() : feasibleScratch;
  scratch.n = 0;
  const failed = opts.explain ? new FailedNodes() : failedScratch;
  failed.clear();
  const search = fw.plainPaths ? searchSequential : searchBatched;
  const pruned =
    search === searchBatched && !opts.explain && opts.likelyUnschedulable !== true
      ? searchPruned(fw, state, pod, candidates, start, k, scratch, nominatedRows)
      : null;
  const { processed, error, feasible } =
    pruned ?? search(fw, state, pod, candidates, start, k, scratch, failed, nominatedRows);
  r.evaluated = processed;
  r.processed = processed;
  if (opts.explain) r.feasible = infosOf(fw, feasible);
  if (memoKey !== null && memo !== null && error === null && feasible.n === 0 && failed.idx.n === n)
    memo.record(memoKey, failedSearch(candidates.idx, failed.statuses, start), nominations);
  // Statuses are read by failed cycles and explain only (see FailedNodes).
  if (error !== null || feasible.n === 0 || opts.explain) failed.flushInto(fw, statuses);
  if (error !== null) {
    r.error = error;
    return r;
  }
  r.feasibleCount = feasible.n;
  if (feasible.n === 0 && !opts.scoreAllNodes) return r;
  if (feasible.n === 1 && !opts.explain) {
    r.selected = cache.infoAt(feasible.idx[0] as number);
    return r;
  }

  const toScore = opts.scoreAllNodes ? candidates : feasible;
  const record = opts.explain === true;
  const scored = prioritize(fw, state, pod, toScore, record);
  r.scoredNodes = toScore.n;
  // A pruned search built no statuses: the full one rebuilds them for a cycle that fails after all.
  const statusesOf = () => {
    if (pruned !== null)
      searchBatched(fw, state, pod, candidates, start, k, new IdxList(), failed, nominatedRows);
    failed.flushInto(fw, statuses);
  };
  if (scored.error !== null) {
    statusesOf();
    r.error = scored.error;
    return r;
  }
  let eligible: number[] | null = null;
  if (opts.scoreAllNodes) {
    eligible = [];
    for (let i = 0; i < toScore.n; i++)
      eligible.push(statuses.has(cache.infoAt(toScore.idx[i] as number).name) ? -1 : i);
  }
  const best = selectHostIndex(scored.totals, toScore.n, opts.tieBreak, opts.rng, eligible);
  r.selected = best < 0 ? null : cache.infoAt(toScore.idx[best] as number);
  if (r.selected === null) statusesOf();
  if (scored.table !== null) r.scores = { ...scored.table, nodes: infosOf(fw, toScore) };
  return r;
}

function infosOf(fw: Framework, nodes: NodeBatch): NodeInfo[] {
  const out: NodeInfo[] = [];
  for (let i = 0, end = nodes.n; i < end; i++) out.push(fw.cache.infoAt(nodes.idx[i] as number));
  return out;
}

type Search = (
  fw: Framework,
  state: CycleState,
  pod: Pod,
  candidates: NodeBatch,
  start: number,
  k: number,
  scratch: IdxList,
  failed: FailedNodes,
  /** Rows where Filter counts nominated pods (Framework.nominatedRows); null: none. */
  nominated?: Uint8Array | null,
) => SearchResult;

interface SearchResult {
  readonly processed: number;
  readonly error: StatusRecord | null;
  /** The feasible nodes in feasible order (`scratch`, or a view of the candidates when all passed). */
  readonly feasible: NodeBatch;
}

/**
 * findNodesThatPassFilters, node by node from the start index (with nominated pods counted wherever
 * the nominator has some: the reference form, which ignores `nominated`).
 */
export const searchSequential: Search = (fw, state, pod, candidates, start, k, feasible, failed) => {
  const n = candidates.n;
  let processed = 0;
  for (let i = 0; i < n; i++) {
    const idx = candidates.idx[(start + i) % n] as number;
    const ni = fw.cache.infoAt(idx);
    processed++;
    const st = fw.runFilterWithNominated(state, pod, ni);
    if (st === null) {
      feasible.push(idx);
      if (feasible.n >= k) break;
    } else if (st.code === Code.Error) {
      return { processed, error: st, feasible };
    } else failed.push(idx, st);
  }
  return { processed, error: null, feasible };
};

const chunkStatus: Status[] = [];
const MIN_CHUNK = 16;

/**
 * Candidates [from, from + size) in rotating order as one batch: a view when the range does not wrap,
 * else a rotated copy, kept while the same rotation is asked for again (at percentageOfNodesToScore 100
 * every cycle processes all nodes, so the start index, and the rotation, stays the same).
 */
const rotation: { src: Int32Array; from: number; size: number; list: IdxList } = {
  src: new Int32Array(0),
  from: -1,
  size: -1,
  list: new IdxList(),
};
function chunkOf(cand: Int32Array, n: number, from: number, size: number): NodeBatch {
  if (from + size <= n) return IdxList.view(cand.subarray(from, from + size), size);
  const r = rotation;
  if (r.src !== cand || r.from !== from || r.size !== size) {
    r.src = cand;
    r.from = from;
    r.size = size;
    const list = r.list;
    list.n = 0;
    for (let j = 0, i = from; j < size; j++, i++) list.push(cand[i < n ? i : i - n] as number);
  }
  return r.list;
}

/**
 * The same search in chunks (filters plugin by plugin over a chunk); results past the k-th feasible node
 * are discarded, so statuses, the feasible list and the processed count equal the sequential search's.
 * When a single chunk settles the search and every node in it passed, the chunk itself is the feasible
 * list (no copy).
 */
export const searchBatched: Search = (
  fw,
  state,
  pod,
  candidates,
  start,
  k,
  feasible,
  failed,
  nominated = null,
) => {
  const n = candidates.n;
  const cand = candidates.idx;
  let processed = 0;
  let next = 0;
  while (next < n && feasible.n < k) {
    const size = Math.min(n - next, Math.max(k - feasible.n, MIN_CHUNK));
    const chunk = chunkOf(cand, n, (start + next) % n, size);
    next += size;
    fw.runFilterBatchWithNominated(state, pod, chunk, chunkStatus, nominated);
    const take = Math.min(size, k - feasible.n);
    let j = 0;
    while (j < take && chunkStatus[j] === null) j++;
    if (j === take && feasible.n === 0 && (take === k || next === n)) {
      const all = take === chunk.n ? chunk : IdxList.view(chunk.idx, take);
      return { processed: processed + take, error: null, feasible: all };
    }
    for (let i = 0; i < j; i++) feasible.push(chunk.idx[i] as number);
    processed += j;
    if (feasible.n >= k) break;
    for (; j < size; j++) {
      const st = chunkStatus[j] as Status;
      processed++;
      if (st === null) {
        feasible.push(chunk.idx[j] as number);
        if (feasible.n >= k) break;
      } else if (st.code === Code.Error) {
        return { processed, error: st, feasible };
      } else failed.push(chunk.idx[j] as number, st);
    }
  }
  return { processed, error: null, feasible };
};

const prunedRows = new IdxList();
let prunedOffsets = new Int32Array(256);

/**
 * The batched search's feasible list and processed count without visiting the nodes a filter surely
 * rejects (FilterPlugin.surelyRejects; NodeResourcesFit marks the nodes without room). The other nodes,
 * in rotating order, go through every filter in chunks as in searchBatched, so the feasible list is
 * the same; processed is the rotating offset of the k-th feasible node plus one, or every candidate when
 * fewer than k are feasible, as the full search counts. The skipped nodes' statuses are not built, so
 * when no node is feasible (a failed cycle reads them) the full search runs instead: null. Also null
 * when no filter can prune, or on an Error status (no in-tree Filter returns one; the full search
 * reports it where a node-by-node search would). Nodes where nominated pods count stay rejected with
 * them added (a surely rejecting filter only rejects more with more pods on the node), and the others
 * are filtered as in searchBatched.
 */
function searchPruned(
  fw: Framework,
  state: CycleState,
  pod: Pod,
  candidates: NodeBatch,
  start: number,
  k: number,
  feasible: IdxList,
  nominated: Uint8Array | null,
): SearchResult | null {
  const rejects = fw.surelyRejected(state, pod);
  if (rejects === null) return null;
  const n = candidates.n;
  const cand = candidates.idx;
  const rows = prunedRows;
  if (prunedOffsets.length < n) prunedOffsets = new Int32Array(Math.max(n, prunedOffsets.length * 2));
  const offsets = prunedOffsets;
  // The rows not surely rejected are gathered chunk by chunk (the chunk sizes of a search over the
  // whole list), so a search that finds its k-th feasible node early stops reading the rotation there.
  let i = 0;
  let p = start;
  let kthOffset = -1;
  while (i < n && kthOffset < 0) {
    const want = Math.max(k - feasible.n, MIN_CHUNK);
    rows.n = 0;
    for (; i < n && rows.n < want; i++, p++) {
      if (p === n) p = 0;
      const row = cand[p] as number;
      if (rejects[row] !== 0) continue;
      offsets[rows.n] = i;
      rows.push(row);
    }
    const size = rows.n;
    if (size === 0) break;
    const chunk = IdxList.view(rows.idx.subarray(0, size), size);
    fw.runFilterBatchWithNominated(state, pod, chunk, chunkStatus, nominated);
    for (let j = 0; j < size; j++) {
      const st = chunkStatus[j] as Status;
      if (st === null) {
        feasible.push(chunk.idx[j] as number);
        if (feasible.n >= k) {
          kthOffset = offsets[j] as number;
          break;
        }
      } else if (st.code === Code.Error) {
        feasible.n = 0;
        return null;
      }
    }
  }
  if (feasible.n === 0) return null;
  return { processed: kthOffset >= 0 ? kthOffset + 1 : n, error: null, feasible };
}

// schedule_one.go findNodesThatFitPod: nodes a PreFilterResult leaves out get
// "node(s) didn't satisfy plugin(s) [A B]" (the plugins that returned node names, sorted).
const absentStatuses = new Map<string, StatusRecord>();
function notInPreFilterResult(plugins: readonly string[]): StatusRecord {
  const key = plugins.join(' ');
  let st = absentStatuses.get(key);
  if (st === undefined) {
    st = status(Code.UnschedulableAndUnresolvable, '', `node(s) didn't satisfy plugin(s) [${key}]`);
    absentStatuses.set(key, st);
  }
  return st;
}

interface Prioritized {
  readonly totals: Float64Array;
  readonly error: StatusRecord | null;
  readonly table: Omit<ScoreTable, 'nodes'> | null;
}

const active: number[] = [];

/** prioritizeNodes: weighted sum of normalized scores; every node scores 1 without score plugins. */
function prioritize(
  fw: Framework,
  state: CycleState,
  pod: Pod,
  nodes: NodeBatch,
  record: boolean,
): Prioritized {
  const n = nodes.n;
  const totals = record ? new Float64Array(n) : fw.buffer(0, n);
  if (!fw.hasScorePlugins) {
    totals.fill(1, 0, n);
    return { totals, error: null, table: null };
  }
  totals.fill(0, 0, n);
  const err = fw.runPreScore(state, pod, nodes, active);
  if (err !== null) return { totals, error: err, table: null };
  const raws: Float64Array[] = [];
  const norms: Float64Array[] = [];
  for (const idx of active) {
    const w = fw.scoreWeights[idx] as number;
    const plugin = fw.scorePlugins[idx] as ScorePlugin;
    if (!record && !fw.plainPaths && plugin.scoreInto) {
      const st = plugin.scoreInto(state, pod, nodes, w, totals);
      if (st !== null) return { totals, error: st, table: null };
      continue;
    }
    const r = record ? new Float64Array(n) : null;
    const s = record ? new Float64Array(n) : fw.buffer(1, n);
    const st = fw.runScorePlugin(idx, state, pod, nodes, r, s);
    if (st !== null) return { totals, error: st, table: null };
    for (let i = 0; i < n; i++) {
      const v = s[i] as number;
      if (!(v >= 0 && v <= MaxNodeScore)) return { totals, error: fw.invalidScore(idx, v), table: null };
      totals[i] = (totals[i] as number) + v * w;
    }
    if (r !== null) {
      raws.push(r);
      norms.push(s);
    }
  }
  const table = record
    ? { plugins: [...active], raw: raws, normalized: norms, totals, skipped: [...state.skipScore] }
    : null;
  return { totals, error: null, table };
}

/**
 * selectHost over totals[0..n): the highest total; among ties each later tied node replaces the choice
 * with probability 1/count (reservoir sampling), or the first in feasible order with tieBreak "first".
 * `eligible[i] < 0` excludes node i (explain --all-nodes scores infeasible nodes but never selects them).
 * Returns the position of the chosen node, -1 for none.
 */
export function selectHostIndex(
  totals: Float64Array,
  n: number,
  tieBreak: 'random' | 'first',
  rng: Rng,
  eligible: readonly number[] | null = null,
): number {
  let best = -1;
  let max = Number.NEGATIVE_INFINITY;
  let count = 0;
  const random = tieBreak === 'random';
  for (let i = 0; i < n; i++) {
    if (eligible !== null && (eligible[i] as number) < 0) continue;
    const t = totals[i] as number;
    if (t > max) {
      max = t;
      best = i;
      count = 1;
    } else if (t === max) {
      count++;
      if (random && rng.intBelow(count) === 0) best = i;
    }
  }
  return best;
}

/** selectHost over a list of nodes (the same rule as selectHostIndex). */
export function selectHost(
  nodes: readonly NodeInfo[],
  totals: Float64Array,
  tieBreak: 'random' | 'first',
  rng: Rng,
  eligible: readonly number[] | null = null,
): NodeInfo | null {
  const best = selectHostIndex(totals, nodes.length, tieBreak, rng, eligible);
  return best < 0 ? null : (nodes[best] as NodeInfo);
}

/** FitError.Error(): "0/N nodes are available: <sorted reason histogram>." plus the PostFilter message. */
export function fitErrorMessage(r: CycleResult, postFilterMsg: string): string {
  let msg = `0/${r.numAllNodes} nodes are available:`;
  if (r.preFilterStatus !== null) {
    msg += ` ${r.preFilterStatus.reasons.join(', ')}.`;
  } else {
    const counts = new Map<string, number>();
    for (const [st, nodes] of statusHistogram(r.statuses))
      for (const reason of st.reasons) counts.set(reason, (counts.get(reason) ?? 0) + nodes);
    const parts = [...counts.entries()].map(([reason, c]) => `${c} ${reason}`).sort();
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}.`;
  return msg;
}
