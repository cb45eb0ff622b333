// spec.stages: declarative pod lifecycle stages in the spirit of KWOK's Stage API
// (kwok.x-k8s.io/v1alpha1 Stage: resourceRef, selector, weight, delay, next). A stage matches pods at one
// point of their life (on: Scheduled, Running or Terminating) by labels, annotations, owner kind,
// namespace and restartPolicy; it waits a delay drawn from a distribution and then moves the pod on.

import { z } from 'zod';
import { formatDuration } from '../engine/time.js';
import { durationUs, k8sName, stringMap } from '../model/fields.js';
import { labelSelectorSchema } from '../model/k8s-schema.js';

const optionalCap = { min: durationUs().optional(), max: durationUs().optional() };

const delayUnion = z.discriminatedUnion(
  'distribution',
  [
    z.strictObject({ distribution: z.literal('constant'), value: durationUs() }),
    z.strictObject({ distribution: z.literal('uniform'), min: durationUs(), max: durationUs() }),
    z.strictObject({ distribution: z.literal('exponential'), mean: durationUs(), ...optionalCap }),
    z.strictObject({
      distribution: z.literal('normal'),
      mean: durationUs(),
      stddev: durationUs(),
      ...optionalCap,
    }),
    z.strictObject({
      distribution: z.literal('lognormal'),
      median: durationUs(),
      sigma: z.number().nonnegative(),
      ...optionalCap,
    }),
    z.strictObject({
      /** KWOK's delay.durationFrom: the duration is read from a pod annotation ("90s", "1m30s" or seconds). */
      distribution: z.literal('fromAnnotation'),
      annotation: z.string().min(1),
      default: durationUs().optional(),
    }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'expected distribution: constant, uniform, exponential, normal, lognormal or fromAnnotation'
        : undefined,
  },
);

/** A delay's lower bound may not exceed its upper bound (uniform min..max, or the caps of the others). */
export const delaySchema = delayUnion.superRefine((d, ctx) => {
  const { min, max } = d as { min?: number; max?: number };
  if (min !== undefined && max !== undefined && min > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['min'],
      message: `min must not exceed max (${formatDuration(min)} > ${formatDuration(max)})`,
    });
  }
});

export const stageSelectorSchema = z.strictObject({
  ...labelSelectorSchema.shape,
  /** Annotations that must be present with these values ("" accepts any value). */
  matchAnnotations: stringMap().optional(),
  /** Kind of the pod's controller (ReplicaSet, DaemonSet, Job, or "" for pods without one). */
  ownerKinds: z.array(z.enum(['ReplicaSet', 'DaemonSet', 'Job', ''])).optional(),
  namespaces: z.array(z.string()).optional(),
  restartPolicies: z.array(z.enum(['Always', 'OnFailure', 'Never'])).optional(),
});

export const stageSchema = z
  .strictObject({
    name: k8sName(),
    on: z.enum(['Scheduled', 'Running', 'Terminating']),
    selector: stageSelectorSchema.optional(),
    /** Among the matching stages of one tier, one is chosen with probability weight / sum of weights. */
    weight: z.number().int().nonnegative().optional(),
    delay: delaySchema,
    next: z
      .strictObject({
        /** Scheduled -> Running (default) or Failed; Running -> Succeeded or Failed. */
        phase: z.enum(['Running', 'Succeeded', 'Failed']).optional(),
        /** Probability that the outcome is Failed instead (a container exiting non-zero). */
        failProbability: z.number().min(0).max(1).optional(),
        /** Pod status reason recorded on failure, e.g. Error, OOMKilled. */
        reason: z.string().optional(),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    const phase = s.next?.phase;
    const allowed: readonly string[] = {
      Scheduled: ['Running', 'Failed'],
      Running: ['Succeeded', 'Failed'],
      Terminating: [],
    }[s.on];
    if (phase !== undefined && !allowed.includes(phase)) {
      ctx.addIssue({
        code: 'custom',
        path: ['next', 'phase'],
        message:
          s.on === 'Terminating'
            ? 'a Terminating stage ends with the pod removed: it takes no next.phase'
            : `a ${s.on} stage moves the pod to ${allowed.join(' or ')}`,
      });
    }
  });

export type StageSpec = z.output<typeof stageSchema>;
export type DelaySpec = z.output<typeof delaySchema>;
