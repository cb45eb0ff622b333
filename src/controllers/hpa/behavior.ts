// Normalizing a metric-desired replica count into the count the HPA applies, as pure functions over
// the controller's memory (pkg/controller/podautoscaler/horizontal.go): without spec.behavior, the
// downscale stabilization window (--horizontal-pod-autoscaler-downscale-stabilization) and the fixed
// scale-up limit max(2 x current, 4); with spec.behavior, the scale-up/scale-down stabilization
// windows and the rate policies over the recorded scale events. Times are virtual microseconds; the
// cutoffs keep Go's strict Before/After comparisons, so an entry exactly one window old is *in* the
// legacy window and *out* of a behavior window, as upstream.

import type { TimeUs } from '../../engine/time.js';
import type { ScalingRules } from './types.js';

/** An unstabilized recommendation (timestampedRecommendation). */
export interface Recommendation {
  replicas: number;
  atUs: TimeUs;
}

/** A rescale the controller made (timestampedScaleEvent): change is always >= 0. */
export interface ScaleEvent {
  change: number;
  atUs: TimeUs;
  outdated: boolean;
}

/** What the controller remembers per HPA between syncs (recommendations, scaleUpEvents, scaleDownEvents). */
export interface HpaMemory {
  recommendations: Recommendation[] | null;
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export function emptyMemory(): HpaMemory {
  return { recommendations: null, scaleUpEvents: [], scaleDownEvents: [] };
}

const US_PER_S = 1_000_000;

/** horizontal.go scaleUpLimitFactor / scaleUpLimitMinimum (upstream tests raise the factor to 8). */
export interface ScaleUpLimit {
  readonly factor: number;
  readonly minimum: number;
}

export const DEFAULT_SCALE_UP_LIMIT: ScaleUpLimit = { factor: 2.0, minimum: 4.0 };

export interface Limited {
  readonly replicas: number;
  readonly reason: string;
  readonly message: string;
}

/**
 * stabilizeRecommendation (no behavior): the highest recommendation of the last window, the current
 * one included; the current one replaces the oldest outdated entry or is appended.
 */
export function stabilizeRecommendation(
  recs: Recommendation[],
  prenormalized: number,
  nowUs: TimeUs,
  windowUs: TimeUs,
): number {
  let max = prenormalized;
  let oldIndex = -1;
  const cutoff = nowUs - windowUs;
  recs.forEach((rec, i) => {
    if (rec.atUs < cutoff) oldIndex = i;
    else if (rec.replicas > max) max = rec.replicas;
  });
  const entry = { replicas: prenormalized, atUs: nowUs };
  if (oldIndex >= 0) recs[oldIndex] = entry;
  else recs.push(entry);
  return max;
}

/** convertDesiredReplicasWithRules (no behavior): min/max and the fixed scale-up limit. */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  minReplicas: number,
  maxReplicas: number,
  limit: ScaleUpLimit = DEFAULT_SCALE_UP_LIMIT,
): Limited {
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas, limit);
  let maximum: number;
  let reason: string;
  let message: string;
  if (maxReplicas > scaleUpLimit) {
    maximum = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maximum = maxReplicas;
    reason = 'TooManyReplicas';
    message = 'the desired replica count is more than the maximum replica count';
  }
  if (desiredReplicas < minReplicas)
    return {
      replicas: minReplicas,
      reason: 'TooFewReplicas',
      message: 'the desired replica count is less than the minimum replica count',
    };
  if (desiredReplicas > maximum) return { replicas: maximum, reason, message };
  return WITHIN(desiredReplicas);
}

function WITHIN(replicas: number): Limited {
  return {
    replicas,
    reason: 'DesiredWithinRange',
    message: 'the desired count is within the acceptable range',
  };
}

export function calculateScaleUpLimit(
  currentReplicas: number,
  limit: ScaleUpLimit = DEFAULT_SCALE_UP_LIMIT,
): number {
  return Math.trunc(Math.max(limit.factor * currentReplicas, limit.minimum));
}

