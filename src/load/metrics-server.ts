// The resource-metrics pipeline: a metrics-server scraping every --metric-resolution, serving
// metrics.k8s.io PodMetrics, plus the custom and external metrics an adapter would serve from the
// same demand. Rules of kubernetes-sigs/metrics-server pkg/storage/pod.go (Store, GetMetrics) and
// types.go (resourceUsage):
// - a scrape stores each running container's point; cpu usage is the rate between a pod's last two
//   points (window = their distance), memory the last working set;
// - a pod is served only when every container has two points with the same start time; a container
//   started 10 s to one resolution before the scrape gets a synthetic first point at its start time
//   (freshContainerMinMetricsResolution), so it is served after one scrape;
// - a node that cannot be scraped (kubelet down, cut off, runtime down) contributes no points, and
//   since each scrape replaces the stored batch its pods need two good scrapes again.
// Usage itself comes from the load model, computed at scrape time only (never per small step): a pod's
// cpu over the window is idle + perUnit x the curve's average demand over the window x its share at
// the scrape, times seeded noise (stream `load/noise`, keyed by pod uid and scrape index, so values do
// not depend on event order); memory uses the demand at the scrape. The point's timestamp is the scrape
// instant (cAdvisor's housekeeping lag is not modelled). Only pods of watched workloads (those with a
// load entry or an HPA) are scraped, so a scrape costs O(those pods).

import { apiTimeUs, type TimeUs } from '../engine/time.js';
import type { MetricsApi, PodMemoryUsage, PodMetric, Result } from '../kernel/ports/metrics-api.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { LabelSelector, Pod } from '../model/types.js';
import { matchesSelector } from '../workloads/labels.js';
import type { WorkloadStore } from '../workloads/store.js';
import { averageOver } from './curve.js';
import { hashString, standardNormal } from './noise.js';
import { type LoadProfile, ServingSet, servingWeight, type WorkloadRef, workloadKey } from './profile.js';

/** metrics-server storage freshContainerMinMetricsResolution. */
export const FRESH_CONTAINER_MIN_US = 10_000_000;

export interface PodSample {
  readonly timestampUs: TimeUs;
  readonly windowUs: TimeUs;
  /** Average cpu over the window, millicores (unrounded). */
  readonly cpuMilli: number;
  /** Working set at the scrape, bytes (unrounded). */
  readonly memoryBytes: number;
  /** The pod's share of the demand over the window, units; null without a load entry. */
  readonly demand: number | null;
}

interface PodRecord {
  readonly pod: Pod;
  readonly root: Root;
  readonly uidHash: number;
  /** Timestamp of the pod's point in the last scrape, or -1 when it had none. */
  lastPointUs: TimeUs;
  /** The container start the last point carried. */
  lastStartUs: TimeUs;
  sample: PodSample | null;
  /** Counted in its root's running totals. */
  counted: boolean;
  /** Each container's share of the pod's cpu and memory (by requests), computed once. */
  fractions: { cpu: Float64Array; memory: Float64Array } | null;
  /** The pod's cpu limit (cpuLimitMilli), fixed with its spec. */
  readonly cpuLimitMilli: number | null;
}

interface Root {
  readonly key: string;
  readonly profile: LoadProfile | null;
  readonly serving: ServingSet | null;
  readonly pods: Set<PodRecord>;
  /** The pods as a list, rebuilt after membership changes. */
  podList: Pod[] | null;
  /** Demand averaged over the last scrape window, the demand at the scrape, the serving weight then. */
  windowDemand: number;
  demandNow: number;
  weight: number;
  /** Running pods (terminating ones included) and their requests, kept incrementally. */
  running: number;
  requestedCpuMilli: number;
  requestedMemoryBytes: number;
  /** Sums of the samples the last scrape stored (noise included): what metrics-server serves. */
  servedCpuMilli: number;
  servedMemoryBytes: number;
}

/** What a watched workload looks like now (load.csv). */
export interface WorkloadUsage {
  readonly key: string;
  readonly running: number;
  readonly ready: number;
  readonly demand: number;
  readonly requestedCpuMilli: number;
  readonly requestedMemoryBytes: number;
  /** Expected usage (noise-free): idle per running pod plus the demand served. */
  readonly usedCpuMilli: number;
  readonly usedMemoryBytes: number;
  /** What metrics-server serves for the workload's pods after the last scrape (noise included). */
  readonly servedCpuMilli: number;
  readonly servedMemoryBytes: number;
}

