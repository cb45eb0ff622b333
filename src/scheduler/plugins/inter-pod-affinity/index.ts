// InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity: filtering.go, scoring.go):
// Filter enforces the incoming pod's required affinity (unresolvable) and anti-affinity, and existing
// pods' required anti-affinity, by (topologyKey, value) counts built in PreFilter; Score sums, per
// topology pair, preferred term weights both ways and hardPodAffinityWeight for existing pods' required
// affinity, and NormalizeScore maps [min, max] onto [0, 100] (scheduler.md §4.11).

import { z } from 'zod';
import type { Pod } from '../../../model/types.js';
import { hasPodAffinity, hasRequiredAntiAffinity, type NodeInfo, type SchedulerCache } from '../../cache.js';
import {
  Code,
  type CycleState,
  type FilterPlugin,
  MaxNodeScore,
  type NodeBatch,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
  status,
} from '../../framework.js';
import type { NamespaceLabels } from '../../helpers/labels.js';
import { definePlugin } from '../types.js';
import { interPodAffinityEventsToRegister } from './hints.js';
import {
  bump,
  type Counts,
  copyCounts,
  countAt,
  PairCountMemos,
  podKey,
  type RowCounter,
  termsKey,
} from './pair-counts.js';
import {
  type AffinityTerm,
  affinityInfo,
  matchesAllTerms,
  type PodAffinityInfo,
  termMatches,
  type WeightedTerm,
} from './terms.js';

export const name = 'InterPodAffinity';
export const ErrReasonExistingAntiAffinityRulesNotMatch =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

export const argsSchema = z.strictObject({
  hardPodAffinityWeight: z.number().int().min(0).max(100).default(1),
  ignorePreferredTermsOfExistingPods: z.boolean().default(false),
});

const KEY_FILTER = `PreFilter${name}`;
const KEY_SCORE = `PreScore${name}`;

class FilterState implements StateData {
  /**
   * Whether the count maps may be shared (with a PairCounts memo or a clone): they are then copied
   * before the first AddPod / RemovePod changes them. Shared maps are valid for the cycle that read them.
   */
  private shared: boolean;
  constructor(
    readonly nsLabels: NamespaceLabels,
    readonly info: PodAffinityInfo,
    public existingAnti: Counts,
    public affinity: Counts,
    public anti: Counts,
    shared: boolean,
  ) {
    this.shared = shared;
  }
  /** Makes the count maps this state's own before a change. */
  own(): void {
    if (!this.shared) return;
    this.existingAnti = copyCounts(this.existingAnti);
    this.affinity = copyCounts(this.affinity);
    this.anti = copyCounts(this.anti);
    this.shared = false;
  }
  clone(): StateData {
    this.shared = true;
    return new FilterState(this.nsLabels, this.info, this.existingAnti, this.affinity, this.anti, true);
  }
}

class ScoreState implements StateData {
  /** Weights by topology key and value (and MATCHED); the memo's map, valid for this cycle. */
  constructor(readonly topologyScore: Counts) {}
  clone(): StateData {
    return this;
  }
}

/** Counts from one existing pod on a node into the filter state (PreFilter and AddPod/RemovePod). */
function countExisting(
  s: FilterState,
  pod: Pod,
  existing: Pod,
  labels: Readonly<Record<string, string>>,
  by: number,
) {
  s.own();
  countExistingAnti(s.existingAnti, pod, existing, labels, by, s.nsLabels);
  countIncomingAffinity(s.affinity, s.info.requiredAffinity, existing, labels, by, s.nsLabels);
  countIncomingAnti(s.anti, s.info.requiredAntiAffinity, existing, labels, by, s.nsLabels);
}

/** existing's required anti-affinity terms that match the incoming pod, at the domains of `labels`. */
function countExistingAnti(
  m: Counts,
  pod: Pod,
  existing: Pod,
  labels: Readonly<Record<string, string>>,
  by: number,
  nsLabels: NamespaceLabels,
): void {
  for (const t of affinityInfo(existing).requiredAntiAffinity) {
    const v = labels[t.topologyKey];
    if (v !== undefined && termMatches(t, pod, nsLabels)) bump(m, t.topologyKey, v, by);
  }
}

/** The incoming pod's required affinity terms, when existing matches them all. */
function countIncomingAffinity(
  m: Counts,
  terms: readonly AffinityTerm[],
  existing: Pod,
  labels: Readonly<Record<string, string>>,
  by: number,
  nsLabels: NamespaceLabels,
): void {
  if (!matchesAllTerms(terms, existing, nsLabels)) return;
  for (const t of terms) {
    const v = labels[t.topologyKey];
    if (v !== undefined) bump(m, t.topologyKey, v, by);
  }
}

