// PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread: filtering.go, scoring.go):
// Filter enforces the DoNotSchedule constraints (skew = domain count + self match - global minimum, with
// minDomains), Score prefers nodes whose domains hold fewer matching pods for the ScheduleAnyway
// constraints or the system defaults, weighted by ln(#domains + 2) (scheduler.md §4.10).

import { z } from 'zod';
import { LabelHostname, type Pod } from '../../../model/types.js';
import { controllerUid, type DomainIndex, type NodeInfo, type SchedulerCache } from '../../cache.js';
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
import {
  isEmptyRequired,
  type RequiredNodeAffinity,
  requiredNodeAffinity,
} from '../../helpers/node-affinity.js';
import { mulDiv } from '../../helpers/scores.js';
import { definePlugin } from '../types.js';
import {
  type Constraint,
  countOnNode,
  type DefaultConstraint,
  defaultConstraints,
  hasAllKeys,
  matchInclusionPolicies,
  podConstraintsOf,
  SYSTEM_DEFAULT_CONSTRAINTS,
  selectorMatches,
} from './constraints.js';
import { memoizable, SpreadCountMemos } from './filter-counts.js';
import { spreadEventsToRegister } from './hints.js';

export const name = 'PodTopologySpread';
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = `${ErrReasonConstraintsNotMatch} (missing required label)`;

const KEY_FILTER = `PreFilter${name}`;
const KEY_SCORE = `PreScore${name}`;
const MAX_INT32 = 2147483647;

export const argsSchema = z
  .strictObject({
    defaultConstraints: z
      .array(
        z.strictObject({
          maxSkew: z.number().int().min(1),
          topologyKey: z.string().min(1),
          whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
        }),
      )
      .optional(),
    defaultingType: z.enum(['System', 'List']).default('System'),
  })
  .refine((a) => !(a.defaultingType === 'System' && (a.defaultConstraints?.length ?? 0) > 0), {
    error: 'defaultConstraints must be empty when defaultingType is System',
    path: ['defaultConstraints'],
  });

const pairKey = (key: string, value: string) => `${key}\0${value}`;

class FilterState implements StateData {
  private minCache: Map<string, number> | null = null;
  constructor(
    readonly constraints: readonly Constraint[],
    readonly pairCounts: Map<string, number>,
    readonly domainsNum: Map<string, number>,
  ) {}
  clone(): StateData {
    return new FilterState(this.constraints, new Map(this.pairCounts), this.domainsNum);
  }
  /** Global minimum of matching pods over the key's domains (criticalPaths[0]). */
  minMatch(key: string): number {
    if (this.minCache === null) {
      this.minCache = new Map();
      for (const [pair, n] of this.pairCounts) {
        const k = pair.slice(0, pair.indexOf('\0'));
        const cur = this.minCache.get(k);
        if (cur === undefined || n < cur) this.minCache.set(k, n);
      }
    }
    return this.minCache.get(key) ?? MAX_INT32;
  }
  update(pair: string, delta: number): void {
    this.pairCounts.set(pair, (this.pairCounts.get(pair) ?? 0) + delta);
    this.minCache = null;
    this.verdictCache = null;
  }
  private verdictCache: Uint8Array[] | null = null;
  /**
   * Per constraint, per domain id of its key's DomainIndex: 1 where Filter's skew check rejects a node
   * of that domain (the same test as filter, once per domain instead of once per node).
   */
  verdicts(domains: readonly DomainIndex[], pod: Pod): Uint8Array[] {
    if (this.verdictCache !== null) return this.verdictCache;
    this.verdictCache = this.constraints.map((c, i) => {
      const d = domains[i] as DomainIndex;
      const out = new Uint8Array(d.values.length);
      const domainsNum = this.domainsNum.get(c.topologyKey) ?? 0;
      const minMatch = domainsNum < c.minDomains ? 0 : this.minMatch(c.topologyKey);
      const self = selectorMatches(c.sel, pod) ? 1 : 0;
      for (let id = 0; id < out.length; id++) {
        const matchNum = this.pairCounts.get(pairKey(c.topologyKey, d.values[id] as string)) ?? 0;
        out[id] = matchNum + self - minMatch > c.maxSkew ? 1 : 0;
      }
      return out;
    });
    return this.verdictCache;
  }
}

