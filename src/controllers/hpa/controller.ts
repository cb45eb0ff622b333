// The HorizontalPodAutoscaler controller (kube-controller-manager's horizontal-pod-autoscaler): one
// sync per HPA every --horizontal-pod-autoscaler-sync-period, the first one a period after the HPA is
// created (enqueueHPA's AddRateLimited; the immediate first sync of PR #138294 came after v1.36), then
// a period after each sync (processNextWorkItem). Each sync reads the target's scale subresource, the
// pods it selects and the metrics APIs, runs the pure reconcileAutoscaler and carries out its result:
// spec.replicas through the scale subresource (the same store write the timed `scale` operation
// makes), the HPA's status, and its Events as events.csv rows (kind Workload, object
// HorizontalPodAutoscaler/<namespace>/<name>). Repeated identical Warning events of one HPA are written
// once until a different event comes, as the event recorder's correlator folds them into a count.

import type { EventHandle } from '../../engine/event-queue.js';
import { apiTimeUs, type TimeUs } from '../../engine/time.js';
import type { HandlersFor } from '../../kernel/handlers.js';
import { Lane } from '../../kernel/lanes.js';
import type { HpaStatusView, MetricsApi } from '../../kernel/ports/metrics-api.js';
import type { ReasonOf } from '../../model/event-reasons.js';
import type { LabelSelector, Pod } from '../../model/types.js';
import { conditionRows } from '../../workloads/conditions.js';
import type { Deployment, ReplicaSet } from '../../workloads/objects.js';
import type { WorkloadStore } from '../../workloads/store.js';
import type { KcmController, KcmKernel } from '../kcm-controller.js';
import { emptyMemory, type HpaMemory } from './behavior.js';
import type { HpaControllerConfig } from './config.js';
import type { HpaSyncEvent } from './events.js';
import type { HpaInputs } from './inputs.js';
import {
  type HpaEvent,
  type HpaStatus,
  INITIAL_STATUS,
  type MetricsClient,
  reconcileAutoscaler,
  type ScaleView,
} from './reconcile.js';
import type { CalcPod, RequestMemo } from './replica-calculator.js';
import type { HpaObject } from './schema.js';
import type { CrossVersionObjectReference } from './types.js';

export type { MetricsApi } from '../../kernel/ports/metrics-api.js';
export type { HpaObject } from './schema.js';

/** The HPA controller's kernel slice: its sync events and the kube-controller-manager flags. */
export type HpaKernel = KcmKernel<HpaSyncEvent>;

export interface HpaRecord {
  readonly object: HpaObject;
  readonly key: string;
  status: HpaStatus;
  /** Recommendations and scale events: the controller's memory, lost when the process restarts. */
  memory: HpaMemory;
  rescales: number;
  lastWarning: string;
  maxReplicasSeen: number;
  /** The pod list of the last sync and its calculator views (reused while the list is the same). */
  podList: readonly Pod[] | null;
  views: PodView[];
  /** The pending sync. */
  handle: EventHandle | null;
}

export class HpaController implements KcmController<HpaSyncEvent>, HpaStatusView {
  readonly handlers: HandlersFor<HpaSyncEvent> = { HpaSync: (ev) => this.sync(ev.hpa) };
  private readonly hpas = new Map<string, HpaRecord>();
  /** One calculator view per pod, updated in place at each sync (its containers never change). */
  private readonly views = new WeakMap<Pod, PodView>();
  private readonly store: WorkloadStore;
  private readonly metrics: MetricsApi;
  private readonly config: HpaControllerConfig;

  constructor(
    private readonly sim: HpaKernel,
    private readonly inputs: HpaInputs,
  ) {
    this.store = inputs.workloads;
    // Without metrics-server there are no HPAs (assemble.ts builds it whenever there is one).
    this.metrics = inputs.metrics as MetricsApi;
    this.config = sim.config.hpa;
  }

  /** The process starts: every HPA of the scenario is created now. */
  start(): void {
    for (const h of this.inputs.hpas) this.add(h);
  }

  /**
   * The process restarts: the informer lists every HPA again and each is queued like a new one (its
   * next sync one period from now); the recommendations and scale events it kept in memory are gone,
   * its status (conditions, lastScaleTime, desiredReplicas) is in the API and stays.
   */
  restart(): void {
    for (const rec of this.hpas.values()) {
      if (rec.handle !== null) this.sim.engine.cancel(rec.handle);
      rec.memory = emptyMemory();
      rec.lastWarning = '';
      this.scheduleSync(rec, this.sim.nowUs + this.config.syncPeriodUs);
    }
  }

  /** Registers an HPA created now: its first sync is one period later. */
  add(object: HpaObject): void {
    const key = `${object.namespace}/${object.name}`;
    const rec: HpaRecord = {
      object,
      key,
      status: INITIAL_STATUS,
      memory: emptyMemory(),
      rescales: 0,
      lastWarning: '',
      maxReplicasSeen: 0,
      podList: null,
      views: [],
      handle: null,
    };
    this.hpas.set(key, rec);
    this.scheduleSync(rec, this.sim.nowUs + this.config.syncPeriodUs);
  }

