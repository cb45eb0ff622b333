// The LimitRanger admission plugin (plugin/pkg/admission/limitranger/admission.go) for pods, on create,
// against the LimitRanges of the pod's namespace in order:
// 1. Admit (mutating): each LimitRange's Container defaults (defaultContainerResourceRequirements) fill a
//    container's missing limits (`default`) and requests (`defaultRequest`), init containers included
//    (mergePodResourceRequirements); each LimitRange that set something rewrites the
//    kubernetes.io/limit-ranger annotation;
// 2. Validate: min, max and maxLimitRequestRatio of Container items against every container and init
//    container, of Pod items against the pod's requests and limits (podRequests / podLimits: sidecars
//    count with the containers, pod-level resources replace the sums under PodLevelResources), with
//    upstream's messages (minConstraint, maxConstraint, limitRequestRatioConstraint). The first
//    LimitRange with violations refuses the pod: its controller records FailedCreate with
//    `pods "<name>" is forbidden: <message>`, as the API server answers the controller.
// LimitRange objects are defaulted as the API server stores them (SetDefaults_LimitRangeItem) and
// validated as it validates them (validation/limit-range.ts ValidateLimitRange).
// Resource amounts are in kubesim's units: CPU in millicores, everything else in whole units (bytes).

import type { PodSpecManifest } from './k8s-schema.js';
import type { LimitRangeManifest } from './k8s-workload-schema.js';
import { formatBytes, formatMilli } from './quantity.js';

type Amounts = Readonly<Record<string, number>>;

export interface LimitRangeItem {
  readonly type: string;
  readonly max: Amounts;
  readonly min: Amounts;
  readonly default: Amounts;
  readonly defaultRequest: Amounts;
  /** Ratios as numbers ("1.5" is 1.5; the schema reads them in thousandths for every resource). */
  readonly maxLimitRequestRatio: Amounts;
}

export interface LimitRange {
  readonly namespace: string;
  readonly name: string;
  readonly limits: readonly LimitRangeItem[];
}

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** The pod annotation that records what LimitRanger set (none when it set nothing). */
export function limitRangerAnnotation(note: string | null): Record<string, string> {
  return note === null ? {} : { [LIMIT_RANGER_ANNOTATION]: note };
}

interface ItemLists<V> {
  readonly type: string;
  readonly max?: Readonly<Record<string, V>> | undefined;
  readonly min?: Readonly<Record<string, V>> | undefined;
  readonly default?: Readonly<Record<string, V>> | undefined;
  readonly defaultRequest?: Readonly<Record<string, V>> | undefined;
}

/**
 * SetDefaults_LimitRangeItem (pkg/apis/core/v1/defaults.go), for a Container item: a missing default limit
 * is the max; a missing default request is the default limit, else the min. Other items are unchanged.
 */
export function defaultLimitRangeItem<V, T extends ItemLists<V>>(l: T): T {
  if (l.type !== 'Container') return l;
  const dflt = { ...(l.max ?? {}), ...(l.default ?? {}) };
  const defaultRequest = { ...(l.min ?? {}), ...dflt, ...(l.defaultRequest ?? {}) };
  return { ...l, default: dflt, defaultRequest };
}

/** A LimitRange manifest as the API server stores it (SetDefaults_LimitRangeItem). */
export function limitRangeFrom(m: LimitRangeManifest, namespace: string): LimitRange {
  return {
    namespace,
    name: m.metadata.name,
    limits: m.spec.limits.map((raw) => {
      const l = defaultLimitRangeItem(raw);
      const ratio: Record<string, number> = {};
      for (const [k, v] of Object.entries(l.maxLimitRequestRatio ?? {})) ratio[k] = v / 1000;
      return {
        type: l.type,
        max: l.max ?? {},
        min: l.min ?? {},
        default: l.default ?? {},
        defaultRequest: l.defaultRequest ?? {},
        maxLimitRequestRatio: ratio,
      };
    }),
  };
}

/** Quantity.String() of an amount in kubesim's units. */
function show(resource: string, v: number): string {
  if (resource === 'cpu') return formatMilli(v);
  return resource === 'memory' || resource.endsWith('storage') ? formatBytes(v) : String(v);
}

/** Quantity.String() of a ratio: "1.5" prints as 1500m, "2" as 2. */
function showRatio(v: number): string {
  return formatMilli(Math.round(v * 1000));
}

type Container = PodSpecManifest['containers'][number];
type InitContainer = NonNullable<PodSpecManifest['initContainers']>[number];