/** Matching pods per topology pair over the nodes that pass the inclusion policies (calPreFilterState). */
function countPairs(
  nodes: readonly NodeInfo[],
  constraints: readonly Constraint[],
  pod: Pod,
  req: RequiredNodeAffinity,
): Map<string, number> {
  const pairCounts = new Map<string, number>();
  for (const ni of nodes) {
    if (!hasAllKeys(ni.node.labels, constraints)) continue;
    for (const c of constraints) {
      if (!matchInclusionPolicies(c, pod, ni, req)) continue;
      const k = pairKey(c.topologyKey, ni.node.labels[c.topologyKey] as string);
      pairCounts.set(k, (pairCounts.get(k) ?? 0) + countOnNode(ni, c.sel, pod.namespace));
    }
  }
  return pairCounts;
}

/** What the score path derives from a constraint list alone (kept while the same list comes back). */
interface ConstraintShape {
  readonly constraints: readonly Constraint[];
  /** Per constraint (null for hostname): the key's domain index. */
  readonly domains: readonly (DomainIndex | null)[];
  /** Per constraint: 1 for a hostname constraint. */
  readonly hostname: Uint8Array;
  /** Every hostname constraint selects by controller owner (the batch path reads sparse owner counts). */
  readonly ownerHostname: boolean;
}

function constraintShape(cache: SchedulerCache, constraints: readonly Constraint[]): ConstraintShape {
  return {
    constraints,
    domains: constraints.map((c) =>
      c.topologyKey === LabelHostname ? null : cache.domainIndex(c.topologyKey),
    ),
    hostname: Uint8Array.from(constraints.map((c) => (c.topologyKey === LabelHostname ? 1 : 0))),
    ownerHostname: constraints.every((c) => c.topologyKey !== LabelHostname || c.sel.kind === 'owner'),
  };
}

class ScoreState implements StateData {
  readonly constraints: readonly Constraint[];
  readonly domains: readonly (DomainIndex | null)[];
  readonly hostname: Uint8Array;
  readonly ownerHostname: boolean;
  constructor(
    shape: ConstraintShape,
    /** Feasible nodes (by idx) lacking a required topology key: they score 0. */
    readonly ignored: ReadonlySet<number>,
    /** Per constraint: matching pods per domain of its key (-1: not a feasible domain). */
    readonly domainCounts: readonly Float64Array[],
    readonly weights: Float64Array,
    /** Whether each node (by idx) has the hostname label. */
    readonly hostnamePresent: Uint8Array,
  ) {
    this.constraints = shape.constraints;
    this.domains = shape.domains;
    this.hostname = shape.hostname;
    this.ownerHostname = shape.ownerHostname;
  }
  clone(): StateData {
    return this;
  }
}

