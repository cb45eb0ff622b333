// InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity: filtering.go, scoring.go):
// Filter enforces the incoming pod's required affinity (unresolvable) and anti-affinity, and existing
// pods' required anti-affinity, by (topologyKey, value) counts built in PreFilter; Score sums, per
// topology pair, preferred term weights both ways and hardPodAffinityWeight for existing pods' required
// affinity, and NormalizeScore maps [min, max] onto [0, 100] (scheduler.md §4.11).

import { z } from 'zod';
import type { Pod } from '../../../model/types.js';
import type { NodeInfo, SchedulerCache } from '../../cache.js';
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
const pair = (k: string, v: string) => `${k}\0${v}`;

type Counts = Map<string, number>;

function bump(m: Counts, key: string, by: number): void {
  const v = (m.get(key) ?? 0) + by;
  if (v === 0) m.delete(key);
  else m.set(key, v);
}

class FilterState implements StateData {
  constructor(
    readonly nsLabels: NamespaceLabels,
    readonly info: PodAffinityInfo,
    readonly existingAnti: Counts,
    readonly affinity: Counts,
    readonly anti: Counts,
  ) {}
  clone(): StateData {
    return new FilterState(
      this.nsLabels,
      this.info,
      new Map(this.existingAnti),
      new Map(this.affinity),
      new Map(this.anti),
    );
  }
}

class ScoreState implements StateData {
  constructor(readonly topologyScore: Map<string, Map<string, number>>) {}
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
  for (const t of affinityInfo(existing).requiredAntiAffinity) {
    const v = labels[t.topologyKey];
    if (v !== undefined && termMatches(t, pod, s.nsLabels)) bump(s.existingAnti, pair(t.topologyKey, v), by);
  }
  if (matchesAllTerms(s.info.requiredAffinity, existing, s.nsLabels)) {
    for (const t of s.info.requiredAffinity) {
      const v = labels[t.topologyKey];
      if (v !== undefined) bump(s.affinity, pair(t.topologyKey, v), by);
    }
  }
  for (const t of s.info.requiredAntiAffinity) {
    const v = labels[t.topologyKey];
    if (v !== undefined && termMatches(t, existing, s.nsLabels)) bump(s.anti, pair(t.topologyKey, v), by);
  }
}

function buildFilterState(cache: SchedulerCache, pod: Pod, nodes: readonly NodeInfo[]): FilterState {
  const info = affinityInfo(pod);
  const s = new FilterState(cache.namespaceLabels, info, new Map(), new Map(), new Map());
  // Existing pods' required anti-affinity: only pods that have such terms.
  for (const existing of cache.podsWithRequiredAntiAffinity) {
    const ni = existing.assumedNode !== null ? cache.get(existing.assumedNode) : undefined;
    if (ni === undefined) continue;
    for (const t of affinityInfo(existing).requiredAntiAffinity) {
      const v = ni.node.labels[t.topologyKey];
      if (v !== undefined && termMatches(t, pod, cache.namespaceLabels))
        bump(s.existingAnti, pair(t.topologyKey, v), 1);
    }
  }
  if (info.requiredAffinity.length === 0 && info.requiredAntiAffinity.length === 0) return s;
  for (const ni of nodes) {
    const labels = ni.node.labels;
    for (const existing of ni.pods) {
      if (matchesAllTerms(info.requiredAffinity, existing, cache.namespaceLabels)) {
        for (const t of info.requiredAffinity) {
          const v = labels[t.topologyKey];
          if (v !== undefined) bump(s.affinity, pair(t.topologyKey, v), 1);
        }
      }
      for (const t of info.requiredAntiAffinity) {
        const v = labels[t.topologyKey];
        if (v !== undefined && termMatches(t, existing, cache.namespaceLabels))
          bump(s.anti, pair(t.topologyKey, v), 1);
      }
    }
  }
  return s;
}

function satisfyAffinity(s: FilterState, pod: Pod, labels: Readonly<Record<string, string>>): boolean {
  let podsExist = true;
  for (const t of s.info.requiredAffinity) {
    const v = labels[t.topologyKey];
    if (v === undefined) return false;
    if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself may go anywhere that has the keys.
  return s.affinity.size === 0 && matchesAllTerms(s.info.requiredAffinity, pod, s.nsLabels);
}

function satisfyAntiAffinity(s: FilterState, labels: Readonly<Record<string, string>>): boolean {
  if (s.anti.size === 0) return true;
  for (const t of s.info.requiredAntiAffinity) {
    const v = labels[t.topologyKey];
    if (v !== undefined && (s.anti.get(pair(t.topologyKey, v)) ?? 0) > 0) return false;
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
  for (const t of affinityInfo(existing).requiredAntiAffinity) {
    const v = labels[t.topologyKey];
    if (v !== undefined && termMatches(t, pod, s.nsLabels)) bump(s.existingAnti, pair(t.topologyKey, v), by);
  }
}

function satisfyExistingAntiAffinity(s: FilterState, labels: Readonly<Record<string, string>>): boolean {
  if (s.existingAnti.size === 0) return true;
  for (const k in labels) if ((s.existingAnti.get(pair(k, labels[k] as string)) ?? 0) > 0) return false;
  return true;
}

function processTerms(
  m: Map<string, Map<string, number>>,
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
    let inner = m.get(t.topologyKey);
    if (inner === undefined) {
      inner = new Map();
      m.set(t.topologyKey, inner);
    }
    inner.set(v, (inner.get(v) ?? 0) + (weight ?? (t as WeightedTerm).weight) * mult);
  }
}

export default definePlugin({
  name,
  points: ['preFilter', 'filter', 'preScore', 'score'],
  argsSchema,
  create(args, handle) {
    const cache = handle.cache;
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
        const s = buildFilterState(cache, pod, nodes);
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
        const m = new Map<string, Map<string, number>>();
        const visit = (existing: Pod, ni: NodeInfo) => {
          const labels = ni.node.labels;
          processTerms(m, info.preferredAffinity, null, existing, labels, 1, cache.namespaceLabels);
          processTerms(m, info.preferredAntiAffinity, null, existing, labels, -1, cache.namespaceLabels);
          const ex = affinityInfo(existing);
          if (args.hardPodAffinityWeight > 0)
            processTerms(
              m,
              ex.requiredAffinity,
              args.hardPodAffinityWeight,
              pod,
              labels,
              1,
              cache.namespaceLabels,
            );
          if (!args.ignorePreferredTermsOfExistingPods) {
            processTerms(m, ex.preferredAffinity, null, pod, labels, 1, cache.namespaceLabels);
            processTerms(m, ex.preferredAntiAffinity, null, pod, labels, -1, cache.namespaceLabels);
          }
        };
        if (hasConstraints) {
          for (const ni of cache.nodes) for (const existing of ni.pods) visit(existing, ni);
        } else {
          for (const existing of cache.podsWithAffinity) {
            const ni = existing.assumedNode !== null ? cache.get(existing.assumedNode) : undefined;
            if (ni !== undefined) visit(existing, ni);
          }
        }
        if (m.size === 0) return skip;
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
        if (s === undefined || s.topologyScore.size === 0) return null;
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