export interface MetricsServerInputs {
  readonly state: ClusterState;
  readonly store: WorkloadStore;
  readonly isNodeUp: (nodeName: string) => boolean;
  /** Key of the named noise stream. */
  readonly noiseKey: number;
  readonly metricResolutionUs: TimeUs;
  readonly profiles: readonly LoadProfile[];
  /** Workloads an HPA targets (Kind/namespace/name): scraped even without a load entry. */
  readonly hpaTargets: readonly string[];
}

export class MetricsServer implements MetricsApi, PodMemoryUsage {
  private readonly roots = new Map<string, Root>();
  private readonly records = new Map<Pod, PodRecord>();
  private lastScrapeUs: TimeUs = -1;
  private scrapeIndex = 0;

  constructor(private readonly inputs: MetricsServerInputs) {
    for (const p of inputs.profiles) this.addRoot(workloadKey(p.workload), p);
    for (const key of inputs.hpaTargets) if (!this.roots.has(key)) this.addRoot(key, null);
    inputs.state.watch({
      podAdded: (pod) => this.podAdded(pod),
      podUpdated: (pod, change) => {
        if (change === 'ready' || change === 'phase' || change === 'deleting') this.servingChanged(pod);
        if (change === 'phase') this.recount(pod);
      },
      podDeleted: (pod) => this.podDeleted(pod),
    });
  }

  get resolutionUs(): TimeUs {
    return this.inputs.metricResolutionUs;
  }

  private addRoot(key: string, profile: LoadProfile | null): void {
    this.roots.set(key, {
      key,
      profile,
      serving: profile === null ? null : new ServingSet(profile.warmupUs),
      pods: new Set(),
      podList: null,
      windowDemand: 0,
      demandNow: 0,
      weight: 0,
      running: 0,
      requestedCpuMilli: 0,
      requestedMemoryBytes: 0,
      servedCpuMilli: 0,
      servedMemoryBytes: 0,
    });
  }

  /** Kind/namespace/name of the top-level controller of a pod (a ReplicaSet's Deployment, or the ReplicaSet). */
  private rootKeyOf(pod: Pod): string | null {
    if (pod.owner === null) return null;
    const owner = this.inputs.store.byUidOf(pod.owner.uid);
    if (owner === undefined) return null;
    if (owner.owner !== null) {
      const top = this.inputs.store.byUidOf(owner.owner.uid);
      if (top !== undefined) return `${top.kind}/${top.namespace}/${top.name}`;
    }
    return `${owner.kind}/${owner.namespace}/${owner.name}`;
  }

  private podAdded(pod: Pod): void {
    const key = this.rootKeyOf(pod);
    const root = key === null ? undefined : this.roots.get(key);
    if (root === undefined) return;
    const rec: PodRecord = {
      pod,
      root,
      uidHash: hashString(pod.uid),
      lastPointUs: -1,
      lastStartUs: -1,
      sample: null,
      counted: false,
      fractions: null,
      cpuLimitMilli: cpuLimitMilli(pod),
    };
    this.records.set(pod, rec);
    root.pods.add(rec);
    root.podList = null;
    this.servingChanged(pod);
    this.recount(pod);
  }

  private recount(pod: Pod): void {
    const rec = this.records.get(pod);
    if (rec === undefined) return;
    const run = pod.phase === 'Running';
    if (run === rec.counted) return;
    const sign = run ? 1 : -1;
    rec.counted = run;
    rec.root.running += sign;
    rec.root.requestedCpuMilli += sign * pod.requests.milliCPU;
    rec.root.requestedMemoryBytes += sign * pod.requests.memory;
  }

  private podDeleted(pod: Pod): void {
    const rec = this.records.get(pod);
    if (rec === undefined) return;
    rec.root.serving?.notReady(pod.uid);
    if (rec.counted) {
      rec.root.running--;
      rec.root.requestedCpuMilli -= pod.requests.milliCPU;
      rec.root.requestedMemoryBytes -= pod.requests.memory;
    }
    rec.root.pods.delete(rec);
    rec.root.podList = null;
    this.records.delete(pod);
  }

