// Workload objects from their (validated) manifests, with the API server's defaults applied
// (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go): Deployment replicas 1, RollingUpdate
// with maxSurge and maxUnavailable 25%, revisionHistoryLimit 10, progressDeadlineSeconds 600;
// ReplicaSet replicas 1; DaemonSet RollingUpdate with maxUnavailable 1; Job parallelism 1, completions
// 1 when neither is set (a work queue when only parallelism is), backoffLimit 6, NonIndexed.

import type { TimeUs } from '../engine/time.js';
import type { PodTemplateManifest } from '../model/k8s-schema.js';
import type {
  CronJobManifest,
  DaemonSetManifest,
  DeploymentManifest,
  JobManifest,
  PodDisruptionBudgetManifest,
  ReplicaSetManifest,
  ReplicationControllerManifest,
  StatefulSetManifest,
} from '../model/k8s-workload-schema.js';
import type { OwnerReference } from '../model/types.js';
import { canonicalJson, podTemplateHash, templateTextOf } from './names.js';
import type {
  CronJob,
  DaemonSet,
  Deployment,
  IntOrPercent,
  Job,
  ReplicaSet,
  ReplicationController,
  StatefulSet,
} from './objects.js';
import type { UnhealthyPodEvictionPolicy } from './pdb.js';
import type { PdbInit } from './pdb-store.js';

export interface ObjectInit {
  readonly uid: string;
  readonly namespace: string;
  readonly createdUs: TimeUs;
  readonly owner: OwnerReference | null;
}

function metaOf(
  m: { metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> } },
  init: ObjectInit,
) {
  return {
    uid: init.uid,
    namespace: init.namespace,
    name: m.metadata.name,
    key: `${init.namespace}/${m.metadata.name}`,
    labels: m.metadata.labels ?? {},
    annotations: { ...(m.metadata.annotations ?? {}) },
    owner: init.owner,
    createdUs: init.createdUs,
    deletionUs: null,
    generation: 1,
  };
}

export function deploymentStrategy(spec: DeploymentManifest['spec']): Deployment['strategy'] {
  if (spec.strategy?.type === 'Recreate') return { type: 'Recreate', rollingUpdate: null };
  const ru = spec.strategy?.rollingUpdate;
  return {
    type: 'RollingUpdate',
    rollingUpdate: {
      maxSurge: (ru?.maxSurge ?? '25%') as IntOrPercent,
      maxUnavailable: (ru?.maxUnavailable ?? '25%') as IntOrPercent,
    },
  };
}

export function deploymentFrom(m: DeploymentManifest, init: ObjectInit): Deployment {
  return {
    kind: 'Deployment',
    ...metaOf(m, init),
    replicas: m.spec.replicas ?? 1,
    selector: m.spec.selector,
    template: m.spec.template,
    templateText: templateTextOf(m.spec.template),
    strategy: deploymentStrategy(m.spec),
    minReadySeconds: m.spec.minReadySeconds ?? 0,
    revisionHistoryLimit: m.spec.revisionHistoryLimit ?? 10,
    progressDeadlineSeconds: m.spec.progressDeadlineSeconds ?? 600,
    paused: m.spec.paused ?? false,
    collisionCount: 0,
    status: {
      replicas: 0,
      updatedReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      unavailableReplicas: 0,
      observedGeneration: 0,
      conditions: [],
    },
  };
}

export function replicaSetFrom(m: ReplicaSetManifest, init: ObjectInit): ReplicaSet {
  return {
    kind: 'ReplicaSet',
    ...metaOf(m, init),
    replicas: m.spec.replicas ?? 1,
    minReadySeconds: m.spec.minReadySeconds ?? 0,
    selector: m.spec.selector,
    template: m.spec.template,
    templateText: templateTextOf(m.spec.template),
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0, conditions: [] },
  };
}

export function daemonSetTemplateHash(template: PodTemplateManifest): string {
  return podTemplateHash(canonicalJson(template), 0);
}

/**
 * ValidateRollingUpdateDaemonSet (pkg/apis/apps/validation): after defaulting (maxUnavailable 1,
 * maxSurge 0) exactly one of maxUnavailable and maxSurge is non-zero. Returns the field and message.
 */
