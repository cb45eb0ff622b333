// The HorizontalPodAutoscaler (autoscaling/v2) after API defaulting, in Kubernetes field names:
// quantities are MilliValue() integers (cpu millicores, memory milli-bytes, custom metrics milli-units).
// Defaults follow pkg/apis/autoscaling/v2/defaults.go: minReplicas 1, a cpu 80 % utilization metric
// when none is given, and, only when spec.behavior is present, every unset scaling-rule field filled
// (scale-up: no stabilization, Max of 4 pods or 100 % per 15 s; scale-down: Max of 100 % per 15 s, the
// stabilization window left unset so the controller's --horizontal-pod-autoscaler-downscale-stabilization
// applies). Without spec.behavior the controller takes its legacy path (behavior: null).

import type { LabelSelector } from '../../model/types.js';

export type MetricTargetType = 'Utilization' | 'Value' | 'AverageValue';

export interface MetricTarget {
  readonly type: MetricTargetType;
  /** Value target, milli-units. */
  readonly value?: number;
  /** AverageValue target, milli-units. */
  readonly averageValue?: number;
  /** Utilization target, percent of requests. */
  readonly averageUtilization?: number;
}

export interface MetricIdentifier {
  readonly name: string;
  readonly selector?: LabelSelector;
}

export interface CrossVersionObjectReference {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
}

export type MetricSpec =
  | { readonly type: 'Resource'; readonly resource: { readonly name: string; readonly target: MetricTarget } }
  | {
      readonly type: 'ContainerResource';
      readonly containerResource: {
        readonly name: string;
        readonly container: string;
        readonly target: MetricTarget;
      };
    }
  | {
      readonly type: 'Pods';
      readonly pods: { readonly metric: MetricIdentifier; readonly target: MetricTarget };
    }
  | {
      readonly type: 'Object';
      readonly object: {
        readonly describedObject: CrossVersionObjectReference;
        readonly metric: MetricIdentifier;
        readonly target: MetricTarget;
      };
    }
  | {
      readonly type: 'External';
      readonly external: { readonly metric: MetricIdentifier; readonly target: MetricTarget };
    };

export interface ScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface ScalingRules {
  /** null only on scale-down before the controller applies its downscale stabilization flag. */
  readonly stabilizationWindowSeconds: number | null;
  readonly selectPolicy: SelectPolicy;
  readonly policies: readonly ScalingPolicy[];
  /** behavior.scale{Up,Down}.tolerance (HPAConfigurableTolerance), or null for the controller's flag. */
  readonly tolerance: number | null;
}

export interface HpaBehavior {
  readonly scaleUp: ScalingRules;
  readonly scaleDown: ScalingRules;
}

export interface HpaSpec {
  readonly scaleTargetRef: CrossVersionObjectReference;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly metrics: readonly MetricSpec[];
  readonly behavior: HpaBehavior | null;
}

/** pkg/apis/autoscaling DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** defaults.go defaultHPAScaleUpRules. */
export const DEFAULT_SCALE_UP_RULES: ScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
  tolerance: null,
};

/** defaults.go defaultHPAScaleDownRules (window left to the controller flag). */
export const DEFAULT_SCALE_DOWN_RULES: ScalingRules = {
  stabilizationWindowSeconds: null,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  tolerance: null,
};

export interface PartialScalingRules {
  readonly stabilizationWindowSeconds?: number | null | undefined;
  readonly selectPolicy?: SelectPolicy | undefined;
  readonly policies?: readonly ScalingPolicy[] | undefined;
  readonly tolerance?: number | null | undefined;
}

/** copyHPAScalingRules: set fields override the defaults, whole lists at a time. */
export function withScalingDefaults(from: PartialScalingRules | undefined, to: ScalingRules): ScalingRules {
  if (from === undefined) return to;
  return {
    stabilizationWindowSeconds: from.stabilizationWindowSeconds ?? to.stabilizationWindowSeconds,
    selectPolicy: from.selectPolicy ?? to.selectPolicy,
    policies: from.policies ?? to.policies,
    tolerance: from.tolerance ?? to.tolerance,
  };
}