/** The arguments normalizeDesiredReplicasWithBehaviors passes on (NormalizationArg). */
export interface NormalizationArg {
  readonly scaleUp: ScalingRules;
  readonly scaleDown: ScalingRules;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
}

/**
 * stabilizeRecommendationWithBehaviors: the lowest recommendation of the scale-up window and the
 * highest of the scale-down window bound the result around the current count; the new recommendation
 * replaces an entry outside both windows or is appended.
 */
export function stabilizeRecommendationWithBehaviors(
  recs: Recommendation[],
  arg: NormalizationArg,
  nowUs: TimeUs,
): Limited {
  let up = arg.desiredReplicas;
  let down = arg.desiredReplicas;
  const upCutoff = nowUs - (arg.scaleUp.stabilizationWindowSeconds ?? 0) * US_PER_S;
  const downCutoff = nowUs - (arg.scaleDown.stabilizationWindowSeconds ?? 0) * US_PER_S;
  let oldIndex = -1;
  recs.forEach((rec, i) => {
    if (rec.atUs > upCutoff) up = Math.min(rec.replicas, up);
    if (rec.atUs > downCutoff) down = Math.max(rec.replicas, down);
    if (rec.atUs < upCutoff && rec.atUs < downCutoff) oldIndex = i;
  });
  let recommendation = arg.currentReplicas;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  const entry = { replicas: arg.desiredReplicas, atUs: nowUs };
  if (oldIndex >= 0) recs[oldIndex] = entry;
  else recs.push(entry);
  return arg.desiredReplicas >= arg.currentReplicas
    ? {
        replicas: recommendation,
        reason: 'ScaleUpStabilized',
        message:
          'recent recommendations were lower than current one, applying the lowest recent recommendation',
      }
    : {
        replicas: recommendation,
        reason: 'ScaleDownStabilized',
        message:
          'recent recommendations were higher than current one, applying the highest recent recommendation',
      };
}

/** getReplicasChangePerPeriod: replicas changed by events newer than the period (strictly after the cutoff). */
export function getReplicasChangePerPeriod(
  periodSeconds: number,
  events: readonly ScaleEvent[],
  nowUs: TimeUs,
): number {
  const cutoff = nowUs - periodSeconds * US_PER_S;
  let replicas = 0;
  for (const e of events) if (e.atUs > cutoff) replicas += e.change;
  return replicas;
}

/** calculateScaleUpLimitWithScalingRules: the most replicas the scale-up policies allow now. */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: ScalingRules,
  nowUs: TimeUs,
): number {
  return policyLimit(true, currentReplicas, upEvents, downEvents, rules, nowUs);
}

/** calculateScaleDownLimitWithBehaviors: the fewest replicas the scale-down policies allow now. */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: ScalingRules,
  nowUs: TimeUs,
): number {
  return policyLimit(false, currentReplicas, upEvents, downEvents, rules, nowUs);
}

/**
 * The limit of one direction's policies: each proposes a count from the replicas at its period's
 * start; selectPolicy Max takes the proposal allowing the biggest change (the highest on the way up,
 * the lowest on the way down), Min the smallest change, Disabled no change.
 */
