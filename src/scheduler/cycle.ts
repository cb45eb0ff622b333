// One scheduling decision (pkg/scheduler/schedule_one.go schedulePod, findNodesThatFitPod,
// findNodesThatPassFilters, prioritizeNodes, selectHost), deterministic (scheduler.md §1.3, §9): filter
// sequentially from the rotating start index and stop at the k-th feasible node; a nominated node that
// fits is taken alone; exactly one feasible node skips scoring; ties at the top total are broken by
// seeded reservoir sampling (or "first" in feasible order). Pure over the cache: nothing is written.

import type { Rng } from '../engine/rng.js';
import type { Pod } from '../model/types.js';
import type { NodeInfo } from './cache.js';
import { Code, CycleState, type Status, type StatusRecord, status } from './framework.js';
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
  readonly feasible: readonly NodeInfo[];
  /** Filter failures by node name (every node when PreFilter failed). */
  readonly statuses: Map<string, StatusRecord>;
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

export function schedulePod(fw: Framework, pod: Pod, opts: CycleOptions): CycleResult {
  const state = new CycleState();
  const all = fw.cache.nodes;
  const statuses = new Map<string, StatusRecord>();
  const base = { state, statuses, numAllNodes: all.length, scores: null };
  if (all.length === 0) {
    const st = status(Code.UnschedulableAndUnresolvable, '', NoNodeAvailableMsg);
    return {
      ...base,
      selected: null,
      feasible: [],
      evaluated: 0,
      scoredNodes: 0,
      processed: 0,
      preFilterStatus: st,
      error: null,
    };
  }
  const pre = fw.runPreFilter(state, pod, all);
  if (pre.status !== null) {
    for (const ni of all) statuses.set(ni.name, pre.status);
    const error = pre.status.code === Code.Error ? pre.status : null;
    return {
      ...base,
      selected: null,
      feasible: [],
      evaluated: 0,
      scoredNodes: 0,
      processed: 0,
      preFilterStatus: pre.status,
      error,
    };
  }
  const candidates = pre.nodeNames === null ? all : all.filter((ni) => pre.nodeNames?.has(ni.name));
  for (const ni of all)
    if (pre.nodeNames !== null && !pre.nodeNames.has(ni.name)) statuses.set(ni.name, notInPreFilterResult);

  // A node nominated by an earlier preemption is tried first and taken alone if it fits.
  const nominated =
    !opts.explain && pod.nominatedNodeName !== null ? fw.cache.get(pod.nominatedNodeName) : undefined;
  if (nominated !== undefined && (pre.nodeNames === null || pre.nodeNames.has(nominated.name))) {
    if (fw.runFilterWithNominated(state, pod, nominated) === null) {
      return {
        ...base,
        selected: nominated,
        feasible: [nominated],
        evaluated: 1,
        scoredNodes: 0,
        processed: 0,
        preFilterStatus: null,
        error: null,
      };
    }
  }

  const n = candidates.length;
  let k = opts.explain ? n : numFeasibleNodesToFind(opts.percentage, n);
  if (!fw.hasScorePlugins && !opts.explain) k = Math.min(k, 1);
  const feasible: NodeInfo[] = [];
  const start = n === 0 ? 0 : opts.startIndex % n;
  const search = fw.anyNominated ? searchSequential : searchBatched;
  const { processed, error } = search(fw, state, pod, candidates, start, k, feasible, statuses);
  if (error !== null) {
    return {
      ...base,
      selected: null,
      feasible: [],
      evaluated: processed,
      scoredNodes: 0,
      processed,
      preFilterStatus: null,
      error,
    };
  }
  const result = { ...base, feasible, evaluated: processed, processed, preFilterStatus: null };
  if (feasible.length === 0 && !opts.scoreAllNodes)
    return { ...result, selected: null, scoredNodes: 0, error: null };
  if (feasible.length === 1 && !opts.explain)
    return { ...result, selected: feasible[0] as NodeInfo, scoredNodes: 0, error: null };

  const toScore = opts.scoreAllNodes ? candidates : feasible;
  const scored = prioritize(fw, state, pod, toScore, opts.explain === true);
  if (scored.error !== null)
    return { ...result, selected: null, scoredNodes: toScore.length, error: scored.error };
  const pickFrom = opts.scoreAllNodes ? toScore.map((ni, i) => (statuses.has(ni.name) ? -1 : i)) : null;
  const selected = selectHost(toScore, scored.totals, opts.tieBreak, opts.rng, pickFrom);
  return { ...result, selected, scoredNodes: toScore.length, error: null, scores: scored.table };
}

type Search = (
  fw: Framework,
  state: CycleState,
  pod: Pod,
  candidates: readonly NodeInfo[],
  start: number,
  k: number,
  feasible: NodeInfo[],
  statuses: Map<string, StatusRecord>,
) => { processed: number; error: StatusRecord | null };