  get records(): IterableIterator<HpaRecord> {
    return this.hpas.values();
  }

  desiredByTarget(): ReadonlyMap<string, number> {
    const desired = new Map<string, number>();
    for (const r of this.hpas.values()) {
      const ref = r.object.spec.scaleTargetRef;
      desired.set(`${ref.kind}/${r.object.namespace}/${ref.name}`, r.status.desiredReplicas);
    }
    return desired;
  }

  private scheduleSync(rec: HpaRecord, atUs: TimeUs): void {
    rec.handle =
      atUs <= this.sim.config.durationUs
        ? this.sim.engine.scheduleAt(atUs, { kind: 'HpaSync', hpa: rec.key }, Lane.Controller)
        : null;
  }

  sync(key: string): void {
    const rec = this.hpas.get(key);
    if (rec === undefined) return;
    const { spec, namespace } = rec.object;
    rec.handle = null;
    const nowUs = this.sim.nowUs;
    const target = this.target(namespace, spec.scaleTargetRef);
    const targetKey = `${spec.scaleTargetRef.kind}/${namespace}/${spec.scaleTargetRef.name}`;
    let pods: readonly Pod[] | null = null;
    let calcPods: readonly CalcPod[] | null = null;
    const podList = () => {
      pods ??= this.metrics.podsOf(targetKey);
      return pods;
    };
    const out = reconcileAutoscaler({
      namespace,
      spec,
      status: rec.status,
      memory: rec.memory,
      scale: target.ok ? { ok: true, scale: scaleOf(target.obj) } : target,
      pods: () => {
        calcPods ??= this.calcPods(rec, podList());
        return calcPods;
      },
      metrics: this.client(namespace, targetKey),
      config: this.config,
      nowUs,
    });
    const before = rec.status.conditions;
    rec.status = out.status;
    if (out.rescale && target.ok) {
      target.obj.replicas = out.desiredReplicas;
      this.store.updated(target.obj, 'spec');
      rec.rescales++;
    }
    rec.maxReplicasSeen = Math.max(rec.maxReplicasSeen, out.status.currentReplicas, out.desiredReplicas);
    this.record(rec, out.events);
    // updateStatusIfNeeded comes last in reconcileAutoscaler, after the scale write and the Events.
    if (before !== out.status.conditions) {
      // HPA condition reasons come from the closed list (event-reasons.ts Condition).
      for (const r of conditionRows(before, out.status.conditions))
        this.row('Condition', `HorizontalPodAutoscaler/${key}`, r.reason as ReasonOf<'Condition'>, r.detail);
    }
    this.scheduleSync(rec, nowUs + this.config.syncPeriodUs);
  }

  private record(rec: HpaRecord, events: readonly HpaEvent[]): void {
    const object = `HorizontalPodAutoscaler/${rec.key}`;
    for (const e of events) {
      if (e.type === 'Warning') {
        const id = `${e.reason}\n${e.message}`;
        if (id === rec.lastWarning) continue;
        rec.lastWarning = id;
      } else rec.lastWarning = '';
      this.row('Workload', object, e.reason, e.message);
    }
  }

  private row<K extends 'Workload' | 'Condition'>(
    kind: K,
    object: string,
    reason: ReasonOf<K>,
    detail: string,
  ): void {
    this.sim.log.emit(this.sim.nowUs, kind, reason, object, '', '', detail);
  }

  /** The scale subresource's target: a Deployment or ReplicaSet in the store, or the API's error. */
  private target(
    namespace: string,
    ref: CrossVersionObjectReference,
  ): { ok: true; obj: Deployment | ReplicaSet } | { ok: false; error: string } {
    const group = (ref.apiVersion ?? '').includes('/') ? (ref.apiVersion as string).split('/')[0] : '';
    if (ref.kind !== 'Deployment' && ref.kind !== 'ReplicaSet')
      return { ok: false, error: `no matches for kind "${ref.kind}" in group "${group}"` };
    const obj = this.store.get(ref.kind, `${namespace}/${ref.name}`);
    if (obj === undefined)
      return {
        ok: false,
        error: `${ref.kind === 'Deployment' ? 'deployments' : 'replicasets'}.apps "${ref.name}" not found`,
      };
    return { ok: true, obj };
  }

  private client(namespace: string, targetKey: string): MetricsClient {
    const m = this.metrics;
    return {
      resource: (resource, container) => m.resourceMetrics(targetKey, resource, container),
      pods: (name) => m.podsMetric(targetKey, name),
      object: (name, ref) =>
        ref.kind === 'Deployment' || ref.kind === 'ReplicaSet'
          ? m.objectMetric({ kind: ref.kind, namespace, name: ref.name }, name)
          : {
              ok: false,
              error: `unable to fetch metrics from custom metrics API: the server could not find the metric ${name} for ${ref.kind.toLowerCase()}s ${ref.name}`,
            },
      external: (name, selector) => m.externalMetric(namespace, name, selector),
    };
  }