function policyLimit(
  up: boolean,
  currentReplicas: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: ScalingRules,
  nowUs: TimeUs,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const highest = up === (rules.selectPolicy !== 'Min');
  let result = highest ? MIN_INT32 : MAX_INT32;
  for (const policy of rules.policies) {
    const start = periodStartReplicas(currentReplicas, policy.periodSeconds, upEvents, downEvents, nowUs);
    const proposed = up
      ? // The percent proposal rounds up, so a scale-up always adds at least one pod.
        policy.type === 'Pods'
        ? start + policy.value
        : Math.ceil(start * (1 + policy.value / 100))
      : policy.type === 'Pods'
        ? start - policy.value
        : Math.trunc(start * (1 - policy.value / 100));
    result = highest ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

const MAX_INT32 = 2_147_483_647;
const MIN_INT32 = -2_147_483_648;

function periodStartReplicas(
  currentReplicas: number,
  periodSeconds: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  nowUs: TimeUs,
): number {
  return (
    currentReplicas -
    getReplicasChangePerPeriod(periodSeconds, upEvents, nowUs) +
    getReplicasChangePerPeriod(periodSeconds, downEvents, nowUs)
  );
}

/** convertDesiredReplicasWithBehaviorRate: min/max and the behavior's rate limits (not its windows). */
export function convertDesiredReplicasWithBehaviorRate(
  arg: NormalizationArg,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  nowUs: TimeUs,
): Limited {
  if (arg.desiredReplicas > arg.currentReplicas) {
    let limit = calculateScaleUpLimitWithScalingRules(
      arg.currentReplicas,
      upEvents,
      downEvents,
      arg.scaleUp,
      nowUs,
    );
    // No further scale-up until the recent scale-up events age out.
    if (limit < arg.currentReplicas) limit = arg.currentReplicas;
    const limited =
      arg.maxReplicas > limit
        ? {
            replicas: limit,
            reason: 'ScaleUpLimit',
            message: 'the desired replica count is increasing faster than the maximum scale rate',
          }
        : {
            replicas: arg.maxReplicas,
            reason: 'TooManyReplicas',
            message: 'the desired replica count is more than the maximum replica count',
          };
    if (arg.desiredReplicas > limited.replicas) return limited;
  } else if (arg.desiredReplicas < arg.currentReplicas) {
    let limit = calculateScaleDownLimitWithBehaviors(
      arg.currentReplicas,
      upEvents,
      downEvents,
      arg.scaleDown,
      nowUs,
    );
    if (limit > arg.currentReplicas) limit = arg.currentReplicas;
    const limited =
      arg.minReplicas < limit
        ? {
            replicas: limit,
            reason: 'ScaleDownLimit',
            message: 'the desired replica count is decreasing faster than the maximum scale rate',
          }
        : {
            replicas: arg.minReplicas,
            reason: 'TooFewReplicas',
            message: 'the desired replica count is less than the minimum replica count',
          };
    if (arg.desiredReplicas < limited.replicas) return limited;
  }
  return WITHIN(arg.desiredReplicas);
}

/** getLongestPolicyPeriod */
export function longestPolicyPeriod(rules: ScalingRules): number {
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** markScaleEventsOutdated: events older than the longest policy period may be reused. */
export function markScaleEventsOutdated(
  events: ScaleEvent[],
  longestPeriodSeconds: number,
  nowUs: TimeUs,
): void {
  const cutoff = nowUs - longestPeriodSeconds * US_PER_S;
  for (const e of events) if (e.atUs < cutoff) e.outdated = true;
}

/**
 * storeScaleEvent: records a rescale in the direction's event list (only with a behavior), reusing
 * the last outdated entry's slot.
 */
export function storeScaleEvent(
  memory: HpaMemory,
  behavior: { readonly scaleUp: ScalingRules; readonly scaleDown: ScalingRules } | null,
  prevReplicas: number,
  newReplicas: number,
  nowUs: TimeUs,
): void {
  if (behavior === null) return;
  const up = newReplicas > prevReplicas;
  const events = up ? memory.scaleUpEvents : memory.scaleDownEvents;
  markScaleEventsOutdated(events, longestPolicyPeriod(up ? behavior.scaleUp : behavior.scaleDown), nowUs);
  const entry: ScaleEvent = {
    change: up ? newReplicas - prevReplicas : prevReplicas - newReplicas,
    atUs: nowUs,
    outdated: false,
  };
  let oldIndex = -1;
  events.forEach((e, i) => {
    if (e.outdated) oldIndex = i;
  });
  if (oldIndex >= 0) events[oldIndex] = entry;
  else events.push(entry);
}