/** findNodesThatPassFilters, node by node from the start index (with nominated pods counted). */
export const searchSequential: Search = (fw, state, pod, candidates, start, k, feasible, statuses) => {
  const n = candidates.length;
  let processed = 0;
  for (let i = 0; i < n; i++) {
    const ni = candidates[(start + i) % n] as NodeInfo;
    processed++;
    const st = fw.runFilterWithNominated(state, pod, ni);
    if (st === null) {
      feasible.push(ni);
      if (feasible.length >= k) break;
    } else if (st.code === Code.Error) {
      return { processed, error: st };
    } else statuses.set(ni.name, st);
  }
  return { processed, error: null };
};

const chunk: NodeInfo[] = [];
const chunkStatus: Status[] = [];
const MIN_CHUNK = 16;

/**
 * The same search in chunks (filters plugin by plugin over a chunk); results past the k-th feasible node
 * are discarded, so statuses, the feasible list and the processed count equal the sequential search's.
 */
export const searchBatched: Search = (fw, state, pod, candidates, start, k, feasible, statuses) => {
  const n = candidates.length;
  let processed = 0;
  let next = 0;
  while (next < n && feasible.length < k) {
    const size = Math.min(n - next, Math.max(k - feasible.length, MIN_CHUNK));
    for (let j = 0; j < size; j++) chunk[j] = candidates[(start + next + j) % n] as NodeInfo;
    next += size;
    fw.runFilterBatch(state, pod, chunk, size, chunkStatus);
    for (let j = 0; j < size; j++) {
      const ni = chunk[j] as NodeInfo;
      const st = chunkStatus[j] as Status;
      processed++;
      if (st === null) {
        feasible.push(ni);
        if (feasible.length >= k) break;
      } else if (st.code === Code.Error) {
        return { processed, error: st };
      } else statuses.set(ni.name, st);
    }
  }
  return { processed, error: null };
};

const notInPreFilterResult = status(
  Code.UnschedulableAndUnresolvable,
  '',
  "node(s) didn't satisfy plugin(s) [NodeAffinity]",
);

interface Prioritized {
  readonly totals: Float64Array;
  readonly error: StatusRecord | null;
  readonly table: ScoreTable | null;
}

const active: number[] = [];

/** prioritizeNodes: weighted sum of normalized scores; every node scores 1 without score plugins. */
function prioritize(
  fw: Framework,
  state: CycleState,
  pod: Pod,
  nodes: readonly NodeInfo[],
  record: boolean,
): Prioritized {
  const n = nodes.length;
  const totals = record ? new Float64Array(n) : fw.buffer(0, n);
  totals.fill(0, 0, n);
  if (!fw.hasScorePlugins) {
    totals.fill(1, 0, n);
    return { totals, error: null, table: null };
  }
  const err = fw.runPreScore(state, pod, nodes, active);
  if (err !== null) return { totals, error: err, table: null };
  const raws: Float64Array[] = [];
  const norms: Float64Array[] = [];
  const raw = record ? new Float64Array(0) : fw.buffer(1, n);
  const norm = record ? new Float64Array(0) : fw.buffer(2, n);
  for (const idx of active) {
    const r = record ? new Float64Array(n) : raw;
    const s = record ? new Float64Array(n) : norm;
    const st = fw.runScorePlugin(idx, state, pod, nodes, n, r, s);
    if (st !== null) return { totals, error: st, table: null };
    const w = fw.scoreWeights[idx] as number;
    for (let i = 0; i < n; i++) totals[i] = (totals[i] as number) + (s[i] as number) * w;
    if (record) {
      raws.push(r);
      norms.push(s);
    }
  }
  const table: ScoreTable | null = record
    ? { nodes, plugins: [...active], raw: raws, normalized: norms, totals, skipped: [...state.skipScore] }
    : null;
  return { totals, error: null, table };
}

/**
 * selectHost: the highest total; among ties each later tied node replaces the choice with probability
 * 1/count (reservoir sampling), or the first in feasible order with tieBreak "first". `eligible[i] < 0`
 * excludes node i (explain --all-nodes scores infeasible nodes but never selects them).
 */
export function selectHost(
  nodes: readonly NodeInfo[],
  totals: Float64Array,
  tieBreak: 'random' | 'first',
  rng: Rng,
  eligible: readonly number[] | null = null,
): NodeInfo | null {
  let best = -1;
  let max = Number.NEGATIVE_INFINITY;
  let count = 0;
  for (let i = 0; i < nodes.length; i++) {
    if (eligible !== null && (eligible[i] as number) < 0) continue;
    const t = totals[i] as number;
    if (t > max) {
      max = t;
      best = i;
      count = 1;
    } else if (t === max) {
      count++;
      if (tieBreak === 'random' && rng.intBelow(count) === 0) best = i;
    }
  }
  return best < 0 ? null : (nodes[best] as NodeInfo);
}

/** FitError.Error(): "0/N nodes are available: <sorted reason histogram>." plus the PostFilter message. */
export function fitErrorMessage(r: CycleResult, postFilterMsg: string): string {
  let msg = `0/${r.numAllNodes} nodes are available:`;
  if (r.preFilterStatus !== null) {
    msg += ` ${r.preFilterStatus.reasons.join(', ')}.`;
  } else {
    const counts = new Map<string, number>();
    for (const st of r.statuses.values())
      for (const reason of st.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    const parts = [...counts.entries()].map(([reason, c]) => `${c} ${reason}`).sort();
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}.`;
  return msg;
}