/** The incoming pod's required anti-affinity terms that existing matches. */
function countIncomingAnti(
  m: Counts,
  terms: readonly AffinityTerm[],
  existing: Pod,
  labels: Readonly<Record<string, string>>,
  by: number,
  nsLabels: NamespaceLabels,
): void {
  for (const t of terms) {
    const v = labels[t.topologyKey];
    if (v !== undefined && termMatches(t, existing, nsLabels)) bump(m, t.topologyKey, v, by);
  }
}

/** One node's contribution to the existing pods' anti-affinity counts for pods shaped like `pod`. */
const existingAntiRow =
  (pod: Pod, nsLabels: NamespaceLabels): RowCounter =>
  (ni, out) => {
    for (const existing of ni.pods)
      if (hasRequiredAntiAffinity(existing))
        countExistingAnti(out, pod, existing, ni.node.labels, 1, nsLabels);
  };

const incomingRow =
  (
    terms: readonly AffinityTerm[],
    nsLabels: NamespaceLabels,
    count: typeof countIncomingAffinity,
  ): RowCounter =>
  (ni, out) => {
    for (const existing of ni.pods) count(out, terms, existing, ni.node.labels, 1, nsLabels);
  };

/** The three count maps by full recount (every pod with required anti-affinity; every node's pods). */
function fullCounts(
  cache: SchedulerCache,
  pod: Pod,
  info: PodAffinityInfo,
  nodes: readonly NodeInfo[],
  need: { existing: boolean; affinity: boolean; anti: boolean },
): [Counts, Counts, Counts] {
  const nsLabels = cache.namespaceLabels;
  const existingAnti: Counts = new Map();
  const affinity: Counts = new Map();
  const anti: Counts = new Map();
  if (need.existing)
    for (const existing of cache.podsWithRequiredAntiAffinity) {
      const ni = existing.assumedNode !== null ? cache.get(existing.assumedNode) : undefined;
      if (ni !== undefined) countExistingAnti(existingAnti, pod, existing, ni.node.labels, 1, nsLabels);
    }
  if (!need.affinity && !need.anti) return [existingAnti, affinity, anti];
  for (const ni of nodes) {
    const labels = ni.node.labels;
    for (const existing of ni.pods) {
      if (need.affinity)
        countIncomingAffinity(affinity, info.requiredAffinity, existing, labels, 1, nsLabels);
      if (need.anti) countIncomingAnti(anti, info.requiredAntiAffinity, existing, labels, 1, nsLabels);
    }
  }
  return [existingAnti, affinity, anti];
}

const EMPTY_COUNTS: Counts = new Map();

/**
 * The PreFilter state: the counts from the plugin's memos when `nodes` is the cache's own node list
 * (a scheduling cycle), by full recount otherwise (the cluster-autoscaler's snapshot) or for a shape
 * seen once. Either way the maps hold the same entries.
 */
function buildFilterState(
  cache: SchedulerCache,
  memos: { existing: PairCountMemos; affinity: PairCountMemos; anti: PairCountMemos },
  pod: Pod,
  nodes: readonly NodeInfo[],
): FilterState {
  const info = affinityInfo(pod);
  const nsLabels = cache.namespaceLabels;
  const useMemo = nodes === cache.nodes;
  const hasExisting = cache.podsWithRequiredAntiAffinity.size > 0;
  const hasAffinity = info.requiredAffinity.length > 0;
  const hasAnti = info.requiredAntiAffinity.length > 0;
  let existingAnti = hasExisting
    ? useMemo
      ? memos.existing.counts(cache, podKey(pod), existingAntiRow(pod, nsLabels))
      : null
    : EMPTY_COUNTS;
  let affinity = hasAffinity
    ? useMemo
      ? memos.affinity.counts(
          cache,
          termsKey(info.requiredAffinity),
          incomingRow(info.requiredAffinity, nsLabels, countIncomingAffinity),
        )
      : null
    : EMPTY_COUNTS;
  let anti = hasAnti
    ? useMemo
      ? memos.anti.counts(
          cache,
          termsKey(info.requiredAntiAffinity),
          incomingRow(info.requiredAntiAffinity, nsLabels, countIncomingAnti),
        )
      : null
    : EMPTY_COUNTS;
  if (existingAnti === null || affinity === null || anti === null) {
    const full = fullCounts(cache, pod, info, nodes, {
      existing: existingAnti === null,
      affinity: affinity === null,
      anti: anti === null,
    });
    existingAnti ??= full[0];
    affinity ??= full[1];
    anti ??= full[2];
  }
  // Shared: memo maps (and the empty map) are copied before AddPod / RemovePod change them.
  return new FilterState(nsLabels, info, existingAnti, affinity, anti, true);
}

