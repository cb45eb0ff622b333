// HorizontalPodAutoscaler manifests (autoscaling/v2, and autoscaling/v1 converted to v2), with the API
// server's defaulting (pkg/apis/autoscaling/v2/defaults.go, v1 conversion: targetCPUUtilizationPercentage
// becomes a cpu Utilization metric, 80 when unset) and validation (pkg/apis/autoscaling/validation/
// validation.go, messages as upstream). autoscaling/v2beta2 and v2beta1 were removed in 1.26 and are
// rejected as the API server rejects them.

import { z } from 'zod';
import { labelSelectorSchema, objectMetaSchema } from '../../model/k8s-schema.js';
import { parseMilliQuantity } from '../../model/quantity.js';
import {
  DEFAULT_CPU_UTILIZATION,
  DEFAULT_SCALE_DOWN_RULES,
  DEFAULT_SCALE_UP_RULES,
  type HpaSpec,
  type MetricSpec,
  type MetricTarget,
  type ScalingRules,
  withScalingDefaults,
} from './types.js';

/** validation.go MaxPeriodSeconds, MaxStabilizationWindowSeconds */
export const MAX_PERIOD_SECONDS = 1800;
export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

const quantityString = z.union([z.string(), z.number()]);

const targetSchema = z.strictObject({
  type: z.string(),
  value: quantityString.optional(),
  averageValue: quantityString.optional(),
  averageUtilization: z.number().int().optional(),
});

const identifierSchema = z.strictObject({ name: z.string(), selector: labelSelectorSchema.optional() });

const crossRefSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string(),
  name: z.string(),
});

const metricSchema = z.strictObject({
  type: z.string(),
  resource: z.strictObject({ name: z.string(), target: targetSchema }).optional(),
  containerResource: z
    .strictObject({ name: z.string(), container: z.string(), target: targetSchema })
    .optional(),
  pods: z.strictObject({ metric: identifierSchema, target: targetSchema }).optional(),
  object: z
    .strictObject({ describedObject: crossRefSchema, metric: identifierSchema, target: targetSchema })
    .optional(),
  external: z.strictObject({ metric: identifierSchema, target: targetSchema }).optional(),
});

const rulesSchema = z.strictObject({
  stabilizationWindowSeconds: z.number().int().optional(),
  selectPolicy: z.string().optional(),
  policies: z
    .array(z.strictObject({ type: z.string(), value: z.number().int(), periodSeconds: z.number().int() }))
    .optional(),
  tolerance: quantityString.optional(),
});

const meta = objectMetaSchema.extend({ name: z.string().min(1, { error: 'needs metadata.name' }) });

/**
 * A HorizontalPodAutoscaler manifest: autoscaling/v2 (metrics, behavior) or autoscaling/v1
 * (targetCPUUtilizationPercentage); a field of the other version is an unknown field, as in the API.
 */
export const hpaManifestSchema = z
  .strictObject({
    apiVersion: z.string(),
    kind: z.literal('HorizontalPodAutoscaler'),
    metadata: meta,
    spec: z.strictObject({
      scaleTargetRef: crossRefSchema,
      minReplicas: z.number().int().optional(),
      maxReplicas: z.number().int(),
      metrics: z.array(metricSchema).optional(),
      behavior: z
        .strictObject({ scaleUp: rulesSchema.optional(), scaleDown: rulesSchema.optional() })
        .optional(),
      targetCPUUtilizationPercentage: z.number().int().optional(),
    }),
    status: z.unknown().optional(),
  })
  .superRefine((m, ctx) => {
    if (m.apiVersion !== 'autoscaling/v2' && m.apiVersion !== 'autoscaling/v1') {
      ctx.addIssue({
        code: 'custom',
        path: ['apiVersion'],
        message: `no matches for kind "HorizontalPodAutoscaler" in version "${m.apiVersion}" (served: autoscaling/v2, autoscaling/v1; v2beta1 and v2beta2 were removed in 1.26)`,
      });
      return;
    }
    const foreign =
      m.apiVersion === 'autoscaling/v1' ? ['metrics', 'behavior'] : ['targetCPUUtilizationPercentage'];
    for (const f of foreign)
      if ((m.spec as Record<string, unknown>)[f] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['spec', f],
          message: `unknown field "${f}" in ${m.apiVersion}`,
        });
  });