  /** Every watched workload's current totals, in registration order (load entries first). */
  usage(nowUs: TimeUs): WorkloadUsage[] {
    const out: WorkloadUsage[] = [];
    for (const root of this.roots.values()) {
      const p = root.profile;
      const demand = p === null ? 0 : p.curve.valueAt(nowUs);
      const serving = p !== null && (root.serving as ServingSet).readyCount > 0 ? 1 : 0;
      out.push({
        key: root.key,
        running: root.running,
        ready: root.serving?.readyCount ?? 0,
        demand,
        requestedCpuMilli: root.requestedCpuMilli,
        requestedMemoryBytes: root.requestedMemoryBytes,
        usedCpuMilli: p === null ? 0 : root.running * p.idleCpuMilli + p.perUnitCpuMilli * demand * serving,
        usedMemoryBytes:
          p === null ? 0 : root.running * p.idleMemoryBytes + p.perUnitMemoryBytes * demand * serving,
        servedCpuMilli: root.servedCpuMilli,
        servedMemoryBytes: root.servedMemoryBytes,
      });
    }
    return out;
  }

  /**
   * Each Running pod of a loaded workload with its working set at `nowUs` (noise-free: idle plus its share
   * of the demand now), as the kubelet's summary API would measure it; pods of other workloads use no
   * memory. O(watched pods).
   */
  forEachWorkingSet(nowUs: TimeUs, visit: (pod: Pod, bytes: number) => void): void {
    for (const root of this.roots.values()) {
      const p = root.profile;
      if (p === null) continue;
      const serving = root.serving as ServingSet;
      const weight = serving.totalWeight(nowUs);
      const served = p.perUnitMemoryBytes * p.curve.valueAt(nowUs);
      for (const rec of root.pods) {
        const pod = rec.pod;
        if (pod.phase !== 'Running' || pod.nodeName === null) continue;
        visit(pod, p.idleMemoryBytes + served * shareAt(serving, pod.uid, nowUs, weight, p.warmupUs));
      }
    }
  }

  /** One pod's working set at `nowUs` as forEachWorkingSet gives it; 0 for pods of other workloads. */
  workingSetOf(pod: Pod, nowUs: TimeUs): number {
    const rec = this.records.get(pod);
    const p = rec?.root.profile;
    if (rec === undefined || p === null || p === undefined) return 0;
    if (pod.phase !== 'Running' || pod.nodeName === null) return 0;
    const serving = rec.root.serving as ServingSet;
    const share = shareAt(serving, pod.uid, nowUs, serving.totalWeight(nowUs), p.warmupUs);
    return p.idleMemoryBytes + p.perUnitMemoryBytes * p.curve.valueAt(nowUs) * share;
  }

  /** Each container's part of a pod's memory (containerFractions). */
  containerShares(pod: Pod): ArrayLike<number> {
    const rec = this.records.get(pod);
    if (rec === undefined) return containerFractions(pod).memory;
    rec.fractions ??= containerFractions(pod);
    return rec.fractions.memory;
  }

  /** Endpoints: a pod serves traffic while Running, ready and not terminating. */
  private servingChanged(pod: Pod): void {
    const rec = this.records.get(pod);
    const serving = rec?.root.serving;
    if (serving === undefined || serving === null) return;
    if (pod.phase === 'Running' && pod.ready && pod.deletionUs === null)
      serving.ready(pod.uid, this.inputs.state.nowUs);
    else serving.notReady(pod.uid);
  }

  /** One scrape of every watched pod at `nowUs` (server.go tick: scrape, then storage.Store). */
  scrape(nowUs: TimeUs): void {
    const prev = this.lastScrapeUs;
    for (const root of this.roots.values()) {
      const p = root.profile;
      if (p !== null) {
        root.windowDemand = averageOver(p.curve, prev < 0 ? nowUs : prev, nowUs);
        root.demandNow = p.curve.valueAt(nowUs);
        root.weight = (root.serving as ServingSet).totalWeight(nowUs);
      }
      root.servedCpuMilli = 0;
      root.servedMemoryBytes = 0;
      for (const rec of root.pods) {
        this.storePoint(rec, nowUs, prev);
        if (rec.sample !== null) {
          root.servedCpuMilli += rec.sample.cpuMilli;
          root.servedMemoryBytes += rec.sample.memoryBytes;
        }
      }
    }
    this.lastScrapeUs = nowUs;
    this.scrapeIndex++;
  }

