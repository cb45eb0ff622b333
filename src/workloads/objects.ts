// The workload API objects the controllers own (apps/v1 Deployment, ReplicaSet, DaemonSet; batch/v1
// Job), in Kubernetes field names. Specs are as written (after defaulting); `status` is what the
// owning controller last wrote through the API, which is what other controllers read (a Deployment
// reads its ReplicaSets' status, never their pods). Pod templates stay in manifest form so that pods
// are built by the same admission path (makePod) as pods written in the scenario.

import type { TimeUs } from '../engine/time.js';
import type { PodTemplateManifest } from '../model/k8s-schema.js';
import type { JobManifest } from '../model/k8s-workload-schema.js';
import type { LabelSelector, OwnerReference } from '../model/types.js';
import type { Condition } from './conditions.js';

/** intstr.IntOrString: an absolute number or a percentage such as "25%". */
export type IntOrPercent = number | `${number}%`;

export type WorkloadKind =
  | 'Deployment'
  | 'ReplicaSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'ReplicationController'
  | 'StatefulSet';

export interface WorkloadMeta {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** namespace/name: the work-queue key (cache.MetaNamespaceKeyFunc). */
  readonly key: string;
  labels: Readonly<Record<string, string>>;
  annotations: Record<string, string>;
  readonly owner: OwnerReference | null;
  readonly createdUs: TimeUs;
  /** metadata.deletionTimestamp */
  deletionUs: TimeUs | null;
  /** metadata.generation: bumped on every spec change. */
  generation: number;
}

export interface ReplicaSetStatus {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
  /** ReplicaFailure when creating or deleting pods failed (replica_set_utils.go calculateStatus). */
  conditions: readonly Condition[];
}

export interface ReplicaSet extends WorkloadMeta {
  readonly kind: 'ReplicaSet';
  replicas: number;
  minReadySeconds: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplateManifest;
  /** Canonical text of the template without the pod-template-hash label (EqualIgnoreHash). */
  readonly templateText: string;
  status: ReplicaSetStatus;
}

export interface RollingUpdateDeployment {
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
}

export interface DeploymentStrategy {
  readonly type: 'RollingUpdate' | 'Recreate';
  readonly rollingUpdate: RollingUpdateDeployment | null;
}

export interface DeploymentStatus {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  observedGeneration: number;
  /** Progressing, Available, ReplicaFailure (deployment/progress.go, sync.go calculateStatus). */
  conditions: readonly Condition[];
}

export interface Deployment extends WorkloadMeta {
  readonly kind: 'Deployment';
  replicas: number;
  selector: LabelSelector;
  template: PodTemplateManifest;
  /** Canonical text of the template, for FindNewReplicaSet (EqualIgnoreHash). */
  templateText: string;
  strategy: DeploymentStrategy;
  minReadySeconds: number;
  revisionHistoryLimit: number;
  progressDeadlineSeconds: number;
  paused: boolean;
  collisionCount: number;
  status: DeploymentStatus;
}

export interface DaemonSetStatus {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberReady: number;
  /** Desired nodes whose oldest pod is available (podutil.IsPodAvailable with minReadySeconds). */
  numberAvailable: number;
  numberUnavailable: number;
  numberMisscheduled: number;
  updatedNumberScheduled: number;
  observedGeneration: number;
}

export interface DaemonSet extends WorkloadMeta {
  readonly kind: 'DaemonSet';
  selector: LabelSelector;
  template: PodTemplateManifest;
  /** controller-revision-hash of the current template. */
  templateHash: string;
  /**
   * A dumped set's deprecated.daemonset.template.generation, until its template changes: pods whose
   * pod-template-generation label equals it are current (daemon util IsPodUpdated), null otherwise.
   */
  templateGeneration: string | null;
  updateStrategy: {
    readonly type: 'RollingUpdate' | 'OnDelete';
    readonly maxUnavailable: IntOrPercent;
    readonly maxSurge: IntOrPercent;
  };
  minReadySeconds: number;
  status: DaemonSetStatus;
}

export interface JobStatus {
  active: number;
  succeeded: number;
  failed: number;
  ready: number;
  /** Pods being deleted that have not finished (JobPodReplacementPolicy, 1.29+); null before. */
  terminating: number | null;
  /** status.startTime (whole seconds, as stored). */
  startUs: TimeUs | null;
  completionUs: TimeUs | null;
  /** Suspended, FailureTarget, SuccessCriteriaMet, Failed, Complete (job_controller.go). */
  conditions: readonly Condition[];
  /** Completed indexes (Indexed completion mode). */
  completedIndexes: Set<number>;
}