export type HpaManifest = z.output<typeof hpaManifestSchema>;

/** An HPA of the scenario: where it lives and its defaulted spec. */
export interface HpaObject {
  readonly namespace: string;
  readonly name: string;
  readonly spec: HpaSpec;
}

export interface FieldIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export class HpaValidationError extends Error {
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
}

/** Defaults and validates a parsed HPA manifest into the spec the controller reads. */
export function hpaSpecFromManifest(m: HpaManifest): HpaSpec {
  const issues: FieldIssue[] = [];
  const spec = m.apiVersion === 'autoscaling/v1' ? fromV1(m) : fromV2(m, issues);
  validateSpec(spec, issues);
  if (issues.length > 0) throw new HpaValidationError(issues);
  return spec;
}

function fromV1(m: HpaManifest): HpaSpec {
  return {
    scaleTargetRef: m.spec.scaleTargetRef,
    minReplicas: m.spec.minReplicas ?? 1,
    maxReplicas: m.spec.maxReplicas,
    metrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: {
            type: 'Utilization',
            averageUtilization: m.spec.targetCPUUtilizationPercentage ?? DEFAULT_CPU_UTILIZATION,
          },
        },
      },
    ],
    behavior: null,
  };
}

type V2 = HpaManifest;
type RawMetric = NonNullable<V2['spec']['metrics']>[number];
type RawTarget = z.output<typeof targetSchema>;
type RawRules = z.output<typeof rulesSchema>;

function fromV2(m: V2, issues: FieldIssue[]): HpaSpec {
  const path = ['spec'];
  const metrics =
    m.spec.metrics === undefined || m.spec.metrics.length === 0
      ? [defaultCpuMetric()]
      : m.spec.metrics.flatMap((x, i) => {
          const r = metricFrom(x, [...path, 'metrics', i], issues);
          return r === null ? [] : [r];
        });
  const b = m.spec.behavior;
  return {
    scaleTargetRef: m.spec.scaleTargetRef,
    minReplicas: m.spec.minReplicas ?? 1,
    maxReplicas: m.spec.maxReplicas,
    metrics,
    behavior:
      b === undefined
        ? null
        : {
            scaleUp: rulesFrom(b.scaleUp, DEFAULT_SCALE_UP_RULES, [...path, 'behavior', 'scaleUp'], issues),
            scaleDown: rulesFrom(
              b.scaleDown,
              DEFAULT_SCALE_DOWN_RULES,
              [...path, 'behavior', 'scaleDown'],
              issues,
            ),
          },
  };
}

function defaultCpuMetric(): MetricSpec {
  return {
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } },
  };
}

const SOURCE_FIELD = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
} as const;