export function daemonSetRollingUpdateError(
  spec: DaemonSetManifest['spec'],
): { field: 'maxSurge' | 'maxUnavailable'; message: string } | null {
  const ru = spec.updateStrategy?.rollingUpdate;
  if (spec.updateStrategy?.type === 'OnDelete' || ru === undefined) return null;
  const nonZero = (v: number | string) =>
    typeof v === 'number' ? v !== 0 : Number(v.replace('%', '')) !== 0;
  const unavailable = nonZero(ru.maxUnavailable ?? 1);
  const surge = nonZero(ru.maxSurge ?? 0);
  if (unavailable && surge) {
    const v = JSON.stringify(ru.maxSurge);
    return {
      field: 'maxSurge',
      message: `Invalid value: ${v}: may not be set when maxUnavailable is non-zero`,
    };
  }
  if (!unavailable && !surge) {
    return { field: 'maxUnavailable', message: 'Required value: cannot be 0 when maxSurge is 0' };
  }
  return null;
}

/** SetDefaults_DaemonSet: RollingUpdate, maxUnavailable 1, maxSurge 0. */
export function daemonSetStrategy(spec: DaemonSetManifest['spec']): DaemonSet['updateStrategy'] {
  const onDelete = spec.updateStrategy?.type === 'OnDelete';
  return {
    type: onDelete ? 'OnDelete' : 'RollingUpdate',
    maxUnavailable: (spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1) as IntOrPercent,
    maxSurge: (spec.updateStrategy?.rollingUpdate?.maxSurge ?? 0) as IntOrPercent,
  };
}

export function daemonSetFrom(m: DaemonSetManifest, init: ObjectInit): DaemonSet {
  return {
    kind: 'DaemonSet',
    ...metaOf(m, init),
    selector: m.spec.selector,
    template: m.spec.template,
    templateHash: daemonSetTemplateHash(m.spec.template),
    templateGeneration: m.metadata.annotations?.['deprecated.daemonset.template.generation'] ?? null,
    updateStrategy: daemonSetStrategy(m.spec),
    minReadySeconds: m.spec.minReadySeconds ?? 0,
    status: {
      desiredNumberScheduled: 0,
      currentNumberScheduled: 0,
      numberReady: 0,
      numberAvailable: 0,
      numberUnavailable: 0,
      numberMisscheduled: 0,
      updatedNumberScheduled: 0,
      observedGeneration: 0,
    },
  };
}

export function jobFrom(m: JobManifest, init: ObjectInit): Job {
  const s = m.spec;
  const bothUnset = s.parallelism === undefined && s.completions === undefined;
  return {
    kind: 'Job',
    ...metaOf(m, init),
    parallelism: s.parallelism ?? 1,
    completions: s.completions ?? (bothUnset ? 1 : null),
    completionMode: s.completionMode ?? 'NonIndexed',
    backoffLimit: s.backoffLimit ?? 6,
    activeDeadlineSeconds: s.activeDeadlineSeconds ?? null,
    ttlSecondsAfterFinished: s.ttlSecondsAfterFinished ?? null,
    suspend: s.suspend ?? false,
    selector: s.selector ?? { matchLabels: { 'batch.kubernetes.io/controller-uid': init.uid } },
    template: s.template,
    status: {
      active: 0,
      succeeded: 0,
      failed: 0,
      ready: 0,
      terminating: null,
      startUs: null,
      completionUs: null,
      conditions: [],
      completedIndexes: new Set(),
      ...finishedJobStatus(m.status, init.createdUs),
    },
  };
}

/**
 * A dumped Job that had finished (a Complete or Failed condition True) stays finished: the Job
 * controller never syncs a finished Job again (job_controller.go IsJobFinished), so its counts and that
 * condition are kept, with the load instant as their time. Any other status is recomputed.
 */