export default definePlugin({
  name,
  points: ['preFilter', 'filter', 'preScore', 'score'],
  argsSchema,
  create(args, handle) {
    const systemDefaulted = args.defaultingType === 'System';
    const defaults: readonly DefaultConstraint[] = systemDefaulted
      ? SYSTEM_DEFAULT_CONSTRAINTS
      : (args.defaultConstraints ?? []);
    for (const d of defaults)
      if (d.topologyKey !== LabelHostname) handle.cache.registerOwnerDomainKey(d.topologyKey);
    const skip = status(Code.Skip, name);
    const labelMissing = status(Code.UnschedulableAndUnresolvable, name, ErrReasonNodeLabelNotMatch);
    const notMatch = status(Code.Unschedulable, name, ErrReasonConstraintsNotMatch);
    // The default constraints depend only on the pod's controller (kind and uid): the last answer per
    // action is kept, since pods of one ReplicaSet come out of the queue one after another.
    const lastDefault = {
      DoNotSchedule: { uid: '', kind: '', constraints: [] as Constraint[] },
      ScheduleAnyway: { uid: '', kind: '', constraints: [] as Constraint[] },
    };
    let lastShape: ConstraintShape | null = null;
    const memos = new SpreadCountMemos();
    const constraintsOf = (pod: Pod, action: DefaultConstraint['whenUnsatisfiable']): Constraint[] => {
      if (pod.spec.topologySpreadConstraints.length > 0) return podConstraintsOf(pod, action);
      const uid = controllerUid(pod);
      const kind = pod.owner?.kind ?? '';
      const last = lastDefault[action];
      if (uid === null || uid !== last.uid || kind !== last.kind) {
        last.constraints = defaultConstraints(handle.cache.owners, pod, defaults, action);
        last.uid = uid ?? '';
        last.kind = kind;
      }
      return last.constraints;
    };

    const updateWithPod = (state: CycleState, pod: Pod, other: Pod, ni: NodeInfo, delta: number): Status => {
      const s = state.read<FilterState>(KEY_FILTER);
      if (s === undefined || other.namespace !== pod.namespace) return null;
      if (!hasAllKeys(ni.node.labels, s.constraints)) return null;
      const req = requiredNodeAffinity(pod);
      for (const c of s.constraints) {
        if (!matchInclusionPolicies(c, pod, ni, req) || !selectorMatches(c.sel, other)) continue;
        s.update(pairKey(c.topologyKey, ni.node.labels[c.topologyKey] as string), delta);
      }
      return null;
    };

    return {
      name,
      eventsToRegister: (hints: boolean) =>
        spreadEventsToRegister(hints, (p) => constraintsOf(p, 'DoNotSchedule')),
      preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterResult {
        const constraints = constraintsOf(pod, 'DoNotSchedule');
        if (constraints.length === 0) return { status: skip };
        const req = requiredNodeAffinity(pod);
        // Over the cache's nodes (the scheduling cycle's case), the counts come from a memo kept
        // across cycles (filter-counts.ts); other node lists (tests) count node by node.
        const pairCounts =
          nodes === handle.cache.nodes && memoizable(constraints, req)
            ? memos.counts(handle.cache, pod.namespace, constraints).pairCounts(pairKey)
            : countPairs(nodes, constraints, pod, req);
        const domainsNum = new Map<string, number>();
        for (const k of pairCounts.keys()) {
          const key = k.slice(0, k.indexOf('\0'));
          domainsNum.set(key, (domainsNum.get(key) ?? 0) + 1);
        }
        state.write(KEY_FILTER, new FilterState(constraints, pairCounts, domainsNum));
        return { status: null };
      },
      addPod: (state: CycleState, pod: Pod, other: Pod, ni: NodeInfo) =>
        updateWithPod(state, pod, other, ni, 1),
      removePod: (state: CycleState, pod: Pod, other: Pod, ni: NodeInfo) =>
        updateWithPod(state, pod, other, ni, -1),
      filter(state: CycleState, pod: Pod, ni: NodeInfo): Status {
        const s = state.read<FilterState>(KEY_FILTER);
        if (s === undefined || s.constraints.length === 0) return null;
        for (const c of s.constraints) {
          const value = ni.node.labels[c.topologyKey];
          if (value === undefined) return labelMissing;
          const domains = s.domainsNum.get(c.topologyKey) ?? 0;
          const minMatch = domains < c.minDomains ? 0 : s.minMatch(c.topologyKey);
          const self = selectorMatches(c.sel, pod) ? 1 : 0;
          const matchNum = s.pairCounts.get(pairKey(c.topologyKey, value)) ?? 0;
          if (matchNum + self - minMatch > c.maxSkew) return notMatch;
        }
        return null;
      },
      /** filter over a batch of live nodes: per node, its domain's precomputed verdict per constraint. */
      filterBatch(state: CycleState, pod: Pod, nodes: NodeBatch, out: Status[]): void {
        const s = state.read<FilterState>(KEY_FILTER);
        if (s === undefined || s.constraints.length === 0) return;
        const domains = s.constraints.map((c) => handle.cache.domainIndex(c.topologyKey));
        const verdicts = s.verdicts(domains, pod);
        const m = domains.length;
        const idxs = nodes.idx;
        for (let j = 0, end = nodes.n; j < end; j++) {
          if (out[j] !== null) continue;
          const idx = idxs[j] as number;
          for (let i = 0; i < m; i++) {
            const d = domains[i] as DomainIndex;
            if (d.present[idx] !== 1) {
              out[j] = labelMissing;
              break;
            }
            if ((verdicts[i] as Uint8Array)[d.ids[idx] as number] === 1) {
              out[j] = notMatch;
              break;
            }
          }
        }
      },
      preScore(state: CycleState, pod: Pod, filtered: NodeBatch): Status {
        const all = handle.cache.nodes;
        if (all.length === 0) return skip;
        const constraints = constraintsOf(pod, 'ScheduleAnyway');
        if (constraints.length === 0) return skip;
        const requireAll = pod.spec.topologySpreadConstraints.length > 0 || !systemDefaulted;
        if (lastShape === null || lastShape.constraints !== constraints)
          lastShape = constraintShape(handle.cache, constraints);
        const shape = lastShape;
        const domains = shape.domains;
        const { ignored, domainCounts, weights } = initScoreState(
          handle.cache,
          constraints,
          domains,
          filtered,
          requireAll,
        );
        countDomains(handle.cache, pod, constraints, domains, domainCounts, requireAll);
        const hostnamePresent = handle.cache.domainIndex(LabelHostname).present;
        state.write(KEY_SCORE, new ScoreState(shape, ignored, domainCounts, weights, hostnamePresent));
        return null;
      },
      score(state: CycleState, pod: Pod, ni: NodeInfo): number {
        const s = state.read<ScoreState>(KEY_SCORE);
        return s === undefined ? 0 : spreadScore(s, pod, ni);
      },
      scoreBatch(state: CycleState, pod: Pod, nodes: NodeBatch, out: Float64Array): void {
        const s = state.read<ScoreState>(KEY_SCORE);
        if (s === undefined) out.fill(0, 0, nodes.n);
        else if (s.ownerHostname) spreadScoreOwnerBatch(handle.cache, s, nodes, out);
        else
          for (let i = 0, end = nodes.n; i < end; i++)
            out[i] = spreadScore(s, pod, handle.cache.infoAt(nodes.idx[i] as number));
      },
      normalize(state: CycleState, _p: Pod, nodes: NodeBatch, scores: Float64Array): Status {
        const s = state.read<ScoreState>(KEY_SCORE);
        if (s === undefined) return null;
        normalizeSpread(s.ignored, nodes, scores);
        return null;
      },
      /**
       * Raw scores into a scratch row (the zone-then-hostname shape of the system defaults and the spread
       * preset in one pass), normalized and weighted into the totals.
       */
      scoreInto(state: CycleState, pod: Pod, nodes: NodeBatch, weight: number, totals: Float64Array): Status {
        const s = state.read<ScoreState>(KEY_SCORE);
        if (s === undefined) return null;
        const n = nodes.n;
        if (scratch.length < n) scratch = new Float64Array(n * 2);
        if (s.ownerHostname && isDomainThenHost(s)) {
          spreadScoreDomainHost(handle.cache, s, nodes, scratch, minMax);
        } else {
          if (s.ownerHostname) spreadScoreOwnerBatch(handle.cache, s, nodes, scratch);
          else
            for (let i = 0; i < n; i++)
              scratch[i] = spreadScore(s, pod, handle.cache.infoAt(nodes.idx[i] as number));
          spreadMinMax(s.ignored, nodes, scratch);
        }
        normalizeSpreadInto(s.ignored, nodes, scratch, weight, totals);
        return null;
      },
    } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
  },
});

