// --balance-similar-node-groups (processors/nodegroupset): which node groups are alike
// (compare_nodegroups.go IsCloudProviderNodeInfoSimilar: equal capacity except memory within
// --memory-difference-ratio, allocatable within --max-allocatable-difference-ratio, free resources after
// the template's own pods within --max-free-difference-ratio, equal labels but the ignored ones;
// label_nodegroups.go with --balancing-label: equal values of those labels only), and how a scale-up is
// split between them (balancing_processor.go BalanceScaleUpBetweenGroups: one node at a time to the
// smallest group below its max size).

import type { Resources } from '../model/types.js';

/** compare_nodegroups.go BasicIgnoredLabels (plus the zone and region keys, old and new). */
export const BASIC_IGNORED_LABELS: readonly string[] = [
  'kubernetes.io/hostname',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'beta.kubernetes.io/fluentd-ds-ready',
  'kops.k8s.io/instancegroup',
];

export interface GroupTemplate {
  readonly labels: Readonly<Record<string, string>>;
  readonly capacity: Resources;
  readonly allocatable: Resources;
  /** Requests of the pods every new node runs (DaemonSet pods). */
  readonly requested: Resources;
}

export interface SimilarityRatios {
  readonly memoryDifferenceRatio: number;
  readonly maxAllocatableDifferenceRatio: number;
  readonly maxFreeDifferenceRatio: number;
}

function resourceEntries(r: Resources): Map<string, number> {
  const m = new Map<string, number>([
    ['cpu', r.milliCPU],
    ['memory', r.memory],
    ['pods', r.allowedPodNumber],
  ]);
  if (r.ephemeralStorage > 0) m.set('ephemeral-storage', r.ephemeralStorage);
  for (const [k, v] of Object.entries(r.scalar)) m.set(k, v);
  return m;
}

function withinTolerance(a: number, b: number, ratio: number): boolean {
  const larger = Math.max(a, b);
  const smaller = Math.min(a, b);
  return larger - smaller <= larger * ratio;
}

/** resourceMapsWithinTolerance: every resource present in both and within the ratio. */
function mapsWithin(a: Map<string, number>, b: Map<string, number>, ratio: number): boolean {
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const k of keys) {
    const x = a.get(k);
    const y = b.get(k);
    if (x === undefined || y === undefined || !withinTolerance(x, y, ratio)) return false;
  }
  return true;
}

function free(t: GroupTemplate): Map<string, number> {
  const req = resourceEntries(t.requested);
  const out = new Map<string, number>();
  // node.Requested.ResourceList(): cpu, memory, pods (count) and the requested extended resources.
  for (const [k, v] of req) {
    if (k === 'pods') continue;
    out.set(k, (resourceEntries(t.allocatable).get(k) ?? 0) - v);
  }
  return out;
}

export function isSimilar(
  a: GroupTemplate,
  b: GroupTemplate,
  ignoredLabels: ReadonlySet<string>,
  ratios: SimilarityRatios,
): boolean {
  const ca = resourceEntries(a.capacity);
  const cb = resourceEntries(b.capacity);
  const keys = new Set([...ca.keys(), ...cb.keys()]);
  for (const k of keys) {
    const x = ca.get(k);
    const y = cb.get(k);
    if (x === undefined || y === undefined) return false;
    if (k === 'memory') {
      if (!withinTolerance(x, y, ratios.memoryDifferenceRatio)) return false;
    } else if (x !== y) return false;
  }
  if (
    !mapsWithin(
      resourceEntries(a.allocatable),
      resourceEntries(b.allocatable),
      ratios.maxAllocatableDifferenceRatio,
    )
  )
    return false;
  if (!mapsWithin(free(a), free(b), ratios.maxFreeDifferenceRatio)) return false;
  return labelsMatch(a.labels, b.labels, ignoredLabels);
}

function labelsMatch(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
  ignored: ReadonlySet<string>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (ignored.has(k)) continue;
    if (a[k] === undefined || b[k] === undefined || a[k] !== b[k]) return false;
  }
  return true;
}

/** label_nodegroups.go: with --balancing-label, groups are similar when all those labels agree. */
export function isSimilarByLabels(a: GroupTemplate, b: GroupTemplate, labels: readonly string[]): boolean {
  return labels.every((l) => a.labels[l] !== undefined && a.labels[l] === b.labels[l]);
}

export interface BalanceInput {
  readonly id: string;
  readonly currentSize: number;
  readonly maxSize: number;
}

export interface ScaleUpInfo {
  readonly group: string;
  readonly currentSize: number;
  readonly newSize: number;
  readonly maxSize: number;
}

/**
 * BalanceScaleUpBetweenGroups: groups sorted by current size (stable), nodes handed out one at a time
 * to the smallest, groups at max size set aside; capped at the set's total room. Only changed groups
 * are returned, in the order the algorithm leaves them.
 */
export function balanceScaleUp(groups: readonly BalanceInput[], newNodes: number): ScaleUpInfo[] {
  const infos: { group: string; currentSize: number; newSize: number; maxSize: number }[] = [];
  let capacity = 0;
  for (const g of groups) {
    if (g.currentSize === g.maxSize) continue;
    if (g.maxSize > g.currentSize) capacity += g.maxSize - g.currentSize;
    infos.push({ group: g.id, currentSize: g.currentSize, newSize: g.currentSize, maxSize: g.maxSize });
  }
  let left = Math.min(newNodes, capacity);
  infos.sort((a, b) => a.currentSize - b.currentSize);
  let start = 0;
  let cur = 0;
  while (left > 0) {
    const info = infos[cur] as (typeof infos)[number];
    if (info.newSize < info.maxSize) {
      info.newSize++;
      left--;
    } else {
      const tmp = infos[start] as (typeof infos)[number];
      infos[start] = info;
      infos[cur] = tmp;
      start++;
    }
    const next = infos[cur + 1];
    if (
      cur < infos.length - 1 &&
      next !== undefined &&
      (infos[cur] as (typeof infos)[number]).newSize > next.newSize
    )
      cur++;
    else cur = start;
  }
  return infos.filter((i) => i.newSize !== i.currentSize);
}
