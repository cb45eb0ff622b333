// The scenario file (interfaces.md §2) as one zod schema: the single source of truth for its shape and
// types. Strict objects throughout, so a typo is an error that names its path. Includes (`{file: ...}`)
// are expanded by load.ts before this schema sees the document.

import { z } from 'zod';
import { autoscalerSchema } from '../autoscaler/config.js';
import { controllerManagerSchema } from '../controllers/controller-manager-config.js';
import { hpaManifestSchema } from '../controllers/hpa/schema.js';
import { expectListSchema } from '../expect/schema.js';
import { faultSchema } from '../faults/schema.js';
import { kubeletSchema } from '../kubelet/config.js';
import { stageSchema } from '../lifecycle/schema.js';
import { loadSchema, metricsServerSchema } from '../load/schema.js';
import { durationUs, k8sName, periodUs, stringMap } from '../model/fields.js';
import { nodeManifestSchema, podManifestSchema } from '../model/k8s-schema.js';
import {
  csiNodeManifestSchema,
  persistentVolumeClaimManifestSchema,
  persistentVolumeManifestSchema,
  storageClassManifestSchema,
} from '../model/k8s-volume-schema.js';
import {
  cronJobManifestSchema,
  daemonSetManifestSchema,
  deploymentManifestSchema,
  ignoredManifestSchema,
  jobManifestSchema,
  limitRangeManifestSchema,
  podDisruptionBudgetManifestSchema,
  priorityClassManifestSchema,
  replicaSetManifestSchema,
  replicationControllerManifestSchema,
  statefulSetManifestSchema,
} from '../model/k8s-workload-schema.js';
import { nodePoolSchema } from '../model/node-pools.js';
import { schedulerSchema } from '../scheduler/config.js';
import { arrivalSchema, operationSchema, unsupportedKindMessage } from '../workloads/workload-specs.js';

const metadataSchema = z.strictObject({
  name: k8sName(),
  description: z.string().optional(),
  labels: stringMap().optional(),
});

const apiServerSchema = z.strictObject({
  /** kube-apiserver --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds. */
  defaultNotReadyTolerationSeconds: z.number().int().nonnegative().optional(),
  defaultUnreachableTolerationSeconds: z.number().int().nonnegative().optional(),
  /** Admission plugins to switch off, e.g. [DefaultTolerationSeconds]. */
  disableAdmissionPlugins: z.array(z.enum(['DefaultTolerationSeconds', 'Priority'])).optional(),
  /**
   * --feature-gates that change what the API admits; PodLevelResources defaults to on from 1.34;
   * PodDisruptionConditions and PDBUnhealthyPodEvictionPolicy are on (locked from 1.31, gone from 1.33).
   */
  featureGates: z
    .strictObject({
      PodLevelResources: z.boolean().optional(),
      PodDisruptionConditions: z.boolean().optional(),
      PDBUnhealthyPodEvictionPolicy: z.boolean().optional(),
      /** HPA behavior.scale{Up,Down}.tolerance: alpha (off) in 1.33-1.34, beta (on) from 1.35. */
      HPAConfigurableTolerance: z.boolean().optional(),
      /** Env var names of any printable ASCII but '=': beta (on) from 1.32, GA in 1.34 (KEP-4369). */
      RelaxedEnvironmentVariableValidation: z.boolean().optional(),
    })
    .optional(),
});

const metricsSchema = z.strictObject({
  /** Sampling period of timeseries.csv. */
  interval: periodUs(durationUs(), '10s').optional(),
});

/** Manifests in spec.workloads, after includes were expanded. */
export const workloadManifestSchema = z.discriminatedUnion(
  'kind',
  [
    podManifestSchema,
    deploymentManifestSchema,
    replicaSetManifestSchema,
    daemonSetManifestSchema,
    jobManifestSchema,
    statefulSetManifestSchema,
    priorityClassManifestSchema,
    podDisruptionBudgetManifestSchema,
    hpaManifestSchema,
    cronJobManifestSchema,
    replicationControllerManifestSchema,
    limitRangeManifestSchema,
    ignoredManifestSchema,
    persistentVolumeClaimManifestSchema,
    persistentVolumeManifestSchema,
    storageClassManifestSchema,
    csiNodeManifestSchema,
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? unsupportedKindMessage(issue.input) : undefined) },
);

export const scenarioSchema = z.strictObject({
  apiVersion: z.literal('kubesim/v1alpha1', { error: 'expected apiVersion: kubesim/v1alpha1' }),
  kind: z.literal('Scenario', { error: 'expected kind: Scenario' }),
  metadata: metadataSchema,
  spec: z.strictObject({
    seed: z.number().int().nonnegative().optional(),
    /** The wall-clock instant of virtual t = 0 (RFC 3339); CronJob schedules are read against it. */
    startTime: z.string().optional(),
    duration: durationUs().refine((us) => us > 0, { error: 'expected a positive duration' }),
    maxEvents: z.number().int().positive().optional(),
    kubernetesVersion: z.string().optional(),
    cluster: z.strictObject({
      nodePools: z.array(nodePoolSchema).optional(),
      nodes: z.array(nodeManifestSchema).optional(),
    }),
    kubelet: kubeletSchema.optional(),
    controllerManager: controllerManagerSchema.optional(),
    /** cluster-autoscaler flags and the simulated cloud (src/autoscaler/config.ts). */
    autoscaler: autoscalerSchema.optional(),
    apiServer: apiServerSchema.optional(),
    scheduler: schedulerSchema.optional(),
    workloads: z.array(workloadManifestSchema).optional(),
    stages: z.array(stageSchema).optional(),
    arrivals: z.array(arrivalSchema).optional(),
    operations: z.array(operationSchema).optional(),
    /** Demand curves per workload (src/load/schema.ts). */
    load: loadSchema.optional(),
    metricsServer: metricsServerSchema.optional(),
    faults: z.array(faultSchema).optional(),
    metrics: metricsSchema.optional(),
    /** Assertions checked by `kubesim test` (src/expect/schema.ts). */
    expect: expectListSchema.optional(),
  }),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioSpec = Scenario['spec'];
export type { NodePoolSpec } from '../model/node-pools.js';
export type WorkloadManifest = z.output<typeof workloadManifestSchema>;
