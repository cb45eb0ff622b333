// spec.autoscaler.cloudProvider: the simulated cloud behind the node groups (kubesim's, not upstream's).
// How long an instance takes from the node group's IncreaseSize to its Node registering (fixed or drawn
// from a seeded distribution), how long a deleted instance takes to go away, and failures: stock-outs
// (instance creation errors of class OutOfResources, as cloudprovider.InstanceErrorInfo reports them),
// quota errors, and instances that never register, each per zone or node group over a time window.

import { z } from 'zod';
import type { TimeUs } from '../engine/time.js';
import { durationUs } from '../model/fields.js';

export const DISTRIBUTIONS = ['fixed', 'uniform', 'normal', 'lognormal', 'exponential'] as const;

const delayObjectSchema = z
  .strictObject({
    distribution: z.enum(DISTRIBUTIONS),
    value: durationUs().optional(),
    min: durationUs().optional(),
    max: durationUs().optional(),
    mean: durationUs().optional(),
    stddev: durationUs().optional(),
    median: durationUs().optional(),
    sigma: z.number().positive().optional(),
  })
  .superRefine((d, ctx) => {
    const need: Record<(typeof DISTRIBUTIONS)[number], readonly string[]> = {
      fixed: ['value'],
      uniform: ['min', 'max'],
      normal: ['mean', 'stddev'],
      lognormal: ['median', 'sigma'],
      exponential: ['mean'],
    };
    const rec = d as Record<string, unknown>;
    for (const k of need[d.distribution]) {
      if (rec[k] === undefined)
        ctx.addIssue({ code: 'custom', path: [k], message: `a ${d.distribution} distribution needs ${k}` });
    }
    if (d.distribution === 'uniform' && d.min !== undefined && d.max !== undefined && d.min > d.max)
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'max is below min' });
  });

/** A delay: a duration (fixed) or {distribution, ...}; `min`/`max` also clamp normal, lognormal and exponential draws. */
export const delaySchema = z.union([durationUs(), delayObjectSchema], {
  error:
    'expected a duration such as "2m", or {distribution: uniform|normal|lognormal|exponential|fixed, ...}',
});

export const FAILURE_MODES = ['stockout', 'quota', 'never-registers'] as const;

const failureSchema = z
  .strictObject({
    /** Instances created in this zone fail (topology.kubernetes.io/zone of the node group). */
    zone: z.string().min(1).optional(),
    /** Instances of this node group fail. */
    nodeGroup: z.string().min(1).optional(),
    from: durationUs().optional(),
    until: durationUs().optional(),
    /** Chance that each instance created in the window fails (seeded); default 1. */
    probability: z.number().min(0).max(1).optional(),
    mode: z.enum(FAILURE_MODES).optional(),
    /** The cloud's error code (e.g. GCE ZONE_RESOURCE_POOL_EXHAUSTED, AWS InsufficientInstanceCapacity). */
    errorCode: z.string().min(1).optional(),
  })
  .refine((f) => f.from === undefined || f.until === undefined || f.from < f.until, {
    error: 'until must be after from',
    path: ['until'],
  });

export const cloudProviderSchema = z.strictObject({
  /** From IncreaseSize to the Node registering (its kubelet starts and posts Ready). */
  provisioningDelay: delaySchema.optional(),
  /** From DeleteNodes to the instance being gone (then its Node object is removed). */
  deletionDelay: delaySchema.optional(),
  failures: z.array(failureSchema).optional(),
});

export type DelayInput = z.output<typeof delaySchema>;

export type DelaySpec =
  | { readonly distribution: 'fixed'; readonly valueUs: TimeUs }
  | { readonly distribution: 'uniform'; readonly minUs: TimeUs; readonly maxUs: TimeUs }
  | {
      readonly distribution: 'normal';
      readonly meanUs: TimeUs;
      readonly stddevUs: TimeUs;
      readonly minUs: TimeUs;
      readonly maxUs: TimeUs;
    }
  | {
      readonly distribution: 'lognormal';
      readonly medianUs: TimeUs;
      readonly sigma: number;
      readonly minUs: TimeUs;
      readonly maxUs: TimeUs;
    }
  | {
      readonly distribution: 'exponential';
      readonly meanUs: TimeUs;
      readonly minUs: TimeUs;
      readonly maxUs: TimeUs;
    };

