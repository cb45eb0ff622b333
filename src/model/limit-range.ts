// The LimitRanger admission plugin (plugin/pkg/admission/limitranger/admission.go) for pods, on create:
// 1. defaults: each Container item's `default` fills a container's missing limits and `defaultRequest`
//    its missing requests (mergeContainerResources; the first LimitRange of the namespace that sets a
//    resource wins), recorded in the kubernetes.io/limit-ranger annotation;
// 2. validation: min, max and maxLimitRequestRatio of Container items against every container and init
//    container, of Pod items against the pod's summed requests and limits, with upstream's messages
//    (minConstraint, maxConstraint, limitRequestRatioConstraint). A refused pod is not created; its
//    controller records FailedCreate with `pods "<name>" is forbidden: <message>`.
// LimitRange objects are defaulted as the API server stores them (pkg/apis/core/v1/defaults.go
// SetDefaults_LimitRangeItem): for Container items a missing default limit is the max, a missing default
// request the default limit, else the min.
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
  /** Ratios as written; "cpu" ratios are read in millicores by the schema, so they are stored /1000. */
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

/** A LimitRange manifest as the API server stores it (SetDefaults_LimitRangeItem). */
export function limitRangeFrom(m: LimitRangeManifest, namespace: string): LimitRange {
  return {
    namespace,
    name: m.metadata.name,
    limits: m.spec.limits.map((l) => {
      const max = l.max ?? {};
      const min = l.min ?? {};
      const isContainer = l.type === 'Container';
      const dflt = isContainer ? { ...max, ...(l.default ?? {}) } : (l.default ?? {});
      const defaultRequest = isContainer
        ? { ...min, ...dflt, ...(l.defaultRequest ?? {}) }
        : (l.defaultRequest ?? {});
      const ratio: Record<string, number> = {};
      for (const [k, v] of Object.entries(l.maxLimitRequestRatio ?? {}))
        ratio[k] = k === 'cpu' ? v / 1000 : v;
      return { type: l.type, max, min, default: dflt, defaultRequest, maxLimitRequestRatio: ratio };
    }),
  };
}

/** Quantity.String() of an amount in kubesim's units. */
function show(resource: string, v: number): string {
  if (resource === 'cpu') return formatMilli(v);
  return resource === 'memory' || resource.endsWith('storage') ? formatBytes(v) : String(v);
}

type Container = PodSpecManifest['containers'][number];

/** SetDefaults_Pod: a resource with a limit and no request gets the limit as its request. */
function defaultedRequests(c: Container): Record<string, number> {
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
  const e = String(enforced);
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

/** Sum over containers, then the max with each init container (admission.go podRequests / podLimits). */
function podTotal(spec: PodSpecManifest, pick: (c: Container) => Amounts): Record<string, number> {
  const total: Record<string, number> = {};
  for (const c of spec.containers)
    for (const [r, v] of Object.entries(pick(c))) total[r] = (total[r] ?? 0) + v;
  for (const c of spec.initContainers ?? [])
    for (const [r, v] of Object.entries(pick(c))) total[r] = Math.max(total[r] ?? 0, v);
  return total;
}

export type LimitRangerResult =
  | { readonly spec: PodSpecManifest; readonly annotation: string | null }
  | { readonly error: string };

/** Admits a pod's spec against its namespace's LimitRanges (empty list: the spec as it is). */
export function admitLimitRanges(spec: PodSpecManifest, ranges: readonly LimitRange[]): LimitRangerResult {
  if (ranges.length === 0) return { spec, annotation: null };
  const set: string[] = [];
  const merge = (c: Container, prefix: string): Container => {
    const requests = defaultedRequests(c);
    const limits: Record<string, number> = { ...(c.resources?.limits ?? {}) };
    const addedReq: string[] = [];
    const addedLim: string[] = [];
    for (const range of ranges)
      for (const item of range.limits) {
        if (item.type !== 'Container') continue;
        for (const [r, v] of Object.entries(item.default))
          if (limits[r] === undefined) {
            limits[r] = v;
            addedLim.push(r);
          }
        for (const [r, v] of Object.entries(item.defaultRequest))
          if (requests[r] === undefined) {
            requests[r] = v;
            addedReq.push(r);
          }
      }
    // mergeContainerResources: sorted names, requests then limits, per container.
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
  const errs: string[] = [];
  for (const range of ranges)
    for (const item of range.limits) {
      if (item.type === 'Container') {
        for (const c of [...out.containers, ...(out.initContainers ?? [])])
          check('Container', item, c.resources?.requests ?? {}, c.resources?.limits ?? {}, errs);
      } else if (item.type === 'Pod') {
        const req = podTotal(out, (c) => c.resources?.requests ?? {});
        const lim = podTotal(out, (c) => c.resources?.limits ?? {});
        check('Pod', item, req, lim, errs);
      }
    }
  if (errs.length > 0) return { error: errs.length === 1 ? (errs[0] as string) : `[${errs.join(', ')}]` };
  return { spec: out, annotation: set.length > 0 ? `LimitRanger plugin set: ${set.join('; ')}` : null };
}