/** SetDefaults_Pod: a resource with a limit and no request gets the limit as its request. */
function defaultedRequests(c: Container | InitContainer): Record<string, number> {
  return { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
}

function minConstraint(kind: string, r: string, enforced: number, req: Amounts, lim: Amounts): string | null {
  const e = show(r, enforced);
  if (req[r] === undefined) return `minimum ${r} usage per ${kind} is ${e}.  No request is specified`;
  if (req[r] < enforced) return `minimum ${r} usage per ${kind} is ${e}, but request is ${show(r, req[r])}`;
  if (lim[r] !== undefined && lim[r] < enforced)
    return `minimum ${r} usage per ${kind} is ${e}, but limit is ${show(r, lim[r])}`;
  return null;
}

function maxConstraint(kind: string, r: string, enforced: number, req: Amounts, lim: Amounts): string | null {
  const e = show(r, enforced);
  if (lim[r] === undefined) return `maximum ${r} usage per ${kind} is ${e}.  No limit is specified`;
  if (lim[r] > enforced) return `maximum ${r} usage per ${kind} is ${e}, but limit is ${show(r, lim[r])}`;
  if (req[r] !== undefined && req[r] > enforced)
    return `maximum ${r} usage per ${kind} is ${e}, but request is ${show(r, req[r])}`;
  return null;
}

function ratioConstraint(
  kind: string,
  r: string,
  enforced: number,
  req: Amounts,
  lim: Amounts,
): string | null {
  const e = showRatio(enforced);
  if (!req[r])
    return `${r} max limit to request ratio per ${kind} is ${e}, but no request is specified or request is 0`;
  if (!lim[r])
    return `${r} max limit to request ratio per ${kind} is ${e}, but no limit is specified or limit is 0`;
  const ratio = (lim[r] as number) / (req[r] as number);
  // admission.go compares in thousandths (observedRatio*1000 > enforced.MilliValue()).
  if (ratio * 1000 > Math.round(enforced * 1000))
    return `${r} max limit to request ratio per ${kind} is ${e}, but provided ratio is ${ratio.toFixed(6)}`;
  return null;
}

function check(kind: string, item: LimitRangeItem, req: Amounts, lim: Amounts, errs: string[]): void {
  for (const [r, v] of Object.entries(item.min)) {
    const err = minConstraint(kind, r, v, req, lim);
    if (err !== null) errs.push(err);
  }
  for (const [r, v] of Object.entries(item.max)) {
    const err = maxConstraint(kind, r, v, req, lim);
    if (err !== null) errs.push(err);
  }
  for (const [r, v] of Object.entries(item.maxLimitRequestRatio)) {
    const err = ratioConstraint(kind, r, v, req, lim);
    if (err !== null) errs.push(err);
  }
}

type Totals = Record<string, number>;

function addInto(total: Totals, list: Amounts): void {
  for (const [r, v] of Object.entries(list)) total[r] = (total[r] ?? 0) + v;
}

function maxInto(total: Totals, list: Amounts): void {
  for (const [r, v] of Object.entries(list)) if (total[r] === undefined || v > total[r]) total[r] = v;
}

/**
 * admission.go podRequests / podLimits: the regular containers plus the restartable (sidecar) init
 * containers, or the largest init container while it runs (with the sidecars started before it), if
 * larger; with PodLevelResources, the pod's own cpu / memory replace the sums.
 */
function podTotal(
  spec: PodSpecManifest,
  pick: (c: Container | InitContainer) => Amounts,
  podLevel: Amounts | null,
): Totals {
  const total: Totals = {};
  for (const c of spec.containers) addInto(total, pick(c));
  const sidecars: Totals = {};
  const initMax: Totals = {};
  for (const c of spec.initContainers ?? []) {
    let during: Totals;
    if (c.restartPolicy === 'Always') {
      addInto(total, pick(c));
      addInto(sidecars, pick(c));
      during = { ...sidecars };
    } else {
      during = { ...pick(c) };
      addInto(during, sidecars);
    }
    maxInto(initMax, during);
  }
  maxInto(total, initMax);
  if (podLevel !== null)
    for (const r of ['cpu', 'memory']) if (podLevel[r] !== undefined) total[r] = podLevel[r];
  return total;
}

export interface LimitRangerOptions {
  /** Feature gate PodLevelResources: spec.resources of the pod counts for Pod items. */
  readonly podLevelResources: boolean;
}

export type LimitRangerResult =
  | { readonly spec: PodSpecManifest; readonly annotation: string | null }
  | { readonly error: string };

/** defaultContainerResourceRequirements: a LimitRange's Container defaults (a later item overrides). */
export function defaultContainerResourceRequirements(range: LimitRange): {
  requests: Totals;
  limits: Totals;
} {
  const requests: Totals = {};
  const limits: Totals = {};
  for (const item of range.limits) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, item.defaultRequest);
    Object.assign(limits, item.default);
  }
  return { requests, limits };
}

/**
 * PodMutateLimitFunc for one LimitRange (mergePodResourceRequirements): its defaults fill the missing
 * limits and requests of every container and init container; the note lists them (sorted names,
 * requests then limits, per container), or is null when nothing was set.
 */
