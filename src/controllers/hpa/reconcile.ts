// One HPA sync (horizontal.go reconcileAutoscaler) as a pure function: the scale subresource, the pods
// the target's selector matches and the metrics APIs come in as data and callbacks; the new status,
// the scale to write and the Kubernetes Events come out. The controller adapter (controller.ts) only
// schedules syncs and carries out what this returns, so upstream's horizontal_test.go cases replay here
// without a simulation (test/upstream-vectors/hpa-horizontal.test.ts).

import type { TimeUs } from '../../engine/time.js';
import type { LabelSelector } from '../../model/types.js';
import {
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  DEFAULT_SCALE_UP_LIMIT,
  type HpaMemory,
  type NormalizationArg,
  type ScaleUpLimit,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
} from './behavior.js';
import { type HpaCondition, type HpaConditionType, setCondition } from './conditions.js';
import type { HpaControllerConfig } from './config.js';
import {
  type CalcParams,
  type CalcPod,
  calcPlainMetricReplicas,
  externalUsage,
  getResourceReplicas,
  type MetricsFetch,
  perPodTargetReplicas,
  type Result,
  type Tolerances,
  valueTargetReplicas,
} from './replica-calculator.js';
import { goLabelSelector } from './selector-text.js';
import type { CrossVersionObjectReference, HpaBehavior, HpaSpec, MetricSpec, MetricTarget } from './types.js';

/** status.currentMetrics[] in short form: which metric, and its current value(s). */
export interface MetricStatus {
  readonly type: MetricSpec['type'];
  readonly name: string;
  readonly current: {
    readonly value?: number;
    readonly averageValue?: number;
    readonly averageUtilization?: number;
  };
}

export interface HpaStatus {
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly lastScaleTimeUs: TimeUs | null;
  readonly currentMetrics: readonly MetricStatus[];
  readonly conditions: readonly HpaCondition[];
}

export const INITIAL_STATUS: HpaStatus = {
  currentReplicas: 0,
  desiredReplicas: 0,
  lastScaleTimeUs: null,
  currentMetrics: [],
  conditions: [],
};

/** The target's scale subresource (autoscaling/v1 Scale): spec.replicas, status.replicas, status.selector. */
export interface ScaleView {
  readonly specReplicas: number;
  readonly statusReplicas: number;
  /** status.selector: "" when the target reports none. */
  readonly selector: string;
}

/** The metrics APIs (metrics.k8s.io, custom.metrics.k8s.io, external.metrics.k8s.io) as the HPA sees them. */
export interface MetricsClient {
  resource(resource: string, container: string): MetricsFetch;
  pods(metricName: string, metricSelector: LabelSelector | undefined): MetricsFetch;
  object(
    metricName: string,
    object: CrossVersionObjectReference,
    metricSelector: LabelSelector | undefined,
  ): Result<{ value: number }>;
  external(metricName: string, selector: LabelSelector | undefined): Result<{ values: readonly number[] }>;
}

/** The Events the HPA controller records (horizontal.go's eventRecorder calls). */
export type HpaEventReason =
  | 'SuccessfulRescale'
  | 'FailedGetScale'
  | 'FailedComputeMetricsReplicas'
  | 'SelectorRequired'
  | MetricFailureReason;

/** getUnableComputeReplicaCountCondition's reasons: the Warning event and the ScalingActive condition. */
type MetricFailureReason =
  | 'FailedGetResourceMetric'
  | 'FailedGetContainerResourceMetric'
  | 'FailedGetPodsMetric'
  | 'FailedGetObjectMetric'
  | 'FailedGetExternalMetric';

export interface HpaEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: HpaEventReason;
  readonly message: string;
}