/** validateMetricSpec plus the per-source checks. */
function metricFrom(x: RawMetric, path: (string | number)[], issues: FieldIssue[]): MetricSpec | null {
  const expected = SOURCE_FIELD[x.type as keyof typeof SOURCE_FIELD];
  if (expected === undefined) {
    issues.push({
      path: [...path, 'type'],
      message: `Unsupported value: "${x.type}": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"`,
    });
    return null;
  }
  for (const f of Object.values(SOURCE_FIELD))
    if (f !== expected && x[f] !== undefined)
      issues.push({ path: [...path, f], message: 'Forbidden: must populate the given metric source only' });
  const src = x[expected];
  if (src === undefined) {
    issues.push({
      path: [...path, expected],
      message: 'Required value: must populate information for the given metric source',
    });
    return null;
  }
  const tpath = [...path, expected, 'target'];
  const target = targetFrom(src.target, tpath, issues);
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) issues.push({ path: [...tpath, field], message });
  };
  switch (x.type) {
    case 'Resource':
    case 'ContainerResource': {
      need(
        target.averageUtilization !== undefined || target.averageValue !== undefined,
        'averageUtilization',
        'Required value: must set either a target raw value or a target utilization',
      );
      need(
        !(target.averageUtilization !== undefined && target.averageValue !== undefined),
        'averageValue',
        'Forbidden: may not set both a target raw value and a target utilization',
      );
      if (x.type === 'Resource')
        return { type: 'Resource', resource: { name: (src as { name: string }).name, target } };
      const c = x.containerResource as NonNullable<RawMetric['containerResource']>;
      return {
        type: 'ContainerResource',
        containerResource: { name: c.name, container: c.container, target },
      };
    }
    case 'Pods': {
      need(
        target.averageValue !== undefined,
        'averageValue',
        'Required value: must specify a positive target averageValue',
      );
      const p = x.pods as NonNullable<RawMetric['pods']>;
      return { type: 'Pods', pods: { metric: p.metric, target } };
    }
    case 'Object': {
      need(
        target.value !== undefined || target.averageValue !== undefined,
        'averageValue',
        'Required value: must set either a target value or averageValue',
      );
      const o = x.object as NonNullable<RawMetric['object']>;
      return { type: 'Object', object: { describedObject: o.describedObject, metric: o.metric, target } };
    }
    default: {
      need(
        target.value !== undefined || target.averageValue !== undefined,
        'averageValue',
        'Required value: must set either a target value for metric or a per-pod target',
      );
      need(
        !(target.value !== undefined && target.averageValue !== undefined),
        'value',
        'Forbidden: may not set both a target value for metric and a per-pod target',
      );
      const e = x.external as NonNullable<RawMetric['external']>;
      return { type: 'External', external: { metric: e.metric, target } };
    }
  }
}

/** validateMetricTarget; quantities become MilliValue() integers. */
function targetFrom(t: RawTarget, path: (string | number)[], issues: FieldIssue[]): MetricTarget {
  if (t.type !== 'Utilization' && t.type !== 'Value' && t.type !== 'AverageValue')
    issues.push({
      path: [...path, 'type'],
      message: `Invalid value: "${t.type}": must be either Utilization, Value, or AverageValue`,
    });
  const q = (v: string | number | undefined, field: string): number | undefined => {
    if (v === undefined) return undefined;
    let milli: number;
    try {
      milli = parseMilliQuantity(v);
    } catch (e) {
      issues.push({ path: [...path, field], message: (e as Error).message });
      return undefined;
    }
    if (milli <= 0)
      issues.push({ path: [...path, field], message: `Invalid value: "${v}": must be positive` });
    return milli;
  };
  const value = q(t.value, 'value');
  const averageValue = q(t.averageValue, 'averageValue');
  if (t.averageUtilization !== undefined && t.averageUtilization < 1)
    issues.push({
      path: [...path, 'averageUtilization'],
      message: `Invalid value: ${t.averageUtilization}: must be greater than 0`,
    });
  return {
    type: t.type as MetricTarget['type'],
    ...(value !== undefined ? { value } : {}),
    ...(averageValue !== undefined ? { averageValue } : {}),
    ...(t.averageUtilization !== undefined ? { averageUtilization: t.averageUtilization } : {}),
  };
}