  private storePoint(rec: PodRecord, nowUs: TimeUs, prevScrapeUs: TimeUs): void {
    const pod = rec.pod;
    const start = pod.startedUs;
    const running = pod.phase === 'Running' && start !== null && pod.nodeName !== null;
    if (!running || !this.inputs.isNodeUp(pod.nodeName as string)) {
      rec.lastPointUs = -1;
      rec.sample = null;
      return;
    }
    const age = nowUs - (start as number);
    let windowStart = -1;
    if (age > 0 && age < this.inputs.metricResolutionUs && age >= FRESH_CONTAINER_MIN_US)
      windowStart = start as number;
    else if (
      rec.lastPointUs >= 0 &&
      rec.lastPointUs === prevScrapeUs &&
      (start as number) < rec.lastPointUs &&
      rec.lastStartUs === start
    )
      windowStart = rec.lastPointUs;
    rec.lastPointUs = nowUs;
    rec.lastStartUs = start as number;
    rec.sample = windowStart < 0 ? null : this.computeSample(rec, windowStart, nowUs, prevScrapeUs);
  }

  private computeSample(rec: PodRecord, windowStart: TimeUs, nowUs: TimeUs, prevScrapeUs: TimeUs): PodSample {
    const root = rec.root;
    const p = root.profile;
    const windowUs = nowUs - windowStart;
    if (p === null) return { timestampUs: nowUs, windowUs, cpuMilli: 0, memoryBytes: 0, demand: null };
    const share = shareAt(root.serving as ServingSet, rec.pod.uid, nowUs, root.weight, p.warmupUs);
    const demandAvg =
      windowStart === prevScrapeUs ? root.windowDemand : averageOver(p.curve, windowStart, nowUs);
    let cpu = p.idleCpuMilli + p.perUnitCpuMilli * demandAvg * share;
    let mem = p.idleMemoryBytes + p.perUnitMemoryBytes * root.demandNow * share;
    if (p.noise > 0) {
      cpu *= Math.max(
        0,
        1 + p.noise * standardNormal(this.inputs.noiseKey, rec.uidHash, 2 * this.scrapeIndex),
      );
      mem *= Math.max(
        0,
        1 + p.noise * standardNormal(this.inputs.noiseKey, rec.uidHash, 2 * this.scrapeIndex + 1),
      );
    }
    const limit = rec.cpuLimitMilli;
    if (limit !== null && cpu > limit) cpu = limit; // cgroup cpu quota throttles usage at the limit
    return { timestampUs: nowUs, windowUs, cpuMilli: cpu, memoryBytes: mem, demand: demandAvg * share };
  }

  /** The stored sample of a pod, or null when metrics-server would not serve it. */
  sample(pod: Pod): PodSample | null {
    return this.records.get(pod)?.sample ?? null;
  }

  /** Pods of a watched workload (creation order). */
  podsOf(key: string): readonly Pod[] {
    const root = this.roots.get(key);
    if (root === undefined) return [];
    root.podList ??= [...root.pods].map((r) => r.pod);
    return root.podList;
  }

  /**
   * metrics.k8s.io PodMetrics for the pods of a watched workload (the HPA lists them by its target's
   * selector), summed over containers or for one container.
   */
  resourceMetrics(
    targetKey: string,
    resource: string,
    container: string,
  ): Result<{ metrics: Map<string, PodMetric> }> {
    const metrics = new Map<string, PodMetric>();
    for (const rec of this.roots.get(targetKey)?.pods ?? []) {
      const s = rec.sample;
      if (s === null) continue;
      const pod = rec.pod;
      rec.fractions ??= containerFractions(pod);
      const v = containerValue(pod, s, rec.fractions, resource, container);
      // PodMetrics.timestamp is a metav1.Time (whole seconds); window a Duration.
      if (v !== null)
        metrics.set(pod.name, { value: v, timestampUs: apiTimeUs(s.timestampUs), windowUs: s.windowUs });
    }
    if (metrics.size === 0) return { ok: false, error: 'no metrics returned from resource metrics API' };
    return { ok: true, metrics };
  }

  /** custom.metrics.k8s.io for pods: each pod's share of its workload's demand, as a prometheus adapter would serve it. */
  podsMetric(targetKey: string, metricName: string): Result<{ metrics: Map<string, PodMetric> }> {
    const metrics = new Map<string, PodMetric>();
    const root = this.roots.get(targetKey);
    if (root !== undefined && root.profile?.metricName === metricName)
      for (const rec of root.pods) {
        const s = rec.sample;
        if (s === null || s.demand === null) continue;
        metrics.set(rec.pod.name, {
          value: Math.round(s.demand * 1000),
          timestampUs: apiTimeUs(s.timestampUs),
          windowUs: s.windowUs,
        });
      }
    if (metrics.size === 0) return { ok: false, error: 'no metrics returned from custom metrics API' };
    return { ok: true, metrics };
  }