function satisfyAffinity(s: FilterState, pod: Pod, labels: Readonly<Record<string, string>>): boolean {
  let podsExist = true;
  for (const t of s.info.requiredAffinity) {
    const v = labels[t.topologyKey];
    if (v === undefined) return false;
    if (countAt(s.affinity, t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself may go anywhere that has the keys.
  return s.affinity.size === 0 && matchesAllTerms(s.info.requiredAffinity, pod, s.nsLabels);
}

function satisfyAntiAffinity(s: FilterState, labels: Readonly<Record<string, string>>): boolean {
  if (s.anti.size === 0) return true;
  for (const t of s.info.requiredAntiAffinity) {
    const v = labels[t.topologyKey];
    if (v !== undefined && countAt(s.anti, t.topologyKey, v) > 0) return false;
  }
  return true;
}

/**
 * For simulations that place or remove pods outside the scheduler cache (the cluster-autoscaler's
 * snapshot): adds `by` for `existing`'s required anti-affinity terms that match `pod`, at the topology
 * domains of `labels`, to the PreFilter state's existing-pods counts, which PreFilter takes from the
 * cache only. No-op when PreFilter wrote no state (Skip).
 */
export function adjustExistingAntiAffinity(
  state: CycleState,
  pod: Pod,
  existing: Pod,
  labels: Readonly<Record<string, string>>,
  by: number,
): void {
  const s = state.read<FilterState>(KEY_FILTER);
  if (s === undefined) return;
  s.own();
  countExistingAnti(s.existingAnti, pod, existing, labels, by, s.nsLabels);
}

function satisfyExistingAntiAffinity(s: FilterState, labels: Readonly<Record<string, string>>): boolean {
  if (s.existingAnti.size === 0) return true;
  // Any pair of the node's labels with a count (the keys counted are few; a node has many labels).
  for (const [k, values] of s.existingAnti) {
    const v = labels[k];
    if (v !== undefined && (values.get(v) ?? 0) > 0) return false;
  }
  return true;
}

/**
 * The PreScore map's key for "some term matched at this topology key": upstream's topologyScore has an
 * entry per key and value as soon as a term matches, even when the weights sum to 0, and skips Score
 * when it is empty; Counts drops zero sums, so matches are counted apart under a key no label has.
 */
const MATCHED = '\0matched';

/** processTerm: each matching term's weight at the target node's domain of its key. */
function processTerms(
  m: Counts,
  terms: readonly (AffinityTerm & { weight?: number })[],
  weight: number | null,
  target: Pod,
  labels: Readonly<Record<string, string>>,
  mult: number,
  nsLabels: NamespaceLabels,
): void {
  for (const t of terms) {
    if (!termMatches(t, target, nsLabels)) continue;
    const v = labels[t.topologyKey];
    if (v === undefined) continue;
    bump(m, t.topologyKey, v, (weight ?? (t as WeightedTerm).weight) * mult);
    bump(m, MATCHED, t.topologyKey, 1);
  }
}

interface ScoreArgs {
  readonly hardPodAffinityWeight: number;
  readonly ignorePreferredTermsOfExistingPods: boolean;
}

/** One existing pod's share of the incoming pod's topology scores (scoring.go processExistingPod). */
function scoreExisting(
  m: Counts,
  args: ScoreArgs,
  pod: Pod,
  info: PodAffinityInfo,
  existing: Pod,
  labels: Readonly<Record<string, string>>,
  nsLabels: NamespaceLabels,
): void {
  processTerms(m, info.preferredAffinity, null, existing, labels, 1, nsLabels);
  processTerms(m, info.preferredAntiAffinity, null, existing, labels, -1, nsLabels);
  const ex = affinityInfo(existing);
  if (args.hardPodAffinityWeight > 0)
    processTerms(m, ex.requiredAffinity, args.hardPodAffinityWeight, pod, labels, 1, nsLabels);
  if (!args.ignorePreferredTermsOfExistingPods) {
    processTerms(m, ex.preferredAffinity, null, pod, labels, 1, nsLabels);
    processTerms(m, ex.preferredAntiAffinity, null, pod, labels, -1, nsLabels);
  }
}

/**
 * One node's share: every pod on it when the incoming pod has preferred terms, else only pods with
 * affinity terms (the others add nothing then, scoring.go's HavePodsWithAffinityList).
 */
const scoreRow =
  (args: ScoreArgs, pod: Pod, info: PodAffinityInfo, all: boolean, nsLabels: NamespaceLabels): RowCounter =>
  (ni, out) => {
    for (const existing of ni.pods)
      if (all || hasPodAffinity(existing))
        scoreExisting(out, args, pod, info, existing, ni.node.labels, nsLabels);
  };

export default definePlugin({
  name,
  points: ['preFilter', 'filter', 'preScore', 'score'],
  argsSchema,
  create(args, handle) {
    const cache = handle.cache;
    const memos = {
      existing: new PairCountMemos(),
      affinity: new PairCountMemos(),
      anti: new PairCountMemos(),
    };
    const scoreMemos = new PairCountMemos();
    const skip = status(Code.Skip, name);
    const affinityFail = status(Code.UnschedulableAndUnresolvable, name, ErrReasonAffinityRulesNotMatch);
    const antiFail = status(Code.Unschedulable, name, ErrReasonAntiAffinityRulesNotMatch);
    const existingFail = status(Code.Unschedulable, name, ErrReasonExistingAntiAffinityRulesNotMatch);
    const update = (state: CycleState, pod: Pod, other: Pod, ni: NodeInfo, by: number): Status => {
      const s = state.read<FilterState>(KEY_FILTER);
      if (s !== undefined) countExisting(s, pod, other, ni.node.labels, by);
      return null;
    };
    return {
      name,
      eventsToRegister: () => interPodAffinityEventsToRegister(handle.minorVersion),
      preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterResult {
        // Nothing to count (and Skip, as below) without existing required anti-affinity or own terms.
        const own = affinityInfo(pod);
        if (
          cache.podsWithRequiredAntiAffinity.size === 0 &&
          own.requiredAffinity.length === 0 &&
          own.requiredAntiAffinity.length === 0
        )
          return { status: skip };
        const s = buildFilterState(cache, memos, pod, nodes);
        if (
          s.existingAnti.size === 0 &&
          s.info.requiredAffinity.length === 0 &&
          s.info.requiredAntiAffinity.length === 0
        ) {
          return { status: skip };
        }
        state.write(KEY_FILTER, s);
        return { status: null };
      },
      addPod: (state: CycleState, pod: Pod, other: Pod, ni: NodeInfo) => update(state, pod, other, ni, 1),
      removePod: (state: CycleState, pod: Pod, other: Pod, ni: NodeInfo) => update(state, pod, other, ni, -1),
      filter(state: CycleState, pod: Pod, ni: NodeInfo): Status {
        const s = state.read<FilterState>(KEY_FILTER);
        if (s === undefined) return null;
        const labels = ni.node.labels;
        if (!satisfyAffinity(s, pod, labels)) return affinityFail;
        if (!satisfyAntiAffinity(s, labels)) return antiFail;
        if (!satisfyExistingAntiAffinity(s, labels)) return existingFail;
        return null;
      },
      preScore(state: CycleState, pod: Pod, nodes: NodeBatch): Status {
        if (nodes.n === 0) return null;
        const info = affinityInfo(pod);
        const hasConstraints = info.preferredAffinity.length > 0 || info.preferredAntiAffinity.length > 0;
        if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return skip;
        if (!hasConstraints && cache.podsWithAffinity.size === 0) return skip; // nothing would be counted
        const nsLabels = cache.namespaceLabels;
        // Memoised per incoming shape (its namespace, labels and preferred terms), as PreFilter's counts.
        const key = `${podKey(pod)}\u0004${termsKey(info.preferredAffinity)}\u0004${termsKey(info.preferredAntiAffinity)}`;
        let m = scoreMemos.counts(cache, key, scoreRow(args, pod, info, hasConstraints, nsLabels));
        if (m === null) {
          m = new Map();
          if (hasConstraints) {
            for (const ni of cache.nodes)
              for (const existing of ni.pods)
                scoreExisting(m, args, pod, info, existing, ni.node.labels, nsLabels);
          } else {
            for (const existing of cache.podsWithAffinity) {
              const ni = existing.assumedNode !== null ? cache.get(existing.assumedNode) : undefined;
              if (ni !== undefined) scoreExisting(m, args, pod, info, existing, ni.node.labels, nsLabels);
            }
          }
        }
        if (!m.has(MATCHED)) return skip;
        state.write(KEY_SCORE, new ScoreState(m));
        return null;
      },
      score(state: CycleState, _pod: Pod, ni: NodeInfo): number {
        const s = state.read<ScoreState>(KEY_SCORE);
        if (s === undefined) return 0;
        let score = 0;
        for (const [key, values] of s.topologyScore) {
          const v = ni.node.labels[key];
          if (v !== undefined) score += values.get(v) ?? 0;
        }
        return score;
      },
      normalize(state: CycleState, _p: Pod, nodes: NodeBatch, scores: Float64Array): Status {
        const n = nodes.n;
        const s = state.read<ScoreState>(KEY_SCORE);
        if (s === undefined || !s.topologyScore.has(MATCHED)) return null;
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < n; i++) {
          const v = scores[i] as number;
          if (v > max) max = v;
          if (v < min) min = v;
        }
        const diff = max - min;
        for (let i = 0; i < n; i++) {
          scores[i] = diff > 0 ? Math.trunc(MaxNodeScore * (((scores[i] as number) - min) / diff)) : 0;
        }
        return null;
      },
    } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
  },
});
