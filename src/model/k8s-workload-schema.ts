// Schemas for workload manifests in apps/v1, batch/v1 and scheduling.k8s.io/v1 field names, so that
// manifests from public examples and `kubectl get -o yaml` dumps load unchanged: fields that shape
// simulated behaviour are typed, the rest (status, revisionHistory bookkeeping, managedFields, ...) are
// accepted and ignored. Kinds kubesim does not simulate are listed here too: some are harmless to ignore
// (a warning says so), the others are errors.

import { z } from 'zod';
import { milliQuantity } from './fields.js';
import {
  goEnum,
  labelSelectorSchema,
  objectMetaSchema,
  podTemplateSchema,
  resourceListSchema,
} from './k8s-schema.js';
import { pvcSpecSchema } from './k8s-volume-schema.js';

const any = () => z.unknown().optional();

/**
 * intstr.IntOrString for maxSurge / maxUnavailable: a count or a percentage; their ranges and the
 * percentage syntax are checked with upstream's messages by the API validation (validate-manifests.ts).
 */
export const intOrPercentSchema = z.union(
  [z.number().int(), z.string().transform((s) => s as `${number}%`)],
  {
    error: 'expected a number or a percentage such as "25%"',
  },
);

const meta = objectMetaSchema.extend({ name: z.string().min(1, { error: 'needs metadata.name' }) });

export const deploymentManifestSchema = z.strictObject({
  apiVersion: z.literal('apps/v1', { error: 'Deployment needs apiVersion: apps/v1' }),
  kind: z.literal('Deployment'),
  metadata: meta,
  spec: z.strictObject({
    replicas: z.number().int().optional(),
    selector: labelSelectorSchema,
    template: podTemplateSchema,
    strategy: z
      .strictObject({
        type: goEnum(['Recreate', 'RollingUpdate']).optional(),
        rollingUpdate: z
          .strictObject({
            maxSurge: intOrPercentSchema.optional(),
            maxUnavailable: intOrPercentSchema.optional(),
          })
          .optional(),
      })
      .optional(),
    minReadySeconds: z.number().int().optional(),
    revisionHistoryLimit: z.number().int().optional(),
    progressDeadlineSeconds: z.number().int().optional(),
    paused: z.boolean().optional(),
  }),
  status: any(),
});

export const replicaSetManifestSchema = z.strictObject({
  apiVersion: z.literal('apps/v1', { error: 'ReplicaSet needs apiVersion: apps/v1' }),
  kind: z.literal('ReplicaSet'),
  metadata: meta,
  spec: z.strictObject({
    replicas: z.number().int().optional(),
    selector: labelSelectorSchema,
    template: podTemplateSchema,
    minReadySeconds: z.number().int().optional(),
  }),
  status: any(),
});

export const daemonSetManifestSchema = z.strictObject({
  apiVersion: z.literal('apps/v1', { error: 'DaemonSet needs apiVersion: apps/v1' }),
  kind: z.literal('DaemonSet'),
  metadata: meta,
  spec: z.strictObject({
    selector: labelSelectorSchema,
    template: podTemplateSchema,
    updateStrategy: z
      .strictObject({
        type: goEnum(['RollingUpdate', 'OnDelete']).optional(),
        rollingUpdate: z
          .strictObject({
            maxUnavailable: intOrPercentSchema.optional(),
            maxSurge: intOrPercentSchema.optional(),
          })
          .optional(),
      })
      .optional(),
    minReadySeconds: z.number().int().optional(),
    revisionHistoryLimit: z.number().int().optional(),
  }),
  status: any(),
});

/** A volumeClaimTemplate: a PersistentVolumeClaim's metadata and spec (stateful_set_utils.go getPersistentVolumeClaims). */
const claimTemplateSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: meta,
  spec: pvcSpecSchema,
  status: any(),
});

const retentionValue = goEnum(['Retain', 'Delete']);

