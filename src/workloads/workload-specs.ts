// Scenario sections about workloads over time: spec.arrivals (Pods or Jobs arriving as a Poisson or
// constant-rate process from a template, or replayed from a trace CSV) and spec.operations (timed
// kubectl-style actions: scale, apply, rollout restart, set image, delete, cordon, uncordon, drain, and
// node pool growth and node removal).

import { z } from 'zod';
import { durationUs, k8sName, refuseNodeAndNodes } from '../model/fields.js';
import { objectMetaSchema, podManifestSchema } from '../model/k8s-schema.js';
import {
  daemonSetManifestSchema,
  deploymentManifestSchema,
  IGNORED_KINDS,
  jobManifestSchema,
  podDisruptionBudgetManifestSchema,
  priorityClassManifestSchema,
  replicaSetManifestSchema,
  UNSUPPORTED_KINDS,
} from '../model/k8s-workload-schema.js';

const SUPPORTED =
  'Pod, Deployment, ReplicaSet, DaemonSet, Job, CronJob, ReplicationController, StatefulSet, LimitRange, PriorityClass, PodDisruptionBudget, HorizontalPodAutoscaler, PersistentVolumeClaim, PersistentVolume, StorageClass, CSINode';

export function unsupportedKindMessage(input: unknown): string {
  const kind = typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string')
    return `expected a Kubernetes manifest with apiVersion and kind (one of ${SUPPORTED})`;
  if ((UNSUPPORTED_KINDS as readonly string[]).includes(kind)) {
    return `kind ${kind} is not simulated by kubesim (supported: ${SUPPORTED})`;
  }
  return `unknown kind "${kind}" (supported: ${SUPPORTED}; accepted and ignored with a warning: ${IGNORED_KINDS.join(', ')})`;
}

const arrivalTemplateSchema = z.discriminatedUnion(
  'kind',
  [podManifestSchema, jobManifestSchema.extend({ metadata: objectMetaSchema })],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'an arrival template is a Pod or a Job manifest' : undefined,
  },
);

export const traceSchema = z.strictObject({
  /** CSV file relative to the scenario (read by the loader into `text`), or the CSV inline in `text`. */
  file: z.string().optional(),
  text: z.string().optional(),
  /** kubesim: submit_time,cpu,memory,duration,count,priority[,name,gpu]; openb: the Alibaba openb pod list. */
  format: z.enum(['kubesim', 'openb']).optional(),
  /** Multiplies submit times and durations (0.01 replays 100x faster). */
  timeScale: z.number().positive().optional(),
  /** Replay at most this many rows. */
  limit: z.number().int().positive().optional(),
  /** openb: priority by qos class (LS, BE, Burstable, Guaranteed); default 0. */
  qosPriority: z.record(z.string(), z.number().int()).optional(),
  /** Extended resource to request for the trace's GPUs (e.g. nvidia.com/gpu); unset: GPUs are dropped. */
  gpuResource: z.string().optional(),
  /** Pod manifest the replayed pods start from (labels, tolerations, schedulerName, ...). */
  template: podManifestSchema.optional(),
});

export const arrivalSchema = z
  .strictObject({
    /** Generated objects are named <name>-<n> (Jobs) or <name>-<5 chars> (Pods). */
    name: k8sName(),
    namespace: z.string().optional(),
    /** poisson (default): exponential gaps with mean 1/rate; constant: one every 1/rate (or `interval`). */
    process: z.enum(['poisson', 'constant']).optional(),
    /** Arrivals per second. */
    rate: z.number().positive().optional(),
    interval: durationUs().optional(),
    start: durationUs().optional(),
    end: durationUs().optional(),
    count: z.number().int().positive().optional(),
    template: arrivalTemplateSchema.optional(),
    trace: traceSchema.optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.template === undefined) === (a.trace === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either template (with rate or interval) or trace' });
    }
    if (a.template !== undefined && a.rate === undefined && a.interval === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['rate'],
        message: 'a template arrival needs rate (per second) or interval',
      });
    }
    if (a.trace !== undefined && a.trace.file === undefined && a.trace.text === undefined) {
      ctx.addIssue({ code: 'custom', path: ['trace'], message: 'a trace needs file (a CSV) or text' });
    }
  });

const targetSchema = z
  .string()
  .regex(
    /^(Deployment|ReplicaSet|DaemonSet|Job|CronJob|StatefulSet|ReplicationController|PodDisruptionBudget|PersistentVolumeClaim)\/([a-z0-9-.]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    {
      error:
        'expected Kind/name or Kind/namespace/name with Kind one of Deployment, ReplicaSet, DaemonSet, Job, CronJob, StatefulSet, ReplicationController, PodDisruptionBudget, PersistentVolumeClaim',
    },
  );

const nodeTargets = { node: z.string().optional(), nodes: z.array(z.string()).min(1).optional() };

const applyManifestSchema = z.discriminatedUnion(
  'kind',
  [
    deploymentManifestSchema,
    replicaSetManifestSchema,
    daemonSetManifestSchema,
    jobManifestSchema,
    priorityClassManifestSchema,
    podManifestSchema,
    podDisruptionBudgetManifestSchema,
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? unsupportedKindMessage(issue.input) : undefined) },
);

const operationUnion = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('scale'),
      at: durationUs(),
      target: targetSchema,
      replicas: z.number().int().nonnegative(),
    }),
    z.strictObject({ action: z.literal('rollout-restart'), at: durationUs(), target: targetSchema }),
    z.strictObject({
      action: z.literal('set-image'),
      at: durationUs(),
      target: targetSchema,
      container: z.string().optional(),
      image: z.string().min(1),
    }),
    z.strictObject({ action: z.literal('apply'), at: durationUs(), manifest: applyManifestSchema }),
    z.strictObject({ action: z.literal('delete'), at: durationUs(), target: targetSchema }),
    z.strictObject({ action: z.literal('cordon'), at: durationUs(), ...nodeTargets }),
    z.strictObject({ action: z.literal('uncordon'), at: durationUs(), ...nodeTargets }),
    z.strictObject({
      action: z.literal('drain'),
      at: durationUs(),
      ...nodeTargets,
      // kubectl drain's flags (drain.ts): --grace-period, --timeout, --ignore-daemonsets, ...
      gracePeriodSeconds: z.number().int().nonnegative().optional(),
      timeout: durationUs().optional(),
      ignoreDaemonsets: z.boolean().optional(),
      deleteEmptydirData: z.boolean().optional(),
      force: z.boolean().optional(),
      disableEviction: z.boolean().optional(),
      skipWaitForDeleteTimeout: z.number().int().nonnegative().optional(),
      ignoreErrors: z.boolean().optional(),
    }),
    z.strictObject({
      action: z.literal('add-nodes'),
      at: durationUs(),
      pool: k8sName(),
      count: z.number().int().positive(),
    }),
    z.strictObject({ action: z.literal('delete-node'), at: durationUs(), ...nodeTargets }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'expected action to be one of scale, rollout-restart, set-image, apply, delete, cordon, uncordon, drain, add-nodes, delete-node'
        : undefined,
  },
);

export const operationSchema = operationUnion.superRefine((op, ctx) => refuseNodeAndNodes(op as never, ctx));

export type ArrivalSpec = z.output<typeof arrivalSchema>;
export type TraceSpec = z.output<typeof traceSchema>;
export type OperationSpec = z.output<typeof operationSchema>;
export type ApplyManifest = z.output<typeof applyManifestSchema>;