  /**
   * The pods as the replica calculator reads them, status fields refreshed now. The views are kept per
   * HPA and reused while the target's pod list is the same array (it is rebuilt on membership changes).
   */
  private calcPods(rec: HpaRecord, pods: readonly Pod[]): readonly CalcPod[] {
    if (rec.podList !== pods) {
      rec.podList = pods;
      rec.views = pods.map((p) => this.viewOf(p));
    }
    for (let i = 0; i < pods.length; i++) (rec.views[i] as PodView).refresh(pods[i] as Pod);
    return rec.views;
  }

  private viewOf(pod: Pod): PodView {
    let v = this.views.get(pod);
    if (v === undefined) {
      v = new PodView(pod);
      this.views.set(pod, v);
    }
    return v;
  }
}

/** A mutable CalcPod kept per pod: the spec part once, the status part at each sync. */
class PodView implements CalcPod {
  readonly name: string;
  phase: CalcPod['phase'] = 'Pending';
  deleting = false;
  ready: { status: 'True' | 'False'; lastTransitionUs: TimeUs } | null = null;
  startTimeUs: TimeUs | null = null;
  readonly containers: CalcPod['containers'];
  readonly podLevelRequests?: Readonly<Record<string, number>>;
  readonly requestMemo = new TwoSlotMemo();
  private readonly readyCond: { status: 'True' | 'False'; lastTransitionUs: TimeUs } = {
    status: 'False',
    lastTransitionUs: 0,
  };

  constructor(pod: Pod) {
    this.name = pod.name;
    const sidecars = pod.spec.initContainers.filter((c) => c.restartPolicy === 'Always');
    this.containers = [...pod.spec.containers, ...sidecars].map((c) => ({
      name: c.name,
      requests: milliRequests(c.requests),
    }));
    if (pod.spec.podLevelRequests !== undefined)
      this.podLevelRequests = milliRequests(pod.spec.podLevelRequests);
  }

  refresh(pod: Pod): void {
    this.phase = pod.phase;
    this.deleting = pod.deletionUs !== null;
    // status.startTime: kubesim's kubelet admits a pod when it is bound. Until then the pod has no
    // PodReady condition; afterwards its lastTransitionTime is the last readiness change, or the start.
    // Both are metav1.Time, which the API carries in whole seconds (apiTimeUs).
    const start = pod.scheduledUs === null ? null : apiTimeUs(pod.scheduledUs);
    this.startTimeUs = start;
    if (start === null) this.ready = null;
    else {
      this.readyCond.status = pod.ready ? 'True' : 'False';
      this.readyCond.lastTransitionUs =
        pod.readyTransitionUs === null ? start : apiTimeUs(pod.readyTransitionUs);
      this.ready = this.readyCond;
    }
  }
}

/** calculateRequests' memo for one pod: an HPA reads one or two (container, resource) keys. */
class TwoSlotMemo implements RequestMemo {
  private k1 = '';
  private v1: number | string = 0;
  private k2 = '';
  private v2: number | string = 0;

  get(key: string): number | string | undefined {
    if (key === this.k1) return this.v1;
    if (key === this.k2) return this.v2;
    return undefined;
  }

  set(key: string, value: number | string): void {
    this.k2 = this.k1;
    this.v2 = this.v1;
    this.k1 = key;
    this.v1 = value;
  }
}

/** Requests as Quantity.MilliValue(): cpu millicores, memory bytes x 1000. */
function milliRequests(r: { milliCPU?: number; memory?: number }): Record<string, number> {
  const out: Record<string, number> = {};
  if (r.milliCPU !== undefined) out.cpu = r.milliCPU;
  if (r.memory !== undefined) out.memory = r.memory * 1000;
  return out;
}

/** autoscaling/v1 Scale of a Deployment or ReplicaSet (registry scaleFromDeployment / scaleFromReplicaSet). */
function scaleOf(obj: Deployment | ReplicaSet): ScaleView {
  let selector = SELECTOR_TEXT.get(obj.selector);
  if (selector === undefined) {
    selector = formatSelector(obj.selector);
    SELECTOR_TEXT.set(obj.selector, selector);
  }
  return { specReplicas: obj.replicas, statusReplicas: obj.status.replicas, selector };
}

const SELECTOR_TEXT = new WeakMap<LabelSelector, string>();

/** metav1.LabelSelectorAsSelector(...).String(): "app=web,tier in (a,b)". */
export function formatSelector(sel: LabelSelector): string {
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels?.[k]}`);
  for (const r of sel.matchExpressions ?? []) {
    const vals = [...(r.values ?? [])].sort().join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${vals})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${vals})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return parts.join(',');
}