export const statefulSetManifestSchema = z.strictObject({
  apiVersion: z.literal('apps/v1', { error: 'StatefulSet needs apiVersion: apps/v1' }),
  kind: z.literal('StatefulSet'),
  metadata: meta,
  spec: z.strictObject({
    replicas: z.number().int().optional(),
    selector: labelSelectorSchema,
    template: podTemplateSchema,
    serviceName: z.string().optional(),
    podManagementPolicy: goEnum(['OrderedReady', 'Parallel']).optional(),
    updateStrategy: z
      .strictObject({
        type: goEnum(['RollingUpdate', 'OnDelete']).optional(),
        rollingUpdate: z
          .strictObject({
            partition: z.number().int().optional(),
            maxUnavailable: intOrPercentSchema.optional(),
          })
          .optional(),
      })
      .optional(),
    volumeClaimTemplates: z.array(claimTemplateSchema).optional(),
    persistentVolumeClaimRetentionPolicy: z
      .strictObject({ whenDeleted: retentionValue.optional(), whenScaled: retentionValue.optional() })
      .optional(),
    minReadySeconds: z.number().int().optional(),
    revisionHistoryLimit: z.number().int().optional(),
    ordinals: z.strictObject({ start: z.number().int().optional() }).optional(),
  }),
  status: any(),
});

export const jobManifestSchema = z.strictObject({
  apiVersion: z.literal('batch/v1', { error: 'Job needs apiVersion: batch/v1' }),
  kind: z.literal('Job'),
  metadata: meta,
  spec: z.strictObject({
    template: podTemplateSchema,
    parallelism: z.number().int().optional(),
    completions: z.number().int().optional(),
    completionMode: goEnum(['NonIndexed', 'Indexed']).optional(),
    backoffLimit: z.number().int().optional(),
    activeDeadlineSeconds: z.number().int().optional(),
    ttlSecondsAfterFinished: z.number().int().optional(),
    suspend: z.boolean().optional(),
    selector: labelSelectorSchema.optional(),
    manualSelector: z.boolean().optional(),
    // Accepted and ignored.
    podFailurePolicy: any(),
    successPolicy: any(),
    backoffLimitPerIndex: any(),
    maxFailedIndexes: any(),
    podReplacementPolicy: any(),
    managedBy: any(),
  }),
  status: any(),
});

// --- issue 13: CronJob, ReplicationController, LimitRange -------------------------------------------

/** batch/v1 CronJob (pkg/apis/batch/types.go CronJobSpec); the schedule is validated in validation/. */
export const cronJobManifestSchema = z.strictObject({
  apiVersion: z.literal('batch/v1', { error: 'CronJob needs apiVersion: batch/v1' }),
  kind: z.literal('CronJob'),
  metadata: meta,
  spec: z.strictObject({
    schedule: z.string(),
    timeZone: z.string().optional(),
    concurrencyPolicy: goEnum(['Allow', 'Forbid', 'Replace']).optional(),
    startingDeadlineSeconds: z.number().int().optional(),
    suspend: z.boolean().optional(),
    successfulJobsHistoryLimit: z.number().int().optional(),
    failedJobsHistoryLimit: z.number().int().optional(),
    jobTemplate: z.strictObject({
      metadata: objectMetaSchema.optional(),
      spec: jobManifestSchema.shape.spec,
    }),
  }),
  status: any(),
});

/** core/v1 ReplicationController: an equality selector (a map), defaulted to the template's labels. */
export const replicationControllerManifestSchema = z.strictObject({
  apiVersion: z.literal('v1', { error: 'ReplicationController needs apiVersion: v1' }),
  kind: z.literal('ReplicationController'),
  metadata: meta,
  spec: z.strictObject({
    replicas: z.number().int().optional(),
    selector: z.record(z.string(), z.string()).optional(),
    template: podTemplateSchema,
    minReadySeconds: z.number().int().optional(),
  }),
  status: any(),
});

const limitRangeItemSchema = z.strictObject({
  type: z.string(),
  max: resourceListSchema.optional(),
  min: resourceListSchema.optional(),
  default: resourceListSchema.optional(),
  defaultRequest: resourceListSchema.optional(),
  /** Ratios in thousandths for every resource ("1.5" is 1500), not rounded up to whole units. */
  maxLimitRequestRatio: z.record(z.string(), milliQuantity()).optional(),
});