/** Score: Round(sum over constraints whose key the node has of count * weight + maxSkew - 1). */
function spreadScore(s: ScoreState, pod: Pod, ni: NodeInfo): number {
  if (s.ignored.size > 0 && s.ignored.has(ni.node.idx)) return 0;
  let score = 0;
  const idx = ni.node.idx;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as Constraint;
    let cnt: number;
    if (s.hostname[i] === 1) {
      if (s.hostnamePresent[idx] !== 1) continue;
      cnt = countOnNode(ni, c.sel, pod.namespace);
    } else {
      const d = s.domains[i] as DomainIndex;
      if (d.present[idx] !== 1) continue;
      cnt = (s.domainCounts[i] as Float64Array)[d.ids[idx] as number] as number;
    }
    score += cnt * (s.weights[i] as number) + (c.maxSkew - 1);
  }
  return Math.round(score);
}

/** Dense scratch by node idx: the owner's pod count on each node, filled and cleared around one batch. */
let ownerCount = new Float64Array(0);
/** Map.forEach callbacks (no entry arrays or iterators allocated per node). */
const setOwnerCount = (cnt: number, idx: number): void => {
  ownerCount[idx] = cnt;
};
const clearOwnerCount = (_cnt: number, idx: number): void => {
  ownerCount[idx] = 0;
};
/**
 * The owner's pod count by node idx: the cache's incrementally kept dense array for an owner on many
 * nodes, else the scratch array filled from its few nodes (cleared again by releaseOwnerCounts).
 */