/** util.IsJobFinished: a Complete or Failed condition with status True. */
export function isJobFinished(status: { readonly conditions: readonly Condition[] }): boolean {
  return status.conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export interface Job extends WorkloadMeta {
  readonly kind: 'Job';
  parallelism: number;
  /** null: a work queue (done when any pod succeeds and none are left running). */
  readonly completions: number | null;
  readonly completionMode: 'NonIndexed' | 'Indexed';
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number | null;
  readonly ttlSecondsAfterFinished: number | null;
  suspend: boolean;
  readonly selector: LabelSelector;
  readonly template: PodTemplateManifest;
  status: JobStatus;
}

export interface StatefulSetStatus {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  /** ControllerRevision names (<set>-<hash>); "" before the first sync. */
  currentRevision: string;
  updateRevision: string;
  observedGeneration: number;
}

export type RetentionPolicy = 'Retain' | 'Delete';

export interface StatefulSet extends WorkloadMeta {
  readonly kind: 'StatefulSet';
  replicas: number;
  readonly selector: LabelSelector;
  template: PodTemplateManifest;
  /** The ControllerRevision name of the current template (<set>-<hash>). */
  revision: string;
  /** ControllerRevisions kept: name -> template (pods below the partition are created from theirs). */
  readonly revisions: Map<string, PodTemplateManifest>;
  readonly serviceName: string;
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
  updateStrategy: {
    readonly type: 'RollingUpdate' | 'OnDelete';
    readonly partition: number;
    /** RollingUpdate.maxUnavailable (used with the MaxUnavailableStatefulSet gate), default 1. */
    readonly maxUnavailable: IntOrPercent;
  };
  /** volumeClaimTemplates: each ordinal gets <template>-<set>-<ordinal>. */
  readonly volumeClaimTemplates: readonly PodClaimTemplate[];
  readonly retention: { readonly whenDeleted: RetentionPolicy; readonly whenScaled: RetentionPolicy };
  minReadySeconds: number;
  readonly ordinalsStart: number;
  status: StatefulSetStatus;
}

/** A volumeClaimTemplate in manifest form (claimFrom turns it into a claim). */
export interface PodClaimTemplate {
  readonly metadata: {
    readonly name: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec: import('../model/k8s-volume-schema.js').PersistentVolumeClaimManifest['spec'];
}

/**
 * core/v1 ReplicationController: a ReplicaSet with an equality-based selector (spec.selector is a map,
 * defaulted to the template's labels). pkg/controller/replication runs the ReplicaSet controller over it.
 */
export interface ReplicationController extends Omit<ReplicaSet, 'kind'> {
  readonly kind: 'ReplicationController';
}

/** What the ReplicaSet controller manages: ReplicaSets and ReplicationControllers. */
export type ReplicaSetLike = ReplicaSet | ReplicationController;

export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';

export interface CronJobStatus {
  /** status.active: the Jobs this CronJob started that have not finished. */
  active: readonly { readonly name: string; readonly uid: string }[];
  /** status.lastScheduleTime, Unix seconds. */
  lastScheduleS: number | null;
  /** status.lastSuccessfulTime, Unix seconds. */
  lastSuccessfulS: number | null;
}

/** batch/v1 CronJob, after defaulting (pkg/apis/batch/v1/defaults.go). */
export interface CronJob extends WorkloadMeta {
  readonly kind: 'CronJob';
  schedule: string;
  timeZone: string | null;
  concurrencyPolicy: ConcurrencyPolicy;
  startingDeadlineSeconds: number | null;
  suspend: boolean;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
  /** spec.jobTemplate: the Job manifest's metadata (labels, annotations) and spec. */
  jobTemplate: {
    readonly metadata?: {
      readonly labels?: Record<string, string> | undefined;
      readonly annotations?: Record<string, string> | undefined;
    };
    readonly spec: JobManifest['spec'];
  };
  status: CronJobStatus;
}

export type Workload =
  | Deployment
  | ReplicaSet
  | DaemonSet
  | Job
  | CronJob
  | ReplicationController
  | StatefulSet;

export function ownerRefTo(obj: Workload): OwnerReference {
  return { kind: obj.kind, name: obj.name, uid: obj.uid, controller: true };
}

/** Scale an IntOrPercent against a total (intstr.GetScaledValueFromIntOrPercent). */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const pct = Number(v.slice(0, -1));
  const x = (pct * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}