export interface FailureSpec {
  readonly zone: string | null;
  readonly nodeGroup: string | null;
  readonly fromUs: TimeUs;
  readonly untilUs: TimeUs;
  readonly probability: number;
  readonly mode: (typeof FAILURE_MODES)[number];
  readonly errorCode: string;
}

export interface CloudProviderConfig {
  readonly provisioningDelay: DelaySpec;
  readonly deletionDelay: DelaySpec;
  readonly failures: readonly FailureSpec[];
}

const MIN = 60_000_000;

/**
 * FAQ.md "How fast is HPA when combined with CA?": "on GCE it usually takes 3 to 4 minutes from CA
 * request to when pods can be scheduled on newly created nodes".
 */
export const DEFAULT_PROVISIONING_DELAY: DelaySpec = {
  distribution: 'uniform',
  minUs: 3 * MIN,
  maxUs: 4 * MIN,
};
export const DEFAULT_DELETION_DELAY: DelaySpec = { distribution: 'fixed', valueUs: 0 };

const DEFAULT_ERROR_CODE: Record<FailureSpec['mode'], string> = {
  stockout: 'RESOURCE_POOL_EXHAUSTED',
  quota: 'QUOTA_EXCEEDED',
  'never-registers': 'NOT_REGISTERED',
};

export function resolveDelay(d: DelayInput): DelaySpec {
  if (typeof d === 'number') return { distribution: 'fixed', valueUs: d };
  const min = d.min ?? 0;
  const max = d.max ?? Number.MAX_SAFE_INTEGER;
  switch (d.distribution) {
    case 'fixed':
      return { distribution: 'fixed', valueUs: d.value ?? 0 };
    case 'uniform':
      return { distribution: 'uniform', minUs: min, maxUs: d.max ?? min };
    case 'normal':
      return { distribution: 'normal', meanUs: d.mean ?? 0, stddevUs: d.stddev ?? 0, minUs: min, maxUs: max };
    case 'lognormal':
      return {
        distribution: 'lognormal',
        medianUs: d.median ?? 0,
        sigma: d.sigma ?? 1,
        minUs: min,
        maxUs: max,
      };
    case 'exponential':
      return { distribution: 'exponential', meanUs: d.mean ?? 0, minUs: min, maxUs: max };
  }
}

export function resolveCloudProvider(raw: z.output<typeof cloudProviderSchema>): CloudProviderConfig {
  return {
    provisioningDelay:
      raw.provisioningDelay === undefined ? DEFAULT_PROVISIONING_DELAY : resolveDelay(raw.provisioningDelay),
    deletionDelay: raw.deletionDelay === undefined ? DEFAULT_DELETION_DELAY : resolveDelay(raw.deletionDelay),
    failures: (raw.failures ?? []).map((f) => {
      const mode = f.mode ?? 'stockout';
      return {
        zone: f.zone ?? null,
        nodeGroup: f.nodeGroup ?? null,
        fromUs: f.from ?? 0,
        untilUs: f.until ?? Number.MAX_SAFE_INTEGER,
        probability: f.probability ?? 1,
        mode,
        errorCode: f.errorCode ?? DEFAULT_ERROR_CODE[mode],
      };
    }),
  };
}

/** One draw of a delay in whole microseconds; `next` is a seeded uniform [0, 1) source. */
export function drawDelayUs(d: DelaySpec, next: () => number): TimeUs {
  const clamp = (v: number, lo: number, hi: number) => Math.round(Math.min(hi, Math.max(lo, v)));
  switch (d.distribution) {
    case 'fixed':
      return d.valueUs;
    case 'uniform':
      return clamp(d.minUs + next() * (d.maxUs - d.minUs), d.minUs, d.maxUs);
    case 'normal':
      return clamp(d.meanUs + d.stddevUs * standardNormal(next), d.minUs, d.maxUs);
    case 'lognormal':
      return clamp(d.medianUs * Math.exp(d.sigma * standardNormal(next)), d.minUs, d.maxUs);
    case 'exponential':
      return clamp(-d.meanUs * Math.log(1 - next()), d.minUs, d.maxUs);
  }
}

/** Box-Muller with two draws (one value used), so every call consumes exactly two numbers. */
function standardNormal(next: () => number): number {
  const u1 = 1 - next();
  const u2 = next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