export interface ReconcileInput {
  readonly namespace: string;
  readonly spec: HpaSpec;
  readonly status: HpaStatus;
  /** The controller's memory for this HPA; updated in place (recommendations, scale events). */
  readonly memory: HpaMemory;
  /** The scale subresource, or the error getting it. */
  readonly scale: Result<{ scale: ScaleView }>;
  /** The pods the selector matches (read only when a metric needs them). */
  readonly pods: () => readonly CalcPod[];
  readonly metrics: MetricsClient;
  readonly config: HpaControllerConfig;
  readonly nowUs: TimeUs;
  readonly scaleUpLimit?: ScaleUpLimit;
}

export interface ReconcileOutput {
  /** Write spec.replicas = desiredReplicas to the scale subresource. */
  readonly rescale: boolean;
  readonly desiredReplicas: number;
  readonly status: HpaStatus;
  readonly events: readonly HpaEvent[];
  /** The sync's error, as the controller logs it (null when it succeeded). */
  readonly error: string | null;
}

class Sync {
  conditions: HpaCondition[];
  readonly events: HpaEvent[] = [];
  constructor(
    readonly input: ReconcileInput,
    readonly tolerances: Tolerances,
  ) {
    this.conditions = [...input.status.conditions];
  }

  set(type: HpaConditionType, status: 'True' | 'False', reason: string, message: string): void {
    this.conditions = setCondition(this.conditions, type, status, reason, message, this.input.nowUs);
  }

  event(type: 'Normal' | 'Warning', reason: HpaEventReason, message: string): void {
    this.events.push({ type, reason, message });
  }

  /** getUnableComputeReplicaCountCondition: a Warning event now, the condition for later. */
  unable(reason: MetricFailureReason, err: string): FailedMetric {
    this.event('Warning', reason, err);
    return { reason, message: `the HPA was unable to compute the replica count: ${err}` };
  }
}

interface FailedMetric {
  readonly reason: string;
  readonly message: string;
}

type Proposal =
  | { readonly ok: true; readonly replicas: number; readonly metric: string; readonly status: MetricStatus }
  | { readonly ok: false; readonly error: string; readonly condition: FailedMetric };

export function tolerancesFor(spec: HpaSpec, config: HpaControllerConfig): Tolerances {
  const t = { scaleDown: config.tolerance, scaleUp: config.tolerance };
  if (spec.behavior === null || !config.configurableTolerance) return t;
  return {
    scaleDown: spec.behavior.scaleDown.tolerance ?? t.scaleDown,
    scaleUp: spec.behavior.scaleUp.tolerance ?? t.scaleUp,
  };
}