function ownerCounts(cache: SchedulerCache, owner: number): Float64Array {
  const size = cache.table.size;
  const dense = cache.ownerCountsDense(owner, size);
  if (dense !== null) return dense;
  if (ownerCount.length < size) ownerCount = new Float64Array(size);
  cache.nodesOfOwner(owner).forEach(setOwnerCount);
  return ownerCount;
}
function releaseOwnerCounts(cache: SchedulerCache, owner: number, oc: Float64Array): void {
  if (oc === ownerCount) cache.nodesOfOwner(owner).forEach(clearOwnerCount);
}
let scratch = new Float64Array(0);
let domainTerm = new Float64Array(0);

/**
 * spreadScore for a batch when hostname counts come from controller owners. Constraint by constraint
 * (the same float sums, in the same order, as spreadScore): a non-hostname constraint adds its domain's
 * term count * weight + maxSkew - 1, precomputed per domain; a hostname constraint adds the node's own
 * count * weight + maxSkew - 1, the count read from a dense per-node array that holds the owner's few
 * nodes for the duration of the call.
 */
function spreadScoreOwnerBatch(
  cache: SchedulerCache,
  s: ScoreState,
  nodes: NodeBatch,
  out: Float64Array,
): void {
  const n = nodes.n;
  const idxs = nodes.idx;
  out.fill(0, 0, n);
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as Constraint;
    const w = s.weights[i] as number;
    const skew = c.maxSkew - 1;
    if (s.hostname[i] === 1) {
      const host = s.hostnamePresent;
      const owner = (c.sel as { id: number }).id;
      const oc = ownerCounts(cache, owner);
      for (let j = 0; j < n; j++) {
        const idx = idxs[j] as number;
        if (host[idx] === 1) out[j] = (out[j] as number) + ((oc[idx] as number) * w + skew);
      }
      releaseOwnerCounts(cache, owner, oc);
    } else {
      const d = s.domains[i] as DomainIndex;
      const counts = s.domainCounts[i] as Float64Array;
      if (domainTerm.length < counts.length) domainTerm = new Float64Array(counts.length * 2);
      for (let v = 0; v < counts.length; v++) domainTerm[v] = (counts[v] as number) * w + skew;
      const present = d.present;
      const ids = d.ids;
      for (let j = 0; j < n; j++) {
        const idx = idxs[j] as number;
        if (present[idx] === 1) out[j] = (out[j] as number) + (domainTerm[ids[idx] as number] as number);
      }
    }
  }
  const ignored = s.ignored;
  if (ignored.size === 0) for (let j = 0; j < n; j++) out[j] = Math.round(out[j] as number);
  else for (let j = 0; j < n; j++) out[j] = ignored.has(idxs[j] as number) ? 0 : Math.round(out[j] as number);
}

/** Two constraints, a non-hostname key first and hostname second (the system default constraints). */
function isDomainThenHost(s: ScoreState): boolean {
  return s.constraints.length === 2 && s.hostname[0] === 0 && s.hostname[1] === 1;
}

let noOwnerRaw = new Float64Array(0);

/**
 * Per node idx: the domain id when the node has both the domain key and the hostname label (the case
 * with a precomputed score for nodes without the owner's pods), else -1. Rebuilt when either index
 * changes (nodes added).
 */
const slots = {
  d: null as DomainIndex | null,
  dv: -1,
  host: null as DomainIndex | null,
  hv: -1,
  slot: new Int32Array(0),
};
function fastSlots(d: DomainIndex, host: DomainIndex): Int32Array {
  if (slots.d !== d || slots.dv !== d.version || slots.host !== host || slots.hv !== host.version) {
    const size = Math.min(d.ids.length, host.present.length);
    const slot = new Int32Array(size);
    for (let i = 0; i < size; i++)
      slot[i] = d.present[i] === 1 && host.present[i] === 1 ? (d.ids[i] as number) : -1;
    slots.d = d;
    slots.dv = d.version;
    slots.host = host;
    slots.hv = host.version;
    slots.slot = slot;
  }
  return slots.slot;
}

/**
 * spreadScoreOwnerBatch for [domain constraint, hostname constraint] in one pass over the nodes: per node
 * round(0 + domain term + hostname term), each term added only where the node has the key: the same
 * float operations in the same order. Nodes holding none of the owner's pods (nearly all of them) take
 * the rounded sum precomputed per domain, which is the same number. Returns the min and max raw score
 * over the non-ignored nodes (as normalizeSpread computes them) in `minMax`.
 */