export function podMutateLimitFunc(
  spec: PodSpecManifest,
  range: LimitRange,
): { spec: PodSpecManifest; note: string | null } {
  const dflt = defaultContainerResourceRequirements(range);
  const set: string[] = [];
  const merge = <C extends Container | InitContainer>(c: C, prefix: string): C => {
    const requests = defaultedRequests(c);
    const limits: Totals = { ...(c.resources?.limits ?? {}) };
    const addedLim = Object.keys(dflt.limits).filter((r) => limits[r] === undefined);
    const addedReq = Object.keys(dflt.requests).filter((r) => requests[r] === undefined);
    for (const r of addedLim) limits[r] = dflt.limits[r] as number;
    for (const r of addedReq) requests[r] = dflt.requests[r] as number;
    if (addedReq.length > 0) set.push(`${addedReq.sort().join(', ')} request for ${prefix} ${c.name}`);
    if (addedLim.length > 0) set.push(`${addedLim.sort().join(', ')} limit for ${prefix} ${c.name}`);
    return { ...c, resources: { ...(c.resources ?? {}), requests, limits } };
  };
  const out: PodSpecManifest = {
    ...spec,
    containers: spec.containers.map((c) => merge(c, 'container')),
    ...(spec.initContainers !== undefined
      ? { initContainers: spec.initContainers.map((c) => merge(c, 'init container')) }
      : {}),
  };
  return { spec: out, note: set.length > 0 ? `LimitRanger plugin set: ${set.join('; ')}` : null };
}

/** PodValidateLimitFunc for one LimitRange: its violations, with upstream's messages. */
export function podValidateLimitFunc(
  range: LimitRange,
  spec: PodSpecManifest,
  opts: LimitRangerOptions,
): string[] {
  const errs: string[] = [];
  for (const item of range.limits) {
    if (item.type === 'Container') {
      for (const c of [...spec.containers, ...(spec.initContainers ?? [])])
        check('Container', item, c.resources?.requests ?? {}, c.resources?.limits ?? {}, errs);
    } else if (item.type === 'Pod') {
      const level = opts.podLevelResources ? spec.resources : undefined;
      const req = podTotal(spec, (c) => c.resources?.requests ?? {}, level?.requests ?? null);
      const lim = podTotal(spec, (c) => c.resources?.limits ?? {}, level?.limits ?? null);
      check('Pod', item, req, lim, errs);
    }
  }
  return errs;
}

/**
 * The LimitRanger plugin on a pod create, against its namespace's LimitRanges in order: first the
 * mutating pass (Admit: each LimitRange's defaults fill what is still missing, and each one that set
 * something rewrites the annotation), then the validating pass (Validate: the first LimitRange with
 * violations refuses the pod with their aggregate, utilerrors.NewAggregate: one message, or "[a, b]").
 */
export function admitLimitRanges(
  spec: PodSpecManifest,
  ranges: readonly LimitRange[],
  opts: LimitRangerOptions = { podLevelResources: false },
): LimitRangerResult {
  if (ranges.length === 0) return { spec, annotation: null };
  let out = spec;
  let annotation: string | null = null;
  for (const range of ranges) {
    const m = podMutateLimitFunc(out, range);
    out = m.spec;
    if (m.note !== null) annotation = m.note;
  }
  for (const range of ranges) {
    const errs = podValidateLimitFunc(range, out, opts);
    if (errs.length > 0) return { error: errs.length === 1 ? (errs[0] as string) : `[${errs.join(', ')}]` };
  }
  return { spec: out, annotation };
}

/**
 * maxRequestConstraint (admission.go): a PersistentVolumeClaim item's max is enforced against what the
 * claim requests (a claim's limits are not user input).
 */
function maxRequestConstraint(kind: string, r: string, enforced: number, req: Amounts): string | null {
  const e = show(r, enforced);
  if (req[r] === undefined) return `maximum ${r} usage per ${kind} is ${e}.  No request is specified`;
  if (req[r] > enforced) return `maximum ${r} usage per ${kind} is ${e}, but request is ${show(r, req[r])}`;
  return null;
}

/**
 * PersistentVolumeClaimValidateLimitFunc for one LimitRange: each PersistentVolumeClaim item's min
 * (minConstraint against the requests, no limits) and max (maxRequestConstraint).
 */
export function claimValidateLimitFunc(range: LimitRange, requests: Amounts): string[] {
  const errs: string[] = [];
  for (const item of range.limits) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [r, v] of Object.entries(item.min)) {
      const err = minConstraint(item.type, r, v, requests, {});
      if (err !== null) errs.push(err);
    }
    for (const [r, v] of Object.entries(item.max)) {
      const err = maxRequestConstraint(item.type, r, v, requests);
      if (err !== null) errs.push(err);
    }
  }
  return errs;
}

/**
 * The LimitRanger plugin on a PersistentVolumeClaim create (Validate only: claims get no defaults):
 * the first LimitRange of the namespace with violations refuses it with their aggregate; null admits.
 */
export function admitClaimLimitRanges(requests: Amounts, ranges: readonly LimitRange[]): string | null {
  for (const range of ranges) {
    const errs = claimValidateLimitFunc(range, requests);
    if (errs.length > 0) return errs.length === 1 ? (errs[0] as string) : `[${errs.join(', ')}]`;
  }
  return null;
}