export function reconcileAutoscaler(input: ReconcileInput): ReconcileOutput {
  const s = new Sync(input, tolerancesFor(input.spec, input.config));
  const { spec, nowUs } = input;
  const reference = `${spec.scaleTargetRef.kind}/${input.namespace}/${spec.scaleTargetRef.name}`;
  if (!input.scale.ok) {
    s.event('Warning', 'FailedGetScale', input.scale.error);
    s.set(
      'AbleToScale',
      'False',
      'FailedGetScale',
      `the HPA controller was unable to get the target's current scale: ${input.scale.error}`,
    );
    return finish(
      s,
      input.status.currentReplicas,
      input.status.desiredReplicas,
      input.status.currentMetrics,
      false,
      `failed to query scale subresource for ${reference}: ${input.scale.error}`,
    );
  }
  const scale = input.scale.scale;
  s.set(
    'AbleToScale',
    'True',
    'SucceededGetScale',
    "the HPA controller was able to get the target's current scale",
  );
  const currentReplicas = scale.specReplicas;
  if (input.memory.recommendations === null)
    input.memory.recommendations = [{ replicas: currentReplicas, atUs: nowUs }];

  let desiredReplicas = 0;
  let rescaleReason = '';
  let rescale = true;
  let metricStatuses: readonly MetricStatus[] = [];
  let retErr: string | null = null;
  const minReplicas = spec.minReplicas;
  let needsMetrics = true;
  if (currentReplicas === 0) {
    // HPAScaleToZero is alpha (off): a target scaled to zero by hand pauses the HPA.
    needsMetrics = false;
    rescale = false;
    s.set(
      'ScalingActive',
      'False',
      'ScalingDisabled',
      'scaling is disabled since the replica count of the target is zero',
    );
  } else if (currentReplicas > spec.maxReplicas) {
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = spec.maxReplicas;
    needsMetrics = false;
  } else if (currentReplicas < minReplicas) {
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
    needsMetrics = false;
  }

  if (needsMetrics) {
    const m = computeReplicasForMetrics(s, scale);
    metricStatuses = m.statuses;
    if (m.error !== null && m.replicas === -1) {
      s.event('Warning', 'FailedComputeMetricsReplicas', m.error);
      return finish(
        s,
        currentReplicas,
        input.status.desiredReplicas,
        metricStatuses,
        false,
        `failed to compute desired number of replicas based on listed metrics for ${reference}: ${m.error}`,
      );
    }
    retErr = m.error;
    let rescaleMetric = '';
    if (m.replicas > desiredReplicas) {
      desiredReplicas = m.replicas;
      rescaleMetric = m.metric;
    }
    if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
    desiredReplicas =
      spec.behavior === null
        ? normalizeDesiredReplicas(s, currentReplicas, desiredReplicas)
        : normalizeWithBehaviors(s, spec.behavior, currentReplicas, desiredReplicas);
    rescale = desiredReplicas !== currentReplicas;
  }

  if (rescale) {
    s.set(
      'AbleToScale',
      'True',
      'SucceededRescale',
      `the HPA controller was able to update the target scale to ${desiredReplicas}`,
    );
    s.event('Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`);
    storeScaleEvent(
      input.memory,
      spec.behavior === null ? null : withDownscaleWindow(spec.behavior, input.config),
      currentReplicas,
      desiredReplicas,
      nowUs,
    );
  } else {
    desiredReplicas = currentReplicas;
  }
  return finish(s, currentReplicas, desiredReplicas, metricStatuses, rescale, retErr);
}

function finish(
  s: Sync,
  currentReplicas: number,
  desiredReplicas: number,
  currentMetrics: readonly MetricStatus[],
  rescale: boolean,
  error: string | null,
): ReconcileOutput {
  const old = s.input.status;
  const status: HpaStatus = {
    currentReplicas,
    desiredReplicas,
    lastScaleTimeUs: rescale ? s.input.nowUs : old.lastScaleTimeUs,
    currentMetrics,
    conditions: s.conditions,
  };
  return { rescale, desiredReplicas, status, events: s.events, error };
}

interface MetricsOutcome {
  readonly replicas: number;
  readonly metric: string;
  readonly statuses: readonly MetricStatus[];
  readonly error: string | null;
}

/**
 * computeReplicasForMetrics: the highest proposal over the metrics. If every metric failed, or some
 * failed and the rest would scale down, the sync stops (-1) with the first failure's condition.
 */
function computeReplicasForMetrics(s: Sync, scale: ScaleView): MetricsOutcome {
  const { spec } = s.input;
  if (scale.selector === '') {
    const msg = 'selector is required';
    s.event('Warning', 'SelectorRequired', msg);
    s.set('ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
    return { replicas: -1, metric: '', statuses: [], error: msg };
  }
  let replicas = 0;
  let metric = '';
  let invalid = 0;
  let firstError = '';
  let firstCondition: FailedMetric | null = null;
  const statuses: MetricStatus[] = [];
  for (const m of spec.metrics) {
    const p = computeReplicasForMetric(s, m, scale);
    if (!p.ok) {
      if (invalid === 0) {
        firstError = p.error;
        firstCondition = p.condition;
      }
      invalid++;
      continue;
    }
    statuses.push(p.status);
    if (replicas === 0 || p.replicas > replicas) {
      replicas = p.replicas;
      metric = p.metric;
    }
  }
  const error =
    invalid > 0
      ? `invalid metrics (${invalid} invalid out of ${spec.metrics.length}), first error is: ${firstError}`
      : null;
  if (invalid >= spec.metrics.length || (invalid > 0 && replicas < scale.specReplicas)) {
    const c = firstCondition as FailedMetric;
    s.set('ScalingActive', 'False', c.reason, c.message);
    return { replicas: -1, metric: '', statuses, error };
  }
  s.set(
    'ScalingActive',
    'True',
    'ValidMetricFound',
    `the HPA was able to successfully calculate a replica count from ${metric}`,
  );
  return { replicas, metric, statuses, error };
}

function calcParams(s: Sync): CalcParams {
  const c = s.input.config;
  return {
    cpuInitializationPeriodUs: c.cpuInitializationPeriodUs,
    delayOfInitialReadinessStatusUs: c.initialReadinessDelayUs,
    nowUs: s.input.nowUs,
    podLevelResources: c.podLevelResources,
  };
}

function computeReplicasForMetric(s: Sync, m: MetricSpec, scale: ScaleView): Proposal {
  switch (m.type) {
    case 'Resource':
      return resourceProposal(s, 'Resource', m.resource.name, '', m.resource.target, scale.specReplicas);
    case 'ContainerResource':
      return resourceProposal(
        s,
        'ContainerResource',
        m.containerResource.name,
        m.containerResource.container,
        m.containerResource.target,
        scale.specReplicas,
      );
    case 'Pods':
      return podsProposal(s, m.pods.metric.name, m.pods.metric.selector, m.pods.target, scale.specReplicas);
    case 'Object':
      return objectProposal(s, m.object, scale);
    case 'External':
      return externalProposal(
        s,
        m.external.metric.name,
        m.external.metric.selector,
        m.external.target,
        scale,
      );
  }
}

/** computeStatusForResourceMetricGeneric (+ computeStatusFor{,Container}ResourceMetric's wrapping). */
function resourceProposal(
  s: Sync,
  type: 'Resource' | 'ContainerResource',
  resource: string,
  container: string,
  target: MetricTarget,
  currentReplicas: number,
): Proposal {
  const reason = type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
  const outer = (err: string) =>
    type === 'Resource'
      ? `failed to get ${resource} resource metric value: ${err}`
      : `failed to get ${container} container metric value: ${err}`;
  const failed = (err: string): Proposal => ({
    ok: false,
    error: outer(err),
    condition: s.unable(reason, err),
  });
  const pods = s.input.pods();
  if (target.averageValue !== undefined) {
    const fetch = s.input.metrics.resource(resource, container);
    if (!fetch.ok)
      return failed(
        `failed to get ${resource} usage: unable to get metrics for resource ${resource}: ${fetch.error}`,
      );
    const r = calcPlainMetricReplicas({
      currentReplicas,
      targetUsage: target.averageValue,
      resource,
      tolerances: s.tolerances,
      pods,
      metrics: fetch.metrics,
      params: calcParams(s),
    });
    if (!r.ok) return failed(`failed to get ${resource} usage: ${r.error}`);
    return {
      ok: true,
      replicas: r.replicas,
      metric: `${resource} resource`,
      status: { type, name: resource, current: { averageValue: r.usage } },
    };
  }
  if (target.averageUtilization === undefined)
    return failed(
      'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
    );
  const r = getResourceReplicas({
    currentReplicas,
    targetUtilization: target.averageUtilization,
    resource,
    container,
    tolerances: s.tolerances,
    pods,
    fetch: s.input.metrics.resource(resource, container),
    params: calcParams(s),
  });
  if (!r.ok) return failed(`failed to get ${resource} utilization: ${r.error}`);
  const metric =
    type === 'Resource'
      ? `${resource} resource utilization (percentage of request)`
      : `${resource} container resource utilization (percentage of request)`;
  return {
    ok: true,
    replicas: r.replicas,
    metric,
    status: {
      type,
      name: resource,
      current: { averageUtilization: r.utilization, averageValue: r.rawUtilization },
    },
  };
}

/** computeStatusForPodsMetric (GetMetricReplicas). */
function podsProposal(
  s: Sync,
  name: string,
  selector: LabelSelector | undefined,
  target: MetricTarget,
  currentReplicas: number,
): Proposal {
  const failed = (err: string): Proposal => ({
    ok: false,
    error: `failed to get pods metric value: ${err}`,
    condition: s.unable('FailedGetPodsMetric', err),
  });
  const fetch = s.input.metrics.pods(name, selector);
  if (!fetch.ok) return failed(`unable to get metric ${name}: ${fetch.error}`);
  const r = calcPlainMetricReplicas({
    currentReplicas,
    targetUsage: target.averageValue ?? 0,
    resource: '',
    tolerances: s.tolerances,
    pods: s.input.pods(),
    metrics: fetch.metrics,
    params: calcParams(s),
  });
  if (!r.ok) return failed(r.error);
  return {
    ok: true,
    replicas: r.replicas,
    metric: `pods metric ${name}`,
    status: { type: 'Pods', name, current: { averageValue: r.usage } },
  };
}

/** computeStatusForObjectMetric (GetObjectMetricReplicas, GetObjectPerPodMetricReplicas). */
function objectProposal(
  s: Sync,
  o: Extract<MetricSpec, { type: 'Object' }>['object'],
  scale: ScaleView,
): Proposal {
  const { name, selector } = o.metric;
  const failed = (inner: string, err: string): Proposal => ({
    ok: false,
    error: `failed to get object metric value: ${err}`,
    condition: s.unable('FailedGetObjectMetric', inner),
  });
  const get = () => s.input.metrics.object(name, o.describedObject, selector);
  const where = `${o.describedObject.kind} ${s.input.namespace}/${o.describedObject.name}`;
  if (o.target.type === 'Value' && o.target.value !== undefined) {
    const v = get();
    if (!v.ok) {
      const err = `unable to get metric ${name} on ${where}: ${v.error}`;
      return failed(err, err);
    }
    const r = valueTargetReplicas(scale.specReplicas, v.value, o.target.value, s.tolerances, s.input.pods());
    if (!r.ok) return failed(r.error, r.error);
    return {
      ok: true,
      replicas: r.replicas,
      metric: `${o.describedObject.kind} metric ${name}`,
      status: { type: 'Object', name, current: { value: r.usage } },
    };
  }
  if (o.target.type === 'AverageValue' && o.target.averageValue !== undefined) {
    const v = get();
    if (!v.ok) {
      const inner = `unable to get metric ${name} on ${where}: ${v.error}`;
      return failed(inner, `failed to get ${name} object metric: ${inner}`);
    }
    const r = perPodTargetReplicas(scale.statusReplicas, v.value, o.target.averageValue, s.tolerances);
    // Upstream names this proposal "external metric ...": kept for identical event text.
    return {
      ok: true,
      replicas: r.replicas,
      metric: `external metric ${name}(${goLabelSelector(selector)})`,
      status: { type: 'Object', name, current: { averageValue: r.usage } },
    };
  }
  const err = 'invalid object metric source: neither a value target nor an average value target was set';
  return failed(err, err);
}

/** computeStatusForExternalMetric (GetExternalMetricReplicas, GetExternalPerPodMetricReplicas). */
function externalProposal(
  s: Sync,
  name: string,
  selector: LabelSelector | undefined,
  target: MetricTarget,
  scale: ScaleView,
): Proposal {
  // The condition and event carry the calculator's error; the sync's error wraps it twice.
  const failed = (inner: string, wrapped: string): Proposal => ({
    ok: false,
    error: `failed to get ${name} external metric value: ${wrapped}`,
    condition: s.unable('FailedGetExternalMetric', inner),
  });
  const label = `external metric ${name}(${goLabelSelector(selector)})`;
  const unable = (e: string) =>
    `unable to get external metric ${s.input.namespace}/${name}/${goLabelSelector(selector)}: ${e}`;
  if (target.averageValue !== undefined) {
    const v = s.input.metrics.external(name, selector);
    if (!v.ok) return failed(unable(v.error), `failed to get ${name} external metric: ${unable(v.error)}`);
    const r = perPodTargetReplicas(
      scale.statusReplicas,
      externalUsage(v.values),
      target.averageValue,
      s.tolerances,
    );
    return {
      ok: true,
      replicas: r.replicas,
      metric: label,
      status: { type: 'External', name, current: { averageValue: r.usage } },
    };
  }
  if (target.value !== undefined) {
    const v = s.input.metrics.external(name, selector);
    if (!v.ok) return failed(unable(v.error), `failed to get external metric ${name}: ${unable(v.error)}`);
    const r = valueTargetReplicas(
      scale.specReplicas,
      externalUsage(v.values),
      target.value,
      s.tolerances,
      s.input.pods(),
    );
    if (!r.ok) return failed(r.error, `failed to get external metric ${name}: ${r.error}`);
    return {
      ok: true,
      replicas: r.replicas,
      metric: label,
      status: { type: 'External', name, current: { value: r.usage } },
    };
  }
  const err = 'invalid external metric source: neither a value target nor an average value target was set';
  return failed(err, err);
}

/** normalizeDesiredReplicas (no behavior): downscale stabilization window, then min/max and the fixed scale-up limit. */
function normalizeDesiredReplicas(s: Sync, currentReplicas: number, prenormalized: number): number {
  const { memory, config, spec, nowUs } = s.input;
  const stabilized = stabilizeRecommendation(
    memory.recommendations ?? [],
    prenormalized,
    nowUs,
    config.downscaleStabilizationWindowUs,
  );
  if (stabilized !== prenormalized)
    s.set(
      'AbleToScale',
      'True',
      'ScaleDownStabilized',
      'recent recommendations were higher than current one, applying the highest recent recommendation',
    );
  else s.set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
  const limited = convertDesiredReplicasWithRules(
    currentReplicas,
    stabilized,
    spec.minReplicas,
    spec.maxReplicas,
    s.input.scaleUpLimit ?? DEFAULT_SCALE_UP_LIMIT,
  );
  s.set(
    'ScalingLimited',
    limited.replicas === stabilized ? 'False' : 'True',
    limited.reason,
    limited.message,
  );
  return limited.replicas;
}

/** maybeInitScaleDownStabilizationWindow: an unset scale-down window takes the controller's flag. */
export function withDownscaleWindow(b: HpaBehavior, config: HpaControllerConfig): HpaBehavior {
  if (b.scaleDown.stabilizationWindowSeconds !== null) return b;
  const seconds = Math.trunc(config.downscaleStabilizationWindowUs / 1_000_000);
  return { ...b, scaleDown: { ...b.scaleDown, stabilizationWindowSeconds: seconds } };
}

/** normalizeDesiredReplicasWithBehaviors: stabilization windows, then min/max and the rate policies. */
function normalizeWithBehaviors(
  s: Sync,
  behavior: HpaBehavior,
  currentReplicas: number,
  prenormalized: number,
): number {
  const { memory, config, spec, nowUs } = s.input;
  const b = withDownscaleWindow(behavior, config);
  const arg: NormalizationArg = {
    scaleUp: b.scaleUp,
    scaleDown: b.scaleDown,
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    currentReplicas,
    desiredReplicas: prenormalized,
  };
  const stabilized = stabilizeRecommendationWithBehaviors(memory.recommendations ?? [], arg, nowUs);
  if (stabilized.replicas !== prenormalized)
    s.set('AbleToScale', 'True', stabilized.reason, stabilized.message);
  else s.set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
  const limited = convertDesiredReplicasWithBehaviorRate(
    { ...arg, desiredReplicas: stabilized.replicas },
    memory.scaleUpEvents,
    memory.scaleDownEvents,
    nowUs,
  );
  s.set(
    'ScalingLimited',
    limited.replicas === stabilized.replicas ? 'False' : 'True',
    limited.reason,
    limited.message,
  );
  return limited.replicas;
}