function spreadScoreDomainHost(
  cache: SchedulerCache,
  s: ScoreState,
  nodes: NodeBatch,
  out: Float64Array,
  minMax: Float64Array,
): void {
  const n = nodes.n;
  const idxs = nodes.idx;
  const d = s.domains[0] as DomainIndex;
  const counts = s.domainCounts[0] as Float64Array;
  const wd = s.weights[0] as number;
  const skewD = (s.constraints[0] as Constraint).maxSkew - 1;
  const host = s.constraints[1] as Constraint;
  const wh = s.weights[1] as number;
  const skewH = host.maxSkew - 1;
  if (domainTerm.length < counts.length) {
    domainTerm = new Float64Array(counts.length * 2);
    noOwnerRaw = new Float64Array(counts.length * 2);
  }
  const term = domainTerm;
  const fast = noOwnerRaw;
  for (let v = 0; v < counts.length; v++) {
    term[v] = (counts[v] as number) * wd + skewD;
    fast[v] = Math.round(0 + (term[v] as number) + (0 * wh + skewH));
  }
  const owner = (host.sel as { id: number }).id;
  const oc = ownerCounts(cache, owner);
  const slot = fastSlots(d, cache.domainIndex(LabelHostname));
  const present = d.present;
  const ids = d.ids;
  const hostPresent = s.hostnamePresent;
  const ignored = s.ignored;
  const some = ignored.size > 0;
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let j = 0; j < n; j++) {
    const idx = idxs[j] as number;
    if (some && ignored.has(idx)) {
      out[j] = 0;
      continue;
    }
    let raw: number;
    const z = slot[idx] as number;
    if (z >= 0 && oc[idx] === 0) raw = fast[z] as number;
    else {
      let acc = 0;
      if (present[idx] === 1) acc = acc + (term[ids[idx] as number] as number);
      if (hostPresent[idx] === 1) acc = acc + ((oc[idx] as number) * wh + skewH);
      raw = Math.round(acc);
    }
    out[j] = raw;
    if (raw < min) min = raw;
    if (raw > max) max = raw;
  }
  releaseOwnerCounts(cache, owner, oc);
  minMax[0] = min;
  minMax[1] = max;
}

/**
 * initPreScoreState: ignored nodes (lacking a key, when every key is required), the domains among the
 * remaining feasible nodes (count 0, others -1) with their number, and ln(size + 2) weights.
 */
function initScoreState(
  cache: SchedulerCache,
  constraints: readonly Constraint[],
  domains: readonly (DomainIndex | null)[],
  filtered: NodeBatch,
  requireAll: boolean,
) {
  const ignored = new Set<number>();
  const n = filtered.n;
  const idxs = filtered.idx;
  if (requireAll) {
    for (let j = 0; j < n; j++) {
      const idx = idxs[j] as number;
      if (!hasAllKeys(cache.infoAt(idx).node.labels, constraints)) ignored.add(idx);
    }
  }
  const domainCounts = domains.map((d) => new Float64Array(d === null ? 0 : d.values.length).fill(-1));
  const weights = new Float64Array(constraints.length);
  for (let i = 0; i < constraints.length; i++) {
    const d = domains[i];
    let size = n - ignored.size;
    if (d !== null && d !== undefined) {
      // A missing label reads as "" (Go map semantics) when not every key is required.
      const counts = domainCounts[i] as Float64Array;
      const ids = d.ids;
      size = 0;
      for (let j = 0; j < n && size < counts.length; j++) {
        const idx = idxs[j] as number;
        if (ignored.size > 0 && ignored.has(idx)) continue;
        const id = ids[idx] as number;
        if ((counts[id] as number) < 0) {
          counts[id] = 0;
          size++;
        }
      }
    }
    weights[i] = Math.log(size + 2);
  }
  return { ignored, domainCounts, weights };
}

/**
 * Matching pods per domain over all eligible nodes. Owner selectors on registered keys read the cache's
 * incremental per-domain counts (same result, O(#domains)) when no node-level policy can exclude a node.
 */