/** GenerateHPAScale{Up,Down}Rules + validateScalingRules. */
function rulesFrom(
  r: RawRules | undefined,
  defaults: ScalingRules,
  path: (string | number)[],
  issues: FieldIssue[],
): ScalingRules {
  if (r === undefined) return defaults;
  const w = r.stabilizationWindowSeconds;
  if (w !== undefined && w < 0)
    issues.push({
      path: [...path, 'stabilizationWindowSeconds'],
      message: `Invalid value: ${w}: must be greater than or equal to zero`,
    });
  if (w !== undefined && w > MAX_STABILIZATION_WINDOW_SECONDS)
    issues.push({
      path: [...path, 'stabilizationWindowSeconds'],
      message: `Invalid value: ${w}: must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`,
    });
  if (r.selectPolicy !== undefined && !['Max', 'Min', 'Disabled'].includes(r.selectPolicy))
    issues.push({
      path: [...path, 'selectPolicy'],
      message: `Unsupported value: "${r.selectPolicy}": supported values: "Disabled", "Max", "Min"`,
    });
  if (r.policies !== undefined && r.policies.length === 0)
    issues.push({ path: [...path, 'policies'], message: 'Required value: must specify at least one Policy' });
  r.policies?.forEach((p, i) => {
    const pp = [...path, 'policies', i];
    if (p.type !== 'Pods' && p.type !== 'Percent')
      issues.push({
        path: [...pp, 'type'],
        message: `Unsupported value: "${p.type}": supported values: "Percent", "Pods"`,
      });
    if (p.value <= 0)
      issues.push({
        path: [...pp, 'value'],
        message: `Invalid value: ${p.value}: must be greater than zero`,
      });
    if (p.periodSeconds <= 0)
      issues.push({
        path: [...pp, 'periodSeconds'],
        message: `Invalid value: ${p.periodSeconds}: must be greater than zero`,
      });
    if (p.periodSeconds > MAX_PERIOD_SECONDS)
      issues.push({
        path: [...pp, 'periodSeconds'],
        message: `Invalid value: ${p.periodSeconds}: must be less than or equal to ${MAX_PERIOD_SECONDS}`,
      });
  });
  let tolerance: number | undefined;
  if (r.tolerance !== undefined) {
    tolerance = typeof r.tolerance === 'number' ? r.tolerance : Number(r.tolerance);
    if (!Number.isFinite(tolerance)) {
      try {
        tolerance = parseMilliQuantity(r.tolerance) / 1000;
      } catch (e) {
        issues.push({ path: [...path, 'tolerance'], message: (e as Error).message });
      }
    }
    if (tolerance !== undefined && tolerance < 0)
      issues.push({
        path: [...path, 'tolerance'],
        message: `Invalid value: "${r.tolerance}": must be greater than or equal to 0`,
      });
  }
  return withScalingDefaults(
    {
      stabilizationWindowSeconds: w,
      selectPolicy: r.selectPolicy as ScalingRules['selectPolicy'] | undefined,
      policies: r.policies as ScalingRules['policies'] | undefined,
      tolerance,
    },
    defaults,
  );
}

/** validateHorizontalPodAutoscalerSpec (HPAScaleToZero off: minReplicas >= 1). */
function validateSpec(spec: HpaSpec, issues: FieldIssue[]): void {
  if (spec.minReplicas < 1)
    issues.push({
      path: ['spec', 'minReplicas'],
      message: `Invalid value: ${spec.minReplicas}: must be greater than or equal to 1`,
    });
  if (spec.maxReplicas < 1)
    issues.push({
      path: ['spec', 'maxReplicas'],
      message: `Invalid value: ${spec.maxReplicas}: must be greater than 0`,
    });
  if (spec.maxReplicas < spec.minReplicas)
    issues.push({
      path: ['spec', 'maxReplicas'],
      message: `Invalid value: ${spec.maxReplicas}: must be greater than or equal to \`minReplicas\``,
    });
  const ref = spec.scaleTargetRef;
  if (ref.kind === '') issues.push({ path: ['spec', 'scaleTargetRef', 'kind'], message: 'Required value' });
  if (ref.name === '') issues.push({ path: ['spec', 'scaleTargetRef', 'name'], message: 'Required value' });
}