  /** custom.metrics.k8s.io for one object: the total demand a load entry puts on the described workload. */
  objectMetric(ref: WorkloadRef, metricName: string): Result<{ value: number }> {
    const root = this.roots.get(workloadKey(ref));
    if (root?.profile === undefined || root.profile === null || root.profile.metricName !== metricName)
      return {
        ok: false,
        error: `unable to fetch metrics from custom metrics API: the server could not find the metric ${metricName} for ${ref.kind.toLowerCase()}s ${ref.name}`,
      };
    return { ok: true, value: Math.round(root.windowDemand * 1000) };
  }

  /** external.metrics.k8s.io: every demand series named metricName in the namespace whose labels match. */
  externalMetric(
    namespace: string,
    metricName: string,
    selector: LabelSelector | undefined,
  ): Result<{ values: number[] }> {
    const values: number[] = [];
    for (const root of this.roots.values()) {
      const p = root.profile;
      if (p === null || p.metricName !== metricName || p.workload.namespace !== namespace) continue;
      if (selector !== undefined && !matchesSelector(p.labels, selector)) continue;
      values.push(Math.round(root.windowDemand * 1000));
    }
    if (values.length === 0) return { ok: false, error: 'no metrics returned from external metrics API' };
    return { ok: true, values };
  }
}

/** A pod's share of its workload's demand: its serving weight over the total (0 while it does not serve). */
function shareAt(
  serving: ServingSet,
  uid: string,
  nowUs: TimeUs,
  totalWeight: number,
  warmupUs: TimeUs,
): number {
  const since = serving.readySince(uid);
  return since === undefined || totalWeight <= 0 ? 0 : servingWeight(nowUs - since, warmupUs) / totalWeight;
}

/** The pod's cpu limit in millicores when every container sets one (otherwise unlimited). */
function cpuLimitMilli(pod: Pod): number | null {
  let sum = 0;
  for (const c of pod.spec.containers) {
    const l = c.limits.milliCPU;
    if (l === undefined) return null;
    sum += l;
  }
  return pod.spec.containers.length === 0 ? null : sum;
}

/** Each container's share of the pod's usage: by its requests of the resource, evenly when none request it. */
export function containerFractions(pod: Pod): { cpu: Float64Array; memory: Float64Array } {
  const cs = pod.spec.containers;
  const of = (req: (c: (typeof cs)[number]) => number) => {
    const r = cs.map(req);
    const sum = r.reduce((a, b) => a + b, 0);
    return Float64Array.from(r, (v) => (sum > 0 ? v / sum : 1 / cs.length));
  };
  return { cpu: of((c) => c.requests.milliCPU ?? 0), memory: of((c) => c.requests.memory ?? 0) };
}

/**
 * A sample as the metrics API reports it, in milli-units: the pod's usage split over its containers
 * (containerFractions), each container's cpu rounded up to a millicore as Quantity.MilliValue() rounds
 * nanocores, memory in whole bytes x 1000. For one container: that container's share, or null when the
 * pod has no such container.
 */
function containerValue(
  pod: Pod,
  s: PodSample,
  fractions: { cpu: Float64Array; memory: Float64Array },
  resource: string,
  container: string,
): number | null {
  const cpu = resource === 'cpu';
  if (!cpu && resource !== 'memory') return null;
  const total = cpu ? s.cpuMilli : s.memoryBytes;
  const frac = cpu ? fractions.cpu : fractions.memory;
  if (container !== '') {
    const i = pod.spec.containers.findIndex((c) => c.name === container);
    return i < 0 ? null : milliValue(cpu, total * (frac[i] as number));
  }
  // One fraction per container: the whole-pod value needs only them, not the pod's spec.
  let sum = 0;
  for (let i = 0; i < frac.length; i++) sum += milliValue(cpu, total * (frac[i] as number));
  return sum;
}

/** metrics-server stores whole nanocores and whole bytes (uint64); Quantity.MilliValue rounds nanocores up. */
function milliValue(cpu: boolean, v: number): number {
  return cpu ? Math.ceil(Math.trunc(v * 1e6) / 1e6) : Math.trunc(v) * 1000;
}