function finishedJobStatus(status: unknown, nowUs: TimeUs): Partial<Job['status']> {
  const st = status as
    | {
        succeeded?: unknown;
        failed?: unknown;
        conditions?: { type?: unknown; status?: unknown; reason?: unknown; message?: unknown }[];
      }
    | undefined;
  const done = (st?.conditions ?? []).find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  if (done === undefined) return {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
  return {
    succeeded: num(st?.succeeded),
    failed: num(st?.failed),
    completionUs: done.type === 'Complete' ? nowUs : null,
    conditions: [
      {
        type: done.type as string,
        status: 'True',
        reason: typeof done.reason === 'string' ? done.reason : '',
        message: typeof done.message === 'string' ? done.message : '',
        lastUpdateUs: nowUs,
        lastTransitionUs: nowUs,
      },
    ],
  };
}

/** controller-revision-hash of a StatefulSet's template: its ControllerRevision name (<set>-<hash>). */
export function statefulSetRevision(name: string, template: PodTemplateManifest): string {
  return `${name}-${daemonSetTemplateHash(template)}`;
}

/** SetDefaults_StatefulSet: OrderedReady, RollingUpdate with partition 0 (maxUnavailable 1), Retain/Retain. */
export function statefulSetStrategy(spec: StatefulSetManifest['spec']): StatefulSet['updateStrategy'] {
  const s = spec.updateStrategy;
  return {
    type: s?.type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate',
    partition: s?.rollingUpdate?.partition ?? 0,
    maxUnavailable: (s?.rollingUpdate?.maxUnavailable ?? 1) as IntOrPercent,
  };
}

export function statefulSetFrom(m: StatefulSetManifest, init: ObjectInit): StatefulSet {
  const s = m.spec;
  // A dumped set names its template's ControllerRevision in status.updateRevision, and its pods carry
  // that name: keep it (upstream's hash of the revision's patch is not recomputed), so they are current.
  const dumped = (m.status as { updateRevision?: unknown } | undefined)?.updateRevision;
  const revision =
    typeof dumped === 'string' && dumped !== '' ? dumped : statefulSetRevision(m.metadata.name, s.template);
  return {
    kind: 'StatefulSet',
    ...metaOf(m, init),
    replicas: s.replicas ?? 1,
    selector: s.selector,
    template: s.template,
    revision,
    revisions: new Map([[revision, s.template]]),
    serviceName: s.serviceName ?? '',
    podManagementPolicy: s.podManagementPolicy ?? 'OrderedReady',
    updateStrategy: statefulSetStrategy(s),
    volumeClaimTemplates: (s.volumeClaimTemplates ?? []).map((t) => ({ metadata: t.metadata, spec: t.spec })),
    retention: {
      whenDeleted: s.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain',
      whenScaled: s.persistentVolumeClaimRetentionPolicy?.whenScaled ?? 'Retain',
    },
    minReadySeconds: s.minReadySeconds ?? 0,
    ordinalsStart: s.ordinals?.start ?? 0,
    status: {
      replicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      currentReplicas: 0,
      updatedReplicas: 0,
      currentRevision: '',
      updateRevision: '',
      observedGeneration: 0,
    },
  };
}

/**
 * A PodDisruptionBudget as the API stores it (policy/v1 has no defaults): an absent selector stays
 * absent; spec.unhealthyPodEvictionPolicy is dropped on create while PDBUnhealthyPodEvictionPolicy is off
 * (pkg/registry/policy/poddisruptionbudget strategy.go dropDisabledFields).
 */
export function pdbInitFrom(
  m: PodDisruptionBudgetManifest,
  namespace: string,
  unhealthyPolicyGate: boolean,
): PdbInit {
  const s = m.spec;
  const policy = unhealthyPolicyGate ? (s.unhealthyPodEvictionPolicy ?? null) : null;
  return {
    namespace,
    name: m.metadata.name,
    labels: m.metadata.labels ?? {},
    spec: {
      minAvailable: (s.minAvailable ?? null) as IntOrPercent | null,
      maxUnavailable: (s.maxUnavailable ?? null) as IntOrPercent | null,
      selector: s.selector ?? null,
      unhealthyPodEvictionPolicy: policy as UnhealthyPodEvictionPolicy | null,
    },
  };
}

/** A ReplicationController: its selector map (defaulted to the template's labels) as matchLabels. */
export function replicationControllerFrom(
  m: ReplicationControllerManifest,
  init: ObjectInit,
): ReplicationController {
  return {
    kind: 'ReplicationController',
    ...metaOf(m, init),
    replicas: m.spec.replicas ?? 1,
    minReadySeconds: m.spec.minReadySeconds ?? 0,
    selector: { matchLabels: m.spec.selector ?? m.spec.template.metadata?.labels ?? {} },
    template: m.spec.template,
    templateText: templateTextOf(m.spec.template),
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0, conditions: [] },
  };
}

/** A CronJob after pkg/apis/batch/v1/defaults.go: Allow, not suspended, history limits 3 and 1. */
export function cronJobFrom(m: CronJobManifest, init: ObjectInit): CronJob {
  const s = m.spec;
  return {
    kind: 'CronJob',
    ...metaOf(m, init),
    ...cronJobSpecFields(s),
    status: { active: [], lastScheduleS: null, lastSuccessfulS: null },
  };
}

export function cronJobSpecFields(s: CronJobManifest['spec']) {
  return {
    schedule: s.schedule,
    timeZone: s.timeZone ?? null,
    concurrencyPolicy: s.concurrencyPolicy ?? 'Allow',
    startingDeadlineSeconds: s.startingDeadlineSeconds ?? null,
    suspend: s.suspend ?? false,
    successfulJobsHistoryLimit: s.successfulJobsHistoryLimit ?? 3,
    failedJobsHistoryLimit: s.failedJobsHistoryLimit ?? 1,
    jobTemplate: {
      metadata: { labels: s.jobTemplate.metadata?.labels, annotations: s.jobTemplate.metadata?.annotations },
      spec: s.jobTemplate.spec,
    },
  };
}
