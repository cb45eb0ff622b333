// Expanders (cluster-autoscaler/expander/*): which expansion option a scale-up takes. Each named
// expander is a filter keeping its best options; the --expander list runs them in order and stops when
// one option is left, and a seeded random choice breaks the ties still left (factory/chain.go).
//   random (random/random.go)        a uniform choice
//   most-pods (mostpods/mostpods.go) the options that schedule the most pods
//   least-waste (waste/waste.go)     least (cpu + memory) left idle: sum over the option of container
//                                    requests against nodeCount x the template's capacity
//   least-nodes (leastnodes)         the fewest new nodes
//   price (price/price.go)           lowest (node price + stabilisation) / (pod price + stabilisation)
//                                    x suppressed unfitness against the preferred node for the cluster size
//   priority (priority/priority.go)  the node groups whose name matches the highest priority's regexps

import type { Rng } from '../engine/rng.js';
import type { Pod } from '../model/types.js';
import type { ExpanderName } from './config.js';

export interface ExpansionOption {
  readonly nodeGroup: string;
  readonly nodeCount: number;
  readonly pods: readonly Pod[];
  readonly similarNodeGroups: readonly string[];
}

export interface TemplateFacts {
  /** Node capacity: cpu in millicores, memory in bytes. */
  readonly cpu: number;
  readonly memory: number;
  /** The group's node price per hour, or null to price it like a pod (GCE's per-resource model). */
  readonly pricePerHour: number | null;
  readonly hasGpu: boolean;
}

export interface ExpanderContext {
  readonly templates: ReadonlyMap<string, TemplateFacts>;
  /** Nodes in the cluster (the price expander's preferred node size). */
  readonly clusterNodes: number;
  readonly priorities: ReadonlyMap<number, readonly RegExp[]>;
  readonly rng: Rng;
}

type Filter = (options: readonly ExpansionOption[], ctx: ExpanderContext) => ExpansionOption[];

function containerRequests(pods: readonly Pod[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const p of pods)
    for (const c of p.spec.containers) {
      cpu += c.requests.milliCPU ?? 0;
      memory += c.requests.memory ?? 0;
    }
  return { cpu, memory };
}

/** Keeps the options with the best (lowest) score; exact float ties are kept together. */
function keepMin(
  options: readonly ExpansionOption[],
  score: (o: ExpansionOption) => number | null,
): ExpansionOption[] {
  let best = Number.POSITIVE_INFINITY;
  let out: ExpansionOption[] = [];
  for (const o of options) {
    const s = score(o);
    if (s === null) continue;
    if (s < best) {
      best = s;
      out = [o];
    } else if (s === best) out.push(o);
  }
  return out;
}

export const mostPods: Filter = (options) => keepMin(options, (o) => -o.pods.length);

export const leastNodes: Filter = (options) => keepMin(options, (o) => o.nodeCount);

export const leastWaste: Filter = (options, ctx) =>
  keepMin(options, (o) => {
    const t = ctx.templates.get(o.nodeGroup);
    if (t === undefined) return null;
    const req = containerRequests(o.pods);
    const availCpu = t.cpu * o.nodeCount;
    const availMem = t.memory * o.nodeCount;
    return (availCpu - req.cpu) / availCpu + (availMem - req.memory) / availMem;
  });

/** GCE's pricing model constants (cloudprovider/gce/gce_price_model.go): per core-hour and GiB-hour. */
export const CPU_PRICE_PER_HOUR = 0.033174;
export const MEMORY_PRICE_PER_GIB_HOUR = 0.004446;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

function resourcePrice(cpuMilli: number, memoryBytes: number): number {
  return (cpuMilli / 1000) * CPU_PRICE_PER_HOUR + (memoryBytes / GIB) * MEMORY_PRICE_PER_GIB_HOUR;
}

/** SimplePreferredNodeProvider: node size doubles every time the cluster size triples (cpu only used). */
export function preferredNodeCpu(clusterNodes: number): number {
  if (clusterNodes <= 2) return 1000;
  if (clusterNodes <= 6) return 2000;
  if (clusterNodes <= 20) return 4000;
  if (clusterNodes <= 60) return 8000;
  if (clusterNodes <= 200) return 16000;
  return 32000;
}

/** price.go BestOption's score of one option (lower is better), or null without a template. */
export function priceScore(o: ExpansionOption, ctx: ExpanderContext): number | null {
  const t = ctx.templates.get(o.nodeGroup);
  if (t === undefined) return null;
  const nodePrice = t.pricePerHour ?? resourcePrice(t.cpu, t.memory);
  const totalNodePrice = nodePrice * o.nodeCount;
  let totalPodPrice = 0;
  for (const p of o.pods) {
    const r = containerRequests([p]);
    totalPodPrice += resourcePrice(r.cpu, r.memory);
  }
  // priceStabilizationPod: 500m and 500 MiB.
  const stabilization = resourcePrice(500, 500 * MIB);
  const priceSubScore = (totalNodePrice + stabilization) / (totalPodPrice + stabilization);
  const preferred = preferredNodeCpu(ctx.clusterNodes);
  const unfitness = Math.max(preferred / t.cpu, t.cpu / preferred);
  let suppressed = (unfitness - 1) * (1 - Math.tanh((o.nodeCount - 1) / 15)) + 1;
  if (t.hasGpu) suppressed = 1000; // gpuUnfitnessOverride
  return suppressed * priceSubScore;
}

export const price: Filter = (options, ctx) => keepMin(options, (o) => priceScore(o, ctx));

/** priority.go: options whose group name matches the highest priority (none match: all stay). */
export const priority: Filter = (options, ctx) => {
  const prioOf = (id: string): number | null => {
    let best: number | null = null;
    for (const [p, res] of ctx.priorities) {
      // Upstream starts from maxPrio = -1, so negative priorities never win.
      if (p < -1) continue;
      if (res.some((re) => re.test(id)) && (best === null || p > best)) best = p;
    }
    return best;
  };
  const scored = keepMin(options, (o) => {
    const p = prioOf(o.nodeGroup);
    return p === null ? null : -p;
  });
  return scored.length === 0 ? [...options] : scored;
};

export const FILTERS: Readonly<Record<Exclude<ExpanderName, 'random'>, Filter>> = {
  'most-pods': mostPods,
  'least-waste': leastWaste,
  'least-nodes': leastNodes,
  price,
  priority,
};

/** random.go: one option, uniformly (seeded). */
export function randomOption(options: readonly ExpansionOption[], rng: Rng): ExpansionOption | null {
  if (options.length === 0) return null;
  return options[rng.intBelow(options.length)] as ExpansionOption;
}

/** chain.go BestOption: the filters in order, stopping at a single option, then a random choice. */
export function bestOption(
  names: readonly ExpanderName[],
  options: readonly ExpansionOption[],
  ctx: ExpanderContext,
): ExpansionOption | null {
  let left: readonly ExpansionOption[] = options;
  for (const name of names) {
    if (name === 'random') break;
    left = FILTERS[name](left, ctx);
    if (left.length === 1) return left[0] as ExpansionOption;
  }
  return randomOption(left, ctx.rng);
}