function countDomains(
  cache: SchedulerCache,
  pod: Pod,
  constraints: readonly Constraint[],
  domains: readonly (DomainIndex | null)[],
  domainCounts: readonly Float64Array[],
  requireAll: boolean,
): void {
  const req = requiredNodeAffinity(pod);
  const slow: number[] = [];
  constraints.forEach((c, i) => {
    const d = domains[i];
    if (d === null || d === undefined) return;
    const counts = domainCounts[i] as Float64Array;
    const emptyId = d.values.indexOf('');
    const fast =
      c.sel.kind === 'owner' &&
      cache.hasOwnerDomainKey(c.topologyKey) &&
      (emptyId < 0 || (counts[emptyId] as number) < 0) &&
      (!c.honorAffinity || isEmptyRequired(req)) &&
      !c.honorTaints &&
      (!requireAll ||
        constraints.every((o) => o.topologyKey === c.topologyKey || o.topologyKey === LabelHostname));
    if (!fast) {
      slow.push(i);
      return;
    }
    const owned = cache.ownerDomainCounts((c.sel as { id: number }).id, c.topologyKey);
    for (let v = 0; v < counts.length; v++) {
      if ((counts[v] as number) >= 0)
        counts[v] = owned !== null && v < owned.length ? (owned[v] as number) : 0;
    }
  });
  if (slow.length === 0) return;
  for (const ni of cache.nodes) {
    if (requireAll && !hasAllKeys(ni.node.labels, constraints)) continue;
    for (const i of slow) {
      const c = constraints[i] as Constraint;
      if (!matchInclusionPolicies(c, pod, ni, req)) continue;
      const counts = domainCounts[i] as Float64Array;
      const id = (domains[i] as DomainIndex).ids[ni.node.idx] as number;
      if ((counts[id] as number) < 0) continue;
      counts[id] = (counts[id] as number) + countOnNode(ni, c.sel, pod.namespace);
    }
  }
}

let normTable = new Float64Array(0);
const minMax = new Float64Array(2);

/** Min and max of scores over the non-ignored nodes (normalizeSpread's first pass) into `minMax`. */
function spreadMinMax(ignored: ReadonlySet<number>, nodes: NodeBatch, scores: Float64Array): void {
  const some = ignored.size > 0;
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let i = 0, end = nodes.n; i < end; i++) {
    if (some && ignored.has(nodes.idx[i] as number)) continue;
    const s = scores[i] as number;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  minMax[0] = min;
  minMax[1] = max;
}

/**
 * normalizeSpread followed by totals[i] += score * weight, given the min and max raw scores, without
 * writing the normalized row. Raw scores are integers (rounded), so when they span a small range each
 * distinct value is normalized once (a lookup table over [min, max]) instead of once per node: the same
 * values, fewer divisions.
 */
function normalizeSpreadInto(
  ignored: ReadonlySet<number>,
  nodes: NodeBatch,
  scores: Float64Array,
  weight: number,
  totals: Float64Array,
): void {
  const n = nodes.n;
  const some = ignored.size > 0;
  const min = minMax[0] as number;
  const max = minMax[1] as number;
  const span = max - min;
  if (max === 0 || span > 4096) {
    normalizeSpread(ignored, nodes, scores);
    for (let i = 0; i < n; i++) totals[i] = (totals[i] as number) + (scores[i] as number) * weight;
    return;
  }
  if (normTable.length <= span) normTable = new Float64Array(span * 2 + 1);
  const table = normTable;
  for (let v = 0; v <= span; v++) table[v] = mulDiv(MaxNodeScore, max - v, max) * weight;
  for (let i = 0; i < n; i++) {
    if (some && ignored.has(nodes.idx[i] as number)) continue;
    // Raw scores are integers in [min, min + span]: the index is exact as an int32.
    totals[i] = (totals[i] as number) + (table[((scores[i] as number) - min) | 0] as number);
  }
}

/** NormalizeScore: ignored nodes score 0; otherwise 100 * (max + min - s) / max, all 100 if max is 0. */
export function normalizeSpread(ignored: ReadonlySet<number>, nodes: NodeBatch, scores: Float64Array): void {
  const n = nodes.n;
  const some = ignored.size > 0;
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let i = 0; i < n; i++) {
    if (some && ignored.has(nodes.idx[i] as number)) continue;
    const s = scores[i] as number;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  for (let i = 0; i < n; i++) {
    if (some && ignored.has(nodes.idx[i] as number)) scores[i] = 0;
    else if (max === 0) scores[i] = MaxNodeScore;
    else scores[i] = mulDiv(MaxNodeScore, max + min - (scores[i] as number), max);
  }
}