/** core/v1 LimitRange: applied by the LimitRanger admission plugin to the pods of its namespace. */
export const limitRangeManifestSchema = z.strictObject({
  apiVersion: z.literal('v1', { error: 'LimitRange needs apiVersion: v1' }),
  kind: z.literal('LimitRange'),
  metadata: meta,
  spec: z.strictObject({ limits: z.array(limitRangeItemSchema) }),
});

export type CronJobManifest = z.output<typeof cronJobManifestSchema>;
export type ReplicationControllerManifest = z.output<typeof replicationControllerManifestSchema>;
export type LimitRangeManifest = z.output<typeof limitRangeManifestSchema>;

export const priorityClassManifestSchema = z.strictObject({
  apiVersion: z.literal('scheduling.k8s.io/v1', {
    error: 'PriorityClass needs apiVersion: scheduling.k8s.io/v1',
  }),
  kind: z.literal('PriorityClass'),
  metadata: meta,
  value: z.number().int(),
  globalDefault: z.boolean().optional(),
  preemptionPolicy: goEnum(['PreemptLowerPriority', 'Never']).optional(),
  description: z.string().optional(),
});

/**
 * policy/v1 PodDisruptionBudget. unhealthyPodEvictionPolicy is a plain string here so that the API
 * validation reports a wrong value with upstream's NotSupported message.
 */
export const podDisruptionBudgetManifestSchema = z.strictObject({
  apiVersion: z.literal('policy/v1', { error: 'PodDisruptionBudget needs apiVersion: policy/v1' }),
  kind: z.literal('PodDisruptionBudget'),
  metadata: meta,
  spec: z.strictObject({
    minAvailable: intOrPercentSchema.optional(),
    maxUnavailable: intOrPercentSchema.optional(),
    selector: labelSelectorSchema.optional(),
    unhealthyPodEvictionPolicy: z.string().optional(),
  }),
  status: any(),
});

/** Kinds accepted and ignored with a warning: they do not change scheduling, capacity or lifecycles. */
export const IGNORED_KINDS = [
  'Service',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Namespace',
  'Ingress',
  'IngressClass',
  'NetworkPolicy',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'Endpoints',
  'EndpointSlice',
  'CustomResourceDefinition',
] as const;

/** Why ignoring a kind is harmless (or what is lost), said in the warning. */
export const IGNORED_KIND_NOTE: Readonly<Record<(typeof IGNORED_KINDS)[number], string>> = {
  Service: 'networking is not simulated',
  ConfigMap: 'configuration data does not affect scheduling',
  Secret: 'configuration data does not affect scheduling',
  ServiceAccount: 'identity does not affect scheduling',
  Namespace: 'namespaces are implicit',
  Ingress: 'networking is not simulated',
  IngressClass: 'networking is not simulated',
  NetworkPolicy: 'networking is not simulated',
  Role: 'RBAC is not simulated',
  RoleBinding: 'RBAC is not simulated',
  ClusterRole: 'RBAC is not simulated',
  ClusterRoleBinding: 'RBAC is not simulated',
  Endpoints: 'networking is not simulated',
  EndpointSlice: 'networking is not simulated',
  CustomResourceDefinition: 'custom resources are not simulated',
};

export const ignoredManifestSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.enum(IGNORED_KINDS),
  metadata: objectMetaSchema.optional(),
});

/** Workload kinds that exist upstream but are not simulated: an error names them. */
export const UNSUPPORTED_KINDS = [] as const;

export type DeploymentManifest = z.output<typeof deploymentManifestSchema>;
export type ReplicaSetManifest = z.output<typeof replicaSetManifestSchema>;
export type DaemonSetManifest = z.output<typeof daemonSetManifestSchema>;
export type JobManifest = z.output<typeof jobManifestSchema>;
export type StatefulSetManifest = z.output<typeof statefulSetManifestSchema>;
export type PriorityClassManifest = z.output<typeof priorityClassManifestSchema>;
export type PodDisruptionBudgetManifest = z.output<typeof podDisruptionBudgetManifestSchema>;
export type IgnoredManifest = z.output<typeof ignoredManifestSchema>;
